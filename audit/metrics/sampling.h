// The white-box test of a training's sampler against the accountant's assumption: Poisson sampling at rate q makes
// each unit's participation count over T steps Binomial(T, q), independently across units. Tested on the gradient
// canaries' counts (synthetic units the training's own sampler drew), with the Dvoretzky-Kiefer-Wolfowitz bound.
#pragma once

#include <cstdint>
#include <vector>

namespace leakgate::audit {

struct PoissonSamplingResult {
  bool consistent = true;        // false: the sampler is not Poisson at rate q, with confidence 1 - alpha
  double distance = 0.0;         // largest gap between the counts' empirical CDF and the Binomial(T, q) CDF
  double critical_distance = 0.0;  // a Poisson sampler's counts exceed it with probability at most alpha
  double p_value_bound = 1.0;    // 2 exp(-2 n distance^2) capped at 1 (Massart's constant, valid for discrete counts)
  double observed_rate = 0.0;    // participations per unit and step
  std::int64_t units = 0;
  std::int64_t steps = 0;
  double sample_rate = 0.0;
  double alpha = 1e-6;
};

// histogram[k] = units the sampler drew in exactly k of `steps` steps. Throws MetricsInputError for an empty
// histogram, counts above `steps`, q outside (0, 1] or alpha outside (0, 1).
PoissonSamplingResult poisson_sampling_test(const std::vector<std::int64_t>& histogram, std::int64_t steps,
                                            double sample_rate, double alpha = 1e-6);

}  // namespace leakgate::audit
