// report.html: one self-contained page (inline CSS and SVG, no scripts, nothing fetched) for compliance readers.
// It renders the same figures as report.json, so the two never disagree.
#include <algorithm>
#include <cmath>
#include <map>

#include "report/format.h"
#include "report/reports.h"
#include "report/svg_plots.h"
#include "scrub/report.h"

namespace leakgate::report {

namespace {

using nlohmann::json;

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;max-width:1100px;margin:24px auto;
padding:0 20px;line-height:1.45}
h1{font-size:1.6em;margin:0 0 4px}h2{border-bottom:2px solid #e5e5e5;padding-bottom:4px;margin-top:36px}
table{border-collapse:collapse;width:100%;margin:10px 0;font-size:.93em}
th,td{border:1px solid #d6d6d6;padding:5px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}
td.num{text-align:right;white-space:nowrap}
.verdict{padding:18px 22px;border-radius:8px;margin:16px 0;color:#fff}
.verdict.pass{background:#1e7b34}.verdict.fail{background:#b3261e}
.verdict .big{font-size:2em;font-weight:700;letter-spacing:.04em}
.alarm{border:3px solid #b3261e;background:#fdecea;padding:12px 16px;font-weight:700;border-radius:6px}
.status{font-weight:700;white-space:nowrap;padding:1px 8px;border-radius:10px;font-size:.9em}
.status.pass{background:#dff3e3;color:#1e7b34}.status.fail{background:#fbe0de;color:#b3261e}
.status.not_evaluated{background:#fff1cc;color:#7a5a00}.status.not_applicable{background:#ececec;color:#555}
.note{color:#555;font-size:.92em}.plots{display:flex;flex-wrap:wrap;gap:16px}
figure{margin:0}figcaption{color:#555;font-size:.9em;max-width:560px}
pre{background:#f6f6f6;padding:10px;overflow-x:auto;font-size:.85em}code{font-size:.92em}
)";

std::string E(const std::string& text) { return EscapeMarkup(text); }

std::string NumberText(const json& value, int significant = 3) {
  return value.is_number() ? FormatNumber(value.get<double>(), significant) : std::string("\xE2\x80\x94");
}
std::string PercentText(const json& value) {
  return value.is_number() ? FormatPercent(value.get<double>()) : std::string("\xE2\x80\x94");
}
std::string Count(const json& value) { return NumberText(value, 15); }
std::string TextOrDash(const json& value) {
  return value.is_string() ? EscapeMarkup(value.get<std::string>()) : std::string("\xE2\x80\x94");
}

std::string Row(const std::vector<std::string>& cells, const std::vector<bool>& numeric = {}) {
  std::string row = "<tr>";
  for (size_t i = 0; i < cells.size(); ++i) {
    row += (i < numeric.size() && numeric[i]) ? "<td class=\"num\">" : "<td>";
    row += cells[i] + "</td>";
  }
  return row + "</tr>\n";
}

std::string Header(const std::vector<std::string>& names) {
  std::string row = "<tr>";
  for (const auto& name : names) row += "<th>" + E(name) + "</th>";
  return row + "</tr>\n";
}

std::string StatusText(CheckStatus status) {
  switch (status) {
    case CheckStatus::kNotEvaluated:
      return "not evaluated";
    case CheckStatus::kNotApplicable:
      return "not applicable";
    default:
      return StatusName(status);
  }
}

std::string VerdictSection(const GateResult& result, const json& report) {
  const std::string verdict = result.passed ? "pass" : "fail";
  std::string html = "<div class=\"verdict " + verdict + "\" id=\"verdict\"><div class=\"big\">Release gate: " +
                     (result.passed ? std::string("PASS") : std::string("FAIL")) + "</div><div>" +
                     E(report["verdict_sentence"].get<std::string>()) + "</div></div>\n";
  if (result.dp_implementation_failure) {
    html +=
        "<p class=\"alarm\">DP IMPLEMENTATION FAILURE: the one-run audit proves a larger \xCE\xB5 than the "
        "privacy accountant reports. The DP-SGD implementation or its accounting is wrong; the privacy claim of "
        "this model must not be trusted.</p>\n";
  }
  html += "<h2>Gate checks</h2>\n<table>" + Header({"Check", "Status", "Measured", "Limit", "Explanation"});
  for (const GateCheck& check : result.checks) {
    const std::string status = StatusName(check.status);
    html += Row({E(check.title) + "<br><span class=\"note\"><code>" + E(check.name) + "</code> from " +
                     E(check.source) + "</span>",
                 "<span class=\"status " + status + "\">" + StatusText(check.status) + "</span>",
                 E(check.measured_text), E(check.threshold_text), E(check.explanation)},
                {false, false, true, true, false});
  }
  html += "</table>\n";
  if (result.Count(CheckStatus::kNotApplicable) > 0) {
    html +=
        "<p class=\"note\">A check is <em>not applicable</em> when it measures something this kind of model does "
        "not have (a classifier writes no text that could repeat a training record); it does not affect the "
        "verdict.</p>\n";
  }
  if (result.Count(CheckStatus::kNotEvaluated) > 0) {
    html += std::string(
                "<p class=\"note\">A check is <em>not evaluated</em> when its stage did not run or wrote "
                "no result. ") +
            (result.config.fail_on_not_evaluated ? "This configuration counts that as a failure."
                                                 : "This configuration (fail_on_not_evaluated: false) lets the "
                                                   "release pass without it.") +
            "</p>\n";
  }
  return html;
}

std::string PrivacySection(const json& privacy) {
  std::string html = "<h2>The privacy guarantee</h2>\n";
  if (privacy.is_null()) {
    return html +
           "<p>No privacy.json was found: the training stage has not run, so this report makes no privacy "
           "claim.</p>\n";
  }
  if (privacy["enabled"] == true && privacy["differentially_private"] == false) {
    html += "<p class=\"alarm\">NOT DIFFERENTIALLY PRIVATE: " + E(privacy["not_dp_reason"].is_string()
                                                                    ? privacy["not_dp_reason"].get<std::string>()
                                                                    : std::string("seeded noise")) +
            ". The \xCE\xB5 below bounds nothing.</p>\n";
  }
  html += "<p>";
  for (const auto& sentence : privacy["plain_words"]) html += E(sentence.get<std::string>()) + " ";
  html += "</p>\n";
  if (privacy["enabled"] == true) {
    const bool persons = privacy["privacy_unit"] == "person";
    html += "<table>" + Header({"Parameter", "Value", "Meaning"});
    html += Row({"\xCE\xB5 (epsilon)", NumberText(privacy["epsilon"]), "privacy loss bound; smaller is more private"},
                {false, true, false});
    html += Row({"\xCE\xB4 (delta)", NumberText(privacy["delta"]), "probability that the \xCE\xB5 bound fails"},
                {false, true, false});
    html += Row({"accountant", TextOrDash(privacy["accountant"]),
                 "the method that adds up the privacy loss of every training step"});
    html += Row({"noise multiplier \xCF\x83", NumberText(privacy["noise_multiplier"]),
                 "Gaussian noise added to each step, relative to the clipping bound"},
                {false, true, false});
    html += Row({"sampling rate q", NumberText(privacy["sample_rate"]), "chance that a record is in a given batch"},
                {false, true, false});
    html += Row({"steps", Count(privacy["steps"]), "training steps taken"}, {false, true, false});
    html += Row({"clipping bound C", NumberText(privacy["max_grad_norm"]),
                 "the most any single record can move the model in one step"},
                {false, true, false});
    html += Row({persons ? "persons" : "training examples", Count(privacy["dataset_size"]),
                 persons ? "privacy units: the persons whose records the model was trained on"
                         : "privacy units: records the model was trained on, each canary copy counted"},
                {false, true, false});
    html += Row({"noise source", privacy["secure_rng"] == true ? "CSPRNG" : "seeded",
                 privacy["secure_rng"] == true ? "secret noise: no seed exists that would let anyone rebuild it"
                                               : "reproducible noise: NOT differentially private"});
    const json& budget = privacy["dataset_budget"];
    if (budget.is_object()) {
      html += Row({"\xCE\xB5 of the dataset", budget["bounded"] == true ? NumberText(budget["total_epsilon"]) : "unbounded",
                   "every training recorded on " + E(budget["name"].is_string() ? budget["name"].get<std::string>()
                                                                                 : std::string("this dataset")) +
                       " (" + Count(budget["trainings"]) + " trainings, retries and reference models included), composed"},
                  {false, true, false});
    }
    html += "</table>\n";
  }
  return html;
}

std::string HygieneSection(const json& hygiene) {
  std::string html = "<h2>Data hygiene</h2>\n";
  if (hygiene.is_null()) return html + "<p>hygiene.json is missing: deduplication and scrubbing did not run.</p>\n";
  html += "<table>" + Header({"Figure", "Value"});
  html += Row({"records in", Count(hygiene["records_in"])}, {false, true});
  html += Row({"exact duplicates removed", Count(hygiene["exact_duplicates_removed"])}, {false, true});
  html += Row({"near duplicates removed", Count(hygiene["near_duplicates_removed"]) + " (" +
                                              PercentText(hygiene["near_duplicate_rate"]) + " of the input)"},
              {false, true});
  html += Row({"near-duplicate clusters", Count(hygiene["clusters"])}, {false, true});
  html += Row({"malformed records", Count(hygiene["bad_records"])}, {false, true});
  html += Row({"records out (trained on)", Count(hygiene["records_out"])}, {false, true});
  html += "</table>\n";
  const json& pii = hygiene["pii"];
  if (pii.is_null()) return html + "<p>PII scrubbing did not run.</p>\n";
  html += "<p>PII scrubbing replaced " + Count(pii["findings_total"]) +
          " identifiers; a second scan of the scrubbed "
          "text found " +
          Count(pii["residual_total"]) + " left.</p>\n<table>" +
          Header({"Entity type", "Found and replaced", "Left after scrubbing"});
  for (const auto& [type, count] : pii["findings_per_type"].items()) {
    html += Row({E(type), Count(count), Count(pii["residual_per_type"].value(type, json(0)))}, {false, true, true});
  }
  html += "</table>\n";
  const auto found_sweep = pii.find("residual_sweep");
  if (found_sweep == pii.end() || !found_sweep->is_object())
    return html + "<p>No independent sweep for names ran after scrubbing.</p>\n";
  const json& sweep = *found_sweep;
  html += "<p>An independent sweep for names the recognizers left (" + E(sweep.value("method", "")) + ") flagged " +
          Count(sweep["records_flagged"]) + " records; " +
          (sweep.value("action", "") == "drop_record" ? "they were withheld from training."
                                                       : "they were kept, and their residues are counted above.") +
          " What it cannot see:</p>\n<ul>";
  for (const auto& blind_spot : sweep["cannot_see"]) html += "<li>" + E(blind_spot.get<std::string>()) + "</li>";
  return html + "</ul>\n";
}

std::string TprText(const json& attack, double fpr) {
  for (const auto& point : attack["tpr_at_fpr"]) {
    if (std::abs(point["fpr"].get<double>() - fpr) < 1e-9) {
      return PercentText(point["tpr"]) + " (\xE2\x89\xA4 " + PercentText(point["upper"]) + ")";
    }
  }
  return "\xE2\x80\x94";
}

std::string MembershipSection(const json& report) {
  std::string html =
      "<h2>Membership inference</h2>\n<p>Can an attacker tell whether a given record was in the training data? "
      "Each attack scores records; members should not score higher than held-out non-members. AUC 0.5 is guessing. "
      "What matters most is how many members an attacker finds while rarely accusing a non-member (low "
      "false-positive rate). Brackets give the upper end of the bootstrap confidence interval, which the gate "
      "uses.</p>\n";
  const json& attacks = report["membership"];
  if (attacks.empty()) return html + "<p>No membership-inference attack was run.</p>\n";
  html += "<table>" + Header({"Attack", "Members / non-members", "AUC (interval)", "TPR at 0.1% FPR", "TPR at 1% FPR",
                              "Advantage"});
  std::vector<RocSeries> series;
  double min_fpr = 1.0;
  for (const auto& attack : attacks) {
    html +=
        Row({E(attack["attack"].get<std::string>()), Count(attack["members"]) + " / " + Count(attack["non_members"]),
             NumberText(attack["auc"]) + " (" + NumberText(attack["auc_lower"]) + "\xE2\x80\x93" +
                 NumberText(attack["auc_upper"]) + ")",
             TprText(attack, 0.001), TprText(attack, 0.01), NumberText(attack["advantage"])},
            {false, true, true, true, true, true});
    RocSeries curve{attack["attack"].get<std::string>(), {}, {}};
    for (const auto& point : attack["roc"]) {
      curve.fpr.push_back(point["fpr"].get<double>());
      curve.tpr.push_back(point["tpr"].get<double>());
      if (curve.fpr.back() > 0) min_fpr = std::min(min_fpr, curve.fpr.back());
    }
    series.push_back(std::move(curve));
  }
  html += "</table>\n<div class=\"plots\">\n<figure>" + RocCurveSvg(series, std::min(min_fpr, 1e-2)) +
          "<figcaption>ROC curves, false-positive rate on a log scale. A curve hugging the dashed random-guess "
          "line means the attack learns nothing; a curve high on the left means members are found without "
          "accusing non-members.</figcaption></figure>\n";
  const json& histogram = report["loss_histogram"];
  if (histogram.is_null()) {
    html += "<p class=\"note\">audit.json has no loss histogram.</p>\n";
  } else {
    LossHistogram data{histogram["bin_edges"].get<std::vector<double>>(),
                       histogram["members"].get<std::vector<double>>(),
                       histogram["non_members"].get<std::vector<double>>()};
    html += "<figure>" + LossHistogramSvg(data) +
            "<figcaption>Per-example loss of members and non-members. If members have visibly lower loss, the model "
            "remembers them; overlapping histograms are what privacy looks like.</figcaption></figure>\n";
  }
  return html + "</div>\n";
}

// A section's text when its gate check does not apply to this kind of model: the check's reason.
std::string NotApplicableNote(const GateCheck* check) {
  return "<p>Not applicable: " + E(check->explanation) + "</p>\n";
}

bool NotApplicable(const GateCheck* check) { return check && check->status == CheckStatus::kNotApplicable; }

std::string OneRunSection(const json& one_run, const GateCheck* check) {
  std::string html =
      "<h2>Empirical privacy (one-run audit)</h2>\n<p>Canary records were each put into training "
      "with probability 1/2; the audit then guessed which were in. Correct guesses prove a lower "
      "bound on \xCE\xB5 (Steinke, Nasr and Jagielski, 2023). It must never exceed the accountant's "
      "\xCE\xB5.</p>\n";
  if (one_run.is_null()) {
    return html + (NotApplicable(check) ? NotApplicableNote(check) : "<p>The one-run audit was not run.</p>\n");
  }
  html += "<table>" + Header({"Canaries", "Guesses", "Correct", "\xCE\xB5 lower bound", "Confidence"});
  html += Row({Count(one_run["canaries"]), Count(one_run["guesses"]), Count(one_run["correct"]),
               NumberText(one_run["epsilon_lower_bound"]), PercentText(one_run["confidence"])},
              {true, true, true, true, true});
  html += "</table>\n";
  if (check) html += "<p>" + E(check->explanation) + "</p>\n";
  return html;
}

std::string CloningSection(const json& clone) {
  if (clone.is_null()) return "";
  std::string html =
      "<h2>Model cloning</h2>\n<p>An adversary who may query the served model sends its own texts (" +
      Count(clone["pool_size"]) +
      " of them at most) and trains a substitute on the answers. Fidelity is the share of held-out records on "
      "which the substitute and the model give the same label; the serving policy decides how much each answer "
      "reveals. Intervals are " +
      PercentText(clone["confidence"]) + " Clopper-Pearson intervals over " + Count(clone["evaluation_size"]) +
      " records.</p>\n<p>" + E(clone["sentence"].get<std::string>()) + "</p>\n";
  std::vector<FidelitySeries> series;
  std::string table = "<table>" + Header({"Policy", "Queries", "Labels seen", "Fidelity (interval)",
                                          "Accuracy (interval)"});
  for (const json& policy : clone["policies"]) {
    FidelitySeries line{policy["policy"].get<std::string>(), {}, {}, {}, {}};
    for (const json& point : policy["points"]) {
      line.budgets.push_back(point["budget"].get<double>());
      line.fidelity.push_back(point["fidelity"].get<double>());
      line.lower.push_back(point["fidelity_lower"].get<double>());
      line.upper.push_back(point["fidelity_upper"].get<double>());
      table += Row({E(line.label), Count(point["budget"]), Count(point["labels_discovered"]),
                    PercentText(point["fidelity"]) + " (" + PercentText(point["fidelity_lower"]) + "\xE2\x80\x93" +
                        PercentText(point["fidelity_upper"]) + ")",
                    PercentText(point["accuracy"]) + " (" + PercentText(point["accuracy_lower"]) + "\xE2\x80\x93" +
                        PercentText(point["accuracy_upper"]) + ")"},
                   {false, true, true, true, true});
    }
    series.push_back(std::move(line));
  }
  html += "<div class=\"plots\">\n<figure>" + CloningFidelitySvg(series) +
          "<figcaption>Fidelity of the adversary's substitute against its query budget, one line per serving "
          "policy, with confidence intervals as error bars. A policy whose line stays low keeps the model "
          "expensive to copy.</figcaption></figure>\n</div>\n";
  if (clone["target_accuracy"].is_number()) {
    html += "<p class=\"note\">The model itself labels " + PercentText(clone["target_accuracy"]) +
            " of the held-out records correctly.</p>\n";
  }
  return html + table + "</table>\n";
}

std::string RedTeamSection(const json& tiers) {
  std::string html =
      "<h2>Serving red team</h2>\n<p>Before release, the model is served behind the guarded server (API keys, rate "
      "limits, each tier's output policy, the extraction monitor and, for language models, the watermark) and "
      "attacked through that door by attackers with their own keys, who see only what customers of the tier see. "
      "Every check of the red team is also a gate check, named <code>redteam.TIER.CHECK</code> above, and counts "
      "only when it attacked the model in this run directory and the serving config as they are now.</p>\n";
  if (tiers.empty()) {
    return html + "<p class=\"note\">No red team has attacked this model: <code>leakgate redteam RUN_DIR --config "
                  "serve.yaml --tier TIER</code> does, and its result joins this report.</p>\n";
  }
  for (const json& tier : tiers) {
    html += "<h3>Tier " + TextOrDash(tier["tier"]) + ": " + TextOrDash(tier["policy"]) + "</h3>\n<table>" +
            Header({"What was measured", "Result"});
    for (const json& figure : tier["figures"]) {
      html += Row({E(figure["label"].get<std::string>()), E(figure["value"].get<std::string>())});
    }
    html += "</table>\n";
    if (tier["stale"].is_string()) {
      html += "<p><strong>Does not count:</strong> " + E(tier["stale"].get<std::string>()) + "</p>\n";
    }
    html += "<p class=\"note\">" +
            std::string(tier["kind"] == "language_model" ? "A language model" : "A classifier") +
            ", attacked under the serving config " + TextOrDash(tier["serve_config"]) + " in " +
            NumberText(tier["seconds"]) + " s.</p>\n";
  }
  return html;
}

std::string SamplesTable(const json& samples, const std::vector<std::string>& columns, bool redacted) {
  if (samples.empty()) return "";
  std::string html = std::string("<p class=\"note\">") +
                     (redacted ? "Samples are redacted (report.redact_samples: true); only their length is shown."
                               : "Samples are shown in clear text (report.redact_samples: false).") +
                     "</p>\n<table>" + Header(columns);
  for (const auto& sample : samples) {
    std::vector<std::string> cells;
    for (const auto& column : columns) {
      const json value = sample.value(column, json(nullptr));
      cells.push_back(value.is_string() ? E(value.get<std::string>()) : NumberText(value));
    }
    html += Row(cells);
  }
  return html + "</table>\n";
}

std::string ExtractionSection(const json& report, const GateResult& result) {
  const GateCheck* extraction_check = result.Find("extraction_rate");
  const GateCheck* canary_check = result.Find("canary_exposure");
  const bool redacted = report["samples_redacted"].get<bool>();
  std::string html = "<h2>Training-data extraction and canaries</h2>\n";
  const json& extraction = report["extraction"];
  if (extraction.is_null()) {
    html += NotApplicable(extraction_check) ? NotApplicableNote(extraction_check)
                                            : "<p>No extraction attack was run.</p>\n";
  } else {
    html += "<p>The model was given the first " + NumberText(extraction["prefix_tokens"], 15) +
            " tokens of training records and asked to continue. Reproducing the next " +
            NumberText(extraction["suffix_tokens"], 15) +
            " tokens exactly counts as extracted (Carlini et al., "
            "2023); records it never saw give the baseline of what is merely predictable.</p>\n<table>" +
            Header({"Records", "Exactly reproduced", "Median edit similarity"});
    html += Row({"members (trained on)",
                 Count(extraction["member_successes"]) + " of " + Count(extraction["member_trials"]) + " (" +
                     PercentText(extraction["member_rate"]) + ")",
                 NumberText(extraction["member_edit_similarity_median"])},
                {false, true, true});
    html += Row({"non-members (baseline)", PercentText(extraction["non_member_rate"]),
                 NumberText(extraction["non_member_edit_similarity_median"])},
                {false, true, true});
    html += "</table>\n";
    if (!extraction["discoverable_member_rate"].is_null()) {
      html += "<p>Sampling instead of greedy decoding: a record counts as discoverable when " +
              NumberText(extraction["discovery_samples"], 15) +
              " continuations sampled from the model would reproduce the continuation of a span drawn at random " +
              "among its first " + NumberText(extraction["discovery_spans"], 15) + " with probability at least " +
              PercentText(extraction["discovery_probability"]) + " (Hayes et al., 2024; computed exactly from the " +
              "continuation's likelihood): " + PercentText(extraction["discoverable_member_rate"]) +
              " of members against " + PercentText(extraction["discoverable_non_member_rate"]) +
              " of non-members. The gate counts a record extracted by either attack.</p>\n";
    }
    html +=
            SamplesTable(extraction["samples"], {"prefix", "expected", "generated", "common_prefix"}, redacted);
  }
  const json& canaries = report["canaries"];
  if (canaries.is_null()) {
    return html + (NotApplicable(canary_check) ? NotApplicableNote(canary_check)
                                               : "<p>No canary exposure was measured.</p>\n");
  }
  html +=
      "<p>Canaries are made-up secrets inserted into the training data a set number of times. Exposure in bits "
      "(Carlini et al., 2019) says how far the model ranks a canary above the other possible secrets";
  if (canaries["candidate_space_bits"].is_number()) {
    html += " (of " + NumberText(canaries["candidate_space_bits"]) + " bits possible)";
  }
  html += "; each bit halves the number of guesses an attacker needs.</p>\n<table>" +
          Header({"Times inserted", "Canaries", "Median exposure (bits)", "Highest exposure (bits)",
                  "Reproduced verbatim"});
  for (const auto& group : canaries["exposure"]) {
    html += Row({Count(group["repetitions"]), Count(group["count"]), NumberText(group["median_bits"]),
                 NumberText(group["max_bits"]), PercentText(group["extracted_rate"])},
                {true, true, true, true, true});
  }
  if (canaries["not_inserted_median_bits"].is_number()) {
    html += Row({"never (baseline)", "", NumberText(canaries["not_inserted_median_bits"]), "", ""},
                {true, true, true, true, true});
  }
  return html + "</table>\n" + SamplesTable(canaries["samples"], {"text", "repetitions", "exposure_bits"}, redacted);
}

std::string Handling(const json& pii, const scrub::SafeHarborIdentifier& id) {
  const std::vector<std::string>& types = id.types;
  if (types.empty()) {
    return id.coverage == "not detected" ? "Not detected by leakgate; must be removed before the data is used."
                                         : "Found only by configured user patterns (see the note).";
  }
  if (pii.is_null()) return "Scrubbing did not run in this pipeline.";
  static const std::map<std::string, std::string> kOperators = {
      {"placeholder", "replaced by the placeholder [TYPE]"},
      {"mask", "masked with asterisks"},
      {"hmac", "replaced by a keyed hash (HMAC), the key kept outside the data"},
      {"drop_record", "the whole record dropped"}};
  std::string handling;
  for (const std::string& type : types) {
    const auto& active = pii["entity_types"];
    const bool scanned = active.empty() || std::find(active.begin(), active.end(), type) != active.end();
    const std::string op = pii["operators"].value(type, pii["operators"].value("default", std::string("placeholder")));
    const auto described = kOperators.find(op);
    std::string how = described != kOperators.end() ? described->second : op;
    if (const size_t at = how.find("[TYPE]"); at != std::string::npos) how.replace(at + 1, 4, type);
    handling += (handling.empty() ? "" : "; ") + type + ": " + (scanned ? how : "not scanned (disabled)");
  }
  return handling + ".";
}

std::string SafeHarborSection(const json& hygiene) {
  const json pii = hygiene.is_null() ? json(nullptr) : hygiene["pii"];
  std::string html =
      "<h2>HIPAA Safe Harbor identifiers</h2>\n<p>The 18 identifiers of 45 CFR 164.514(b)(2), how this pipeline "
      "handles each, and what it found in this corpus. <em>Partial</em> coverage means some forms are missed (see "
      "the note); automatic detection supports, but does not replace, the expert review or attestation HIPAA "
      "requires.</p>\n<table>" +
      Header({"#", "Identifier", "Detection", "How handled", "Found", "Left after scrubbing",
              "What is and is not "
              "found"});
  for (const scrub::SafeHarborIdentifier& id : scrub::SafeHarborCoverage()) {
    double found = 0, left = 0;
    if (!pii.is_null()) {
      for (const std::string& type : id.types) {
        found += pii["findings_per_type"].value(type, 0.0);
        left += pii["residual_per_type"].value(type, 0.0);
      }
    }
    const bool counted = !pii.is_null() && !id.types.empty();
    html += Row({std::to_string(id.number), E(id.identifier), E(id.coverage), E(Handling(pii, id)),
                 counted ? FormatNumber(found, 15) : "\xE2\x80\x94", counted ? FormatNumber(left, 15) : "\xE2\x80\x94",
                 E(id.note)},
                {true, false, false, false, true, true, false});
  }
  return html + "</table>\n";
}

std::string GdprSection(const json& report, const GateResult& result) {
  const json& hygiene = report["hygiene"];
  const json& privacy = report["privacy"];
  std::string minimisation = "No hygiene statistics: deduplication and scrubbing did not run.";
  if (!hygiene.is_null()) {
    minimisation = "Deduplication removed " + Count(hygiene["exact_duplicates_removed"]) + " exact and " +
                   Count(hygiene["near_duplicates_removed"]) + " near-duplicate records before training";
    minimisation += hygiene["pii"].is_null() ? "; PII scrubbing did not run."
                                             : "; scrubbing replaced " + Count(hygiene["pii"]["findings_total"]) +
                                                   " direct identifiers, and " +
                                                   Count(hygiene["pii"]["residual_total"]) + " were found left.";
  }
  std::string by_design = "No privacy.json: the model's training has no recorded privacy protection.";
  if (!privacy.is_null()) {
    by_design = privacy["enabled"] == true && privacy["differentially_private"] == false
                    ? "The model was trained with DP-SGD but seeded, reproducible noise, so it is NOT differentially "
                      "private; protection rests on scrubbing and the release gate alone."
                : privacy["enabled"] == true
                    ? "The model was trained with differential privacy (\xCE\xB5 = " + NumberText(privacy["epsilon"]) +
                          ", \xCE\xB4 = " + NumberText(privacy["delta"]) +
                          "), a mathematical limit on what it can reveal about any one person, and the release is "
                          "gated on measured leakage."
                    : "The model was trained WITHOUT differential privacy; protection rests on scrubbing and the "
                      "release gate alone.";
  }
  std::string security =
      "Run files are written atomically and identified by SHA-256 (see Provenance); samples in "
      "this report are ";
  security += report["samples_redacted"] == true ? "redacted." : "shown in clear text (redact_samples: false).";
  if (!privacy.is_null() && privacy["secure_rng"].is_boolean()) {
    security += privacy["secure_rng"] == true ? " The DP noise came from a cryptographically secure generator."
                                              : " The DP noise came from a seeded, reproducible generator, not a "
                                                "cryptographically secure one, so the run is NOT differentially "
                                                "private.";
  }
  const std::string dpia = "The gate checks above (" + std::to_string(result.Count(CheckStatus::kPass)) + " passed, " +
                           std::to_string(result.Count(CheckStatus::kFail)) + " failed, " +
                           std::to_string(result.Count(CheckStatus::kNotEvaluated)) + " not evaluated, " +
                           std::to_string(result.Count(CheckStatus::kNotApplicable)) +
                           " not applicable) measure the re-identification and memorisation risk of releasing this "
                           "model: membership inference, extraction and canary exposure.";
  std::string html =
      "<h2>GDPR</h2>\n<p>Facts from this run that a controller can use; they inform, but do not "
      "replace, a legal assessment.</p>\n<table>" +
      Header({"Article", "Principle", "What this run did"});
  html += Row({"Art. 5(1)(c)", "Data minimisation", E(minimisation)});
  html += Row({"Art. 25", "Data protection by design and by default", E(by_design)});
  html += Row({"Art. 32", "Security of processing", E(security)});
  html += Row({"Art. 35", "Input to the data protection impact assessment", E(dpia)});
  return html + "</table>\n";
}

std::string HashTable(const json& hashes, const std::string& what) {
  if (hashes.empty()) return "<p class=\"note\">No " + E(what) + " recorded.</p>\n";
  std::string html = "<table>" + Header({what, "SHA-256"});
  for (const auto& [name, sha] : hashes.items())
    html += Row({E(name), "<code>" + E(sha.get<std::string>()) + "</code>"});
  return html + "</table>\n";
}

std::string ProvenanceSection(const json& provenance) {
  std::string html = "<h2>Provenance</h2>\n<table>" + Header({"Item", "Value"});
  html += Row({"leakgate version", TextOrDash(provenance["tool_version"])});
  html += Row({"config file", TextOrDash(provenance["config_path"])});
  html += Row({"config SHA-256 (resolved)", "<code>" + TextOrDash(provenance["config_sha256"]) + "</code>"});
  html += Row({"seed", NumberText(provenance["seed"], 20)});
  html += "</table>\n<h3>Inputs</h3>\n" + HashTable(provenance["inputs"], "input file") + "<h3>Model</h3>\n" +
          HashTable(provenance["model"], "model file") + "<h3>All run outputs</h3>\n" +
          HashTable(provenance["outputs"], "output file");
  if (!provenance["config"].is_null()) {
    html += "<h3>Resolved configuration</h3>\n<pre>" + E(provenance["config"].dump(2)) + "</pre>\n";
  }
  return html;
}

}  // namespace

std::string ReportHtml(const GateResult& result, const ReportConfig& config) {
  const json report = ReportJson(result, config);
  const std::string run_name = report["run_name"].is_string() ? report["run_name"].get<std::string>() : "";
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>leakgate report" +
      (run_name.empty() ? "" : ": " + E(run_name)) + "</title>\n<style>" + kStyle +
      "</style>\n</head>\n<body>\n<h1>leakgate privacy report" + (run_name.empty() ? "" : ": " + E(run_name)) +
      "</h1>\n<p class=\"note\">Run directory " + E(result.documents.run_dir.string()) + "</p>\n";
  html += VerdictSection(result, report);
  html += PrivacySection(report["privacy"]);
  html += HygieneSection(report["hygiene"]);
  html += MembershipSection(report);
  html += OneRunSection(report["one_run"], result.Find("one_run_epsilon"));
  html += ExtractionSection(report, result);
  html += CloningSection(report["clone"]);
  html += RedTeamSection(report["redteam"]);
  html += SafeHarborSection(report["hygiene"]);
  html += GdprSection(report, result);
  html += ProvenanceSection(report["provenance"]);
  return html + "</body>\n</html>\n";
}

}  // namespace leakgate::report
