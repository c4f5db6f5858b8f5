#include "scrub/scrub_corpus.h"

#include "scrub/ordered_parallel.h"

namespace leakgate::scrub {

ScrubStats ScrubCorpus(const RecordSource& next, corpus::CorpusWriter& writer, const Scrubber& scrubber,
                       const ScrubCorpusOptions& options) {
  ScrubStats stats;
  OrderedParallelMap<corpus::Record, ScrubbedText>(
      next,
      [&](const corpus::Record& record) { return scrubber.Scrub(record.text); },
      [&](corpus::Record&& record, ScrubbedText&& result) {
        stats.Add(record.text.size(), result);
        if (result.dropped) return;
        writer.WriteWithText(record, result.text);
        if (options.sweep != nullptr) options.sweep->Learn(result.text);
      },
      options.threads, options.batch_records);
  return stats;
}

}  // namespace leakgate::scrub
