#include "audit/metrics/mia_scores.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "audit/metrics/errors.h"
#include "audit/metrics/roc.h"
#include "fixtures.h"

namespace leakgate::audit {
namespace {

using testing::load_fixture;

TEST(LossAttack, NegatesTheLoss) {
  EXPECT_EQ(loss_scores(std::vector<double>{0.5, 2.0}), (std::vector<double>{-0.5, -2.0}));
}

TEST(ZlibAttack, CompressedSizeMatchesPythonZlib) {
  const nlohmann::json fixture = load_fixture("zlib");
  for (const auto& c : fixture["cases"]) {
    EXPECT_EQ(zlib_compressed_bits(c["text"].get<std::string>()), c["bits"].get<std::size_t>()) << c.dump();
  }
}

TEST(ZlibAttack, DividesLossByCompressedBits) {
  const std::vector<std::string> texts{"hello world", std::string(400, 'a')};
  const std::vector<double> scores = zlib_ratio_scores(std::vector<double>{2.0, 2.0}, texts);
  EXPECT_DOUBLE_EQ(scores[0], -2.0 / static_cast<double>(zlib_compressed_bits(texts[0])));
  // Same loss, but the repetitive text compresses well, so its loss per compressed bit is larger.
  EXPECT_LT(scores[1], scores[0]);
  EXPECT_THROW(zlib_ratio_scores(std::vector<double>{1.0}, texts), MetricsInputError);
}

TEST(MinKPercent, MeanOfTheLowestTokens) {
  const std::vector<double> log_probs{-1, -5, -2, -8, -0.5, -3, -4, -6, -7, -0.1};
  EXPECT_DOUBLE_EQ(min_k_percent_score(log_probs, 20.0), -7.5);
  EXPECT_DOUBLE_EQ(min_k_percent_score(log_probs, 5.0), -8.0);  // at least one token
  EXPECT_DOUBLE_EQ(min_k_percent_score(log_probs, 100.0), -36.6 / 10.0);
  EXPECT_THROW(min_k_percent_score(log_probs, 0.0), MetricsInputError);
  EXPECT_THROW(min_k_percent_score(std::vector<double>{}, 10.0), MetricsInputError);
}

// Worked by hand: z = (log p - mean) / sqrt(variance) = {(-1 - -2)/1, (-3 - -2)/2, (-2 - -1)/0.5} = {1, -0.5, -2}.
TEST(MinKPlusPlus, StandardisesEachTokenByItsDistributionThenTakesTheLowest) {
  const std::vector<double> log_probs = {-1.0, -3.0, -2.0}, means = {-2.0, -2.0, -1.0}, variances = {1.0, 4.0, 0.25};
  EXPECT_DOUBLE_EQ(min_k_plus_plus_score(log_probs, means, variances, 100.0), (1.0 - 0.5 - 2.0) / 3.0);
  EXPECT_DOUBLE_EQ(min_k_plus_plus_score(log_probs, means, variances, 34.0), -2.0);  // the lowest one
  // Low raw log p is not low evidence: the token at -3 scores above the token at -2 whose distribution is sharper.
  EXPECT_GT(min_k_plus_plus_score(std::vector<double>{-3.0}, std::vector<double>{-2.0}, std::vector<double>{4.0}, 100.0),
            min_k_plus_plus_score(std::vector<double>{-2.0}, std::vector<double>{-1.0}, std::vector<double>{0.25}, 100.0));
  // A token without spread is left out; none left gives the lowest score.
  EXPECT_DOUBLE_EQ(min_k_plus_plus_score(log_probs, means, std::vector<double>{1.0, 0.0, 0.0}, 100.0), 1.0);
  EXPECT_EQ(min_k_plus_plus_score(std::vector<double>{-1.0}, std::vector<double>{-1.0}, std::vector<double>{0.0}, 50.0),
            std::numeric_limits<double>::lowest());
  EXPECT_THROW(min_k_plus_plus_score(log_probs, means, std::vector<double>{1.0}, 50.0), MetricsInputError);
  EXPECT_THROW(min_k_plus_plus_score(log_probs, means, std::vector<double>{1.0, -1.0, 1.0}, 50.0), MetricsInputError);
}

TEST(LogitConfidence, StableAtBothEnds) {
  EXPECT_NEAR(logit_confidence(std::log(2.0)), 0.0, 1e-15);  // p = 1/2
  EXPECT_NEAR(logit_confidence(1e-10), -1e-10 - std::log(1e-10), 1e-6);
  EXPECT_NEAR(logit_confidence(50.0), -50.0, 1e-12);
  const double p = std::exp(-0.3);
  EXPECT_NEAR(logit_confidence(0.3), std::log(p / (1 - p)), 1e-12);
  EXPECT_TRUE(std::isfinite(logit_confidence(0.0)));
  EXPECT_THROW(logit_confidence(-0.1), MetricsInputError);
}

// Synthetic population in logit-confidence space: example i has difficulty d_i ~ N(0, 1); a model that trained on
// it has phi ~ N(d_i + shift, 0.5), one that did not phi ~ N(d_i, 0.5). Half of the examples are target members.
// Every example is IN for exactly half of the reference models.
struct SyntheticAudit {
  ReferenceLosses candidates;
  std::vector<bool> is_member;
  ReferenceLosses population;  // non-members of the target, for RMIA
};

double loss_from_phi(double phi) { return std::log1p(std::exp(-phi)); }  // -log sigmoid(phi)

ReferenceLosses synthetic_observations(std::size_t n, std::size_t k, double shift, bool members_too,
                                       std::mt19937_64& rng, std::vector<bool>& is_member) {
  std::normal_distribution<double> normal;
  ReferenceLosses observations;
  observations.target.resize(static_cast<Eigen::Index>(n));
  observations.reference.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(k));
  observations.reference_in.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(k));
  is_member.assign(n, false);
  std::vector<std::size_t> models(k);
  std::iota(models.begin(), models.end(), std::size_t{0});
  for (std::size_t i = 0; i < n; ++i) {
    const auto row = static_cast<Eigen::Index>(i);
    const double difficulty = normal(rng);
    std::shuffle(models.begin(), models.end(), rng);
    for (std::size_t j = 0; j < k; ++j) {
      const bool in = j < k / 2;
      const auto column = static_cast<Eigen::Index>(models[j]);
      observations.reference_in(row, column) = in;
      observations.reference(row, column) = loss_from_phi(difficulty + (in ? shift : 0.0) + 0.5 * normal(rng));
    }
    is_member[i] = members_too && i % 2 == 0;
    observations.target[row] = loss_from_phi(difficulty + (is_member[i] ? shift : 0.0) + 0.5 * normal(rng));
  }
  return observations;
}

