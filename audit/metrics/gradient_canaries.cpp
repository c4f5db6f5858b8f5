#include "audit/metrics/gradient_canaries.h"

#include <algorithm>
#include <cmath>

#include "audit/metrics/errors.h"
#include "audit/metrics/stats.h"

namespace leakgate::audit {

namespace {

// ln((TPR_lower - delta) / FPR_upper), or 0 when it is not positive.
double EpsilonAt(std::size_t in_above, std::size_t in_total, std::size_t out_above, std::size_t out_total,
                 double delta, double one_sided) {
  const double tpr_lower = clopper_pearson(in_above, in_total, 1.0 - 2.0 * one_sided).lower;
  const double fpr_upper = clopper_pearson(out_above, out_total, 1.0 - 2.0 * one_sided).upper;
  if (tpr_lower - delta <= 0.0 || fpr_upper <= 0.0) return 0.0;
  return std::max(0.0, std::log((tpr_lower - delta) / fpr_upper));
}

}  // namespace

GradientCanaryResult gradient_canary_test(const std::vector<ThresholdCounts>& thresholds, double delta, double alpha) {
  if (!(alpha > 0.0 && alpha < 1.0)) throw MetricsInputError("gradient canary test: alpha must be in (0, 1)");
  GradientCanaryResult result;
  result.alpha = alpha;
  if (thresholds.empty()) return result;
  const double one_sided = alpha / (2.0 * static_cast<double>(thresholds.size()));
  for (const ThresholdCounts& counts : thresholds) {
    if (counts.in_above > counts.in_total || counts.out_above > counts.out_total || counts.in_total == 0 ||
        counts.out_total == 0) {
      throw MetricsInputError("gradient canary test: counts above a threshold must be within non-empty totals");
    }
    const double epsilon =
        EpsilonAt(counts.in_above, counts.in_total, counts.out_above, counts.out_total, delta, one_sided);
    if (epsilon > result.epsilon_lower_bound) {
      result.epsilon_lower_bound = epsilon;
      result.threshold = counts.threshold;
    }
    result.power = std::max(result.power, EpsilonAt(counts.in_total, counts.in_total, 0, counts.out_total, delta,
                                                    one_sided));
  }
  return result;
}

}  // namespace leakgate::audit
