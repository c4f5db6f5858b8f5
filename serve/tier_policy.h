// What one tier of `leakgate serve` returns for a query: the cloning audit's output policy (probabilities, top k,
// rounded, label only), optionally after keyed Gaussian noise on the probabilities. The noise is a function of the
// server's secret, the caller's key and the text, so asking the same question again returns the same answer and
// averaging repeats cannot remove it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "audit/attacks/cloning.h"

namespace leakgate::serve {

struct TierPolicy {
  audit::OutputPolicy output;
  double noise_stddev = 0.0;  // standard deviation added to each probability before the output policy; 0: none

  // "label", "top3", "rounded2", "probabilities" with ", noise 0.05" when noised.
  std::string Describe() const;
};

// The first 64 bits of HMAC-SHA256(secret, purpose, key id, text): fixed per question and caller, and not computable
// by a caller who lacks the secret. Seeds the output noise and sampled completions.
std::uint64_t KeyedSeed(std::string_view secret, std::string_view purpose, std::string_view key_id,
                        std::string_view text);

// The answer a caller with key `key_id` receives for `text`: `full_answer` (every class, most probable first) noised
// under `secret` if the tier says so (clipped at 0, renormalised, re-sorted), then revealed by the output policy.
std::vector<audit::ClassProbability> ServeAnswer(const TierPolicy& policy,
                                                 std::span<const audit::ClassProbability> full_answer,
                                                 std::string_view secret, std::string_view key_id,
                                                 std::string_view text);

// A tier's name is letters, digits, '-' and '_': it names the red team's result file, redteam/redteam-<name>.json.
bool IsTierName(std::string_view name);

}  // namespace leakgate::serve
