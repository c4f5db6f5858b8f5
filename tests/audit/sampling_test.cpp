// The sampler test: Poisson counts pass at the stated confidence, a shuffled or over-eager sampler fails.
#include "audit/metrics/sampling.h"

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "audit/metrics/errors.h"

namespace leakgate::audit {
namespace {

std::vector<std::int64_t> BinomialHistogram(std::int64_t units, std::int64_t steps, double rate, unsigned seed) {
  std::mt19937_64 random(seed);
  std::binomial_distribution<std::int64_t> draws(steps, rate);
  std::vector<std::int64_t> histogram(static_cast<std::size_t>(steps + 1), 0);
  for (std::int64_t unit = 0; unit < units; ++unit) ++histogram[static_cast<std::size_t>(draws(random))];
  return histogram;
}

TEST(PoissonSamplingTest, HandComputedDistanceBoundAndCriticalValue) {
  // One step at q = 1/2: the Binomial CDF is 0.5 at 0, the empirical one 0.3.
  const PoissonSamplingResult result = poisson_sampling_test({30, 70}, 1, 0.5);
  EXPECT_NEAR(result.distance, 0.2, 1e-12);
  EXPECT_NEAR(result.critical_distance, std::sqrt(std::log(2e6) / 200.0), 1e-12);
  EXPECT_NEAR(result.p_value_bound, 2.0 * std::exp(-8.0), 1e-12);
  EXPECT_NEAR(result.observed_rate, 0.7, 1e-12);
  EXPECT_TRUE(result.consistent);
  EXPECT_EQ(result.units, 100);
}

TEST(PoissonSamplingTest, PoissonCountsPassInEverySeed) {
  // At alpha 1e-6 the chance that any of 20 honest samplers fails is at most 2e-5.
  for (unsigned seed = 1; seed <= 20; ++seed) {
    const PoissonSamplingResult result = poisson_sampling_test(BinomialHistogram(200000, 35, 0.17, seed), 35, 0.17);
    EXPECT_TRUE(result.consistent) << seed << ": distance " << result.distance;
    EXPECT_NEAR(result.observed_rate, 0.17, 0.001);
  }
}

TEST(PoissonSamplingTest, AShuffledFixedSizeSamplerFails) {
  // 35 steps of batches a sixth of the population: every unit drawn in 5 or 6 steps, never 0 or 12.
  std::vector<std::int64_t> histogram(36, 0);
  histogram[5] = 33333;
  histogram[6] = 166667;
  const PoissonSamplingResult result = poisson_sampling_test(histogram, 35, 1.0 / 6.0);
  EXPECT_FALSE(result.consistent);
  EXPECT_NEAR(result.observed_rate, 1.0 / 6.0, 0.01);  // the rate alone would not show it
  EXPECT_LT(result.p_value_bound, 1e-100);
}

TEST(PoissonSamplingTest, ASamplerDrawingTwiceTheRateFails) {
  const PoissonSamplingResult result = poisson_sampling_test(BinomialHistogram(200000, 35, 0.34, 3), 35, 0.17);
  EXPECT_FALSE(result.consistent);
  // A rate 3% off is still seen with 200000 units.
  EXPECT_FALSE(poisson_sampling_test(BinomialHistogram(200000, 35, 0.175, 4), 35, 0.17).consistent);
}

TEST(PoissonSamplingTest, RefusesImpossibleRecords) {
  EXPECT_THROW(poisson_sampling_test({}, 3, 0.1), MetricsInputError);
  EXPECT_THROW(poisson_sampling_test({0, 0}, 1, 0.1), MetricsInputError);
  EXPECT_THROW(poisson_sampling_test({1, 1, 1}, 1, 0.1), MetricsInputError);
  EXPECT_THROW(poisson_sampling_test({1, 1}, 1, 0.0), MetricsInputError);
  EXPECT_THROW(poisson_sampling_test({1, 1}, 1, 0.5, 1.0), MetricsInputError);
}

}  // namespace
}  // namespace leakgate::audit
