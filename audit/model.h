// What the audits may ask of a trained model: losses, per-token log-probabilities, continuations and class
// probabilities. Plain std types only, so an attack can equally run against a model served elsewhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leakgate::audit {

using TokenId = int32_t;

// One token of a text against the model's own next-token distribution at its place: log p(token), and the mean and
// variance of log p(z) for z drawn from that distribution (what Min-K%++ standardises each token's log p by).
struct CalibratedLogProb {
  double log_prob = 0.0;
  double mean = 0.0;
  double variance = 0.0;
};

// A causal language model over tokens. Texts are encoded without special tokens; the model itself adds the
// begin-of-sequence token before and the end-of-sequence token after a text. Losses and token log-probabilities cover
// the whole text (read in windows of context_length() tokens); a prefix to continue must fit one context.
class LanguageModel {
 public:
  virtual ~LanguageModel() = default;

  virtual std::vector<TokenId> Encode(std::string_view text) const = 0;
  // Special tokens are dropped.
  virtual std::string Decode(std::span<const TokenId> tokens) const = 0;
  virtual std::size_t context_length() const = 0;

  // Mean next-token negative log-likelihood in nats per token (the end-of-sequence token included): the loss the
  // model was trained on, one value per text.
  virtual std::vector<double> ExampleLosses(std::span<const std::string> texts) = 0;
  // log p(token_t | begin, tokens before t) for each token of each text, end-of-sequence excluded; one vector per
  // text with one entry per token of Encode(text).
  virtual std::vector<std::vector<double>> TokenLogProbs(std::span<const std::string> texts) = 0;
  // The same tokens, each with the mean and variance of log p over the model's whole next-token distribution.
  virtual std::vector<std::vector<CalibratedLogProb>> CalibratedTokenLogProbs(std::span<const std::string> texts) = 0;
  // Sum of log p over the tokens of each continuation given the prefix (no end-of-sequence): the score that ranks
  // candidate secrets for canary exposure.
  virtual std::vector<double> ContinuationLogLikelihoods(const std::string& prefix,
                                                         std::span<const std::string> continuations) = 0;
  // For each prefix, up to max_new_tokens tokens chosen greedily (argmax), stopping early at end-of-sequence (which
  // is not returned).
  virtual std::vector<std::vector<TokenId>> GreedyContinuations(std::span<const std::vector<TokenId>> prefixes,
                                                                std::size_t max_new_tokens) = 0;
  // The same with tokens sampled from softmax(logits / temperature); the same seed gives the same samples.
  virtual std::vector<std::vector<TokenId>> SampledContinuations(std::span<const std::vector<TokenId>> prefixes,
                                                                 std::size_t max_new_tokens, double temperature,
                                                                 uint64_t seed) = 0;
  // The whole next-token distribution after each prefix (begin-of-sequence before it), as continuations draw from
  // it: log p for every token id below vocab_size(), -infinity for ids never drawn next (begin-of-sequence, padding).
  // Each prefix must leave room for one more token in the context. What a served log-probability API reveals.
  virtual std::vector<std::vector<double>> NextTokenLogProbs(std::span<const std::vector<TokenId>> prefixes) = 0;
  virtual std::size_t vocab_size() const = 0;
  // The end-of-sequence id: a continuation that draws it is finished.
  virtual TokenId end_token() const = 0;
};

struct ClassProbability {
  std::string label;
  double probability = 0.0;
};

// A text classifier: the k most probable classes of each text, most probable first.
class Classifier {
 public:
  virtual ~Classifier() = default;
  virtual std::vector<std::vector<ClassProbability>> TopKClasses(std::span<const std::string> texts,
                                                                 std::size_t k) = 0;
};

}  // namespace leakgate::audit
