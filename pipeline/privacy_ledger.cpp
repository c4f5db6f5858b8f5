#include "pipeline/privacy_ledger.h"

#include <chrono>
#include <ctime>
#include <fstream>
#include <mutex>

#include "common/atomic_file.h"
#include "common/digest.h"
#include "common/errors.h"
#include "common/file_lock.h"
#include "common/run_files.h"

namespace leakgate::pipeline {

namespace {

namespace fs = std::filesystem;

std::string UtcNow() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

nlohmann::json ToJson(const LedgerTraining& training) {
  return {{"training_id", training.training_id},
          {"run", training.run},
          {"purpose", training.purpose},
          {"differentially_private", training.differentially_private},
          {"privacy_unit", training.privacy_unit},
          {"ledger", training.ledger.ToJson()},
          {"recorded_at", training.recorded_at}};
}

LedgerTraining TrainingFromJson(const nlohmann::json& json) {
  LedgerTraining training;
  training.training_id = json.at("training_id");
  training.run = json.at("run");
  training.purpose = json.at("purpose");
  training.differentially_private = json.at("differentially_private");
  training.privacy_unit = json.at("privacy_unit");
  training.ledger = dp::PrivacyLedger::FromJson(json.at("ledger"));
  training.recorded_at = json.at("recorded_at");
  return training;
}

}  // namespace

nlohmann::json DatasetLedgerFile::Read() const {
  std::error_code ec;
  if (!fs::exists(path_, ec)) return {{"version", 1}, {"datasets", nlohmann::json::object()}};
  std::ifstream in(path_);
  const nlohmann::json json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("datasets") || !json["datasets"].is_object()) {
    throw common::InputError(path_.string(), 0, "not a privacy ledger (no \"datasets\" object)",
                            "restore it from a backup; deleting it forgets the privacy already spent");
  }
  return json;
}

void DatasetLedgerFile::Record(const std::string& dataset, const std::string& name,
                               const LedgerTraining& training) const {
  if (path_.has_parent_path()) fs::create_directories(path_.parent_path());
  // The file lock keeps other processes out. Threads of this one (reference models trained side by side) also take a
  // mutex: on NFS, Linux emulates flock with per-process locks, which every thread of a process would hold at once.
  static std::mutex in_process;
  const std::lock_guard in_process_lock(in_process);
  const common::FileLock lock = common::FileLock::Acquire(path_.string() + ".lock");
  nlohmann::json json = Read();
  nlohmann::json& entry = json["datasets"][dataset];
  if (!entry.is_object()) entry = {{"name", name}, {"trainings", nlohmann::json::array()}};
  entry["name"] = name;
  LedgerTraining stamped = training;
  stamped.recorded_at = UtcNow();
  bool replaced = false;
  for (auto& existing : entry["trainings"]) {
    if (existing.at("training_id") == training.training_id) {
      existing = ToJson(stamped);
      replaced = true;
    }
  }
  if (!replaced) entry["trainings"].push_back(ToJson(stamped));
  common::WriteFileAtomically(path_, json.dump(1) + "\n");
}

DatasetLedgerSummary DatasetLedgerFile::Summarize(const std::string& dataset, double delta,
                                                  dp::AccountantKind accountant) const {
  DatasetLedgerSummary summary;
  summary.dataset = dataset;
  summary.delta = delta;
  summary.accountant = accountant == dp::AccountantKind::kRdp ? "rdp" : "prv";
  const nlohmann::json json = Read();
  const auto found = json["datasets"].find(dataset);
  bool all_dp = true;
  bool all_persons = true;
  dp::PrivacyLedger composed;
  if (found != json["datasets"].end()) {
    summary.name = found->value("name", "");
    try {
      for (const auto& item : found->at("trainings")) summary.trainings.push_back(TrainingFromJson(item));
    } catch (const nlohmann::json::exception& error) {
      throw common::InputError(path_.string(), 0, std::string("malformed training entry: ") + error.what(),
                              "restore the ledger from a backup");
    }
  }
  for (const LedgerTraining& training : summary.trainings) {
    all_dp = all_dp && training.differentially_private;
    all_persons = all_persons && training.privacy_unit == "person";
    composed.Compose(training.ledger);
  }
  summary.privacy_unit = all_persons && !summary.trainings.empty() ? "person" : "record";
  if (!all_dp) return summary;
  summary.total_epsilon = composed.total_steps() == 0 ? 0.0 : composed.Epsilon(delta, accountant).epsilon;
  return summary;
}

std::vector<std::pair<std::string, std::string>> DatasetLedgerFile::Datasets() const {
  std::vector<std::pair<std::string, std::string>> datasets;
  const nlohmann::json json = Read();
  for (const auto& [key, entry] : json["datasets"].items()) datasets.emplace_back(key, entry.value("name", ""));
  return datasets;
}

nlohmann::json ToJson(const DatasetLedgerSummary& summary) {
  nlohmann::json trainings = nlohmann::json::array();
  for (const LedgerTraining& training : summary.trainings) trainings.push_back(ToJson(training));
  return {{"dataset", summary.dataset},
          {"name", summary.name},
          {"trainings", trainings},
          {"total_epsilon", summary.total_epsilon ? nlohmann::json(*summary.total_epsilon) : nlohmann::json(nullptr)},
          {"bounded", summary.total_epsilon.has_value()},
          {"delta", summary.delta},
          {"accountant", summary.accountant},
          {"privacy_unit", summary.privacy_unit}};
}

std::string DatasetKey(const Config& config) { return common::Sha256OfFile(config.data.input); }

std::string DatasetName(const Config& config) {
  return config.privacy.dataset_name.empty() ? fs::path(config.data.input).filename().string()
                                             : config.privacy.dataset_name;
}

void WriteDatasetLedgerSnapshot(const Config& config, const fs::path& run_dir) {
  const fs::path snapshot = run_dir / common::kDatasetLedgerFile;
  std::ifstream privacy_in(run_dir / common::kPrivacyFile);
  const nlohmann::json privacy =
      privacy_in ? nlohmann::json::parse(privacy_in, nullptr, /*allow_exceptions=*/false) : nlohmann::json();
  if (!privacy.is_object() || !privacy.value("delta", nlohmann::json()).is_number()) {
    std::error_code ec;
    fs::remove(snapshot, ec);
    return;
  }
  const DatasetLedgerSummary summary = DatasetLedgerFile(config.LedgerPath(run_dir))
                                           .Summarize(DatasetKey(config), privacy["delta"].get<double>(),
                                                      config.privacy.accountant);
  nlohmann::json json = ToJson(summary);
  json["ledger_file"] = config.LedgerPath(run_dir);
  common::WriteFileAtomically(snapshot, json.dump(2) + "\n");
}

}  // namespace leakgate::pipeline