SyntheticAudit synthetic_audit(double shift, std::size_t k, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  SyntheticAudit audit;
  audit.candidates = synthetic_observations(1000, k, shift, true, rng, audit.is_member);
  std::vector<bool> unused;
  audit.population = synthetic_observations(1000, k, shift, false, rng, unused);
  return audit;
}

double auc_of(const std::vector<double>& scores, const std::vector<bool>& is_member) {
  return roc_auc(roc_curve(scores, is_member));
}

std::vector<double> target_losses(const ReferenceLosses& observations) {
  return {observations.target.data(), observations.target.data() + observations.target.size()};
}

TEST(Lira, DetectsShiftedMembersAndBeatsTheLossAttack) {
  const SyntheticAudit audit = synthetic_audit(1.0, 16, 1);
  // The member-vs-non-member shift is 1 with noise sd 0.5: the optimal test has AUC Phi(1 / (0.5 sqrt 2)) = 0.92.
  const double online = auc_of(lira_online_scores(audit.candidates), audit.is_member);
  const double offline = auc_of(lira_offline_scores(audit.candidates), audit.is_member);
  const double loss = auc_of(loss_scores(target_losses(audit.candidates)), audit.is_member);
  EXPECT_GT(online, 0.85);
  EXPECT_GT(offline, 0.85);
  // The loss attack cannot tell a hard member from an easy non-member: the difficulty spread hides the shift.
  EXPECT_LT(loss, 0.80);
  EXPECT_GT(online, loss + 0.1);
}

