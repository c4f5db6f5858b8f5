#include "pipeline/train/trainer.h"

#include <torch/optim/optimizer.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>
#include <torch/utils.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <numbers>
#include <optional>
#include <sstream>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/threads.h"
#include "dp/engine/compute_setup.h"
#include "dp/engine/engine.h"
#include "pipeline/train/split.h"

namespace leakgate::pipeline {

std::string NewTrainingId() {
  auto source = dp::MakeSecureRandomSource();
  char text[33];
  const auto high = static_cast<unsigned long long>(source->Uniform() * 0x1p53);
  const auto low = static_cast<unsigned long long>(source->Uniform() * 0x1p53);
  std::snprintf(text, sizeof text, "%014llx%014llx", high, low);
  return text;
}

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string Format(double value, int precision = 4) {
  std::ostringstream out;
  out.precision(precision);
  out << value;
  return out.str();
}

double DeltaFor(const PrivacyConfig& privacy, int64_t dataset_size) {
  return privacy.delta.value_or(AutoDelta(dataset_size));
}

// Everything about a run's progress that a checkpoint must restore besides the network, the optimizer, the engine,
// the sampler and the canaries. Nothing here is computed from the training records without noise (no training
// loss, no count of sampled examples): checkpoints sit beside the model.
struct RunState {
  std::string training_id = NewTrainingId();
  int64_t step = 0;
  nlohmann::json curve = nlohmann::json::array();
  double seconds = 0.0;  // training wall time so far, over all sessions
};

// The canaries' per-canary arrays in a checkpoint archive (their scalars are in the state JSON).
void WriteCanaryArrays(torch::serialize::OutputArchive& archive, const dp::GradientCanaries& canaries) {
  archive.write("canaries.included", at::tensor(at::ArrayRef<uint8_t>(canaries.included), at::kByte));
  archive.write("canaries.statistic", at::tensor(at::ArrayRef<double>(canaries.statistic), at::kDouble));
  archive.write("canaries.participations", at::tensor(at::ArrayRef<int32_t>(canaries.participations), at::kInt));
}

void ReadCanaryArrays(torch::serialize::InputArchive& archive, dp::GradientCanaries& canaries) {
  at::Tensor included, statistic, participations;
  archive.read("canaries.included", included);
  archive.read("canaries.statistic", statistic);
  archive.read("canaries.participations", participations);
  const auto count = included.numel();
  if (statistic.numel() != count || participations.numel() != count) {
    throw common::InputError("checkpoint: the gradient canaries' arrays differ in length");
  }
  included = included.to(at::kByte).contiguous();
  statistic = statistic.to(at::kDouble).contiguous();
  participations = participations.to(at::kInt).contiguous();
  canaries.included.assign(included.data_ptr<uint8_t>(), included.data_ptr<uint8_t>() + count);
  canaries.statistic.assign(statistic.data_ptr<double>(), statistic.data_ptr<double>() + count);
  canaries.participations.assign(participations.data_ptr<int32_t>(), participations.data_ptr<int32_t>() + count);
}

// Noise and sampling draws of `purpose` at `index`: from the CSPRNG for a differentially private run, else
// from the run seed (reproducible, and labelled not DP).
std::unique_ptr<dp::RandomSource> RandomFor(const TrainingJob& job, std::string_view purpose, int64_t index) {
  return IsDifferentiallyPrivate(job.privacy) ? dp::MakeSecureRandomSource()
                                              : dp::MakeSeededRandomSource(DeriveSeed(job.seed, purpose, index));
}

// The optimizer settings of the config's optimizer section.
dp::OptimizerSettings OptimizerSettingsOf(const OptimizerConfig& config) {
  dp::OptimizerSettings settings;
  settings.kind = config.kind;
  settings.learning_rate = config.lr;
  settings.momentum = config.momentum;
  settings.weight_decay = config.weight_decay;
  return settings;
}

// What one run trains with: the network, its optimizer, and when private the engine and sampler (built once,
// through dp::MakePrivate) and the white-box canaries the engine updates (synthetic units with privatised
// statistics, which travel in the checkpoints).
class Trainer {
 public:
  Trainer(TrainingTask& task, const TrainingJob& job, const PrivacyPlan& plan)
      : network_(task.Network()), fingerprint_(job.fingerprint) {
    const dp::OptimizerSettings optimizer = OptimizerSettingsOf(job.train.optimizer);
    if (!job.privacy.enabled) {
      optimizer_ = dp::MakeOptimizer(optimizer, network_->parameters());
      return;
    }
    const bool secure = IsDifferentiallyPrivate(job.privacy);
    canaries_ = MakeRunGradientCanaries(job);
    dp::DpSgdOptions settings;
    settings.max_grad_norm = job.privacy.max_grad_norm;
    settings.grad_sample_mode = job.privacy.clipping;
    settings.loss_reduction = dp::LossReduction::kMean;
    settings.secure_rng = secure;
    // A seeded (not DP) run draws noise and batches from the run seed, and its checkpoints keep the streams'
    // positions; a private run draws both from the CSPRNG and writes no seed anywhere.
    settings.seed = secure ? 0 : DeriveSeed(job.seed, "dp-sgd");
    settings.planted_bug = PlantedBugFromEnvironment();
    settings.gradient_canaries = canaries_ ? &*canaries_ : nullptr;
    private_ = dp::MakePrivate(network_, optimizer, plan, settings);
  }

