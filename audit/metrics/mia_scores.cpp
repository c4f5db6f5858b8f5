#include "audit/metrics/mia_scores.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

#include "audit/metrics/errors.h"

namespace leakgate::audit {
namespace {

using Mask = Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic>;

bool valid_loss(double loss) { return std::isfinite(loss) && loss >= 0.0; }

[[noreturn]] void throw_invalid_loss(double loss, const std::string& where) {
  throw MetricsInputError(where + ": loss must be finite and >= 0, got " + std::to_string(loss));
}

void validate(const ReferenceLosses& observations, const std::string& name) {
  const auto n = observations.target.size();
  if (n == 0) throw MetricsInputError(name + ": no examples");
  if (observations.reference.cols() == 0) throw MetricsInputError(name + ": no reference models");
  if (observations.reference.rows() != n || observations.reference_in.rows() != n ||
      observations.reference_in.cols() != observations.reference.cols()) {
    throw MetricsInputError(name + ": target has " + std::to_string(n) + " examples but the reference losses are " +
                            std::to_string(observations.reference.rows()) + "x" +
                            std::to_string(observations.reference.cols()) + " and the IN mask " +
                            std::to_string(observations.reference_in.rows()) + "x" +
                            std::to_string(observations.reference_in.cols()));
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!valid_loss(observations.target[i])) {
      throw_invalid_loss(observations.target[i], name + " target example " + std::to_string(i));
    }
    for (Eigen::Index k = 0; k < observations.reference.cols(); ++k) {
      if (!valid_loss(observations.reference(i, k))) {
        throw_invalid_loss(observations.reference(i, k),
                           name + " example " + std::to_string(i) + " reference model " + std::to_string(k));
      }
    }
  }
}

// Gaussian fit of phi per example on one side (IN or OUT) of the reference models, as LiRA's reference code fits it
// (TF Privacy's compute_score_lira with its default median): the median as centre, the standard deviation with
// divisor n; the global variant takes the standard deviation of every example's deviations from its own median.
struct SideFit {
  std::vector<double> centre;
  std::vector<double> variance;
};

// Identical reference observations would give a zero variance and infinite scores; phi is floored at this
// standard deviation (in logit units, far below any real model-to-model spread).
constexpr double min_variance = 1e-12;

// The median of values (the mean of the two middle ones for an even count, as numpy's); reorders values.
double median_of(std::vector<double>& values) {
  const std::size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle), values.end());
  const double upper = values[middle];
  if (values.size() % 2 == 1) return upper;
  return 0.5 * (*std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle)) + upper);
}

// Variance with divisor n of values around their own mean.
double population_variance(const std::vector<double>& values) {
  double mean = 0.0;
  for (double value : values) mean += value;
  mean /= static_cast<double>(values.size());
  double squares = 0.0;
  for (double value : values) squares += (value - mean) * (value - mean);
  return squares / static_cast<double>(values.size());
}

SideFit fit_side(const Eigen::MatrixXd& phi, const Mask& reference_in, bool side_in, bool global_variance) {
  const char* side = side_in ? "IN" : "OUT";
  const auto n = phi.rows();
  SideFit fit{std::vector<double>(n), std::vector<double>(n)};
  std::vector<double> deviations;
  bool any_spread = false;
  std::vector<double> values;
  for (Eigen::Index i = 0; i < n; ++i) {
    values.clear();
    for (Eigen::Index k = 0; k < phi.cols(); ++k) {
      if (reference_in(i, k) == side_in) values.push_back(phi(i, k));
    }
    if (values.empty()) {
      throw MetricsInputError("LiRA: example " + std::to_string(i) + " has no " + side + " reference model");
    }
    if (values.size() < 2 && !global_variance) {
      throw MetricsInputError("LiRA: example " + std::to_string(i) + " has fewer than 2 " + side +
                              " reference models (use the global variance option)");
    }
    any_spread = any_spread || values.size() >= 2;
    if (!global_variance) fit.variance[i] = std::max(population_variance(values), min_variance);
    std::vector<double> sorted = values;
    fit.centre[i] = median_of(sorted);
    for (double value : values) deviations.push_back(value - fit.centre[i]);
  }
  if (global_variance) {
    if (!any_spread) {
      throw MetricsInputError(std::string("LiRA global variance: no example has 2 ") + side +
                              " reference models, so the spread between models cannot be estimated");
    }
    std::fill(fit.variance.begin(), fit.variance.end(), std::max(population_variance(deviations), min_variance));
  }
  return fit;
}

