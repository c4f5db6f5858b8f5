#include "audit/metrics/json.h"

#include <nlohmann/json.hpp>

namespace leakgate::audit {

void to_json(nlohmann::json& j, const Interval& interval) { j = {{"lower", interval.lower}, {"upper", interval.upper}}; }

void to_json(nlohmann::json& j, const Rate& rate) {
  j = {{"successes", rate.successes}, {"trials", rate.trials},   {"rate", rate.value},
       {"interval", rate.interval},   {"confidence", rate.confidence}, {"interval_method", "clopper-pearson"}};
}

void to_json(nlohmann::json& j, const Distribution& d) {
  j = {{"count", d.count}, {"mean", d.mean},     {"stddev", d.stddev}, {"min", d.min}, {"p10", d.p10},
       {"p25", d.p25},     {"median", d.median}, {"p75", d.p75},       {"p90", d.p90}, {"max", d.max}};
}

void to_json(nlohmann::json& j, const RocCurve& roc) {
  // The first threshold is +infinity, which JSON cannot carry; it is written as null.
  nlohmann::json thresholds = nlohmann::json::array({nullptr});
  for (std::size_t i = 1; i < roc.thresholds.size(); ++i) thresholds.push_back(roc.thresholds[i]);
  j = {{"members", roc.members}, {"non_members", roc.non_members}, {"thresholds", thresholds},
       {"fpr", roc.fpr},         {"tpr", roc.tpr}};
}

void to_json(nlohmann::json& j, const RocPoint& point) { j = {{"fpr", point.fpr}, {"tpr", point.tpr}}; }

void to_json(nlohmann::json& j, const TprAtFpr& tpr) {
  j = {{"fpr", tpr.fpr}, {"tpr", tpr.tpr}, {"interval", tpr.interval}};
}

void to_json(nlohmann::json& j, const MembershipMetrics& m) {
  j = {{"members", m.members},
       {"non_members", m.non_members},
       {"auc", m.auc},
       {"auc_interval", m.auc_interval},
       {"advantage", m.advantage},
       {"balanced_accuracy", m.balanced_accuracy},
       {"tpr_at_fpr", m.tpr_at_fpr},
       {"roc", m.roc},
       {"bootstrap", {{"resamples", m.bootstrap_resamples}, {"confidence", m.confidence}, {"seed", m.seed},
                      {"method", "stratified percentile"}}}};
}

void to_json(nlohmann::json& j, const OneRunCounts& counts) {
  j = {{"canaries", counts.canaries}, {"guesses", counts.guesses}, {"correct", counts.correct}};
}

void to_json(nlohmann::json& j, const AbstentionLevel& level) {
  j = {{"guess_in", level.guess_in}, {"guess_out", level.guess_out}};
}

void to_json(nlohmann::json& j, const OneRunResult& r) {
  j = {{"epsilon_lower_bound", r.epsilon_lower_bound},
       {"confidence", 1.0 - r.beta},
       {"delta", r.delta},
       {"counts", r.counts},
       {"level", r.level},
       {"levels_tried", r.levels_tried},
       {"beta_per_level", r.beta_per_level},
       {"multiple_testing", "bonferroni"}};
}

void to_json(nlohmann::json& j, const ExtractionSummary& s) {
  j = {{"exact_match", s.exact_match}, {"common_prefix", s.common_prefix}, {"edit_similarity", s.edit_similarity}};
}

void to_json(nlohmann::json& j, const PoissonSamplingResult& r) {
  j = {{"consistent", r.consistent},     {"units", r.units},
       {"steps", r.steps},               {"sample_rate", r.sample_rate},
       {"observed_rate", r.observed_rate}, {"distance", r.distance},
       {"critical_distance", r.critical_distance}, {"p_value_bound", r.p_value_bound},
       {"alpha", r.alpha}};
}

void to_json(nlohmann::json& j, const SkewNormal& d) {
  j = {{"location", d.location}, {"scale", d.scale}, {"shape", d.shape}};
}

void to_json(nlohmann::json& j, const ExposureByRepetition& e) {
  j = {{"repetitions", e.repetitions}, {"exposure_bits", e.exposure_bits}};
}

}  // namespace leakgate::audit
