#include "audit/metrics/extraction.h"

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

}  // namespace leakgate::audit
