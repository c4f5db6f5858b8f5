#include "serve/tier_policy.h"

#include <gtest/gtest.h>

#include <cmath>

namespace leakgate::serve {
namespace {

const std::vector<audit::ClassProbability> kAnswer{{"billing", 0.6}, {"clinical", 0.3}, {"other", 0.1}};
const std::string kSecret(40, 's');

TEST(TierPolicy, TheSameQuestionFromTheSameKeyGetsTheSameNoise) {
  const TierPolicy noised{{audit::OutputPolicyKind::kProbabilities}, 0.05};
  int differs_by_key = 0, differs_by_text = 0;
  for (int i = 0; i < 20; ++i) {
    const std::string text = "question " + std::to_string(i);
    const auto first = ServeAnswer(noised, kAnswer, kSecret, "alice", text);
    const auto again = ServeAnswer(noised, kAnswer, kSecret, "alice", text);
    ASSERT_EQ(first.size(), 3u);
    double total = 0.0;
    for (std::size_t c = 0; c < first.size(); ++c) {
      EXPECT_EQ(first[c].label, again[c].label);
      EXPECT_EQ(first[c].probability, again[c].probability);
      total += first[c].probability;
      if (c > 0) EXPECT_GE(first[c - 1].probability, first[c].probability);
    }
    EXPECT_NEAR(total, 1.0, 1e-12);
    const auto other_key = ServeAnswer(noised, kAnswer, kSecret, "bob", text);
    const auto other_text = ServeAnswer(noised, kAnswer, kSecret, "alice", text + "?");
    differs_by_key += other_key[0].probability != first[0].probability;
    differs_by_text += other_text[0].probability != first[0].probability;
    EXPECT_NE(first[0].probability, 0.6) << "noise was applied";
  }
  EXPECT_GE(differs_by_key, 19);
  EXPECT_GE(differs_by_text, 19);
}

TEST(TierPolicy, TheOutputPolicyAppliesAfterTheNoise) {
  const TierPolicy label{{audit::OutputPolicyKind::kLabelOnly}, 0.0};
  const auto answer = ServeAnswer(label, kAnswer, kSecret, "alice", "q");
  ASSERT_EQ(answer.size(), 1u);
  EXPECT_EQ(answer[0].label, "billing");

  const TierPolicy rounded{{audit::OutputPolicyKind::kRounded, 1, 1}, 0.02};
  for (const auto& entry : ServeAnswer(rounded, kAnswer, kSecret, "alice", "q")) {
    EXPECT_NEAR(entry.probability * 10.0, std::round(entry.probability * 10.0), 1e-9);
  }
  const TierPolicy top1{{audit::OutputPolicyKind::kTopK, 1}, 0.0};
  EXPECT_EQ(ServeAnswer(top1, kAnswer, kSecret, "alice", "q").size(), 1u);
  EXPECT_EQ(label.Describe(), "label");
  EXPECT_EQ(rounded.Describe(), "rounded1, noise 0.02");
}

}  // namespace
}  // namespace leakgate::serve
