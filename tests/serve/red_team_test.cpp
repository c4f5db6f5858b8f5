// The red team against a classifier with a real decision boundary: attackers that sweep or probe the boundary are
// flagged by the signal meant for them, a random-pool attacker only by volume, and customers replaying held-out
// texts are left alone; the request log and the simulated clock give what the result reports.
#include "serve/red_team.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <memory>
#include <random>
#include <sstream>

#include "common/errors.h"
#include "tests/support/temp_dir.h"

namespace leakgate::serve {
namespace {

// "billing" when more than half of the words are billing words, else "clinical"; the closer the share is to one
// half, the closer the two probabilities.
class BillingShareClassifier : public audit::Classifier {
 public:
  std::vector<std::vector<audit::ClassProbability>> TopKClasses(std::span<const std::string> texts,
                                                                std::size_t k) override {
    std::vector<std::vector<audit::ClassProbability>> answers;
    for (const std::string& text : texts) {
      std::istringstream words(text);
      double billing = 0.0, total = 0.0;
      for (std::string word; words >> word; total += 1.0) billing += word.rfind("bill", 0) == 0;
      const double share = total > 0.0 ? billing / total : 0.0;
      const double p_billing = 0.5 + 0.98 * (share - 0.5);
      std::vector<audit::ClassProbability> answer = {{"billing", p_billing}, {"clinical", 1.0 - p_billing}};
      if (p_billing < 0.5) std::swap(answer[0], answer[1]);
      answer.resize(std::min(k, answer.size()));
      answers.push_back(std::move(answer));
    }
    return answers;
  }
};

// `count` texts of 40 words, each word drawn from a large vocabulary; a text is billing (all words "bill…") or
// clinical (all words "care…") at random.
std::vector<std::string> Texts(std::size_t count, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string stem = random() % 2 == 0 ? "bill" : "care";
    std::string text;
    for (int w = 0; w < 40; ++w) text += (w == 0 ? "" : " ") + stem + std::to_string(random() % 20000);
    texts.push_back(text);
  }
  return texts;
}

// Labels by a hash of the whole text: nothing in a text predicts another's label, so no clone gets past chance.
class HashLabelClassifier : public audit::Classifier {
 public:
  std::vector<std::vector<audit::ClassProbability>> TopKClasses(std::span<const std::string> texts,
                                                                std::size_t k) override {
    std::vector<std::vector<audit::ClassProbability>> answers;
    for (const std::string& text : texts) {
      const bool first = std::hash<std::string>{}(text) % 2 == 0;
      std::vector<audit::ClassProbability> answer = {{first ? "a" : "b", 0.9}, {first ? "b" : "a", 0.1}};
      answer.resize(std::min(k, answer.size()));
      answers.push_back(std::move(answer));
    }
    return answers;
  }
};

class RedTeamTest : public leakgate::testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    settings_.tiers = {{"public", {{audit::OutputPolicyKind::kLabelOnly}, 0.0}, {2.0, 20.0, 0}, {}}};
    settings_.monitor.enabled = true;
    settings_.monitor.daily_texts = 150;
    options_.tier = "public";
    options_.attack_budget = 300;
    options_.benign_users = 100;
    options_.attackers = {{AttackKind::kRandomPool, 1},
                          {AttackKind::kSweep, 1},
                          {AttackKind::kBoundaryProbe, 1},
                          {AttackKind::kBoundaryProbe, 10},
                          {AttackKind::kActiveLearning, 1}};
  }
  ServeSettings settings_;
  RedTeamOptions options_;
  BillingShareClassifier model_;
};

