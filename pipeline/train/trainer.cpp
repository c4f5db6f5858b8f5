#include "pipeline/train/trainer.h"

#include <ATen/Parallel.h>
#include <torch/optim/optimizer.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>
#include <torch/utils.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>
#include <optional>
#include <sstream>

#include "dedup/io/atomic_file.h"
#include "dp/accounting/accounting.h"
#include "dp/engine/engine.h"
#include "dp/engine/compute_setup.h"
#include "pipeline/log.h"
#include "pipeline/train/lm.h"
#include "pipeline/train/split.h"

namespace leakgate::pipeline {

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
  return delta == "auto" ? 1.0 / (10.0 * static_cast<double>(dataset_size)) : std::stod(delta);
}

double EpsilonAfter(double noise_multiplier, double sample_rate, int64_t steps, double delta,
                    dp::AccountantKind kind) {
  return dp::ComputeEpsilon({{noise_multiplier, sample_rate, steps}}, delta, kind).epsilon;
}

// Everything about a run's progress that a checkpoint must restore, besides model and optimizer.
struct RunState {
  int64_t step = 0;
  dp::PrivacyLedger ledger;
  nlohmann::json curve = nlohmann::json::array();
  double loss_sum = 0.0;  // training losses since the last evaluation
  int64_t loss_count = 0;
  double seconds = 0.0;  // training wall time so far, over all sessions
  int64_t examples = 0;  // examples processed so far

  nlohmann::json ToJson(const std::string& fingerprint) const {
    return {{"fingerprint", fingerprint}, {"step", step},         {"ledger", ledger.ToJson()},
            {"curve", curve},             {"loss_sum", loss_sum}, {"loss_count", loss_count},
            {"seconds", seconds},         {"examples", examples}};
  }
  static RunState FromJson(const nlohmann::json& json) {
    RunState state;
    state.step = json.at("step");
    state.ledger = dp::PrivacyLedger::FromJson(json.at("ledger"));
    state.curve = json.at("curve");
    state.loss_sum = json.at("loss_sum");
    state.loss_count = json.at("loss_count");
    state.seconds = json.at("seconds");
    state.examples = json.at("examples");
    return state;
  }
};

