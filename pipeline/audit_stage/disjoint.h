// Ground truth for the audits: a non-member only counts as one when the model cannot have seen its scored text,
// neither as an exact copy nor as a near duplicate of a member's scored text.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <string>
#include <vector>

#include "dedup/dedup.h"
#include "pipeline/config.h"
#include "pipeline/train/split.h"

namespace leakgate::pipeline {

struct Overlap {
  std::size_t exact = 0;  // scored text equal to a member's
  std::size_t near = 0;   // MinHash Jaccard estimate at or above the threshold with a member's
};

// Indexes the members' scored texts once; tells which candidates overlap one of them. Near matches use the
// hygiene stage's MinHash settings (shingles, permutations, seed) and its Jaccard threshold, found through LSH bands.
class MemberOverlapIndex {
 public:
  MemberOverlapIndex(const std::vector<std::string>& member_views, const dedup::DedupOptions& options);

  // How many members have another member with an equal or near-equal scored text: what deduplication left.
  std::size_t MembersWithTwin() const;

  // Keeps the candidates that overlap no member; counts the others in `overlap`.
  std::vector<std::string> Disjoint(const std::vector<std::string>& ids, const std::vector<std::string>& views,
                                    Overlap& overlap) const;

 private:
  enum class Match { kNone, kExact, kNear };
  // The first member (other than `self`) the view equals or nearly equals.
  Match Find(const std::string& view, std::span<const std::uint32_t> signature, std::size_t self) const;

  static constexpr std::size_t kNoMember = static_cast<std::size_t>(-1);

  dedup::MinHasher hasher_;
  std::vector<std::string> views_;
  dedup::LshParams bands_;
  double threshold_;
  std::vector<std::uint32_t> signatures_;  // member i at [i * num_perm, (i + 1) * num_perm)
  std::unordered_map<std::string, std::size_t> copies_;  // scored text -> members with it
  std::vector<std::unordered_map<std::uint64_t, std::vector<std::size_t>>> buckets_;  // per band: key -> members
};

// The split the audits may use: audit non-members and validation records (the reference attacks' population) whose
// scored text overlaps a member's are dropped. The scored text is the record's first `view_bytes` bytes (0: all of
// it). Writes what was dropped, and why, to `report`.
Split DisjointAuditSplit(Split split, const std::filesystem::path& corpus, const Config& config, std::size_t view_bytes,
                         nlohmann::json& report);

}  // namespace leakgate::pipeline