double log_normal_density(double x, double mean, double variance) {
  return -0.5 * std::log(2.0 * std::numbers::pi * variance) - (x - mean) * (x - mean) / (2.0 * variance);
}

Eigen::MatrixXd logit_confidences(const Eigen::MatrixXd& losses) { return losses.unaryExpr(&logit_confidence); }

double log_sum_exp(double a, double b) {
  const double high = std::max(a, b);
  if (high == -std::numeric_limits<double>::infinity()) return high;
  return high + std::log(std::exp(a - high) + std::exp(b - high));
}

// log of Pr(x | target) / Pr(x) for each example, Pr(. | model) = exp(-loss).
std::vector<double> log_likelihood_ratios(const ReferenceLosses& observations, const RmiaOptions& options,
                                          const std::string& name) {
  const auto n = observations.target.size();
  std::vector<double> ratios(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    // log of the sum of exp(-loss) over the reference models used, and their number.
    double log_sum = -std::numeric_limits<double>::infinity();
    std::size_t used = 0;
    for (Eigen::Index k = 0; k < observations.reference.cols(); ++k) {
      if (options.offline && observations.reference_in(i, k)) continue;
      log_sum = log_sum_exp(log_sum, -observations.reference(i, k));
      ++used;
    }
    if (used == 0) {
      throw MetricsInputError("RMIA offline: " + name + " example " + std::to_string(i) +
                              " has no OUT reference model");
    }
    double log_marginal = log_sum - std::log(static_cast<double>(used));
    if (options.offline) {
      // ((1 + a) Pr_OUT + (1 - a)) / 2, in log space.
      const double scaled_out = std::log1p(options.offline_a) + log_marginal;
      log_marginal = (options.offline_a < 1.0 ? log_sum_exp(scaled_out, std::log1p(-options.offline_a)) : scaled_out) -
                     std::log(2.0);
    }
    ratios[i] = -observations.target[i] - log_marginal;
  }
  return ratios;
}

}  // namespace

std::vector<double> loss_scores(std::span<const double> losses) {
  std::vector<double> scores;
  scores.reserve(losses.size());
  for (double loss : losses) scores.push_back(-loss);
  return scores;
}

std::size_t zlib_compressed_bits(std::string_view text) {
  uLongf size = compressBound(static_cast<uLong>(text.size()));
  std::string buffer(size, '\0');
  const int status = compress2(reinterpret_cast<Bytef*>(buffer.data()), &size,
                               reinterpret_cast<const Bytef*>(text.data()), static_cast<uLong>(text.size()),
                               Z_DEFAULT_COMPRESSION);
  if (status != Z_OK) throw std::runtime_error("zlib compress2 failed with status " + std::to_string(status));
  return static_cast<std::size_t>(size) * 8;
}

std::vector<double> zlib_ratio_scores(std::span<const double> losses, std::span<const std::string> texts) {
  if (losses.size() != texts.size()) {
    throw MetricsInputError("zlib attack: " + std::to_string(losses.size()) + " losses but " +
                            std::to_string(texts.size()) + " texts");
  }
  std::vector<double> scores;
  scores.reserve(losses.size());
  for (std::size_t i = 0; i < losses.size(); ++i) {
    scores.push_back(-losses[i] / static_cast<double>(zlib_compressed_bits(texts[i])));
  }
  return scores;
}

double min_k_percent_score(std::span<const double> token_log_probs, double k_percent) {
  if (token_log_probs.empty()) throw MetricsInputError("min-k%: the example has no tokens");
  if (!(k_percent > 0.0 && k_percent <= 100.0)) {
    throw MetricsInputError("min-k%: k must be in (0, 100], got " + std::to_string(k_percent));
  }
  const auto kept = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::floor(static_cast<double>(token_log_probs.size()) * k_percent / 100.0)));
  std::vector<double> lowest(token_log_probs.begin(), token_log_probs.end());
  std::nth_element(lowest.begin(), lowest.begin() + static_cast<std::ptrdiff_t>(kept - 1), lowest.end());
  double sum = 0.0;
  for (std::size_t i = 0; i < kept; ++i) sum += lowest[i];
  return sum / static_cast<double>(kept);
}