  torch::nn::Module& network() { return *network_; }
  torch::optim::Optimizer& optimizer() { return private_.engine ? private_.engine->optimizer() : *optimizer_; }
  dp::DpSgdEngine* engine() { return private_.engine.get(); }
  dp::PoissonSampler& sampler() { return *private_.sampler; }
  std::optional<dp::GradientCanaries>& canaries() { return canaries_; }

  // Written first to checkpoint.next.pt (atomically), then rotated: current -> prev, next -> current. A kill at any
  // point leaves at least one complete checkpoint.
  void WriteCheckpoint(const fs::path& model_dir, const RunState& state) {
    torch::serialize::OutputArchive archive;
    WriteNetworkAndOptimizer(archive);
    nlohmann::json json = {{"fingerprint", fingerprint_}, {"training_id", state.training_id}, {"step", state.step},
                           {"curve", state.curve},        {"seconds", state.seconds}};
    if (engine()) {
      json["engine"] = engine()->SaveState();
      json["sampler"] = sampler().SaveState();
    }
    if (canaries_) json["canaries"] = {{"gradient_norm", canaries_->gradient_norm}, {"steps", canaries_->steps}};
    archive.write("state", c10::IValue(json.dump()));
    if (canaries_) WriteCanaryArrays(archive, *canaries_);
    std::ostringstream bytes;
    archive.save_to(bytes);
    fs::create_directories(model_dir);
    common::WriteFileAtomically(model_dir / "checkpoint.next.pt", bytes.str());
    if (fs::exists(model_dir / "checkpoint.pt")) {
      fs::rename(model_dir / "checkpoint.pt", model_dir / "checkpoint.prev.pt");
    }
    fs::rename(model_dir / "checkpoint.next.pt", model_dir / "checkpoint.pt");
  }

  // Restores the newest checkpoint in model_dir that was written under this run's fingerprint and loads completely;
  // nullopt, with the fresh training untouched, when there is none.
  std::optional<RunState> ResumeNewest(const fs::path& model_dir) {
    std::vector<std::pair<int64_t, fs::path>> candidates;
    for (const char* name : {"checkpoint.pt", "checkpoint.next.pt", "checkpoint.prev.pt"}) {
      const fs::path path = model_dir / name;
      if (!fs::exists(path)) continue;
      if (const auto state = ReadState(path)) candidates.emplace_back(state->at("step").get<int64_t>(), path);
    }
    if (candidates.empty()) return std::nullopt;
    std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    const Fresh fresh = SaveFresh();
    for (const auto& [step, path] : candidates) {
      if (auto state = TryLoad(path)) return state;
      RestoreFresh(fresh);
    }
    return std::nullopt;
  }

 private:
  // The untrained network, optimizer, engine, sampler and canaries, to go back to when a checkpoint fails
  // half-loaded.
  struct Fresh {
    std::string network_and_optimizer;
    nlohmann::json engine;
    std::string sampler;
    std::optional<dp::GradientCanaries> canaries;
  };

  void WriteNetworkAndOptimizer(torch::serialize::OutputArchive& archive) {
    torch::serialize::OutputArchive network_archive;
    network_->save(network_archive);
    archive.write("model", network_archive);
    torch::serialize::OutputArchive optimizer_archive;
    optimizer().save(optimizer_archive);
    archive.write("optimizer", optimizer_archive);
  }

