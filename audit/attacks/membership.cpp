#include "audit/attacks/membership.h"

#include <algorithm>

#include "audit/attacks/errors.h"
#include "audit/metrics/mia_scores.h"

namespace leakgate::audit {

bool IsReferenceFreeAttack(std::string_view name) {
  return name == "loss" || name == "zlib" || name == "min_k" || name == "min_k_plus_plus";
}

LossHistogram loss_histogram(std::span<const double> member_losses, std::span<const double> non_member_losses,
                             std::size_t bins) {
  if (bins == 0) throw AttackInputError("loss histogram: bins must be >= 1");
  double low = 0.0, high = 0.0;
  bool first = true;
  for (const auto losses : {member_losses, non_member_losses}) {
    for (double loss : losses) {
      low = first ? loss : std::min(low, loss);
      high = first ? loss : std::max(high, loss);
      first = false;
    }
  }
  if (high <= low) high = low + 1.0;  // all losses equal: one unit-wide range, everything in the first bin
  LossHistogram histogram;
  histogram.members.assign(bins, 0);
  histogram.non_members.assign(bins, 0);
  const double width = (high - low) / static_cast<double>(bins);
  for (std::size_t i = 0; i <= bins; ++i) histogram.bin_edges.push_back(low + width * static_cast<double>(i));
  histogram.bin_edges.back() = high;
  const auto bin_of = [&](double loss) {
    return std::min(bins - 1, static_cast<std::size_t>((loss - low) / width));
  };
  for (double loss : member_losses) ++histogram.members[bin_of(loss)];
  for (double loss : non_member_losses) ++histogram.non_members[bin_of(loss)];
  return histogram;
}

MembershipAttackResult RunMembershipAttacks(LanguageModel& model, std::span<const std::string> members,
                                            std::span<const std::string> non_members,
                                            const MembershipAttackOptions& options) {
  if (members.empty() || non_members.empty()) {
    throw AttackInputError("membership inference needs at least one member and one non-member text (got " +
                           std::to_string(members.size()) + " and " + std::to_string(non_members.size()) + ")");
  }
  for (const auto& attack : options.attacks) {
    if (!IsReferenceFreeAttack(attack)) {
      throw AttackInputError("unknown membership attack '" + attack +
                             "' (expected loss, zlib, min_k or min_k_plus_plus)");
    }
  }
  std::vector<std::string> texts(members.begin(), members.end());
  texts.insert(texts.end(), non_members.begin(), non_members.end());
  std::vector<bool> is_member(texts.size(), false);
  std::fill(is_member.begin(), is_member.begin() + static_cast<std::ptrdiff_t>(members.size()), true);

  const std::vector<double> losses = model.ExampleLosses(texts);
  MembershipAttackResult result;
  result.losses = loss_histogram(std::span(losses).first(members.size()), std::span(losses).subspan(members.size()),
                                 options.histogram_bins);
  for (const auto& attack : options.attacks) {
    std::vector<double> scores;
    if (attack == "loss") {
      scores = loss_scores(losses);
    } else if (attack == "zlib") {
      scores = zlib_ratio_scores(losses, texts);
    } else if (attack == "min_k") {
      const std::vector<std::vector<double>> token_log_probs = model.TokenLogProbs(texts);
      for (const auto& log_probs : token_log_probs) {
        // A text with no scored token (empty) says nothing: the lowest possible score.
        scores.push_back(log_probs.empty() ? -1e300 : min_k_percent_score(log_probs, options.min_k_percent));
      }
    } else {
      for (const auto& tokens : model.CalibratedTokenLogProbs(texts)) {
        std::vector<double> log_probs, means, variances;
        for (const CalibratedLogProb& token : tokens) {
          log_probs.push_back(token.log_prob);
          means.push_back(token.mean);
          variances.push_back(token.variance);
        }
        scores.push_back(min_k_plus_plus_score(log_probs, means, variances, options.min_k_percent));
      }
    }
    result.attacks[attack] = evaluate_membership(scores, is_member, options.metrics);
  }
  return result;
}

}  // namespace leakgate::audit
