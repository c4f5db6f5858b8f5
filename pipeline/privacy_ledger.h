// The privacy ledger of a dataset: every private training on it (target models, retries after a failed gate,
// other configs, reference models for the audits), so that their composition, not only one run's ε, is gated.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "dp/accounting/accounting.h"
#include "pipeline/config.h"

namespace leakgate::pipeline {

// One training on the dataset. A resumed training keeps its id and replaces its own entry.
struct LedgerTraining {
  std::string training_id;
  std::string run;      // run.name of the run that trained it
  std::string purpose;  // "train" (the released model) or "reference" (an audit's reference model)
  bool differentially_private = false;  // false: trained without noise, or with seeded noise (ε is then unbounded)
  std::string privacy_unit = "record";  // "record" or "person"
  dp::PrivacyLedger ledger;             // its (σ, q, steps) phases
  std::string recorded_at;              // UTC, ISO 8601
};

// The trainings of one dataset and their composed ε.
struct DatasetLedgerSummary {
  std::string dataset;  // SHA-256 of the input corpus
  std::string name;     // the owner's name for it
  std::vector<LedgerTraining> trainings;
  // ε of all trainings composed at `delta` by the accountant; nullopt when a training was not DP (unbounded).
  std::optional<double> total_epsilon;
  double delta = 0.0;
  std::string accountant;
  // "person" only when every training protected persons; otherwise the composition protects records.
  std::string privacy_unit = "record";
};

// A ledger file holding the trainings of any number of datasets, keyed by the dataset's SHA-256. Updates take an
// exclusive lock on `<file>.lock` and rewrite the file atomically, so concurrent runs never lose an entry.
class DatasetLedgerFile {
 public:
  explicit DatasetLedgerFile(std::filesystem::path path) : path_(std::move(path)) {}

  // Adds `training` to dataset `dataset` (named `name`), replacing an entry with the same training id.
  void Record(const std::string& dataset, const std::string& name, const LedgerTraining& training) const;
  // The trainings of `dataset` and their composition at `delta` (no trainings: total ε 0).
  DatasetLedgerSummary Summarize(const std::string& dataset, double delta, dp::AccountantKind accountant) const;
  // The dataset keys in the file, with their names.
  std::vector<std::pair<std::string, std::string>> Datasets() const;

  const std::filesystem::path& path() const { return path_; }

 private:
  nlohmann::json Read() const;

  std::filesystem::path path_;
};

nlohmann::json ToJson(const DatasetLedgerSummary& summary);

// The ledger's key for the run's dataset: the SHA-256 of data.input; and its name (privacy.dataset_name, or the
// input's file name).
std::string DatasetKey(const Config& config);
std::string DatasetName(const Config& config);

// Writes run_dir/dataset_ledger.json, the gate's view of the ledger: the dataset's trainings composed at the δ of
// run_dir/privacy.json. Without privacy.json (no training yet) nothing is written and a stale snapshot is removed.
void WriteDatasetLedgerSnapshot(const Config& config, const std::filesystem::path& run_dir);

}  // namespace leakgate::pipeline
