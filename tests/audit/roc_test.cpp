#include "audit/metrics/roc.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "audit/metrics/errors.h"
#include "fixtures.h"

namespace leakgate::audit {
namespace {

using testing::load_fixture;

const std::vector<double> tiny_scores{0.9, 0.8, 0.8, 0.7, 0.5, 0.5, 0.5, 0.1};
const std::vector<bool> tiny_members{true, true, false, true, false, true, false, false};

TEST(RocCurve, TinyCaseWithTiesByHand) {
  const RocCurve roc = roc_curve(tiny_scores, tiny_members);
  EXPECT_EQ(roc.fpr, (std::vector<double>{0.0, 0.0, 0.25, 0.25, 0.75, 1.0}));
  EXPECT_EQ(roc.tpr, (std::vector<double>{0.0, 0.25, 0.5, 0.75, 1.0, 1.0}));
  EXPECT_TRUE(std::isinf(roc.thresholds[0]));
  EXPECT_EQ(std::vector<double>(roc.thresholds.begin() + 1, roc.thresholds.end()),
            (std::vector<double>{0.9, 0.8, 0.7, 0.5, 0.1}));
  // Mann-Whitney: 4 + 3.5 + 3 + 2 wins out of 16 pairs.
  EXPECT_DOUBLE_EQ(roc_auc(roc), 12.5 / 16.0);
  EXPECT_DOUBLE_EQ(tpr_at_fpr(roc, 0.1), 0.25 + 0.4 * 0.25);
  EXPECT_DOUBLE_EQ(tpr_at_fpr(roc, 0.25), 0.75);  // top of the vertical step at FPR 0.25
  EXPECT_DOUBLE_EQ(tpr_at_fpr(roc, 0.0), 0.25);
  EXPECT_DOUBLE_EQ(max_advantage(roc), 0.5);
}

TEST(RocCurve, PerfectInvertedAndConstantScorers) {
  const std::vector<bool> members{true, true, true, false, false, false};
  const std::vector<double> perfect{6, 5, 4, 3, 2, 1};
  const std::vector<double> inverted{1, 2, 3, 4, 5, 6};
  const std::vector<double> constant(6, 0.5);
  EXPECT_DOUBLE_EQ(roc_auc(roc_curve(perfect, members)), 1.0);
  EXPECT_DOUBLE_EQ(tpr_at_fpr(roc_curve(perfect, members), 0.0), 1.0);
  EXPECT_DOUBLE_EQ(max_advantage(roc_curve(perfect, members)), 1.0);
  EXPECT_DOUBLE_EQ(roc_auc(roc_curve(inverted, members)), 0.0);
  EXPECT_DOUBLE_EQ(roc_auc(roc_curve(constant, members)), 0.5);
  EXPECT_DOUBLE_EQ(tpr_at_fpr(roc_curve(constant, members), 0.01), 0.01);  // the diagonal
}

TEST(RocCurve, RandomScorerIsNearHalf) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> normal;
  std::vector<double> scores(20000);
  std::vector<bool> members(20000);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    scores[i] = normal(rng);
    members[i] = i % 2 == 0;
  }
  // Standard error of the AUC is ~0.004 here.
  EXPECT_NEAR(roc_auc(roc_curve(scores, members)), 0.5, 0.02);
}

TEST(RocCurve, AucEqualsMannWhitneyWithTies) {
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<int> level(0, 9);
  std::vector<double> scores(400);
  std::vector<bool> members(400);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    members[i] = rng() % 3 == 0;
    scores[i] = level(rng) + (members[i] ? 2 : 0);
  }
  double wins = 0.0;
  double pairs = 0.0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    for (std::size_t j = 0; j < scores.size(); ++j) {
      if (!members[i] || members[j]) continue;
      pairs += 1.0;
      wins += scores[i] > scores[j] ? 1.0 : scores[i] == scores[j] ? 0.5 : 0.0;
    }
  }
  EXPECT_NEAR(roc_auc(roc_curve(scores, members)), wins / pairs, 1e-12);
}

