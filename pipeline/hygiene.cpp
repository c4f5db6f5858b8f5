#include "pipeline/hygiene.h"

#include "common/atomic_file.h"

namespace leakgate::pipeline {

nlohmann::json DedupStatsJson(const dedup::DedupStats& stats, double seconds_write) {
  const double seconds_total = stats.seconds_signatures + stats.seconds_clustering + seconds_write;
  nlohmann::json bad_lines = nlohmann::json::array();
  for (size_t i = 0; i < stats.bad_records.first_lines.size(); ++i) {
    bad_lines.push_back({{"line", stats.bad_records.first_lines[i]}, {"reason", stats.bad_records.first_reasons[i]}});
  }
  return {
      {"records_in", stats.records_in},
      {"records_out", stats.records_out},
      {"exact_duplicates_removed", stats.exact_duplicates},
      {"near_duplicates_removed", stats.near_duplicates},
      {"clusters", stats.clusters},
      {"near_duplicate_rate", stats.records_in ? double(stats.near_duplicates) / stats.records_in : 0.0},
      {"bad_records", {{"count", stats.bad_records.count}, {"first", bad_lines}}},
      {"text_bytes", stats.text_bytes},
      {"shingles", stats.shingles},
      {"lsh", {{"b", stats.lsh.bands}, {"r", stats.lsh.rows}}},
      {"candidate_pairs", stats.candidate_pairs},
      {"edges", stats.edges},
      {"seconds", {{"signatures", stats.seconds_signatures},
                   {"clustering", stats.seconds_clustering},
                   {"write", seconds_write},
                   {"total", seconds_total}}},
      {"mb_per_second", seconds_total > 0 ? stats.text_bytes / 1e6 / seconds_total : 0.0},
  };
}

void WriteClustersFile(const std::filesystem::path& path, const dedup::DedupPlan& plan) {
  common::AtomicFile file(path);
  for (const auto& cluster : plan.clusters) {
    nlohmann::json ids = nlohmann::json::array();
    for (uint64_t member : cluster.members) ids.push_back(plan.ids[member]);
    const nlohmann::json line = {{"kept", plan.ids[cluster.kept]},
                                 {"ids", ids},
                                 {"max_jaccard", cluster.max_jaccard},
                                 {"jaccard_to_kept", cluster.jaccard_to_kept}};
    file.Write(line.dump());
    file.Write("\n");
  }
  file.Commit();
}

}  // namespace leakgate::pipeline