// The model and optimizer of a run, built from the settings (fresh, seeded initialisation).
struct Trainable {
  dp::TransformerLm model{nullptr};
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
  std::ostringstream bytes;
  archive.save_to(bytes);
  fs::create_directories(model_dir);
  dedup::WriteFileAtomically(model_dir / "checkpoint.next.pt", bytes.str());
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
      LogWarning(path.string() + ": written for other inputs or settings; not resumed");
      return std::nullopt;
    }
    torch::serialize::InputArchive model_archive;
    archive.read("model", model_archive);
    trainable.model->load(model_archive);
    torch::serialize::InputArchive optimizer_archive;
    archive.read("optimizer", optimizer_archive);
    trainable.optimizer->load(optimizer_archive);
    return RunState::FromJson(state_json);
  } catch (const std::exception& error) {
    LogWarning(path.string() + ": unreadable checkpoint, ignored (" + std::string(error.what()).substr(0, 200) + ")");
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
double ValidationLoss(dp::TransformerLm& model, const std::vector<std::vector<int32_t>>& examples, int64_t batch) {
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

// Cross-entropy of a unigram model of the training targets (add-one smoothing over bytes and EOS) on the
// validation targets: the baseline a language model must beat.
double UnigramLoss(const std::vector<std::vector<int32_t>>& train, const std::vector<std::vector<int32_t>>& validation) {
  std::vector<double> counts(kByteVocabSize, 0.0);
  double total = 0.0;
  for (const auto& example : train) {
    for (size_t t = 1; t < example.size(); ++t) counts[example[t]] += 1.0;
    total += static_cast<double>(example.size() - 1);
  }
  const double symbols = 257.0;  // 256 bytes + EOS
  double nll = 0.0;
  double tokens = 0.0;
  for (const auto& example : validation) {
    for (size_t t = 1; t < example.size(); ++t) {
      nll -= std::log((counts[example[t]] + 1.0) / (total + symbols));
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

double LearningRate(const TrainConfig& train, int64_t step, int64_t steps) {
  const double peak = train.optimizer.lr;
  if (step < train.warmup_steps) return peak * static_cast<double>(step + 1) / train.warmup_steps;
  if (train.lr_schedule == "constant") return peak;
  const double span = std::max<int64_t>(1, steps - train.warmup_steps);
  const double progress = static_cast<double>(step - train.warmup_steps) / span;
  return peak * 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
}

PrivacyPlan PlanPrivacy(const TrainConfig& train, const PrivacyConfig& privacy, int64_t dataset_size) {
  if (dataset_size < 1) throw TrainError("the training set is empty (check split.audit_holdout and the corpus)");
  PrivacyPlan plan;
  plan.dataset_size = dataset_size;
  plan.sample_rate = dp::SampleRateForBatch(std::min<int64_t>(train.batch_size, dataset_size), dataset_size);
  plan.steps = dp::StepsForEpochs(train.epochs, plan.sample_rate);
  plan.delta = ParseDelta(privacy.delta, dataset_size);
  if (plan.steps < 1) {
    throw TrainError("train.epochs " + Format(train.epochs) + " gives no training step at sample rate " +
                     Format(plan.sample_rate) + " (raise train.epochs)");
  }
  if (!privacy.enabled) return plan;
  if (plan.delta >= 1.0 / static_cast<double>(dataset_size)) LogWarning(dp::DeltaWarning(plan.delta, dataset_size));
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
    throw TrainError("privacy.target_epsilon " + Format(privacy.target_epsilon) + " is unreachable: " +
                     std::to_string(plan.steps) + " steps at sample rate " + Format(plan.sample_rate) +
                     " spend epsilon " + Format(epsilon_at_cap) + " even at privacy.max_noise_multiplier " +
                     Format(cap) + " (" + suggestion + "lower train.batch_size, or raise privacy.target_epsilon to " +
                     Format(epsilon_at_cap, 3) + ")");
  }
  plan.noise_multiplier =
      dp::GetNoiseMultiplier(privacy.target_epsilon, plan.delta, plan.sample_rate, plan.steps, kind);
  return plan;
}

TrainingResult TrainLanguageModel(const std::vector<std::string>& train_texts,
                                  const std::vector<std::string>& validation_texts, const TrainingJob& job) {
  const int threads = dp::ResolveComputeThreads(job.threads);
  dp::SetUpCompute(threads);
  const int64_t dataset_size = static_cast<int64_t>(train_texts.size());
  const PrivacyPlan plan = PlanPrivacy(job.train, job.privacy, dataset_size);
  const auto accountant = dp::ParseAccountantKind(job.privacy.accountant);
  const size_t seq_len = static_cast<size_t>(job.train.model.seq_len);

  std::vector<std::vector<int32_t>> train_examples;
  train_examples.reserve(train_texts.size());
  for (const auto& text : train_texts) train_examples.push_back(EncodeExample(text, seq_len));
  std::vector<std::vector<int32_t>> validation_examples;
  for (size_t i = 0; i < validation_texts.size() && i < static_cast<size_t>(job.train.eval_records); ++i) {
    validation_examples.push_back(EncodeExample(validation_texts[i], seq_len));
  }

  Trainable trainable = MakeTrainable(job);
  RunState state;
  TrainingResult result;
  if (auto resumed = ResumeNewest(job, trainable)) {
    state = std::move(*resumed);
    result.resumed_from_step = state.step;
    LogInfo("train: resuming from the checkpoint at step " + std::to_string(state.step) + " of " +
            std::to_string(plan.steps));
  }
  dp::TransformerLm& model = trainable.model;
  model->train();

  const int64_t batch_size = std::min<int64_t>(job.train.batch_size, dataset_size);
  ShuffledBatches shuffled(dataset_size, batch_size, job.seed);
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
  while (state.step < plan.steps) {
    const auto step_start = Clock::now();
    for (auto& group : trainable.optimizer->param_groups()) {
      group.options().set_lr(LearningRate(job.train, state.step, plan.steps));
    }
    double loss = 0.0;
    int64_t examples = 0;
    if (job.privacy.enabled) {
      dp::DpSgdOptions options;
      options.noise_multiplier = plan.noise_multiplier;
      options.max_grad_norm = job.privacy.max_grad_norm;
      options.grad_sample_mode =
          job.privacy.clipping == "ghost" ? dp::GradSampleMode::kGhost : dp::GradSampleMode::kMaterialized;
      options.loss_reduction = dp::LossReduction::kMean;
      options.expected_batch_size = plan.sample_rate * static_cast<double>(dataset_size);
      options.sample_rate = plan.sample_rate;
      options.secure_rng = job.privacy.secure_rng;
      // Noise and batch draws of step s depend only on (seed, s), so a resumed run draws what it would have drawn.
      options.seed = DeriveSeed(job.seed, "noise", state.step);
      dp::DpSgdEngine engine(model.ptr(), trainable.optimizer, options);
      engine.ledger() = state.ledger;
      dp::PoissonSampler sampler(dataset_size, plan.sample_rate,
                                 job.privacy.secure_rng
                                     ? dp::MakeSecureRandomSource()
                                     : dp::MakeSeededRandomSource(DeriveSeed(job.seed, "poisson", state.step)));
      const std::vector<int64_t> batch = sampler.NextBatch();
      loss = engine.TrainLogicalBatch(batch, job.train.physical_batch, physical_loss);
      state.ledger = engine.ledger();
      examples = static_cast<int64_t>(batch.size());
    } else {
      const std::vector<int64_t> batch = shuffled.Batch(state.step);
      for (const auto& chunk : dp::SplitIntoPhysicalBatches(batch, job.train.physical_batch)) {
        const at::Tensor chunk_loss =
            physical_loss(chunk) * (static_cast<double>(chunk.size()) / static_cast<double>(batch.size()));
        chunk_loss.backward();
        loss += chunk_loss.item<double>();
      }
      trainable.optimizer->step();
      trainable.optimizer->zero_grad();
      examples = static_cast<int64_t>(batch.size());
    }
    ++state.step;
    state.loss_sum += loss;
    ++state.loss_count;
    state.examples += examples;
    const double step_seconds = std::chrono::duration<double>(Clock::now() - step_start).count();
    state.seconds += step_seconds;

    const bool last = state.step == plan.steps;
    if (state.step % job.train.eval_every == 0 || last) {
      epsilon_so_far = spent_epsilon();
      const double validation_loss = ValidationLoss(model, validation_examples, 2 * job.train.physical_batch);
      state.curve.push_back({{"step", state.step},
                             {"train_loss", state.loss_sum / std::max<int64_t>(1, state.loss_count)},
                             {"validation_loss", validation_loss},
                             {"epsilon", epsilon_so_far}});
      state.loss_sum = 0.0;
      state.loss_count = 0;
      LogInfo("train: step " + std::to_string(state.step) + "/" + std::to_string(plan.steps) + " train loss " +
              Format(state.curve.back()["train_loss"].get<double>()) + " validation loss " +
              Format(validation_loss) + (job.privacy.enabled ? " epsilon " + Format(epsilon_so_far, 3) : ""));
    }
    if (state.step % job.train.checkpoint_every == 0 || last) {
      WriteCheckpoint(job.model_dir, trainable, state, job.fingerprint);
    }
    if (job.on_step) {
      job.on_step({state.step, plan.steps, loss, epsilon_so_far,
                   step_seconds > 0 ? static_cast<double>(examples) / step_seconds : 0.0});
    }
  }
  SaveLanguageModel(model, job.train.model, job.model_dir);

  const double validation_loss =
      state.curve.empty() ? ValidationLoss(model, validation_examples, 2 * job.train.physical_batch)
                          : state.curve.back()["validation_loss"].get<double>();
  const double unigram_loss = UnigramLoss(train_examples, validation_examples);
  result.metrics = {
      {"task", "lm"},
      {"train_records", dataset_size},
      {"validation_records", validation_examples.size()},
      {"steps", plan.steps},
      {"validation_loss", validation_loss},
      {"validation_perplexity", std::exp(validation_loss)},
      {"unigram_baseline", {{"validation_loss", unigram_loss}, {"validation_perplexity", std::exp(unigram_loss)}}},
      {"loss_unit", "nats per token (bytes and end of text)"},
      {"curve", state.curve},
      {"train_seconds", state.seconds},
      {"examples_per_second", state.seconds > 0 ? static_cast<double>(state.examples) / state.seconds : 0.0},
      {"threads", threads},
      {"resumed_from_step", result.resumed_from_step},
  };
  nlohmann::json epsilon = nullptr;
  nlohmann::json accountant_details = nlohmann::json::object();
  if (job.privacy.enabled) {
    const auto report = state.ledger.Epsilon(plan.delta, accountant);
    epsilon = report.epsilon;
    if (report.alpha) accountant_details["alpha"] = *report.alpha;
    if (report.eps_error) accountant_details["eps_error"] = *report.eps_error;
    if (report.delta_error) accountant_details["delta_error"] = *report.delta_error;
  }
  result.privacy = {
      {"enabled", job.privacy.enabled},
      {"epsilon", epsilon},
      {"delta", plan.delta},
      {"delta_setting", job.privacy.delta},
      {"target_epsilon", job.privacy.enabled ? nlohmann::json(job.privacy.target_epsilon) : nlohmann::json(nullptr)},
      {"accountant", job.privacy.accountant},
      {"accountant_details", accountant_details},
      {"noise_multiplier", plan.noise_multiplier},
      {"sample_rate", plan.sample_rate},
      {"steps", plan.steps},
      {"max_grad_norm", job.privacy.max_grad_norm},
      {"clipping", job.privacy.clipping},
      {"sampling", job.privacy.enabled ? "poisson" : "shuffled"},
      {"dataset_size", dataset_size},
      {"secure_rng", job.privacy.secure_rng},
      {"ledger", state.ledger.ToJson()},
  };
  return result;
}

}  // namespace leakgate::pipeline
