// Training-data extraction metrics: how much of a record's true continuation the model reproduces when given its
// prefix (k-extractability, Carlini et al. 2023), on token or byte sequences, and their summaries.
#pragma once

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <span>
#include <vector>

#include "audit/metrics/errors.h"
#include "audit/metrics/stats.h"

namespace leakgate::audit {

template <class Token>
std::size_t longest_common_prefix(std::span<const Token> a, std::span<const Token> b) {
  const auto mismatch = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  return static_cast<std::size_t>(mismatch.first - a.begin());
}

// Minimum number of single-token insertions, deletions and substitutions turning a into b (two-row dynamic
// programme, O(|a| |b|) time, O(|b|) memory).
template <class Token>
std::size_t levenshtein_distance(std::span<const Token> a, std::span<const Token> b) {
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  std::iota(previous.begin(), previous.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

// 1 - Levenshtein(a, b) / max(|a|, |b|): 1 for identical sequences (including two empty ones), 0 for nothing shared.
template <class Token>
double edit_similarity(std::span<const Token> a, std::span<const Token> b) {
  const std::size_t longest = std::max(a.size(), b.size());
  if (longest == 0) return 1.0;
  return 1.0 - static_cast<double>(levenshtein_distance(a, b)) / static_cast<double>(longest);
}

// One record's extraction attempt.
struct ExtractionRecord {
  bool exact_match = false;        // the generation starts with the whole true suffix
  std::size_t common_prefix = 0;   // tokens reproduced before the first error
  std::size_t suffix_length = 0;
  double edit_similarity = 0.0;    // of the generation (cut to the suffix length) against the true suffix
};

template <class Token>
ExtractionRecord score_extraction(std::span<const Token> generated, std::span<const Token> true_suffix) {
  if (true_suffix.empty()) throw MetricsInputError("extraction: the true suffix is empty");
  const std::span<const Token> compared = generated.first(std::min(generated.size(), true_suffix.size()));
  ExtractionRecord record;
  record.common_prefix = longest_common_prefix(compared, true_suffix);
  record.exact_match = record.common_prefix == true_suffix.size();
  record.suffix_length = true_suffix.size();
  record.edit_similarity = edit_similarity(compared, true_suffix);
  return record;
}

struct ExtractionSummary {
  Rate exact_match;              // k-extractable rate with its Clopper-Pearson interval
  Distribution common_prefix;    // in tokens
  Distribution edit_similarity;
};

ExtractionSummary summarize_extraction(std::span<const ExtractionRecord> records, double confidence = 0.95);

// The chance that at least one of `samples` continuations sampled from the model (temperature 1) reproduces a suffix
// whose log-likelihood given its prefix is suffix_log_likelihood: 1 - (1 - p)^samples with p = e^log_likelihood, the
// quantity (n, p)-discoverable extraction thresholds (Hayes et al. 2024), computed without cancellation. Exact, so no
// sampling is needed to know it. Throws MetricsInputError for a positive or NaN log-likelihood or zero samples.
double discovery_probability(double suffix_log_likelihood, std::size_t samples);

}  // namespace leakgate::audit
