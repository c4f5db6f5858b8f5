#include "audit/metrics/roc.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <string>

#include "audit/metrics/errors.h"

namespace leakgate::audit {
namespace {

// Examples sorted once by descending score and grouped by equal score, so that any reweighting of them (the full
// sample or a bootstrap resample) turns into a ROC curve in one linear sweep without sorting again.
struct RankedExamples {
  std::vector<double> group_scores;         // distinct scores, descending
  std::vector<std::size_t> member_groups;   // group of each member
  std::vector<std::size_t> non_member_groups;
};

RankedExamples rank_examples(std::span<const double> scores, const std::vector<bool>& is_member) {
  if (scores.size() != is_member.size()) {
    throw MetricsInputError("scores (" + std::to_string(scores.size()) + ") and membership labels (" +
                            std::to_string(is_member.size()) + ") differ in length");
  }
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (!std::isfinite(scores[i])) {
      throw MetricsInputError("score " + std::to_string(i) + " is not a finite number");
    }
  }
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  RankedExamples ranked;
  for (std::size_t index : order) {
    if (ranked.group_scores.empty() || scores[index] != ranked.group_scores.back()) {
      ranked.group_scores.push_back(scores[index]);
    }
    const std::size_t group = ranked.group_scores.size() - 1;
    (is_member[index] ? ranked.member_groups : ranked.non_member_groups).push_back(group);
  }
  if (ranked.member_groups.empty() || ranked.non_member_groups.empty()) {
    throw MetricsInputError("ROC needs at least one member and one non-member, got " +
                            std::to_string(ranked.member_groups.size()) + " members and " +
                            std::to_string(ranked.non_member_groups.size()) + " non-members");
  }
  return ranked;
}

// Fills roc from per-group counts; groups with no example (possible in a resample) add no point.
void fill_curve(const std::vector<double>& group_scores, const std::vector<std::size_t>& member_counts,
                const std::vector<std::size_t>& non_member_counts, std::size_t members, std::size_t non_members,
                RocCurve& roc) {
  roc.members = members;
  roc.non_members = non_members;
  roc.thresholds.assign(1, std::numeric_limits<double>::infinity());
  roc.fpr.assign(1, 0.0);
  roc.tpr.assign(1, 0.0);
  std::size_t true_positives = 0;
  std::size_t false_positives = 0;
  for (std::size_t group = 0; group < group_scores.size(); ++group) {
    if (member_counts[group] == 0 && non_member_counts[group] == 0) continue;
    true_positives += member_counts[group];
    false_positives += non_member_counts[group];
    roc.thresholds.push_back(group_scores[group]);
    roc.fpr.push_back(static_cast<double>(false_positives) / static_cast<double>(non_members));
    roc.tpr.push_back(static_cast<double>(true_positives) / static_cast<double>(members));
  }
}

std::vector<std::size_t> count_per_group(const std::vector<std::size_t>& groups, std::size_t group_count) {
  std::vector<std::size_t> counts(group_count, 0);
  for (std::size_t group : groups) ++counts[group];
  return counts;
}

RocCurve full_curve(const RankedExamples& ranked) {
  const std::size_t groups = ranked.group_scores.size();
  RocCurve roc;
  fill_curve(ranked.group_scores, count_per_group(ranked.member_groups, groups),
             count_per_group(ranked.non_member_groups, groups), ranked.member_groups.size(),
             ranked.non_member_groups.size(), roc);
  return roc;
}

void require_fpr(double fpr) {
  if (!(fpr >= 0.0 && fpr <= 1.0)) throw MetricsInputError("FPR target must be in [0, 1], got " + std::to_string(fpr));
}

Interval percentile_interval(std::vector<double>& values, double confidence) {
  std::sort(values.begin(), values.end());
  const double alpha = 1.0 - confidence;
  return {quantile_of_sorted(values, alpha / 2.0), quantile_of_sorted(values, 1.0 - alpha / 2.0)};
}

// Uniform index in [0, n) from 64 random bits (multiply-shift), identical on every platform.
std::size_t draw_index(std::mt19937_64& rng, std::size_t n) {
  return static_cast<std::size_t>((static_cast<unsigned __int128>(rng()) * n) >> 64);
}

}  // namespace

RocCurve roc_curve(std::span<const double> scores, const std::vector<bool>& is_member) {
  return full_curve(rank_examples(scores, is_member));
}

double roc_auc(const RocCurve& roc) {
  double area = 0.0;
  for (std::size_t i = 1; i < roc.fpr.size(); ++i) {
    area += (roc.fpr[i] - roc.fpr[i - 1]) * (roc.tpr[i] + roc.tpr[i - 1]) / 2.0;
  }
  return area;
}

