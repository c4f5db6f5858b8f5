#include "pipeline/run.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

#include "common/atomic_file.h"
#include "common/digest.h"
#include "common/file_lock.h"
#include "common/log.h"
#include "common/run_files.h"
#include "pipeline/config.h"
#include "pipeline/config_reader.h"
#include "pipeline/stages.h"
#include "report/gate.h"
#include "version.h"

namespace leakgate::pipeline {

namespace {

namespace fs = std::filesystem;

std::string UtcNow() {
  const std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

nlohmann::json ReadManifest(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return nlohmann::json::object();
  std::ifstream in(path);
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& error) {
    throw common::ConfigError(path.string() + ": the run manifest is not valid JSON (" + error.what() +
                      "); remove the run directory or pass --force");
  }
}

// True when `path` is `directory` or lies below it (both already canonical).
bool IsInside(const fs::path& path, const fs::path& directory) {
  const auto [directory_end, path_end] = std::mismatch(directory.begin(), directory.end(), path.begin(), path.end());
  return directory_end == directory.end();
}

bool OutputsIntact(const nlohmann::json& recorded, const fs::path& run_dir) {
  if (!recorded.contains("outputs")) return false;
  for (const auto& [name, digest] : recorded["outputs"].items()) {
    std::error_code ec;
    if (!fs::exists(run_dir / name, ec) || common::Sha256OfFile(run_dir / name) != digest.get<std::string>()) return false;
  }
  return true;
}

// SHA-256 of this executable: a rebuilt tool (other code, same version number) does not reuse cached stages.
std::string BuildSha256() {
  static const std::string digest = common::Sha256OfFile("/proc/self/exe");
  return digest;
}

}  // namespace

const std::vector<std::string>& StageNames() {
  static const std::vector<std::string> names = {"hygiene", "split", "train", "audit", "redteam", "gate", "report"};
  return names;
}

int RunPipeline(const RunOptions& options) {
  const Config config = LoadConfig(options.config_path);
  const fs::path run_dir = options.out_dir.empty() ? fs::path(config.OutDir()) : fs::path(options.out_dir);
  const auto stages = AvailableStages(config);
  for (const auto& name : options.stages) {
    if (std::find(StageNames().begin(), StageNames().end(), name) == StageNames().end()) {
      throw common::ConfigError("--stages: unknown stage '" + name +
                                "' (stages: hygiene, split, train, audit, redteam, gate, report)");
    }
  }
  auto selected = [&](const std::string& name) {
    return options.stages.empty() || std::find(options.stages.begin(), options.stages.end(), name) != options.stages.end();
  };

  // The run directory is leakgate's to write: a corpus inside it could be one of the files a stage replaces.
  if (IsInside(fs::weakly_canonical(config.data.input), fs::weakly_canonical(run_dir))) {
    throw common::ConfigError(options.config_path + ": data.input " + config.data.input + " is inside the run directory " +
                      run_dir.string() + ", whose files leakgate replaces; keep the corpus outside it");
  }
  // One run at a time per directory: two would interleave stages and the last manifest would win.
  fs::create_directories(run_dir);
  const std::optional<common::FileLock> lock = common::FileLock::TryAcquire(run_dir / common::kRunLockFile);
  if (!lock) {
    throw common::ConfigError(run_dir.string() + ": another leakgate command is running in this run directory (wait for it, "
                      "or choose another --out)");
  }
  // A crashed or killed run left these; holding the lock, no live run of this directory can own one.
  if (const size_t stale = common::SweepStaleTemporaries(run_dir)) {
    common::LogWarning(run_dir.string() + ": removed " + std::to_string(stale) + " unfinished temporary file(s) of an "
               "earlier run that was killed");
  }

  const nlohmann::json config_json = ConfigToJson(config);
  const std::string config_sha = common::Sha256Hex(config_json.dump());
  const fs::path manifest_path = run_dir / common::kManifestFile;
  nlohmann::json manifest = ReadManifest(manifest_path);
  // An edited config re-runs only the stages whose slice of it changed; another run's directory is not reused.
  const nlohmann::json* recorded_name = manifest.contains("config") ? &manifest["config"]["run"]["name"] : nullptr;
  if (recorded_name && recorded_name->is_string() && *recorded_name != config.run.name && !options.force) {
    throw common::ConfigError(run_dir.string() + ": holds the run '" + recorded_name->get<std::string>() + "', not '" +
                      config.run.name + "' (pass --force to replace it, or choose another run.name or --out)");
  }
  if (options.force) manifest["stages"] = nlohmann::json::object();
  const std::string build = BuildSha256();
  manifest["tool"] = {{"name", "leakgate"}, {"version", kVersion}, {"build_sha256", build}};
  manifest["config_path"] = options.config_path;
  manifest["config"] = config_json;
  manifest["config_sha256"] = config_sha;
  manifest["seed"] = config.run.seed;
  if (!manifest.contains("stages")) manifest["stages"] = nlohmann::json::object();
  auto save_manifest = [&] { common::WriteFileAtomically(manifest_path, manifest.dump(2) + "\n"); };

  common::LogInfo("run " + config.run.name + " -> " + run_dir.string());
  StageContext context{config, run_dir, {}};
  // What a stage's outputs depend on: the config it reads and the bytes of every input file.
  const auto data_material = [&](const Stage& stage) {
    nlohmann::json material = {{"stage", stage.name}, {"config", stage.config(config)}};
    for (const auto& input : stage.inputs(context)) material["inputs"][input.string()] = common::Sha256OfFile(input);
    return material;
  };
  // A stage left out of --stages must not have been made for another config or other inputs than the stages after
  // it now assume: re-gating old artefacts under a new config would report a verdict on something else.
  for (size_t s = 0; s < stages.size(); ++s) {
    const Stage& stage = stages[s];
    const bool feeds_a_selected_stage = std::any_of(stages.begin() + static_cast<std::ptrdiff_t>(s) + 1, stages.end(),
                                                    [&](const Stage& later) { return selected(later.name); });
    const auto& recorded = manifest["stages"][stage.name];
    if (selected(stage.name) || !feeds_a_selected_stage || !recorded.is_object() || !recorded.contains("data_key")) {
      continue;
    }
    if (recorded["data_key"] != common::Sha256Hex(data_material(stage).dump())) {
      throw common::ConfigError(run_dir.string() + ": the " + stage.name + " stage's outputs were made from another config "
                        "or other inputs than this one; run it too (add " + stage.name + " to --stages)");
    }
  }
  for (const Stage& stage : stages) {
    if (!selected(stage.name)) continue;
    // The cache key also covers the tool's build and version: a rebuilt tool re-runs every stage.
    const nlohmann::json material = data_material(stage);
    if (material.contains("inputs")) {
      for (const auto& [input, digest] : material["inputs"].items()) manifest["inputs"][input] = digest;
    }
    const std::string data_key = common::Sha256Hex(material.dump());
    const std::string key =
        common::Sha256Hex(nlohmann::json{{"data", data_key}, {"version", kVersion}, {"build", build}}.dump());
    const auto& recorded = manifest["stages"][stage.name];
    if (!options.force && recorded.is_object() && recorded.value("key", "") == key &&
        OutputsIntact(recorded, run_dir)) {
      common::LogInfo(stage.name + ": unchanged since " + recorded.value("finished_at", "?") + ", skipped");
      continue;
    }
    common::LogInfo(stage.name + ": running");
    const auto start = std::chrono::steady_clock::now();
    fs::create_directories(run_dir);
    const nlohmann::json summary = stage.run(context);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    nlohmann::json outputs = nlohmann::json::object();
    for (const auto& output : stage.outputs) outputs[output] = common::Sha256OfFile(run_dir / output);
    manifest["stages"][stage.name] = {{"key", key},           {"data_key", data_key}, {"seconds", seconds},
                                      {"finished_at", UtcNow()}, {"outputs", outputs},   {"summary", summary}};
    save_manifest();
    char done[64];
    std::snprintf(done, sizeof done, ": done in %.2f s", seconds);
    common::LogInfo(stage.name + done);
  }
  save_manifest();

  common::LogInfo("manifest: " + manifest_path.string());
  if (!selected("gate")) return 0;
  // The verdict closes the output: the checks table, then where the report is.
  const report::GateResult verdict = report::ReadGateResult(run_dir, config.gate);
  std::fputs(report::VerdictTable(verdict).c_str(), stderr);
  if (fs::exists(run_dir / common::kReportHtmlFile)) {
    std::fprintf(stderr, "report: %s\n", (run_dir / common::kReportHtmlFile).string().c_str());
  }
  return verdict.passed ? 0 : 1;
}

}  // namespace leakgate::pipeline
