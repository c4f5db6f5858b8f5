// Exact and near-duplicate removal over a streamed corpus: plan which records survive, then stream the survivors.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/corpus.h"
#include "dedup/minhash/lsh.h"
#include "dedup/minhash/minhash.h"

namespace leakgate::dedup {

struct DedupOptions {
  bool exact = true;  // drop records whose normalised text equals an earlier record's
  bool near = true;   // drop near duplicates found by MinHash + LSH
  // The MinHash and clustering defaults are the libraries' own; the config and the CLI flags take theirs from here.
  int num_perm = MinHashConfig{}.num_perm;
  uint32_t seed = MinHashConfig{}.seed;
  HashFunction hash = MinHashConfig{}.hash;
  ShingleSpec shingle = MinHashConfig{}.shingle;
  bool nfkc = MinHashConfig{}.nfkc;
  double threshold = ClusteringOptions{}.threshold;
  double weight_fp = 0.5;
  double weight_fn = 0.5;
  KeepPolicy keep = KeepPolicy::kFirst;
  int threads = 0;  // 0: all cores
  // Across ranks (PlanDeduplicationAcrossRanks): the corpus is dealt out in blocks of this many uncompressed bytes.
  uint64_t share_block_bytes = corpus::CorpusShare{}.block_bytes;
};

// A group of duplicates: record ordinals (0-based among the good records, input order).
struct DedupCluster {
  uint64_t kept = 0;
  std::vector<uint64_t> members;        // ascending, `kept` included
  std::vector<double> jaccard_to_kept;  // estimated Jaccard of members[i] to the kept record
  double max_jaccard = 0;               // the largest estimated Jaccard between the kept record and another member
};

struct DedupStats {
  uint64_t records_in = 0;
  uint64_t records_out = 0;
  uint64_t exact_duplicates = 0;  // removed because an equal normalised text came first
  uint64_t near_duplicates = 0;   // removed as members of a near-duplicate cluster
  uint64_t clusters = 0;
  uint64_t text_bytes = 0;
  uint64_t shingles = 0;
  uint64_t candidate_pairs = 0;
  uint64_t edges = 0;
  LshParams lsh;
  corpus::BadRecordStats bad_records;
  double seconds_signatures = 0;  // read, parse, normalise, hash
  double seconds_clustering = 0;
};

struct DedupPlan {
  std::vector<std::string> ids;        // per record ordinal
  std::vector<uint8_t> keep;           // per record ordinal
  std::vector<uint64_t> lines;         // per record ordinal: its line in the input
  std::vector<uint64_t> line_hashes;   // per record ordinal: XXH3-64 of the line as read
  std::vector<DedupCluster> clusters;
  DedupStats stats;
};

struct DedupProgress {
  const char* phase;
  uint64_t records;
  uint64_t file_bytes_consumed;
  uint64_t file_size;
};
using DedupProgressFn = std::function<void(const DedupProgress&)>;

// A 128-bit hash of a record's normalised text: equal keys are exact duplicates.
struct TextKey {
  uint64_t low = 0;
  uint64_t high = 0;
  bool operator==(const TextKey&) const = default;
};

// What pass 1 reads from a corpus, or from one share of it, before clustering. Ordinals number the records sketched,
// in input order; each distinct normalised text is sketched once, at its first record.
struct CorpusSketch {
  std::vector<std::string> ids;            // per record
  std::vector<uint64_t> lines;             // per record: its line in the input
  std::vector<uint64_t> line_hashes;       // per record: XXH3-64 of the line as read
  std::vector<uint64_t> byte_lengths;      // per record: bytes of its text
  std::vector<uint64_t> distinct;          // per distinct text: the ordinal of its first record
  std::vector<TextKey> keys;               // per distinct text; empty without exact deduplication
  std::vector<uint64_t> shingles;          // per distinct text; empty without near deduplication
  std::vector<uint32_t> signatures;        // distinct texts x num_perm; empty without near deduplication
  std::vector<std::pair<uint64_t, uint32_t>> exact_duplicates;  // (ordinal, distinct text), ordinals ascending
  uint64_t text_bytes = 0;
  corpus::BadRecordStats bad_records;
  bool operator==(const CorpusSketch&) const = default;
};

// Pass 1, reading: sketches the records of `share` (the whole corpus by default). Throws InputError for bad input.
CorpusSketch SketchCorpus(const std::filesystem::path& input, const corpus::CorpusOptions& corpus,
                          const DedupOptions& options, const corpus::CorpusShare& share = {},
                          const DedupProgressFn& progress = {});

// The sketch of the whole corpus from the sketches of all its shares (in any order): equal to sketching it at once.
CorpusSketch MergeSketches(std::vector<CorpusSketch> shares, const DedupOptions& options);

// Pass 1, clustering: decides which records to keep. Throws InputError when the sketch has no records.
DedupPlan PlanFromSketch(CorpusSketch sketch, const std::filesystem::path& input, const DedupOptions& options);

// Pass 1: reads the corpus once and decides which records to keep. Memory: per record its id, line number and line
// hash; one signature per distinct normalised text; and batches of up to 1 MB of lines with their ids and
// signatures (one, or threads + 2 with two threads or more: one read ahead, one per worker, one entering the sketch).
// Throws InputError for bad input, including a corpus with no records.
DedupPlan PlanDeduplication(const std::filesystem::path& input, const corpus::CorpusOptions& corpus,
                            const DedupOptions& options, const DedupProgressFn& progress = {});

// Pass 2: streams the corpus again and yields the records the plan keeps, in input order. Lines the plan drops are
// skipped unparsed; each kept line is checked against the hash pass 1 took of it.
class KeptRecordReader {
 public:
  KeptRecordReader(const std::filesystem::path& input, const corpus::CorpusOptions& corpus, const DedupPlan& plan);
  // The next kept record's line as read, valid until the next call; false at the end. Throws InputError if the
  // corpus no longer matches the plan.
  bool NextLine(std::string_view& line);
  // The next kept record, parsed.
  bool Next(corpus::Record& record);

 private:
  [[noreturn]] void CorpusChanged(uint64_t line_number) const;

  corpus::CorpusReader reader_;
  const DedupPlan& plan_;
  uint64_t ordinal_ = 0;
};

// Pass 2 of `dedup run`: writes the lines the plan keeps to `writer`, in input order. With more than one thread,
// reading the kept lines runs ahead of compressing and writing them.
void WriteKeptLines(const std::filesystem::path& input, const corpus::CorpusOptions& corpus, const DedupPlan& plan,
                    corpus::CorpusWriter& writer, int threads);

}  // namespace leakgate::dedup
