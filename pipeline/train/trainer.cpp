#include "pipeline/train/trainer.h"

#include <ATen/Parallel.h>
#include <torch/optim/optimizer.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>
#include <torch/utils.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <cstdlib>
#include <numbers>
#include <array>
#include <optional>
#include <sstream>

#include "common/atomic_file.h"
#include "common/log.h"
#include "dp/accounting/accounting.h"
#include "dp/engine/compute_setup.h"
#include "dp/engine/engine.h"
#include "pipeline/train/lm.h"
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

double ParseDelta(const std::string& delta, int64_t dataset_size) {
  return delta == "auto" ? AutoDelta(dataset_size) : std::stod(delta);
}

double EpsilonAfter(double noise_multiplier, double sample_rate, int64_t steps, double delta,
                    dp::AccountantKind kind) {
  return dp::ComputeEpsilon({{noise_multiplier, sample_rate, steps}}, delta, kind).epsilon;
}

// Everything about a run's progress that a checkpoint must restore, besides model and optimizer.
// Nothing here is computed from the training records without noise (no training loss, no count of sampled
// examples): checkpoints sit beside the model. The white-box canaries are synthetic units with privatised statistics.
struct RunState {
  std::string training_id = NewTrainingId();
  int64_t step = 0;
  dp::PrivacyLedger ledger;
  nlohmann::json curve = nlohmann::json::array();
  double seconds = 0.0;  // training wall time so far, over all sessions
  std::optional<dp::GradientCanaries> canaries;  // since step 0; absent when none ran

  nlohmann::json ToJson(const std::string& fingerprint) const {
    nlohmann::json json = {{"fingerprint", fingerprint}, {"training_id", training_id}, {"step", step},
                           {"ledger", ledger.ToJson()},  {"curve", curve},             {"seconds", seconds}};
    if (canaries) json["canaries"] = {{"gradient_norm", canaries->gradient_norm}, {"steps", canaries->steps}};
    return json;
  }
  static RunState FromJson(const nlohmann::json& json) {
    RunState state;
    state.training_id = json.at("training_id");
    state.step = json.at("step");
    state.ledger = dp::PrivacyLedger::FromJson(json.at("ledger"));
    state.curve = json.at("curve");
    state.seconds = json.at("seconds");
    if (json.contains("canaries")) {
      state.canaries.emplace();
      state.canaries->gradient_norm = json["canaries"].at("gradient_norm");
      state.canaries->steps = json["canaries"].at("steps");
    }
    return state;
  }
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

// The model and optimizer of a run, built from the settings (fresh, seeded initialisation).
struct Trainable {
  models::TransformerLm model{nullptr};
  std::shared_ptr<torch::optim::Optimizer> optimizer;
};

Trainable MakeTrainable(const TrainingJob& job) {
  torch::manual_seed(DeriveSeed(job.seed, "model.init"));
  Trainable trainable;
  trainable.model = BuildLanguageModel(job.train.model);
  dp::OptimizerSettings settings;
  settings.kind = job.train.optimizer.kind == "sgd" ? dp::OptimizerKind::kSgd : dp::OptimizerKind::kAdam;
  settings.learning_rate = job.train.optimizer.lr;
  settings.momentum = job.train.optimizer.momentum;
  settings.weight_decay = job.train.optimizer.weight_decay;
  trainable.optimizer = dp::MakeOptimizer(settings, trainable.model->parameters());
  return trainable;
}

// Checkpoint files: the current one, the one being promoted, and the previous good one.
const char* const kCheckpointNames[] = {"checkpoint.pt", "checkpoint.next.pt", "checkpoint.prev.pt"};

// Written first to checkpoint.next.pt (atomically), then rotated: current -> prev, next -> current. A kill at any
// point leaves at least one complete checkpoint.
void WriteCheckpoint(const fs::path& model_dir, Trainable& trainable, const RunState& state,
                     const std::string& fingerprint) {
  torch::serialize::OutputArchive archive;
  torch::serialize::OutputArchive model_archive;
  trainable.model->save(model_archive);
  archive.write("model", model_archive);
  torch::serialize::OutputArchive optimizer_archive;
  trainable.optimizer->save(optimizer_archive);
  archive.write("optimizer", optimizer_archive);
  archive.write("state", c10::IValue(state.ToJson(fingerprint).dump()));
  if (state.canaries) WriteCanaryArrays(archive, *state.canaries);
  std::ostringstream bytes;
  archive.save_to(bytes);
  fs::create_directories(model_dir);
  common::WriteFileAtomically(model_dir / "checkpoint.next.pt", bytes.str());
  if (fs::exists(model_dir / "checkpoint.pt")) fs::rename(model_dir / "checkpoint.pt", model_dir / "checkpoint.prev.pt");
  fs::rename(model_dir / "checkpoint.next.pt", model_dir / "checkpoint.pt");
}

std::optional<RunState> TryLoadCheckpoint(const fs::path& path, const TrainingJob& job, Trainable& trainable) {
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(path.string());
    c10::IValue state_value;
    archive.read("state", state_value);
    const auto state_json = nlohmann::json::parse(state_value.toStringRef());
    if (state_json.at("fingerprint") != job.fingerprint) {
      common::LogWarning(path.string() + ": written for other inputs or settings; not resumed");
      return std::nullopt;
    }
    torch::serialize::InputArchive model_archive;
    archive.read("model", model_archive);
    trainable.model->load(model_archive);
    torch::serialize::InputArchive optimizer_archive;
    archive.read("optimizer", optimizer_archive);
    trainable.optimizer->load(optimizer_archive);
    RunState state = RunState::FromJson(state_json);
    if (state.canaries) ReadCanaryArrays(archive, *state.canaries);
    return state;
  } catch (const std::exception& error) {
    common::LogWarning(path.string() + ": unreadable checkpoint, ignored (" + std::string(error.what()).substr(0, 200) + ")");
    return std::nullopt;
  }
}

