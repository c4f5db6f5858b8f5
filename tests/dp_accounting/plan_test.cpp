#include <gtest/gtest.h>

#include <cmath>

#include "dp/accounting/plan.h"
#include "reference.h"

namespace leakgate::dp {
namespace {

using testing::OpacusReference;

// Opacus's make_private_with_epsilon arithmetic, row by row of its get_noise_multiplier table: the same steps from
// the epochs and the same sigma, with the batch and dataset chosen to give the row's sample rate.
TEST(PrivacyPlan, MatchesOpacusStepsAndNoiseMultiplier) {
  constexpr int64_t kDatasetSize = 100000;
  int compared = 0;
  for (const auto& row : OpacusReference().at("get_noise_multiplier")) {
    if (row.at("accountant") != "rdp" || row.at("status") != "ok") continue;
    const double q = row.at("sample_rate");
    const double batch = q * kDatasetSize;
    if (batch != std::round(batch)) continue;
    PrivacyTarget target;
    target.dataset_size = kDatasetSize;
    target.expected_batch_size = static_cast<int64_t>(batch);
    target.epochs = row.at("epochs");
    target.target_epsilon = row.at("target_epsilon");
    target.delta = row.at("target_delta");
    target.epsilon_tolerance = row.at("epsilon_tolerance");
    const PrivacyPlan plan = PlanWithEpsilon(target);
    EXPECT_DOUBLE_EQ(plan.sample_rate, q) << row.dump();
    EXPECT_EQ(plan.steps, row.at("steps").get<int64_t>()) << row.dump();
    EXPECT_EQ(plan.noise_multiplier, row.at("noise_multiplier").get<double>()) << row.dump();
    EXPECT_EQ(plan.delta, target.delta);
    ++compared;
  }
  EXPECT_GT(compared, 3);
}

// Past the noise cap the plan is refused, and the most steps it reports is the largest step count whose epsilon at
// the cap stays within the target, checked against the accountant directly on both sides.
TEST(PrivacyPlan, UnreachableTargetReportsTheMostStepsWithinIt) {
  PrivacyTarget target;
  target.dataset_size = 1000;
  target.expected_batch_size = 200;
  target.epochs = 200.0;
  target.target_epsilon = 1.0;
  target.delta = 1e-5;
  target.max_noise_multiplier = 2.0;
  try {
    PlanWithEpsilon(target);
    FAIL() << "a target needing more than the cap was accepted";
  } catch (const UnreachableEpsilonError& error) {
    const auto epsilon_after = [](int64_t steps) {
      return ComputeEpsilon({{2.0, 0.2, steps}}, 1e-5, AccountantKind::kRdp).epsilon;
    };
    EXPECT_NEAR(error.epsilon_at_cap(), epsilon_after(1000), 1e-12 * epsilon_after(1000));
    ASSERT_GT(error.max_steps(), 0);
    EXPECT_LE(epsilon_after(error.max_steps()), 1.0);
    EXPECT_GT(epsilon_after(error.max_steps() + 1), 1.0);
  }
  target.max_noise_multiplier = 1e6;
  EXPECT_NO_THROW(PlanWithEpsilon(target));
}

TEST(PrivacyPlan, RejectsPlansThatCannotRun) {
  PrivacyTarget target;
  target.dataset_size = 100;
  target.expected_batch_size = 10;
  EXPECT_NO_THROW(PlanWithEpsilon(target));
  target.expected_batch_size = 101;
  EXPECT_THROW(PlanWithEpsilon(target), ParameterError) << "a batch larger than the dataset";
  target.expected_batch_size = 10;
  target.epochs = 0.01;
  EXPECT_THROW(PlanWithEpsilon(target), ParameterError) << "no step";
  target.epochs = 1.0;
  target.dataset_size = 0;
  EXPECT_THROW(PlanWithEpsilon(target), ParameterError) << "empty dataset";
}

}  // namespace
}  // namespace leakgate::dp
