#include "dedup/dedup.h"

#include <omp.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <span>
#include <unordered_map>

#include "common/errors.h"
#include "common/prefetcher.h"
#include "common/threads.h"

namespace leakgate::dedup {

namespace {

// Batches small enough to stay in cache from parsing to signing; two are in memory when reading runs ahead.
constexpr size_t kBatchRecords = 8192;
constexpr size_t kBatchBytes = 2u << 20;

struct Key128 {
  uint64_t low;
  uint64_t high;
  bool operator==(const Key128&) const = default;
};
struct Key128Hash {
  size_t operator()(const Key128& key) const { return key.low; }
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// One batch of pass 1 as read: its records, the hash of each line (pass 2 checks it), and for exact deduplication
// the hash of each normalised text.
struct ReadBatch {
  std::vector<corpus::Record> records;
  size_t size = 0;
  std::vector<uint64_t> line_hashes;
  std::vector<Key128> keys;
  uint64_t file_bytes_consumed = 0;
  std::span<const corpus::Record> Records() const { return {records.data(), size}; }
};

// Fills ReadBatches: parses a batch of records and hashes their normalised texts, on `threads` threads.
class BatchReader {
 public:
  BatchReader(corpus::CorpusReader& reader, const DedupOptions& options, int threads)
      : reader_(reader), options_(options), threads_(threads), words_(static_cast<size_t>(threads)) {}

  bool Fill(ReadBatch& batch) {
    batch.size = reader_.NextBatch(batch.records, kBatchRecords, kBatchBytes, threads_);
    batch.file_bytes_consumed = reader_.file_bytes_consumed();
    if (batch.size == 0) return false;
    const size_t n = batch.size;
    batch.line_hashes.resize(n);
    batch.keys.resize(options_.exact ? n : 0);
#pragma omp parallel num_threads(threads_)
    {
      NormalizedWords& words = words_[omp_get_thread_num()];
#pragma omp for schedule(dynamic, 16)
      for (size_t i = 0; i < n; ++i) {
        const std::string& raw = batch.records[i].raw;
        batch.line_hashes[i] = XXH3_64bits(raw.data(), raw.size());
        if (!options_.exact) continue;
        NormalizeWords(batch.records[i].text, options_.nfkc, words);
        const XXH128_hash_t hash = XXH3_128bits(words.joined.data(), words.joined.size());
        batch.keys[i] = Key128{hash.low64, hash.high64};
      }
    }
    return true;
  }

 private:
  corpus::CorpusReader& reader_;
  const DedupOptions& options_;
  const int threads_;
  std::vector<NormalizedWords> words_;  // per thread, kept from batch to batch
};

// The state of pass 1: which distinct normalised texts were seen, and the signature of each.
class Planner {
 public:
  Planner(const DedupOptions& options, DedupPlan& plan, int threads)
      : options_(options),
        plan_(plan),
        hasher_(MinHashConfig{options.num_perm, options.seed, options.hash, options.shingle, options.nfkc}),
        threads_(threads) {}

  void AddBatch(const ReadBatch& batch) {
    const std::span<const corpus::Record> records = batch.Records();
    const size_t n = records.size();
    // Each record either repeats an earlier distinct text or starts a new one that needs a signature.
    to_sign_.clear();
    for (size_t i = 0; i < n; ++i) {
      const uint64_t ordinal = plan_.keep.size();
      plan_.keep.push_back(1);
      plan_.ids.push_back(records[i].id);
      plan_.lines.push_back(records[i].line);
      plan_.line_hashes.push_back(batch.line_hashes[i]);
      byte_lengths_.push_back(records[i].text.size());
      plan_.stats.text_bytes += records[i].text.size();
      if (options_.exact) {
        const auto [it, inserted] = first_of_key_.try_emplace(batch.keys[i], static_cast<uint32_t>(distinct_.size()));
        if (!inserted) {
          exact_of_ordinal_.emplace_back(ordinal, it->second);
          continue;
        }
      }
      distinct_.push_back(ordinal);
      to_sign_.push_back(records[i].text);
    }
    if (!options_.near || to_sign_.empty()) return;
    const size_t old_size = signatures_.size();
    signatures_.resize(old_size + to_sign_.size() * options_.num_perm);
    plan_.stats.shingles += hasher_.SignBatch(
        to_sign_, std::span<uint32_t>(signatures_.data() + old_size, to_sign_.size() * options_.num_perm), threads_);
  }

