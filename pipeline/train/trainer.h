// The one training loop of every task: DP-SGD through the engine built once per run (Poisson-sampled logical batches,
// physical micro-batches, calibrated noise, privacy ledger) or ordinary shuffled mini-batches, with an LR schedule,
// held-out evaluation at intervals, and atomic checkpoints from which an interrupted run resumes bit for bit.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "dp/accounting/accounting.h"
#include "dp/accounting/plan.h"
#include "dp/engine/audit_hooks.h"
#include "pipeline/config.h"

#include <ATen/ATen.h>
#include <torch/nn/module.h>

namespace leakgate::pipeline {

// What a step reports to the progress display. Nothing computed from the training records without noise
// (losses, batch sizes) is reported: ε does not cover it, and logs outlive runs.
struct TrainingProgress {
  int64_t step = 0;   // steps done
  int64_t steps = 0;  // steps in the run
  double epsilon = 0.0;  // spent so far (0 when not private)
  double seconds_per_step = 0.0;
};

// The privacy plan of a run before any training: steps, sample rate, delta and the calibrated noise (0 when not
// private) over dataset_size privacy units (records, or persons).
using PrivacyPlan = dp::PrivacyPlan;

struct TrainingJob {
  TrainConfig train;
  PrivacyConfig privacy;
  uint64_t seed = 0;
  int threads = 0;  // 0: all cores
  std::filesystem::path model_dir;  // weights.pt, model.json, checkpoints
  // Identifies the inputs and settings; a checkpoint written under another fingerprint is not resumed.
  std::string fingerprint;
  std::function<void(const TrainingProgress&)> on_step;  // after every step (progress display, tests)
  // The privacy unit of each training example (e.g. a person from data.user_field: 0 .. units-1); empty: every
  // example is its own unit. A unit's examples are sampled, and their summed gradient clipped, together.
  std::vector<int64_t> unit_of_example;
  std::string unit_name = "record";  // what one unit is, for privacy.json: "record" or "person"
  // Set for an audit's reference model: train with the target's sample rate, steps, noise multiplier and delta
  // instead of planning for this training's own dataset size, so that the reference repeats the target's mechanism.
  std::optional<PrivacyPlan> mirrored_plan;
  // Save the weights of the evaluation with the lowest validation_loss (early stopping on the held-out records)
  // rather than the last step's. Such a job never resumes a checkpoint: it starts over, since the best weights are
  // held in memory only. Not for private training: choosing among its steps by their loss on records is a release ε
  // does not account.
  bool keep_best_validation = false;
};

// True when the job's guarantee is differential privacy: private training with noise and sampling from the
// CSPRNG. A seeded private run is reproducible, and so is its noise: anyone who learns the seed removes it.
bool IsDifferentiallyPrivate(const PrivacyConfig& privacy);

// The training examples of each privacy unit, in unit order (one unit per example when unit_of_example is empty);
// throws common::InputError on a unit index out of range or a unit without examples.
std::vector<std::vector<int64_t>> ExamplesByUnit(const std::vector<int64_t>& unit_of_example, int64_t examples);


// A fresh name for one training (for the dataset's privacy ledger), drawn from the CSPRNG.
std::string NewTrainingId();

// The default δ for N privacy units: 1 / (100 N), so that a mechanism releasing each unit with probability δ
// exposes one of N units only about 1% of the time.
double AutoDelta(int64_t units);

// The privacy plan of the settings over dataset_size units (calibrated by dp::PlanWithEpsilon when private). Throws
// common::InputError when privacy.target_epsilon cannot be reached within privacy.max_noise_multiplier, naming the
// largest epochs (or the epsilon) that would work, and (the DP linter) on settings that silently void the
// accounting: a logical batch larger than the dataset, or δ not well below 1/N (above 1/(10 N)).
PrivacyPlan PlanPrivacy(const TrainConfig& train, const PrivacyConfig& privacy, int64_t dataset_size);

// The plan a training follows over `units` privacy units: the job's mirrored plan when it has one, else its own.
PrivacyPlan PlanFor(const TrainingJob& job, int64_t units);

// privacy.json: the plan, the settings that shaped the guarantee, the epsilon the ledger has spent, whether the
// run is differentially private at all (and why not), the privacy unit, and which artefacts ε covers.
nlohmann::json PrivacySummary(const PrivacyPlan& plan, const TrainingJob& job, const dp::PrivacyLedger& ledger,
                              int64_t records);

// Test only: the DP-SGD bug LEAKGATE_TEST_PLANT_DP_BUG names (dp::PlantedBug), announced on stderr; kNone when unset.
dp::PlantedBug PlantedBugFromEnvironment();

// The white-box canaries of a private training (privacy.gradient_canaries of them, none when 0), included from the
// run's random source; and, after training, their counts above thresholds fixed in advance for
// gradient_canaries.json.
std::optional<dp::GradientCanaries> MakeRunGradientCanaries(const TrainingJob& job);
// One private step's draw is over the data units followed by the white-box canaries (one sampler draws both, so a
// sampler bug reaches the canaries): returns the data units and puts the drawn canaries in canaries->in_batch.
std::vector<int64_t> DataUnitsOf(const std::vector<int64_t>& drawn, int64_t unit_count, dp::GradientCanaries* canaries);
nlohmann::json GradientCanarySummary(const dp::GradientCanaries& canaries, const PrivacyPlan& plan);

// The learning rate of step `step` (0-based) of `steps`: linear warmup over train.warmup_steps, then constant or
// cosine decay to 0 (train.lr_schedule).
double LearningRate(const TrainConfig& train, int64_t step, int64_t steps);

struct TrainingResult {
  // metrics.json: held-out validation losses and baselines, timings, evaluation curve (no training-set statistic)
  nlohmann::json metrics;
  nlohmann::json privacy;  // privacy.json: epsilon, delta, accountant, noise_multiplier, sample_rate, steps, ...
  // gradient_canaries.json: the white-box canaries' counts above each threshold (null when none ran)
  nlohmann::json gradient_canaries;
  int64_t resumed_from_step = 0;
  // Names this training for the dataset's privacy ledger; a resumed training keeps its id, a new one gets another.
  std::string training_id;
};

// One kind of model the loop trains: its network, its examples and their loss, its held-out evaluation and its
// files. The loop owns sampling, clipping, noise, the optimizer, the schedule, checkpoints and privacy.json.
class TrainingTask {
 public:
  virtual ~TrainingTask() = default;
  // The network being trained, freshly initialised from the run seed.
  virtual std::shared_ptr<torch::nn::Module> Network() = 0;
  // The training examples of each training record, by example index (an LM's windows of a text; a classifier's
  // record itself): a record's examples belong to its privacy unit and are clipped with it.
  virtual const std::vector<std::vector<int64_t>>& ExamplesOfRecord() const = 0;
  // Mean loss over the examples `chunk`, with autograd (the network is in training mode).
  virtual at::Tensor Loss(const std::vector<int64_t>& chunk) = 0;
  // A held-out evaluation: the fields of one curve point (validation_loss, ...). Never reads training records.
  virtual nlohmann::json Evaluate() = 0;
  // Writes model_dir/weights.pt and model_dir/model.json.
  virtual void Save(const std::filesystem::path& model_dir) = 0;
  // The task's part of metrics.json (held-out statistics and baselines), given the last evaluation.
  virtual nlohmann::json Metrics(const nlohmann::json& last_evaluation) = 0;
};

// Trains `task` under job (privately through dp::MakePrivate when job.privacy.enabled), resuming from the newest
// valid checkpoint in job.model_dir written under job.fingerprint, then saves the model.
TrainingResult Train(TrainingTask& task, const TrainingJob& job);

}  // namespace leakgate::pipeline
