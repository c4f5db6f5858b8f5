#include "audit/metrics/one_run.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "audit/metrics/errors.h"
#include "fixtures.h"

namespace leakgate::audit {
namespace {

using testing::load_fixture;

TEST(OneRun, BoundMatchesScipyReference) {
  const nlohmann::json fixture = load_fixture("one_run");
  for (const auto& c : fixture["cases"]) {
    const OneRunCounts counts{c["canaries"], c["guesses"], c["correct"]};
    const double delta = c["delta"];
    const double expected_p = c["p_value_at_1"];
    EXPECT_NEAR(one_run_p_value(counts, 1.0, delta), expected_p, 1e-12 + 1e-8 * expected_p) << c.dump();
    EXPECT_NEAR(one_run_epsilon_lower_bound(counts, c["beta"], delta), c["epsilon_lower_bound"].get<double>(), 1e-8)
        << c.dump();
  }
}

TEST(OneRun, PerfectGuessesGiveTheClosedForm) {
  // All r guesses right: p = q^r, so the bound solves q = beta^(1/r), eps = log(q / (1 - q)).
  for (std::size_t r : {10u, 100u, 1000u}) {
    const double q = std::pow(0.05, 1.0 / static_cast<double>(r));
    EXPECT_NEAR(one_run_epsilon_lower_bound({2 * r, r, r}, 0.05), std::log(q / (1 - q)), 1e-9) << r;
  }
}

TEST(OneRun, DeltaOnlyLowersTheBound) {
  const OneRunCounts counts{1000, 200, 180};
  const double pure = one_run_epsilon_lower_bound(counts, 0.05, 0.0);
  const double approximate = one_run_epsilon_lower_bound(counts, 0.05, 1e-5);
  EXPECT_GT(pure, 0.0);
  EXPECT_LT(approximate, pure);
}

TEST(OneRun, RandomGuessesGiveNoEvidence) {
  std::mt19937_64 rng(2024);
  std::normal_distribution<double> normal;
  const std::size_t m = 2000;
  std::vector<double> scores(m);
  std::vector<bool> included(m);
  for (std::size_t i = 0; i < m; ++i) {
    included[i] = (rng() & 1) == 1;
    scores[i] = normal(rng);  // independent of inclusion
  }
  const OneRunResult result = one_run_audit(scores, included, default_abstention_levels(m));
  EXPECT_LT(result.epsilon_lower_bound, 0.1);
  EXPECT_EQ(result.levels_tried, 6u);
  EXPECT_DOUBLE_EQ(result.beta_per_level, 0.05 / 6);
}

TEST(OneRun, PerfectAttackOnCanariesReachesTheTheoremBound) {
  const std::size_t m = 1000;
  std::vector<double> scores(m);
  std::vector<bool> included(m);
  for (std::size_t i = 0; i < m; ++i) {
    included[i] = i % 3 != 0;
    scores[i] = included[i] ? 1.0 + static_cast<double>(i) : -1.0 - static_cast<double>(i);
  }
  const OneRunCounts counts = one_run_guesses(scores, included, {50, 50});
  EXPECT_EQ(counts.guesses, 100u);
  EXPECT_EQ(counts.correct, 100u);
  // One level only, so no Bonferroni split: the closed form for r = 100 at beta = 0.05.
  const OneRunResult result = one_run_audit(scores, included, {{50, 50}});
  const double q = std::pow(0.05, 0.01);
  EXPECT_NEAR(result.epsilon_lower_bound, std::log(q / (1 - q)), 1e-9);
  // Several levels: each is tested at beta / 3 and the best is reported, here r = 600, still all correct.
  const OneRunResult best = one_run_audit(scores, included, {{5, 5}, {50, 50}, {300, 300}});
  EXPECT_EQ(best.level.guess_in, 300u);
  EXPECT_EQ(best.counts.correct, 600u);
  const double q_best = std::pow(0.05 / 3, 1.0 / 600);
  EXPECT_NEAR(best.epsilon_lower_bound, std::log(q_best / (1 - q_best)), 1e-9);
  EXPECT_DOUBLE_EQ(best.beta, 0.05);
}

TEST(OneRun, GuessesCountBothSides) {
  const std::vector<double> scores{0.9, 0.1, 0.8, 0.2, 0.5};
  const std::vector<bool> included{true, true, false, false, true};
  // Top 2 guessed in: 0.9 (in, right), 0.8 (out, wrong). Bottom 1 guessed out: 0.1 (in, wrong).
  const OneRunCounts counts = one_run_guesses(scores, included, {2, 1});
  EXPECT_EQ(counts.canaries, 5u);
  EXPECT_EQ(counts.guesses, 3u);
  EXPECT_EQ(counts.correct, 1u);
}

TEST(OneRun, RejectsInconsistentInput) {
  EXPECT_THROW(one_run_p_value({10, 5, 6}, 1.0), MetricsInputError);
  EXPECT_THROW(one_run_epsilon_lower_bound({10, 5, 5}, 1.5), MetricsInputError);
  EXPECT_THROW(one_run_guesses(std::vector<double>{1, 2}, {true, false}, {2, 1}), MetricsInputError);
  EXPECT_THROW(one_run_audit(std::vector<double>{1, 2}, {true, false}, {}), MetricsInputError);
}

TEST(OneRun, DefaultLevelsAreDistinctAndFit) {
  const std::vector<AbstentionLevel> levels = default_abstention_levels(1000);
  ASSERT_EQ(levels.size(), 6u);
  EXPECT_EQ(levels.front().guess_in, 10u);
  EXPECT_EQ(levels.back().guess_in, 500u);
  const std::vector<AbstentionLevel> few = default_abstention_levels(20);
  for (const AbstentionLevel& level : few) EXPECT_LE(level.guess_in + level.guess_out, 20u);
  for (std::size_t i = 1; i < few.size(); ++i) EXPECT_GT(few[i].guess_in, few[i - 1].guess_in);
}

}  // namespace
}  // namespace leakgate::audit
