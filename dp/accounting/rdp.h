// Rényi-DP accountant for the Poisson-subsampled Gaussian mechanism, with Opacus's orders and conversion.
#pragma once

#include <span>
#include <vector>

#include "dp/accounting/accounting.h"

namespace leakgate::dp {

// Opacus's default orders: 1.1, 1.2, ..., 10.9, then 12, 13, ..., 63 (151 orders).
std::span<const double> DefaultRdpOrders();

// RDP of one step at every default order (Mironov et al. 2019, computed as Opacus does).
std::vector<double> RdpOfOneStep(double noise_multiplier, double sample_rate);

struct RdpConversion {
  double epsilon;
  double alpha;  // the order attaining the minimum; NaN when every order gives NaN
};

// Smallest epsilon over the default orders for the given per-order RDP at `delta` (Balle et al. 2020, Thm 21).
RdpConversion RdpToEpsilon(std::span<const double> rdp_per_order, double delta);

// Epsilon of the composition of `phases` (phases with zero steps spend nothing; no steps at all gives 0).
RdpConversion RdpEpsilon(std::span<const MechanismPhase> phases, double delta);

}  // namespace leakgate::dp
