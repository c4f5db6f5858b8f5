// Completions as `leakgate serve` generates them: greedy continuations equal the model's own, sampling is seeded and
// follows the distribution, the log-probabilities revealed are the top k of the model's, rounded, and requests beyond
// the tier's policy or the model's context are refused.
#include "serve/completion.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/errors.h"
#include "tests/audit_attacks/fake_models.h"
#include "tests/support/fortunes.h"

namespace leakgate::serve {
namespace {

using audit::TokenId;
using audit::testing::NgramModel;

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

// The same next-token distribution after every prefix: p(0) = 0.5, p(1) = 0.3, p(2) = 0.2; token 3 (the end) and
// token 4 are never drawn. A context of `context` tokens.
class FixedModel : public NgramModel {
 public:
  explicit FixedModel(std::size_t context) : NgramModel({}, 0), context_(context) {}
  std::size_t context_length() const override { return context_; }
  std::vector<std::vector<double>> NextTokenLogProbs(std::span<const std::vector<TokenId>> prefixes) override {
    return std::vector<std::vector<double>>(
        prefixes.size(), {std::log(0.5), std::log(0.3), std::log(0.2), kMinusInfinity, kMinusInfinity});
  }
  std::size_t vocab_size() const override { return 5; }
  TokenId end_token() const override { return 3; }