  void ReadNetworkAndOptimizer(torch::serialize::InputArchive& archive) {
    torch::serialize::InputArchive network_archive;
    archive.read("model", network_archive);
    network_->load(network_archive);
    torch::serialize::InputArchive optimizer_archive;
    archive.read("optimizer", optimizer_archive);
    optimizer().load(optimizer_archive);
  }

  // The state JSON of the checkpoint at `path` when it is readable and of this run's fingerprint.
  std::optional<nlohmann::json> ReadState(const fs::path& path) const {
    try {
      torch::serialize::InputArchive archive;
      archive.load_from(path.string());
      c10::IValue state;
      archive.read("state", state);
      auto json = nlohmann::json::parse(state.toStringRef());
      if (json.at("fingerprint") == fingerprint_) return json;
      common::LogWarning(path.string() + ": written for other inputs or settings; not resumed");
    } catch (const std::exception& error) {
      common::LogWarning(path.string() + ": unreadable checkpoint, ignored (" +
                         std::string(error.what()).substr(0, 200) + ")");
    }
    return std::nullopt;
  }

  std::optional<RunState> TryLoad(const fs::path& path) {
    try {
      torch::serialize::InputArchive archive;
      archive.load_from(path.string());
      c10::IValue state_value;
      archive.read("state", state_value);
      const auto json = nlohmann::json::parse(state_value.toStringRef());
      ReadNetworkAndOptimizer(archive);
      if (engine()) {
        engine()->RestoreState(json.at("engine"));
        sampler().RestoreState(json.at("sampler").get<std::string>());
      }
      if (canaries_) {
        ReadCanaryArrays(archive, *canaries_);
        canaries_->gradient_norm = json.at("canaries").at("gradient_norm");
        canaries_->steps = json.at("canaries").at("steps");
      }
      RunState state;
      state.training_id = json.at("training_id");
      state.step = json.at("step");
      state.curve = json.at("curve");
      state.seconds = json.at("seconds");
      return state;
    } catch (const std::exception& error) {
      common::LogWarning(path.string() + ": unreadable checkpoint, ignored (" +
                         std::string(error.what()).substr(0, 200) + ")");
      return std::nullopt;
    }
  }

  Fresh SaveFresh() {
    torch::serialize::OutputArchive archive;
    WriteNetworkAndOptimizer(archive);
    std::ostringstream bytes;
    archive.save_to(bytes);
    return {bytes.str(), engine() ? engine()->SaveState() : nlohmann::json(),
            engine() ? sampler().SaveState() : std::string(), canaries_};
  }

  void RestoreFresh(const Fresh& fresh) {
    std::istringstream bytes(fresh.network_and_optimizer);
    torch::serialize::InputArchive archive;
    archive.load_from(bytes);
    ReadNetworkAndOptimizer(archive);
    if (engine()) {
      engine()->RestoreState(fresh.engine);
      sampler().RestoreState(fresh.sampler);
    }
    if (canaries_) *canaries_ = *fresh.canaries;
  }

  std::shared_ptr<torch::nn::Module> network_;
  std::string fingerprint_;
  std::shared_ptr<torch::optim::Optimizer> optimizer_;  // when not private (the engine owns it otherwise)
  std::optional<dp::GradientCanaries> canaries_;
  dp::PrivateTraining private_;
};

// Ordinary mini-batches: consecutive slices of a stream of per-epoch seeded permutations of the training set.
class ShuffledBatches {
 public:
  ShuffledBatches(int64_t dataset_size, int64_t batch_size, uint64_t seed)
      : dataset_size_(dataset_size), batch_size_(batch_size), seed_(seed) {}

  std::vector<int64_t> Batch(int64_t step) {
    std::vector<int64_t> batch;
    batch.reserve(batch_size_);
    for (int64_t position = step * batch_size_; position < (step + 1) * batch_size_; ++position) {
      const int64_t epoch = position / dataset_size_;
      if (epoch != epoch_) Shuffle(epoch);
      batch.push_back(permutation_[position % dataset_size_]);
    }
    return batch;
  }

 private:
  void Shuffle(int64_t epoch) {
    permutation_.resize(dataset_size_);
    for (int64_t i = 0; i < dataset_size_; ++i) permutation_[i] = i;
    uint64_t state = DeriveSeed(seed_, "batches.epoch", epoch);
    for (int64_t i = dataset_size_ - 1; i > 0; --i) {
      state = DeriveSeed(state, "shuffle");
      std::swap(permutation_[i], permutation_[state % static_cast<uint64_t>(i + 1)]);
    }
    epoch_ = epoch;
  }

