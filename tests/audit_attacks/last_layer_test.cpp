// The last-layer extraction attack against a model built as a transformer's output is (a final layer norm, then a
// head with a bias): from full log-probabilities it finds the exact width and the head's span; from fewer queries
// than the width, a top k or text alone it cannot.
#include "audit/attacks/last_layer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "audit/attacks/errors.h"
#include "tests/audit_attacks/fake_models.h"

namespace leakgate::audit {
namespace {

using testing::LowRankLanguageModel;

// An API that reveals the k most probable next tokens' log-probabilities, rounded to `decimals` (-1: exact).
LogProbOracle Api(LowRankLanguageModel& model, std::size_t k, int decimals) {
  return [&model, k, decimals](const std::vector<TokenId>& prompt) {
    const std::vector<double> log_probs = model.NextTokenLogProbs(std::span(&prompt, 1))[0];
    RevealedLogProbs revealed;
    for (std::size_t t = 0; t < log_probs.size(); ++t) revealed.emplace_back(static_cast<TokenId>(t), log_probs[t]);
    std::sort(revealed.begin(), revealed.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    revealed.resize(std::min(k, revealed.size()));
    if (decimals >= 0) {
      const double scale = std::pow(10.0, decimals);
      for (auto& entry : revealed) entry.second = std::round(entry.second * scale) / scale;
    }
    return revealed;
  };
}

constexpr int kWidth = 24;
constexpr std::size_t kVocab = LowRankLanguageModel::kVocabulary;

TEST(LastLayer, FullLogProbabilitiesRevealTheExactWidthAndTheHeadsSpan) {
  LowRankLanguageModel model(kWidth, 1);
  const LastLayerResult result = ExtractLastLayer(Api(model, kVocab, -1), {.queries = 2 * kWidth, .seed = 3});
  EXPECT_EQ(result.queries, 2u * kWidth);
  EXPECT_EQ(result.answered, 2u * kWidth);
  EXPECT_EQ(result.columns.size(), kVocab);
  ASSERT_TRUE(result.width) << result.reason;
  EXPECT_EQ(*result.width, static_cast<std::size_t>(kWidth));
  EXPECT_GT(result.gap, 1e6) << "exact answers: the singular values after the width are rounding noise";
  EXPECT_LT(SubspaceError(result, model.OutputLayer(), kWidth + 1), 1e-8);

  // Whatever the head and the prompts, the drop after the width is found (values at rounding level are 0).
  for (std::uint64_t seed = 2; seed < 8; ++seed) {
    LowRankLanguageModel another(kWidth - static_cast<int>(seed), seed);
    const LastLayerResult found = ExtractLastLayer(Api(another, kVocab, -1), {.queries = 2 * kWidth, .seed = seed});
    EXPECT_EQ(found.width, another.width()) << "seed " << seed;
  }
  // Answers rounded to 7 decimals (about a float's precision) leave a noise floor after the width. With more answers
  // than tokens, the one dimension centring removes must not pass for the drop.
  const LastLayerResult floored = ExtractLastLayer(Api(model, kVocab, 7), {.queries = 40 * kWidth, .seed = 4});
  EXPECT_EQ(floored.width, static_cast<std::size_t>(kWidth));
  EXPECT_GT(floored.gap, 1e3);
  EXPECT_LT(SubspaceError(floored, model.OutputLayer(), kWidth + 1), 1e-4);
  // A span unrelated to the head is far from the recovered one.
  const LowRankLanguageModel other(kWidth, 2);
  EXPECT_GT(SubspaceError(result, other.OutputLayer(), kWidth + 1), 0.5);
}

// 12 answers span at most 11 dimensions of variation: a 24-wide head stays hidden, while the same 12 prompts reveal
// an 8-wide one exactly.
TEST(LastLayer, FewerQueriesThanTheWidthCannotRevealIt) {
  LowRankLanguageModel wide(kWidth, 1);
  const LastLayerResult hidden = ExtractLastLayer(Api(wide, kVocab, -1), {.queries = kWidth / 2, .seed = 3});
  EXPECT_NE(hidden.width, static_cast<std::size_t>(kWidth));
  LowRankLanguageModel narrow(8, 1);
  const LastLayerResult found = ExtractLastLayer(Api(narrow, kVocab, -1), {.queries = kWidth / 2, .seed = 3});
  EXPECT_EQ(found.width, 8u) << found.reason;
}

TEST(LastLayer, ATopKOrTextAloneLeavesNothingToStack) {
  LowRankLanguageModel model(kWidth, 1);
  const LastLayerResult top5 = ExtractLastLayer(Api(model, 5, 2), {.queries = 40 * kWidth, .seed = 3});
  EXPECT_EQ(top5.most_revealed, 5u);
  EXPECT_LE(top5.columns.size(), 5u) << "only tokens in every top 5 can be stacked";

  const LastLayerResult text = ExtractLastLayer(Api(model, 0, -1), {.queries = 10, .seed = 3});
  EXPECT_EQ(text.answered, 0u);
  EXPECT_FALSE(text.width);
  EXPECT_NE(text.reason.find("no answer"), std::string::npos);

  EXPECT_THROW(ExtractLastLayer(Api(model, kVocab, -1), {.queries = 1}), AttackInputError);
}

}  // namespace
}  // namespace leakgate::audit
