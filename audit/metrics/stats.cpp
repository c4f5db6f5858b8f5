#include "audit/metrics/stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "audit/metrics/errors.h"

namespace leakgate::audit {
namespace {

// Continued fraction of I_x(a, b) without its front factor, evaluated with the modified Lentz method; it converges
// fast for x < (a + 1) / (a + b + 2).
double incomplete_beta_continued_fraction(double a, double b, double x) {
  constexpr double tiny = 1e-300;
  constexpr double tolerance = 1e-15;
  constexpr int max_terms = 10000;
  double c = 1.0;
  double d = 1.0 - (a + b) * x / (a + 1.0);
  if (std::fabs(d) < tiny) d = tiny;
  d = 1.0 / d;
  double fraction = d;
  for (int m = 1; m <= max_terms; ++m) {
    const double two_m = 2.0 * m;
    // Even step: coefficient m (b - m) x / ((a + 2m - 1)(a + 2m)).
    double coefficient = m * (b - m) * x / ((a + two_m - 1.0) * (a + two_m));
    d = 1.0 + coefficient * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1.0 + coefficient / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    fraction *= d * c;
    // Odd step: coefficient -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
    coefficient = -(a + m) * (a + b + m) * x / ((a + two_m) * (a + two_m + 1.0));
    d = 1.0 + coefficient * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1.0 + coefficient / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double step = d * c;
    fraction *= step;
    if (std::fabs(step - 1.0) < tolerance) break;
  }
  return fraction;
}

void require_probability(double p, const char* name) {
  if (!(p >= 0.0 && p <= 1.0)) {
    throw MetricsInputError(std::string(name) + " must be in [0, 1], got " + std::to_string(p));
  }
}

}  // namespace

double regularized_incomplete_beta(double a, double b, double x) {
  if (!(a > 0.0 && b > 0.0)) throw MetricsInputError("incomplete beta needs a > 0 and b > 0");
  require_probability(x, "incomplete beta argument x");
  if (x == 0.0) return 0.0;
  if (x == 1.0) return 1.0;
  const double log_front =
      a * std::log(x) + b * std::log1p(-x) - (std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b));
  if (x < (a + 1.0) / (a + b + 2.0)) {
    return std::exp(log_front) * incomplete_beta_continued_fraction(a, b, x) / a;
  }
  return 1.0 - std::exp(log_front) * incomplete_beta_continued_fraction(b, a, 1.0 - x) / b;
}

double inverse_regularized_incomplete_beta(double a, double b, double p) {
  require_probability(p, "incomplete beta level p");
  if (p == 0.0) return 0.0;
  if (p == 1.0) return 1.0;
  double lo = 0.0;
  double hi = 1.0;
  // Linear bisection until the bracket is tight relative to its upper end; ~1100 halvings reach the smallest
  // normal double, so very small quantiles are still resolved.
  for (int iteration = 0; iteration < 1200; ++iteration) {
    const double mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi || hi - lo <= 1e-16 * hi) break;
    if (regularized_incomplete_beta(a, b, mid) < p) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

double binomial_upper_tail(std::size_t successes, std::size_t trials, double p) {
  require_probability(p, "binomial success probability");
  if (successes == 0) return 1.0;
  if (successes > trials) return 0.0;
  // P[X >= v] = I_p(v, n - v + 1).
  return regularized_incomplete_beta(static_cast<double>(successes), static_cast<double>(trials - successes + 1), p);
}

double binomial_pmf(std::size_t successes, std::size_t trials, double p) {
  require_probability(p, "binomial success probability");
  if (successes > trials) return 0.0;
  if (p == 0.0) return successes == 0 ? 1.0 : 0.0;
  if (p == 1.0) return successes == trials ? 1.0 : 0.0;
  const double k = static_cast<double>(successes);
  const double n = static_cast<double>(trials);
  const double log_choose = std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0);
  return std::exp(log_choose + k * std::log(p) + (n - k) * std::log1p(-p));
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

Interval clopper_pearson(std::size_t successes, std::size_t trials, double confidence) {
  if (trials == 0) throw MetricsInputError("Clopper-Pearson interval needs at least one trial");
  if (successes > trials) {
    throw MetricsInputError("Clopper-Pearson interval: successes (" + std::to_string(successes) +
                            ") exceed trials (" + std::to_string(trials) + ")");
  }
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw MetricsInputError("confidence must be in (0, 1), got " + std::to_string(confidence));
  }
  const double alpha = 1.0 - confidence;
  const double x = static_cast<double>(successes);
  const double n = static_cast<double>(trials);
  Interval interval;
  interval.lower = successes == 0 ? 0.0 : inverse_regularized_incomplete_beta(x, n - x + 1.0, alpha / 2.0);
  interval.upper = successes == trials ? 1.0 : inverse_regularized_incomplete_beta(x + 1.0, n - x, 1.0 - alpha / 2.0);
  return interval;
}

Rate rate_with_interval(std::size_t successes, std::size_t trials, double confidence) {
  Rate rate;
  rate.successes = successes;
  rate.trials = trials;
  rate.interval = clopper_pearson(successes, trials, confidence);
  rate.value = static_cast<double>(successes) / static_cast<double>(trials);
  rate.confidence = confidence;
  return rate;
}

std::optional<std::size_t> trials_to_bound_rate(double maximum) {
  if (!(maximum >= 0.0 && maximum <= 1.0)) {
    throw MetricsInputError("a rate bound must be in [0, 1], got " + std::to_string(maximum));
  }
  if (maximum == 0.0) return std::nullopt;
  if (maximum == 1.0) return 1;
  return static_cast<std::size_t>(std::ceil(std::log(0.025) / std::log1p(-maximum)));
}

double quantile_of_sorted(std::span<const double> sorted, double q) {
  if (sorted.empty()) throw MetricsInputError("quantile of an empty sample");
  require_probability(q, "quantile level");
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double weight = position - static_cast<double>(below);
  return sorted[below] + weight * (sorted[above] - sorted[below]);
}

Distribution summarize(std::span<const double> values) {
  if (values.empty()) throw MetricsInputError("cannot summarise an empty sample");
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  Distribution d;
  d.count = sorted.size();
  const double n = static_cast<double>(sorted.size());
  d.mean = std::accumulate(sorted.begin(), sorted.end(), 0.0) / n;
  double squares = 0.0;
  for (double v : sorted) squares += (v - d.mean) * (v - d.mean);
  d.stddev = std::sqrt(squares / n);
  d.min = sorted.front();
  d.p10 = quantile_of_sorted(sorted, 0.10);
  d.p25 = quantile_of_sorted(sorted, 0.25);
  d.median = quantile_of_sorted(sorted, 0.50);
  d.p75 = quantile_of_sorted(sorted, 0.75);
  d.p90 = quantile_of_sorted(sorted, 0.90);
  d.max = sorted.back();
  return d;
}

}  // namespace leakgate::audit
