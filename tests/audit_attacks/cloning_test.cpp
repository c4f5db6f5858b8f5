// The cloning audit against a keyword classifier whose decision function a byte n-gram substitute can learn: output
// policies reveal exactly what they promise, more queries and richer answers clone it better, bad input is refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <functional>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "audit/attacks/cloning.h"
#include "audit/attacks/errors.h"

namespace leakgate::audit {
namespace {

using ::testing::HasSubstr;

constexpr std::array<const char*, 4> kTopics{"finance", "health", "sport", "travel"};
const std::array<std::vector<std::string>, 4> kKeywords{{
    {"bank", "loan", "stock", "market", "interest", "budget"},
    {"doctor", "fever", "clinic", "vaccine", "nurse", "symptom"},
    {"goal", "match", "coach", "league", "player", "stadium"},
    {"flight", "hotel", "beach", "passport", "luggage", "journey"},
}};
const std::vector<std::string> kFiller{"the",  "a",     "of",    "and",   "we",    "today", "after", "some",
                                       "very", "about", "their", "again", "while", "later", "small", "week",
                                       "new",  "old",   "with",  "from",  "told",  "said",  "went",  "saw"};

// A fixed linear model: the logit of a topic is 1.5 per keyword of that topic in the text plus a per-topic bias,
// and the answer is the softmax over the topics, most probable first. Counts what it is asked.
class KeywordClassifier : public Classifier {
 public:
  std::vector<std::vector<ClassProbability>> TopKClasses(std::span<const std::string> texts, std::size_t k) override {
    ++calls;
    texts_queried += texts.size();
    largest_call = std::max(largest_call, texts.size());
    std::vector<std::vector<ClassProbability>> answers;
    for (const auto& text : texts) {
      std::array<double, 4> logits{0.3, 0.0, -0.2, 0.1};
      std::istringstream words(text);
      for (std::string word; words >> word;) {
        for (std::size_t topic = 0; topic < kTopics.size(); ++topic) {
          if (std::find(kKeywords[topic].begin(), kKeywords[topic].end(), word) != kKeywords[topic].end()) {
            logits[topic] += 1.5;
          }
        }
      }
      double total = 0.0;
      for (double logit : logits) total += std::exp(logit);
      std::vector<ClassProbability> answer;
      for (std::size_t topic = 0; topic < kTopics.size(); ++topic) {
        answer.push_back({kTopics[topic], std::exp(logits[topic]) / total});
      }
      std::stable_sort(answer.begin(), answer.end(),
                       [](const auto& a, const auto& b) { return a.probability > b.probability; });
      answer.resize(std::min(k, answer.size()));
      answers.push_back(std::move(answer));
    }
    return answers;
  }

  std::size_t calls = 0;
  std::size_t texts_queried = 0;
  std::size_t largest_call = 0;
};

// Always the same answer, cut to k; remembers the k it was asked for.
class FixedAnswerClassifier : public Classifier {
 public:
  explicit FixedAnswerClassifier(std::vector<ClassProbability> answer) : answer_(std::move(answer)) {}
  std::vector<std::vector<ClassProbability>> TopKClasses(std::span<const std::string> texts, std::size_t k) override {
    last_k = k;
    std::vector<ClassProbability> cut(answer_.begin(), answer_.begin() + std::min(k, answer_.size()));
    return std::vector<std::vector<ClassProbability>>(texts.size(), cut);
  }
  std::size_t last_k = 0;