TEST(Lira, NoShiftGivesChance) {
  const SyntheticAudit audit = synthetic_audit(0.0, 16, 2);
  EXPECT_NEAR(auc_of(lira_online_scores(audit.candidates), audit.is_member), 0.5, 0.05);
  EXPECT_NEAR(auc_of(lira_offline_scores(audit.candidates), audit.is_member), 0.5, 0.05);
}

TEST(Lira, GlobalVarianceWorksWithFewReferences) {
  const SyntheticAudit audit = synthetic_audit(1.0, 4, 3);
  EXPECT_GT(auc_of(lira_online_scores(audit.candidates, {.global_variance = true}), audit.is_member), 0.85);
  const SyntheticAudit two = synthetic_audit(1.0, 2, 3);
  EXPECT_THROW(lira_online_scores(two.candidates), MetricsInputError);  // 1 IN, 1 OUT: no per-example variance
}

TEST(Rmia, DetectsShiftedMembersOnlineAndOffline) {
  const SyntheticAudit audit = synthetic_audit(1.0, 4, 4);
  const double online = auc_of(rmia_scores(audit.candidates, audit.population), audit.is_member);
  const double offline =
      auc_of(rmia_scores(audit.candidates, audit.population, {.offline = true, .offline_a = 0.5}), audit.is_member);
  EXPECT_GT(online, 0.8);
  EXPECT_GT(offline, 0.8);
}

TEST(Rmia, NoShiftGivesChance) {
  const SyntheticAudit audit = synthetic_audit(0.0, 4, 5);
  EXPECT_NEAR(auc_of(rmia_scores(audit.candidates, audit.population), audit.is_member), 0.5, 0.05);
}

TEST(Rmia, ScoreIsTheFractionOfDominatedPopulationSamples) {
  // One reference model that gives every example probability 1/2 (loss log 2): LR(x) = Pr(x|target) / (1/2).
  ReferenceLosses candidates;
  candidates.target = Eigen::Vector2d(0.1, 3.0);
  candidates.reference = Eigen::MatrixXd::Constant(2, 1, std::log(2.0));
  candidates.reference_in = Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic>::Constant(2, 1, false);
  ReferenceLosses population = candidates;
  population.target = Eigen::Vector4d(0.05, 0.5, 1.0, 2.0);
  population.reference = Eigen::MatrixXd::Constant(4, 1, std::log(2.0));
  population.reference_in = Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic>::Constant(4, 1, false);
  const std::vector<double> scores = rmia_scores(candidates, population);
  EXPECT_DOUBLE_EQ(scores[0], 0.75);  // loss 0.1 beats losses 0.5, 1, 2
  EXPECT_DOUBLE_EQ(scores[1], 0.0);
  // gamma = e^0.45 needs a loss gap of at least 0.45: only 1.0 and 2.0 qualify for the first candidate.
  EXPECT_DOUBLE_EQ(rmia_scores(candidates, population, {.gamma = std::exp(0.45)})[0], 0.5);
}

TEST(ReferenceAttacks, RejectInconsistentShapes) {
  ReferenceLosses observations;
  observations.target = Eigen::Vector2d(0.1, 0.2);
  observations.reference = Eigen::MatrixXd::Constant(2, 4, 0.3);
  observations.reference_in = Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic>::Constant(3, 4, true);
  EXPECT_THROW(lira_online_scores(observations), MetricsInputError);
  observations.reference_in = Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic>::Constant(2, 4, true);
  EXPECT_THROW(lira_offline_scores(observations), MetricsInputError);  // no OUT reference at all
  EXPECT_THROW(rmia_scores(observations, observations, {.offline = true}), MetricsInputError);
  observations.reference(0, 0) = -1.0;
  EXPECT_THROW(rmia_scores(observations, observations), MetricsInputError);
}

}  // namespace
}  // namespace leakgate::audit
