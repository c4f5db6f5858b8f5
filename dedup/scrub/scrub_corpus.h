// Scrubs a whole JSONL corpus: records are read in order, scrubbed on several threads and written in the
// same order (dropped records are left out), with bounded memory.
#pragma once

#include <cstddef>

#include "dedup/io/corpus.h"
#include "dedup/scrub/report.h"
#include "dedup/scrub/scrubber.h"

namespace leakgate::dedup {

struct ScrubCorpusOptions {
  unsigned threads = 0;            // 0: all cores
  std::size_t batch_records = 2048;  // records in flight at once
};

// Reads every record from `reader`, writes the scrubbed ones to `writer` (not committed here) and
// returns the counts for the report.
ScrubStats ScrubCorpus(CorpusReader& reader, CorpusWriter& writer, const Scrubber& scrubber,
                       const ScrubCorpusOptions& options = {});

}  // namespace leakgate::dedup
