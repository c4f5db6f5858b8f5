// One-run privacy audit (Steinke, Nasr, Jagielski 2023, "Privacy auditing with one (1) training run"): m canaries
// are each included in training independently with probability 1/2; the auditor guesses "in" for its top-scored
// canaries and "out" for its bottom-scored ones and abstains on the rest. From r guesses of which v are correct
// this gives an epsilon that the training run provably exceeds with confidence 1 - beta, unless the guesses got
// lucky. A lower bound above the accountant's epsilon means the DP implementation is broken.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace leakgate::audit {

struct OneRunCounts {
  std::size_t canaries = 0;  // m
  std::size_t guesses = 0;   // r, guesses that are not abstentions
  std::size_t correct = 0;   // v
};

// P[at least `correct` of the guesses are right] under the hypothesis that training is (epsilon, delta)-DP.
double one_run_p_value(const OneRunCounts& counts, double epsilon, double delta = 0.0);

// The largest epsilon that the hypothesis test rejects at level beta: training is not (epsilon, delta)-DP, with
// confidence 1 - beta. 0 when even epsilon = 0 cannot be rejected.
double one_run_epsilon_lower_bound(const OneRunCounts& counts, double beta = 0.05, double delta = 0.0);

// How many canaries the auditor guesses "in" (the highest scores) and "out" (the lowest scores).
struct AbstentionLevel {
  std::size_t guess_in = 0;
  std::size_t guess_out = 0;
};

// Guesses from canary scores (higher = more likely included); ties are broken by canary index, which is
// independent of the random inclusion.
OneRunCounts one_run_guesses(std::span<const double> scores, const std::vector<bool>& included,
                             const AbstentionLevel& level);

// guess_in = guess_out = k for k of 1%, 2.5%, 5%, 10%, 25% and 50% of the canaries (at least 1, duplicates dropped).
std::vector<AbstentionLevel> default_abstention_levels(std::size_t canaries);

struct OneRunOptions {
  double beta = 0.05;   // 1 - confidence of the whole audit
  double delta = 0.0;   // 0 audits pure epsilon-DP
};

struct OneRunResult {
  OneRunCounts counts;
  AbstentionLevel level;       // the level that gave the largest bound
  double epsilon_lower_bound = 0.0;
  double beta = 0.05;          // confidence 1 - beta holds for the reported bound
  double beta_per_level = 0.05;
  double delta = 0.0;
  std::size_t levels_tried = 0;
};

// Tries every level and reports the largest bound. Each level is tested at beta / levels (Bonferroni), so picking
// the best level after looking at the data keeps the overall confidence at 1 - beta.
OneRunResult one_run_audit(std::span<const double> scores, const std::vector<bool>& included,
                           const std::vector<AbstentionLevel>& levels, const OneRunOptions& options = {});

// The audit's power: the bound one_run_audit would give had every guess been right (each included canary scoring
// above every excluded one), the largest epsilon these canaries could ever refute.
double one_run_power(const std::vector<bool>& included, const std::vector<AbstentionLevel>& levels,
                     const OneRunOptions& options = {});

}  // namespace leakgate::audit
