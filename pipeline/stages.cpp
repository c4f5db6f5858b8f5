#include "pipeline/stages.h"

#include <chrono>
#include <optional>

#include "dedup/dedup.h"
#include "dedup/scrub/report.h"
#include "dedup/scrub/scrub_corpus.h"
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
  const auto& scrub = config.hygiene.scrub;
  // Built first: a scrub configuration error (say, a missing HMAC key) stops the stage before any work.
  std::optional<dedup::Scrubber> scrubber;
  if (scrub.enabled) scrubber.emplace(scrub.settings);

  ProgressLine progress;
  const auto plan =
      dedup::PlanDeduplication(input, corpus, config.DedupOptions(), [&](const dedup::DedupProgress& p) {
        progress.Update("hygiene: " + std::string(p.phase) + " " + std::to_string(p.records) + " records");
      });
  progress.Update(scrubber ? "hygiene: scrubbing and writing the clean corpus" : "hygiene: writing the clean corpus");
  const auto write_start = std::chrono::steady_clock::now();
  dedup::CorpusWriter writer(context.run_dir / "corpus.clean.jsonl.zst");
  dedup::KeptRecordReader kept(input, corpus, plan);
  nlohmann::json hygiene = {{"input", input.string()}};
  uint64_t records_out = plan.stats.records_out;
  if (scrubber) {
    dedup::ScrubCorpusOptions options;
    options.threads = static_cast<unsigned>(config.run.threads);
    const auto stats =
        dedup::ScrubCorpus([&](dedup::Record& record) { return kept.Next(record); }, writer, *scrubber, options);
    hygiene["scrub"] = dedup::ScrubReportJson(stats, *scrubber);
    records_out = stats.records_out;
  } else {
    for (dedup::Record record; kept.Next(record);) writer.WriteLine(record.raw);
    hygiene["scrub"] = {{"enabled", false}};
  }
  writer.Commit();
  const double seconds_write = std::chrono::duration<double>(std::chrono::steady_clock::now() - write_start).count();
  progress.Finish();
  WriteClustersFile(context.run_dir / "clusters.jsonl", plan);
  hygiene["dedup"] = DedupStatsJson(plan.stats, seconds_write);
  hygiene["records_out"] = records_out;
  dedup::WriteFileAtomically(context.run_dir / "hygiene.json", hygiene.dump(2) + "\n");
  std::string summary = "hygiene: " + std::to_string(plan.stats.records_in) + " records in, " +
                        std::to_string(records_out) + " out (" + std::to_string(plan.stats.exact_duplicates) +
                        " exact, " + std::to_string(plan.stats.near_duplicates) + " near duplicates removed";
  if (scrubber) {
    summary += "; " + hygiene["scrub"].value("findings_total", nlohmann::json(0)).dump() + " PII findings replaced, " +
               hygiene["scrub"].value("residual_total", nlohmann::json(0)).dump() + " residual";
  }
  LogInfo(summary + ")");
  return {{"records_in", plan.stats.records_in}, {"records_out", records_out}};
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
