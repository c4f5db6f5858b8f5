#include "report/gate_config.h"

#include <algorithm>

#include "report/run_documents.h"

namespace leakgate::report {

nlohmann::json ToJson(const GateConfig& gate) {
  return {{"max_epsilon", gate.max_epsilon},
          {"max_total_epsilon", gate.max_total_epsilon},
          {"max_delta", gate.max_delta ? nlohmann::json(*gate.max_delta) : nlohmann::json("auto")},
          {"max_mia_auc", gate.max_mia_auc},
          {"max_tpr_at_0_1pct_fpr", gate.max_tpr_at_0_1pct_fpr},
          {"max_tpr_at_1pct_fpr", gate.max_tpr_at_1pct_fpr},
          {"max_extraction_rate", gate.max_extraction_rate},
          {"max_canary_exposure_bits", gate.max_canary_exposure_bits},
          {"max_clone_advantage", gate.max_clone_advantage},
          {"empirical_eps_within_claim", gate.empirical_eps_within_claim},
          {"max_residual_pii", gate.max_residual_pii},
          {"max_near_duplicate_rate", gate.max_near_duplicate_rate},
          {"redteam_tiers", gate.redteam_tiers},
          {"fail_on_not_evaluated", gate.fail_on_not_evaluated},
          {"accept_unresolvable", gate.accept_unresolvable}};
}

nlohmann::json ToJson(const ReportConfig& report) {
  return {{"formats", report.formats}, {"redact_samples", report.redact_samples}};
}

namespace {

// Reads `key` into `value` when present; the JSON type must match the C++ one.
template <typename T>
void Take(const nlohmann::json& section, const char* name, const char* key, T& value) {
  const auto found = section.find(key);
  if (found == section.end()) return;
  const bool matches = std::is_same_v<T, bool>   ? found->is_boolean()
                       : std::is_integral_v<T>   ? found->is_number_integer()
                       : std::is_arithmetic_v<T> ? found->is_number()
                                                 : found->is_array() && std::all_of(found->begin(), found->end(),
                                                                                    [](const nlohmann::json& item) {
                                                                                      return item.is_string();
                                                                                    });
  if (!matches)
    throw common::InputError(std::string("manifest.json: config.") + name + "." + key + " has the wrong type");
  value = found->get<T>();
}

}  // namespace

GateConfig GateConfigFromJson(const nlohmann::json& section) {
  GateConfig gate;
  if (!section.is_object()) return gate;
  const char* name = "gate";
  Take(section, name, "max_epsilon", gate.max_epsilon);
  Take(section, name, "max_total_epsilon", gate.max_total_epsilon);
  if (const auto found = section.find("max_delta"); found != section.end()) {
    if (found->is_number())
      gate.max_delta = found->get<double>();
    else if (*found != "auto")
      throw common::InputError("manifest.json: config.gate.max_delta must be auto or a number");
  }
  Take(section, name, "max_mia_auc", gate.max_mia_auc);
  Take(section, name, "max_tpr_at_0_1pct_fpr", gate.max_tpr_at_0_1pct_fpr);
  Take(section, name, "max_tpr_at_1pct_fpr", gate.max_tpr_at_1pct_fpr);
  Take(section, name, "max_extraction_rate", gate.max_extraction_rate);
  Take(section, name, "max_canary_exposure_bits", gate.max_canary_exposure_bits);
  Take(section, name, "max_clone_advantage", gate.max_clone_advantage);
  Take(section, name, "empirical_eps_within_claim", gate.empirical_eps_within_claim);
  Take(section, name, "max_residual_pii", gate.max_residual_pii);
  Take(section, name, "max_near_duplicate_rate", gate.max_near_duplicate_rate);
  Take(section, name, "redteam_tiers", gate.redteam_tiers);
  Take(section, name, "fail_on_not_evaluated", gate.fail_on_not_evaluated);
  Take(section, name, "accept_unresolvable", gate.accept_unresolvable);
  return gate;
}

ReportConfig ReportConfigFromJson(const nlohmann::json& section) {
  ReportConfig report;
  if (!section.is_object()) return report;
  Take(section, "report", "formats", report.formats);
  Take(section, "report", "redact_samples", report.redact_samples);
  return report;
}

}  // namespace leakgate::report
