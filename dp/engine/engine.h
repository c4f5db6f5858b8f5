// DP-SGD on LibTorch models built from leakgate::dp layers: per-example clipping (flat or
// per-layer, ghost or materialised), Gaussian noise, virtual batches, SGD/Adam, and the privacy
// ledger that records every logical step (Opacus make_private semantics).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/errors.h"

#include <ATen/ATen.h>
#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>

#include "dp/accounting/accounting.h"
#include "dp/accounting/plan.h"
#include "dp/engine/audit_hooks.h"
#include "dp/engine/layers.h"
#include "dp/engine/modes.h"
#include "dp/engine/sampling.h"

namespace leakgate::dp {

// An invalid engine parameter (bound, noise multiplier, batch size, optimizer setting, ...).
class EngineConfigError : public common::InternalError {
 public:
  using common::InternalError::InternalError;
};

// A module that DP-SGD cannot train (it has parameters but no per-example gradients, or it mixes
// examples within a batch); the message names the module and the DP layer to use instead.
class UnsupportedModuleError : public common::InternalError {
 public:
  using common::InternalError::InternalError;
};

// `count` canaries, each included with probability 1/2 by `random`.
GradientCanaries MakeGradientCanaries(std::size_t count, RandomSource& random);

struct DpSgdOptions {
  double noise_multiplier = 1.0;
  double max_grad_norm = 1.0;  // flat clipping bound C
  ClippingMode clipping = ClippingMode::kFlat;
  // kPerLayer: one bound per DP layer, in DpSgdEngine::LayerNames() order; noise uses C = sqrt(sum C_l^2).
  std::vector<double> per_layer_max_grad_norms;
  GradSampleMode grad_sample_mode = GradSampleMode::kGhost;
  LossReduction loss_reduction = LossReduction::kMean;
  // kMean: the noisy summed gradient is divided by this (sample_rate * dataset size), not by the realised batch size.
  double expected_batch_size = 1.0;
  double sample_rate = 1.0;  // q recorded in the ledger for each logical step
  bool secure_rng = false;   // noise from OpenSSL instead of the seeded generator
  uint64_t seed = 0;
  PlantedBug planted_bug = PlantedBug::kNone;  // test only
  // Updated at every Step() (flat clipping only); the caller sets in_batch to the canaries its sampler drew.
  GradientCanaries* gradient_canaries = nullptr;
};

// Returns the DP layers of `model` with their module paths; throws UnsupportedModuleError naming
// the first module that has trainable parameters but is not a DP layer, or that mixes examples.
std::vector<std::pair<std::string, DpLayer*>> CollectDpLayers(torch::nn::Module& model);

class DpSgdEngine {
 public:
  // Validates the model and options and turns capture on in every DP layer (off again on destruction).
  DpSgdEngine(std::shared_ptr<torch::nn::Module> model, std::shared_ptr<torch::optim::Optimizer> optimizer,
              DpSgdOptions options);
  ~DpSgdEngine();
  DpSgdEngine(const DpSgdEngine&) = delete;
  DpSgdEngine& operator=(const DpSgdEngine&) = delete;

  // After backward of one physical batch: clips each example's gradient and adds the clipped sum to
  // the logical step's accumulator. Call once per physical batch.
  void ClipAndAccumulate();
  // The same when several rows form one privacy unit (a person): row i belongs to unit unit_of_row[i]
  // (0-based within this batch); each unit's gradient is the sum of its rows' gradients, clipped once.
  void ClipAndAccumulate(const std::vector<int64_t>& unit_of_row);
  // Forgets the captures of a physical batch whose backward will not run (e.g. after an error).
  void DiscardBatch();
  // Noise and scaling on the accumulated clipped sum, written to each parameter's .grad().
  void PrivatizeGradients();
  // One logical step: PrivatizeGradients, optimizer step, clear grads, record (sigma, q) in the ledger.
  void Step();
  // A whole logical step with virtual batches: for each chunk of at most max_physical_batch indices,
  // physical_loss(chunk) runs forward and returns the loss; the engine backpropagates, clips and
  // accumulates; then Step(). An empty logical batch is a valid (noise-only) step. Returns the
  // loss averaged over examples (kMean) or summed (kSum).
  double TrainLogicalBatch(const std::vector<int64_t>& logical_batch, int64_t max_physical_batch,
                           const std::function<at::Tensor(const std::vector<int64_t>&)>& physical_loss);
  // A whole logical step over privacy units of one or more records each (person-level DP-SGD): each
  // unit's gradient is the sum of its records' gradients, clipped once, so noise calibrated to one
  // unit protects all of its records together. A physical batch holds whole units (at least one,
  // even past max_physical_batch records). With every unit a single record this is TrainLogicalBatch.
  // Returns the loss averaged over records (kMean) or summed (kSum).
  double TrainLogicalBatchOfUnits(const std::vector<std::vector<int64_t>>& units, int64_t max_physical_batch,
                                  const std::function<at::Tensor(const std::vector<int64_t>&)>& physical_loss);

  // Per-example gradients of the last backward (before ClipAndAccumulate), keyed by parameter
  // path, each [N, *param.shape], as gradients of each example's own loss.
  std::map<std::string, at::Tensor> PerSampleGradients() const;
  // Per-example norms (over all parameters) of the last ClipAndAccumulate, and its clip factors
  // (flat clipping only; undefined with per-layer bounds).
  const at::Tensor& LastPerSampleNorms() const { return last_norms_; }
  const at::Tensor& LastClipFactors() const { return last_clip_factors_; }
  // The clipped sum accumulated so far in this logical step, keyed by parameter path.
  std::map<std::string, at::Tensor> AccumulatedClippedGradients() const;

