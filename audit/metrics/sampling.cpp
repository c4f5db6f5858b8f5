#include "audit/metrics/sampling.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "audit/metrics/errors.h"
#include "audit/metrics/stats.h"

namespace leakgate::audit {

PoissonSamplingResult poisson_sampling_test(const std::vector<std::int64_t>& histogram, std::int64_t steps,
                                            double sample_rate, double alpha) {
  if (!(alpha > 0.0 && alpha < 1.0)) throw MetricsInputError("sampling test: alpha must be in (0, 1)");
  if (!(sample_rate > 0.0 && sample_rate <= 1.0)) throw MetricsInputError("sampling test: q must be in (0, 1]");
  if (steps < 0) throw MetricsInputError("sampling test: steps must be >= 0");
  if (static_cast<std::int64_t>(histogram.size()) > steps + 1) {
    throw MetricsInputError("sampling test: a unit drawn more often than the " + std::to_string(steps) + " steps");
  }
  PoissonSamplingResult result;
  result.steps = steps;
  result.sample_rate = sample_rate;
  result.alpha = alpha;
  double participations = 0.0;
  for (std::size_t k = 0; k < histogram.size(); ++k) {
    if (histogram[k] < 0) throw MetricsInputError("sampling test: negative count in the histogram");
    result.units += histogram[k];
    participations += static_cast<double>(k) * static_cast<double>(histogram[k]);
  }
  if (result.units == 0) throw MetricsInputError("sampling test: no unit in the histogram");
  const double units = static_cast<double>(result.units);
  result.observed_rate = steps > 0 ? participations / (units * static_cast<double>(steps)) : 0.0;
  // Both CDFs are step functions jumping at integers, so the supremum of their gap is at some k in 0..steps.
  double empirical = 0.0, expected = 0.0;
  for (std::int64_t k = 0; k <= steps; ++k) {
    const auto index = static_cast<std::size_t>(k);
    empirical += index < histogram.size() ? static_cast<double>(histogram[index]) / units : 0.0;
    expected += binomial_pmf(index, static_cast<std::size_t>(steps), sample_rate);
    result.distance = std::max(result.distance, std::abs(empirical - std::min(1.0, expected)));
  }
  result.critical_distance = std::sqrt(std::log(2.0 / alpha) / (2.0 * units));
  result.p_value_bound = std::min(1.0, 2.0 * std::exp(-2.0 * units * result.distance * result.distance));
  result.consistent = result.distance <= result.critical_distance;
  return result;
}

}  // namespace leakgate::audit
