// The extraction monitor on synthetic traffic: how many texts each signal needs (against the CUSUM arithmetic done
// by hand), sweeps and boundary probing caught, benign traffic from many keys left alone, bounded history.
#include "serve/monitor.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <random>

#include "common/errors.h"

namespace leakgate::serve {
namespace {

constexpr double kDay = 86400.0;
constexpr double kNow = 19000.0 * kDay + 60.0;

using Answer = std::vector<audit::ClassProbability>;
const Answer kConfident = {{"clinical", 0.9}, {"billing", 0.07}, {"other", 0.03}};
const Answer kOnTheBoundary = {{"clinical", 0.48}, {"billing", 0.45}, {"other", 0.07}};

std::vector<std::string> Words(std::size_t count) {
  std::vector<std::string> words;
  for (std::size_t i = 0; i < count; ++i) words.push_back("w" + std::to_string(i));
  return words;
}

// `length` words drawn from a vocabulary of `vocabulary` words.
std::string RandomText(std::mt19937_64& random, std::size_t length, const std::vector<std::string>& vocabulary) {
  std::string text;
  for (std::size_t i = 0; i < length; ++i) {
    text += (i == 0 ? "" : " ") + vocabulary[random() % vocabulary.size()];
  }
  return text;
}

// A 30-word sentence with the word at `position` replaced by `variant`: what a sweep sends.
std::string SweepText(std::size_t position, std::size_t variant) {
  const std::vector<std::string> base = Words(30);
  std::string text;
  for (std::size_t i = 0; i < base.size(); ++i) {
    text += (i == 0 ? "" : " ") + (i == position ? "v" + std::to_string(variant) : base[i]);
  }
  return text;
}

// Feeds texts one request at a time; returns the key's watch after all of them.
KeyWatch Feed(ExtractionMonitor& monitor, const std::string& key, const std::vector<std::string>& texts,
              const Answer& answer, double now = kNow) {
  for (const std::string& text : texts) {
    const std::vector<std::string> one = {text};
    const std::vector<Answer> answers = {answer};
    monitor.Observe(key, one, answers, now);
  }
  return monitor.Watch(key);
}

MonitorSettings Settings() {
  MonitorSettings settings;
  settings.enabled = true;
  settings.benign_texts_per_false_alarm = 1e6;
  settings.boundary = {0.05, 0.5};
  settings.sweep = {0.05, 0.5};
  return settings;
}

TEST(ExtractionMonitor, BoundaryProbingIsFlaggedAfterTheTextsTheCusumArithmeticPredicts) {
  const MonitorSettings settings = Settings();
  const std::vector<std::string> keys = {"prober"};
  ExtractionMonitor monitor(settings, keys);
  EXPECT_NEAR(monitor.threshold(), std::log(1e6), 1e-12);
  // Every answer is a boundary event: each adds ln(0.5 / 0.05) = ln 10; the threshold ln 1e6 needs 6 of them.
  std::vector<std::string> texts;
  for (int i = 0; i < 5; ++i) texts.push_back("distinct probe number " + std::to_string(i * 7919) + " about things");
  KeyWatch watch = Feed(monitor, "prober", texts, kOnTheBoundary);
  EXPECT_NEAR(watch.Cusum(MonitorSignal::kBoundary), 5.0 * std::log(10.0), 1e-9);
  EXPECT_TRUE(watch.flags.empty());
  EXPECT_FALSE(monitor.Flagged("prober"));
  watch = Feed(monitor, "prober", {"one more probe, quite unlike the ones before it"}, kOnTheBoundary);
  ASSERT_EQ(watch.flags, std::vector<std::string>({"boundary"}));
  EXPECT_EQ(watch.texts_at_flag, std::vector<std::uint64_t>({6}));
  EXPECT_TRUE(monitor.Flagged("prober"));
}

TEST(ExtractionMonitor, AConfidentAnswerLowersTheBoundaryStatisticButNeverBelowZero) {
  const MonitorSettings settings = Settings();
  const std::vector<std::string> keys = {"k"};
  ExtractionMonitor monitor(settings, keys);
  KeyWatch watch = Feed(monitor, "k", {"a first probe of the boundary"}, kOnTheBoundary);
  watch = Feed(monitor, "k", {"then a plainly confident question"}, kConfident);
  EXPECT_NEAR(watch.Cusum(MonitorSignal::kBoundary), std::log(10.0) + std::log(0.5 / 0.95), 1e-9);
  std::vector<std::string> many;
  for (int i = 0; i < 1000; ++i) many.push_back("ordinary question " + std::to_string(i) + " asked");
  watch = Feed(monitor, "k", many, kConfident);
  EXPECT_EQ(watch.Cusum(MonitorSignal::kBoundary), 0.0);
  // A long benign history buys the key no credit: six probes still flag it.
  std::vector<std::string> probes;
  for (int i = 0; i < 6; ++i) probes.push_back("late probe " + std::to_string(i) + " of a different kind");
  watch = Feed(monitor, "k", probes, kOnTheBoundary);
  EXPECT_EQ(watch.flags, std::vector<std::string>({"boundary"}));
  EXPECT_EQ(watch.texts_at_flag, std::vector<std::uint64_t>({1008}));
}

TEST(ExtractionMonitor, ANearDuplicateSweepIsFlaggedAndRepeatsAreNot) {
  const MonitorSettings settings = Settings();
  const std::vector<std::string> keys = {"sweeper", "repeater"};
  ExtractionMonitor monitor(settings, keys);
  std::vector<std::string> sweep;
  for (std::size_t variant = 0; variant < 20; ++variant) sweep.push_back(SweepText(variant % 30, variant));
  const KeyWatch swept = Feed(monitor, "sweeper", sweep, kConfident);
  ASSERT_EQ(swept.flags, std::vector<std::string>({"sweep"})) << "confident answers are no boundary probing";
  // The first text has nothing to be near; each later one is (Jaccard of word 3-grams 25/31 with the first, 24/32
  // with another variant, against the threshold 0.6): 6 events reach ln 1e6, with a few MinHash misses allowed.
  EXPECT_GE(swept.texts_at_flag[0], 7u);
  EXPECT_LE(swept.texts_at_flag[0], 10u);

  const std::vector<std::string> repeats(200, SweepText(3, 3));
  const KeyWatch repeated = Feed(monitor, "repeater", repeats, kConfident);
  EXPECT_TRUE(repeated.flags.empty()) << "asking the same question again teaches nothing new";
  EXPECT_EQ(repeated.Cusum(MonitorSignal::kSweep), 0.0);
}

TEST(ExtractionMonitor, TheSweepHistoryIsBoundedPerKey) {
  MonitorSettings settings = Settings();
  settings.history = 4;
  const std::vector<std::string> keys = {"k"};
  ExtractionMonitor monitor(settings, keys);
  std::mt19937_64 random(11);
  const std::vector<std::string> vocabulary = Words(5000);
  std::vector<std::string> texts = {SweepText(1, 1)};
  for (int i = 0; i < 4; ++i) texts.push_back(RandomText(random, 30, vocabulary));
  KeyWatch watch = Feed(monitor, "k", texts, kConfident);
  EXPECT_EQ(watch.Cusum(MonitorSignal::kSweep), 0.0);
  watch = Feed(monitor, "k", {SweepText(2, 2)}, kConfident);
  EXPECT_EQ(watch.Cusum(MonitorSignal::kSweep), 0.0)
      << "the first text left the 4-text history: no near duplicate remains";
  watch = Feed(monitor, "k", {SweepText(3, 3)}, kConfident);
  EXPECT_NEAR(watch.Cusum(MonitorSignal::kSweep), std::log(10.0), 1e-9) << "the previous text is still in the history";
}

TEST(ExtractionMonitor, VolumeFlagsTheFirstTextBeyondTheDailyCountAndTheFlagStays) {
  MonitorSettings settings = Settings();
  settings.daily_texts = 50;
  const std::vector<std::string> keys = {"busy"};
  ExtractionMonitor monitor(settings, keys);
  std::mt19937_64 random(5);
  const std::vector<std::string> vocabulary = Words(5000);
  std::vector<std::string> texts;
  for (int i = 0; i < 50; ++i) texts.push_back(RandomText(random, 20, vocabulary));
  EXPECT_TRUE(Feed(monitor, "busy", texts, kConfident).flags.empty());
  const KeyWatch watch = Feed(monitor, "busy", {"the fifty-first text of the day"}, kConfident);
  EXPECT_EQ(watch.flags, std::vector<std::string>({"volume"}));
  EXPECT_EQ(watch.texts_at_flag, std::vector<std::uint64_t>({51}));
  EXPECT_TRUE(Feed(monitor, "busy", {"next morning"}, kConfident, kNow + kDay).flags.size() == 1);
}

TEST(ExtractionMonitor, BenignTrafficFromAThousandKeysRaisesNoAlarm) {
  // 1,000 customers, 40 texts each, drawn from a shared vocabulary; their answers sit on the boundary at the benign
  // rate (5%), and a few of their texts are close to earlier ones (an edited resend, at 3%).
  MonitorSettings settings = Settings();
  settings.cross_key_history = 4096;
  std::vector<std::string> keys;
  for (int i = 0; i < 1000; ++i) keys.push_back("customer-" + std::to_string(i));
  ExtractionMonitor monitor(settings, keys);
  std::mt19937_64 random(2026);
  std::bernoulli_distribution boundary(0.05), resend(0.03);
  const std::vector<std::string> vocabulary = Words(3000);
  std::size_t flagged = 0;
  for (const std::string& key : keys) {
    std::vector<std::string> sent;
    for (int t = 0; t < 40; ++t) {
      const bool edited_resend = !sent.empty() && resend(random);
      std::string text = edited_resend ? sent.back() + " thanks" : RandomText(random, 25, vocabulary);
      sent.push_back(text);
      Feed(monitor, key, {text}, boundary(random) ? kOnTheBoundary : kConfident);
    }
    flagged += monitor.Flagged(key);
  }
  // The CUSUM's mean run length under the benign rates is at least 1e6 texts per signal: 40,000 texts should raise
  // none; 1% (the bound) would be 10 keys.
  EXPECT_EQ(flagged, 0u);
  // The totals measure the traffic's event rates: 5% boundary answers, 3% edited resends of the 39,000 texts that
  // follow another (binomial spread about 45 and 34 events).
  const MonitorTotals totals = monitor.Totals();
  EXPECT_EQ(totals.texts, 40000u);
  EXPECT_NEAR(static_cast<double>(totals.Events(MonitorSignal::kBoundary)), 2000.0, 250.0);
  EXPECT_NEAR(static_cast<double>(totals.Events(MonitorSignal::kSweep)), 1170.0, 200.0);
  EXPECT_EQ(totals.Events(MonitorSignal::kCrossKey), 0u)
      << "an edited resend comes from the key that sent the original";
}

// `text` with its word at `position` replaced: one step of a sweep.
std::string WithWordReplaced(const std::string& text, std::size_t position, const std::string& replacement) {
  std::vector<std::string> words;
  std::size_t start = 0;
  for (std::size_t space; (space = text.find(' ', start)) != std::string::npos; start = space + 1)
    words.push_back(text.substr(start, space - start));
  words.push_back(text.substr(start));
  words[position % words.size()] = replacement;
  std::string result;
  for (const std::string& word : words) result += (result.empty() ? "" : " ") + word;
  return result;
}

TEST(ExtractionMonitor, AKeySendingVariantsOfAnotherKeysTextsIsFlaggedAcrossKeys) {
  MonitorSettings settings = Settings();
  settings.cross_key_history = 256;
  settings.cross_key = {0.05, 0.5};
  const std::vector<std::string> keys = {"lead", "helper", "customer-a", "customer-b"};
  ExtractionMonitor monitor(settings, keys);
  std::mt19937_64 random(11);
  const std::vector<std::string> vocabulary = Words(3000);
  // The lead sends distinct texts; the helper a one-word variant of each, right after it. Neither key ever sends two
  // texts alike, so only a test across keys sees the sweep: ln 10 per variant, flagged at the 6th.
  for (int i = 0; i < 5; ++i) {
    const std::string base = RandomText(random, 30, vocabulary);
    Feed(monitor, "lead", {base}, kConfident);
    Feed(monitor, "helper", {WithWordReplaced(base, 7, "changed")}, kConfident);
  }
  EXPECT_NEAR(monitor.Watch("helper").Cusum(MonitorSignal::kCrossKey), 5.0 * std::log(10.0), 1e-9);
  EXPECT_TRUE(monitor.Watch("helper").flags.empty());
  const std::string base = RandomText(random, 30, vocabulary);
  Feed(monitor, "lead", {base}, kConfident);
  const KeyWatch helper = Feed(monitor, "helper", {WithWordReplaced(base, 7, "changed")}, kConfident);
  EXPECT_EQ(helper.flags, std::vector<std::string>({"cross_key"}));
  EXPECT_EQ(helper.Cusum(MonitorSignal::kSweep), 0.0) << "alone, the helper's texts are unrelated to each other";
  EXPECT_EQ(monitor.Watch("lead").Cusum(MonitorSignal::kCrossKey), 0.0) << "each of the lead's texts came first";
  EXPECT_EQ(monitor.Totals().Events(MonitorSignal::kCrossKey), 6u);

  // Two customers sending the very same text: the second learns nothing new, and it is not an event.
  const std::string common = RandomText(random, 30, vocabulary);
  Feed(monitor, "customer-a", {common}, kConfident);
  EXPECT_EQ(Feed(monitor, "customer-b", {common}, kConfident).Cusum(MonitorSignal::kCrossKey), 0.0);
  EXPECT_EQ(monitor.Totals().Events(MonitorSignal::kCrossKey), 6u);
}

TEST(ExtractionMonitor, TheCrossKeyHistoryIsBoundedAndCanBeOff) {
  MonitorSettings settings = Settings();
  settings.cross_key_history = 4;
  const std::vector<std::string> keys = {"lead", "helper"};
  ExtractionMonitor monitor(settings, keys);
  std::mt19937_64 random(12);
  const std::vector<std::string> vocabulary = Words(3000);
  std::vector<std::string> bases;
  for (int i = 0; i < 5; ++i) bases.push_back(RandomText(random, 30, vocabulary));
  Feed(monitor, "lead", bases, kConfident);
  const KeyWatch after_forgotten = Feed(monitor, "helper", {WithWordReplaced(bases[0], 3, "x")}, kConfident);
  EXPECT_EQ(after_forgotten.Cusum(MonitorSignal::kCrossKey), 0.0) << "the first text left the 4-text history";
  EXPECT_NEAR(Feed(monitor, "helper", {WithWordReplaced(bases[4], 3, "x")}, kConfident).Cusum(MonitorSignal::kCrossKey),
              std::log(10.0), 1e-9);

  ExtractionMonitor off(Settings(), keys);
  Feed(off, "lead", {bases[0]}, kConfident);
  EXPECT_EQ(Feed(off, "helper", {WithWordReplaced(bases[0], 3, "x")}, kConfident).Cusum(MonitorSignal::kCrossKey), 0.0);
  EXPECT_EQ(off.Totals().Events(MonitorSignal::kCrossKey), 0u);
}

TEST(ExtractionMonitor, TextsOutsideTheTrainingVocabularyAreFlaggedForCoverage) {
  const std::vector<std::string> vocabulary = Words(300);
  std::mt19937_64 random(13);
  std::vector<std::string> training;
  for (int i = 0; i < 2000; ++i) training.push_back(RandomText(random, 30, vocabulary));
  const auto coverage = std::make_shared<const InputCoverage>(training, 5);
  const std::vector<std::string> keys = {"random", "customer"};
  ExtractionMonitor monitor(Settings(), keys, coverage);
  // Words of other letters: every text is an event, ln 10 each; the 6th reaches ln 1e6.
  std::vector<std::string> elsewhere;
  for (const std::string& word : vocabulary) elsewhere.push_back("q" + word);
  std::vector<std::string> random_texts;
  for (int i = 0; i < 6; ++i) random_texts.push_back(RandomText(random, 20, elsewhere) + " w1");
  KeyWatch watch = Feed(monitor, "random", {random_texts.begin(), random_texts.end() - 1}, kConfident);
  EXPECT_NEAR(watch.Cusum(MonitorSignal::kCoverage), 5.0 * std::log(10.0), 1e-9);
  EXPECT_TRUE(watch.flags.empty());
  watch = Feed(monitor, "random", {random_texts.back()}, kConfident);
  EXPECT_EQ(watch.flags, std::vector<std::string>({"coverage"}));
  EXPECT_EQ(watch.texts_at_flag, std::vector<std::uint64_t>({6}));

  // A customer's texts in the training vocabulary, a minority of new words in each: no event.
  std::vector<std::string> customer_texts;
  for (int i = 0; i < 200; ++i) customer_texts.push_back(RandomText(random, 20, vocabulary) + " Zbigniew 2024");
  EXPECT_EQ(Feed(monitor, "customer", customer_texts, kConfident).Cusum(MonitorSignal::kCoverage), 0.0);
  EXPECT_EQ(monitor.Totals().Events(MonitorSignal::kCoverage), 6u);

  MonitorSettings off = Settings();
  off.coverage_unseen_share = 0.0;
  ExtractionMonitor switched_off(off, keys, coverage);
  EXPECT_TRUE(Feed(switched_off, "random", random_texts, kConfident).flags.empty());
  ExtractionMonitor without_vocabulary(Settings(), keys);
  EXPECT_TRUE(Feed(without_vocabulary, "random", random_texts, kConfident).flags.empty());
  EXPECT_EQ(without_vocabulary.Totals().Events(MonitorSignal::kCoverage), 0u);
}

TEST(ExtractionMonitor, UnknownKeysAndBadSettings) {
  const std::vector<std::string> keys = {"k"};
  ExtractionMonitor monitor(Settings(), keys);
  EXPECT_TRUE(Feed(monitor, "stranger", {"who"}, kOnTheBoundary).flags.empty());
  EXPECT_FALSE(monitor.Flagged("stranger"));
  MonitorSettings inverted = Settings();
  inverted.boundary = {0.5, 0.4};
  EXPECT_THROW(ExtractionMonitor(inverted, keys), common::ConfigError);
  MonitorSettings no_history = Settings();
  no_history.history = 0;
  EXPECT_THROW(ExtractionMonitor(no_history, keys), common::ConfigError);
  MonitorSettings share_too_high = Settings();
  share_too_high.coverage_unseen_share = 1.5;
  EXPECT_THROW(ExtractionMonitor(share_too_high, keys), common::ConfigError);
  EXPECT_EQ(ParseMonitorAction("throttle"), MonitorAction::kThrottle);
  EXPECT_THROW(ParseMonitorAction("ban"), common::ConfigError);
}

}  // namespace
}  // namespace leakgate::serve
