#include "audit/attacks/canaries.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "audit/attacks/errors.h"
#include "audit/metrics/exposure.h"

namespace leakgate::audit {

namespace {

constexpr int kMaxSecretDigits = 18;

}  // namespace

SecretFormat::SecretFormat(std::string format) : format_(std::move(format)) {
  const auto digits = std::count(format_.begin(), format_.end(), 'd');
  if (digits == 0 || digits > kMaxSecretDigits) {
    throw AttackInputError("canary secret format '" + format_ + "' must contain between 1 and " +
                           std::to_string(kMaxSecretDigits) + " digit places 'd'");
  }
  for (int i = 0; i < digits; ++i) size_ *= 10;
}

double SecretFormat::bits() const { return std::log2(static_cast<double>(size_)); }

std::string SecretFormat::Secret(uint64_t index) const {
  std::string secret = format_;
  // The last digit place is the least significant, so Secret lists the space in lexicographic order.
  for (auto place = secret.rbegin(); place != secret.rend(); ++place) {
    if (*place != 'd') continue;
    *place = static_cast<char>('0' + index % 10);
    index /= 10;
  }
  return secret;
}

ExposureMeasurement MeasureCanaryExposure(LanguageModel& model, std::span<const CanaryProbe> canaries,
                                          const SecretFormat& space, const ExposureOptions& options) {
  ExposureMeasurement measurement;
  measurement.exact = space.size() <= options.max_exact_candidates;
  std::vector<std::string> candidates;
  if (measurement.exact) {
    for (uint64_t i = 0; i < space.size(); ++i) candidates.push_back(space.Secret(i));
  } else {
    if (options.sampled_candidates < 2) {
      throw AttackInputError("canary exposure: at least 2 sampled candidates are needed to fit the distribution");
    }
    std::mt19937_64 generator(options.seed);
    std::uniform_int_distribution<uint64_t> index(0, space.size() - 1);
    for (std::size_t i = 0; i < options.sampled_candidates; ++i) candidates.push_back(space.Secret(index(generator)));
  }
  measurement.candidates_per_canary = candidates.size();
  // The canary's own secret goes first in each query, so one call scores it together with its candidates.
  std::vector<std::string> query(1 + candidates.size());
  std::copy(candidates.begin(), candidates.end(), query.begin() + 1);
  for (const auto& canary : canaries) {
    query[0] = canary.secret;
    const std::vector<double> log_likelihoods = model.ContinuationLogLikelihoods(canary.prefix, query);
    const double own = log_likelihoods[0];
    const std::span<const double> candidate_log_likelihoods = std::span(log_likelihoods).subspan(1);
    measurement.log_likelihoods.push_back(own);
    measurement.exposure_bits.push_back(measurement.exact ? exact_exposure(own, candidate_log_likelihoods)
                                                          : approximate_exposure(own, candidate_log_likelihoods));
  }
  return measurement;
}

std::vector<bool> ExtractCanaries(LanguageModel& model, std::span<const CanaryProbe> canaries) {
  // Secrets of one format encode to the same length with the byte tokenizer, but not with every tokenizer: group
  // the queries by secret length so that each call decodes exactly that many tokens.
  std::map<std::size_t, std::vector<std::size_t>> by_length;
  std::vector<std::vector<TokenId>> secrets;
  for (std::size_t i = 0; i < canaries.size(); ++i) {
    secrets.push_back(model.Encode(canaries[i].secret));
    by_length[secrets.back().size()].push_back(i);
  }
  std::vector<bool> extracted(canaries.size(), false);
  for (const auto& [length, indices] : by_length) {
    std::vector<std::vector<TokenId>> prefixes;
    for (std::size_t i : indices) prefixes.push_back(model.Encode(canaries[i].prefix));
    const auto generated = model.GreedyContinuations(prefixes, length);
    for (std::size_t k = 0; k < indices.size(); ++k) extracted[indices[k]] = generated[k] == secrets[indices[k]];
  }
  return extracted;
}

}  // namespace leakgate::audit
