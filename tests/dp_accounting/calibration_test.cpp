#include <gtest/gtest.h>

#include <cmath>

#include "dp/accounting/accounting.h"
#include "reference.h"

namespace leakgate::dp {
namespace {

using testing::OpacusReference;

// Opacus's get_noise_multiplier rows for one accountant (the PRV ones are the q = 0.01 rows with 100 and 1000
// steps; `max_steps` keeps the test fast).
void ExpectCalibrationMatches(const std::string& accountant, int64_t max_steps) {
  int compared = 0;
  for (const auto& row : OpacusReference().at("get_noise_multiplier")) {
    if (row.at("accountant") != accountant || row.at("status") != "ok") continue;
    const int64_t steps = row.at("steps");
    if (steps > max_steps) continue;
    const double target = row.at("target_epsilon");
    const double delta = row.at("target_delta");
    const double q = row.at("sample_rate");
    const double tolerance = row.at("epsilon_tolerance");
    const AccountantKind kind = ParseAccountantKind(accountant);
    EXPECT_EQ(StepsForEpochs(row.at("epochs"), q), steps);
    const double sigma = GetNoiseMultiplier(target, delta, q, steps, kind, tolerance);
    const double achieved = ComputeEpsilon({{sigma, q, steps}}, delta, kind).epsilon;
    EXPECT_LE(achieved, target) << row.dump();
    EXPECT_GE(achieved, target - tolerance) << row.dump();
    // The bisection visits the same dyadic midpoints as Opacus, so sigma agrees unless an epsilon sits within the
    // numerical difference of the target; allow one final bisection interval (sigma_high / 2^12 at most here).
    const double expected = row.at("noise_multiplier");
    EXPECT_NEAR(sigma, expected, expected / 4096.0) << row.dump();
    ++compared;
  }
  EXPECT_GT(compared, 0);
}

TEST(Calibration, RdpMatchesOpacusGetNoiseMultiplier) { ExpectCalibrationMatches("rdp", 1'000'000); }

TEST(Calibration, PrvMatchesOpacusGetNoiseMultiplier) { ExpectCalibrationMatches("prv", 100); }

TEST(Calibration, RdpAchievedEpsilonMatchesOpacus) {
  for (const auto& row : OpacusReference().at("get_noise_multiplier")) {
    if (row.at("accountant") != "rdp") continue;
    const double achieved =
        ComputeEpsilon({{row.at("noise_multiplier"), row.at("sample_rate"), row.at("steps")}}, row.at("target_delta"),
                       AccountantKind::kRdp)
            .epsilon;
    EXPECT_NEAR(achieved, row.at("achieved_eps").get<double>(), 1e-6 * achieved) << row.dump();
  }
}

TEST(Calibration, RejectsUnreachableAndInvalidTargets) {
  EXPECT_THROW(GetNoiseMultiplier(0.0, 1e-5, 0.01, 100, AccountantKind::kRdp), ParameterError);
  EXPECT_THROW(GetNoiseMultiplier(1.0, 0.0, 0.01, 100, AccountantKind::kRdp), ParameterError);
  EXPECT_THROW(GetNoiseMultiplier(1.0, 1e-5, 0.01, 0, AccountantKind::kRdp), ParameterError);
  EXPECT_THROW(GetNoiseMultiplier(1e-9, 1e-5, 1.0, 100, AccountantKind::kRdp), ParameterError);
}

}  // namespace
}  // namespace leakgate::dp
