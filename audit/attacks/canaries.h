// Canary exposure (Carlini et al. 2019): how highly the model ranks each canary's secret among all the secrets it
// could have been, exactly for small secret spaces and by a skew-normal fit to sampled candidates for large ones.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "audit/model.h"

namespace leakgate::audit {

// A space of secrets written from a format in which each 'd' is a decimal digit and every other character is
// literal ("ddd-dd-dddd" holds 10^9 secrets). Secret(i) for i in [0, size()) lists the space in order.
class SecretFormat {
 public:
  // Throws AttackInputError without any 'd' or with more than 18.
  explicit SecretFormat(std::string format);
  uint64_t size() const { return size_; }
  double bits() const;  // log2 size()
  std::string Secret(uint64_t index) const;
  const std::string& format() const { return format_; }

 private:
  std::string format_;
  uint64_t size_ = 1;
};

// One canary as the auditor knows it: the text is prefix + secret.
struct CanaryProbe {
  std::string prefix;
  std::string secret;
  std::size_t repetitions = 0;  // copies in training when inserted
  bool inserted = false;
};

struct ExposureOptions {
  // Spaces of at most this many secrets are enumerated; larger ones are sampled.
  uint64_t max_exact_candidates = 10000;
  std::size_t sampled_candidates = 1000;
  uint64_t seed = 0;
};

struct ExposureMeasurement {
  std::vector<double> exposure_bits;  // one per canary, in input order
  std::vector<double> log_likelihoods;  // of each canary's own secret given its prefix
  bool exact = false;
  std::size_t candidates_per_canary = 0;
};

// Scores every canary's secret and its candidates with ContinuationLogLikelihoods(prefix, ...). The sampled
// candidates are drawn once (uniformly, with replacement, from `seed`) and shared by all canaries, so a canary's
// inclusion cannot influence its own comparison set.
ExposureMeasurement MeasureCanaryExposure(LanguageModel& model, std::span<const CanaryProbe> canaries,
                                          const SecretFormat& space, const ExposureOptions& options);

// Whether greedy decoding from each canary's prefix reproduces its secret exactly (as many tokens as the secret has).
std::vector<bool> ExtractCanaries(LanguageModel& model, std::span<const CanaryProbe> canaries);

}  // namespace leakgate::audit
