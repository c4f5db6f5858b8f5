#include "report/plain_words.h"

#include <cmath>

#include "report/format.h"

using nlohmann::json;

namespace leakgate::report {

std::string VerdictSentence(const GateResult& result) {
  const int failed = result.Count(CheckStatus::kFail);
  const int not_evaluated = result.Count(CheckStatus::kNotEvaluated);
  const int not_applicable = result.Count(CheckStatus::kNotApplicable);
  const int total = static_cast<int>(result.checks.size()) - not_applicable;
  const std::string applicable = not_applicable > 0 ? " applicable" : "";
  std::string sentence = result.passed ? "The release gate PASSED: " : "The release gate FAILED: ";
  const std::string not_applicable_note =
      not_applicable > 0 ? " (" + std::to_string(not_applicable) + " do not apply to this kind of model)" : "";
  if (failed == 0 && not_evaluated == 0) {
    return sentence + "all " + std::to_string(total) + applicable + " checks passed" + not_applicable_note + ".";
  }
  std::string failed_names;
  for (const GateCheck& check : result.checks) {
    if (check.status == CheckStatus::kFail) failed_names += (failed_names.empty() ? "" : ", ") + check.name;
  }
  if (failed > 0)
    sentence += std::to_string(failed) + " of " + std::to_string(total) + applicable + " checks failed (" +
                failed_names + ")";
  if (not_evaluated > 0) {
    sentence +=
        std::string(failed > 0 ? "; " : "") + std::to_string(not_evaluated) + " could not be evaluated" +
        (result.config.fail_on_not_evaluated ? ", which counts as failing" : ", which the configuration allows");
  }
  return sentence + not_applicable_note + ".";
}

namespace {

// Sentences about what ε protects and covers: the unit, group privacy for record-level runs, the artefacts.
void AddScope(const Document& privacy, double epsilon, std::vector<std::string>& sentences) {
  const bool persons = privacy.String("/privacy_unit").value_or("record") == "person";
  if (persons) {
    sentences.push_back("The protected unit is one person: all training records with the same data.user_field value "
                        "were sampled together and their combined gradient was clipped once, so the bound holds "
                        "for everything one person contributed.");
  } else {
    sentences.push_back(
        "The protected unit is one training example (one record after deduplication and scrubbing; each canary copy "
        "counts separately). A person with k records, or a canary inserted k times, is protected only by group "
        "privacy: about k \xC2\xB7 \xCE\xB5 (" + FormatNumber(4 * epsilon) + " for k = 4), with \xCE\xB4 "
        "growing by a factor of about k \xC2\xB7 e^((k\xE2\x88\x92" "1)\xCE\xB5). Set data.user_field to "
        "protect persons.");
  }
  if (const json* covers = privacy.Find("/covers"); covers && covers->is_array()) {
    std::string list;
    for (const json& item : *covers) list += (list.empty() ? "" : "; ") + item.get<std::string>();
    sentences.push_back("\xCE\xB5 covers: " + list + ".");
  }
  if (const json* not_covered = privacy.Find("/not_covered"); not_covered && not_covered->is_array()) {
    std::string list;
    for (const json& item : *not_covered) list += (list.empty() ? "" : "; ") + item.get<std::string>();
    sentences.push_back("Not covered by \xCE\xB5 (keep these files private): " + list + ".");
  }
}

void AddDatasetBudget(const Document& ledger, std::vector<std::string>& sentences) {
  if (!ledger.present()) {
    sentences.push_back("No dataset ledger was found, so other trainings on the same data were not counted.");
    return;
  }
  const std::string name = ledger.String("/name").value_or("this dataset");
  const json* trainings = ledger.Find("/trainings");
  const std::string count = std::to_string(trainings && trainings->is_array() ? trainings->size() : 0);
  if (ledger.Bool("/bounded").value_or(false)) {
    sentences.push_back("Every training recorded on " + name + " (" + count +
                        ", including retries and audit reference models) composes to \xCE\xB5 = " +
                        FormatNumber(ledger.RequiredNumber("/total_epsilon")) + ": that, not this run's \xCE\xB5 "
                        "alone, is what the data's owner has spent.");
  } else {
    sentences.push_back("At least one of the " + count + " trainings recorded on " + name +
                        " had no differential privacy, so what all of them together reveal is unbounded.");
  }
}

}  // namespace

std::vector<std::string> PrivacyInPlainWords(const Document& privacy, const Document& ledger) {
  if (!privacy.present()) {
    return {"No privacy.json was found: the training stage has not run, so this report makes no privacy claim."};
  }
  if (privacy.Bool("/enabled") != true) {
    return {
        "The model was trained WITHOUT differential privacy. Nothing limits how much it can reveal about any "
        "single training record; only the empirical audits below indicate what it does reveal."};
  }
  if (privacy.Bool("/differentially_private") == false) {
    return {"The model is NOT differentially private: " +
                privacy.String("/not_dp_reason").value_or("privacy.json says so") + ".",
            "The \xCE\xB5 = " + FormatNumber(privacy.RequiredNumber("/epsilon")) +
                " the accountant computed assumes noise nobody can reproduce; this run's noise can be rebuilt, so it "
                "limits nothing. Use such runs for debugging only, never for release."};
  }
  const double epsilon = privacy.RequiredNumber("/epsilon");
  const double delta = privacy.RequiredNumber("/delta");
  const double ratio = std::exp(epsilon);
  const double confidence = ratio / (1.0 + ratio);
  const double tpr_ceiling = std::min(1.0, ratio * 0.01 + delta);
  const bool persons = privacy.String("/privacy_unit").value_or("record") == "person";
  const std::string unit = persons ? "a given person's records" : "a given training example";
  std::vector<std::string> sentences = {
      "The model was trained with differential privacy at \xCE\xB5 = " + FormatNumber(epsilon) +
          " and \xCE\xB4 = " + FormatNumber(delta) + ".",
      "Any outcome of training is at most e^\xCE\xB5 \xE2\x89\x88 " + FormatNumber(ratio) + " times more likely with " +
          unit + " in the training data than without (or the other way round), except with a probability of at "
          "most \xCE\xB4.",
      "An attacker who starts out 50/50 on whether " + std::string(persons ? "a person's data" : "an example") +
          " was used can, after studying the model, be at most " + FormatPercent(confidence) + " sure.",
      "Any membership test that wrongly accuses 1% of non-members can catch at most " + FormatPercent(tpr_ceiling) +
          " of the real members.",
  };
  if (const auto units = privacy.Number("/dataset_size")) {
    const bool strict = delta <= 1.0 / (10.0 * *units);
    sentences.push_back("\xCE\xB4 is " + std::string(strict ? "at most" : "ABOVE") + " 1 / (10 \xC2\xB7 " +
                        FormatNumber(*units, 12) + (persons ? " persons" : " training examples") +
                        "); a \xCE\xB4 near 1/n would allow publishing one of them outright.");
  }
  AddScope(privacy, epsilon, sentences);
  AddDatasetBudget(ledger, sentences);
  return sentences;
}

}  // namespace leakgate::report
