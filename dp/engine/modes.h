// The engine's plain choices (clipping, per-example gradients, loss reduction, optimizer) and their names. No
// LibTorch here: a config holds these as types, and only the engine that acts on them links LibTorch.
#pragma once

#include <string_view>

namespace leakgate::dp {

enum class ClippingMode { kFlat, kPerLayer };
// kGhost: per-example norms without forming per-example gradients where that is cheaper, then the
// clipped sum by re-weighting output gradients. kMaterialized: forms every per-example gradient.
enum class GradSampleMode { kGhost, kMaterialized };
// How the loss given to backward combines examples: sum_i l_i or mean_i l_i over the physical batch.
enum class LossReduction { kSum, kMean };
enum class OptimizerKind { kSgd, kAdam };

// The names configs and files use: "ghost" / "materialized", "sgd" / "adam".
constexpr std::string_view GradSampleModeName(GradSampleMode mode) {
  return mode == GradSampleMode::kGhost ? "ghost" : "materialized";
}
constexpr std::string_view OptimizerName(OptimizerKind kind) { return kind == OptimizerKind::kSgd ? "sgd" : "adam"; }

}  // namespace leakgate::dp
