// audit.json serialisation: one nlohmann_json conversion per result type, found by ADL (`nlohmann::json j = x;`).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "audit/metrics/exposure.h"
#include "audit/metrics/extraction.h"
#include "audit/metrics/one_run.h"
#include "audit/metrics/roc.h"
#include "audit/metrics/sampling.h"
#include "audit/metrics/stats.h"

namespace leakgate::audit {

void to_json(nlohmann::json& j, const Interval& interval);
void to_json(nlohmann::json& j, const Rate& rate);
void to_json(nlohmann::json& j, const Distribution& distribution);
void to_json(nlohmann::json& j, const RocCurve& roc);
void to_json(nlohmann::json& j, const RocPoint& point);
void to_json(nlohmann::json& j, const TprAtFpr& tpr);
void to_json(nlohmann::json& j, const MembershipMetrics& metrics);
void to_json(nlohmann::json& j, const OneRunCounts& counts);
void to_json(nlohmann::json& j, const AbstentionLevel& level);
void to_json(nlohmann::json& j, const OneRunResult& result);
void to_json(nlohmann::json& j, const ExtractionSummary& summary);
void to_json(nlohmann::json& j, const SkewNormal& distribution);
void to_json(nlohmann::json& j, const ExposureByRepetition& exposure);
void to_json(nlohmann::json& j, const PoissonSamplingResult& result);

}  // namespace leakgate::audit