// The newest checkpoint that loads completely and matches the job; nullopt: start from scratch.
std::optional<RunState> ResumeNewest(const TrainingJob& job, Trainable& trainable) {
  std::optional<RunState> best;
  for (const char* name : kCheckpointNames) {
    const fs::path path = job.model_dir / name;
    if (!fs::exists(path)) continue;
    Trainable candidate = MakeTrainable(job);
    auto state = TryLoadCheckpoint(path, job, candidate);
    if (state && (!best || state->step > best->step)) {
      best = std::move(state);
      trainable = std::move(candidate);
    }
  }
  return best;
}


at::Tensor BatchIds(const std::vector<std::vector<int32_t>>& examples, const std::vector<int64_t>& indices) {
  std::vector<const std::vector<int32_t>*> sequences;
  sequences.reserve(indices.size());
  for (int64_t index : indices) sequences.push_back(&examples[index]);
  return PadBatch(sequences);
}

// Token-weighted mean next-token NLL (nats per token) over `examples`.
double ValidationLoss(models::TransformerLm& model, const std::vector<std::vector<int32_t>>& examples, int64_t batch) {
  if (examples.empty()) return NAN;
  at::NoGradGuard no_grad;
  model->eval();
  double nll = 0.0;
  double tokens = 0.0;
  std::vector<int64_t> indices(examples.size());
  for (size_t i = 0; i < indices.size(); ++i) indices[i] = static_cast<int64_t>(i);
  for (const auto& chunk : dp::SplitIntoPhysicalBatches(indices, batch)) {
    const at::Tensor ids = BatchIds(examples, chunk);
    const at::Tensor loss = PerExampleLoss(model->forward(ids), ids).to(at::kDouble).contiguous();
    for (size_t i = 0; i < chunk.size(); ++i) {
      const double targets = static_cast<double>(examples[chunk[i]].size() - 1);
      nll += loss.data_ptr<double>()[i] * targets;
      tokens += targets;
    }
  }
  model->train();
  return nll / tokens;
}

// The baseline a language model must beat: a unigram model (add-one smoothing over bytes and EOS) fitted on the
// even validation records, scored on the odd ones. It never reads the training records: ε does not cover them.
double UnigramLoss(const std::vector<std::vector<int32_t>>& validation) {
  std::vector<double> counts(kByteVocabSize, 0.0);
  double total = 0.0;
  for (size_t i = 0; i < validation.size(); i += 2) {
    for (size_t t = 1; t < validation[i].size(); ++t) counts[validation[i][t]] += 1.0;
    total += static_cast<double>(validation[i].size() - 1);
  }
  const double symbols = 257.0;  // 256 bytes + EOS
  double nll = 0.0;
  double tokens = 0.0;
  for (size_t i = 1; i < validation.size(); i += 2) {
    for (size_t t = 1; t < validation[i].size(); ++t) {
      nll -= std::log((counts[validation[i][t]] + 1.0) / (total + symbols));
      tokens += 1.0;
    }
  }
  return tokens > 0 ? nll / tokens : NAN;
}

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
      {"delta_setting", privacy.delta},
      {"target_epsilon", nullptr},
      {"accountant", privacy.accountant},
      {"accountant_details", nlohmann::json::object()},
      {"noise_multiplier", plan.noise_multiplier},
      {"sample_rate", plan.sample_rate},
      {"steps", plan.steps},
      {"max_grad_norm", privacy.max_grad_norm},
      {"clipping", privacy.clipping},
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
  const dp::EpsilonReport spent = ledger.Epsilon(plan.delta, dp::ParseAccountantKind(privacy.accountant));
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
  if (train.lr_schedule == "constant") return peak;
  const double span = std::max<int64_t>(1, steps - train.warmup_steps);
  const double progress = static_cast<double>(step - train.warmup_steps) / span;
  return peak * 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
}

