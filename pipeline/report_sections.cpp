#include "pipeline/report_sections.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "serve/tier_policy.h"

namespace leakgate::pipeline {

namespace {

bool IsProbability(double value) { return value >= 0.0 && value <= 1.0; }

}  // namespace

bool AreTierNames(const std::vector<std::string>& tiers) {
  const std::set<std::string> distinct(tiers.begin(), tiers.end());
  return distinct.size() == tiers.size() && std::all_of(tiers.begin(), tiers.end(), serve::IsTierName);
}

void ReadGateConfig(ConfigMap map, report::GateConfig& gate) {
  map.Get(
      "max_epsilon", gate.max_epsilon, [](double v) { return v > 0.0 && std::isfinite(v); }, "a positive number",
      "Largest formal epsilon (the accountant's, from privacy.json) a release may have.");
  map.Get(
      "max_total_epsilon", gate.max_total_epsilon, [](double v) { return v > 0.0 && std::isfinite(v); },
      "a positive number",
      "Largest epsilon of every private training recorded on this dataset in the privacy ledger, "
      "composed.");
  map.GetNumberOrAuto<double>(
      "max_delta", gate.max_delta, [](double v) { return v > 0.0 && v < 1.0; },
      "auto (below 1 / training records) or a number in (0, 1)",
      "Largest delta: auto (1 / (10 N), N the privacy units) or a number in (0, 1).");
  map.Get(
      "max_mia_auc", gate.max_mia_auc, [](double v) { return v >= 0.5 && v <= 1.0; }, "in [0.5, 1]",
      "Largest membership-inference AUC of the strongest attack, upper end of its bootstrap "
      "confidence interval.");
  map.Get("max_tpr_at_0_1pct_fpr", gate.max_tpr_at_0_1pct_fpr, IsProbability, "in [0, 1]",
      "Largest true-positive rate at 0.1% false positives of the strongest attack (upper confidence "
      "bound).");
  map.Get("max_tpr_at_1pct_fpr", gate.max_tpr_at_1pct_fpr, IsProbability, "in [0, 1]",
      "Largest true-positive rate at 1% false positives of the strongest attack (upper confidence "
      "bound).");
  map.Get("max_extraction_rate", gate.max_extraction_rate, IsProbability, "in [0, 1]",
      "Largest share of member records whose suffix the model reproduces exactly, beyond the non-"
      "member baseline (95% upper bound; see audit.extraction.samples for the sample it needs).");
  map.Get(
      "max_canary_exposure_bits", gate.max_canary_exposure_bits, [](double v) { return v >= 0.0; },
      "a number of bits >= 0",
      "Largest exposure in bits of any inserted canary (the worst one, not a group's median). Any "
      "inserted canary the model writes out verbatim fails the check as well. A classifier fails when"
      " any repetition group gets its planted labels more often than the never-inserted canaries (95%"
      " family confidence).");
  map.Get("max_clone_advantage", gate.max_clone_advantage, IsProbability, "in [0, 1]",
      "Classifier only: largest fidelity (agreement with the model on held-out records) that a "
      "substitute trained on audit.clone.query_budget answers under audit.clone.serving_policy may "
      "gain over one trained on the adversary's own labels of the same queries (95% upper bound): how"
      " much the endpoint gives away beyond labelling data oneself.");
  map.Get("empirical_eps_within_claim", gate.empirical_eps_within_claim,
      "Fail as a broken DP implementation when the audit's tests of the claim (one-run, canary "
      "reconstruction, white-box gradient canaries; a 95% family) show a larger epsilon than the "
      "accountant's, or when the gradient canaries' participation counts show the sampler is not "
      "Poisson at the accountant's rate (check sampling_as_accounted).");
  map.Get(
      "max_residual_pii", gate.max_residual_pii, [](int64_t v) { return v >= 0; }, "a count >= 0",
      "Largest number of PII findings the residual scan may still see after scrubbing.");
  map.Get("max_near_duplicate_rate", gate.max_near_duplicate_rate, IsProbability, "in [0, 1]",
      "Largest share of near-duplicate records left in the training data (0 whenever near-duplicate "
      "removal ran).");
  map.Get(
      "redteam_tiers", gate.redteam_tiers,
      AreTierNames, "a list of distinct tier names (letters, digits, '-', '_')",
      "Serving tiers whose red team (`leakgate redteam RUN --config serve.yaml --tier T`) must have attacked this "
      "run's model through its serving config as they are now, each check of its result a gate check; a listed "
      "tier without such a result fails the gate. Results present for other tiers are checked too.");
  map.Get("fail_on_not_evaluated", gate.fail_on_not_evaluated,
      "A check whose stage did not run (\"not evaluated\") fails the gate; false lets the release pass "
      "without it.");
  map.Get("accept_unresolvable", gate.accept_unresolvable,
      "A membership check whose non-members are too few to resolve its false-positive rate (a 95% "
      "bound at 0.1% FPR needs 2995, at 1% 299), or an extraction check with too few member trials "
      "(and no clear leak), is \"not evaluated\"; true accepts that, and the report says the check was "
      "not resolvable.");
  map.Finish();
}

void ReadReportConfig(ConfigMap map, report::ReportConfig& report) {
  map.Get(
      "formats", report.formats,
      [](const std::vector<std::string>& formats) {
        static const std::set<std::string> known = {"json", "md", "html", "junit"};
        const std::set<std::string> distinct(formats.begin(), formats.end());
        return distinct.size() == formats.size() &&
               std::all_of(formats.begin(), formats.end(), [](const std::string& f) { return known.count(f) > 0; });
      },
      "a list of distinct formats among json, md, html, junit",
      "Files written into the run directory: json (report.json), md (report.md), html (report.html), "
      "junit (junit.xml).");
  map.Get("redact_samples", report.redact_samples,
      "Show memorised text, canaries and PII only as \"[redacted: N characters]\"; false shows them in "
      "clear text.");
  map.Finish();
}

}  // namespace leakgate::pipeline
