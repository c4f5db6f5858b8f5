#include "pipeline/audit_stage/disjoint.h"

#include <xxhash.h>

#include <span>

#include "common/log.h"
#include "pipeline/audit_stage/run_inputs.h"

namespace leakgate::pipeline {

namespace {

uint64_t BandKey(std::span<const uint32_t> band) { return XXH3_64bits(band.data(), band.size_bytes()); }

}  // namespace

MemberOverlapIndex::MemberOverlapIndex(const std::vector<std::string>& member_views,
                                       const dedup::DedupOptions& options)
    : hasher_(dedup::MinHashConfig{options.num_perm, options.seed, options.hash, options.shingle, options.nfkc}),
      bands_(dedup::OptimalLshParams(options.threshold, options.num_perm, options.weight_fp, options.weight_fn)),
      threshold_(options.threshold),
      buckets_(static_cast<size_t>(bands_.bands)) {
  std::vector<std::string_view> views(member_views.begin(), member_views.end());
  signatures_ = hasher_.SignBatch(views, options.threads);
  views_ = member_views;
  const size_t width = static_cast<size_t>(hasher_.num_perm());
  for (size_t member = 0; member < member_views.size(); ++member) {
    ++copies_[member_views[member]];
    const std::span<const uint32_t> signature(signatures_.data() + member * width, width);
    for (int band = 0; band < bands_.bands; ++band) {
      const auto rows = signature.subspan(static_cast<size_t>(band * bands_.rows), static_cast<size_t>(bands_.rows));
      buckets_[static_cast<size_t>(band)][BandKey(rows)].push_back(member);
    }
  }
}

MemberOverlapIndex::Match MemberOverlapIndex::Find(const std::string& view, std::span<const uint32_t> signature,
                                                   std::size_t self) const {
  const auto copies = copies_.find(view);
  if (copies != copies_.end() && copies->second > (self == kNoMember ? 0u : 1u)) return Match::kExact;
  const size_t width = signature.size();
  for (int band = 0; band < bands_.bands; ++band) {
    const auto rows =
        std::span(signature).subspan(static_cast<size_t>(band * bands_.rows), static_cast<size_t>(bands_.rows));
    const auto& bucket = buckets_[static_cast<size_t>(band)];
    const auto found = bucket.find(BandKey(rows));
    if (found == bucket.end()) continue;
    for (size_t member : found->second) {
      if (member == self) continue;
      const std::span<const uint32_t> other(signatures_.data() + member * width, width);
      if (dedup::EstimatedJaccard(signature, other) >= threshold_) return Match::kNear;
    }
  }
  return Match::kNone;
}

std::size_t MemberOverlapIndex::MembersWithTwin() const {
  std::size_t with_twin = 0;
  const size_t width = static_cast<size_t>(hasher_.num_perm());
  for (size_t member = 0; member < views_.size(); ++member) {
    const std::span<const uint32_t> signature(signatures_.data() + member * width, width);
    if (Find(views_[member], signature, member) != Match::kNone) ++with_twin;
  }
  return with_twin;
}

std::vector<std::string> MemberOverlapIndex::Disjoint(const std::vector<std::string>& ids,
                                                      const std::vector<std::string>& views, Overlap& overlap) const {
  std::vector<std::string> kept;
  for (size_t i = 0; i < ids.size(); ++i) {
    switch (Find(views[i], hasher_.Sign(views[i]), kNoMember)) {
      case Match::kExact:
        ++overlap.exact;
        break;
      case Match::kNear:
        ++overlap.near;
        break;
      case Match::kNone:
        kept.push_back(ids[i]);
        break;
    }
  }
  return kept;
}

namespace {

nlohmann::json OverlapJson(const Overlap& overlap, std::size_t candidates) {
  return {{"candidates", candidates},
          {"excluded_exact_match", overlap.exact},
          {"excluded_near_match", overlap.near},
          {"kept", candidates - overlap.exact - overlap.near}};
}

std::vector<std::string> Views(std::vector<std::string> texts, std::size_t view_bytes) {
  if (view_bytes > 0) {
    for (auto& text : texts) text.resize(std::min(text.size(), view_bytes));
  }
  return texts;
}

}  // namespace

Split DisjointAuditSplit(Split split, const std::filesystem::path& corpus, const Config& config, std::size_t view_bytes,
                         nlohmann::json& report) {
  auto [members, non_members_read, validation_read] =
      ReadRecords(corpus, config.CorpusOptions(), split.members, split.nonmembers, split.validation);
  dedup::DedupOptions options = config.DedupOptions();
  const MemberOverlapIndex index(Views(std::move(members.texts), view_bytes), options);
  const std::size_t twins = index.MembersWithTwin();
  Overlap non_members, validation;
  const std::size_t non_member_candidates = split.nonmembers.size();
  const std::size_t validation_candidates = split.validation.size();
  split.nonmembers = index.Disjoint(split.nonmembers, Views(std::move(non_members_read.texts), view_bytes), non_members);
  split.validation = index.Disjoint(split.validation, Views(std::move(validation_read.texts), view_bytes), validation);
  report = {{"scored_text", view_bytes > 0 ? "the first " + std::to_string(view_bytes) + " bytes of each record (what "
                                                 "the model reads)"
                                           : std::string("the whole record (every window the model trained on)")},
            {"rule", "a non-member is excluded when its scored text equals a member's, or when their MinHash Jaccard "
                     "estimate (hygiene.near_dedup settings) is at least " +
                         std::to_string(options.threshold)},
            {"members", split.members.size()},
            {"training_near_duplicates",
             {{"members", split.members.size()},
              {"with_near_duplicate", twins},
              {"rate", split.members.empty() ? 0.0 : static_cast<double>(twins) / split.members.size()},
              {"not_counted", "the inserted canary copies, repeated on purpose"}}},
            {"non_members", OverlapJson(non_members, non_member_candidates)},
            {"reference_population", OverlapJson(validation, validation_candidates)}};
  const std::size_t excluded = non_members.exact + non_members.near + validation.exact + validation.near;
  if (excluded > 0) {
    common::LogInfo("audit: " + std::to_string(excluded) +
            " held-out records share their scored text with a member and are not used as non-members");
  }
  if (split.nonmembers.empty()) {
    throw common::InputError("every audit non-member shares its scored text with a member, so membership cannot be "
                     "tested (deduplicate the corpus: hygiene.exact_dedup and hygiene.near_dedup)");
  }
  return split;
}

}  // namespace leakgate::pipeline