PrivacyPlan PlanPrivacy(const TrainConfig& train, const PrivacyConfig& privacy, int64_t dataset_size) {
  if (dataset_size < 1) throw common::InputError("the training set is empty (check split.audit_holdout and the corpus)");
  PrivacyPlan plan;
  plan.dataset_size = dataset_size;
  plan.sample_rate = dp::SampleRateForBatch(std::min<int64_t>(train.batch_size, dataset_size), dataset_size);
  plan.steps = dp::StepsForEpochs(train.epochs, plan.sample_rate);
  plan.delta = ParseDelta(privacy.delta, dataset_size);
  if (privacy.enabled && train.batch_size > dataset_size) {
    throw common::InputError("train.batch_size " + std::to_string(train.batch_size) + " is larger than the " +
                     std::to_string(dataset_size) +
                     " privacy units: Poisson sampling cannot reach that expected batch, and the accountant's sample "
                     "rate would not be the real one (lower train.batch_size)");
  }
  if (plan.steps < 1) {
    throw common::InputError("train.epochs " + Format(train.epochs) + " gives no training step at sample rate " +
                     Format(plan.sample_rate) + " (raise train.epochs)");
  }
  if (!privacy.enabled) return plan;
  if (plan.delta > 1.0 / (10.0 * static_cast<double>(dataset_size))) {
    throw common::InputError("privacy.delta " + Format(plan.delta) + " is not well below 1/N for N = " +
                     std::to_string(dataset_size) + " privacy units: a mechanism that publishes each unit with "
                     "probability delta would expose one of them " + Format(plan.delta * dataset_size * 100.0, 3) +
                     "% of the time (use delta: auto, 1/(100 N), or at most 1/(10 N) = " +
                     Format(1.0 / (10.0 * static_cast<double>(dataset_size))) + ")");
  }
  const auto kind = dp::ParseAccountantKind(privacy.accountant);
  const double cap = privacy.max_noise_multiplier;
  const double epsilon_at_cap = EpsilonAfter(cap, plan.sample_rate, plan.steps, plan.delta, kind);
  if (epsilon_at_cap > privacy.target_epsilon) {
    // The most steps the noise cap allows, by bisection on the (increasing) epsilon in steps.
    int64_t low = 0;
    int64_t high = plan.steps;
    while (high - low > 1) {
      const int64_t middle = low + (high - low) / 2;
      (EpsilonAfter(cap, plan.sample_rate, middle, plan.delta, kind) <= privacy.target_epsilon ? low : high) = middle;
    }
    // Rounded down, so the suggested epochs give at most `low` steps.
    const double max_epochs = std::floor(static_cast<double>(low) * plan.sample_rate * 1000.0) / 1000.0;
    std::string suggestion =
        max_epochs > 0 ? "lower train.epochs to at most " + Format(max_epochs, 6) + ", " : std::string();
    throw common::InputError("privacy.target_epsilon " + Format(privacy.target_epsilon) + " is unreachable: " +
                     std::to_string(plan.steps) + " steps at sample rate " + Format(plan.sample_rate) +
                     " spend epsilon " + Format(epsilon_at_cap) + " even at privacy.max_noise_multiplier " +
                     Format(cap) + " (" + suggestion + "lower train.batch_size, or raise privacy.target_epsilon to " +
                     Format(epsilon_at_cap, 3) + ")");
  }
  plan.noise_multiplier =
      dp::GetNoiseMultiplier(privacy.target_epsilon, plan.delta, plan.sample_rate, plan.steps, kind);
  return plan;
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

TrainingResult TrainLanguageModel(const std::vector<std::string>& train_texts,
                                  const std::vector<std::string>& validation_texts, const TrainingJob& job) {
  const int threads = dp::ResolveComputeThreads(job.threads);
  dp::SetUpCompute(threads);
  const int64_t dataset_size = static_cast<int64_t>(train_texts.size());
  const size_t seq_len = static_cast<size_t>(job.train.model.seq_len);
  // The model learns every window of every text; a text's windows belong to its privacy unit and are clipped with it.
  std::vector<std::vector<int32_t>> train_examples;
  std::vector<std::vector<int64_t>> windows_of_text(train_texts.size());
  for (size_t i = 0; i < train_texts.size(); ++i) {
    for (auto& window : EncodeWindows(train_texts[i], seq_len)) {
      windows_of_text[i].push_back(static_cast<int64_t>(train_examples.size()));
      train_examples.push_back(std::move(window));
    }
  }
  std::vector<std::vector<int64_t>> units;
  for (const auto& texts_of_unit : ExamplesByUnit(job.unit_of_example, dataset_size)) {
    std::vector<int64_t>& windows = units.emplace_back();
    for (int64_t text : texts_of_unit) {
      const auto& of_text = windows_of_text[static_cast<size_t>(text)];
      windows.insert(windows.end(), of_text.begin(), of_text.end());
    }
  }
  const int64_t unit_count = static_cast<int64_t>(units.size());
  const PrivacyPlan plan = PlanFor(job, unit_count);
  const auto accountant = dp::ParseAccountantKind(job.privacy.accountant);

  std::vector<std::vector<int32_t>> validation_examples;
  for (size_t i = 0; i < validation_texts.size() && i < static_cast<size_t>(job.train.eval_records); ++i) {
    for (auto& window : EncodeWindows(validation_texts[i], seq_len)) validation_examples.push_back(std::move(window));
  }

  Trainable trainable = MakeTrainable(job);
  RunState state;
  TrainingResult result;
  if (auto resumed = ResumeNewest(job, trainable)) {
    state = std::move(*resumed);
    result.resumed_from_step = state.step;
    common::LogInfo("train: resuming from the checkpoint at step " + std::to_string(state.step) + " of " +
            std::to_string(plan.steps));
  }
  models::TransformerLm& model = trainable.model;
  model->train();

  const int64_t windows = static_cast<int64_t>(train_examples.size());
  // The expected Poisson batch: train.batch_size (at most every unit), or the mirrored plan's rate times the units.
  const int64_t batch_size = std::max<int64_t>(1, std::llround(plan.sample_rate * static_cast<double>(unit_count)));
  ShuffledBatches shuffled(unit_count, batch_size, job.seed);
  const bool secure = IsDifferentiallyPrivate(job.privacy);
  const auto physical_loss = [&](const std::vector<int64_t>& chunk) {
    const at::Tensor ids = BatchIds(train_examples, chunk);
    return PerExampleLoss(model->forward(ids), ids).mean();
  };
  const auto spent_epsilon = [&] {
    return job.privacy.enabled && state.ledger.total_steps() > 0
               ? state.ledger.Epsilon(plan.delta, accountant).epsilon
               : 0.0;
  };

  double epsilon_so_far = spent_epsilon();
  const dp::PlantedBug planted_bug = job.privacy.enabled ? PlantedBugFromEnvironment() : dp::PlantedBug::kNone;
  // White-box canaries need every step of the run: they start at step 0 and travel in the checkpoints.
  if (state.step == 0) state.canaries = MakeRunGradientCanaries(job);
  std::optional<dp::GradientCanaries>& gradient_canaries = state.canaries;
  // The canaries are units of the dataset: the step's sampler draws from the data units and them together.
  const int64_t population = unit_count + (gradient_canaries ? static_cast<int64_t>(gradient_canaries->included.size()) : 0);
  ShuffledBatches planted_shuffle(population, std::llround(plan.sample_rate * static_cast<double>(population)), job.seed);
  while (state.step < plan.steps) {
    const auto step_start = Clock::now();
    for (auto& group : trainable.optimizer->param_groups()) {
      group.options().set_lr(LearningRate(job.train, state.step, plan.steps));
    }
    if (job.privacy.enabled) {
      dp::DpSgdOptions options;
      options.noise_multiplier = plan.noise_multiplier;
      options.max_grad_norm = job.privacy.max_grad_norm;
      options.grad_sample_mode =
          job.privacy.clipping == "ghost" ? dp::GradSampleMode::kGhost : dp::GradSampleMode::kMaterialized;
      options.loss_reduction = dp::LossReduction::kMean;
      options.expected_batch_size = plan.sample_rate * static_cast<double>(unit_count);
      options.sample_rate = plan.sample_rate;
      options.secure_rng = secure;
      options.planted_bug = planted_bug;
      options.gradient_canaries = gradient_canaries ? &*gradient_canaries : nullptr;
      // A seeded (not DP) run draws step s's noise and batch from (seed, s) only, so a resumed run draws what it
      // would have drawn; a private run draws both from the CSPRNG and writes no seed anywhere.
      options.seed = secure ? 0 : DeriveSeed(job.seed, "noise", state.step);
      dp::DpSgdEngine engine(model.ptr(), trainable.optimizer, options);
      engine.ledger() = state.ledger;
      const std::vector<int64_t> drawn =
          planted_bug == dp::PlantedBug::kShuffledSampler
              ? planted_shuffle.Batch(state.step)
              : dp::PoissonSampler(population, plan.sample_rate, RandomFor(job, "poisson", state.step)).NextBatch();
      std::vector<std::vector<int64_t>> batch;
      for (int64_t unit : DataUnitsOf(drawn, unit_count, options.gradient_canaries)) {
        batch.push_back(units[static_cast<size_t>(unit)]);
      }
      engine.TrainLogicalBatchOfUnits(batch, job.train.physical_batch, physical_loss);
      state.ledger = engine.ledger();
    } else {
      std::vector<int64_t> batch;
      for (int64_t unit : shuffled.Batch(state.step)) {
        batch.insert(batch.end(), units[static_cast<size_t>(unit)].begin(), units[static_cast<size_t>(unit)].end());
      }
      for (const auto& chunk : dp::SplitIntoPhysicalBatches(batch, job.train.physical_batch)) {
        const at::Tensor chunk_loss =
            physical_loss(chunk) * (static_cast<double>(chunk.size()) / static_cast<double>(batch.size()));
        chunk_loss.backward();
      }
      trainable.optimizer->step();
      trainable.optimizer->zero_grad();
    }
    ++state.step;
    const double step_seconds = std::chrono::duration<double>(Clock::now() - step_start).count();
    state.seconds += step_seconds;

    const bool last = state.step == plan.steps;
    if (state.step % job.train.eval_every == 0 || last) {
      epsilon_so_far = spent_epsilon();
      const double validation_loss = ValidationLoss(model, validation_examples, 2 * job.train.physical_batch);
      state.curve.push_back({{"step", state.step}, {"validation_loss", validation_loss}, {"epsilon", epsilon_so_far}});
      common::LogInfo("train: step " + std::to_string(state.step) + "/" + std::to_string(plan.steps) + " validation loss " +
              Format(validation_loss) + (job.privacy.enabled ? " epsilon " + Format(epsilon_so_far, 3) : ""));
    }
    if (state.step % job.train.checkpoint_every == 0 || last) {
      WriteCheckpoint(job.model_dir, trainable, state, job.fingerprint);
    }
    if (job.on_step) job.on_step({state.step, plan.steps, epsilon_so_far, step_seconds});
  }
  SaveLanguageModel(model, job.train.model, job.model_dir);

  const double validation_loss =
      state.curve.empty() ? ValidationLoss(model, validation_examples, 2 * job.train.physical_batch)
                          : state.curve.back()["validation_loss"].get<double>();
  const double unigram_loss = UnigramLoss(validation_examples);
  result.metrics = {
      {"task", "lm"},
      {"validation_records", std::min(validation_texts.size(), static_cast<size_t>(job.train.eval_records))},
      {"training_view", {{"records", dataset_size},
                         {"windows", windows},
                         {"window_tokens", seq_len},
                         {"covers", "every byte of every record: records longer than a window are read in "
                                    "consecutive windows, clipped together as one privacy unit"}}},
      {"steps", plan.steps},
      {"validation_loss", validation_loss},
      {"validation_perplexity", std::exp(validation_loss)},
      {"unigram_baseline",
       {{"validation_loss", unigram_loss},
        {"validation_perplexity", std::exp(unigram_loss)},
        {"fitted_on", "the even validation records, scored on the odd ones"}}},
      {"loss_unit", "nats per token (bytes and end of text)"},
      {"curve", state.curve},
      {"train_seconds", state.seconds},
      {"seconds_per_step", state.step > 0 ? state.seconds / static_cast<double>(state.step) : 0.0},
      {"threads", threads},
      {"resumed_from_step", result.resumed_from_step},
  };
  result.training_id = state.training_id;
  result.privacy = PrivacySummary(plan, job, state.ledger, dataset_size);
  if (gradient_canaries) result.gradient_canaries = GradientCanarySummary(*gradient_canaries, plan);
  return result;
}

}  // namespace leakgate::pipeline
