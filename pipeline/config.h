// The run configuration (one YAML file): typed sections with the defaults documented in configs/reference.yaml.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/corpus.h"
#include "dedup/dedup.h"
#include "dp/accounting/accounting.h"
#include "dp/engine/modes.h"
#include "models/model_config.h"
#include "pipeline/audit_config.h"
#include "pipeline/config_reader.h"
#include "pipeline/scrub_config.h"
#include "pipeline/task.h"
#include "report/gate_config.h"

namespace leakgate::pipeline {

struct RunConfig {
  std::string name = "demo";
  std::string out_dir;  // empty: runs/<name>
  uint64_t seed = 1234;
  int threads = 0;  // 0: all cores
  bool operator==(const RunConfig&) const = default;
};

struct DataConfig {
  std::string input;  // required
  std::string text_field = "text";
  std::string id_field = "id";
  std::string label_field;
  std::string user_field;  // the person each record is about (read before scrubbing); set: person-level privacy
  corpus::BadRecordPolicy on_bad_record = corpus::CorpusOptions{}.on_bad_record;
  uint64_t max_record_bytes = corpus::CorpusOptions{}.max_record_bytes;
  bool operator==(const DataConfig&) const = default;
};

// The defaults are the dedup engine's (dedup::DedupOptions), in the config's spelling.
struct NearDedupConfig {
  bool enabled = true;
  int num_perm = dedup::DedupOptions{}.num_perm;
  uint64_t seed = dedup::DedupOptions{}.seed;
  dedup::HashFunction hash = dedup::DedupOptions{}.hash;
  std::string shingle = dedup::DedupOptions{}.shingle.ToString();
  bool nfkc = dedup::DedupOptions{}.nfkc;
  double threshold = dedup::DedupOptions{}.threshold;
  std::vector<double> weights = {dedup::DedupOptions{}.weight_fp, dedup::DedupOptions{}.weight_fn};
  bool operator==(const NearDedupConfig&) const = default;
};

struct HygieneConfig {
  bool exact_dedup = true;
  dedup::KeepPolicy keep = dedup::DedupOptions{}.keep;
  NearDedupConfig near_dedup;
  ScrubSection scrub;
  bool operator==(const HygieneConfig&) const = default;
};

struct CanaryConfig {
  int count = 32;                       // canaries per repetition count
  std::vector<int> repeats = {1, 4, 16};  // copies of an inserted canary in the training set
  bool operator==(const CanaryConfig&) const = default;
};

struct SplitConfig {
  double audit_holdout = 0.05;  // share of records held out as audit non-members
  double validation = 0.05;     // share of records held out for validation loss
  int64_t max_members = 0;      // train on at most this many records (0: all); the rest join the non-members
  CanaryConfig canaries;
  bool operator==(const SplitConfig&) const = default;
};

using models::ModelConfig;

// The learning rate after warm-up: constant, or cosine decay to 0 at the last step.
enum class LrSchedule { kConstant, kCosine };
constexpr std::string_view LrScheduleName(LrSchedule schedule) {
  return schedule == LrSchedule::kConstant ? "constant" : "cosine";
}

struct OptimizerConfig {
  dp::OptimizerKind kind = dp::OptimizerKind::kAdam;
  double lr = 1.0e-3;
  double momentum = 0.0;  // sgd only
  double weight_decay = 0.0;
  bool operator==(const OptimizerConfig&) const = default;
};

struct TrainConfig {
  Task task = Task::kLanguageModel;
  std::vector<std::string> classes;  // the classifier's classes, in output order (public: never read from the data)
  ModelConfig model;
  OptimizerConfig optimizer;
  LrSchedule lr_schedule = LrSchedule::kCosine;
  int warmup_steps = 10;
  double epochs = 3.0;
  int batch_size = 256;     // expected logical batch
  int physical_batch = 32;  // micro-batch through forward/backward
  int eval_every = 50;      // steps
  int eval_records = 256;   // validation records per evaluation
  int checkpoint_every = 20;  // steps
  bool operator==(const TrainConfig&) const = default;
};

struct PrivacyConfig {
  bool enabled = true;
  double target_epsilon = 8.0;
  std::optional<double> delta;  // nullopt ("auto"): 1 / (100 N), N privacy units
  double max_grad_norm = 1.0;
  dp::AccountantKind accountant = dp::AccountantKind::kRdp;
  dp::GradSampleMode clipping = dp::GradSampleMode::kGhost;
  double max_noise_multiplier = 10.0;
  bool secure_rng = true;  // false: noise from the run seed, a reproducibility run that is NOT differentially private
  std::string ledger = "auto";  // the dataset's privacy ledger file; auto: privacy-ledger.json beside the run directory
  std::string dataset_name;     // the owner's name for the dataset in the ledger; empty: the input's file name
  // White-box audit canaries the engine runs beside the model (dp::GradientCanaries); 0: none.
  int64_t gradient_canaries = 200000;
  bool operator==(const PrivacyConfig&) const = default;
};

// The serving red team as a stage of `leakgate run`, after the audit: each tier of the serving config attacked through
// the guarded server (pipeline/serve_model.h); the gate then requires each tier's result.
struct RedTeamStageConfig {
  std::string serve_config;        // serve.yaml; empty: no red team
  std::vector<std::string> tiers;  // the tiers attacked
  bool operator==(const RedTeamStageConfig&) const = default;
};

struct Config {
  RunConfig run;
  DataConfig data;
  HygieneConfig hygiene;
  SplitConfig split;
  TrainConfig train;
  PrivacyConfig privacy;
  AuditConfig audit;
  RedTeamStageConfig redteam;
  report::GateConfig gate;
  report::ReportConfig report;
  bool operator==(const Config&) const = default;

  // The directory this run writes to: run.out_dir, or runs/<run.name>.
  std::string OutDir() const { return run.out_dir.empty() ? "runs/" + run.name : run.out_dir; }
  // The dataset privacy ledger a run writing to run_dir records its trainings in: privacy.ledger, or for "auto"
  // privacy-ledger.json in run_dir's parent (so runs side by side share it).
  std::string LedgerPath(const std::filesystem::path& run_dir) const;
  corpus::CorpusOptions CorpusOptions() const;
  dedup::DedupOptions DedupOptions() const;
};

// The resolved config (defaults filled in) as JSON, for the manifest, cache keys and reports: written by the same
// key declarations that read it (ConfigMap::kEcho).
nlohmann::json ConfigToJson(const Config& config);

// The one required key's example value in the reference config.
inline constexpr const char* kExampleInput = "data/corpus.jsonl.zst";
// Every key of the config in declaration order, with its default (data.input: kExampleInput), type, valid values and
// help, from the section readers (ConfigMap::kDescribe): the one place each key is declared.
std::vector<KeyDoc> DescribeConfig();
// configs/reference.yaml: every key, its help as a comment above it, and its default.
std::string ReferenceConfigYaml();
// docs/CONFIG.md: every key as a table row per section.
std::string ConfigKeysMarkdown();

// Reads and validates a config file; any problem is a common::ConfigError naming file:line:column and the key.
Config LoadConfig(const std::string& path);
// The hygiene.scrub section of a config file, with every other section checked as strictly as `run` checks it
// (data.input may be absent): what `leakgate scrub run --config FILE` uses.
ScrubSection LoadScrubSection(const std::string& path);
// For tests: the same from YAML text; `missing_keys` receives the known keys the text did not set.
Config ParseConfig(const std::string& yaml, const std::string& name, std::vector<std::string>* missing_keys = nullptr);

}  // namespace leakgate::pipeline
