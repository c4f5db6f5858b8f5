#include "audit/metrics/stats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "audit/metrics/errors.h"
#include "fixtures.h"

namespace leakgate::audit {
namespace {

using testing::load_fixture;

TEST(IncompleteBeta, MatchesScipyBetainc) {
  const nlohmann::json fixture = load_fixture("stats");
  for (const auto& c : fixture["incomplete_beta"]) {
    const double expected = c["value"];
    EXPECT_NEAR(regularized_incomplete_beta(c["a"], c["b"], c["x"]), expected, 1e-12 + 1e-10 * expected)
        << c.dump();
  }
}

TEST(IncompleteBeta, InverseRoundTrips) {
  for (double p : {1e-12, 0.025, 0.5, 0.975, 1.0 - 1e-9}) {
    const double x = inverse_regularized_incomplete_beta(3.0, 40.0, p);
    EXPECT_NEAR(regularized_incomplete_beta(3.0, 40.0, x), p, 1e-12 + 1e-9 * p) << p;
  }
}

TEST(ClopperPearson, MatchesScipyBetaPpf) {
  const nlohmann::json fixture = load_fixture("stats");
  for (const auto& c : fixture["clopper_pearson"]) {
    const Interval interval = clopper_pearson(c["successes"], c["trials"], c["confidence"]);
    const double lower = c["lower"];
    const double upper = c["upper"];
    EXPECT_NEAR(interval.lower, lower, 1e-11 + 1e-9 * lower) << c.dump();
    EXPECT_NEAR(interval.upper, upper, 1e-11 + 1e-9 * upper) << c.dump();
  }
}

TEST(ClopperPearson, KnownValueFromBinomTest) {
  // R: binom.test(5, 10)$conf.int = 0.187086 0.812914
  const Interval interval = clopper_pearson(5, 10, 0.95);
  EXPECT_NEAR(interval.lower, 0.187086, 1e-6);
  EXPECT_NEAR(interval.upper, 0.812914, 1e-6);
}

// The fewest trials whose interval with no success ends at or below the maximum, checked against the interval itself.
TEST(ClopperPearson, TrialsToBoundARateAreTheFewestThatDo) {
  for (double maximum : {0.001, 0.01, 0.05, 0.3}) {
    const std::size_t trials = trials_to_bound_rate(maximum).value();
    EXPECT_LE(clopper_pearson(0, trials).upper, maximum + 1e-12) << maximum;
    EXPECT_GT(clopper_pearson(0, trials - 1).upper, maximum) << maximum;
  }
  EXPECT_EQ(trials_to_bound_rate(0.001), 3688u);
  EXPECT_EQ(trials_to_bound_rate(1.0), 1u);
  EXPECT_EQ(trials_to_bound_rate(0.0), std::nullopt);  // no sample shows a rate of exactly 0
  EXPECT_THROW(trials_to_bound_rate(-0.1), MetricsInputError);
}

TEST(ClopperPearson, RejectsImpossibleCounts) {
  EXPECT_THROW(clopper_pearson(11, 10), MetricsInputError);
  EXPECT_THROW(clopper_pearson(0, 0), MetricsInputError);
  EXPECT_THROW(clopper_pearson(1, 10, 1.0), MetricsInputError);
}

TEST(Binomial, UpperTailMatchesScipy) {
  const nlohmann::json fixture = load_fixture("stats");
  for (const auto& c : fixture["binomial_upper_tail"]) {
    const double expected = c["value"];
    EXPECT_NEAR(binomial_upper_tail(c["successes"], c["trials"], c["p"]), expected, 1e-13 + 1e-9 * expected)
        << c.dump();
  }
}

TEST(Binomial, PmfSumsToOneAndMatchesTail) {
  double total = 0.0;
  for (std::size_t k = 0; k <= 40; ++k) total += binomial_pmf(k, 40, 0.3);
  EXPECT_NEAR(total, 1.0, 1e-12);
  EXPECT_NEAR(binomial_upper_tail(39, 40, 0.3), binomial_pmf(39, 40, 0.3) + binomial_pmf(40, 40, 0.3), 1e-20);
}

TEST(Summaries, QuantilesInterpolateLikeNumpy) {
  const std::vector<double> sorted{1.0, 2.0, 4.0, 8.0};
  EXPECT_DOUBLE_EQ(quantile_of_sorted(sorted, 0.5), 3.0);   // numpy.quantile([1,2,4,8], 0.5)
  EXPECT_DOUBLE_EQ(quantile_of_sorted(sorted, 0.25), 1.75);
  const Distribution d = summarize(std::vector<double>{4.0, 1.0, 8.0, 2.0});
  EXPECT_EQ(d.count, 4u);
  EXPECT_DOUBLE_EQ(d.mean, 3.75);
  EXPECT_DOUBLE_EQ(d.median, 3.0);
  EXPECT_DOUBLE_EQ(d.min, 1.0);
  EXPECT_DOUBLE_EQ(d.max, 8.0);
  EXPECT_NEAR(d.stddev, std::sqrt((0.0625 + 7.5625 + 18.0625 + 3.0625) / 4.0), 1e-12);
  EXPECT_THROW(summarize(std::vector<double>{}), MetricsInputError);
}

TEST(Rates, CarryTheirInterval) {
  const Rate rate = rate_with_interval(3, 1000);
  EXPECT_DOUBLE_EQ(rate.value, 0.003);
  EXPECT_LT(rate.interval.lower, 0.003);
  EXPECT_GT(rate.interval.upper, 0.003);
}

}  // namespace
}  // namespace leakgate::audit
