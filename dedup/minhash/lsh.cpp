#include "dedup/minhash/lsh.h"

#include <omp.h>
#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <numeric>
#include <string>

#include "dedup/minhash/errors.h"
#include "dedup/minhash/minhash.h"
#include "dedup/minhash/quadrature.h"

namespace leakgate::dedup {
namespace {

constexpr double kQuadratureTolerance = 1e-13;

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

// Probability that a pair with Jaccard s shares at least one of b bands of r rows: 1 - (1 - s^r)^b.
double CandidateProbability(double s, int bands, int rows) {
  return 1.0 - std::pow(1.0 - std::pow(s, rows), bands);
}

class UnionFind {
 public:
  explicit UnionFind(size_t size) : parent_(size), size_(size, 1) {
    std::iota(parent_.begin(), parent_.end(), uint32_t{0});
  }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  void Union(uint32_t x, uint32_t y) {
    x = Find(x), y = Find(y);
    if (x == y) return;
    if (size_[x] < size_[y]) std::swap(x, y);
    parent_[y] = x;
    size_[x] += size_[y];
  }

 private:
  std::vector<uint32_t> parent_;
  std::vector<uint32_t> size_;
};

// Groups of >= 2 documents whose values in one band are identical (compared value by value, not by hash).
// Members of a group are in ascending document order.
std::vector<std::vector<uint32_t>> IdenticalBandGroups(std::span<const uint32_t> signatures, size_t num_docs,
                                                       size_t num_perm, size_t band_begin, size_t rows) {
  const auto band_of = [&](uint32_t doc) { return signatures.data() + doc * num_perm + band_begin; };
  std::vector<std::pair<uint64_t, uint32_t>> keyed(num_docs);
  for (size_t doc = 0; doc < num_docs; ++doc) {
    keyed[doc] = {XXH3_64bits(band_of(static_cast<uint32_t>(doc)), rows * sizeof(uint32_t)),
                  static_cast<uint32_t>(doc)};
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::vector<uint32_t>> groups;
  std::vector<std::vector<uint32_t>> same_hash;  // a run of equal hashes split by actual band values
  for (size_t begin = 0; begin < keyed.size();) {
    size_t end = begin + 1;
    while (end < keyed.size() && keyed[end].first == keyed[begin].first) ++end;
    if (end - begin >= 2) {
      same_hash.clear();
      for (size_t k = begin; k < end; ++k) {
        const uint32_t doc = keyed[k].second;
        auto match = std::find_if(same_hash.begin(), same_hash.end(), [&](const std::vector<uint32_t>& group) {
          return std::memcmp(band_of(group.front()), band_of(doc), rows * sizeof(uint32_t)) == 0;
        });
        if (match == same_hash.end()) {
          same_hash.push_back({doc});
        } else {
          match->push_back(doc);
        }
      }
      for (auto& group : same_hash) {
        if (group.size() >= 2) groups.push_back(std::move(group));
      }
    }
    begin = end;
  }
  return groups;
}

size_t EqualPositions(const uint32_t* a, const uint32_t* b, size_t count) {
  size_t equal = 0;
  for (size_t i = 0; i < count; ++i) equal += a[i] == b[i];
  return equal;
}

void ValidateClusteringInput(std::span<const uint32_t> signatures, size_t num_docs, int num_perm,
                             const ClusteringOptions& options) {
  if (num_perm < 1) throw MinHashError("num_perm = " + std::to_string(num_perm) + "; expected >= 1");
  if (signatures.size() != num_docs * static_cast<size_t>(num_perm)) {
    throw MinHashError("signature array has " + std::to_string(signatures.size()) + " values; expected num_docs (" +
                       std::to_string(num_docs) + ") x num_perm (" + std::to_string(num_perm) + ")");
  }
  if (num_docs >= std::numeric_limits<uint32_t>::max()) {
    throw MinHashError("too many documents for clustering (" + std::to_string(num_docs) + "); expected < 2^32-1");
  }
  const LshParams& params = options.params;
  if (params.bands < 1 || params.rows < 1 ||
      static_cast<int64_t>(params.bands) * params.rows > static_cast<int64_t>(num_perm)) {
    throw MinHashError("LSH params bands = " + std::to_string(params.bands) + ", rows = " +
                       std::to_string(params.rows) + " do not fit num_perm = " + std::to_string(num_perm) +
                       "; expected bands >= 1, rows >= 1, bands*rows <= num_perm");
  }
  if (!(options.threshold >= 0.0 && options.threshold <= 1.0)) {
    throw MinHashError("clustering threshold = " + Number(options.threshold) + "; expected a value in [0, 1]");
  }
  if (options.keep == KeepPolicy::kLongest && options.byte_lengths.size() != num_docs) {
    throw MinHashError("keep policy 'longest' needs one byte length per document; got " +
                       std::to_string(options.byte_lengths.size()) + " for " + std::to_string(num_docs) + " documents");
  }
  if (options.threads < 0) {
    throw MinHashError("threads = " + std::to_string(options.threads) + "; expected >= 0 (0 = all cores)");
  }
}

uint32_t ChooseRepresentative(const std::vector<uint32_t>& members, const ClusteringOptions& options) {
  if (options.keep == KeepPolicy::kFirst) return members.front();
  uint32_t best = members.front();
  for (const uint32_t member : members) {
    if (options.byte_lengths[member] > options.byte_lengths[best]) best = member;
  }
  return best;
}

}  // namespace

LshParams OptimalLshParams(double threshold, int num_perm, double false_positive_weight,
                           double false_negative_weight) {
  if (!(threshold >= 0.0 && threshold <= 1.0)) {
    throw MinHashError("LSH threshold = " + Number(threshold) + "; expected a value in [0, 1]");
  }
  if (num_perm < 2) {
    throw MinHashError("LSH num_perm = " + std::to_string(num_perm) + "; expected at least 2");
  }
  if (!(false_positive_weight >= 0.0 && false_positive_weight <= 1.0) ||
      !(false_negative_weight >= 0.0 && false_negative_weight <= 1.0)) {
    throw MinHashError("LSH weights (" + Number(false_positive_weight) + ", " + Number(false_negative_weight) +
                       ") must each be in [0, 1]");
  }
  if (false_positive_weight + false_negative_weight != 1.0) {
    throw MinHashError("LSH weights (" + Number(false_positive_weight) + ", " + Number(false_negative_weight) +
                       ") must sum to exactly 1.0");
  }
  double best_error = std::numeric_limits<double>::infinity();
  LshParams best;
  for (int bands = 1; bands <= num_perm; ++bands) {
    for (int rows = 1; rows <= num_perm / bands; ++rows) {
      const LshErrorAreas areas = LshErrorAreasFor(threshold, {bands, rows});
      const double error =
          false_positive_weight * areas.false_positive + false_negative_weight * areas.false_negative;
      if (error < best_error) {
        best_error = error;
        best = {bands, rows};
      }
    }
  }
  if (best.bands < 2) {
    throw MinHashError("LSH threshold " + Number(threshold) + " with num_perm " + std::to_string(num_perm) +
                       " gives 1 band; at least 2 are needed (lower the threshold or raise num_perm)");
  }
  return best;
}

LshErrorAreas LshErrorAreasFor(double threshold, LshParams params) {
  const auto candidate = [&](double s) { return CandidateProbability(s, params.bands, params.rows); };
  const auto missed = [&](double s) { return 1.0 - candidate(s); };
  return {IntegrateGaussKronrod(candidate, 0.0, threshold, kQuadratureTolerance),
          IntegrateGaussKronrod(missed, threshold, 1.0, kQuadratureTolerance)};
}

KeepPolicy ParseKeepPolicy(std::string_view name) {
  for (KeepPolicy policy : {KeepPolicy::kFirst, KeepPolicy::kLongest}) {
    if (name == KeepPolicyName(policy)) return policy;
  }
  throw MinHashError("unknown keep policy '" + std::string(name) + "'; expected first or longest");
}

std::string_view KeepPolicyName(KeepPolicy policy) { return policy == KeepPolicy::kFirst ? "first" : "longest"; }

ClusteringResult ClusterNearDuplicates(std::span<const uint32_t> signatures, size_t num_docs, int num_perm,
                                       const ClusteringOptions& options) {
  ValidateClusteringInput(signatures, num_docs, num_perm, options);
  const size_t perm_count = static_cast<size_t>(num_perm);
  const size_t rows = static_cast<size_t>(options.params.rows);
  const int bands = options.params.bands;

  std::vector<std::vector<std::vector<uint32_t>>> groups_per_band(static_cast<size_t>(bands));
  const int team = options.threads > 0 ? options.threads : omp_get_max_threads();
#pragma omp parallel for num_threads(team) schedule(dynamic, 1)
  for (int band = 0; band < bands; ++band) {
    groups_per_band[static_cast<size_t>(band)] =
        IdenticalBandGroups(signatures, num_docs, perm_count, static_cast<size_t>(band) * rows, rows);
  }

  ClusteringResult result;
  UnionFind components(num_docs);
  const auto similar = [&](uint32_t x, uint32_t y) {
    const size_t equal = EqualPositions(signatures.data() + x * perm_count, signatures.data() + y * perm_count,
                                        perm_count);
    return static_cast<double>(equal) / static_cast<double>(perm_count) >= options.threshold;
  };
  // Within one band group, members already seen are kept per component, so a newcomer is compared with each
  // component until one member is similar enough, instead of with every earlier member.
  std::vector<std::vector<uint32_t>> seen_by_component;
  for (const auto& band_groups : groups_per_band) {
    for (const std::vector<uint32_t>& group : band_groups) {
      seen_by_component.clear();
      for (const uint32_t doc : group) {
        std::vector<uint32_t>* joined = nullptr;
        for (std::vector<uint32_t>& seen : seen_by_component) {
          if (seen.empty()) continue;
          bool connected = components.Find(seen.front()) == components.Find(doc);
          for (size_t k = 0; !connected && k < seen.size(); ++k) {
            ++result.candidate_pairs_checked;
            if (similar(seen[k], doc)) {
              components.Union(seen[k], doc);
              ++result.edges;
              connected = true;
            }
          }
          if (!connected) continue;
          if (joined == nullptr) {
            joined = &seen;
          } else {
            joined->insert(joined->end(), seen.begin(), seen.end());
            seen.clear();
          }
        }
        if (joined == nullptr) {
          seen_by_component.push_back({doc});
        } else {
          joined->push_back(doc);
        }
      }
    }
  }

  std::vector<uint32_t> root_of(num_docs);
  std::vector<uint32_t> component_size(num_docs, 0);
  for (uint32_t doc = 0; doc < num_docs; ++doc) ++component_size[root_of[doc] = components.Find(doc)];
  constexpr uint32_t kNoCluster = std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> cluster_of_root(num_docs, kNoCluster);
  std::vector<std::vector<uint32_t>> members_by_cluster;
  for (uint32_t doc = 0; doc < num_docs; ++doc) {
    const uint32_t root = root_of[doc];
    if (component_size[root] < 2) continue;
    if (cluster_of_root[root] == kNoCluster) {
      cluster_of_root[root] = static_cast<uint32_t>(members_by_cluster.size());
      members_by_cluster.emplace_back();
    }
    members_by_cluster[cluster_of_root[root]].push_back(doc);
  }
  for (std::vector<uint32_t>& members : members_by_cluster) {
    NearDuplicateCluster cluster;
    cluster.representative = ChooseRepresentative(members, options);
    const std::span<const uint32_t> representative =
        signatures.subspan(cluster.representative * perm_count, perm_count);
    for (const uint32_t member : members) {
      cluster.jaccard_to_representative.push_back(
          EstimatedJaccard(signatures.subspan(member * perm_count, perm_count), representative));
    }
    cluster.members = std::move(members);
    result.clusters.push_back(std::move(cluster));
  }
  return result;
}

}  // namespace leakgate::dedup
