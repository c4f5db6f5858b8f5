#include "audit/metrics/one_run.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "audit/metrics/errors.h"
#include "audit/metrics/stats.h"

namespace leakgate::audit {
namespace {

void require_counts(const OneRunCounts& counts) {
  if (!(counts.correct <= counts.guesses && counts.guesses <= counts.canaries)) {
    throw MetricsInputError("one-run audit needs correct <= guesses <= canaries, got " +
                            std::to_string(counts.correct) + ", " + std::to_string(counts.guesses) + ", " +
                            std::to_string(counts.canaries));
  }
}

void require_delta(double delta) {
  if (!(delta >= 0.0 && delta <= 1.0)) throw MetricsInputError("delta must be in [0, 1], got " + std::to_string(delta));
}

}  // namespace

// Steinke, Nasr, Jagielski 2023 (arXiv:2305.08846), Theorem 3, their main result for (epsilon, delta)-DP; delta = 0
// gives the pure-DP statement. With q = e^eps / (1 + e^eps), the number of correct guesses W satisfies
//   P[W >= v] <= P[Binomial(r, q) >= v] + 2 m delta * max_{i = 1..v} (1/i) P[v - i <= Binomial(r, q) < v].
// The right-hand side is the p-value computed here; their Appendix D evaluates the same expression.
double one_run_p_value(const OneRunCounts& counts, double epsilon, double delta) {
  require_counts(counts);
  require_delta(delta);
  if (!(epsilon >= 0.0)) throw MetricsInputError("epsilon must be >= 0, got " + std::to_string(epsilon));
  const double q = 1.0 / (1.0 + std::exp(-epsilon));
  double p_value = binomial_upper_tail(counts.correct, counts.guesses, q);
  if (delta > 0.0) {
    double window = 0.0;  // P[v - i <= Binomial(r, q) < v]
    double worst_average = 0.0;
    for (std::size_t i = 1; i <= counts.correct; ++i) {
      window += binomial_pmf(counts.correct - i, counts.guesses, q);
      worst_average = std::max(worst_average, window / static_cast<double>(i));
    }
    p_value += 2.0 * static_cast<double>(counts.canaries) * delta * worst_average;
  }
  return std::min(p_value, 1.0);
}

double one_run_epsilon_lower_bound(const OneRunCounts& counts, double beta, double delta) {
  if (!(beta > 0.0 && beta < 1.0)) throw MetricsInputError("beta must be in (0, 1), got " + std::to_string(beta));
  // The p-value grows with epsilon; find the epsilon where it crosses beta.
  if (one_run_p_value(counts, 0.0, delta) >= beta) return 0.0;
  constexpr double largest_epsilon = 64.0;
  double lo = 0.0;
  double hi = 1.0;
  while (one_run_p_value(counts, hi, delta) < beta) {
    lo = hi;
    hi *= 2.0;
    if (hi > largest_epsilon) return largest_epsilon;
  }
  for (int iteration = 0; iteration < 60; ++iteration) {
    const double mid = 0.5 * (lo + hi);
    if (one_run_p_value(counts, mid, delta) < beta) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return lo;
}

OneRunCounts one_run_guesses(std::span<const double> scores, const std::vector<bool>& included,
                             const AbstentionLevel& level) {
  if (scores.size() != included.size()) {
    throw MetricsInputError("canary scores (" + std::to_string(scores.size()) + ") and inclusion flags (" +
                            std::to_string(included.size()) + ") differ in length");
  }
  if (level.guess_in + level.guess_out > scores.size()) {
    throw MetricsInputError("one-run audit: " + std::to_string(level.guess_in) + " 'in' plus " +
                            std::to_string(level.guess_out) + " 'out' guesses exceed the " +
                            std::to_string(scores.size()) + " canaries");
  }
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (std::isnan(scores[i])) throw MetricsInputError("canary score " + std::to_string(i) + " is NaN");
  }
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  OneRunCounts counts;
  counts.canaries = scores.size();
  counts.guesses = level.guess_in + level.guess_out;
  for (std::size_t k = 0; k < level.guess_in; ++k) counts.correct += included[order[k]] ? 1 : 0;
  for (std::size_t k = 0; k < level.guess_out; ++k) counts.correct += included[order[order.size() - 1 - k]] ? 0 : 1;
  return counts;
}

std::vector<AbstentionLevel> default_abstention_levels(std::size_t canaries) {
  std::vector<AbstentionLevel> levels;
  for (double fraction : {0.01, 0.025, 0.05, 0.10, 0.25, 0.50}) {
    const auto k = std::max<std::size_t>(1, static_cast<std::size_t>(fraction * static_cast<double>(canaries)));
    if (2 * k > canaries) break;
    if (levels.empty() || levels.back().guess_in != k) levels.push_back({k, k});
  }
  return levels;
}

OneRunResult one_run_audit(std::span<const double> scores, const std::vector<bool>& included,
                           const std::vector<AbstentionLevel>& levels, const OneRunOptions& options) {
  if (levels.empty()) throw MetricsInputError("one-run audit needs at least one abstention level");
  if (!(options.beta > 0.0 && options.beta < 1.0)) {
    throw MetricsInputError("beta must be in (0, 1), got " + std::to_string(options.beta));
  }
  OneRunResult best;
  best.beta = options.beta;
  best.beta_per_level = options.beta / static_cast<double>(levels.size());
  best.delta = options.delta;
  best.levels_tried = levels.size();
  bool first = true;
  for (const AbstentionLevel& level : levels) {
    const OneRunCounts counts = one_run_guesses(scores, included, level);
    const double bound = one_run_epsilon_lower_bound(counts, best.beta_per_level, options.delta);
    if (first || bound > best.epsilon_lower_bound) {
      best.counts = counts;
      best.level = level;
      best.epsilon_lower_bound = bound;
      first = false;
    }
  }
  return best;
}

double one_run_power(const std::vector<bool>& included, const std::vector<AbstentionLevel>& levels,
                     const OneRunOptions& options) {
  const std::vector<double> perfect(included.begin(), included.end());
  return one_run_audit(perfect, included, levels, options).epsilon_lower_bound;
}

}  // namespace leakgate::audit
