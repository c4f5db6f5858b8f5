// The audit of a classifier run (train.task: classifier): loss-based membership inference on members against audit
// non-members with their labels, and the cloning audit; the language-model parts are listed as not applicable.
#pragma once

#include <nlohmann/json.hpp>

#include "pipeline/audit_stage/audit_stage.h"

namespace leakgate::pipeline {

// audit.json of a classifier run without the fields every audit shares: "membership" {"loss"} and
// "loss_histogram" (when mia.attacks lists loss), "clone" (audit::CloningResult, when ClonesClassifier), and
// "not_applicable" {part: one plain sentence why} for one_run, extraction, canaries and the listed zlib / min_k / min_k_plus_plus;
// "not_run" {attack: why} for listed reference-model attacks, which the classifier task does not train yet.
// Records without a label, or no validation records while cloning, throw TrainError.
nlohmann::json AuditClassifierRun(StageContext& context, const AuditSettings& settings);

}  // namespace leakgate::pipeline
