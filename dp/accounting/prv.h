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

struct EpsilonInterval {
  double lower;
  double upper;
};

// An interval that contains PrvEpsilonUpper(phases, delta, bounds), from a discretisation with the larger error
// bounds `coarse`, i.e. a smaller grid. By the accountant's error bound (Gopi et al. 2021), applied to both
// discretisations, the upper estimate lies between the true epsilon at delta and the true epsilon at
// delta - 2 delta_error plus 2 eps_error, and the coarse estimates at delta + coarse delta_error and at
// delta - 2 delta_error - coarse delta_error bound those (plus a small margin). Throws as PrvEpsilonUpper does.
EpsilonInterval PrvEpsilonUpperInterval(std::span<const MechanismPhase> phases, double delta, PrvBounds bounds,
                                        PrvBounds coarse);

inline constexpr int64_t kMaxPrvGridPoints = 16'000'000;  // 200 MB of FFT buffer per phase; Opacus skips > 1e7

}  // namespace leakgate::dp