  int64_t dataset_size_;
  int64_t batch_size_;
  uint64_t seed_;
  int64_t epoch_ = -1;
  std::vector<int64_t> permutation_;
};

// The privacy units as lists of the task's examples: each unit's records' examples, in record order.
std::vector<std::vector<int64_t>> UnitExamples(const TrainingTask& task, const TrainingJob& job) {
  const auto& examples_of_record = task.ExamplesOfRecord();
  std::vector<std::vector<int64_t>> units;
  for (const auto& records : ExamplesByUnit(job.unit_of_example, static_cast<int64_t>(examples_of_record.size()))) {
    std::vector<int64_t>& examples = units.emplace_back();
    for (int64_t record : records) {
      const auto& of_record = examples_of_record[static_cast<size_t>(record)];
      examples.insert(examples.end(), of_record.begin(), of_record.end());
    }
  }
  return units;
}

// An evaluation's fields for the progress log: " name value" each.
std::string Describe(const nlohmann::json& evaluation) {
  std::string text;
  for (const auto& [name, value] : evaluation.items()) {
    text += " " + name + " " + (value.is_number() ? Format(value.get<double>()) : value.dump());
  }
  return text;
}

// The weights of the evaluation with the lowest validation loss so far (TrainingJob::keep_best_validation).
struct BestWeights {
  int64_t step = 0;  // 0: none offered yet
  double loss = std::numeric_limits<double>::infinity();
  std::vector<at::Tensor> values;  // parameters, then buffers

  void Offer(torch::nn::Module& network, const nlohmann::json& evaluation, int64_t at_step) {
    const auto loss_field = evaluation.find("validation_loss");
    if (loss_field == evaluation.end() || !loss_field->is_number() || !(loss_field->get<double>() < loss)) return;
    at::NoGradGuard no_grad;
    loss = loss_field->get<double>();
    step = at_step;
    values.clear();
    for (const at::Tensor& parameter : network.parameters()) values.push_back(parameter.detach().clone());
    for (const at::Tensor& buffer : network.buffers()) values.push_back(buffer.detach().clone());
  }

  void Restore(torch::nn::Module& network) const {
    at::NoGradGuard no_grad;
    std::size_t i = 0;
    for (at::Tensor& parameter : network.parameters()) parameter.copy_(values[i++]);
    for (at::Tensor& buffer : network.buffers()) buffer.copy_(values[i++]);
  }
};

}  // namespace

bool IsDifferentiallyPrivate(const PrivacyConfig& privacy) { return privacy.enabled && privacy.secure_rng; }

std::vector<std::vector<int64_t>> ExamplesByUnit(const std::vector<int64_t>& unit_of_example, int64_t examples) {
  if (unit_of_example.empty()) {
    std::vector<std::vector<int64_t>> units(static_cast<size_t>(examples));
    for (int64_t i = 0; i < examples; ++i) units[static_cast<size_t>(i)] = {i};
    return units;
  }
  if (static_cast<int64_t>(unit_of_example.size()) != examples) {
    throw common::InputError("the privacy units cover " + std::to_string(unit_of_example.size()) + " examples of " +
                     std::to_string(examples));
  }
  std::vector<std::vector<int64_t>> units;
  for (int64_t i = 0; i < examples; ++i) {
    const int64_t unit = unit_of_example[static_cast<size_t>(i)];
    if (unit < 0 || unit >= examples) throw common::InputError("privacy unit index " + std::to_string(unit) + " out of range");
    if (static_cast<size_t>(unit) >= units.size()) units.resize(static_cast<size_t>(unit) + 1);
    units[static_cast<size_t>(unit)].push_back(i);
  }
  for (size_t unit = 0; unit < units.size(); ++unit) {
    if (units[unit].empty()) throw common::InputError("privacy unit " + std::to_string(unit) + " has no training example");
  }
  return units;
}

double AutoDelta(int64_t units) { return 1.0 / (100.0 * static_cast<double>(units)); }

