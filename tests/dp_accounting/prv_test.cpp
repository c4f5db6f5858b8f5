#include <gtest/gtest.h>

#include <cmath>

#include "dp/accounting/accounting.h"
#include "dp/accounting/prv.h"
#include "reference.h"

namespace leakgate::dp {
namespace {

using testing::OpacusReference;

// Opacus's PRV epsilon is an upper estimate guaranteed within eps_error = 0.01 of the true one; ours runs the same
// discretisation, so the two agree far more closely. The acceptance bound is that error plus a slack of 1e-4 for
// the two numerical differences that remain: Opacus integrates the truncated mean with scipy quad (absolute
// tolerance 1.5e-8, multiplied by the number of steps in the composed shift) and aliases the composed tail back
// into its circular domain, where we pad.
constexpr double kPrvTolerance = 0.01 + 1e-4;
// In fact the remaining differences are below 1e-5 on every row up to 1.2e6 grid points; this tighter check guards
// the implementation itself (a wrong shift, roll or truncation shows up as 1e-3 or more).
constexpr double kFidelityTolerance = 1e-4;

// Grid rows whose discretisation has at most this many points: every q and sigma of the grid appears, and the
// whole subset runs in about a second.
constexpr double kMaxPointsInTest = 3e5;

TEST(PrvAccountant, MatchesOpacusOnTheGridWithinItsErrorBound) {
  int compared = 0;
  double worst = 0.0;
  for (const auto& row : OpacusReference().at("grid")) {
    if (row.at("prv_status") != "ok" || row.at("prv_grid_points").get<double>() > kMaxPointsInTest) continue;
    const std::vector<MechanismPhase> phases{{row.at("sigma"), row.at("q"), row.at("steps")}};
    const EpsilonReport report = ComputeEpsilon(phases, row.at("delta"), AccountantKind::kPrv);
    const double expected = row.at("prv_eps");
    EXPECT_NEAR(report.epsilon, expected, kPrvTolerance) << row.dump();
    EXPECT_NEAR(report.epsilon, expected, kFidelityTolerance) << row.dump();
    worst = std::max(worst, std::abs(report.epsilon - expected));
    ++compared;
  }
  EXPECT_GE(compared, 100);
  RecordProperty("worst_abs_difference", std::to_string(worst));
}

TEST(PrvAccountant, DomainMatchesOpacus) {
  // The grid size is a pure function of the RDP tail bounds and the mesh; it must agree with Opacus's
  // prv_grid_points = 2L / mesh up to the alignment (both ends rounded outwards, +1, +1 to make it even).
  for (const auto& row : OpacusReference().at("grid")) {
    if (row.at("prv_status") != "ok" || row.at("prv_grid_points").get<double>() > 2e4) continue;
    const MechanismPhase phase{row.at("sigma"), row.at("q"), row.at("steps")};
    const PrvEpsilon prv = PrvEpsilonUpper({&phase, 1}, row.at("delta"));
    EXPECT_NEAR(static_cast<double>(prv.grid_points), row.at("prv_grid_points").get<double>(), 4.0) << row.dump();
  }
}

TEST(PrvAccountant, MatchesAbadiRows) {
  for (const auto& row : OpacusReference().at("abadi2016").at("rows")) {
    if (row.at("steps").get<int64_t>() > 1000) continue;  // longer rows need > 1e6 grid points
    const std::vector<MechanismPhase> phases{{row.at("sigma"), row.at("q"), row.at("steps")}};
    EXPECT_NEAR(ComputeEpsilon(phases, row.at("delta"), AccountantKind::kPrv).epsilon, row.at("prv_eps").get<double>(),
                kPrvTolerance)
        << row.dump();
  }
}

TEST(PrvAccountant, ReportsItsErrorBoundsAndIsBelowRdp) {
  const std::vector<MechanismPhase> phases{{1.1, 0.01, 1000}};
  const EpsilonReport prv = ComputeEpsilon(phases, 1e-5, AccountantKind::kPrv);
  ASSERT_TRUE(prv.eps_error && prv.delta_error);
  EXPECT_EQ(*prv.eps_error, 0.01);
  EXPECT_DOUBLE_EQ(*prv.delta_error, 1e-8);
  EXPECT_FALSE(prv.alpha.has_value());
  EXPECT_LT(prv.epsilon, ComputeEpsilon(phases, 1e-5, AccountantKind::kRdp).epsilon);
}

// The calibration settles bisection steps with this interval, so it must contain the default estimate, and be
// narrow enough to settle anything: about 2 coarse eps_error + 2 eps_error wide.
TEST(PrvAccountant, CoarseIntervalContainsTheDefaultEstimate) {
  const std::vector<std::vector<MechanismPhase>> cases{
      {{0.5, 0.001, 1}},     {{1.1, 0.01, 1000}},  {{0.8, 0.05, 300}}, {{4.0, 0.256, 100}},
      {{2.0, 1.0, 10}},      {{0.7, 0.02, 2000}},  {{1.0, 0.01, 300}, {2.0, 0.01, 300}}};
  for (const double delta : {1e-5, 1e-8}) {
    for (const std::vector<MechanismPhase>& phases : cases) {
      const double estimate = PrvEpsilonUpper(phases, delta).epsilon_upper;
      const EpsilonInterval interval = PrvEpsilonUpperInterval(phases, delta, PrvBounds{}, PrvBounds{0.1, 0.0});
      EXPECT_LE(interval.lower, estimate) << phases[0].noise_multiplier << " " << delta;
      EXPECT_GE(interval.upper, estimate) << phases[0].noise_multiplier << " " << delta;
      EXPECT_LT(interval.upper - interval.lower, 0.26) << phases[0].noise_multiplier << " " << delta;
    }
  }
  const std::vector<MechanismPhase> phases{{1.1, 0.01, 100}};
  EXPECT_THROW(PrvEpsilonUpperInterval(phases, 1e-5, PrvBounds{0.01, 5e-6}, PrvBounds{0.1, 0.0}), ParameterError);
}

TEST(PrvAccountant, HugeEpsilonAsksForTheRdpAccountant) {
  const std::vector<MechanismPhase> phases{{0.5, 0.256, 100000}};
  EXPECT_THROW(ComputeEpsilon(phases, 1e-5, AccountantKind::kPrv), ParameterError);
}

// Monotonicity and composition, for both accountants.
class AccountantProperties : public ::testing::TestWithParam<AccountantKind> {
 protected:
  double Epsilon(double sigma, double q, int64_t steps) const {
    return ComputeEpsilon({{sigma, q, steps}}, 1e-5, GetParam()).epsilon;
  }
};

TEST_P(AccountantProperties, EpsilonGrowsWithStepsAndSampleRateAndShrinksWithNoise) {
  EXPECT_LT(Epsilon(1.0, 0.01, 100), Epsilon(1.0, 0.01, 400));
  EXPECT_LT(Epsilon(1.0, 0.01, 400), Epsilon(1.0, 0.01, 1600));
  EXPECT_LT(Epsilon(1.0, 0.005, 400), Epsilon(1.0, 0.01, 400));
  EXPECT_LT(Epsilon(1.0, 0.01, 400), Epsilon(1.0, 0.02, 400));
  EXPECT_GT(Epsilon(0.8, 0.01, 400), Epsilon(1.0, 0.01, 400));
  EXPECT_GT(Epsilon(1.0, 0.01, 400), Epsilon(1.5, 0.01, 400));
}

TEST_P(AccountantProperties, TwoEqualPhasesEqualOnePhaseWithTheSummedSteps) {
  const double split = ComputeEpsilon({{1.1, 0.02, 300}, {1.1, 0.02, 500}}, 1e-5, GetParam()).epsilon;
  EXPECT_NEAR(split, Epsilon(1.1, 0.02, 800), 1e-9 * split);
}

TEST_P(AccountantProperties, HeterogeneousPhasesLieBetweenTheirHomogeneousBounds) {
  const double mixed = ComputeEpsilon({{1.0, 0.01, 300}, {2.0, 0.01, 300}}, 1e-5, GetParam()).epsilon;
  EXPECT_GT(mixed, Epsilon(2.0, 0.01, 600));
  EXPECT_LT(mixed, Epsilon(1.0, 0.01, 600));
}

INSTANTIATE_TEST_SUITE_P(BothAccountants, AccountantProperties,
                         ::testing::Values(AccountantKind::kRdp, AccountantKind::kPrv),
                         [](const auto& info) { return std::string(AccountantName(info.param)); });

}  // namespace
}  // namespace leakgate::dp
