// Canary exposure (Carlini et al. 2019, "The Secret Sharer"): how far up the ranking of all possible secrets the
// model puts an inserted canary, in bits: exposure = log2 |R| - log2 rank. log2 |R| bits means the model ranks the
// canary first; ~0 bits means it is not special to the model.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "audit/metrics/stats.h"

namespace leakgate::audit {

// Exact exposure from the log-likelihoods of every candidate in the space R (the canary included). rank is 1 plus
// the number of candidates the model finds strictly more likely, so ties count in the canary's favour and the
// exposure errs on the side of reporting a leak.
double exact_exposure(double canary_log_likelihood, std::span<const double> candidate_log_likelihoods);

// Skew-normal distribution with location xi, scale omega > 0 and shape alpha (alpha = 0 is the normal).
struct SkewNormal {
  double location = 0.0;
  double scale = 1.0;
  double shape = 0.0;
};

// Method-of-moments fit: sample mean, variance and skewness matched to the skew-normal's; the sample skewness is
// clipped to +-0.99, inside the family's range (|skewness| < 0.9953).
SkewNormal fit_skew_normal(std::span<const double> sample);

// P[X >= x] by Gauss-Legendre quadrature of the density over the upper tail (no cancellation, so it keeps its
// relative accuracy far into the tail).
double skew_normal_survival(const SkewNormal& distribution, double x);

// Exposure for a space too large to enumerate: fit a skew-normal to the log-likelihoods of candidates sampled
// uniformly from the space and return -log2 P[log-likelihood >= the canary's] under the fit (at most 1022 bits,
// where the tail probability leaves the double range).
double approximate_exposure(double canary_log_likelihood, std::span<const double> sampled_log_likelihoods);

// One canary's measured exposure and how often it was repeated in the training data.
struct CanaryExposure {
  std::size_t repetitions = 0;
  double exposure_bits = 0.0;
};

struct ExposureByRepetition {
  std::size_t repetitions = 0;
  Distribution exposure_bits;
};

// Exposure distribution per repetition count, ascending by repetitions.
std::vector<ExposureByRepetition> exposure_by_repetition(std::span<const CanaryExposure> canaries);

}  // namespace leakgate::audit
