// What the engine offers for auditing it from one training run, without LibTorch: white-box gradient canaries and
// (test only) planted bugs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace leakgate::dp {

// White-box audit canaries (after Nasr et al. 2023, "Tight auditing of differentially private machine learning"):
// synthetic privacy units whose gradient lies on a coordinate of their own, outside the model. Each is included with
// probability 1/2. Canaries are units of the training's dataset: the training's own sampler draws them with the data
// (so a sampler bug reaches them too), and a drawn included canary's gradient (gradient_norm times the clipping bound)
// goes through the engine's own clipping and gets the engine's own noise. DP-SGD's guarantee covers every privatised
// gradient, so for any threshold the canaries' summed privatised coordinates satisfy TPR <= e^epsilon FPR + delta.
// Their participation counts are the sampler's record, free of any real unit's data. The weights and the model's
// gradients are untouched.
struct GradientCanaries {
  std::vector<uint8_t> included;
  std::vector<double> statistic;  // sum over steps of the privatised coordinate, in units of the clipping bound
  std::vector<int32_t> participations;  // steps whose batch drew each canary, included or not
  // Set by the caller before each step: the canaries its sampler drew into the step's batch (cleared by the step).
  std::vector<std::size_t> in_batch;
  // In units of the clipping bound: correct clipping brings it to 1, a missing clip leaves a signal no noise hides.
  double gradient_norm = 100.0;
  int64_t steps = 0;
};

// Test only: bugs DP-SGD libraries have shipped, planted so that tests can check the audit catches them. The ledger
// still records the claimed noise, as a buggy library would; nothing in a real run sets this.
enum class PlantedBug {
  kNone,
  kNoNoise,               // the accountant's sigma, but no noise added
  kNoClipping,            // per-example gradients summed unclipped
  kNoiseOverBatchTwice,   // noise std divided by the expected batch size before the mean divides again
  kBatchClipping,         // the batch's summed gradient clipped once instead of each example's
  kShuffledSampler,       // fixed-size batches from a shuffled epoch, accounted as Poisson (planted by the caller)
};

// The bug named by `name` (none, no_noise, no_clipping, noise_over_batch_twice, batch_clipping, shuffled_sampler);
// throws EngineConfigError otherwise.
PlantedBug ParsePlantedBug(const std::string& name);

}  // namespace leakgate::dp
