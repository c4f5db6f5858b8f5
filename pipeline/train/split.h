// The split stage: a seeded partition of the clean corpus into training members, audit non-members and a
// validation slice, plus synthetic canary secrets (some inserted, repeated, into training; the rest never inserted).
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/errors.h"

#include "pipeline/config.h"

namespace leakgate::pipeline {

// A synthetic secret: text = prefix + secret, the secret drawn uniformly from kCanarySecretFormat.
struct Canary {
  std::string id;
  std::string prefix;  // "the access code of <first> <last> is "
  std::string secret;  // ddd-dd-dddd
  int repeats = 0;     // copies in the training set when inserted
  bool inserted = false;
  std::string label;   // classifier task: a class drawn uniformly, whatever the text says; empty for a language model
  std::string text() const { return prefix + secret; }
  bool operator==(const Canary&) const = default;
};

// The space canary secrets are drawn from: 9 uniform decimal digits written ddd-dd-dddd (10^9 secrets).
inline constexpr const char* kCanarySecretFormat = "ddd-dd-dddd";
inline constexpr double kCanarySecretSpaceSize = 1e9;
// The secret for index `index` in [0, 10^9) of the space, in kCanarySecretFormat.
std::string CanarySecret(uint64_t index);

struct Split {
  std::vector<std::string> members;     // trained on
  std::vector<std::string> nonmembers;  // held out for the audits
  std::vector<std::string> validation;  // held out for the validation loss
  std::vector<Canary> canaries;
};

// Each id's role depends only on (seed, id), so adding records does not move the others between roles; with
// `users` (the person of each record, for person-level privacy) a role depends on (seed, user), so all records of a
// person take one role. Canaries: `count` per entry of `repeats`, each inserted independently with probability 1/2.
// Duplicate ids are an error. With config.max_members, the members beyond the cap (by role draw) become audit
// non-members, whole persons at a time. With `canary_classes` (a classifier's classes) each canary gets a label drawn
// uniformly from them: a mislabelled example the classifier can learn only from the canary itself.
Split MakeSplit(const std::vector<std::string>& ids, const SplitConfig& config, uint64_t seed,
                const std::vector<std::string>& users = {}, const std::vector<std::string>& canary_classes = {});

// split.json holds ids, canary ids, repetition counts, inclusion and each canary's text as an HMAC-SHA256 keyed with
// the run's sample.key (never the text, and no unkeyed hash: 576 names x 10^9 secrets is a search anyone could run);
// canaries.jsonl holds the canary texts (secrets of this run's own making).
nlohmann::json SplitToJson(const Split& split, std::string_view key);
void WriteSplitFiles(const Split& split, const std::filesystem::path& run_dir);
Split ReadSplitFiles(const std::filesystem::path& run_dir);

// A seed for one named purpose, derived from the run seed (splitmix64 of the seed mixed with the purpose).
uint64_t DeriveSeed(uint64_t seed, std::string_view purpose, uint64_t index = 0);

}  // namespace leakgate::pipeline