  std::vector<std::string> LayerNames() const;
  // Standard deviation of the noise added to the summed clipped gradient: sigma * C.
  double NoiseStd() const;
  int64_t steps() const { return steps_; }
  const DpSgdOptions& options() const { return options_; }
  // Every logical step with noise_multiplier > 0 is recorded here (checkpoint it with ToJson).
  const PrivacyLedger& ledger() const { return ledger_; }
  PrivacyLedger& ledger() { return ledger_; }
  // Steps taken with noise_multiplier = 0: the ledger cannot hold them, and they void any guarantee.
  int64_t unaccounted_steps() const { return unaccounted_steps_; }
  // Epsilon spent so far; infinite once a step without noise was taken.
  EpsilonReport Epsilon(double delta, AccountantKind kind) const;
  // What a checkpoint keeps so that a resumed engine continues exactly: the ledger, the step counts and the noise
  // stream's position (empty for a CSPRNG). The optimizer and the model are checkpointed by their owner.
  nlohmann::json SaveState() const;
  void RestoreState(const nlohmann::json& state);
  torch::optim::Optimizer& optimizer() { return *optimizer_; }

 private:
  struct TrackedLayer {
    std::string name;
    DpLayer* layer;
    std::vector<std::string> parameter_names;
    std::vector<at::Tensor> parameters;
    std::vector<at::Tensor> clipped_sum;  // one per parameter; undefined until something is added
    double max_grad_norm;                 // per-layer bound (kPerLayer)
  };

  struct PhysicalChunk {
    std::vector<int64_t> rows;
    std::vector<int64_t> unit_of_row;  // empty: every row is its own unit
  };
  double TrainChunks(const std::vector<PhysicalChunk>& chunks, int64_t records,
                     const std::function<at::Tensor(const std::vector<int64_t>&)>& physical_loss);
  void Clip(const std::vector<int64_t>* unit_of_row);
  // Per-example clip factors min(1, C / norm), as every example's gradient gets them (planted bugs included).
  at::Tensor ClipFactorsOf(const at::Tensor& norms) const;
  // Adds the clipped gradients of the canaries drawn into this step's batch and `noise` (their coordinates' noise)
  // to the statistics; batch_clip_factor is 1 unless a planted bug clips the whole batch.
  void UpdateGradientCanaries(const at::Tensor& noise, double batch_clip_factor);
  int64_t IncludedCanariesInBatch() const;
  // Test only (PlantedBug::kBatchClipping): min(1, C / norm of the step's whole unclipped sum, canaries included).
  double BatchClipFactor() const;
  void RejectForeignGradients() const;
  int64_t CapturedBatchSize() const;
  void ClearCaptures();

  std::shared_ptr<torch::nn::Module> model_;
  std::shared_ptr<torch::optim::Optimizer> optimizer_;
  DpSgdOptions options_;
  std::vector<TrackedLayer> layers_;
  std::unique_ptr<RandomSource> random_;
  PrivacyLedger ledger_;
  at::Tensor last_norms_;
  at::Tensor last_clip_factors_;
  int64_t steps_ = 0;
  int64_t unaccounted_steps_ = 0;
};

struct OptimizerSettings {
  OptimizerKind kind = OptimizerKind::kSgd;
  double learning_rate = 0.1;
  double momentum = 0.0;  // SGD
  bool nesterov = false;  // SGD
  double weight_decay = 0.0;
  double beta1 = 0.9;  // Adam
  double beta2 = 0.999;
  double adam_eps = 1e-8;
};

// SGD (with momentum) or Adam over `parameters`; throws EngineConfigError on bad settings.
std::shared_ptr<torch::optim::Optimizer> MakeOptimizer(const OptimizerSettings& settings,
                                                       const std::vector<at::Tensor>& parameters);

// What a private training run needs: the engine (noise calibrated, ledger attached, its optimizer built) and the
// Poisson sampler of logical batches, both for the whole run, and the plan they follow.
struct PrivateTraining {
  std::unique_ptr<DpSgdEngine> engine;
  std::unique_ptr<PoissonSampler> sampler;
  PrivacyPlan plan;
};

// Builds the optimizer, engine and sampler for a plan fixed in advance (Opacus make_private with a noise
// multiplier): e.g. a reference model that repeats another training's mechanism. The plan sets the engine's
// noise_multiplier, sample_rate and expected_batch_size (q N); `engine` gives everything else (clipping, randomness,
// canaries). The sampler draws from the plan's dataset_size units plus the engine's gradient canaries, if any:
// indices from dataset_size on are canaries (put them in in_batch before each step). A seeded engine's sampler draws
// from a stream of its own, so batches do not depend on how much noise was drawn.
PrivateTraining MakePrivate(std::shared_ptr<torch::nn::Module> model, const OptimizerSettings& optimizer,
                            const PrivacyPlan& plan, DpSgdOptions engine);

// Plans the training for the target (PlanWithEpsilon: sigma calibrated for (target_epsilon, delta) after the planned
// Poisson-sampled steps with the chosen accountant), then MakePrivate (Opacus make_private_with_epsilon).
PrivateTraining MakePrivateWithEpsilon(std::shared_ptr<torch::nn::Module> model, const OptimizerSettings& optimizer,
                                       const PrivacyTarget& target, const DpSgdOptions& engine);

}  // namespace leakgate::dp
