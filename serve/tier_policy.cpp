#include "serve/tier_policy.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <random>

#include "common/digest.h"

namespace leakgate::serve {

std::string TierPolicy::Describe() const {
  std::string text = audit::OutputPolicyName(output);
  if (noise_stddev > 0.0) {
    char noise[32];
    std::snprintf(noise, sizeof noise, ", noise %g", noise_stddev);
    text += noise;
  }
  return text;
}

std::uint64_t KeyedSeed(std::string_view secret, std::string_view purpose, std::string_view key_id,
                        std::string_view text) {
  std::string message(purpose);
  message.push_back('\n');
  message.append(key_id);
  message.push_back('\0');
  message.append(text);
  return std::stoull(common::HmacSha256Hex(secret, message).substr(0, 16), nullptr, 16);
}

std::vector<audit::ClassProbability> ServeAnswer(const TierPolicy& policy,
                                                 std::span<const audit::ClassProbability> full_answer,
                                                 std::string_view secret, std::string_view key_id,
                                                 std::string_view text) {
  std::vector<audit::ClassProbability> answer(full_answer.begin(), full_answer.end());
  if (policy.noise_stddev > 0.0 && !answer.empty()) {
    std::mt19937_64 generator(KeyedSeed(secret, "output-noise", key_id, text));
    std::normal_distribution<double> noise(0.0, policy.noise_stddev);
    double total = 0.0;
    for (audit::ClassProbability& entry : answer) {
      entry.probability = std::max(0.0, entry.probability + noise(generator));
      total += entry.probability;
    }
    for (audit::ClassProbability& entry : answer) {
      entry.probability = total > 0.0 ? entry.probability / total : 1.0 / static_cast<double>(answer.size());
    }
    std::stable_sort(answer.begin(), answer.end(),
                     [](const audit::ClassProbability& a, const audit::ClassProbability& b) {
                       return a.probability > b.probability;
                     });
  }
  return audit::RevealAnswer(policy.output, answer);
}

bool IsTierName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

}  // namespace leakgate::serve
