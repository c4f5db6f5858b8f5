// The hygiene stage's outputs as files: dedup statistics as JSON and the clusters file (one JSON line per cluster).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "dedup/dedup.h"

namespace leakgate::pipeline {

nlohmann::json DedupStatsJson(const dedup::DedupStats& stats, double seconds_write);

// One line per cluster: {"kept": id, "ids": [every member id, kept included], "max_jaccard": x,
// "jaccard_to_kept": [per id]}. Written atomically.
void WriteClustersFile(const std::filesystem::path& path, const dedup::DedupPlan& plan);

}  // namespace leakgate::pipeline
