// A keyed green-list watermark on generated tokens (Kirchenbauer et al. 2023): the key splits the vocabulary, after
// each run of `context_tokens` tokens, into a green share and the rest; generation adds a bias to the green tokens'
// logits, and anyone with the key counts green tokens in a text and tests whether there are more than chance allows.
// Without the key the split is unpredictable, so text written without it is green at the base rate whatever its
// content.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leakgate::watermark {

using TokenId = std::int32_t;

struct WatermarkParameters {
  double green_fraction = 0.25;  // share of the vocabulary green after any token (gamma)
  double bias = 2.0;             // added to the green tokens' logits when generating (delta)
  // Tokens before a token that key its split (h). With one, a student distilled from the marked text learns the
  // split and carries the mark (Gu et al. 2024); with more, each (context, token) pair is rarer and the student does
  // not learn it, though more distinct pairs are scored per text (a repeated pair is scored once).
  std::size_t context_tokens = 1;
};

// One text tested for the watermark. Each token is read with the context_tokens tokens before it; a (context, token)
// pair that occurs again is counted once, so that a repetitive text cannot pile up green tokens from one lucky pair.
struct Detection {
  std::size_t tokens = 0;  // tokens with a full context before them (all but the first context_tokens)
  std::size_t scored = 0;  // distinct (context, token) pairs among them
  std::size_t green = 0;   // of those, green under the key
  double z = 0.0;          // (green - gamma scored) / sqrt(scored gamma (1 - gamma)); 0 when nothing is scored
  // P(at least `green` of `scored` pairs are green) for a text written without the key: the exact binomial tail (the
  // normal tail of z understates it on short texts). The text carries the watermark when this is at most the
  // false-positive rate the caller accepts.
  double p_value = 1.0;
};

// P(X >= successes) for X ~ Binomial(trials, probability), accurate far into the tail.
double BinomialUpperTail(std::size_t trials, std::size_t successes, double probability);

class Watermark {
 public:
  static constexpr std::size_t kMinKeyChars = 32;

  // Throws common::ConfigError when the key is shorter than kMinKeyChars or a parameter is out of range
  // (green_fraction in (0, 1), bias >= 0, context_tokens in 1..16).
  Watermark(std::string key, WatermarkParameters parameters);

  const WatermarkParameters& parameters() const { return parameters_; }

  // Whether `token` is green after the context (the last context_tokens tokens of `before`, which must hold that
  // many): a keyed pseudo-random draw with probability green_fraction, independent across distinct pairs.
  bool IsGreen(std::span<const TokenId> before, TokenId token) const;
  // Adds the bias to the log-probability of each green token after `before` and renormalises; -infinity stays.
  // log_probs[i] belongs to token id i. Does nothing when `before` is shorter than the context.
  void Embed(std::span<const TokenId> before, std::span<double> log_probs) const;
  Detection Detect(std::span<const TokenId> tokens) const;
  // The fewest leading tokens of `tokens` whose Detection has p_value <= false_positive_rate; nullopt when even the
  // whole text does not reach it.
  std::optional<std::size_t> TokensToDetect(std::span<const TokenId> tokens, double false_positive_rate) const;

 private:
  // The 64-bit seed of the split after the context ending `before`: HMAC-SHA256 under the key, so it cannot be
  // computed without it.
  std::uint64_t SplitSeed(std::span<const TokenId> before) const;
  bool IsGreenUnder(std::uint64_t seed, TokenId token) const;

  std::string key_;
  WatermarkParameters parameters_;
  std::uint64_t green_below_;  // a mixed (seed, token) below this is green
};

// Counts the distinct (context, token) pairs of one text, or of many pooled (a clone's many short answers), and their
// green ones.
class Detector {
 public:
  explicit Detector(const Watermark& watermark) : watermark_(watermark) {}
  // Scores text[i] after the context_tokens tokens before it (nothing when it has fewer before it).
  void AddToken(std::span<const TokenId> text, std::size_t i);
  void AddText(std::span<const TokenId> text);
  Detection Result() const;

 private:
  const Watermark& watermark_;
  std::set<std::vector<TokenId>> seen_;
  Detection counts_;
};

// The tokens leakgate's byte-level language model reads for a text: its bytes.
std::vector<TokenId> ByteTokens(std::string_view text);

}  // namespace leakgate::watermark