double min_k_plus_plus_score(std::span<const double> log_probs, std::span<const double> means,
                             std::span<const double> variances, double k_percent) {
  if (means.size() != log_probs.size() || variances.size() != log_probs.size()) {
    throw MetricsInputError("min-k%++: " + std::to_string(log_probs.size()) + " log-probabilities but " +
                            std::to_string(means.size()) + " means and " + std::to_string(variances.size()) +
                            " variances");
  }
  std::vector<double> standardised;
  standardised.reserve(log_probs.size());
  for (std::size_t t = 0; t < log_probs.size(); ++t) {
    if (!(variances[t] >= 0.0)) throw MetricsInputError("min-k%++: a variance is negative or NaN");
    if (variances[t] > 0.0) standardised.push_back((log_probs[t] - means[t]) / std::sqrt(variances[t]));
  }
  if (standardised.empty()) return std::numeric_limits<double>::lowest();
  return min_k_percent_score(standardised, k_percent);
}

double logit_confidence(double loss) {
  if (!valid_loss(loss)) throw_invalid_loss(loss, "logit confidence");
  const double positive_loss = std::max(loss, std::numeric_limits<double>::denorm_min());
  return -positive_loss - std::log(-std::expm1(-positive_loss));
}

std::vector<double> lira_online_scores(const ReferenceLosses& observations, const LiraOptions& options) {
  validate(observations, "LiRA");
  const Eigen::MatrixXd phi = logit_confidences(observations.reference);
  const SideFit in = fit_side(phi, observations.reference_in, true, options.global_variance);
  const SideFit out = fit_side(phi, observations.reference_in, false, options.global_variance);
  std::vector<double> scores(in.centre.size());
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const double target_phi = logit_confidence(observations.target[static_cast<Eigen::Index>(i)]);
    scores[i] = log_normal_density(target_phi, in.centre[i], in.variance[i]) -
                log_normal_density(target_phi, out.centre[i], out.variance[i]);
  }
  return scores;
}

std::vector<double> lira_offline_scores(const ReferenceLosses& observations, const LiraOptions& options) {
  validate(observations, "LiRA");
  const Eigen::MatrixXd phi = logit_confidences(observations.reference);
  const SideFit out = fit_side(phi, observations.reference_in, false, options.global_variance);
  std::vector<double> scores(out.centre.size());
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const double target_phi = logit_confidence(observations.target[static_cast<Eigen::Index>(i)]);
    scores[i] = (target_phi - out.centre[i]) / std::sqrt(out.variance[i]);
  }
  return scores;
}

std::vector<double> rmia_scores(const ReferenceLosses& candidates, const ReferenceLosses& population,
                                const RmiaOptions& options) {
  validate(candidates, "RMIA candidates");
  validate(population, "RMIA population");
  if (!(options.offline_a >= 0.0 && options.offline_a <= 1.0)) {
    throw MetricsInputError("RMIA: offline_a must be in [0, 1], got " + std::to_string(options.offline_a));
  }
  if (!(options.gamma > 0.0 && std::isfinite(options.gamma))) {
    throw MetricsInputError("RMIA: gamma must be > 0, got " + std::to_string(options.gamma));
  }
  const std::vector<double> candidate_ratios = log_likelihood_ratios(candidates, options, "candidate");
  std::vector<double> population_ratios = log_likelihood_ratios(population, options, "population");
  std::sort(population_ratios.begin(), population_ratios.end());
  // z is dominated by x when log LR(x) - log LR(z) >= log gamma, i.e. log LR(z) <= log LR(x) - log gamma.
  const double log_gamma = std::log(options.gamma);
  std::vector<double> scores;
  scores.reserve(candidate_ratios.size());
  for (double ratio : candidate_ratios) {
    const auto dominated = std::upper_bound(population_ratios.begin(), population_ratios.end(), ratio - log_gamma) -
                           population_ratios.begin();
    scores.push_back(static_cast<double>(dominated) / static_cast<double>(population_ratios.size()));
  }
  return scores;
}

}  // namespace leakgate::audit