TEST(RocCurve, MatchesScikitLearn) {
  const nlohmann::json fixture = load_fixture("roc");
  for (const auto& c : fixture["cases"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    const std::vector<double> scores = c["scores"];
    std::vector<bool> members;
    for (int label : c["labels"]) members.push_back(label == 1);
    const RocCurve roc = roc_curve(scores, members);
    const std::vector<double> fpr = c["fpr"];
    const std::vector<double> tpr = c["tpr"];
    ASSERT_EQ(roc.fpr.size(), fpr.size());
    for (std::size_t i = 0; i < fpr.size(); ++i) {
      EXPECT_NEAR(roc.fpr[i], fpr[i], 1e-12);
      EXPECT_NEAR(roc.tpr[i], tpr[i], 1e-12);
      if (i > 0) {
        EXPECT_DOUBLE_EQ(roc.thresholds[i], c["thresholds"][i].get<double>());
      }
    }
    EXPECT_NEAR(roc_auc(roc), c["auc"].get<double>(), 1e-12);
    EXPECT_NEAR(max_advantage(roc), c["advantage"].get<double>(), 1e-12);
    for (const auto& t : c["tpr_at_fpr"]) {
      EXPECT_NEAR(tpr_at_fpr(roc, t["fpr"]), t["tpr"].get<double>(), 1e-12) << t.dump();
    }
  }
}

TEST(RocCurve, RejectsUnusableInput) {
  EXPECT_THROW(roc_curve(std::vector<double>{1, 2}, {true, true}), MetricsInputError);
  EXPECT_THROW(roc_curve(std::vector<double>{1, 2}, {true}), MetricsInputError);
  EXPECT_THROW(roc_curve(std::vector<double>{1, NAN}, {true, false}), MetricsInputError);
  const RocCurve roc = roc_curve(tiny_scores, tiny_members);
  EXPECT_THROW(tpr_at_fpr(roc, 1.5), MetricsInputError);
  EXPECT_THROW(tpr_at_fpr(RocCurve{}, 0.1), MetricsInputError);
}

TEST(CompactRoc, LogSpacedPointsOnTheCurve) {
  const RocCurve roc = roc_curve(tiny_scores, tiny_members);
  const std::vector<RocPoint> compact = compact_roc(roc, 5, 0.01);
  ASSERT_EQ(compact.size(), 6u);
  EXPECT_DOUBLE_EQ(compact[0].fpr, 0.0);
  EXPECT_NEAR(compact[1].fpr, 0.01, 1e-15);
  EXPECT_NEAR(compact[2].fpr, std::pow(10.0, -1.5), 1e-15);
  EXPECT_NEAR(compact[3].fpr, 0.1, 1e-15);
  EXPECT_DOUBLE_EQ(compact.back().fpr, 1.0);
  for (const RocPoint& point : compact) EXPECT_DOUBLE_EQ(point.tpr, tpr_at_fpr(roc, point.fpr));
}

// Members ~ N(shift, 1), non-members ~ N(0, 1).
void gaussian_sample(std::size_t per_class, double shift, std::uint64_t seed, std::vector<double>& scores,
                     std::vector<bool>& members) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  scores.clear();
  members.clear();
  for (std::size_t i = 0; i < per_class; ++i) {
    scores.push_back(normal(rng) + shift);
    members.push_back(true);
    scores.push_back(normal(rng));
    members.push_back(false);
  }
}

TEST(EvaluateMembership, BootstrapIntervalHasTheExpectedWidth) {
  std::vector<double> scores;
  std::vector<bool> members;
  gaussian_sample(1000, 1.0, 5, scores, members);
  MembershipOptions options;
  options.bootstrap_resamples = 400;
  options.seed = 9;
  const MembershipMetrics metrics = evaluate_membership(scores, members, options);
  // AUC of a unit shift is Phi(1 / sqrt 2) = 0.760.
  EXPECT_NEAR(metrics.auc, 0.760, 0.03);
  EXPECT_LT(metrics.auc_interval.lower, metrics.auc);
  EXPECT_GT(metrics.auc_interval.upper, metrics.auc);
  // Hanley-McNeil standard error of the AUC; the 95% percentile interval should span about 2 * 1.96 of it.
  const double a = metrics.auc;
  const double q1 = a / (2 - a);
  const double q2 = 2 * a * a / (1 + a);
  const double se = std::sqrt((a * (1 - a) + 999 * (q1 - a * a) + 999 * (q2 - a * a)) / (1000.0 * 1000.0));
  EXPECT_NEAR(metrics.auc_interval.upper - metrics.auc_interval.lower, 2 * 1.96 * se, 0.25 * 2 * 1.96 * se);
  ASSERT_EQ(metrics.tpr_at_fpr.size(), 2u);
  EXPECT_LE(metrics.tpr_at_fpr[1].interval.lower, metrics.tpr_at_fpr[1].tpr);
  EXPECT_GE(metrics.tpr_at_fpr[1].interval.upper, metrics.tpr_at_fpr[1].tpr);
  EXPECT_DOUBLE_EQ(metrics.balanced_accuracy, (1 + metrics.advantage) / 2);
}

TEST(EvaluateMembership, SeededAndReproducible) {
  std::vector<double> scores;
  std::vector<bool> members;
  gaussian_sample(300, 0.5, 1, scores, members);
  MembershipOptions options;
  options.bootstrap_resamples = 100;
  options.seed = 42;
  const MembershipMetrics first = evaluate_membership(scores, members, options);
  const MembershipMetrics second = evaluate_membership(scores, members, options);
  EXPECT_EQ(first.auc_interval.lower, second.auc_interval.lower);
  EXPECT_EQ(first.tpr_at_fpr[0].interval.upper, second.tpr_at_fpr[0].interval.upper);
  options.seed = 43;
  const MembershipMetrics other = evaluate_membership(scores, members, options);
  EXPECT_NE(first.auc_interval.lower, other.auc_interval.lower);
}

TEST(EvaluateMembership, WithoutBootstrapTheIntervalIsThePoint) {
  MembershipOptions options;
  options.bootstrap_resamples = 0;
  options.fpr_targets = {0.1};
  const MembershipMetrics metrics = evaluate_membership(tiny_scores, tiny_members, options);
  EXPECT_DOUBLE_EQ(metrics.auc, 0.78125);
  EXPECT_DOUBLE_EQ(metrics.auc_interval.lower, 0.78125);
  EXPECT_DOUBLE_EQ(metrics.tpr_at_fpr[0].tpr, 0.35);
  EXPECT_EQ(metrics.members, 4u);
  EXPECT_EQ(metrics.non_members, 4u);
}

}  // namespace
}  // namespace leakgate::audit
