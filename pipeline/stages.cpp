#include "pipeline/stages.h"

#include <chrono>
#include <map>
#include <optional>

#include "dedup/dedup.h"
#include "dedup/scrub/report.h"
#include "dedup/scrub/scrub_corpus.h"
#include "dedup/scrub/scrubber.h"
#include "pipeline/audit_stage/audit_stage.h"
#include "pipeline/report/gate.h"
#include "pipeline/report/reports.h"
#include "pipeline/train/train_stage.h"
#include "dedup/io/atomic_file.h"
#include "pipeline/hygiene.h"
#include "pipeline/log.h"
#include "pipeline/privacy_ledger.h"

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

// The documents the gate reads, those that exist.
std::vector<fs::path> GateInputs(const StageContext& context) {
  std::vector<fs::path> inputs;
  for (const char* name : {"hygiene.json", "split.json", "privacy.json", "audit.json"}) {
    std::error_code ec;
    if (fs::exists(context.run_dir / name, ec)) inputs.push_back(context.run_dir / name);
  }
  // Every later training on the dataset (by any run) changes the total the gate checks.
  std::error_code ec;
  const fs::path ledger = context.config.LedgerPath(context.run_dir);
  if (fs::exists(ledger, ec)) inputs.push_back(ledger);
  return inputs;
}

nlohmann::json RunGate(StageContext& context) {
  WriteDatasetLedgerSnapshot(context.config, context.run_dir);
  const GateResult result = EvaluateGate(context.run_dir, context.config.gate);
  dedup::WriteFileAtomically(context.run_dir / "gate.json", ToJson(result).dump(2) + "\n");
  return {{"passed", result.passed}, {"dp_implementation_failure", result.dp_implementation_failure}};
}

nlohmann::json RunReport(StageContext& context) {
  WriteReports(context.run_dir, EvaluateGate(context.run_dir, context.config.gate), context.config.report);
  return {{"formats", context.config.report.formats}};
}

std::vector<std::string> ReportOutputs(const ReportConfig& report) {
  static const std::map<std::string, std::string> kFileOf = {
      {"json", "report.json"}, {"md", "report.md"}, {"html", "report.html"}, {"junit", "junit.xml"}};
  std::vector<std::string> outputs;
  for (const auto& format : report.formats) outputs.push_back(kFileOf.at(format));
  return outputs;
}

}  // namespace

std::vector<Stage> AvailableStages(const Config& config) {
  return {
      Stage{"hygiene",
            [](const StageContext& context) { return std::vector<fs::path>{context.config.data.input}; },
            [](const Config& config) {
              const auto json = ConfigToJson(config);
              // The pseudonyms depend on the key as much as on the settings: another key, another clean corpus.
              return nlohmann::json{{"data", json["data"]},
                                    {"hygiene", json["hygiene"]},
                                    {"hmac_key", dedup::HmacKeyFingerprint(config.hygiene.scrub.settings)}};
            },
            {"corpus.clean.jsonl.zst", "clusters.jsonl", "hygiene.json"}, RunHygiene},
      MakeSplitStage(),
      MakeTrainStage(),
      MakeAuditStage([](const Config& c) { return AuditSettings{c.audit, c.report.redact_samples}; }),
      Stage{"gate", GateInputs, [](const Config& c) { return ToJson(c.gate); }, {"gate.json"}, RunGate},
      Stage{"report",
            [](const StageContext& context) {
              auto inputs = GateInputs(context);
              inputs.push_back(context.run_dir / "gate.json");
              if (fs::exists(context.run_dir / "dataset_ledger.json")) inputs.push_back(context.run_dir / "dataset_ledger.json");
              return inputs;
            },
            [](const Config& c) { return nlohmann::json{{"gate", ToJson(c.gate)}, {"report", ToJson(c.report)}}; },
            ReportOutputs(config.report), RunReport},
  };
}

}  // namespace leakgate::pipeline
