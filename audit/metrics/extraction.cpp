#include "audit/metrics/extraction.h"

#include <cmath>

namespace leakgate::audit {

ExtractionSummary summarize_extraction(std::span<const ExtractionRecord> records, double confidence) {
  if (records.empty()) throw MetricsInputError("extraction summary of zero records");
  std::size_t exact = 0;
  std::vector<double> prefixes;
  std::vector<double> similarities;
  prefixes.reserve(records.size());
  similarities.reserve(records.size());
  for (const ExtractionRecord& record : records) {
    exact += record.exact_match ? 1 : 0;
    prefixes.push_back(static_cast<double>(record.common_prefix));
    similarities.push_back(record.edit_similarity);
  }
  return {rate_with_interval(exact, records.size(), confidence), summarize(prefixes), summarize(similarities)};
}

double discovery_probability(double suffix_log_likelihood, std::size_t samples) {
  if (!(suffix_log_likelihood <= 0.0)) throw MetricsInputError("discovery probability: a log-likelihood must be <= 0");
  if (samples == 0) throw MetricsInputError("discovery probability: at least one sample");
  const double p = std::exp(suffix_log_likelihood);
  if (p >= 1.0) return 1.0;
  // 1 - (1 - p)^n = -expm1(n log1p(-p)), accurate both for tiny p and for p near 1.
  return -std::expm1(static_cast<double>(samples) * std::log1p(-p));
}

}  // namespace leakgate::audit