TEST_F(RedTeamTest, FlagsEachAttackerByItsSignalAndLeavesCustomersAlone) {
  const std::vector<std::string> pool = Texts(300, 1), customers = Texts(300, 2);
  const RedTeamResult result = RunRedTeam(settings_, model_, pool, customers, options_, dir_);
  ASSERT_EQ(result.attackers.size(), 5u);
  EXPECT_EQ(result.policy, "label");

  const AttackerOutcome& random_pool = result.attackers[0];
  EXPECT_EQ(random_pool.texts_answered, 300u);
  EXPECT_EQ(random_pool.flagged_by, "volume") << "natural questions raise no event; only the count gives it away";
  EXPECT_EQ(random_pool.texts_until_flag, 151u);
  // 20 texts at once, then 2 per second: 280 more texts wait about 140 simulated seconds.
  EXPECT_NEAR(random_pool.seconds_waited, 140.0, 2.0);

  // The clone, trained on what the label-only tier revealed, measured on the customers' texts: "bill" against
  // "care" byte n-grams are learnt from a few dozen labels, where always answering one label agrees half the time.
  ASSERT_GE(random_pool.clone.size(), 2u);
  EXPECT_EQ(random_pool.clone.front().texts, 5u);
  EXPECT_EQ(random_pool.clone.back().texts, 300u);
  EXPECT_GE(random_pool.clone.back().fidelity, 0.95);
  EXPECT_LE(random_pool.clone.back().interval.lower, random_pool.clone.back().fidelity);
  EXPECT_NEAR(result.majority_fidelity, 0.5, 0.1);
  ASSERT_TRUE(random_pool.fidelity_at_flag);
  EXPECT_GE(*random_pool.fidelity_at_flag, 0.95) << "flagged at 151 texts, long after the clone was done";

  const AttackerOutcome& sweep = result.attackers[1];
  EXPECT_EQ(sweep.flagged_by, "sweep");
  ASSERT_TRUE(sweep.texts_until_flag);
  EXPECT_LE(*sweep.texts_until_flag, 12u);

  // A line search between two texts is also a sweep: each midpoint shares long runs of words with the last.
  const AttackerOutcome& probe = result.attackers[2];
  EXPECT_TRUE(probe.flagged_by == "boundary" || probe.flagged_by == "sweep") << probe.flagged_by;
  ASSERT_TRUE(probe.texts_until_flag);
  EXPECT_LE(*probe.texts_until_flag, 60u);

  const AttackerOutcome& split = result.attackers[3];
  EXPECT_EQ(split.keys, 10u);
  EXPECT_EQ(split.flagged_by, "boundary") << "a sweep's near duplicates now go to different keys";
  ASSERT_TRUE(split.texts_until_flag);
  EXPECT_LE(*split.texts_until_flag, 300u) << "ten keys each carry a tenth of the probes, and each is tested alone";
  EXPECT_GT(*split.texts_until_flag, *probe.texts_until_flag);

  // Every pool text is plainly one label, so the active learner's uncertainty finds no boundary: only volume flags it.
  const AttackerOutcome& active = result.attackers[4];
  EXPECT_EQ(active.attack, "active_learning");
  EXPECT_EQ(active.texts_answered, 300u) << "each pool text once";
  EXPECT_EQ(active.flagged_by, "volume");

  EXPECT_EQ(result.benign.users, 100u);
  EXPECT_GE(result.benign.texts, 100u);
  EXPECT_EQ(result.benign.false_alarms.successes, 0u);
  EXPECT_LT(result.benign.EventRate(MonitorSignal::kBoundary), 0.01) << "held-out texts are far from the boundary";
  EXPECT_LT(result.benign.EventRate(MonitorSignal::kSweep), 0.05);
  EXPECT_LE(result.model_texts, 300u + 300u + 3u * 300u);

  EXPECT_FALSE(result.advised_daily_quota) << "the clone is good after 5 texts: no quota keeps it 10 points below 0.8";

  // The gate: the random-pool attacker's clone is done long before its volume flag, so that check fails; the
  // sweep's clone was at chance when it was flagged; 100 customers cannot show a false-alarm rate under 1%.
  ASSERT_EQ(result.checks.size(), 6u);
  EXPECT_EQ(result.checks[0].name, "flagged_before_clone:0:random_pool");
  EXPECT_FALSE(result.checks[0].passed);
  EXPECT_GE(result.checks[0].measured, 0.95);
  EXPECT_NE(result.checks[0].detail.find("flagged after 151 texts"), std::string::npos) << result.checks[0].detail;
  EXPECT_TRUE(result.checks[1].passed) << result.checks[1].detail;
  EXPECT_LT(result.checks[1].measured, 0.8);
  EXPECT_EQ(result.checks[5].name, "customer_false_alarms");
  EXPECT_FALSE(result.checks[5].passed) << "0 of 100 has a 95% upper bound of 3.6%";
  EXPECT_NEAR(result.checks[5].measured, 0.0362, 0.0005);
  EXPECT_FALSE(result.passed);

  const nlohmann::json json = result;
  EXPECT_EQ(json["attackers"][1]["flagged_by"], "sweep");
  EXPECT_EQ(json["benign"]["false_alarms"], 0);
}

