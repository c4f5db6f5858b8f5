// The audit of a classifier run (train.task: classifier): loss-based and reference-model membership inference on
// members against audit non-members with their labels, planted-label canaries with the one-run audit, and the cloning audit; the parts
// that need generated text are listed as not applicable.
#pragma once

#include <nlohmann/json.hpp>

#include "audit/metrics/one_run.h"
#include "pipeline/audit_stage/audit_stage.h"

namespace leakgate::pipeline {

// audit.json of a classifier run without the fields every audit shares: "membership" {"loss"} and
// "loss_histogram" (when mia.attacks lists loss), the listed reference-model attacks with "reference_models"
// (classifiers trained by the target's trainer and settings on halves of the population), "canaries" (audit::AuditPlantedLabels, when the split has
// canaries) with "one_run" at `one_run_options` (when mia.attacks lists one_run), "clone" (audit::CloningResult, when
// ClonesClassifier), "not_applicable" {part: one plain sentence why} for extraction and the listed zlib / min_k /
// min_k_plus_plus; "not_run" {"clone": why} without validation records. Records without a label, canaries without a
// planted label, or no validation records while drawing the cloning curve, throw common::InputError.
// audit.clone.serving_policy, with "auto" resolved: the output policy of the first tier the run red-teams
// (redteam.tiers of redteam.serve_config), so the cloning check judges what the served tier returns; label without a
// red team. A tier's keyed noise is not applied here: the red team measures it through the door. Throws
// common::ConfigError when the serving config cannot be read or lacks the tier.
std::string ServingPolicy(const Config& config, const CloneConfig& clone);

nlohmann::json AuditClassifierRun(StageContext& context, const AuditSettings& settings,
                                  const audit::OneRunOptions& one_run_options);

}  // namespace leakgate::pipeline