nlohmann::json PrivacySummary(const PrivacyPlan& plan, const TrainingJob& job, const dp::PrivacyLedger& ledger,
                              int64_t records) {
  const PrivacyConfig& privacy = job.privacy;
  const bool dp_guarantee = IsDifferentiallyPrivate(privacy);
  nlohmann::json not_dp_reason = nullptr;
  if (!privacy.enabled) {
    not_dp_reason = "privacy.enabled is false: trained without clipping or noise";
  } else if (!privacy.secure_rng) {
    not_dp_reason = "privacy.secure_rng is false: noise and sampling came from the run seed, so whoever learns the "
                    "seed can reproduce and subtract the noise; a reproducibility run, not a private one";
  }
  const bool persons = job.unit_name == "person";
  nlohmann::json summary = {
      {"enabled", privacy.enabled},
      {"differentially_private", dp_guarantee},
      {"not_dp_reason", not_dp_reason},
      {"randomness", privacy.secure_rng ? "csprng" : "seeded"},
      {"epsilon", nullptr},
      {"delta", plan.delta},
      {"delta_setting", privacy.delta ? nlohmann::json(*privacy.delta) : nlohmann::json("auto")},
      {"target_epsilon", nullptr},
      {"accountant", dp::AccountantName(privacy.accountant)},
      {"accountant_details", nlohmann::json::object()},
      {"noise_multiplier", plan.noise_multiplier},
      {"sample_rate", plan.sample_rate},
      {"steps", plan.steps},
      {"max_grad_norm", privacy.max_grad_norm},
      {"clipping", dp::GradSampleModeName(privacy.clipping)},
      {"sampling", privacy.enabled ? "poisson" : "shuffled"},
      {"privacy_unit", job.unit_name},
      {"dataset_size", plan.dataset_size},
      {"training_records", records},
      {"unit_definition",
       persons ? "one person: every training record with the same data.user_field value (read before scrubbing), "
                 "sampled together and clipped once as a whole"
               : "one training example: one record after deduplication and scrubbing; each canary copy counts "
                 "separately, and a person with several records is protected only by group privacy"},
      {"covers",
       {"model/weights.pt", "model/model.json (architecture and configured classes only)",
        "what a served model answers"}},
      {"not_covered",
       {"which records survived deduplication and scrubbing (hygiene.json, split.json)",
        "split.max_members and the membership lists in split.json",
        "validation statistics in metrics.json (computed on held-out records, never trained on)",
        "audit results (audit.json, reports), computed on members and held-out records"}},
      {"secure_rng", privacy.secure_rng},
      {"ledger", ledger.ToJson()}};
  if (!privacy.enabled) return summary;
  const dp::EpsilonReport spent = ledger.Epsilon(plan.delta, privacy.accountant);
  summary["epsilon"] = spent.epsilon;
  summary["target_epsilon"] = privacy.target_epsilon;
  auto& details = summary["accountant_details"];
  if (spent.alpha) details["alpha"] = *spent.alpha;
  if (spent.eps_error) details["eps_error"] = *spent.eps_error;
  if (spent.delta_error) details["delta_error"] = *spent.delta_error;
  return summary;
}

double LearningRate(const TrainConfig& train, int64_t step, int64_t steps) {
  const double peak = train.optimizer.lr;
  if (step < train.warmup_steps) return peak * static_cast<double>(step + 1) / train.warmup_steps;
  if (train.lr_schedule == LrSchedule::kConstant) return peak;
  const double span = std::max<int64_t>(1, steps - train.warmup_steps);
  const double progress = static_cast<double>(step - train.warmup_steps) / span;
  return peak * 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
}

