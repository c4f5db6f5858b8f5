#include "audit/metrics/exposure.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>
#include <string>

#include "audit/metrics/errors.h"

namespace leakgate::audit {
namespace {

void require_finite(std::span<const double> values, const char* what) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw MetricsInputError(std::string(what) + " " + std::to_string(i) + " is not a finite number");
    }
  }
}

// Density of the standard skew-normal: 2 phi(t) Phi(shape t).
double standard_skew_normal_density(double t, double shape) {
  const double normal_density = std::exp(-0.5 * t * t) / std::sqrt(2.0 * std::numbers::pi);
  return 2.0 * normal_density * normal_cdf(shape * t);
}

// 10-point Gauss-Legendre nodes and weights on [-1, 1] (symmetric half).
constexpr std::array<double, 5> legendre_nodes{0.1488743389816312, 0.4333953941292472, 0.6794095682990244,
                                               0.8650633666889845, 0.9739065285171717};
constexpr std::array<double, 5> legendre_weights{0.2955242247147529, 0.2692667193099963, 0.2190863625159820,
                                                 0.1494513491505806, 0.0666713443086881};

double integrate_panel(double from, double to, double shape) {
  const double half = 0.5 * (to - from);
  const double middle = 0.5 * (to + from);
  double sum = 0.0;
  for (std::size_t k = 0; k < legendre_nodes.size(); ++k) {
    sum += legendre_weights[k] * (standard_skew_normal_density(middle - half * legendre_nodes[k], shape) +
                                  standard_skew_normal_density(middle + half * legendre_nodes[k], shape));
  }
  return half * sum;
}

}  // namespace

double exact_exposure(double canary_log_likelihood, std::span<const double> candidate_log_likelihoods) {
  if (candidate_log_likelihoods.empty()) throw MetricsInputError("exposure: the candidate space is empty");
  if (!std::isfinite(canary_log_likelihood)) throw MetricsInputError("exposure: canary log-likelihood is not finite");
  require_finite(candidate_log_likelihoods, "exposure: candidate log-likelihood");
  const auto more_likely = std::count_if(candidate_log_likelihoods.begin(), candidate_log_likelihoods.end(),
                                         [&](double ll) { return ll > canary_log_likelihood; });
  return std::log2(static_cast<double>(candidate_log_likelihoods.size())) -
         std::log2(static_cast<double>(more_likely + 1));
}

SkewNormal fit_skew_normal(std::span<const double> sample) {
  if (sample.size() < 3) throw MetricsInputError("skew-normal fit needs at least 3 sampled candidates");
  require_finite(sample, "skew-normal fit: sample value");
  const double n = static_cast<double>(sample.size());
  double mean = 0.0;
  for (double x : sample) mean += x;
  mean /= n;
  double second = 0.0;
  double third = 0.0;
  for (double x : sample) {
    const double d = x - mean;
    second += d * d;
    third += d * d * d;
  }
  second /= n;
  third /= n;
  if (!(second > 0.0)) throw MetricsInputError("skew-normal fit: all sampled log-likelihoods are equal");
  const double skewness = std::clamp(third / std::pow(second, 1.5), -0.99, 0.99);
  // Skewness of the family is ((4 - pi) / 2) b^3 / (1 - b^2)^(3/2) with b = delta sqrt(2 / pi); solve for b^2.
  const double u = std::pow(std::fabs(skewness), 2.0 / 3.0) / std::pow((4.0 - std::numbers::pi) / 2.0, 2.0 / 3.0);
  const double b = std::copysign(std::sqrt(u / (1.0 + u)), skewness);
  const double delta = b / std::sqrt(2.0 / std::numbers::pi);
  SkewNormal fit;
  fit.shape = delta / std::sqrt(1.0 - delta * delta);
  fit.scale = std::sqrt(second / (1.0 - b * b));
  fit.location = mean - fit.scale * b;
  return fit;
}

double skew_normal_survival(const SkewNormal& distribution, double x) {
  if (!(distribution.scale > 0.0)) throw MetricsInputError("skew-normal scale must be > 0");
  const double t = (x - distribution.location) / distribution.scale;
  // Below -40 standard units the mass left out is under 2 Phi(-40) < 1e-300.
  if (t < -40.0) return 1.0;
  // Beyond 40 standard units the normal factor is below e^-800: nothing left to integrate. Panels start narrow at
  // t, where the integrand is largest and steepest, and widen geometrically up to a quarter unit.
  const double end = std::max(t, 0.0) + 40.0;
  const double steepness = std::sqrt(1.0 + distribution.shape * distribution.shape) * (1.0 + std::fabs(t));
  double width = std::min(0.25, 0.25 / steepness);
  double survival = 0.0;
  for (double from = t; from < end; from += width, width = std::min(0.25, width * 1.5)) {
    survival += integrate_panel(from, from + width, distribution.shape);
  }
  return std::min(survival, 1.0);
}

double approximate_exposure(double canary_log_likelihood, std::span<const double> sampled_log_likelihoods) {
  if (!std::isfinite(canary_log_likelihood)) throw MetricsInputError("exposure: canary log-likelihood is not finite");
  const double survival = skew_normal_survival(fit_skew_normal(sampled_log_likelihoods), canary_log_likelihood);
  return -std::log2(std::max(survival, std::numeric_limits<double>::min()));
}

std::vector<ExposureByRepetition> exposure_by_repetition(std::span<const CanaryExposure> canaries) {
  std::map<std::size_t, std::vector<double>> groups;
  for (const CanaryExposure& canary : canaries) groups[canary.repetitions].push_back(canary.exposure_bits);
  std::vector<ExposureByRepetition> result;
  for (const auto& [repetitions, bits] : groups) result.push_back({repetitions, summarize(bits)});
  return result;
}

}  // namespace leakgate::audit