TEST_F(RedTeamTest, AModelNoCloneCanLearnGetsTheWholeBudgetAsItsQuota) {
  HashLabelClassifier model;
  options_.attackers = {{AttackKind::kRandomPool, 1}, {AttackKind::kActiveLearning, 1}, {AttackKind::kRandomPool, 10}};
  options_.benign_users = 10;
  settings_.monitor.daily_texts = 0;
  const RedTeamResult result = RunRedTeam(settings_, model, Texts(400, 1), Texts(400, 2), options_, dir_);
  for (const AttackerOutcome& attacker : result.attackers) {
    ASSERT_FALSE(attacker.clone.empty());
    EXPECT_EQ(attacker.clone.back().texts, 300u);
    EXPECT_LT(attacker.clone.back().interval.upper, 0.7) << attacker.attack << ": a clone at chance";
    EXPECT_FALSE(attacker.texts_until_flag);
  }
  EXPECT_EQ(result.advised_daily_quota, 300u) << "every measured point, up to the budget, is safe";
  EXPECT_TRUE(result.checks[0].passed) << "never flagged, and never close to the model: " << result.checks[0].detail;
  // Five more attacks by the single-key attackers at the quota: none gets near.
  EXPECT_EQ(result.quota_breaches, 0u);
  EXPECT_GT(result.quota_worst_fidelity, 0.3);
  EXPECT_LT(result.quota_worst_fidelity, 0.7);
  ASSERT_EQ(result.checks.back().name, "advised_quota_holds");
  EXPECT_TRUE(result.checks.back().passed);
  EXPECT_EQ(result.quota_fit_seeds, 3u);
  EXPECT_TRUE(std::filesystem::exists(dir_ / "quota-fit-2" / "redteam-requests.jsonl"));
  EXPECT_TRUE(std::filesystem::exists(dir_ / "quota-recheck-5" / "redteam-requests.jsonl"));
}

AttackerOutcome Curve(std::size_t keys, std::vector<std::pair<std::size_t, double>> upper_bounds) {
  AttackerOutcome outcome;
  outcome.keys = keys;
  for (const auto& [texts, upper] : upper_bounds) {
    ClonePoint point;
    point.texts = texts;
    point.interval.upper = upper;
    outcome.clone.push_back(point);
  }
  return outcome;
}

TEST(AdvisedDailyQuota, IsTheCountEverySeedsSingleKeyClonesStaySafeAt) {
  // max 0.8, so safe means an upper bound of at most 0.7.
  const std::vector<AttackerOutcome> one_seed = {Curve(1, {{5, 0.3}, {10, 0.5}, {25, 0.6}, {50, 0.9}}),
                                                 Curve(1, {{5, 0.2}, {10, 0.4}, {25, 0.7}, {50, 0.8}}),
                                                 Curve(10, {{5, 0.9}, {10, 0.95}})};
  EXPECT_EQ(AdvisedDailyQuota(one_seed, 0.8), 25u) << "split attackers do not set a per-key quota";
  std::vector<AttackerOutcome> two_seeds = one_seed;
  two_seeds.push_back(Curve(1, {{5, 0.3}, {10, 0.75}, {25, 0.6}, {50, 0.6}}));
  EXPECT_EQ(AdvisedDailyQuota(two_seeds, 0.8), 5u) << "the unluckiest seed decides, and counting stops there";
  // A count where not every clone was measured (one attacker's flag point) is skipped.
  two_seeds.push_back(Curve(1, {{5, 0.1}, {7, 0.9}, {10, 0.1}}));
  EXPECT_EQ(AdvisedDailyQuota(two_seeds, 0.8), 5u);
  EXPECT_FALSE(AdvisedDailyQuota(std::vector<AttackerOutcome>{Curve(1, {{5, 0.71}})}, 0.8));
}

