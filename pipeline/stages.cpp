#include "pipeline/stages.h"

#include <chrono>
#include <map>
#include <optional>

#include "common/atomic_file.h"
#include "common/digest.h"
#include "common/log.h"
#include "common/run_files.h"
#include "dedup/dedup.h"
#include "pipeline/audit_stage/audit_stage.h"
#include "pipeline/hygiene.h"
#include "pipeline/privacy_ledger.h"
#include "pipeline/serve_model.h"
#include "pipeline/train/train_stage.h"
#include "report/gate.h"
#include "report/reports.h"
#include "scrub/name_tagger.h"
#include "scrub/report.h"
#include "scrub/scrub_corpus.h"
#include "scrub/scrubber.h"

namespace leakgate::pipeline {

namespace {

namespace fs = std::filesystem;

// What the residual sweep found in the deduplicated corpus: records and residues by kind, and the first flagged ids.
struct SweepTally {
  static constexpr std::size_t kIdsListed = 100;
  uint64_t records = 0;
  std::map<std::string, uint64_t> residues_by_kind;
  std::vector<std::string> first_ids;

  // Counts one record's residues; true when it has any.
  bool Flags(const corpus::Record& record, const std::vector<scrub::Residue>& residues) {
    if (residues.empty()) return false;
    ++records;
    for (const scrub::Residue& residue : residues) ++residues_by_kind[std::string(scrub::ResidueKindName(residue.kind))];
    if (first_ids.size() < kIdsListed) first_ids.push_back(record.id);
    return true;
  }
  uint64_t residues() const {
    uint64_t total = 0;
    for (const auto& [kind, count] : residues_by_kind) total += count;
    return total;
  }
  nlohmann::json Json(const ResidualSweepSection& settings) const {
    return {{"method", "capitalised words the corpus never writes in lower case, beside a scrubbed name or in a run "
                       "of capitalised words that few records share; independent of the recognizers"},
            {"max_run_records", settings.max_run_records},
            {"action", settings.drop_records ? "drop_record" : "keep"},
            {"records_flagged", records},
            {"records_withheld", settings.drop_records ? records : 0},
            {"residues_by_kind", residues_by_kind},
            {"residues_left_in_corpus", settings.drop_records ? 0 : residues()},
            {"flagged_ids", first_ids},
            {"cannot_see", scrub::ResidueSweep::BlindSpots()}};
  }
};

// Scrubs first and deduplicates the scrubbed text: two notes that differ only in the identifiers scrubbing replaces
// are the same text to the model, so they must be one record (or the audit's members and non-members share text).
nlohmann::json RunHygiene(StageContext& context) {
  const Config& config = context.config;
  const fs::path input = config.data.input;
  const auto corpus = config.CorpusOptions();
  const auto& scrub = config.hygiene.scrub;
  // Built first: a scrub configuration error (say, a missing HMAC key) stops the stage before any work.
  std::optional<scrub::Scrubber> scrubber;
  if (scrub.enabled) scrubber.emplace(scrub.settings);

  common::ProgressLine progress;
  nlohmann::json hygiene = {{"input", input.string()}, {"order", scrubber ? "scrub, then deduplicate" : "deduplicate"}};
  // The scrubbed corpus, before deduplication: a file of this stage's own, removed when the stage ends.
  const fs::path scrubbed = context.run_dir / "corpus.scrubbed.jsonl.zst";
  struct RemoveOnExit {
    fs::path path;
    ~RemoveOnExit() {
      std::error_code ignored;
      fs::remove(path, ignored);
    }
  } remove_scrubbed{scrubbed};
  corpus::BadRecordStats bad_records;
  uint64_t records_in = 0;
  std::optional<scrub::ResidueSweep> sweep;
  if (scrubber && scrub.residual_sweep.enabled) sweep.emplace(scrub::ResidueSweepOptions{scrub.residual_sweep.max_run_records});
  if (scrubber) {
    progress.Update("hygiene: scrubbing " + input.string());
    corpus::CorpusReader reader(input, corpus);
    corpus::CorpusWriter writer(scrubbed);
    scrub::ScrubCorpusOptions options;
    options.threads = static_cast<unsigned>(config.run.threads);
    options.sweep = sweep ? &*sweep : nullptr;
    const auto stats = scrub::ScrubCorpus(reader, writer, *scrubber, options);
    writer.Commit();
    hygiene["scrub"] = scrub::ScrubReportJson(stats, *scrubber);
    bad_records = reader.bad_records();
    records_in = stats.records_in;
  } else {
    hygiene["scrub"] = {{"enabled", false}};
  }
  const fs::path dedup_input = scrubber ? scrubbed : input;
  auto plan = dedup::PlanDeduplication(dedup_input, corpus, config.DedupOptions(), [&](const dedup::DedupProgress& p) {
    progress.Update("hygiene: " + std::string(p.phase) + " " + std::to_string(p.records) + " records");
  });
  if (scrubber) {
    plan.stats.bad_records = bad_records;  // met while scrubbing: the scrubbed file holds good records only
  } else {
    records_in = plan.stats.records_in;
  }
  progress.Update("hygiene: writing the clean corpus");
  const auto write_start = std::chrono::steady_clock::now();
  corpus::CorpusWriter writer(context.run_dir / common::kCleanCorpusFile);
  dedup::KeptRecordReader kept(dedup_input, corpus, plan);
  SweepTally tally;
  for (corpus::Record record; kept.Next(record);) {
    if (sweep && tally.Flags(record, sweep->Find(record.text)) && scrub.residual_sweep.drop_records) continue;
    writer.WriteLine(record.raw);
  }
  writer.Commit();
  const double seconds_write = std::chrono::duration<double>(std::chrono::steady_clock::now() - write_start).count();
  progress.Finish();
  WriteClustersFile(context.run_dir / common::kClustersFile, plan);
  hygiene["dedup"] = DedupStatsJson(plan.stats, seconds_write);
  const uint64_t records_out = plan.stats.records_out - (scrub.residual_sweep.drop_records ? tally.records : 0);
  if (sweep) {
    hygiene["scrub"]["residual_sweep"] = tally.Json(scrub.residual_sweep);
    // The gate's residual count: what the recognizers found again, plus what the sweep found and left in the corpus.
    hygiene["scrub"]["residual_recognizers"] = hygiene["scrub"]["residual_total"];
    hygiene["scrub"]["residual_total"] = hygiene["scrub"]["residual_total"].get<uint64_t>() +
                                         (scrub.residual_sweep.drop_records ? 0 : tally.residues());
  }
  hygiene["records_in"] = records_in;
  hygiene["records_out"] = records_out;
  common::WriteFileAtomically(context.run_dir / common::kHygieneFile, hygiene.dump(2) + "\n");
  std::string summary = "hygiene: " + std::to_string(records_in) + " records in, " + std::to_string(records_out) +
                        " out (";
  if (scrubber) {
    summary += hygiene["scrub"].value("findings_total", nlohmann::json(0)).dump() + " PII findings replaced, " +
               hygiene["scrub"].value("residual_total", nlohmann::json(0)).dump() + " residual; then ";
  }
  summary += std::to_string(plan.stats.exact_duplicates) + " exact and " + std::to_string(plan.stats.near_duplicates) +
             " near duplicates removed";
  if (sweep) {
    summary += "; the residual sweep flagged " + std::to_string(tally.records) + " records with names left" +
               (scrub.residual_sweep.drop_records ? ", withheld from training" : "");
  }
  summary += ")";
  common::LogInfo(summary);
  return {{"records_in", records_in}, {"records_out", records_out}};
}

// Appends those of `names` that exist in the run directory.
void AddExisting(const fs::path& run_dir, std::initializer_list<const char*> names, std::vector<fs::path>& inputs) {
  for (const char* name : names) {
    std::error_code ec;
    if (fs::exists(run_dir / name, ec)) inputs.push_back(run_dir / name);
  }
}

void AddModelFiles(const fs::path& run_dir, std::vector<fs::path>& inputs) {
  for (const std::string& file : common::FilesUnder(run_dir, common::kModelDir)) inputs.push_back(run_dir / file);
}

// The model files, the split and the clean corpus the red team reads (those that exist), and its serving config.
std::vector<fs::path> RedTeamInputs(const StageContext& context) {
  std::vector<fs::path> inputs;
  AddModelFiles(context.run_dir, inputs);
  AddExisting(context.run_dir, {common::kSplitFile, common::kCleanCorpusFile}, inputs);
  if (!context.config.redteam.serve_config.empty()) inputs.push_back(context.config.redteam.serve_config);
  return inputs;
}

// Each tier of redteam.tiers attacked through the guarded server, as `leakgate redteam` does; a failed check is the
// gate's to judge, so the stage goes on.
nlohmann::json RunRedTeam(StageContext& context) {
  const RedTeamStageConfig& redteam = context.config.redteam;
  if (redteam.tiers.empty()) {
    common::LogInfo("redteam: no serving config (redteam.serve_config), nothing to attack");
    return nlohmann::json::object();
  }
  nlohmann::json passed = nlohmann::json::object();
  for (const std::string& tier : redteam.tiers) {
    ServeOptions options;
    options.run_dir = context.run_dir.string();
    options.config_path = redteam.serve_config;
    options.red_team = serve::RedTeamOptions{};
    options.red_team->tier = tier;
    options.red_team->seed = context.config.run.seed;
    options.refresh_reports = false;
    passed[tier] = ServeModel(options) == 0;
  }
  return {{"passed", passed}};
}

// The documents the gate reads, those that exist.
std::vector<fs::path> GateInputs(const StageContext& context) {
  std::vector<fs::path> inputs;
  AddExisting(context.run_dir, {common::kHygieneFile, common::kSplitFile, common::kPrivacyFile, common::kAuditFile},
              inputs);
  // The serving red team's results (`leakgate redteam`), each a set of gate checks that counts only for the model
  // files and the serving config it attacked.
  AddModelFiles(context.run_dir, inputs);
  for (const report::Document& result : report::LoadRunDocuments(context.run_dir).redteam) {
    inputs.push_back(result.file());
    const std::optional<std::string> serving = result.String("/serve_config/path");
    std::error_code ec;
    if (serving && fs::is_regular_file(*serving, ec)) inputs.push_back(*serving);
  }
  std::error_code ec;
  // Every later training on the dataset (by any run) changes the total the gate checks.
  const fs::path ledger = context.config.LedgerPath(context.run_dir);
  if (fs::exists(ledger, ec)) inputs.push_back(ledger);
  return inputs;
}

nlohmann::json RunGate(StageContext& context) {
  WriteDatasetLedgerSnapshot(context.config, context.run_dir);
  const report::GateResult result = report::EvaluateGate(context.run_dir, context.config.gate);
  common::WriteFileAtomically(context.run_dir / common::kGateFile, ToJson(result).dump(2) + "\n");
  return {{"passed", result.passed}, {"dp_implementation_failure", result.dp_implementation_failure}};
}

nlohmann::json RunReport(StageContext& context) {
  report::WriteReports(context.run_dir, report::ReadGateResult(context.run_dir, context.config.gate),
                       context.config.report);
  return {{"formats", context.config.report.formats}};
}

std::vector<std::string> RedTeamOutputs(const RedTeamStageConfig& redteam) {
  std::vector<std::string> outputs;
  for (const std::string& tier : redteam.tiers) outputs.push_back(common::RedTeamFile(tier));
  return outputs;
}

std::vector<std::string> ReportOutputs(const report::ReportConfig& report) {
  static const std::map<std::string, std::string> kFileOf = {
      {"json", common::kReportJsonFile}, {"md", common::kReportMarkdownFile}, {"html", common::kReportHtmlFile}, {"junit", common::kJunitFile}};
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
              // The pseudonyms depend on the key as much as on the settings, and the names found on the shipped name
              // tagger: another key or another tagger, another clean corpus.
              nlohmann::json inputs{{"data", json["data"]},
                                    {"hygiene", json["hygiene"]},
                                    {"hmac_key", scrub::HmacKeyFingerprint(config.hygiene.scrub.settings)}};
              if (config.hygiene.scrub.settings.name_model) inputs["name_model"] = scrub::NameTagger::ShippedDigest();
              return inputs;
            },
            {common::kCleanCorpusFile, common::kClustersFile, common::kHygieneFile}, RunHygiene},
      MakeSplitStage(),
      MakeTrainStage(),
      MakeAuditStage([](const Config& c) {
        return AuditSettings{c.audit, c.report.redact_samples, c.gate.max_extraction_rate};
      }),
      Stage{"redteam", RedTeamInputs,
            [](const Config& c) {
              return nlohmann::json{{"redteam", ConfigToJson(c)["redteam"]}, {"seed", c.run.seed}};
            },
            RedTeamOutputs(config.redteam), RunRedTeam},
      Stage{"gate", GateInputs, [](const Config& c) { return ToJson(c.gate); }, {common::kGateFile}, RunGate},
      Stage{"report",
            [](const StageContext& context) {
              auto inputs = GateInputs(context);
              inputs.push_back(context.run_dir / common::kGateFile);
              if (fs::exists(context.run_dir / common::kDatasetLedgerFile)) inputs.push_back(context.run_dir / common::kDatasetLedgerFile);
              return inputs;
            },
            [](const Config& c) { return nlohmann::json{{"gate", ToJson(c.gate)}, {"report", ToJson(c.report)}}; },
            ReportOutputs(config.report), RunReport},
  };
}

}  // namespace leakgate::pipeline
