#include "dedup/dedup.h"

#include <omp.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <unordered_map>

#include "common/errors.h"

namespace leakgate::dedup {

namespace {

constexpr size_t kBatchRecords = 8192;
constexpr size_t kBatchBytes = 32u << 20;

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

int ThreadCount(int requested) { return requested > 0 ? requested : omp_get_num_procs(); }

// The state of pass 1: which distinct normalised texts were seen, and the signature of each.
class Planner {
 public:
  Planner(const DedupOptions& options, DedupPlan& plan)
      : options_(options),
        plan_(plan),
        hasher_(MinHashConfig{options.num_perm, options.seed, options.hash, options.shingle, options.nfkc}),
        threads_(ThreadCount(options.threads)) {}

  void AddBatch(std::vector<std::string>& texts) {
    const size_t n = texts.size();
    keys_.resize(n);
    if (options_.exact) {
#pragma omp parallel num_threads(threads_)
      {
        NormalizedWords words;
#pragma omp for schedule(dynamic, 64)
        for (size_t i = 0; i < n; ++i) {
          NormalizeWords(texts[i], options_.nfkc, words);
          const XXH128_hash_t hash = XXH3_128bits(words.joined.data(), words.joined.size());
          keys_[i] = Key128{hash.low64, hash.high64};
        }
      }
    }
    // Each record either repeats an earlier distinct text or starts a new one that needs a signature.
    to_sign_.clear();
    for (size_t i = 0; i < n; ++i) {
      const uint64_t ordinal = plan_.keep.size();
      plan_.keep.push_back(1);
      byte_lengths_.push_back(texts[i].size());
      plan_.stats.text_bytes += texts[i].size();
      if (options_.exact) {
        const auto [it, inserted] = first_of_key_.try_emplace(keys_[i], static_cast<uint32_t>(distinct_.size()));
        if (!inserted) {
          exact_of_ordinal_.emplace_back(ordinal, it->second);
          continue;
        }
      }
      distinct_.push_back(ordinal);
      to_sign_.push_back(texts[i]);
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
  std::vector<Key128> keys_;
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
  Planner planner(options, plan);
  corpus::CorpusReader reader(input, corpus);
  std::vector<std::string> texts;
  size_t batch_bytes = 0;
  corpus::Record record;
  auto flush = [&] {
    planner.AddBatch(texts);
    texts.clear();
    batch_bytes = 0;
    if (progress) progress({"hashing", plan.keep.size(), reader.file_bytes_consumed(), reader.file_size()});
  };
  while (reader.Next(record)) {
    plan.ids.push_back(std::move(record.id));
    batch_bytes += record.text.size();
    texts.push_back(std::move(record.text));
    if (texts.size() >= kBatchRecords || batch_bytes >= kBatchBytes) flush();
  }
  flush();
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

bool KeptRecordReader::Next(corpus::Record& record) {
  while (reader_.Next(record)) {
    if (ordinal_ >= plan_.keep.size()) {
      throw common::InputError(reader_.path().string(), record.line, "the corpus changed while it was being deduplicated");
    }
    if (plan_.keep[ordinal_++]) return true;
  }
  if (ordinal_ != plan_.keep.size()) {
    throw common::InputError(reader_.path().string(), 0, "the corpus changed while it was being deduplicated");
  }
  return false;
}

}  // namespace leakgate::dedup
