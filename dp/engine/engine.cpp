#include "dp/engine/engine.h"
#include "dp/engine/tensor_sums.h"

#include <torch/optim/adam.h>
#include <torch/optim/sgd.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

namespace leakgate::dp {
namespace {

// Opacus adds this to the norm before dividing, so a zero gradient gets factor 1 without 0/0.
constexpr double kNormStabilizer = 1e-6;

std::string DpReplacementFor(const std::string& type) {
  const std::pair<const char*, const char*> replacements[] = {
      {"BatchNorm", "leakgate::dp::LayerNorm (batch statistics mix examples)"},
      {"GroupNorm", "leakgate::dp::LayerNorm"},
      {"InstanceNorm", "leakgate::dp::LayerNorm"},
      {"MultiheadAttention", "leakgate::models::SelfAttention"},
      {"Bilinear", "leakgate::dp::Linear layers"},
      {"Linear", "leakgate::dp::Linear"},
      {"Embedding", "leakgate::dp::Embedding (or dp::PositionalEmbedding for positions)"},
      {"LayerNorm", "leakgate::dp::LayerNorm"},
      {"Conv1d", "leakgate::dp::Conv1d"},
  };
  for (const auto& [pattern, replacement] : replacements) {
    if (type.find(pattern) != std::string::npos) return replacement;
  }
  return "a module built from leakgate::dp layers (Linear, Embedding, PositionalEmbedding, LayerNorm, "
         "Conv1d, SelfAttention)";
}

std::string DisplayPath(const std::string& path) { return path.empty() ? "<root>" : path; }

at::Tensor ClipFactors(const at::Tensor& norms, double bound) {
  return (bound / (norms + kNormStabilizer)).clamp_max(1.0);
}

}  // namespace

std::vector<std::pair<std::string, DpLayer*>> CollectDpLayers(torch::nn::Module& model) {
  std::vector<std::pair<std::string, DpLayer*>> layers;
  if (auto* root = dynamic_cast<DpLayer*>(&model)) layers.emplace_back("", root);
  for (const auto& item : model.named_modules("", /*include_self=*/false)) {
    torch::nn::Module& module = *item.value();
    if (auto* layer = dynamic_cast<DpLayer*>(&module)) {
      layers.emplace_back(item.key(), layer);
      continue;
    }
    const std::string type = module.name();
    bool trainable = false;
    for (const auto& parameter : module.parameters(/*recurse=*/false)) trainable |= parameter.requires_grad();
    if (trainable || type.find("BatchNorm") != std::string::npos) {
      throw UnsupportedModuleError("module '" + DisplayPath(item.key()) + "' (" + type +
                                   ") cannot be trained with DP-SGD: it is not a DP layer" +
                                   (trainable ? " and has trainable parameters" : "") + "; use " +
                                   DpReplacementFor(type) + " instead");
    }
  }
  // The root's own parameters, when the root is not itself a DP layer.
  if (dynamic_cast<DpLayer*>(&model) == nullptr) {
    for (const auto& parameter : model.parameters(/*recurse=*/false)) {
      if (parameter.requires_grad()) {
        throw UnsupportedModuleError("module '<root>' (" + model.name() +
                                     ") registers trainable parameters directly; move them into "
                                     "leakgate::dp layers");
      }
    }
  }
  if (layers.empty()) throw UnsupportedModuleError("model '" + model.name() + "' contains no DP layer");
  return layers;
}

DpSgdEngine::DpSgdEngine(std::shared_ptr<torch::nn::Module> model, std::shared_ptr<torch::optim::Optimizer> optimizer,
                         DpSgdOptions options)
    : model_(std::move(model)), optimizer_(std::move(optimizer)), options_(std::move(options)) {
  if (!model_ || !optimizer_) throw EngineConfigError("DpSgdEngine: model and optimizer are required");
  if (!(options_.noise_multiplier >= 0.0) || !std::isfinite(options_.noise_multiplier)) {
    throw EngineConfigError("noise_multiplier must be finite and >= 0, got " + std::to_string(options_.noise_multiplier));
  }
  if (!(options_.max_grad_norm > 0.0)) {
    throw EngineConfigError("max_grad_norm must be > 0, got " + std::to_string(options_.max_grad_norm));
  }
  if (!(options_.expected_batch_size > 0.0)) {
    throw EngineConfigError("expected_batch_size must be > 0, got " + std::to_string(options_.expected_batch_size));
  }
  if (!(options_.sample_rate > 0.0 && options_.sample_rate <= 1.0)) {
    throw EngineConfigError("sample_rate must be in (0, 1], got " + std::to_string(options_.sample_rate));
  }
  if (options_.gradient_canaries && options_.clipping != ClippingMode::kFlat) {
    throw EngineConfigError("gradient canaries need flat clipping (one bound for the whole gradient)");
  }
  const auto collected = CollectDpLayers(*model_);
  if (options_.clipping == ClippingMode::kPerLayer) {
    if (options_.per_layer_max_grad_norms.size() != collected.size()) {
      throw EngineConfigError("per_layer_max_grad_norms has " + std::to_string(options_.per_layer_max_grad_norms.size()) +
                              " bounds but the model has " + std::to_string(collected.size()) + " DP layers");
    }
    for (double bound : options_.per_layer_max_grad_norms) {
      if (!(bound > 0.0)) throw EngineConfigError("per_layer_max_grad_norms must all be > 0");
    }
  }
  for (size_t i = 0; i < collected.size(); ++i) {
    const auto& [path, layer] = collected[i];
    TrackedLayer tracked{path, layer, {}, layer->DpParameters(), {}, options_.max_grad_norm};
    if (options_.clipping == ClippingMode::kPerLayer) tracked.max_grad_norm = options_.per_layer_max_grad_norms[i];
    auto& module = dynamic_cast<torch::nn::Module&>(*layer);
    for (const auto& parameter : tracked.parameters) {
      for (const auto& named : module.named_parameters(/*recurse=*/false)) {
        if (named.value().unsafeGetTensorImpl() == parameter.unsafeGetTensorImpl()) {
          tracked.parameter_names.push_back(path.empty() ? named.key() : path + "." + named.key());
        }
      }
    }
    tracked.clipped_sum.resize(tracked.parameters.size());
    layers_.push_back(std::move(tracked));
  }
  random_ = options_.secure_rng ? MakeSecureRandomSource() : MakeSeededRandomSource(options_.seed);
  for (auto& tracked : layers_) tracked.layer->SetCapture(true);
}

DpSgdEngine::~DpSgdEngine() {
  for (auto& tracked : layers_) tracked.layer->SetCapture(false);
}

std::vector<std::string> DpSgdEngine::LayerNames() const {
  std::vector<std::string> names;
  for (const auto& tracked : layers_) names.push_back(DisplayPath(tracked.name));
  return names;
}

PlantedBug ParsePlantedBug(const std::string& name) {
  if (name == "none") return PlantedBug::kNone;
  if (name == "no_noise") return PlantedBug::kNoNoise;
  if (name == "no_clipping") return PlantedBug::kNoClipping;
  if (name == "noise_over_batch_twice") return PlantedBug::kNoiseOverBatchTwice;
  if (name == "batch_clipping") return PlantedBug::kBatchClipping;
  if (name == "shuffled_sampler") return PlantedBug::kShuffledSampler;
  throw EngineConfigError("unknown planted bug '" + name +
                          "' (none, no_noise, no_clipping, noise_over_batch_twice, batch_clipping, shuffled_sampler)");
}

double DpSgdEngine::NoiseStd() const {
  double bound = options_.max_grad_norm;
  if (options_.clipping != ClippingMode::kFlat) {
    double squared = 0.0;
    for (const auto& tracked : layers_) squared += tracked.max_grad_norm * tracked.max_grad_norm;
    bound = std::sqrt(squared);
  }
  switch (options_.planted_bug) {
    case PlantedBug::kNoNoise:
      return 0.0;
    case PlantedBug::kNoiseOverBatchTwice:
      return options_.noise_multiplier * bound / options_.expected_batch_size;
    default:
      return options_.noise_multiplier * bound;
  }
}

void DpSgdEngine::RejectForeignGradients() const {
  for (const auto& tracked : layers_) {
    for (size_t i = 0; i < tracked.parameters.size(); ++i) {
      if (tracked.parameters[i].grad().defined()) {
        throw UnsupportedModuleError("parameter '" + tracked.parameter_names[i] +
                                     "' received a gradient outside its DP layer (weight tying or direct use "
                                     "of a DP layer's parameter is not supported)");
      }
    }
  }
}

int64_t DpSgdEngine::CapturedBatchSize() const {
  int64_t batch = 0;
  for (const auto& tracked : layers_) {
    if (!tracked.layer->HasCapture()) continue;
    const int64_t size = tracked.layer->CapturedBatchSize();
    if (batch != 0 && size != batch) {
      throw DpLayerError("DP layers saw different batch sizes in one physical batch (" + std::to_string(batch) +
                         " and " + std::to_string(size) + " at '" + DisplayPath(tracked.name) +
                         "'); the first dimension of every layer input must be the example");
    }
    batch = size;
  }
  return batch;
}

void DpSgdEngine::ClearCaptures() {
  for (auto& tracked : layers_) tracked.layer->ClearCapture();
}

void DpSgdEngine::DiscardBatch() { ClearCaptures(); }

std::map<std::string, at::Tensor> DpSgdEngine::PerSampleGradients() const {
  const int64_t batch = CapturedBatchSize();
  const double scale = options_.loss_reduction == LossReduction::kMean ? static_cast<double>(batch) : 1.0;
  std::map<std::string, at::Tensor> result;
  for (const auto& tracked : layers_) {
    if (!tracked.layer->HasCapture()) continue;
    const auto grads = tracked.layer->PerSampleGrads();
    for (size_t i = 0; i < grads.size(); ++i) result[tracked.parameter_names[i]] = grads[i] * scale;
  }
  return result;
}

std::map<std::string, at::Tensor> DpSgdEngine::AccumulatedClippedGradients() const {
  std::map<std::string, at::Tensor> result;
  for (const auto& tracked : layers_) {
    for (size_t i = 0; i < tracked.parameters.size(); ++i) {
      result[tracked.parameter_names[i]] =
          tracked.clipped_sum[i].defined() ? tracked.clipped_sum[i] : at::zeros_like(tracked.parameters[i]);
    }
  }
  return result;
}

void DpSgdEngine::ClipAndAccumulate() { Clip(nullptr); }

void DpSgdEngine::ClipAndAccumulate(const std::vector<int64_t>& unit_of_row) { Clip(&unit_of_row); }

void DpSgdEngine::Clip(const std::vector<int64_t>* unit_of_row) {
  RejectForeignGradients();
  const int64_t batch = CapturedBatchSize();
  if (batch == 0) {
    ClearCaptures();
    return;
  }
  if (unit_of_row && static_cast<int64_t>(unit_of_row->size()) != batch) {
    throw EngineConfigError("ClipAndAccumulate: " + std::to_string(unit_of_row->size()) + " unit indices for a batch of " +
                            std::to_string(batch) + " rows");
  }
  // Captured gradients are of the batch loss; per-example losses are `scale` times larger for kMean.
  const double scale = options_.loss_reduction == LossReduction::kMean ? static_cast<double>(batch) : 1.0;
  // A unit's gradient is the sum of its rows' gradients, so units need every per-row gradient formed.
  const bool materialize = options_.grad_sample_mode == GradSampleMode::kMaterialized || unit_of_row != nullptr;
  at::Tensor row_to_unit;
  int64_t units = 0;
  if (unit_of_row) {
    for (int64_t unit : *unit_of_row) {
      if (unit < 0 || unit >= batch) throw EngineConfigError("ClipAndAccumulate: unit index out of range");
      units = std::max(units, unit + 1);
    }
    row_to_unit = at::tensor(*unit_of_row, at::kLong);
  }

  std::vector<std::vector<at::Tensor>> per_sample(layers_.size());
  std::vector<at::Tensor> layer_squared(layers_.size());
  at::Tensor total_squared;
  for (size_t l = 0; l < layers_.size(); ++l) {
    DpLayer& layer = *layers_[l].layer;
    if (!layer.HasCapture()) continue;
    if (materialize) {
      per_sample[l] = layer.PerSampleGrads();
      if (unit_of_row) {
        for (auto& grad : per_sample[l]) {
          std::vector<int64_t> shape = grad.sizes().vec();
          shape[0] = units;
          grad = at::zeros(shape, grad.options()).index_add_(0, row_to_unit, grad);
        }
      }
      for (const auto& grad : per_sample[l]) AddTo(layer_squared[l], SquaredNormPerExample(grad));
    } else {
      layer_squared[l] = layer.PerSampleSquaredNorms();
    }
    total_squared = total_squared.defined() ? total_squared + layer_squared[l] : layer_squared[l];
  }
  if (!total_squared.defined()) {
    ClearCaptures();
    return;
  }
  last_norms_ = total_squared.sqrt() * scale;
  const at::Tensor flat_factors = ClipFactorsOf(last_norms_);
  last_clip_factors_ = options_.clipping == ClippingMode::kFlat ? flat_factors : at::Tensor();

  for (size_t l = 0; l < layers_.size(); ++l) {
    TrackedLayer& tracked = layers_[l];
    if (!layer_squared[l].defined()) continue;
    const at::Tensor factors = options_.clipping == ClippingMode::kFlat
                                   ? flat_factors
                                   : ClipFactors(layer_squared[l].sqrt() * scale, tracked.max_grad_norm);
    const at::Tensor coef = factors * scale;
    if (materialize) {
      for (size_t i = 0; i < per_sample[l].size(); ++i) AddTo(tracked.clipped_sum[i], WeightedSum(coef, per_sample[l][i]));
    } else {
      tracked.layer->AccumulateWeightedGrads(coef, tracked.clipped_sum);
    }
  }
  ClearCaptures();
}

at::Tensor DpSgdEngine::ClipFactorsOf(const at::Tensor& norms) const {
  const bool unclipped =
      options_.planted_bug == PlantedBug::kNoClipping || options_.planted_bug == PlantedBug::kBatchClipping;
  return unclipped ? at::ones_like(norms) : ClipFactors(norms, options_.max_grad_norm);
}

GradientCanaries MakeGradientCanaries(std::size_t count, RandomSource& random) {
  GradientCanaries canaries;
  canaries.included.resize(count);
  canaries.statistic.assign(count, 0.0);
  for (auto& included : canaries.included) included = random.Uniform() < 0.5 ? 1 : 0;
  canaries.participations.assign(count, 0);
  return canaries;
}

int64_t DpSgdEngine::IncludedCanariesInBatch() const {
  if (!options_.gradient_canaries) return 0;
  const GradientCanaries& canaries = *options_.gradient_canaries;
  int64_t drawn = 0;
  for (std::size_t i : canaries.in_batch) drawn += canaries.included[i];
  return drawn;
}

void DpSgdEngine::UpdateGradientCanaries(const at::Tensor& noise, double batch_clip_factor) {
  GradientCanaries& canaries = *options_.gradient_canaries;
  const double bound = options_.max_grad_norm;
  const at::Tensor norm = at::full({1}, canaries.gradient_norm * bound, at::kFloat);
  // In units of the bound: what each drawn included canary adds, after the same clipping as every example.
  const double clipped = canaries.gradient_norm * ClipFactorsOf(norm).item<double>() * batch_clip_factor;
  const at::Tensor noise_in_bounds = (noise.to(at::kDouble) / bound).contiguous();
  const double* added = noise_in_bounds.data_ptr<double>();
  const std::size_t count = canaries.statistic.size();
  for (std::size_t i = 0; i < count; ++i) canaries.statistic[i] += added[i];
  for (std::size_t i : canaries.in_batch) {
    ++canaries.participations[i];
    if (canaries.included[i]) canaries.statistic[i] += clipped;
  }
  canaries.in_batch.clear();
  ++canaries.steps;
}

double DpSgdEngine::BatchClipFactor() const {
  if (options_.planted_bug != PlantedBug::kBatchClipping) return 1.0;
  double squared = 0.0;
  for (const auto& tracked : layers_) {
    for (const auto& sum : tracked.clipped_sum) {
      if (sum.defined()) squared += sum.to(at::kDouble).pow(2).sum().item<double>();
    }
  }
  if (options_.gradient_canaries) {
    const double canary_norm = options_.gradient_canaries->gradient_norm * options_.max_grad_norm;
    squared += static_cast<double>(IncludedCanariesInBatch()) * canary_norm * canary_norm;
  }
  const double norm = std::sqrt(squared);
  return norm > options_.max_grad_norm ? options_.max_grad_norm / norm : 1.0;
}

void DpSgdEngine::PrivatizeGradients() {
  // One noise draw for all parameters (and the gradient canaries' coordinates); each privatised gradient is a view.
  int64_t total = 0;
  for (const auto& tracked : layers_) {
    for (const auto& parameter : tracked.parameters) total += parameter.numel();
  }
  const int64_t canary_count =
      options_.gradient_canaries ? static_cast<int64_t>(options_.gradient_canaries->statistic.size()) : 0;
  if (options_.gradient_canaries) {
    for (std::size_t i : options_.gradient_canaries->in_batch) {
      if (static_cast<int64_t>(i) >= canary_count) {
        throw EngineConfigError("gradient canary index out of range in in_batch");
      }
    }
  }
  const double noise_std = NoiseStd();
  const double batch_clip_factor = BatchClipFactor();
  at::Tensor flat = noise_std > 0.0 ? random_->Gaussian({total + canary_count}, noise_std)
                                    : at::zeros({total + canary_count}, at::kFloat);
  if (canary_count > 0) UpdateGradientCanaries(flat.narrow(0, total, canary_count), batch_clip_factor);
  int64_t offset = 0;
  for (auto& tracked : layers_) {
    for (size_t i = 0; i < tracked.parameters.size(); ++i) {
      at::Tensor& parameter = tracked.parameters[i];
      at::Tensor grad = flat.narrow(0, offset, parameter.numel()).view(parameter.sizes());
      offset += parameter.numel();
      if (tracked.clipped_sum[i].defined()) grad.add_(tracked.clipped_sum[i], batch_clip_factor);
      parameter.mutable_grad() = grad;
      tracked.clipped_sum[i] = at::Tensor();
    }
  }
  if (options_.loss_reduction == LossReduction::kMean) flat.div_(options_.expected_batch_size);
}

void DpSgdEngine::Step() {
  PrivatizeGradients();
  optimizer_->step();
  for (auto& tracked : layers_) {
    for (auto& parameter : tracked.parameters) parameter.mutable_grad() = at::Tensor();
  }
  if (options_.noise_multiplier > 0.0) {
    ledger_.Record(options_.noise_multiplier, options_.sample_rate, 1);
  } else {
    ++unaccounted_steps_;
  }
  ++steps_;
}

EpsilonReport DpSgdEngine::Epsilon(double delta, AccountantKind kind) const {
  if (unaccounted_steps_ > 0) {
    return EpsilonReport{std::numeric_limits<double>::infinity(), delta, kind, {}, {}, {}};
  }
  return ledger_.Epsilon(delta, kind);
}

nlohmann::json DpSgdEngine::SaveState() const {
  return {{"ledger", ledger_.ToJson()},
          {"steps", steps_},
          {"unaccounted_steps", unaccounted_steps_},
          {"noise_stream", random_->SaveState()}};
}

void DpSgdEngine::RestoreState(const nlohmann::json& state) {
  PrivacyLedger ledger = PrivacyLedger::FromJson(state.at("ledger"));
  const int64_t steps = state.at("steps");
  const int64_t unaccounted_steps = state.at("unaccounted_steps");
  random_->RestoreState(state.at("noise_stream").get<std::string>());
  ledger_ = std::move(ledger);
  steps_ = steps;
  unaccounted_steps_ = unaccounted_steps;
}

double DpSgdEngine::TrainChunks(const std::vector<PhysicalChunk>& chunks, int64_t records,
                                const std::function<at::Tensor(const std::vector<int64_t>&)>& physical_loss) {
  double loss_total = 0.0;
  for (const auto& chunk : chunks) {
    at::Tensor loss = physical_loss(chunk.rows);
    loss.backward();
    Clip(chunk.unit_of_row.empty() ? nullptr : &chunk.unit_of_row);
    const double value = loss.item<double>();
    loss_total += options_.loss_reduction == LossReduction::kMean ? value * static_cast<double>(chunk.rows.size()) : value;
  }
  Step();
  if (options_.loss_reduction == LossReduction::kMean && records > 0) return loss_total / static_cast<double>(records);
  return loss_total;
}

double DpSgdEngine::TrainLogicalBatch(const std::vector<int64_t>& logical_batch, int64_t max_physical_batch,
                                      const std::function<at::Tensor(const std::vector<int64_t>&)>& physical_loss) {
  std::vector<PhysicalChunk> chunks;
  for (auto& rows : SplitIntoPhysicalBatches(logical_batch, max_physical_batch)) chunks.push_back({std::move(rows), {}});
  return TrainChunks(chunks, static_cast<int64_t>(logical_batch.size()), physical_loss);
}

double DpSgdEngine::TrainLogicalBatchOfUnits(const std::vector<std::vector<int64_t>>& units, int64_t max_physical_batch,
                                             const std::function<at::Tensor(const std::vector<int64_t>&)>& physical_loss) {
  if (max_physical_batch <= 0) {
    throw SamplingError("max_physical_batch must be positive, got " + std::to_string(max_physical_batch));
  }
  const bool single_records =
      std::all_of(units.begin(), units.end(), [](const std::vector<int64_t>& unit) { return unit.size() == 1; });
  if (single_records) {
    std::vector<int64_t> records;
    for (const auto& unit : units) records.push_back(unit.front());
    return TrainLogicalBatch(records, max_physical_batch, physical_loss);
  }
  std::vector<PhysicalChunk> chunks;
  int64_t records = 0;
  for (const auto& unit : units) {
    if (unit.empty()) throw EngineConfigError("TrainLogicalBatchOfUnits: a privacy unit has no record");
    const auto size = static_cast<int64_t>(unit.size());
    if (chunks.empty() ||
        static_cast<int64_t>(chunks.back().rows.size()) + size > max_physical_batch) {
      chunks.emplace_back();
    }
    PhysicalChunk& chunk = chunks.back();
    const int64_t local_unit = chunk.unit_of_row.empty() ? 0 : chunk.unit_of_row.back() + 1;
    for (int64_t record : unit) {
      chunk.rows.push_back(record);
      chunk.unit_of_row.push_back(local_unit);
    }
    records += size;
  }
  return TrainChunks(chunks, records, physical_loss);
}

std::shared_ptr<torch::optim::Optimizer> MakeOptimizer(const OptimizerSettings& settings,
                                                       const std::vector<at::Tensor>& parameters) {
  if (!(settings.learning_rate > 0.0)) {
    throw EngineConfigError("optimizer learning_rate must be > 0, got " + std::to_string(settings.learning_rate));
  }
  if (settings.weight_decay < 0.0) throw EngineConfigError("optimizer weight_decay must be >= 0");
  if (settings.kind == OptimizerKind::kSgd) {
    if (settings.momentum < 0.0) throw EngineConfigError("SGD momentum must be >= 0");
    if (settings.nesterov && settings.momentum <= 0.0) throw EngineConfigError("SGD nesterov requires momentum > 0");
    return std::make_shared<torch::optim::SGD>(parameters, torch::optim::SGDOptions(settings.learning_rate)
                                                               .momentum(settings.momentum)
                                                               .nesterov(settings.nesterov)
                                                               .weight_decay(settings.weight_decay));
  }
  if (!(settings.beta1 >= 0.0 && settings.beta1 < 1.0 && settings.beta2 >= 0.0 && settings.beta2 < 1.0)) {
    throw EngineConfigError("Adam betas must be in [0, 1)");
  }
  return std::make_shared<torch::optim::Adam>(parameters, torch::optim::AdamOptions(settings.learning_rate)
                                                              .betas({settings.beta1, settings.beta2})
                                                              .eps(settings.adam_eps)
                                                              .weight_decay(settings.weight_decay));
}

PrivateTraining MakePrivate(std::shared_ptr<torch::nn::Module> model, const OptimizerSettings& optimizer,
                            const PrivacyPlan& plan, DpSgdOptions engine) {
  if (!model) throw EngineConfigError("MakePrivate: model is required");
  if (plan.dataset_size <= 0) {
    throw EngineConfigError("the plan's dataset_size must be positive, got " + std::to_string(plan.dataset_size));
  }
  ValidateSteps(plan.steps);
  engine.noise_multiplier = plan.noise_multiplier;
  engine.sample_rate = plan.sample_rate;
  engine.expected_batch_size = plan.sample_rate * static_cast<double>(plan.dataset_size);
  const int64_t canaries =
      engine.gradient_canaries ? static_cast<int64_t>(engine.gradient_canaries->included.size()) : 0;
  PrivateTraining result;
  result.plan = plan;
  result.sampler = std::make_unique<PoissonSampler>(
      plan.dataset_size + canaries, plan.sample_rate,
      engine.secure_rng ? MakeSecureRandomSource() : MakeSeededRandomSource(engine.seed ^ 0x5DEECE66DULL));
  result.engine =
      std::make_unique<DpSgdEngine>(model, MakeOptimizer(optimizer, model->parameters()), std::move(engine));
  return result;
}

PrivateTraining MakePrivateWithEpsilon(std::shared_ptr<torch::nn::Module> model, const OptimizerSettings& optimizer,
                                       const PrivacyTarget& target, const DpSgdOptions& engine) {
  if (!model) throw EngineConfigError("MakePrivateWithEpsilon: model is required");
  CollectDpLayers(*model);  // refuse unsupported modules before the (slow) calibration
  return MakePrivate(std::move(model), optimizer, PlanWithEpsilon(target), engine);
}

}  // namespace leakgate::dp
