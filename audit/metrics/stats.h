// Statistics the audit metrics share: the regularised incomplete beta function and its inverse, the binomial
// tail, exact Clopper-Pearson intervals, and summaries of a distribution of values.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace leakgate::audit {

// I_x(a, b) for a, b > 0 and x in [0, 1] (continued fraction, relative error ~1e-14).
double regularized_incomplete_beta(double a, double b, double x);

// The x in [0, 1] with I_x(a, b) = p (bisection, so it is exact to double precision even in the far tails).
double inverse_regularized_incomplete_beta(double a, double b, double p);

// P[Binomial(trials, p) >= successes].
double binomial_upper_tail(std::size_t successes, std::size_t trials, double p);

// P[Binomial(trials, p) = successes], computed in log space.
double binomial_pmf(std::size_t successes, std::size_t trials, double p);

// Standard normal CDF.
double normal_cdf(double z);

struct Interval {
  double lower = 0.0;
  double upper = 0.0;
};

// Exact two-sided binomial interval for successes out of trials at the given confidence (e.g. 0.95); it is what
// R's binom.test reports. trials must be > 0.
Interval clopper_pearson(std::size_t successes, std::size_t trials, double confidence = 0.95);

// A proportion together with its Clopper-Pearson interval.
struct Rate {
  std::size_t successes = 0;
  std::size_t trials = 0;
  double value = 0.0;
  Interval interval;
  double confidence = 0.95;
};
Rate rate_with_interval(std::size_t successes, std::size_t trials, double confidence = 0.95);

// The fewest trials whose two-sided 95% Clopper-Pearson interval, with no success at all, ends at or below `maximum`
// (in [0, 1]): ln(0.025) / ln(1 - maximum), so 3688 for 0.1%. Fewer cannot show a rate is at most `maximum`; for a
// maximum of 0 no number of trials can (nullopt).
std::optional<std::size_t> trials_to_bound_rate(double maximum);

// The q-quantile (q in [0, 1]) of already sorted values, interpolating linearly between order statistics like
// numpy.quantile's default.
double quantile_of_sorted(std::span<const double> sorted, double q);

// Count, mean, standard deviation (population) and the usual quantiles of a sample.
struct Distribution {
  std::size_t count = 0;
  double mean = 0.0;
  double stddev = 0.0;
  double min = 0.0;
  double p10 = 0.0;
  double p25 = 0.0;
  double median = 0.0;
  double p75 = 0.0;
  double p90 = 0.0;
  double max = 0.0;
};
// values must not be empty.
Distribution summarize(std::span<const double> values);

}  // namespace leakgate::audit
