#include "serve/completion.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>

#include "common/errors.h"

namespace leakgate::serve {
namespace {

double Rounded(double value, int decimals) {
  if (decimals < 0) return value;
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

// The k most probable tokens of one step's distribution (finite log-probabilities only), rounded, most probable first,
// the lower id first on a tie. Rounding comes first, so that the order of tokens that round alike reveals nothing
// finer.
std::vector<TokenLogProb> TopTokens(const std::vector<double>& log_probs, std::size_t k, int decimals) {
  std::vector<TokenLogProb> entries;
  for (std::size_t token = 0; token < log_probs.size(); ++token) {
    if (std::isfinite(log_probs[token]))
      entries.push_back({static_cast<audit::TokenId>(token), Rounded(log_probs[token], decimals)});
  }
  const auto more_probable = [](const TokenLogProb& a, const TokenLogProb& b) {
    return a.log_prob != b.log_prob ? a.log_prob > b.log_prob : a.token < b.token;
  };
  k = std::min(k, entries.size());
  std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(k), entries.end(), more_probable);
  entries.resize(k);
  return entries;
}

audit::TokenId Draw(const std::vector<double>& log_probs, double temperature, std::mt19937_64& generator) {
  double best = -std::numeric_limits<double>::infinity();
  std::size_t best_token = 0;
  for (std::size_t token = 0; token < log_probs.size(); ++token) {
    if (log_probs[token] > best) {
      best = log_probs[token];
      best_token = token;
    }
  }
  if (!std::isfinite(best))
    throw common::InternalError("completion: the model gave no token a finite log-probability");
  if (temperature <= 0.0) return static_cast<audit::TokenId>(best_token);
  // Weights relative to the most probable token, so that a low temperature cannot overflow exp.
  std::vector<double> weights(log_probs.size());
  for (std::size_t token = 0; token < log_probs.size(); ++token) {
    weights[token] = std::isfinite(log_probs[token]) ? std::exp((log_probs[token] - best) / temperature) : 0.0;
  }
  std::discrete_distribution<std::size_t> draw(weights.begin(), weights.end());
  return static_cast<audit::TokenId>(draw(generator));
}

}  // namespace

std::string CompletionPolicy::Describe() const {
  std::string text = watermark ? "watermarked text" : "text";
  if (top_logprobs > 0) {
    text += " + top " + std::to_string(top_logprobs) + " log-probabilities";
    if (logprob_decimals >= 0) text += " to " + std::to_string(logprob_decimals) + " decimals";
  }
  return text + ", up to " + std::to_string(max_tokens) + " tokens";
}

Completion Complete(audit::LanguageModel& model, const CompletionRequest& request, const CompletionPolicy& policy,
                    std::uint64_t seed, const watermark::Watermark* watermark) {
  if (policy.watermark && watermark == nullptr)
    throw common::InternalError("completion: the tier watermarks its completions but no watermark was given");
  if (request.max_tokens > policy.max_tokens)
    throw common::InputError("max_tokens " + std::to_string(request.max_tokens) + ": this tier generates at most " +
                             std::to_string(policy.max_tokens) + " tokens");
  if (request.top_logprobs > policy.top_logprobs)
    throw common::InputError("logprobs " + std::to_string(request.top_logprobs) + ": this tier returns at most " +
                             std::to_string(policy.top_logprobs) + " log-probabilities per token");
  if (!(request.temperature >= 0.0 && std::isfinite(request.temperature)))
    throw common::InputError("temperature must be a finite number >= 0");
  // The model reads the begin-of-sequence token and the prompt, and needs one more place for each token it predicts.
  if (request.prompt.size() + 1 > model.context_length())
    throw common::InputError("the prompt has " + std::to_string(request.prompt.size()) + " tokens; the model's " +
                             std::to_string(model.context_length()) + "-token context holds at most " +
                             std::to_string(model.context_length() - 1));
  Completion completion;
  std::mt19937_64 generator(seed);
  std::vector<audit::TokenId> context = request.prompt;
  while (completion.tokens.size() < request.max_tokens && context.size() + 1 <= model.context_length()) {
    std::vector<std::vector<double>> next = model.NextTokenLogProbs(std::span(&context, 1));
    if (policy.watermark) watermark->Embed(context, next[0]);
    const audit::TokenId token = Draw(next[0], request.temperature, generator);
    if (request.top_logprobs > 0)
      completion.top_logprobs.push_back(TopTokens(next[0], request.top_logprobs, policy.logprob_decimals));
    if (token == model.end_token()) {
      completion.ended = true;
      break;
    }
    completion.tokens.push_back(token);
    context.push_back(token);
  }
  return completion;
}

}  // namespace leakgate::serve
