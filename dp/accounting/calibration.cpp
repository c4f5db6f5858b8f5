#include <cmath>
#include <map>
#include <sstream>
#include <vector>

#include "dp/accounting/accounting.h"
#include "dp/accounting/prv.h"
#include "dp/accounting/rdp.h"

namespace leakgate::dp {
namespace {

constexpr double kMaxNoiseMultiplier = 1e6;

// The coarse PRV discretisation that settles most bisection steps: ten times the mesh of the default one.
constexpr PrvBounds kCoarsePrvBounds{0.1, 0.0};

// The epsilon of `steps` steps at candidate noise multipliers, as far as the bisection needs it. Its questions are
// monotone in epsilon, so an interval that contains epsilon answers them unless it straddles the threshold; only
// then is the exact value computed. For RDP the interval is the exact value; for PRV it comes from a coarse grid
// (PrvEpsilonUpperInterval). For PRV a noise so low that the grid would exceed its cap counts as "too much
// epsilon" (the cap is only reached when the RDP tail bound is in the hundreds).
class CandidateEpsilon {
 public:
  CandidateEpsilon(double sample_rate, int64_t steps, double delta, AccountantKind kind)
      : sample_rate_(sample_rate), steps_(steps), delta_(delta), kind_(kind) {}

  // holds(epsilon at noise_multiplier), for a `holds` monotone in epsilon.
  template <typename Predicate>
  bool Decide(double noise_multiplier, const Predicate& holds) {
    Candidate& candidate = candidates_[noise_multiplier];
    if (!candidate.has_exact && kind_ == AccountantKind::kPrv) {
      if (!candidate.has_interval) {
        candidate.interval = PrvInterval(noise_multiplier);
        candidate.has_interval = true;
      }
      const bool at_lower = holds(candidate.interval.lower);
      if (at_lower == holds(candidate.interval.upper)) return at_lower;
    }
    if (!candidate.has_exact) {
      candidate.exact = Exact(noise_multiplier);
      candidate.has_exact = true;
    }
    return holds(candidate.exact);
  }

 private:
  double Exact(double noise_multiplier) const {
    const MechanismPhase phase{noise_multiplier, sample_rate_, steps_};
    if (kind_ == AccountantKind::kRdp) return RdpEpsilon({&phase, 1}, delta_).epsilon;
    try {
      return PrvEpsilonUpper({&phase, 1}, delta_).epsilon_upper;
    } catch (const ParameterError&) {
      return INFINITY;
    }
  }

  // A coarse grid over the cap means the default, finer one is over it too.
  EpsilonInterval PrvInterval(double noise_multiplier) const {
    const MechanismPhase phase{noise_multiplier, sample_rate_, steps_};
    try {
      return PrvEpsilonUpperInterval({&phase, 1}, delta_, PrvBounds{}, kCoarsePrvBounds);
    } catch (const ParameterError&) {
      return {INFINITY, INFINITY};
    }
  }

  struct Candidate {
    bool has_interval = false;
    EpsilonInterval interval{0.0, 0.0};
    bool has_exact = false;
    double exact = 0.0;
  };

  double sample_rate_;
  int64_t steps_;
  double delta_;
  AccountantKind kind_;
  std::map<double, Candidate> candidates_;  // by noise multiplier: the bisection asks about its upper end again
};

}  // namespace

// Opacus's get_noise_multiplier step for step: double sigma from 10 until epsilon <= target, then bisect from
// [0, sigma] until epsilon is within the tolerance below the target, returning the upper end.
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
  CandidateEpsilon epsilon_at(sample_rate, steps, delta, kind);
  double sigma_low = 0.0;
  double sigma_high = 10.0;
  do {
    sigma_high *= 2.0;
    if (sigma_high > kMaxNoiseMultiplier) {
      std::ostringstream message;
      message << "target_epsilon=" << target_epsilon << " is unreachable at delta=" << delta
              << " with sample_rate=" << sample_rate << " and steps=" << steps << " (noise_multiplier would exceed "
              << kMaxNoiseMultiplier << ")";
      throw ParameterError(message.str());
    }
  } while (epsilon_at.Decide(sigma_high, [&](double epsilon) { return epsilon > target_epsilon; }));
  while (epsilon_at.Decide(sigma_high, [&](double epsilon) { return target_epsilon - epsilon > epsilon_tolerance; })) {
    const double sigma = (sigma_low + sigma_high) / 2.0;
    if (epsilon_at.Decide(sigma, [&](double epsilon) { return epsilon < target_epsilon; })) {
      sigma_high = sigma;
    } else {
      sigma_low = sigma;
    }
  }
  return sigma_high;
}

}  // namespace leakgate::dp
