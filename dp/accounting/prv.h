// Privacy-loss-random-variable (PRV) accountant of Gopi, Lee & Wutschitz 2021, with Opacus's domain, mesh,
// truncation and mean correction; the composition is computed by FFT.
#pragma once

#include <span>

#include "dp/accounting/accounting.h"

namespace leakgate::dp {

struct PrvBounds {
  double eps_error = 0.01;
  double delta_error = 0.0;  // 0 means delta / 1000, as Opacus
};

struct PrvEpsilon {
  double epsilon_upper;  // what Opacus's PRVAccountant.get_epsilon returns
  double eps_error;
  double delta_error;
  int64_t grid_points;  // size of the discretisation domain
};

// Epsilon upper estimate for the composition of `phases` at `delta`. Throws ParameterError when the domain would
// need more than kMaxPrvGridPoints points (epsilon in the hundreds: use the RDP accountant).
PrvEpsilon PrvEpsilonUpper(std::span<const MechanismPhase> phases, double delta, PrvBounds bounds = {});

inline constexpr int64_t kMaxPrvGridPoints = 16'000'000;  // ~0.6 GB of buffers; Opacus's grid skips > 1e7

}  // namespace leakgate::dp
