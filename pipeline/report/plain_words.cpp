#include "pipeline/report/plain_words.h"

#include <cmath>

#include "pipeline/report/format.h"

namespace leakgate::pipeline {

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

std::vector<std::string> PrivacyInPlainWords(const Document& privacy) {
  if (!privacy.present()) {
    return {"No privacy.json was found: the training stage has not run, so this report makes no privacy claim."};
  }
  if (privacy.Bool("/enabled") != true) {
    return {
        "The model was trained WITHOUT differential privacy. Nothing limits how much it can reveal about any "
        "single training record; only the empirical audits below indicate what it does reveal."};
  }
  const double epsilon = privacy.RequiredNumber("/epsilon");
  const double delta = privacy.RequiredNumber("/delta");
  const double ratio = std::exp(epsilon);
  const double confidence = ratio / (1.0 + ratio);
  const double tpr_ceiling = std::min(1.0, ratio * 0.01 + delta);
  std::vector<std::string> sentences = {
      "The model was trained with differential privacy at \xCE\xB5 = " + FormatNumber(epsilon) +
          " and \xCE\xB4 = " + FormatNumber(delta) + ".",
      "Any outcome of training is at most e^\xCE\xB5 \xE2\x89\x88 " + FormatNumber(ratio) +
          " times more likely with a given person's record in the training data than without it (or the other way "
          "round), except with a probability of at most \xCE\xB4.",
      "An attacker who starts out 50/50 on whether a record was used can, after studying the model, be at most " +
          FormatPercent(confidence) + " sure.",
      "Any membership test that wrongly accuses 1% of non-members can catch at most " + FormatPercent(tpr_ceiling) +
          " of the real members.",
  };
  if (const auto records = privacy.Number("/dataset_size")) {
    sentences.push_back("\xCE\xB4 is " + (delta < 1.0 / *records ? std::string("below") : std::string("NOT below")) +
                        " 1 / " + FormatNumber(*records, 12) + " training records, the usual ceiling.");
  }
  return sentences;
}

}  // namespace leakgate::pipeline
