#include "pipeline/report_sections.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace leakgate::pipeline {

namespace {

bool IsProbability(double value) { return value >= 0.0 && value <= 1.0; }

}  // namespace

void ReadGateConfig(ConfigMap map, report::GateConfig& gate) {
  map.Get(
      "max_epsilon", gate.max_epsilon, [](double v) { return v > 0.0 && std::isfinite(v); }, "a positive number");
  map.Get(
      "max_total_epsilon", gate.max_total_epsilon, [](double v) { return v > 0.0 && std::isfinite(v); },
      "a positive number");
  // A number or "auto"; read as text so that both spellings pass through one validator.
  std::string max_delta;
  const bool has_max_delta = map.Has("max_delta");
  map.Get(
      "max_delta", max_delta,
      [&](const std::string& v) {
        if (v.empty()) return !has_max_delta;
        if (v == "auto") return true;
        try {
          size_t used = 0;
          const double value = std::stod(v, &used);
          return used == v.size() && value > 0.0 && value < 1.0;
        } catch (const std::exception&) {
          return false;
        }
      },
      "auto (below 1 / training records) or a number in (0, 1)");
  if (has_max_delta) gate.max_delta = max_delta == "auto" ? std::nullopt : std::optional<double>(std::stod(max_delta));
  map.Get(
      "max_mia_auc", gate.max_mia_auc, [](double v) { return v >= 0.5 && v <= 1.0; }, "in [0.5, 1]");
  map.Get("max_tpr_at_0_1pct_fpr", gate.max_tpr_at_0_1pct_fpr, IsProbability, "in [0, 1]");
  map.Get("max_tpr_at_1pct_fpr", gate.max_tpr_at_1pct_fpr, IsProbability, "in [0, 1]");
  map.Get("max_extraction_rate", gate.max_extraction_rate, IsProbability, "in [0, 1]");
  map.Get(
      "max_canary_exposure_bits", gate.max_canary_exposure_bits, [](double v) { return v >= 0.0; },
      "a number of bits >= 0");
  map.Get("max_clone_advantage", gate.max_clone_advantage, IsProbability, "in [0, 1]");
  map.Get("empirical_eps_within_claim", gate.empirical_eps_within_claim);
  map.Get(
      "max_residual_pii", gate.max_residual_pii, [](int64_t v) { return v >= 0; }, "a count >= 0");
  map.Get("max_near_duplicate_rate", gate.max_near_duplicate_rate, IsProbability, "in [0, 1]");
  map.Get("fail_on_not_evaluated", gate.fail_on_not_evaluated);
  map.Get("accept_unresolvable", gate.accept_unresolvable);
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
      "a list of distinct formats among json, md, html, junit");
  map.Get("redact_samples", report.redact_samples);
  map.Finish();
}

}  // namespace leakgate::pipeline
