// The white-box gradient-canary test: exact one-sided Clopper-Pearson bounds in closed form where they have one.
#include "audit/metrics/gradient_canaries.h"

#include <gtest/gtest.h>

#include <cmath>

#include "audit/metrics/errors.h"

namespace leakgate::audit {
namespace {

TEST(GradientCanaries, PerfectSeparationGivesTheClosedFormBound) {
  // All included canaries above, no left-out one: TPR_lower = a^(1/n_in), FPR_upper = 1 - a^(1/n_out), a = alpha/2.
  const double delta = 1e-5;
  const GradientCanaryResult result = gradient_canary_test({{3.0, 100000, 100000, 100000, 0}}, delta);
  const double a = 0.025;
  const double expected = std::log((std::pow(a, 1e-5) - delta) / (1.0 - std::pow(a, 1e-5)));
  EXPECT_NEAR(result.epsilon_lower_bound, expected, 1e-6);
  EXPECT_GT(result.epsilon_lower_bound, 10.0);  // refutes any epsilon a release would claim
  EXPECT_NEAR(result.power, expected, 1e-6);
  EXPECT_DOUBLE_EQ(result.threshold, 3.0);
}

TEST(GradientCanaries, IndistinguishableCanariesRefuteNothingAndThresholdsShareAlpha) {
  const GradientCanaryResult same = gradient_canary_test(
      {{1.0, 100000, 15000, 100000, 15100}, {2.0, 100000, 2300, 100000, 2280}}, 1e-5);
  EXPECT_EQ(same.epsilon_lower_bound, 0.0);
  // Eight thresholds: each bound at alpha / 16, so the power is lower than with one.
  std::vector<ThresholdCounts> eight(8, ThresholdCounts{1.0, 100000, 100000, 100000, 0});
  EXPECT_LT(gradient_canary_test(eight, 1e-5).power,
            gradient_canary_test({ThresholdCounts{1.0, 100000, 100000, 100000, 0}}, 1e-5).power);
}

TEST(GradientCanaries, AModerateSeparationGivesAModerateBound) {
  // TPR 0.5, FPR 0.05 on 100000 each: about ln(10), a little less for the confidence bounds.
  const GradientCanaryResult result = gradient_canary_test({{1.0, 100000, 50000, 100000, 5000}}, 0.0);
  EXPECT_GT(result.epsilon_lower_bound, std::log(10.0) - 0.1);
  EXPECT_LT(result.epsilon_lower_bound, std::log(10.0));
}

TEST(GradientCanaries, RejectsImpossibleCounts) {
  EXPECT_THROW(gradient_canary_test({{1.0, 10, 11, 10, 0}}, 0.0), MetricsInputError);
  EXPECT_THROW(gradient_canary_test({{1.0, 0, 0, 10, 0}}, 0.0), MetricsInputError);
}

}  // namespace
}  // namespace leakgate::audit
