#include <gtest/gtest.h>

#include <cmath>

#include "dp/accounting/accounting.h"
#include "reference.h"

namespace leakgate::dp {
namespace {

using testing::OpacusReference;

// Opacus's get_noise_multiplier rows for one accountant (the PRV ones are the q = 0.01 rows with 100 and 1000
// steps); `keep` selects rows to keep the test fast.
template <typename RowFilter>
void ExpectCalibrationMatches(const std::string& accountant, const RowFilter& keep) {
  int compared = 0;
  for (const auto& row : OpacusReference().at("get_noise_multiplier")) {
    if (row.at("accountant") != accountant || row.at("status") != "ok") continue;
    const int64_t steps = row.at("steps");
    if (!keep(row)) continue;
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
    // The bisection visits the same dyadic midpoints as Opacus and takes the same branch at each (our epsilons
    // agree with Opacus's far closer than any midpoint's distance to the target), so sigma is identical.
    EXPECT_EQ(sigma, row.at("noise_multiplier").get<double>()) << row.dump();
    ++compared;
  }
  EXPECT_GT(compared, 0);
}

TEST(Calibration, RdpMatchesOpacusGetNoiseMultiplier) {
  ExpectCalibrationMatches("rdp", [](const nlohmann::json&) { return true; });
}

TEST(Calibration, PrvMatchesOpacusGetNoiseMultiplier) {
  // Every row: most bisection steps are settled on a coarse grid, and the few that need the exact epsilon must take
  // the same branch as Opacus for sigma to be identical.
  ExpectCalibrationMatches("prv", [](const nlohmann::json&) { return true; });
}

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
