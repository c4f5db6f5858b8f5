#include "audit/metrics/reconstruction.h"

#include <algorithm>
#include <cmath>

#include "audit/metrics/errors.h"

namespace leakgate::audit {

namespace {

// The largest epsilon in [0, kMaxEpsilon] at which the p-value is still at most `level` (it grows with epsilon), or
// 0 when even epsilon = 0 is not rejected.
constexpr double kMaxEpsilon = 100.0;

double LargestRejected(const ReconstructionGroup& group, double level, const ReconstructionOptions& options) {
  const auto p = [&](double epsilon) {
    return reconstruction_p_value(group, epsilon, options.secret_space, options.delta);
  };
  if (p(0.0) > level) return 0.0;
  double low = 0.0, high = kMaxEpsilon;
  if (p(high) <= level) return high;
  for (int i = 0; i < 200 && high - low > 1e-9; ++i) {
    const double middle = 0.5 * (low + high);
    (p(middle) <= level ? low : high) = middle;
  }
  return low;
}

}  // namespace

double reconstruction_p_value(const ReconstructionGroup& group, double epsilon, double secret_space, double delta) {
  if (group.reconstructed == 0) return 1.0;
  const double g = static_cast<double>(group.units);
  // In log space: e^(g epsilon) overflows long before the bound stops mattering.
  const double log_per_canary =
      std::log(std::exp(g * epsilon - std::log(secret_space)) + g * std::exp((g - 1.0) * epsilon) * delta);
  const double log_p = std::log(static_cast<double>(group.canaries)) + log_per_canary -
                       std::log(static_cast<double>(group.reconstructed));
  return log_p >= 0.0 ? 1.0 : std::exp(log_p);
}

ReconstructionResult reconstruction_test(const std::vector<ReconstructionGroup>& groups,
                                         const ReconstructionOptions& options) {
  if (!(options.secret_space > 1.0)) throw MetricsInputError("reconstruction test: the secret space must exceed 1");
  if (!(options.alpha > 0.0 && options.alpha < 1.0)) throw MetricsInputError("reconstruction test: alpha in (0, 1)");
  ReconstructionResult result;
  result.alpha = options.alpha;
  std::size_t tested = 0;
  for (const auto& group : groups) {
    if (group.reconstructed > group.canaries) {
      throw MetricsInputError("reconstruction test: more reconstructions than canaries in a group");
    }
    if (group.units == 0) throw MetricsInputError("reconstruction test: a canary is at least one privacy unit");
    tested += group.canaries > 0 ? 1 : 0;
  }
  if (tested == 0) return result;
  const double level = options.alpha / static_cast<double>(tested);
  for (const auto& group : groups) {
    if (group.canaries == 0) continue;
    result.epsilon_lower_bound = std::max(result.epsilon_lower_bound, LargestRejected(group, level, options));
    ReconstructionGroup all = group;
    all.reconstructed = group.canaries;
    result.power = std::max(result.power, LargestRejected(all, level, options));
  }
  return result;
}

}  // namespace leakgate::audit
