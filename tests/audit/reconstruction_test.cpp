// The reconstruction test: Markov's bound on exact canary reproductions under (epsilon, delta)-DP, checked against
// the closed forms it reduces to.
#include "audit/metrics/reconstruction.h"

#include <gtest/gtest.h>

#include <cmath>

#include "audit/metrics/errors.h"

namespace leakgate::audit {
namespace {

constexpr double kSpace = 1e9;
constexpr double kDelta = 6.64e-6;

TEST(Reconstruction, PValueIsTheExpectedReconstructionsOverTheObservedOnes) {
  EXPECT_DOUBLE_EQ(reconstruction_p_value({1, 10, 0}, 5.0, kSpace, kDelta), 1.0);
  EXPECT_NEAR(reconstruction_p_value({1, 10, 1}, 0.0, kSpace, 0.0), 10.0 / kSpace, 1e-20);
  EXPECT_NEAR(reconstruction_p_value({1, 10, 2}, 3.0, kSpace, kDelta), 10.0 * (std::exp(3.0) / kSpace + kDelta) / 2.0,
              1e-15);
  // Four units per canary: group privacy (4 epsilon, 4 e^(3 epsilon) delta).
  EXPECT_NEAR(reconstruction_p_value({4, 5, 1}, 1.0, kSpace, kDelta),
              5.0 * (std::exp(4.0) / kSpace + 4.0 * std::exp(3.0) * kDelta), 1e-12);
  EXPECT_DOUBLE_EQ(reconstruction_p_value({1, 10, 1}, 30.0, kSpace, kDelta), 1.0);
}

TEST(Reconstruction, OneReproductionAmongSingleCopyCanariesRefutesLargeEpsilons) {
  // n (e^eps / K + delta) / j = alpha  =>  eps = ln(K (alpha j / n - delta)).
  const ReconstructionResult one = reconstruction_test({{1, 8, 1}});
  EXPECT_NEAR(one.epsilon_lower_bound, std::log(kSpace * 0.05 / 8.0), 1e-6);  // delta 0 in the default options
  ReconstructionOptions options;
  options.delta = kDelta;
  const ReconstructionResult result = reconstruction_test({{1, 8, 1}}, options);
  EXPECT_NEAR(result.epsilon_lower_bound, std::log(kSpace * (0.05 / 8.0 - kDelta)), 1e-6);
  EXPECT_GT(result.epsilon_lower_bound, 15.0);  // far above any epsilon a release would claim
  EXPECT_NEAR(result.power, std::log(kSpace * (0.05 - kDelta)), 1e-6);
  EXPECT_EQ(reconstruction_test({{1, 8, 0}}, options).epsilon_lower_bound, 0.0);
}

TEST(Reconstruction, GroupsShareTheLevelAndRepeatedCanariesAreWeakerEvidence) {
  ReconstructionOptions options;
  options.delta = kDelta;
  // Two tested groups: each at alpha / 2.
  const ReconstructionResult two = reconstruction_test({{1, 8, 1}, {4, 8, 0}}, options);
  EXPECT_NEAR(two.epsilon_lower_bound, std::log(kSpace * (0.025 / 8.0 - kDelta)), 1e-6);
  // The same reproduction in a group of 16-unit canaries proves far less.
  const double single = reconstruction_test({{1, 8, 1}}, options).epsilon_lower_bound;
  const double repeated = reconstruction_test({{16, 8, 1}}, options).epsilon_lower_bound;
  EXPECT_GT(repeated, 0.0);
  EXPECT_LT(repeated, single / 8.0);
  // A group without inserted canaries is not tested and does not dilute the level.
  EXPECT_NEAR(reconstruction_test({{1, 8, 1}, {4, 0, 0}}, options).epsilon_lower_bound, single, 1e-9);
}

TEST(Reconstruction, RejectsImpossibleCounts) {
  EXPECT_THROW(reconstruction_test({{1, 2, 3}}), MetricsInputError);
  EXPECT_THROW(reconstruction_test({{0, 2, 1}}), MetricsInputError);
  ReconstructionOptions bad;
  bad.secret_space = 1.0;
  EXPECT_THROW(reconstruction_test({{1, 2, 1}}, bad), MetricsInputError);
}

}  // namespace
}  // namespace leakgate::audit
