// ROC analysis of a membership-inference attack: from per-example scores (higher = "member") and the true
// membership, the ROC curve, AUC, TPR at fixed FPR, attacker advantage, bootstrap confidence intervals and a
// compact log-FPR curve for reports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "audit/metrics/stats.h"

namespace leakgate::audit {

// One point per distinct score, like scikit-learn's roc_curve(drop_intermediate=False): thresholds descend, the
// first point is (0, 0) at threshold +infinity, a group of tied scores is a single step.
struct RocCurve {
  std::vector<double> thresholds;
  std::vector<double> fpr;
  std::vector<double> tpr;
  std::size_t members = 0;
  std::size_t non_members = 0;
};

// is_member[i] tells whether example i was in the training set. Needs at least one member and one non-member and
// finite scores.
RocCurve roc_curve(std::span<const double> scores, const std::vector<bool>& is_member);

// Area under the curve (trapezoids), equal to P[score(member) > score(non-member)] + P[tie] / 2.
double roc_auc(const RocCurve& roc);

// TPR at the given FPR, interpolated linearly between the two ROC points around it; where the curve has a vertical
// step at exactly that FPR, the highest TPR reached there.
double tpr_at_fpr(const RocCurve& roc, double fpr);

// max over thresholds of TPR - FPR (membership advantage, Yeom et al. 2018); balanced accuracy is (1 + it) / 2.
double max_advantage(const RocCurve& roc);

// The ROC sampled at log-spaced FPRs from min_fpr to 1 (plus FPR 0) for plots; min_fpr <= 0 means
// 1 / non-members, the smallest FPR the data can resolve.
struct RocPoint {
  double fpr = 0.0;
  double tpr = 0.0;
};
std::vector<RocPoint> compact_roc(const RocCurve& roc, std::size_t points = 50, double min_fpr = 0.0);

struct MembershipOptions {
  std::vector<double> fpr_targets{0.001, 0.01};
  std::size_t bootstrap_resamples = 1000;  // 0 disables the confidence intervals
  double confidence = 0.95;
  std::uint64_t seed = 0;
  std::size_t compact_points = 50;
};

struct TprAtFpr {
  double fpr = 0.0;
  double tpr = 0.0;
  Interval interval;  // bootstrap percentile interval; {tpr, tpr} when bootstrapping is off
};

// Everything audit.json reports for one attack.
struct MembershipMetrics {
  std::size_t members = 0;
  std::size_t non_members = 0;
  double auc = 0.5;
  Interval auc_interval;
  double advantage = 0.0;
  double balanced_accuracy = 0.5;
  std::vector<TprAtFpr> tpr_at_fpr;
  std::vector<RocPoint> roc;
  std::size_t bootstrap_resamples = 0;
  double confidence = 0.95;
  std::uint64_t seed = 0;
};

// Bootstrap: members and non-members are resampled separately with replacement (stratified, so every resample has
// both classes), AUC and TPR@FPR are recomputed on each resample and the interval is the percentile interval.
MembershipMetrics evaluate_membership(std::span<const double> scores, const std::vector<bool>& is_member,
                                      const MembershipOptions& options = {});

}  // namespace leakgate::audit
