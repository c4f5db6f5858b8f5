#include "dedup/scrub/scrub_corpus.h"

#include "dedup/scrub/ordered_parallel.h"

namespace leakgate::dedup {

ScrubStats ScrubCorpus(const RecordSource& next, CorpusWriter& writer, const Scrubber& scrubber,
                       const ScrubCorpusOptions& options) {
  ScrubStats stats;
  OrderedParallelMap<Record, ScrubbedText>(
      next,
      [&](const Record& record) { return scrubber.Scrub(record.text); },
      [&](Record&& record, ScrubbedText&& result) {
        stats.Add(record.text.size(), result);
        if (result.dropped) return;
        writer.WriteWithText(record, result.text);
        if (options.sweep != nullptr) options.sweep->Learn(result.text);
      },
      options.threads, options.batch_records);
  return stats;
}

}  // namespace leakgate::dedup