PrivacyPlan PlanPrivacy(const TrainConfig& train, const PrivacyConfig& privacy, int64_t dataset_size) {
  if (dataset_size < 1) throw common::InputError("the training set is empty (check split.audit_holdout and the corpus)");
  const int64_t batch_size = std::min<int64_t>(train.batch_size, dataset_size);
  const double sample_rate = dp::SampleRateForBatch(batch_size, dataset_size);
  const int64_t steps = dp::StepsForEpochs(train.epochs, sample_rate);
  const double delta = DeltaFor(privacy, dataset_size);
  const dp::AccountantKind accountant = privacy.accountant;
  if (steps < 1) {
    throw common::InputError("train.epochs " + Format(train.epochs) + " gives no training step at sample rate " +
                             Format(sample_rate) + " (raise train.epochs)");
  }
  if (!privacy.enabled) {
    return {.dataset_size = dataset_size, .sample_rate = sample_rate, .steps = steps, .delta = delta,
            .noise_multiplier = 0.0, .accountant = accountant};
  }
  if (train.batch_size > dataset_size) {
    throw common::InputError("train.batch_size " + std::to_string(train.batch_size) + " is larger than the " +
                     std::to_string(dataset_size) +
                     " privacy units: Poisson sampling cannot reach that expected batch, and the accountant's sample "
                     "rate would not be the real one (lower train.batch_size)");
  }
  if (delta > 1.0 / (10.0 * static_cast<double>(dataset_size))) {
    throw common::InputError("privacy.delta " + Format(delta) + " is not well below 1/N for N = " +
                     std::to_string(dataset_size) + " privacy units: a mechanism that publishes each unit with "
                     "probability delta would expose one of them " + Format(delta * dataset_size * 100.0, 3) +
                     "% of the time (use delta: auto, 1/(100 N), or at most 1/(10 N) = " +
                     Format(1.0 / (10.0 * static_cast<double>(dataset_size))) + ")");
  }
  const dp::PrivacyTarget target{.dataset_size = dataset_size,
                                 .expected_batch_size = batch_size,
                                 .epochs = train.epochs,
                                 .target_epsilon = privacy.target_epsilon,
                                 .delta = delta,
                                 .accountant = accountant,
                                 .max_noise_multiplier = privacy.max_noise_multiplier};
  try {
    return dp::PlanWithEpsilon(target);
  } catch (const dp::UnreachableEpsilonError& error) {
    // Rounded down, so the suggested epochs give at most max_steps steps.
    const double max_epochs = std::floor(static_cast<double>(error.max_steps()) * sample_rate * 1000.0) / 1000.0;
    const std::string suggestion =
        max_epochs > 0 ? "lower train.epochs to at most " + Format(max_epochs, 6) + ", " : std::string();
    throw common::InputError("privacy.target_epsilon " + Format(privacy.target_epsilon) + " is unreachable: " +
                     std::to_string(steps) + " steps at sample rate " + Format(sample_rate) + " spend epsilon " +
                     Format(error.epsilon_at_cap()) + " even at privacy.max_noise_multiplier " +
                     Format(privacy.max_noise_multiplier) + " (" + suggestion +
                     "lower train.batch_size, or raise privacy.target_epsilon to " +
                     Format(error.epsilon_at_cap(), 3) + ")");
  }
}

PrivacyPlan PlanFor(const TrainingJob& job, int64_t units) {
  if (!job.mirrored_plan) return PlanPrivacy(job.train, job.privacy, units);
  if (units < 1) throw common::InputError("the training set is empty (check split.audit_holdout and the corpus)");
  PrivacyPlan plan = *job.mirrored_plan;
  plan.dataset_size = units;
  return plan;
}

// Test only: LEAKGATE_TEST_PLANT_DP_BUG names a DP-SGD bug (dp::PlantedBug) to plant, so that tests can check the
// audit and the gate catch it from one training run. Announced on stderr; privacy.json claims the accountant's
// epsilon as a buggy library would.
dp::PlantedBug PlantedBugFromEnvironment() {
  const char* name = std::getenv("LEAKGATE_TEST_PLANT_DP_BUG");
  if (name == nullptr || *name == '\0') return dp::PlantedBug::kNone;
  const dp::PlantedBug bug = dp::ParsePlantedBug(name);
  if (bug != dp::PlantedBug::kNone) {
    common::LogInfo(std::string("train: TEST ONLY: planting the DP-SGD bug '") + name +
            "' (LEAKGATE_TEST_PLANT_DP_BUG); this model is not private whatever privacy.json says");
  }
  return bug;
}

// The thresholds the white-box canaries are counted against, in units of the claimed noise of their summed
// coordinate (sigma sqrt(steps) clipping bounds; the highest are reached only by unclipped canaries): fixed before
// training, so picking the best afterwards costs only a Bonferroni factor of their number.
constexpr std::array<double, 11> kCanaryThresholdsInNoiseUnits = {0.25, 0.5, 0.75, 1.0, 1.5, 2.0,
                                                                   2.5,  3.0, 4.0,  5.0, 6.0};

