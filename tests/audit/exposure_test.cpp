#include "audit/metrics/exposure.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>
#include <random>
#include <vector>

#include "audit/metrics/errors.h"
#include "fixtures.h"

namespace leakgate::audit {
namespace {

using testing::load_fixture;

TEST(ExactExposure, RankFirstGivesAllBits) {
  const std::vector<double> space{-5, -4, -3, -2, -1, -6, -7, -0.5};
  EXPECT_DOUBLE_EQ(exact_exposure(-0.5, space), 3.0);          // rank 1 of 8
  EXPECT_DOUBLE_EQ(exact_exposure(-7.0, space), 3.0 - 3.0);    // rank 8 of 8
  EXPECT_DOUBLE_EQ(exact_exposure(-3.0, space), 3.0 - 2.0);    // rank 4
  EXPECT_DOUBLE_EQ(exact_exposure(-1.0, std::vector<double>{-1, -1, -2, -3}), 2.0);  // ties favour the canary
  EXPECT_THROW(exact_exposure(-1.0, std::vector<double>{}), MetricsInputError);
}

TEST(SkewNormal, SurvivalMatchesScipy) {
  const nlohmann::json fixture = load_fixture("skew_normal");
  for (const auto& c : fixture["cases"]) {
    const SkewNormal distribution{c["location"], c["scale"], c["shape"]};
    const double expected = c["survival"];
    EXPECT_NEAR(skew_normal_survival(distribution, c["x"]), expected, 1e-12 + 1e-8 * expected) << c.dump();
  }
  EXPECT_DOUBLE_EQ(skew_normal_survival({0.0, 1.0, 2.0}, -1e6), 1.0);  // far below the bulk, without a long loop
  EXPECT_THROW(skew_normal_survival({0.0, 0.0, 1.0}, 0.0), MetricsInputError);
}

// Mean, variance and skewness of a skew-normal, from its closed forms.
struct Moments {
  double mean;
  double variance;
  double skewness;
};
Moments skew_normal_moments(const SkewNormal& d) {
  const double delta = d.shape / std::sqrt(1 + d.shape * d.shape);
  const double b = delta * std::sqrt(2 / std::numbers::pi);
  return {d.location + d.scale * b, d.scale * d.scale * (1 - b * b),
          (4 - std::numbers::pi) / 2 * std::pow(b, 3) / std::pow(1 - b * b, 1.5)};
}

TEST(SkewNormal, MomentFitReproducesTheSampleMoments) {
  std::mt19937_64 rng(8);
  std::gamma_distribution<double> gamma(4.0, 2.0);  // mixed with the normal: skewness ~0.45
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> sample;
  for (int i = 0; i < 5000; ++i) sample.push_back(normal(rng) + 0.3 * gamma(rng));
  double mean = 0, second = 0, third = 0;
  for (double x : sample) mean += x;
  mean /= sample.size();
  for (double x : sample) {
    second += (x - mean) * (x - mean);
    third += std::pow(x - mean, 3);
  }
  second /= sample.size();
  third /= sample.size();
  const Moments fitted = skew_normal_moments(fit_skew_normal(sample));
  EXPECT_NEAR(fitted.mean, mean, 1e-9);
  EXPECT_NEAR(fitted.variance, second, 1e-9);
  EXPECT_NEAR(fitted.skewness, third / std::pow(second, 1.5), 1e-9);
}

TEST(SkewNormal, FitRecoversItsOwnParameters) {
  // Sample a skew-normal as xi + omega (delta |U| + sqrt(1 - delta^2) V) with U, V standard normal.
  const SkewNormal truth{-40.0, 6.0, 3.0};
  const double delta = truth.shape / std::sqrt(1 + truth.shape * truth.shape);
  std::mt19937_64 rng(12);
  std::normal_distribution<double> normal;
  std::vector<double> sample;
  for (int i = 0; i < 40000; ++i) {
    sample.push_back(truth.location +
                     truth.scale * (delta * std::fabs(normal(rng)) + std::sqrt(1 - delta * delta) * normal(rng)));
  }
  const SkewNormal fit = fit_skew_normal(sample);
  EXPECT_NEAR(fit.location, truth.location, 0.3);
  EXPECT_NEAR(fit.scale, truth.scale, 0.3);
  EXPECT_NEAR(fit.shape, truth.shape, 0.8);  // the shape is the least precise moment estimate
}

TEST(ApproximateExposure, AgreesWithExactOnASyntheticSpace) {
  // A candidate space of 2^17 secrets whose log-likelihoods are skew-normal; the canary is planted at given ranks.
  const SkewNormal law{-60.0, 8.0, 2.0};
  const double delta = law.shape / std::sqrt(1 + law.shape * law.shape);
  std::mt19937_64 rng(21);
  std::normal_distribution<double> normal;
  std::vector<double> space(1u << 17);
  for (double& ll : space) {
    ll = law.location + law.scale * (delta * std::fabs(normal(rng)) + std::sqrt(1 - delta * delta) * normal(rng));
  }
  std::vector<double> sorted = space;
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  std::vector<double> sample(space.begin(), space.begin() + 5000);  // the space is in random order already
  for (std::size_t rank : {1u << 4, 1u << 8, 1u << 12}) {
    const double canary = sorted[rank - 1];
    const double exact = exact_exposure(canary, space);
    EXPECT_NEAR(exact, 17.0 - std::log2(static_cast<double>(rank)), 1e-9);
    EXPECT_NEAR(approximate_exposure(canary, sample), exact, 0.75) << "rank " << rank;
  }
}

TEST(ExposureByRepetition, GroupsAndSummarises) {
  const std::vector<CanaryExposure> canaries{{16, 20.0}, {1, 1.0}, {16, 22.0}, {4, 5.0}, {1, 3.0}};
  const std::vector<ExposureByRepetition> groups = exposure_by_repetition(canaries);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].repetitions, 1u);
  EXPECT_DOUBLE_EQ(groups[0].exposure_bits.mean, 2.0);
  EXPECT_EQ(groups[2].repetitions, 16u);
  EXPECT_DOUBLE_EQ(groups[2].exposure_bits.median, 21.0);
}

}  // namespace
}  // namespace leakgate::audit