 private:
  std::size_t context_;
};

CompletionPolicy Policy(std::size_t top_logprobs, int decimals) {
  CompletionPolicy policy;
  policy.max_tokens = 64;
  policy.top_logprobs = top_logprobs;
  policy.logprob_decimals = decimals;
  return policy;
}

TEST(Completion, GreedyCompletionsAreTheModelsOwnContinuations) {
  NgramModel model({"the patient was seen on monday.", "the patient called about a refill."}, 4);
  for (const std::string prompt : {"the pat", "the patient c", "zzz"}) {
    CompletionRequest request;
    request.prompt = model.Encode(prompt);
    request.max_tokens = 40;
    const Completion completion = Complete(model, request, Policy(0, -1), 1);
    const std::vector<std::vector<TokenId>> prefixes = {request.prompt};
    EXPECT_EQ(completion.tokens, model.GreedyContinuations(prefixes, 40)[0]) << prompt;
    EXPECT_TRUE(completion.top_logprobs.empty());
  }
  CompletionRequest memorised;
  memorised.prompt = model.Encode("the patient called about a re");
  memorised.max_tokens = 40;
  const Completion ended = Complete(model, memorised, Policy(0, -1), 1);
  EXPECT_EQ(model.Decode(ended.tokens), "fill.");
  EXPECT_TRUE(ended.ended) << "the model drew its end-of-sequence token";
}

TEST(Completion, RevealsOnlyTheTopLogProbabilitiesRounded) {
  NgramModel model({"abcabcabd"}, 3);
  CompletionRequest request;
  request.prompt = model.Encode("ab");
  request.max_tokens = 3;
  request.top_logprobs = 4;
  const Completion completion = Complete(model, request, Policy(5, 2), 1);
  ASSERT_EQ(completion.top_logprobs.size(), 3u);
  std::vector<TokenId> context = request.prompt;
  for (std::size_t step = 0; step < 3; ++step) {
    const std::vector<double> full = model.NextTokenLogProbs(std::span(&context, 1))[0];
    std::vector<double> sorted = full;
    std::sort(sorted.rbegin(), sorted.rend());
    const std::vector<TokenLogProb>& top = completion.top_logprobs[step];
    ASSERT_EQ(top.size(), 4u);
    for (std::size_t i = 0; i < top.size(); ++i) {
      EXPECT_NEAR(top[i].log_prob, sorted[i], 0.005 + 1e-12) << "step " << step << " rank " << i;
      EXPECT_NEAR(top[i].log_prob, std::round(full[top[i].token] * 100.0) / 100.0, 1e-12);
      EXPECT_DOUBLE_EQ(top[i].log_prob * 100.0, std::round(top[i].log_prob * 100.0)) << "two decimals";
    }
    EXPECT_EQ(top[0].token, completion.tokens[step]) << "greedy draws the most probable token";
    context.push_back(completion.tokens[step]);
  }
}

TEST(Completion, RefusesWhatTheTierDoesNotAllow) {
  NgramModel model({"abc"}, 2);
  CompletionRequest request;
  request.prompt = model.Encode("a");
  request.top_logprobs = 1;
  EXPECT_THROW(Complete(model, request, Policy(0, -1), 1), common::InputError) << "text-only tier";
  request.top_logprobs = 0;
  request.max_tokens = 65;
  EXPECT_THROW(Complete(model, request, Policy(0, -1), 1), common::InputError) << "above max_tokens";
  request.max_tokens = 4;
  request.temperature = std::nan("");
  EXPECT_THROW(Complete(model, request, Policy(0, -1), 1), common::InputError);
}

TEST(Completion, StopsWhereTheContextIsFull) {
  FixedModel model(8);
  CompletionRequest request;
  request.prompt = {0, 1, 2};
  request.max_tokens = 64;
  const Completion completion = Complete(model, request, Policy(0, -1), 1);
  EXPECT_EQ(completion.tokens.size(), 5u) << "begin, 3 prompt and 4 generated tokens fill 8 places; they give a 5th";
  EXPECT_FALSE(completion.ended);
  request.prompt.assign(7, 0);
  EXPECT_EQ(Complete(model, request, Policy(0, -1), 1).tokens.size(), 1u);
  request.prompt.assign(8, 0);
  EXPECT_THROW(Complete(model, request, Policy(0, -1), 1), common::InputError) << "no room after the prompt";
}

TEST(Completion, SamplingIsSeededAndFollowsTheDistribution) {
  FixedModel model(1024);
  CompletionRequest request;
  request.max_tokens = 20;
  request.temperature = 1.0;
  const Completion first = Complete(model, request, Policy(0, -1), 7);
  EXPECT_EQ(first.tokens, Complete(model, request, Policy(0, -1), 7).tokens) << "the same seed, the same text";
  EXPECT_NE(first.tokens, Complete(model, request, Policy(0, -1), 8).tokens);

  request.max_tokens = 1;
  constexpr int kDraws = 6000;
  int counts[3] = {0, 0, 0};
  for (int seed = 0; seed < kDraws; ++seed) {
    const Completion one = Complete(model, request, Policy(0, -1), static_cast<std::uint64_t>(seed));
    ASSERT_EQ(one.tokens.size(), 1u);
    ASSERT_LT(one.tokens[0], 3) << "tokens of probability 0 are never drawn";
    ++counts[one.tokens[0]];
  }
  const double expected[3] = {0.5, 0.3, 0.2};
  for (int token = 0; token < 3; ++token) {
    const double share = counts[token] / static_cast<double>(kDraws);
    const double sigma = std::sqrt(expected[token] * (1.0 - expected[token]) / kDraws);
    EXPECT_NEAR(share, expected[token], 5.0 * sigma) << "token " << token;
  }
  // At a low temperature, sampling concentrates on the most probable token: p(1)/p(0) = 0.6^(1/0.05) < 1e-4.
  request.temperature = 0.05;
  request.max_tokens = 50;
  for (TokenId token : Complete(model, request, Policy(0, -1), 3).tokens) EXPECT_EQ(token, 0);
}


// Tokens whose log-probabilities round alike are ordered by id: their order reveals nothing finer than the rounding.
TEST(Completion, TokensThatRoundAlikeAreOrderedById) {
  class Swapped : public FixedModel {
   public:
    Swapped() : FixedModel(64) {}
    std::vector<std::vector<double>> NextTokenLogProbs(std::span<const std::vector<TokenId>> prefixes) override {
      return std::vector<std::vector<double>>(
          prefixes.size(), {std::log(0.3), std::log(0.5), std::log(0.2), kMinusInfinity, kMinusInfinity});
    }
  } model;
  CompletionRequest request;
  request.prompt = {0};
  request.max_tokens = 1;
  request.top_logprobs = 3;
  const Completion completion = Complete(model, request, Policy(3, 0), 1);
  ASSERT_EQ(completion.top_logprobs[0].size(), 3u);
  // log 0.5 and log 0.3 both round to -1: token 0 first, though token 1 is the more probable.
  EXPECT_EQ(completion.top_logprobs[0][0].token, 0);
  EXPECT_EQ(completion.top_logprobs[0][1].token, 1);
  EXPECT_EQ(completion.top_logprobs[0][0].log_prob, -1.0);
  EXPECT_EQ(completion.top_logprobs[0][2].log_prob, -2.0);
}

TEST(Completion, AModelWithNoFiniteLogProbabilityIsAnInternalError) {
  class Broken : public FixedModel {
   public:
    Broken() : FixedModel(64) {}
    std::vector<std::vector<double>> NextTokenLogProbs(std::span<const std::vector<TokenId>> prefixes) override {
      return std::vector<std::vector<double>>(prefixes.size(), std::vector<double>(5, kMinusInfinity));
    }
  } model;
  CompletionRequest request;
  request.prompt = {0};
  EXPECT_THROW(Complete(model, request, Policy(0, -1), 1), common::InternalError);
  request.temperature = 1.0;
  EXPECT_THROW(Complete(model, request, Policy(0, -1), 1), common::InternalError);
}

TEST(Completion, AWatermarkingPolicyNeedsTheWatermark) {
  FixedModel model(64);
  CompletionPolicy policy = Policy(0, -1);
  policy.watermark = true;
  CompletionRequest request;
  request.prompt = {0, 1};
  EXPECT_THROW(Complete(model, request, policy, 1), common::InternalError);
  EXPECT_EQ(policy.Describe(), "watermarked text, up to 64 tokens");
}

// The log-probabilities a watermarking tier reveals are those of the distribution it draws from: the model's, with
// the green tokens after the token before raised by the bias.
TEST(Completion, RevealedLogProbabilitiesAreTheWatermarkedOnes) {
  FixedModel model(64);
  const watermark::Watermark mark("0123456789abcdef0123456789abcdef-test-key",
                                  {.green_fraction = 0.5, .bias = 3.0, .context_tokens = 1});
  CompletionPolicy policy = Policy(3, -1);
  policy.watermark = true;
  CompletionRequest request;
  request.prompt = {2};
  request.max_tokens = 1;
  request.top_logprobs = 3;
  const Completion completion = Complete(model, request, policy, 1, &mark);
  std::vector<double> expected = {std::log(0.5), std::log(0.3), std::log(0.2), kMinusInfinity, kMinusInfinity};
  mark.Embed(request.prompt, expected);
  ASSERT_EQ(completion.top_logprobs.size(), 1u);
  for (const TokenLogProb& entry : completion.top_logprobs[0]) {
    EXPECT_NEAR(entry.log_prob, expected[entry.token], 1e-12) << entry.token;
  }
  // Greedy decoding draws the most probable token of the watermarked distribution.
  const auto most_probable = std::max_element(expected.begin(), expected.end()) - expected.begin();
  ASSERT_EQ(completion.tokens.size(), 1u);
  EXPECT_EQ(completion.tokens[0], most_probable);
}

// A thousand completions sampled from a model without the watermark never verify at 1e-6; the same prompts completed
// under the watermark often do, from one completion alone.
TEST(Completion, WatermarkedCompletionsVerifyAndUnwatermarkedOnesNever) {
  const std::vector<std::string> fortunes = leakgate::testing::Fortunes(1400, 32);
  ASSERT_EQ(fortunes.size(), 1400u);
  audit::testing::MemoisedNgramModel model(std::vector<std::string>(fortunes.begin(), fortunes.begin() + 400), 3);
  const watermark::Watermark mark("0123456789abcdef0123456789abcdef-test-key",
                                  {.green_fraction = 0.25, .bias = 2.0, .context_tokens = 4});
  CompletionPolicy plain = Policy(0, -1), marked = Policy(0, -1);
  plain.max_tokens = marked.max_tokens = 256;
  marked.watermark = true;
  std::size_t plain_verified = 0, marked_verified = 0, marked_scored = 0, marked_green = 0;
  double smallest_plain_p = 1.0;
  for (std::size_t i = 400; i < fortunes.size(); ++i) {
    CompletionRequest request;
    request.prompt = model.Encode(fortunes[i].substr(0, 12));
    request.max_tokens = 256;
    request.temperature = 1.0;
    const Completion without = Complete(model, request, plain, i);
    const Completion with = Complete(model, request, marked, i, &mark);
    const double plain_p = mark.Detect(watermark::ByteTokens(model.Decode(without.tokens))).p_value;
    smallest_plain_p = std::min(smallest_plain_p, plain_p);
    plain_verified += plain_p <= 1e-6;
    const watermark::Detection detection = mark.Detect(watermark::ByteTokens(model.Decode(with.tokens)));
    marked_verified += detection.p_value <= 1e-6;
    marked_scored += detection.scored;
    marked_green += detection.green;
  }
  EXPECT_EQ(plain_verified, 0u) << "smallest p " << smallest_plain_p;
  // This model's byte-level completions are short (128 tokens on average) and of low entropy (a 3-gram of 400 texts),
  // so one in two reaches 1e-6 alone (measured: 554 of 1000, green share 0.48 against 0.25).
  EXPECT_GE(marked_verified, 400u);
  EXPECT_GT(static_cast<double>(marked_green) / static_cast<double>(marked_scored), 0.4);
}

}  // namespace
}  // namespace leakgate::serve