  void Cluster() {
    const size_t records = plan_.keep.size();
    // Union of the exact groups and the LSH components over distinct texts; components are what datasketch's
    // union-find finds, because exact duplicates share a signature and so every band and edge.
    std::vector<uint32_t> component_of_distinct(distinct_.size());
    for (uint32_t d = 0; d < distinct_.size(); ++d) component_of_distinct[d] = d;
    if (options_.near && !distinct_.empty()) {
      plan_.stats.lsh = OptimalLshParams(options_.threshold, options_.num_perm, options_.weight_fp, options_.weight_fn);
      ClusteringOptions clustering;
      clustering.threshold = options_.threshold;
      clustering.params = plan_.stats.lsh;
      clustering.threads = threads_;
      const ClusteringResult result =
          ClusterNearDuplicates(signatures_, distinct_.size(), options_.num_perm, clustering);
      plan_.stats.candidate_pairs = result.candidate_pairs_checked;
      plan_.stats.edges = result.edges;
      for (const auto& cluster : result.clusters) {
        for (uint32_t member : cluster.members) component_of_distinct[member] = cluster.members.front();
      }
    }
    // Members of each component, as record ordinals in input order.
    std::unordered_map<uint32_t, std::vector<uint64_t>> members_of_component;
    std::vector<uint32_t> distinct_of_ordinal(records, 0);
    for (uint32_t d = 0; d < distinct_.size(); ++d) distinct_of_ordinal[distinct_[d]] = d;
    for (const auto& [ordinal, d] : exact_of_ordinal_) distinct_of_ordinal[ordinal] = d;
    for (uint32_t d = 0; d < distinct_.size(); ++d) {
      if (component_of_distinct[d] != d) members_of_component[component_of_distinct[d]].push_back(distinct_[d]);
    }
    for (const auto& [ordinal, d] : exact_of_ordinal_) {
      members_of_component[component_of_distinct[d]].push_back(ordinal);
    }
    std::vector<uint32_t> roots;
    for (auto& [root, members] : members_of_component) {
      members.push_back(distinct_[root]);
      std::sort(members.begin(), members.end());
      roots.push_back(root);
    }
    std::sort(roots.begin(), roots.end(),
              [&](uint32_t a, uint32_t b) { return members_of_component[a].front() < members_of_component[b].front(); });

    for (uint32_t root : roots) {
      DedupCluster cluster;
      cluster.members = std::move(members_of_component[root]);
      cluster.kept = cluster.members.front();
      if (options_.keep == KeepPolicy::kLongest) {
        for (uint64_t member : cluster.members) {
          if (byte_lengths_[member] > byte_lengths_[cluster.kept]) cluster.kept = member;
        }
      }
      const uint32_t kept_distinct = distinct_of_ordinal[cluster.kept];
      for (uint64_t member : cluster.members) {
        const uint32_t member_distinct = distinct_of_ordinal[member];
        const double jaccard = member_distinct == kept_distinct ? 1.0 : Jaccard(member_distinct, kept_distinct);
        cluster.jaccard_to_kept.push_back(jaccard);
        if (member != cluster.kept) cluster.max_jaccard = std::max(cluster.max_jaccard, jaccard);
        if (member == cluster.kept) continue;
        plan_.keep[member] = 0;
        if (member_distinct == kept_distinct) {
          ++plan_.stats.exact_duplicates;
        } else {
          ++plan_.stats.near_duplicates;
        }
      }
      plan_.clusters.push_back(std::move(cluster));
    }
    plan_.stats.records_in = records;
    plan_.stats.records_out = records - plan_.stats.exact_duplicates - plan_.stats.near_duplicates;
    plan_.stats.clusters = plan_.clusters.size();
  }

 private:
  double Jaccard(uint32_t a, uint32_t b) const {
    const size_t p = options_.num_perm;
    return EstimatedJaccard(std::span<const uint32_t>(signatures_.data() + a * p, p),
                            std::span<const uint32_t>(signatures_.data() + b * p, p));
  }