double tpr_at_fpr(const RocCurve& roc, double fpr) {
  require_fpr(fpr);
  if (roc.fpr.empty() || roc.fpr.size() != roc.tpr.size() || roc.fpr.front() != 0.0) {
    throw MetricsInputError("TPR at FPR needs a ROC curve that starts at FPR 0");
  }
  // Last point with FPR <= target; the first point has FPR 0, so it exists.
  const auto after = std::upper_bound(roc.fpr.begin(), roc.fpr.end(), fpr);
  const auto last = static_cast<std::size_t>(after - roc.fpr.begin()) - 1;
  if (roc.fpr[last] == fpr || last + 1 == roc.fpr.size()) return roc.tpr[last];
  const double weight = (fpr - roc.fpr[last]) / (roc.fpr[last + 1] - roc.fpr[last]);
  return roc.tpr[last] + weight * (roc.tpr[last + 1] - roc.tpr[last]);
}

double max_advantage(const RocCurve& roc) {
  double best = 0.0;
  for (std::size_t i = 0; i < roc.fpr.size(); ++i) best = std::max(best, roc.tpr[i] - roc.fpr[i]);
  return best;
}

std::vector<RocPoint> compact_roc(const RocCurve& roc, std::size_t points, double min_fpr) {
  if (points < 2) throw MetricsInputError("a compact ROC needs at least 2 points, got " + std::to_string(points));
  if (min_fpr <= 0.0) min_fpr = 1.0 / static_cast<double>(std::max<std::size_t>(roc.non_members, 1));
  min_fpr = std::min(min_fpr, 1.0);
  std::vector<RocPoint> compact{{0.0, tpr_at_fpr(roc, 0.0)}};
  const double log_span = std::log(1.0 / min_fpr);
  for (std::size_t j = 0; j < points; ++j) {
    const double fpr = j + 1 == points ? 1.0 : min_fpr * std::exp(log_span * static_cast<double>(j) /
                                                                  static_cast<double>(points - 1));
    if (fpr <= compact.back().fpr) continue;
    compact.push_back({fpr, tpr_at_fpr(roc, fpr)});
  }
  return compact;
}

MembershipMetrics evaluate_membership(std::span<const double> scores, const std::vector<bool>& is_member,
                                      const MembershipOptions& options) {
  for (double fpr : options.fpr_targets) require_fpr(fpr);
  if (!(options.confidence > 0.0 && options.confidence < 1.0)) {
    throw MetricsInputError("confidence must be in (0, 1), got " + std::to_string(options.confidence));
  }
  const RankedExamples ranked = rank_examples(scores, is_member);
  const std::size_t groups = ranked.group_scores.size();
  const std::size_t members = ranked.member_groups.size();
  const std::size_t non_members = ranked.non_member_groups.size();
  const RocCurve roc = full_curve(ranked);

  MembershipMetrics metrics;
  metrics.members = members;
  metrics.non_members = non_members;
  metrics.auc = roc_auc(roc);
  metrics.auc_interval = {metrics.auc, metrics.auc};
  metrics.advantage = max_advantage(roc);
  metrics.balanced_accuracy = (1.0 + metrics.advantage) / 2.0;
  for (double fpr : options.fpr_targets) {
    const double tpr = tpr_at_fpr(roc, fpr);
    metrics.tpr_at_fpr.push_back({fpr, tpr, {tpr, tpr}});
  }
  metrics.roc = compact_roc(roc, options.compact_points);
  metrics.bootstrap_resamples = options.bootstrap_resamples;
  metrics.confidence = options.confidence;
  metrics.seed = options.seed;
  if (options.bootstrap_resamples == 0) return metrics;

  std::mt19937_64 rng(options.seed);
  std::vector<double> aucs(options.bootstrap_resamples);
  std::vector<std::vector<double>> tprs(options.fpr_targets.size(), std::vector<double>(options.bootstrap_resamples));
  std::vector<std::size_t> member_counts(groups);
  std::vector<std::size_t> non_member_counts(groups);
  RocCurve resampled;
  for (std::size_t b = 0; b < options.bootstrap_resamples; ++b) {
    std::fill(member_counts.begin(), member_counts.end(), 0);
    std::fill(non_member_counts.begin(), non_member_counts.end(), 0);
    for (std::size_t i = 0; i < members; ++i) ++member_counts[ranked.member_groups[draw_index(rng, members)]];
    for (std::size_t i = 0; i < non_members; ++i) {
      ++non_member_counts[ranked.non_member_groups[draw_index(rng, non_members)]];
    }
    fill_curve(ranked.group_scores, member_counts, non_member_counts, members, non_members, resampled);
    aucs[b] = roc_auc(resampled);
    for (std::size_t t = 0; t < options.fpr_targets.size(); ++t) {
      tprs[t][b] = tpr_at_fpr(resampled, options.fpr_targets[t]);
    }
  }
  metrics.auc_interval = percentile_interval(aucs, options.confidence);
  for (std::size_t t = 0; t < options.fpr_targets.size(); ++t) {
    metrics.tpr_at_fpr[t].interval = percentile_interval(tprs[t], options.confidence);
  }
  return metrics;
}

}  // namespace leakgate::audit
