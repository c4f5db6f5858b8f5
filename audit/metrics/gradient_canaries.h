// The white-box test of a privacy claim from gradient canaries (dp::GradientCanaries): for every threshold fixed
// before training, an (epsilon, delta)-DP training keeps TPR <= e^epsilon FPR + delta for the canaries' summed
// privatised coordinates; exact one-sided Clopper-Pearson bounds on TPR and FPR turn counts into an epsilon that the
// training provably exceeds.
#pragma once

#include <cstddef>
#include <vector>

namespace leakgate::audit {

// Canaries above one threshold: included ones (in) and left-out ones (out).
struct ThresholdCounts {
  double threshold = 0.0;
  std::size_t in_total = 0;
  std::size_t in_above = 0;
  std::size_t out_total = 0;
  std::size_t out_above = 0;
};

struct GradientCanaryResult {
  double epsilon_lower_bound = 0.0;  // 0 when no threshold rejects epsilon = 0
  double threshold = 0.0;            // the threshold that gave the bound
  double power = 0.0;                // the bound had every included canary been above and no left-out one
  double alpha = 0.05;
};

// ln((TPR_lower - delta) / FPR_upper) at the best threshold, each bound one-sided at alpha / (2 thresholds), so the
// whole test keeps confidence 1 - alpha however the threshold is chosen among those given.
GradientCanaryResult gradient_canary_test(const std::vector<ThresholdCounts>& thresholds, double delta,
                                          double alpha = 0.05);

}  // namespace leakgate::audit
