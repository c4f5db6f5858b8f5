// LSH banding over MinHash signatures: datasketch's optimal (bands, rows) choice and near-duplicate clustering.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace leakgate::dedup {

// LSH banding: `bands` bands of `rows` consecutive signature values; values past bands*rows are unused.
struct LshParams {
  int bands = 0;
  int rows = 0;
  bool operator==(const LshParams&) const = default;
};

// datasketch MinHashLSH's (b, r): minimises w_fp*FP + w_fn*FN over b = 1..num_perm, r = 1..num_perm/b (first
// minimum in that order wins), where FP/FN are the areas under the S-curve below/above the threshold.
// Validates as the MinHashLSH constructor does: threshold in [0, 1], num_perm >= 2, weights in [0, 1] with sum
// exactly 1, and the result needs b >= 2. Throws MinHashError otherwise.
LshParams OptimalLshParams(double threshold, int num_perm, double false_positive_weight = 0.5,
                           double false_negative_weight = 0.5);

// The weighted error datasketch minimises, for reporting: {false-positive area, false-negative area}.
struct LshErrorAreas {
  double false_positive;
  double false_negative;
};
LshErrorAreas LshErrorAreasFor(double threshold, LshParams params);

// Which cluster member is kept as the representative.
enum class KeepPolicy {
  kFirst,    // lowest document index
  kLongest,  // largest byte length, ties -> lowest index
};
// Parses "first" or "longest"; throws MinHashError otherwise.
KeepPolicy ParseKeepPolicy(std::string_view name);
std::string_view KeepPolicyName(KeepPolicy policy);

struct NearDuplicateCluster {
  std::vector<uint32_t> members;                 // document indices, ascending
  uint32_t representative = 0;                   // one of `members`, chosen by the keep policy
  std::vector<double> jaccard_to_representative;  // estimated Jaccard of members[i] to the representative
};

struct ClusteringResult {
  std::vector<NearDuplicateCluster> clusters;  // components of size >= 2, ordered by their lowest member
  uint64_t candidate_pairs_checked = 0;        // Jaccard estimates computed for pairs sharing a band
  uint64_t edges = 0;                          // checked pairs with Jaccard >= threshold that joined two components
};

struct ClusteringOptions {
  double threshold = 0.8;  // edge when EstimatedJaccard >= threshold
  LshParams params;        // bands * rows <= num_perm
  KeepPolicy keep = KeepPolicy::kFirst;
  std::span<const uint64_t> byte_lengths;  // per document; required for KeepPolicy::kLongest
  int threads = 0;                         // for grouping band values (0 = all cores); results do not depend on it
};

// Connected components of the graph "shares an identical band AND estimated Jaccard >= threshold" over
// `signatures` (num_docs x num_perm, row i = document i), as datasketch MinHashLSH insert + query + union-find
// gives. Pairs already in one component are not re-checked. Throws MinHashError on inconsistent sizes/params.
ClusteringResult ClusterNearDuplicates(std::span<const uint32_t> signatures, size_t num_docs, int num_perm,
                                       const ClusteringOptions& options);

}  // namespace leakgate::dedup