nlohmann::json GradientCanarySummary(const dp::GradientCanaries& canaries, const PrivacyPlan& plan) {
  const double noise_unit = plan.noise_multiplier * std::sqrt(static_cast<double>(canaries.steps));
  nlohmann::json thresholds = nlohmann::json::array();
  for (double multiple : kCanaryThresholdsInNoiseUnits) {
    const double threshold = multiple * noise_unit;
    std::size_t in_total = 0, in_above = 0, out_total = 0, out_above = 0;
    for (std::size_t i = 0; i < canaries.statistic.size(); ++i) {
      const bool above = canaries.statistic[i] > threshold;
      if (canaries.included[i]) {
        ++in_total;
        in_above += above ? 1 : 0;
      } else {
        ++out_total;
        out_above += above ? 1 : 0;
      }
    }
    thresholds.push_back({{"threshold", threshold}, {"in_total", in_total}, {"in_above", in_above},
                          {"out_total", out_total}, {"out_above", out_above}});
  }
  // How many canaries the sampler drew k times, k = 0, 1, ...: the sampler's record, with no real unit in it.
  std::vector<int64_t> participation_histogram;
  for (int32_t count : canaries.participations) {
    if (static_cast<std::size_t>(count) >= participation_histogram.size()) participation_histogram.resize(count + 1, 0);
    ++participation_histogram[static_cast<std::size_t>(count)];
  }
  return {{"count", canaries.statistic.size()},
          {"participation_histogram", participation_histogram},
          {"gradient_norm", canaries.gradient_norm},
          {"steps", canaries.steps},
          {"sample_rate", plan.sample_rate},
          {"noise_multiplier", plan.noise_multiplier},
          {"statistic", "sum over steps of each canary's privatised coordinate, in clipping bounds"},
          {"thresholds", thresholds}};
}

std::vector<int64_t> DataUnitsOf(const std::vector<int64_t>& drawn, int64_t unit_count, dp::GradientCanaries* canaries) {
  std::vector<int64_t> data_units;
  for (int64_t index : drawn) {
    if (index < unit_count) {
      data_units.push_back(index);
    } else if (canaries != nullptr) {
      canaries->in_batch.push_back(static_cast<std::size_t>(index - unit_count));
    } else {
      throw common::InputError("sampler drew unit " + std::to_string(index) + " of " + std::to_string(unit_count));
    }
  }
  return data_units;
}

std::optional<dp::GradientCanaries> MakeRunGradientCanaries(const TrainingJob& job) {
  if (!job.privacy.enabled || job.privacy.gradient_canaries <= 0) return std::nullopt;
  return dp::MakeGradientCanaries(static_cast<std::size_t>(job.privacy.gradient_canaries),
                                  *RandomFor(job, "gradient-canaries", 0));
}

