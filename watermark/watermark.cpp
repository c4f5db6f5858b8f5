#include "watermark/watermark.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "common/digest.h"
#include "common/errors.h"

namespace leakgate::watermark {
namespace {

// A bijective 64-bit mixer (the SplitMix64 finaliser): nearby inputs give unrelated outputs.
std::uint64_t Mix(std::uint64_t value) {
  value += 0x9E3779B97F4A7C15ull;
  value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ull;
  value = (value ^ (value >> 27)) * 0x94D049BB133111EBull;
  return value ^ (value >> 31);
}

double LogBinomialProbability(std::size_t trials, std::size_t successes, double log_p, double log_q) {
  const double n = static_cast<double>(trials);
  const double k = static_cast<double>(successes);
  return std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) + k * log_p + (n - k) * log_q;
}

}  // namespace

double BinomialUpperTail(std::size_t trials, std::size_t successes, double probability) {
  if (successes == 0) return 1.0;
  if (successes > trials) return 0.0;
  const double log_p = std::log(probability);
  const double log_q = std::log1p(-probability);
  // Terms fall geometrically past the mode, so the sum is taken relative to its largest term.
  double largest = -std::numeric_limits<double>::infinity();
  for (std::size_t k = successes; k <= trials; ++k)
    largest = std::max(largest, LogBinomialProbability(trials, k, log_p, log_q));
  double sum = 0.0;
  for (std::size_t k = successes; k <= trials; ++k)
    sum += std::exp(LogBinomialProbability(trials, k, log_p, log_q) - largest);
  return std::min(1.0, std::exp(largest + std::log(sum)));
}

Watermark::Watermark(std::string key, WatermarkParameters parameters)
    : key_(std::move(key)), parameters_(parameters) {
  if (key_.size() < kMinKeyChars)
    throw common::ConfigError("watermark: the key must have at least " + std::to_string(kMinKeyChars) +
                              " characters (generate one with: openssl rand -hex 32)");
  if (!(parameters_.green_fraction > 0.0 && parameters_.green_fraction < 1.0))
    throw common::ConfigError("watermark: green_fraction must lie in (0, 1)");
  if (!(parameters_.bias >= 0.0 && std::isfinite(parameters_.bias)))
    throw common::ConfigError("watermark: bias must be a finite number >= 0");
  if (parameters_.context_tokens < 1 || parameters_.context_tokens > 16)
    throw common::ConfigError("watermark: context_tokens must lie in 1..16");
  green_below_ = static_cast<std::uint64_t>(std::ldexp(parameters_.green_fraction, 64));
}

std::uint64_t Watermark::SplitSeed(std::span<const TokenId> before) const {
  if (before.size() < parameters_.context_tokens)
    throw common::InternalError("watermark: a split needs " + std::to_string(parameters_.context_tokens) +
                                " tokens of context, not " + std::to_string(before.size()));
  std::string message = "leakgate-watermark-v1";
  for (const TokenId token : before.last(parameters_.context_tokens)) message += " " + std::to_string(token);
  return std::stoull(common::HmacSha256Hex(key_, message).substr(0, 16), nullptr, 16);
}

bool Watermark::IsGreenUnder(std::uint64_t seed, TokenId token) const {
  return Mix(seed ^ Mix(static_cast<std::uint64_t>(static_cast<std::uint32_t>(token)))) < green_below_;
}

bool Watermark::IsGreen(std::span<const TokenId> before, TokenId token) const {
  return IsGreenUnder(SplitSeed(before), token);
}

void Watermark::Embed(std::span<const TokenId> before, std::span<double> log_probs) const {
  if (before.size() < parameters_.context_tokens) return;
  const std::uint64_t seed = SplitSeed(before);
  double largest = -std::numeric_limits<double>::infinity();
  for (std::size_t token = 0; token < log_probs.size(); ++token) {
    if (!std::isfinite(log_probs[token])) continue;
    if (IsGreenUnder(seed, static_cast<TokenId>(token))) log_probs[token] += parameters_.bias;
    largest = std::max(largest, log_probs[token]);
  }
  if (!std::isfinite(largest)) return;
  double total = 0.0;
  for (const double value : log_probs) {
    if (std::isfinite(value)) total += std::exp(value - largest);
  }
  const double log_total = largest + std::log(total);
  for (double& value : log_probs) {
    if (std::isfinite(value)) value -= log_total;
  }
}

void Detector::AddToken(std::span<const TokenId> text, std::size_t i) {
  const std::size_t context = watermark_.parameters().context_tokens;
  if (i < context) return;
  ++counts_.tokens;
  const auto first = text.begin() + static_cast<std::ptrdiff_t>(i - context);
  if (!seen_.emplace(first, text.begin() + static_cast<std::ptrdiff_t>(i + 1)).second) return;
  ++counts_.scored;
  if (watermark_.IsGreen(text.first(i), text[i])) ++counts_.green;
}

void Detector::AddText(std::span<const TokenId> text) {
  for (std::size_t i = 0; i < text.size(); ++i) AddToken(text, i);
}

Detection Detector::Result() const {
  Detection result = counts_;
  if (result.scored == 0) return result;
  const double gamma = watermark_.parameters().green_fraction;
  const double scored = static_cast<double>(result.scored);
  result.z = (static_cast<double>(result.green) - gamma * scored) / std::sqrt(scored * gamma * (1.0 - gamma));
  result.p_value = BinomialUpperTail(result.scored, result.green, gamma);
  return result;
}

Detection Watermark::Detect(std::span<const TokenId> tokens) const {
  Detector detector(*this);
  detector.AddText(tokens);
  return detector.Result();
}

std::optional<std::size_t> Watermark::TokensToDetect(std::span<const TokenId> tokens,
                                                     double false_positive_rate) const {
  Detector detector(*this);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    detector.AddToken(tokens, i);
    if (detector.Result().p_value <= false_positive_rate) return i + 1;
  }
  return std::nullopt;
}

std::vector<TokenId> ByteTokens(std::string_view text) {
  std::vector<TokenId> tokens;
  tokens.reserve(text.size());
  for (const char byte : text) tokens.push_back(static_cast<TokenId>(static_cast<unsigned char>(byte)));
  return tokens;
}

}  // namespace leakgate::watermark