 private:
  std::vector<ClassProbability> answer_;
};

struct LabelledTexts {
  std::vector<std::string> texts;
  std::vector<std::string> labels;
};

// Texts about one topic each: a third of the words are keywords of the topic, a few are keywords of another topic,
// the rest filler, so the classifier is mostly but not always right.
LabelledTexts TopicTexts(std::size_t count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  LabelledTexts data;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t topic = rng() % kTopics.size();
    const std::size_t words = 8 + rng() % 8;
    std::string text;
    for (std::size_t w = 0; w < words; ++w) {
      const std::size_t roll = rng() % 100;
      const std::string& word = roll < 30   ? kKeywords[topic][rng() % 6]
                                : roll < 40 ? kKeywords[rng() % kTopics.size()][rng() % 6]
                                            : kFiller[rng() % kFiller.size()];
      text += (w ? " " : "") + word;
    }
    data.texts.push_back(std::move(text));
    data.labels.push_back(kTopics[topic]);
  }
  return data;
}

const CloningPoint& PointOf(const CloningResult& result, const std::string& policy, std::size_t budget) {
  for (const auto& point : result.points) {
    if (point.policy == policy && point.budget == budget) return point;
  }
  throw std::runtime_error("no point for " + policy + " at budget " + std::to_string(budget));
}

CloningOptions Options(std::vector<std::string> policies, std::vector<std::size_t> budgets, std::uint64_t seed) {
  CloningOptions options;
  options.policies.clear();
  for (const auto& name : policies) options.policies.push_back(ParseOutputPolicy(name));
  options.budgets = std::move(budgets);
  options.seed = seed;
  options.substitute.feature_bits = 16;
  return options;
}

TEST(OutputPolicyTest, NamesRoundTrip) {
  for (const char* name : {"probabilities", "top1", "top3", "top12", "rounded0", "rounded2", "rounded9", "label"}) {
    EXPECT_EQ(OutputPolicyName(ParseOutputPolicy(name)), name);
  }
  const OutputPolicy top = ParseOutputPolicy("top3");
  EXPECT_EQ(top.kind, OutputPolicyKind::kTopK);
  EXPECT_EQ(top.top_k, 3u);
  const OutputPolicy rounded = ParseOutputPolicy("rounded2");
  EXPECT_EQ(rounded.kind, OutputPolicyKind::kRounded);
  EXPECT_EQ(rounded.decimals, 2);
  EXPECT_EQ(ParseOutputPolicy("label").kind, OutputPolicyKind::kLabelOnly);
  EXPECT_EQ(ParseOutputPolicy("probabilities").kind, OutputPolicyKind::kProbabilities);
}

TEST(OutputPolicyTest, RejectsWhatIsNotAPolicy) {
  for (const char* bad : {"", "top", "top0", "top-1", "top+2", "topx", "top 2", "rounded", "rounded10", "rounded1.5",
                          "Label", "labels", "probabilities "}) {
    try {
      ParseOutputPolicy(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const AttackInputError& error) {
      EXPECT_THAT(error.what(), HasSubstr("'" + std::string(bad) + "' is not an output policy")) << bad;
      EXPECT_THAT(error.what(), HasSubstr("top<k>"));
    }
  }
}

const std::vector<ClassProbability> kFullAnswer{{"b", 0.46}, {"a", 0.33}, {"d", 0.127}, {"c", 0.083}};

TEST(ServedClassifierTest, ProbabilitiesRevealEveryClass) {
  FixedAnswerClassifier target(kFullAnswer);
  ServedClassifier served(target, ParseOutputPolicy("probabilities"));
  const std::vector<std::string> texts{"x", "y"};
  const auto answers = served.Query(texts);
  EXPECT_EQ(target.last_k, kAllClasses);
  ASSERT_EQ(answers.size(), 2u);
  ASSERT_EQ(answers[1].size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(answers[1][i].label, kFullAnswer[i].label);
    EXPECT_EQ(answers[1][i].probability, kFullAnswer[i].probability);
  }
}

TEST(ServedClassifierTest, TopKKeepsTheFirstKEntries) {
  FixedAnswerClassifier target(kFullAnswer);
  ServedClassifier served(target, ParseOutputPolicy("top2"));
  const std::vector<std::string> texts{"x"};
  const auto answers = served.Query(texts);
  EXPECT_EQ(target.last_k, 2u);
  ASSERT_EQ(answers[0].size(), 2u);
  EXPECT_EQ(answers[0][0].label, "b");
  EXPECT_EQ(answers[0][0].probability, 0.46);
  EXPECT_EQ(answers[0][1].label, "a");
  EXPECT_EQ(answers[0][1].probability, 0.33);
  EXPECT_EQ(RevealAnswer(ParseOutputPolicy("top9"), kFullAnswer).size(), 4u);
}

TEST(ServedClassifierTest, RoundingKeepsOrderAndZeros) {
  FixedAnswerClassifier target(kFullAnswer);
  ServedClassifier served(target, ParseOutputPolicy("rounded1"));
  const std::vector<std::string> texts{"x"};
  const auto answer = served.Query(texts)[0];
  EXPECT_EQ(target.last_k, kAllClasses);
  const std::vector<std::string> labels{"b", "a", "d", "c"};
  const std::vector<double> one_decimal{0.5, 0.3, 0.1, 0.1};
  ASSERT_EQ(answer.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(answer[i].label, labels[i]);
    EXPECT_DOUBLE_EQ(answer[i].probability, one_decimal[i]);
  }
  const auto two_decimals = RevealAnswer(ParseOutputPolicy("rounded2"), kFullAnswer);
  EXPECT_DOUBLE_EQ(two_decimals[2].probability, 0.13);
  EXPECT_DOUBLE_EQ(two_decimals[3].probability, 0.08);
  const auto none = RevealAnswer(ParseOutputPolicy("rounded0"), kFullAnswer);
  ASSERT_EQ(none.size(), 4u);
  EXPECT_EQ(none[0].probability, 0.0);
  EXPECT_EQ(none[3].probability, 0.0);
}

TEST(ServedClassifierTest, LabelOnlyRevealsTheTopLabelAlone) {
  FixedAnswerClassifier target(kFullAnswer);
  ServedClassifier served(target, ParseOutputPolicy("label"));
  const std::vector<std::string> texts{"x", "y", "z"};
  const auto answers = served.Query(texts);
  EXPECT_EQ(target.last_k, 1u);
  ASSERT_EQ(answers.size(), 3u);
  for (const auto& answer : answers) {
    ASSERT_EQ(answer.size(), 1u);
    EXPECT_EQ(answer[0].label, "b");
    EXPECT_EQ(answer[0].probability, 1.0);
  }
}

TEST(SubstituteTest, IsSureOfTextsLikeItsLabelledOnesAndUnsureOfAMixture) {
  // Texts of one repeated word stem per label; the substitute learns the stems' byte n-grams.
  std::vector<std::string> queries;
  std::vector<std::vector<ClassProbability>> answers;
  for (int i = 0; i < 40; ++i) {
    const bool billing = i % 2 == 0;
    std::string text;
    for (int w = 0; w < 12; ++w) text += (billing ? "invoice" : "fever") + std::to_string((i * 13 + w) % 97) + " ";
    queries.push_back(text);
    answers.push_back({{billing ? "billing" : "clinical", 1.0}});
  }
  Substitute substitute(queries, answers, SubstituteOptions{}, 3);
  const std::vector<std::string> probes = {"invoice5 invoice61 invoice7 invoice88 invoice3 invoice42",
                                           "fever5 fever61 fever7 fever88 fever3 fever42",
                                           "invoice5 fever61 invoice7 fever88 invoice3 fever42"};
  const std::vector<double> margins = substitute.Margins(probes);
  ASSERT_EQ(margins.size(), 3u);
  EXPECT_GT(margins[0], 0.5);
  EXPECT_GT(margins[1], 0.5);
  EXPECT_LT(margins[2], 0.5 * std::min(margins[0], margins[1])) << "half of each: the substitute hesitates";

  const std::vector<std::vector<ClassProbability>> one_label(queries.size(), {{"billing", 1.0}});
  Substitute single(queries, one_label, SubstituteOptions{}, 3);
  EXPECT_EQ(single.Margins(probes), std::vector<double>(3, 1.0)) << "one known label: nothing to hesitate between";
}

TEST(CloningAuditTest, ManyProbabilityQueriesCloneTheTarget) {
  const LabelledTexts pool = TopicTexts(1200, 1);
  const LabelledTexts evaluation = TopicTexts(400, 2);
  KeywordClassifier target;
  const CloningResult result =
      AuditCloning(target, pool.texts, evaluation.texts, evaluation.labels, Options({"probabilities"}, {10, 1200}, 3));

  const CloningPoint& tiny = PointOf(result, "probabilities", 10);
  const CloningPoint& large = PointOf(result, "probabilities", 1200);
  EXPECT_GT(large.fidelity, 0.9);
  EXPECT_GT(large.fidelity, tiny.fidelity + 0.1);
  EXPECT_GT(large.accuracy, 0.6);
  EXPECT_LE(large.fidelity_interval.lower, large.fidelity);
  EXPECT_GE(large.fidelity_interval.upper, large.fidelity);
  EXPECT_LT(large.fidelity_interval.upper - large.fidelity_interval.lower, 0.1);
  EXPECT_EQ(result.labels, (std::vector<std::string>{"finance", "health", "sport", "travel"}));
}

TEST(CloningAuditTest, TargetAccuracyIsTheTargetsOwnTopLabelAgainstTheTruth) {
  const LabelledTexts pool = TopicTexts(50, 4);
  const LabelledTexts evaluation = TopicTexts(300, 5);
  KeywordClassifier reference;
  const auto answers = reference.TopKClasses(evaluation.texts, 1);
  std::size_t correct = 0;
  for (std::size_t i = 0; i < answers.size(); ++i) correct += answers[i][0].label == evaluation.labels[i];

  KeywordClassifier target;
  const CloningResult result =
      AuditCloning(target, pool.texts, evaluation.texts, evaluation.labels, Options({"label"}, {50}, 0));
  EXPECT_DOUBLE_EQ(result.target_accuracy, static_cast<double>(correct) / 300.0);
  EXPECT_GT(result.target_accuracy, 0.6);
  EXPECT_LT(result.target_accuracy, 1.0);
}

TEST(CloningAuditTest, LabelOnlyClonesNoBetterThanProbabilitiesOnASmallBudget) {
  const LabelledTexts evaluation = TopicTexts(400, 99);
  double label_fidelity = 0.0;
  double probability_fidelity = 0.0;
  const std::size_t runs = 4;
  for (std::uint64_t seed = 0; seed < runs; ++seed) {
    const LabelledTexts pool = TopicTexts(200, 10 + seed);
    KeywordClassifier target;
    const CloningResult result = AuditCloning(target, pool.texts, evaluation.texts, evaluation.labels,
                                              Options({"probabilities", "label"}, {30}, seed));
    label_fidelity += PointOf(result, "label", 30).fidelity / runs;
    probability_fidelity += PointOf(result, "probabilities", 30).fidelity / runs;
  }
  EXPECT_LE(label_fidelity, probability_fidelity);
}

TEST(CloningAuditTest, QueriesTheTargetOnceInBatchesWithNestedClampedBudgets) {
  const LabelledTexts pool = TopicTexts(300, 6);
  const LabelledTexts evaluation = TopicTexts(70, 7);
  KeywordClassifier target;
  CloningOptions options = Options({"probabilities", "top1", "rounded1", "label"}, {50, 10, 5000, 5000}, 8);
  options.query_batch = 64;
  const CloningResult result = AuditCloning(target, pool.texts, evaluation.texts, evaluation.labels, options);

  EXPECT_EQ(target.texts_queried, 300u + 70u);
  EXPECT_EQ(target.largest_call, 64u);
  EXPECT_EQ(target.calls, 5u + 2u);
  ASSERT_EQ(result.points.size(), 4u * 3u);
  const std::vector<std::string> policies{"probabilities", "top1", "rounded1", "label"};
  const std::vector<std::size_t> budgets{10, 50, 300};
  for (std::size_t i = 0; i < result.points.size(); ++i) {
    EXPECT_EQ(result.points[i].policy, policies[i / 3]);
    EXPECT_EQ(result.points[i].budget, budgets[i % 3]);
  }
  EXPECT_EQ(result.pool_size, 300u);
  EXPECT_EQ(result.evaluation_size, 70u);
  EXPECT_GE(result.seconds, result.query_seconds);
}

TEST(CloningAuditTest, AdversaryKnowsOnlyTheLabelsItWasShown) {
  const LabelledTexts pool = TopicTexts(100, 11);
  const LabelledTexts evaluation = TopicTexts(50, 12);
  KeywordClassifier target;
  const CloningResult result = AuditCloning(target, pool.texts, evaluation.texts, evaluation.labels,
                                            Options({"probabilities", "top2", "label"}, {1, 100}, 13));
  EXPECT_EQ(PointOf(result, "probabilities", 1).labels_discovered, 4u);
  EXPECT_EQ(PointOf(result, "top2", 1).labels_discovered, 2u);
  EXPECT_EQ(PointOf(result, "label", 1).labels_discovered, 1u);
  EXPECT_EQ(PointOf(result, "label", 100).labels_discovered, 4u);
  // One known label: the substitute can only ever say that label.
  EXPECT_LE(PointOf(result, "label", 1).fidelity, 0.6);
}

TEST(CloningAuditTest, SameSeedSameResult) {
  const LabelledTexts pool = TopicTexts(200, 14);
  const LabelledTexts evaluation = TopicTexts(100, 15);
  const CloningOptions options = Options({"top1", "rounded1"}, {40, 200}, 16);
  KeywordClassifier first_target;
  KeywordClassifier second_target;
  const CloningResult first = AuditCloning(first_target, pool.texts, evaluation.texts, evaluation.labels, options);
  const CloningResult second = AuditCloning(second_target, pool.texts, evaluation.texts, evaluation.labels, options);
  ASSERT_EQ(first.points.size(), second.points.size());
  for (std::size_t i = 0; i < first.points.size(); ++i) {
    EXPECT_EQ(first.points[i].fidelity, second.points[i].fidelity);
    EXPECT_EQ(first.points[i].accuracy, second.points[i].accuracy);
  }
}

void ExpectRefused(const std::function<void()>& audit, const std::string& message) {
  try {
    audit();
    ADD_FAILURE() << "accepted input that should fail with: " << message;
  } catch (const AttackInputError& error) {
    EXPECT_THAT(error.what(), HasSubstr(message));
  }
}

TEST(CloningAuditTest, RefusesInputThatCannotWork) {
  const LabelledTexts pool = TopicTexts(20, 17);
  const LabelledTexts evaluation = TopicTexts(10, 18);
  KeywordClassifier target;
  const std::vector<std::string> none;
  const CloningOptions good = Options({"label"}, {10}, 0);
  auto audit = [&](std::span<const std::string> pool_texts, std::span<const std::string> texts,
                   std::span<const std::string> labels, const CloningOptions& options) {
    return [&, pool_texts, texts, labels, options] { AuditCloning(target, pool_texts, texts, labels, options); };
  };
  ExpectRefused(audit(none, evaluation.texts, evaluation.labels, good), "pool of query texts is empty");
  ExpectRefused(audit(pool.texts, none, none, good), "no evaluation texts");
  ExpectRefused(audit(pool.texts, evaluation.texts, std::span(evaluation.labels).first(9), good),
                "9 evaluation labels for 10 evaluation texts");
  CloningOptions options = good;
  options.budgets = {};
  ExpectRefused(audit(pool.texts, evaluation.texts, evaluation.labels, options), "clone.budgets is empty");
  options.budgets = {5, 0};
  ExpectRefused(audit(pool.texts, evaluation.texts, evaluation.labels, options), "clone.budgets[1] is 0");
  options = good;
  options.policies = {};
  ExpectRefused(audit(pool.texts, evaluation.texts, evaluation.labels, options), "clone.policies is empty");
  options.policies = {{OutputPolicyKind::kLabelOnly}, {OutputPolicyKind::kTopK, 0}};
  ExpectRefused(audit(pool.texts, evaluation.texts, evaluation.labels, options), "clone.policies[1] is top0");
  options.policies = {{OutputPolicyKind::kRounded, 1, 12}};
  ExpectRefused(audit(pool.texts, evaluation.texts, evaluation.labels, options),
                "clone.policies[0] rounds to 12 decimals");
  options = good;
  options.query_batch = 0;
  ExpectRefused(audit(pool.texts, evaluation.texts, evaluation.labels, options), "clone.query_batch is 0");
  options = good;
  options.substitute.feature_bits = 30;
  ExpectRefused(audit(pool.texts, evaluation.texts, evaluation.labels, options),
                "clone.substitute.feature_bits is 30");
  options = good;
  options.substitute.epochs = 0;
  ExpectRefused(audit(pool.texts, evaluation.texts, evaluation.labels, options), "clone.substitute.epochs is 0");
  options = good;
  options.substitute.learning_rate = -1.0;
  ExpectRefused(audit(pool.texts, evaluation.texts, evaluation.labels, options), "clone.substitute.learning_rate");
  options = good;
  options.confidence = 1.0;
  ExpectRefused(audit(pool.texts, evaluation.texts, evaluation.labels, options), "clone.confidence");
  EXPECT_EQ(target.calls, 0u);
}

TEST(CloningAuditTest, JsonHasTheDocumentedFields) {
  const LabelledTexts pool = TopicTexts(60, 19);
  const LabelledTexts evaluation = TopicTexts(30, 20);
  KeywordClassifier target;
  const CloningResult result =
      AuditCloning(target, pool.texts, evaluation.texts, evaluation.labels, Options({"top1", "label"}, {20, 60}, 21));
  const nlohmann::json json = result;
  for (const char* key : {"labels", "pool_size", "evaluation_size", "target_accuracy", "confidence",
                          "interval_method", "seed", "points", "query_seconds", "seconds"}) {
    EXPECT_TRUE(json.contains(key)) << key;
  }
  EXPECT_EQ(json["pool_size"], 60);
  EXPECT_EQ(json["interval_method"], "clopper-pearson");
  ASSERT_EQ(json["points"].size(), 4u);
  const nlohmann::json& point = json["points"][3];
  EXPECT_EQ(point["policy"], "label");
  EXPECT_EQ(point["budget"], 60);
  EXPECT_EQ(point["fidelity"], result.points[3].fidelity);
  EXPECT_EQ(point["fidelity_interval"]["lower"], result.points[3].fidelity_interval.lower);
  EXPECT_EQ(point["accuracy_interval"]["upper"], result.points[3].accuracy_interval.upper);
  EXPECT_EQ(point["labels_discovered"], result.points[3].labels_discovered);
}

}  // namespace
}  // namespace leakgate::audit
