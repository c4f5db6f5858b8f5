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
// probability 1/2; an included canary joins every step's batch with the sample rate q like any unit, and its gradient
// (gradient_norm times the clipping bound) goes through the engine's own clipping and gets the engine's own noise.
// DP-SGD's guarantee covers every privatised gradient, so for any threshold the canaries' summed privatised
// coordinates satisfy TPR <= e^epsilon FPR + delta. The weights and the model's gradients are untouched.
struct GradientCanaries {
  std::vector<uint8_t> included;
  std::vector<double> statistic;  // sum over steps of the privatised coordinate, in units of the clipping bound
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
};

// The bug named by `name` (none, no_noise, no_clipping, noise_over_batch_twice); throws EngineConfigError otherwise.
PlantedBug ParsePlantedBug(const std::string& name);

}  // namespace leakgate::dp
