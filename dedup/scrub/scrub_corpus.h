// Scrubs a whole JSONL corpus: records are read in order, scrubbed on several threads and written in the
// same order (dropped records are left out), with bounded memory.
#pragma once

#include <cstddef>
#include <functional>

#include "dedup/io/corpus.h"
#include "dedup/scrub/report.h"
#include "dedup/scrub/residual_sweep.h"
#include "dedup/scrub/scrubber.h"

namespace leakgate::dedup {

struct ScrubCorpusOptions {
  unsigned threads = 0;            // 0: all cores
  std::size_t batch_records = 2048;  // records in flight at once
  ResidueSweep* sweep = nullptr;     // when set, learns every scrubbed text that is kept
};

// Fills the next record; false at the end.
using RecordSource = std::function<bool(Record&)>;

// Takes every record from `next`, writes the scrubbed ones to `writer` (not committed here) and
// returns the counts for the report.
ScrubStats ScrubCorpus(const RecordSource& next, CorpusWriter& writer, const Scrubber& scrubber,
                       const ScrubCorpusOptions& options = {});
inline ScrubStats ScrubCorpus(CorpusReader& reader, CorpusWriter& writer, const Scrubber& scrubber,
                              const ScrubCorpusOptions& options = {}) {
  return ScrubCorpus([&](Record& record) { return reader.Next(record); }, writer, scrubber, options);
}

}  // namespace leakgate::dedup
