// The reconstruction test of a privacy claim: a canary whose secret is drawn uniformly from K values can be
// reproduced from an (epsilon, delta)-DP model with probability at most e^epsilon / K + delta, because without the
// canary the model is independent of its secret (Balle, Cherubin, Hayes 2022; Hayes, Mahloujifar, Balle 2023).
// Exact reproductions of inserted canaries therefore refute large epsilons that membership statistics cannot reach.
#pragma once

#include <cstddef>
#include <vector>

namespace leakgate::audit {

// Inserted canaries that share a number of privacy units: `units` = 1 when a canary is one unit (inserted once, or
// all its copies in one person), r when its r copies count as r units and only group privacy protects it.
struct ReconstructionGroup {
  std::size_t units = 1;
  std::size_t canaries = 0;       // n: inserted canaries of the group
  std::size_t reconstructed = 0;  // j: of them, reproduced exactly
};

struct ReconstructionOptions {
  double secret_space = 1e9;  // K
  double delta = 0.0;
  double alpha = 0.05;        // 1 - confidence of the whole test (split over the groups, Bonferroni)
};

// Under (epsilon, delta)-DP with group privacy (g epsilon, g e^((g-1) epsilon) delta) for g units, the expected number
// of reconstructions in a group is at most n (e^(g epsilon) / K + g e^((g-1) epsilon) delta), so by Markov's inequality
// P[j or more] is at most that over j. The bound is the largest epsilon this rejects at level alpha / groups in some
// group; 0 when none.
struct ReconstructionResult {
  double epsilon_lower_bound = 0.0;
  // The largest epsilon the test could have refuted: the bound if every inserted canary of the best group had been
  // reproduced. An audit whose power is below the claim cannot contradict it, whatever the model leaks.
  double power = 0.0;
  double alpha = 0.05;
};

// P[j or more reconstructions in `group`] under (epsilon, delta)-DP (Markov; 1 when j is 0 or the bound exceeds 1).
double reconstruction_p_value(const ReconstructionGroup& group, double epsilon, double secret_space, double delta);

ReconstructionResult reconstruction_test(const std::vector<ReconstructionGroup>& groups,
                                         const ReconstructionOptions& options = {});

}  // namespace leakgate::audit
