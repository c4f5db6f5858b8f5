// What `leakgate serve` answers a language model's caller: a continuation of the prompt (greedy, or sampled with a
// seed the caller cannot choose) and, only where the caller's tier allows, the most probable next tokens at each
// step with their log-probabilities, capped and rounded. Full log-probabilities reveal the model's last layer
// (Carlini et al. 2024), so the default tier returns text alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "audit/model.h"
#include "watermark/watermark.h"

namespace leakgate::serve {

// What a completion caller of one tier may receive.
struct CompletionPolicy {
  std::size_t max_tokens = 256;  // tokens one completion may generate
  std::size_t top_logprobs = 0;  // most next-token log-probabilities per generated token; 0: text only
  int logprob_decimals = -1;     // those log-probabilities rounded to this many decimals; -1: not rounded
  bool watermark = false;        // generated tokens carry the server's green-list watermark

  // "text, up to 256 tokens" or "watermarked text + top 5 log-probabilities to 2 decimals, up to 256 tokens".
  std::string Describe() const;
};

struct CompletionRequest {
  std::vector<audit::TokenId> prompt;
  std::size_t max_tokens = 16;
  double temperature = 0.0;      // 0: the most probable token at each step (the lowest id on a tie)
  std::size_t top_logprobs = 0;  // at most the policy's
};

struct TokenLogProb {
  audit::TokenId token = 0;
  double log_prob = 0.0;
};

struct Completion {
  std::vector<audit::TokenId> tokens;  // generated, end-of-sequence excluded
  bool ended = false;                  // the model drew end-of-sequence (else max_tokens or the context ran out)
  // Per step (the one that drew end-of-sequence included), the request's top_logprobs most probable tokens, most
  // probable first, rounded as the policy says; empty when none were asked for.
  std::vector<std::vector<TokenLogProb>> top_logprobs;
};

// Continues request.prompt with `model`: each step reads the whole next-token distribution, embeds `watermark` in it
// when the policy watermarks (once the prompt and the tokens drawn hold the watermark's context), draws the most
// probable token (temperature 0) or one from softmax(log p / temperature) with a generator seeded by `seed`, and stops
// at end-of-sequence, max_tokens or a full context. The log-probabilities returned are the watermarked distribution's
// at temperature 1, whatever the temperature drawn at. Throws common::InputError when the request exceeds the policy
// or the prompt leaves no room in the context, common::InternalError when the policy watermarks and `watermark` is
// null or the model gives no token a finite log-probability.
Completion Complete(audit::LanguageModel& model, const CompletionRequest& request, const CompletionPolicy& policy,
                    std::uint64_t seed, const watermark::Watermark* watermark = nullptr);

}  // namespace leakgate::serve