TEST_F(RedTeamTest, TheCrossKeySignalCatchesALineSearchSplitOverTenKeysSooner) {
  options_.attackers = {{AttackKind::kBoundaryProbe, 10}};
  options_.benign_users = 50;
  settings_.monitor.daily_texts = 0;
  const std::vector<std::string> pool = Texts(300, 1), customers = Texts(300, 2);
  const RedTeamResult key_by_key = RunRedTeam(settings_, model_, pool, customers, options_, dir_ / "per-key");
  settings_.monitor.cross_key_history = 1024;
  const RedTeamResult across = RunRedTeam(settings_, model_, pool, customers, options_, dir_ / "across");
  ASSERT_TRUE(key_by_key.attackers[0].texts_until_flag);
  ASSERT_TRUE(across.attackers[0].texts_until_flag);
  EXPECT_EQ(across.attackers[0].flagged_by, "cross_key") << "each midpoint is near the one another key just sent";
  EXPECT_LT(*across.attackers[0].texts_until_flag, *key_by_key.attackers[0].texts_until_flag);
  EXPECT_EQ(across.benign.false_alarms.successes, 0u);
  EXPECT_LT(across.benign.EventRate(MonitorSignal::kCrossKey), 0.01)
      << "customers' texts are unrelated to each other's";
}

TEST_F(RedTeamTest, TheCoverageSignalCatchesUniformQueriesAndNotCustomers) {
  options_.attackers = {{AttackKind::kRandomText, 1}, {AttackKind::kRandomPool, 1}};
  options_.benign_users = 50;
  const std::vector<std::string> pool = Texts(300, 1), customers = Texts(300, 2), training = Texts(6000, 3);
  settings_.coverage = std::make_shared<const InputCoverage>(training, 2);
  const RedTeamResult result = RunRedTeam(settings_, model_, pool, customers, options_, dir_);
  const AttackerOutcome& uniform = result.attackers[0];
  EXPECT_EQ(uniform.attack, "random_text");
  EXPECT_EQ(uniform.flagged_by, "coverage");
  EXPECT_EQ(uniform.texts_until_flag, 6u) << "every text is an event: ln 10 each against ln 1e6";
  EXPECT_EQ(result.attackers[1].flagged_by, "volume") << "the pool's natural texts are in the training vocabulary";
  EXPECT_EQ(result.benign.false_alarms.successes, 0u);
  EXPECT_LT(result.benign.EventRate(MonitorSignal::kCoverage), 0.01);
}

TEST_F(RedTeamTest, WithoutTheMonitorNothingIsFlagged) {
  settings_.monitor.enabled = false;
  options_.attackers = {{AttackKind::kSweep, 1}};
  options_.benign_users = 10;
  const RedTeamResult result = RunRedTeam(settings_, model_, Texts(50, 1), Texts(50, 2), options_, dir_);
  EXPECT_FALSE(result.monitor_enabled);
  EXPECT_EQ(result.attackers[0].texts_answered, 300u);
  EXPECT_FALSE(result.attackers[0].texts_until_flag);
}

TEST_F(RedTeamTest, BlockedAttackersStopAndBadInputsAreRefused) {
  settings_.monitor.action = MonitorAction::kBlock;
  options_.attackers = {{AttackKind::kSweep, 2}};
  options_.benign_users = 10;
  const RedTeamResult result = RunRedTeam(settings_, model_, Texts(50, 1), Texts(50, 2), options_, dir_);
  EXPECT_TRUE(result.attackers[0].blocked);
  EXPECT_LT(result.attackers[0].texts_answered, 300u);
  EXPECT_EQ(result.attackers[0].keys_flagged, 2u);

  RedTeamOptions unknown_tier = options_;
  unknown_tier.tier = "gold";
  EXPECT_THROW(RunRedTeam(settings_, model_, Texts(5, 1), Texts(5, 2), unknown_tier, dir_), common::InputError);
  EXPECT_THROW(RunRedTeam(settings_, model_, {}, Texts(5, 2), options_, dir_), common::InputError);
}

}  // namespace
}  // namespace leakgate::serve
