// Planning a private training before it runs (Opacus make_private_with_epsilon's arithmetic, torch-free): from the
// dataset, expected batch, epochs and a target (epsilon, delta) to the sample rate, steps and calibrated noise.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "dp/accounting/accounting.h"

namespace leakgate::dp {

// What a private training must achieve.
struct PrivacyTarget {
  int64_t dataset_size = 0;         // privacy units
  int64_t expected_batch_size = 0;  // logical batch; sample rate q = expected_batch_size / dataset_size
  double epochs = 1.0;              // steps = int(epochs / q), as Opacus
  double target_epsilon = 1.0;
  double delta = 1e-5;
  AccountantKind accountant = AccountantKind::kRdp;
  double epsilon_tolerance = 0.01;
  // The most noise the caller accepts; a target that needs more throws UnreachableEpsilonError.
  double max_noise_multiplier = std::numeric_limits<double>::infinity();
};

// The mechanism a private training runs: T steps of the Poisson-subsampled Gaussian mechanism at (sigma, q), and the
// delta its epsilon is reported at.
struct PrivacyPlan {
  int64_t dataset_size = 0;
  double sample_rate = 0.0;
  int64_t steps = 0;
  double delta = 0.0;
  double noise_multiplier = 0.0;
  AccountantKind accountant = AccountantKind::kRdp;
};

// The target cannot be met at max_noise_multiplier: epsilon_at_cap is what the planned steps spend even there, and
// max_steps the most steps (at the same q) that stay within the target (0: not even one).
class UnreachableEpsilonError : public ParameterError {
 public:
  UnreachableEpsilonError(const std::string& what, double epsilon_at_cap, int64_t max_steps,
                          std::source_location place = std::source_location::current())
      : ParameterError(what, place), epsilon_at_cap_(epsilon_at_cap), max_steps_(max_steps) {}
  double epsilon_at_cap() const { return epsilon_at_cap_; }
  int64_t max_steps() const { return max_steps_; }

 private:
  double epsilon_at_cap_;
  int64_t max_steps_;
};

// Sample rate and steps from the batch and epochs, then the smallest noise multiplier whose epsilon after those
// steps is within [target - tolerance, target] (GetNoiseMultiplier). Throws ParameterError on a parameter out of
// range (an empty dataset, a batch larger than it, no step) and UnreachableEpsilonError past the noise cap.
PrivacyPlan PlanWithEpsilon(const PrivacyTarget& target);

}  // namespace leakgate::dp
