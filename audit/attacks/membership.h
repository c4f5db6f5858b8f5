// Membership inference through the model interface: loss (Yeom et al. 2018), zlib-normalised loss (Carlini et al.
// 2021), min-k% token probability (Shi et al. 2023) and Min-K%++ (Zhang et al. 2024) on members vs non-members, each
// evaluated as a ROC.
#pragma once

#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "audit/metrics/roc.h"
#include "audit/model.h"

namespace leakgate::audit {

// The attacks that need only the audited model: "loss", "zlib", "min_k" and "min_k_plus_plus".
bool IsReferenceFreeAttack(std::string_view name);

struct MembershipAttackOptions {
  std::vector<std::string> attacks{"loss", "zlib", "min_k", "min_k_plus_plus"};
  double min_k_percent = 20.0;
  MembershipOptions metrics;
  std::size_t histogram_bins = 20;
};

// Counts of member and non-member losses in equal-width bins over the range of both (for the report's plot).
struct LossHistogram {
  std::vector<double> bin_edges;  // bins + 1
  std::vector<std::size_t> members;
  std::vector<std::size_t> non_members;
};

LossHistogram loss_histogram(std::span<const double> member_losses, std::span<const double> non_member_losses,
                             std::size_t bins);

struct MembershipAttackResult {
  std::map<std::string, MembershipMetrics> attacks;  // by attack name
  LossHistogram losses;
};

// Scores every member and non-member text with each requested attack (one batch of losses, one of token
// log-probabilities for min_k and one of calibrated ones for min_k_plus_plus). Both sets must be non-empty.
MembershipAttackResult RunMembershipAttacks(LanguageModel& model, std::span<const std::string> members,
                                            std::span<const std::string> non_members,
                                            const MembershipAttackOptions& options);

}  // namespace leakgate::audit