TrainingResult Train(TrainingTask& task, const TrainingJob& job) {
  if (job.keep_best_validation && job.privacy.enabled)
    throw common::InputError("keeping the best evaluation's weights is not for private training: the choice among "
                             "its steps would be a release epsilon does not account for");
  const int threads = common::ResolveThreads(job.threads);
  dp::SetUpCompute(threads);
  const int64_t records = static_cast<int64_t>(task.ExamplesOfRecord().size());
  const std::vector<std::vector<int64_t>> units = UnitExamples(task, job);
  const int64_t unit_count = static_cast<int64_t>(units.size());
  const PrivacyPlan plan = PlanFor(job, unit_count);

  Trainer trainer(task, job, plan);
  RunState state;
  TrainingResult result;
  // Keeping the best evaluation's weights starts over: they are held in memory, not in the checkpoints.
  if (auto resumed = job.keep_best_validation ? std::nullopt : trainer.ResumeNewest(job.model_dir)) {
    state = std::move(*resumed);
    result.resumed_from_step = state.step;
    common::LogInfo("train: resuming from the checkpoint at step " + std::to_string(state.step) + " of " +
                    std::to_string(plan.steps));
  }
  dp::DpSgdEngine* engine = trainer.engine();
  const auto spent_epsilon = [&] {
    return engine && engine->ledger().total_steps() > 0 ? engine->Epsilon(plan.delta, plan.accountant).epsilon : 0.0;
  };
  const auto physical_loss = [&](const std::vector<int64_t>& chunk) { return task.Loss(chunk); };
  // Ordinary training: shuffled mini-batches of the expected Poisson batch's size, drawn by step (so a resumed run
  // takes the batches it would have taken).
  const int64_t batch_size = std::max<int64_t>(1, std::llround(plan.sample_rate * static_cast<double>(unit_count)));
  ShuffledBatches shuffled(unit_count, batch_size, job.seed);
  // Test only: the planted "shuffled sampler" bug draws fixed-size batches of units and canaries instead.
  const bool planted_shuffled_sampler = engine && engine->options().planted_bug == dp::PlantedBug::kShuffledSampler;
  const int64_t population = engine ? trainer.sampler().dataset_size() : unit_count;
  ShuffledBatches planted_shuffle(population, std::llround(plan.sample_rate * static_cast<double>(population)),
                                  job.seed);

  trainer.network().train();
  double epsilon_so_far = spent_epsilon();
  nlohmann::json last_evaluation = state.curve.empty() ? nlohmann::json() : state.curve.back();
  BestWeights best;
  while (state.step < plan.steps) {
    const auto step_start = Clock::now();
    for (auto& group : trainer.optimizer().param_groups()) {
      group.options().set_lr(LearningRate(job.train, state.step, plan.steps));
    }
    if (engine) {
      const std::vector<int64_t> drawn =
          planted_shuffled_sampler ? planted_shuffle.Batch(state.step) : trainer.sampler().NextBatch();
      std::vector<std::vector<int64_t>> batch;
      for (int64_t unit : DataUnitsOf(drawn, unit_count, engine->options().gradient_canaries)) {
        batch.push_back(units[static_cast<size_t>(unit)]);
      }
      engine->TrainLogicalBatchOfUnits(batch, job.train.physical_batch, physical_loss);
    } else {
      std::vector<int64_t> batch;
      for (int64_t unit : shuffled.Batch(state.step)) {
        batch.insert(batch.end(), units[static_cast<size_t>(unit)].begin(), units[static_cast<size_t>(unit)].end());
      }
      for (const auto& chunk : dp::SplitIntoPhysicalBatches(batch, job.train.physical_batch)) {
        const double share = static_cast<double>(chunk.size()) / static_cast<double>(batch.size());
        (physical_loss(chunk) * share).backward();
      }
      trainer.optimizer().step();
      trainer.optimizer().zero_grad();
    }
    ++state.step;
    const double step_seconds = std::chrono::duration<double>(Clock::now() - step_start).count();
    state.seconds += step_seconds;

    const bool last = state.step == plan.steps;
    if (state.step % job.train.eval_every == 0 || last) {
      epsilon_so_far = spent_epsilon();
      trainer.network().eval();
      last_evaluation = task.Evaluate();
      if (job.keep_best_validation) best.Offer(trainer.network(), last_evaluation, state.step);
      trainer.network().train();
      nlohmann::json point = last_evaluation;
      point["step"] = state.step;
      point["epsilon"] = epsilon_so_far;
      state.curve.push_back(point);
      common::LogInfo("train: step " + std::to_string(state.step) + "/" + std::to_string(plan.steps) +
                      Describe(last_evaluation) + (engine ? " epsilon " + Format(epsilon_so_far, 3) : ""));
    }
    if (state.step % job.train.checkpoint_every == 0 || last) trainer.WriteCheckpoint(job.model_dir, state);
    if (job.on_step) job.on_step({state.step, plan.steps, epsilon_so_far, step_seconds});
  }
  trainer.network().eval();
  if (best.step > 0 && best.step < state.step) {
    best.Restore(trainer.network());
    last_evaluation = task.Evaluate();
    common::LogInfo("train: kept the weights of step " + std::to_string(best.step) + Describe(last_evaluation) +
                    ", the lowest validation loss");
  }
  task.Save(job.model_dir);
  if (last_evaluation.is_null()) last_evaluation = task.Evaluate();

  result.metrics = task.Metrics(last_evaluation);
  result.metrics.update({{"steps", plan.steps},
                         {"lr_schedule", LrScheduleName(job.train.lr_schedule)},
                         {"curve", state.curve},
                         {"train_seconds", state.seconds},
                         {"seconds_per_step", state.step > 0 ? state.seconds / static_cast<double>(state.step) : 0.0},
                         {"threads", threads},
                         {"resumed_from_step", result.resumed_from_step}});
  if (job.keep_best_validation) result.metrics["kept_step"] = best.step > 0 ? best.step : state.step;
  result.training_id = state.training_id;
  result.privacy = PrivacySummary(plan, job, engine ? engine->ledger() : dp::PrivacyLedger(), records);
  if (trainer.canaries()) result.gradient_canaries = GradientCanarySummary(*trainer.canaries(), plan);
  return result;
}

}  // namespace leakgate::pipeline
