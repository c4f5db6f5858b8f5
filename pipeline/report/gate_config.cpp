#include "pipeline/report/gate_config.h"

namespace leakgate::pipeline {

nlohmann::json ToJson(const GateConfig& gate) {
  return {{"max_epsilon", gate.max_epsilon},
          {"max_delta", gate.max_delta ? nlohmann::json(*gate.max_delta) : nlohmann::json("auto")},
          {"max_mia_auc", gate.max_mia_auc},
          {"max_tpr_at_0_1pct_fpr", gate.max_tpr_at_0_1pct_fpr},
          {"max_tpr_at_1pct_fpr", gate.max_tpr_at_1pct_fpr},
          {"max_extraction_rate", gate.max_extraction_rate},
          {"max_canary_exposure_bits", gate.max_canary_exposure_bits},
          {"empirical_eps_within_claim", gate.empirical_eps_within_claim},
          {"max_residual_pii", gate.max_residual_pii},
          {"max_near_duplicate_rate", gate.max_near_duplicate_rate},
          {"fail_on_not_evaluated", gate.fail_on_not_evaluated}};
}

nlohmann::json ToJson(const ReportConfig& report) {
  return {{"formats", report.formats}, {"redact_samples", report.redact_samples}};
}

}  // namespace leakgate::pipeline
