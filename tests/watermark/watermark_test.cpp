// The green-list watermark: the keyed split gives each token the green share independently of the text, embedding
// shifts exactly the green tokens' log-probabilities by the bias, and detection is a valid test: human text never
// verifies, the p-values of text written without the key are uniform or larger, and the binomial tail is exact.
#include "watermark/watermark.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "common/errors.h"
#include "tests/support/fortunes.h"

namespace leakgate::watermark {
namespace {

const std::string kKey = "0123456789abcdef0123456789abcdef-test-key";

// The tail summed term by term in long double, for small trials.
double DirectTail(std::size_t trials, std::size_t successes, double p) {
  long double total = 0.0L;
  for (std::size_t k = successes; k <= trials; ++k) {
    long double choose = 1.0L;
    for (std::size_t i = 0; i < k; ++i) choose = choose * static_cast<long double>(trials - i) / (i + 1);
    total += choose * std::pow(static_cast<long double>(p), k) * std::pow(1.0L - p, trials - k);
  }
  return static_cast<double>(total);
}

TEST(BinomialUpperTail, MatchesTheDirectSumFromTheBulkToTheFarTail) {
  for (const std::size_t trials : {1u, 7u, 30u, 120u}) {
    for (std::size_t successes = 0; successes <= trials; ++successes) {
      const double expected = DirectTail(trials, successes, 0.25);
      EXPECT_NEAR(BinomialUpperTail(trials, successes, 0.25), expected, 1e-9 * expected + 1e-300)
          << trials << " " << successes;
    }
  }
  EXPECT_DOUBLE_EQ(BinomialUpperTail(10, 10, 0.25), std::pow(0.25, 10));
  EXPECT_EQ(BinomialUpperTail(10, 11, 0.25), 0.0);
  EXPECT_EQ(BinomialUpperTail(10, 0, 0.25), 1.0);
  // Far past where terms underflow a double: 2000 of 2000 green is 0.25^2000, about 1e-1204, i.e. 0.
  EXPECT_GE(BinomialUpperTail(2000, 1000, 0.25), 0.0);
  EXPECT_LT(BinomialUpperTail(2000, 1000, 0.25), 1e-100);
}

TEST(Watermark, RefusesShortKeysAndParametersOutOfRange) {
  EXPECT_THROW(Watermark("short", {}), common::ConfigError);
  EXPECT_THROW(Watermark(kKey, {.green_fraction = 0.0}), common::ConfigError);
  EXPECT_THROW(Watermark(kKey, {.green_fraction = 1.0}), common::ConfigError);
  EXPECT_THROW(Watermark(kKey, {.green_fraction = 0.25, .bias = -1.0}), common::ConfigError);
}

TEST(Watermark, TheGreenShareIsTheFractionAndDependsOnTheKeyAndTheTokenBefore) {
  const Watermark watermark(kKey, {.green_fraction = 0.25, .bias = 2.0, .context_tokens = 1});
  const Watermark other(kKey + "-other", {.green_fraction = 0.25, .bias = 2.0, .context_tokens = 1});
  std::size_t green = 0, both = 0, same_split_elsewhere = 0;
  constexpr TokenId kVocabulary = 259;
  for (TokenId before = 0; before < kVocabulary; ++before) {
    for (TokenId token = 0; token < kVocabulary; ++token) {
      const TokenId next_context = (before + 1) % kVocabulary;
      const bool is_green = watermark.IsGreen({&before, 1}, token);
      green += is_green;
      both += is_green && other.IsGreen({&before, 1}, token);
      same_split_elsewhere += is_green == watermark.IsGreen({&next_context, 1}, token);
    }
  }
  const double pairs = kVocabulary * kVocabulary;
  // Binomial(67081, 0.25): standard deviation 112 pairs; 5 of them is a margin no correct split exceeds.
  EXPECT_NEAR(green / pairs, 0.25, 5 * std::sqrt(0.25 * 0.75 / pairs));
  // Another key's split is independent: green under both at 1/16; the next context's agrees at 1/16 + 9/16.
  EXPECT_NEAR(both / pairs, 0.0625, 5 * std::sqrt(0.0625 * 0.9375 / pairs));
  EXPECT_NEAR(same_split_elsewhere / pairs, 0.625, 5 * std::sqrt(0.625 * 0.375 / pairs));
}

TEST(Watermark, EmbeddingRaisesExactlyTheGreenTokensByTheBiasAndRenormalises) {
  const Watermark watermark(kKey, {.green_fraction = 0.5, .bias = 1.5, .context_tokens = 2});
  const std::vector<TokenId> context = {3, 7};
  constexpr double kNever = -std::numeric_limits<double>::infinity();
  std::vector<double> log_probs = {std::log(0.4), std::log(0.3), std::log(0.2), std::log(0.1), kNever, kNever};
  const std::vector<double> before = log_probs;
  watermark.Embed(context, log_probs);
  double total = 0.0;
  for (std::size_t token = 0; token < 4; ++token) {
    total += std::exp(log_probs[token]);
    // Every finite entry moves by the same normaliser, plus the bias when green.
    const double shift = log_probs[token] - before[token] - (watermark.IsGreen(context, token) ? 1.5 : 0.0);
    EXPECT_NEAR(shift, log_probs[0] - before[0] - (watermark.IsGreen(context, 0) ? 1.5 : 0.0), 1e-12) << token;
  }
  EXPECT_NEAR(total, 1.0, 1e-12);
  EXPECT_EQ(log_probs[4], kNever);
  EXPECT_EQ(log_probs[5], kNever);
  // Before the context is full there is nothing to key the split: the distribution is left as it is.
  std::vector<double> untouched = before;
  watermark.Embed(std::span(context).first(1), untouched);
  EXPECT_EQ(untouched, before);
}

TEST(Watermark, RepeatedPairsAreScoredOnce) {
  const Watermark watermark(kKey, {.context_tokens = 4});
  const Detection detection = watermark.Detect(ByteTokens("abababababababababababab"));
  EXPECT_EQ(detection.tokens, 20u);  // the first 4 tokens have no full context
  EXPECT_EQ(detection.scored, 2u);   // (abab, a) and (baba, b)
  EXPECT_EQ(watermark.Detect(ByteTokens("")).scored, 0u);
  EXPECT_EQ(watermark.Detect(ByteTokens("abcd")).tokens, 0u);
  EXPECT_EQ(watermark.Detect(ByteTokens("abcd")).p_value, 1.0);
  EXPECT_EQ(watermark.Detect(ByteTokens("abcde")).scored, 1u);
}

// Text written by a generator that prefers the key's green tokens is detected, within a stated number of tokens.
TEST(Watermark, TextThatFavoursGreenTokensIsDetectedAndItsTokensToDetectAreFew) {
  const Watermark watermark(kKey, {.green_fraction = 0.25, .bias = 2.0, .context_tokens = 4});
  std::mt19937_64 generator(3);
  std::vector<TokenId> tokens = {'a', 'b', 'c', 'd'};
  // Uniform over 200 tokens, tilted by the watermark: a green token is e^2 times as likely as a red one.
  for (int step = 0; step < 200; ++step) {
    std::vector<double> log_probs(200, -std::log(200.0));
    watermark.Embed(tokens, log_probs);
    std::vector<double> weights;
    for (const double value : log_probs) weights.push_back(std::exp(value));
    tokens.push_back(static_cast<TokenId>(std::discrete_distribution<int>(weights.begin(), weights.end())(generator)));
  }
  const Detection detection = watermark.Detect(tokens);
  // Expected green share e^2 / (e^2 + 3) = 0.71; 200 tokens put p far below 1e-20.
  EXPECT_GT(static_cast<double>(detection.green) / detection.scored, 0.55);
  EXPECT_LT(detection.p_value, 1e-20);
  EXPECT_GT(detection.z, 8.0);
  const std::optional<std::size_t> needed = watermark.TokensToDetect(tokens, 1e-6);
  ASSERT_TRUE(needed.has_value());
  EXPECT_LT(*needed, 80u);
  // Its prefix of that length is the first to reach the rate.
  EXPECT_LE(watermark.Detect(std::span(tokens).first(*needed)).p_value, 1e-6);
  EXPECT_GT(watermark.Detect(std::span(tokens).first(*needed - 1)).p_value, 1e-6);
  // Cut into 12-token answers, each too short to reach 1e-6 alone (8 scored tokens, all green, give 0.25^8 = 1.5e-5),
  // the text is still detected when they are pooled.
  Detector pooled(watermark);
  std::size_t short_answers_detected = 0;
  for (std::size_t begin = 0; begin + 12 <= tokens.size(); begin += 12) {
    const std::span<const TokenId> answer = std::span(tokens).subspan(begin, 12);
    short_answers_detected += watermark.Detect(answer).p_value <= 1e-6;
    pooled.AddText(answer);
  }
  EXPECT_EQ(short_answers_detected, 0u);
  EXPECT_LT(pooled.Result().p_value, 1e-12);
  // Without the key, nothing is detected.
  const Watermark stranger(kKey + "-stranger", {.green_fraction = 0.25, .bias = 2.0, .context_tokens = 4});
  EXPECT_GT(stranger.Detect(tokens).p_value, 1e-3);
}

// Human text is written without the key: none of 2000 fortunes verifies at the false-positive rate the server's red
// team states (1e-6). The p-values are valid over keys: with a key of its own per text, at most 5% of texts reach 5%.
// (Under one key, texts share their common pairs, so their p-values are correlated and one key's share may exceed it.)
TEST(Watermark, HumanTextNeverVerifiesAndItsPValuesAreValid) {
  const std::vector<std::string> texts = leakgate::testing::Fortunes(2000, 64);
  ASSERT_EQ(texts.size(), 2000u);
  const Watermark watermark(kKey, {.green_fraction = 0.25, .bias = 2.0});
  std::size_t verified = 0, below_five_percent = 0;
  double smallest = 1.0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::vector<TokenId> tokens = ByteTokens(texts[i]);
    const Detection detection = watermark.Detect(tokens);
    verified += detection.p_value <= 1e-6;
    smallest = std::min(smallest, detection.p_value);
    const Watermark own_key(kKey + "-" + std::to_string(i), {.green_fraction = 0.25, .bias = 2.0});
    below_five_percent += own_key.Detect(tokens).p_value <= 0.05;
  }
  EXPECT_EQ(verified, 0u) << "smallest p " << smallest;
  // 100 of 2000 at most in expectation (fewer: the test is discrete); 4 standard deviations (39) of margin.
  EXPECT_LE(below_five_percent, 139u);
  // And the test is not vacuous: some human texts do reach 5%.
  EXPECT_GT(below_five_percent, 20u);
}

}  // namespace
}  // namespace leakgate::watermark
