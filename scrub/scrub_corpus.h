// Scrubs a whole JSONL corpus: records are read in order, scrubbed on several threads and written in the
// same order (dropped records are left out), with bounded memory.
#pragma once

#include <cstddef>
#include <functional>

#include "corpus/corpus.h"
#include "scrub/report.h"
#include "scrub/residual_sweep.h"
#include "scrub/scrubber.h"

namespace leakgate::scrub {

struct ScrubCorpusOptions {
  unsigned threads = 0;            // 0: all cores
  std::size_t batch_records = 2048;  // records in flight at once
  ResidueSweep* sweep = nullptr;     // when set, learns every scrubbed text that is kept
};

// Fills the next record; false at the end.
using RecordSource = std::function<bool(corpus::Record&)>;

// Takes every record from `next`, writes the scrubbed ones to `writer` (not committed here) and
// returns the counts for the report.
ScrubStats ScrubCorpus(const RecordSource& next, corpus::CorpusWriter& writer, const Scrubber& scrubber,
                       const ScrubCorpusOptions& options = {});
inline ScrubStats ScrubCorpus(corpus::CorpusReader& reader, corpus::CorpusWriter& writer, const Scrubber& scrubber,
                              const ScrubCorpusOptions& options = {}) {
  return ScrubCorpus([&](corpus::Record& record) { return reader.Next(record); }, writer, scrubber, options);
}

}  // namespace leakgate::scrub
