// Planted-label canaries against a fake classifier that memorised some canaries' labels and answers the others with
// a fixed preference: exposure, extraction and the one-run audit must tell the two apart, and only the canaries that
// are one privacy unit may test epsilon.
#include "audit/attacks/planted_labels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "audit/attacks/errors.h"

namespace leakgate::audit {
namespace {

const std::vector<std::string> kClasses = {"a", "b", "c", "d"};

// Answers every text with the classes in the order a > b > c > d (probabilities 0.4, 0.3, 0.2, 0.1), except texts it
// memorised, whose label it puts first with probability 0.9.
class MemorisingClassifier : public Classifier {
 public:
  std::map<std::string, std::string> memorised;
  std::size_t largest_call = 0;

  std::vector<std::vector<ClassProbability>> TopKClasses(std::span<const std::string> texts, std::size_t k) override {
    largest_call = std::max(largest_call, texts.size());
    std::vector<std::vector<ClassProbability>> answers;
    for (const std::string& text : texts) {
      std::vector<ClassProbability> answer = {{"a", 0.4}, {"b", 0.3}, {"c", 0.2}, {"d", 0.1}};
      if (const auto found = memorised.find(text); found != memorised.end()) {
        for (auto& entry : answer) entry.probability = entry.label == found->second ? 0.9 : 0.1 / 3.0;
        std::stable_sort(answer.begin(), answer.end(),
                         [](const auto& x, const auto& y) { return x.probability > y.probability; });
      }
      answer.resize(std::min(k, answer.size()));
      answers.push_back(std::move(answer));
    }
    return answers;
  }
};

// 2 x `per_group` canaries, repeated once and 4 times, labels cycling through the classes, inserted in alternate
// blocks of 4 (so every label is as often inserted as not).
std::vector<PlantedLabelCanary> Canaries(std::size_t per_group) {
  std::vector<PlantedLabelCanary> canaries;
  for (std::size_t repetitions : {1, 4}) {
    for (std::size_t i = 0; i < per_group; ++i) {
      canaries.push_back({"canary " + std::to_string(repetitions) + "-" + std::to_string(i), kClasses[i % 4],
                          repetitions, repetitions, (i / 4) % 2 == 0});
    }
  }
  return canaries;
}

TEST(PlantedLabels, AModelThatLearnedTheInsertedCanariesIsCaughtAgainstTheNeverInsertedOnes) {
  const std::vector<PlantedLabelCanary> canaries = Canaries(200);
  MemorisingClassifier model;
  for (const auto& canary : canaries) {
    if (canary.inserted) model.memorised[canary.text] = canary.label;
  }
  PlantedLabelOptions options;
  options.query_batch = 64;
  nlohmann::json audit;
  const nlohmann::json section = AuditPlantedLabels(model, canaries, options, audit);
  EXPECT_EQ(model.largest_call, 64u);
  EXPECT_DOUBLE_EQ(section["candidate_space_bits"].get<double>(), 2.0);
  EXPECT_EQ(section["inserted"], 200);
  EXPECT_EQ(section["not_inserted"], 200);
  ASSERT_EQ(section["extraction"].size(), 2u);
  for (const auto& group : section["extraction"]) {
    EXPECT_EQ(group["exact_match"]["successes"], 100) << group.dump();  // every inserted canary, top label planted
    EXPECT_EQ(group["exact_match"]["trials"], 100);
  }
  // Never inserted: the label cycles a, b, c, d, so "a" (first) comes up for a quarter of them.
  EXPECT_EQ(section["not_inserted_extraction"]["successes"], 50);
  EXPECT_EQ(section["not_inserted_extraction"]["trials"], 200);
  for (const auto& group : section["exposure"]) {
    EXPECT_DOUBLE_EQ(group["exposure_bits"]["min"].get<double>(), 2.0);  // log2 4 - log2 1
  }
  // Ranks 1..4 among the never-inserted canaries: log2 4 - log2 rank = 2, 1, 0.415, 0.
  EXPECT_DOUBLE_EQ(section["not_inserted_exposure_bits"]["min"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(section["not_inserted_exposure_bits"]["max"].get<double>(), 2.0);

  // Only the 200 canaries inserted once are one unit; all their included ones score above the excluded ones.
  ASSERT_TRUE(audit.contains("one_run"));
  EXPECT_EQ(audit["one_run"]["counts"]["canaries"], 200);
  EXPECT_GT(audit["one_run"]["epsilon_lower_bound"].get<double>(), 1.0);
  EXPECT_NEAR(audit["one_run"]["epsilon_lower_bound"].get<double>(), audit["one_run"]["power"].get<double>(), 1e-9);
  EXPECT_EQ(audit["one_run"]["score"], "planted-label log-probability");
}

TEST(PlantedLabels, AModelThatLearnedNothingShowsNoEffect) {
  const std::vector<PlantedLabelCanary> canaries = Canaries(200);
  MemorisingClassifier model;
  nlohmann::json audit;
  const nlohmann::json section = AuditPlantedLabels(model, canaries, PlantedLabelOptions{}, audit);
  for (const auto& group : section["extraction"]) EXPECT_EQ(group["exact_match"]["successes"], 25);
  // The planted label's probability does not depend on inclusion, so the guesses are right about half the time.
  EXPECT_LT(audit["one_run"]["epsilon_lower_bound"].get<double>(), audit["one_run"]["power"].get<double>() / 2);
}

TEST(PlantedLabels, WithoutOneRunOnlyTheSectionIsWritten) {
  MemorisingClassifier model;
  PlantedLabelOptions options;
  options.one_run = false;
  nlohmann::json audit = nlohmann::json::object();
  AuditPlantedLabels(model, Canaries(8), options, audit);
  EXPECT_FALSE(audit.contains("one_run"));
}

TEST(PlantedLabels, ALabelTheModelDoesNotNameRanksLast) {
  MemorisingClassifier model;
  std::vector<PlantedLabelCanary> canaries = {{"x", "unknown", 1, 1, false}, {"y", "a", 1, 1, true}};
  nlohmann::json audit;
  const nlohmann::json section = AuditPlantedLabels(model, canaries, PlantedLabelOptions{}, audit);
  EXPECT_DOUBLE_EQ(section["not_inserted_exposure_bits"]["max"].get<double>(), 0.0);
  EXPECT_EQ(section["not_inserted_extraction"]["successes"], 0);
}

TEST(PlantedLabels, NoCanariesOrAZeroBatchIsAnInputError) {
  MemorisingClassifier model;
  nlohmann::json audit;
  EXPECT_THROW(AuditPlantedLabels(model, {}, PlantedLabelOptions{}, audit), AttackInputError);
  PlantedLabelOptions options;
  options.query_batch = 0;
  EXPECT_THROW(AuditPlantedLabels(model, Canaries(2), options, audit), AttackInputError);
}

}  // namespace
}  // namespace leakgate::audit
