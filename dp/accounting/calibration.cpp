#include <cmath>
#include <sstream>
#include <vector>

#include "dp/accounting/accounting.h"
#include "dp/accounting/prv.h"
#include "dp/accounting/rdp.h"

namespace leakgate::dp {
namespace {

constexpr double kMaxNoiseMultiplier = 1e6;

// Epsilon of `steps` steps at noise_multiplier; for PRV a noise so low that the grid would exceed its cap counts as
// "too much epsilon" (the cap is only reached when the RDP tail bound is in the hundreds).
double EpsilonForCalibration(double noise_multiplier, double sample_rate, int64_t steps, double delta,
                             AccountantKind kind) {
  const MechanismPhase phase{noise_multiplier, sample_rate, steps};
  if (kind == AccountantKind::kRdp) return RdpEpsilon({&phase, 1}, delta).epsilon;
  try {
    return PrvEpsilonUpper({&phase, 1}, delta).epsilon_upper;
  } catch (const ParameterError&) {
    return INFINITY;
  }
}

}  // namespace

double GetNoiseMultiplier(double target_epsilon, double delta, double sample_rate, int64_t steps,
                          AccountantKind kind, double epsilon_tolerance) {
  ValidateEpsilon(target_epsilon);
  ValidateDelta(delta);
  ValidateSampleRate(sample_rate);
  ValidateSteps(steps);
  ValidateEpsilon(epsilon_tolerance, "epsilon_tolerance");
  if (steps == 0) {
    throw ParameterError("steps must be > 0 to calibrate a noise multiplier (no step spends no privacy)");
  }
  double sigma_low = 0.0;
  double sigma_high = 10.0;
  double epsilon_high = INFINITY;
  while (epsilon_high > target_epsilon) {
    sigma_high *= 2.0;
    epsilon_high = EpsilonForCalibration(sigma_high, sample_rate, steps, delta, kind);
    if (sigma_high > kMaxNoiseMultiplier) {
      std::ostringstream message;
      message << "target_epsilon=" << target_epsilon << " is unreachable at delta=" << delta
              << " with sample_rate=" << sample_rate << " and steps=" << steps << " (noise_multiplier would exceed "
              << kMaxNoiseMultiplier << ")";
      throw ParameterError(message.str());
    }
  }
  while (target_epsilon - epsilon_high > epsilon_tolerance) {
    const double sigma = (sigma_low + sigma_high) / 2.0;
    const double epsilon = EpsilonForCalibration(sigma, sample_rate, steps, delta, kind);
    if (epsilon < target_epsilon) {
      sigma_high = sigma;
      epsilon_high = epsilon;
    } else {
      sigma_low = sigma;
    }
  }
  return sigma_high;
}

}  // namespace leakgate::dp
