#include "dp/accounting/plan.h"

#include <cmath>
#include <sstream>

namespace leakgate::dp {

PrivacyPlan PlanWithEpsilon(const PrivacyTarget& target) {
  if (target.dataset_size <= 0) {
    throw ParameterError("dataset_size must be positive, got " + std::to_string(target.dataset_size));
  }
  if (target.expected_batch_size <= 0 || target.expected_batch_size > target.dataset_size) {
    throw ParameterError("expected_batch_size must be in [1, dataset_size=" + std::to_string(target.dataset_size) +
                         "], got " + std::to_string(target.expected_batch_size));
  }
  if (!(target.epochs > 0.0)) throw ParameterError("epochs must be > 0, got " + std::to_string(target.epochs));
  ValidateEpsilon(target.target_epsilon);
  ValidateDelta(target.delta);
  if (!(target.max_noise_multiplier > 0.0)) {
    throw ParameterError("max_noise_multiplier must be > 0, got " + std::to_string(target.max_noise_multiplier));
  }
  PrivacyPlan plan;
  plan.dataset_size = target.dataset_size;
  plan.sample_rate = SampleRateForBatch(target.expected_batch_size, target.dataset_size);
  plan.steps = StepsForEpochs(target.epochs, plan.sample_rate);
  plan.delta = target.delta;
  plan.accountant = target.accountant;
  if (plan.steps < 1) {
    throw ParameterError("epochs=" + std::to_string(target.epochs) + " gives no step at sample_rate=" +
                         std::to_string(plan.sample_rate));
  }
  const auto epsilon_after = [&](double noise_multiplier, int64_t steps) {
    return ComputeEpsilon({{noise_multiplier, plan.sample_rate, steps}}, plan.delta, plan.accountant).epsilon;
  };
  if (std::isfinite(target.max_noise_multiplier)) {
    const double epsilon_at_cap = epsilon_after(target.max_noise_multiplier, plan.steps);
    if (epsilon_at_cap > target.target_epsilon) {
      // Epsilon grows with the steps: bisect for the most steps the cap keeps within the target.
      int64_t within = 0;
      int64_t beyond = plan.steps;
      while (beyond - within > 1) {
        const int64_t middle = within + (beyond - within) / 2;
        (epsilon_after(target.max_noise_multiplier, middle) <= target.target_epsilon ? within : beyond) = middle;
      }
      std::ostringstream message;
      message << "target_epsilon=" << target.target_epsilon << " is unreachable: " << plan.steps
              << " steps at sample_rate=" << plan.sample_rate << " spend epsilon " << epsilon_at_cap
              << " even at max_noise_multiplier=" << target.max_noise_multiplier << " (at most " << within
              << " steps stay within the target)";
      throw UnreachableEpsilonError(message.str(), epsilon_at_cap, within);
    }
  }
  plan.noise_multiplier = GetNoiseMultiplier(target.target_epsilon, plan.delta, plan.sample_rate, plan.steps,
                                             plan.accountant, target.epsilon_tolerance);
  return plan;
}

}  // namespace leakgate::dp
