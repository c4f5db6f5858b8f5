#include "pipeline/stages.h"
#include <chrono>

#include "dedup/dedup.h"
#include "dedup/io/atomic_file.h"
#include "pipeline/hygiene.h"
#include "pipeline/log.h"

namespace leakgate::pipeline {

namespace {

namespace fs = std::filesystem;

nlohmann::json RunHygiene(StageContext& context) {
  const Config& config = context.config;
  const fs::path input = config.data.input;
  const auto corpus = config.CorpusOptions();
  ProgressLine progress;
  const auto plan =
      dedup::PlanDeduplication(input, corpus, config.DedupOptions(), [&](const dedup::DedupProgress& p) {
        progress.Update("hygiene: " + std::string(p.phase) + " " + std::to_string(p.records) + " records");
      });
  progress.Update("hygiene: writing the clean corpus");
  const auto write_start = std::chrono::steady_clock::now();
  dedup::CorpusWriter writer(context.run_dir / "corpus.clean.jsonl.zst");
  dedup::ForEachKeptRecord(input, corpus, plan, [&](const dedup::Record& record) { writer.WriteLine(record.raw); });
  writer.Commit();
  const double seconds_write = std::chrono::duration<double>(std::chrono::steady_clock::now() - write_start).count();
  progress.Finish();
  WriteClustersFile(context.run_dir / "clusters.jsonl", plan);
  nlohmann::json hygiene = {{"input", input.string()}, {"dedup", DedupStatsJson(plan.stats, seconds_write)}};
  dedup::WriteFileAtomically(context.run_dir / "hygiene.json", hygiene.dump(2) + "\n");
  LogInfo("hygiene: " + std::to_string(plan.stats.records_in) + " records in, " +
          std::to_string(plan.stats.records_out) + " out (" + std::to_string(plan.stats.exact_duplicates) +
          " exact, " + std::to_string(plan.stats.near_duplicates) + " near duplicates removed)");
  return {{"records_in", plan.stats.records_in}, {"records_out", plan.stats.records_out}};
}

}  // namespace

std::vector<Stage> AvailableStages() {
  return {
      Stage{"hygiene",
            [](const StageContext& context) { return std::vector<fs::path>{context.config.data.input}; },
            [](const Config& config) {
              const auto json = ConfigToJson(config);
              return nlohmann::json{{"data", json["data"]}, {"hygiene", json["hygiene"]}};
            },
            {"corpus.clean.jsonl.zst", "clusters.jsonl", "hygiene.json"}, RunHygiene},
  };
}

}  // namespace leakgate::pipeline