  const DedupOptions& options_;
  DedupPlan& plan_;
  MinHasher hasher_;
  int threads_;
  std::vector<std::string_view> to_sign_;
  std::unordered_map<Key128, uint32_t, Key128Hash> first_of_key_;
  std::vector<uint64_t> distinct_;  // ordinal of the first record of each distinct text
  std::vector<std::pair<uint64_t, uint32_t>> exact_of_ordinal_;  // (ordinal, distinct text) of exact duplicates
  std::vector<uint64_t> byte_lengths_;
  std::vector<uint32_t> signatures_;  // distinct texts x num_perm
};

}  // namespace

DedupPlan PlanDeduplication(const std::filesystem::path& input, const corpus::CorpusOptions& corpus,
                            const DedupOptions& options, const DedupProgressFn& progress) {
  const auto start = std::chrono::steady_clock::now();
  DedupPlan plan;
  const int threads = common::ResolveThreads(options.threads);
  corpus::CorpusReader reader(input, corpus);
  // With two threads or more, reading the next batch runs ahead of hashing this one, each stage with half of them.
  const bool ahead = threads > 1;
  BatchReader batch_reader(reader, options, ahead ? threads / 2 : threads);
  Planner planner(options, plan, ahead ? threads - threads / 2 : threads);
  common::Prefetcher<ReadBatch> batches([&](ReadBatch& batch) { return batch_reader.Fill(batch); }, ahead);
  while (const ReadBatch* batch = batches.Next()) {
    planner.AddBatch(*batch);
    if (progress) progress({"hashing", plan.keep.size(), batch->file_bytes_consumed, reader.file_size()});
  }
  plan.stats.bad_records = reader.bad_records();
  if (plan.keep.empty()) {
    throw common::InputError(input.string(), 0, "the corpus has no records",
                     reader.bad_records().count ? "every record was bad and skipped" : "the file is empty");
  }
  plan.stats.seconds_signatures = SecondsSince(start);
  const auto clustering_start = std::chrono::steady_clock::now();
  if (progress) progress({"clustering", plan.keep.size(), reader.file_bytes_consumed(), reader.file_size()});
  planner.Cluster();
  plan.stats.seconds_clustering = SecondsSince(clustering_start);
  return plan;
}

KeptRecordReader::KeptRecordReader(const std::filesystem::path& input, const corpus::CorpusOptions& corpus,
                                   const DedupPlan& plan)
    : reader_(input, corpus), plan_(plan) {}

void KeptRecordReader::CorpusChanged(uint64_t line_number) const {
  throw common::InputError(reader_.path().string(), line_number, "the corpus changed while it was being deduplicated");
}

bool KeptRecordReader::NextLine(std::string_view& line) {
  while (reader_.NextLine(line)) {
    const uint64_t line_number = reader_.line_number();
    // A line before the next planned record was a bad record pass 1 skipped.
    if (ordinal_ < plan_.lines.size() && line_number < plan_.lines[ordinal_]) continue;
    if (ordinal_ >= plan_.lines.size() || line_number != plan_.lines[ordinal_] ||
        XXH3_64bits(line.data(), line.size()) != plan_.line_hashes[ordinal_]) {
      CorpusChanged(line_number);
    }
    if (plan_.keep[ordinal_++]) return true;
  }
  if (ordinal_ != plan_.lines.size()) CorpusChanged(0);
  return false;
}

bool KeptRecordReader::Next(corpus::Record& record) {
  std::string_view line;
  if (!NextLine(line)) return false;
  if (!reader_.ParseLine(line, record)) CorpusChanged(reader_.line_number());
  return true;
}

void WriteKeptLines(const std::filesystem::path& input, const corpus::CorpusOptions& corpus, const DedupPlan& plan,
                    corpus::CorpusWriter& writer, int threads) {
  constexpr size_t kBlockBytes = 1 << 20;
  KeptRecordReader kept(input, corpus, plan);
  common::Prefetcher<std::string> blocks(
      [&](std::string& block) {
        block.clear();
        for (std::string_view line; block.size() < kBlockBytes && kept.NextLine(line);) {
          block.append(line).push_back('\n');
        }
        return !block.empty();
      },
      common::ResolveThreads(threads) > 1);
  while (const std::string* block = blocks.Next()) writer.WriteLines(*block);
}

}  // namespace leakgate::dedup
