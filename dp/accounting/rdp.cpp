#include "dp/accounting/rdp.h"

#include <array>
#include <cmath>
#include <limits>

namespace leakgate::dp {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kMaxIntegerOrder = 63;

std::array<double, 151> MakeDefaultOrders() {
  std::array<double, 151> orders{};
  int next = 0;
  for (int tenth = 1; tenth < 100; ++tenth) orders[next++] = 1.0 + tenth / 10.0;
  for (int order = 12; order <= kMaxIntegerOrder; ++order) orders[next++] = order;
  return orders;
}

const std::array<double, 151> kDefaultOrders = MakeDefaultOrders();

// log(exp(a) + exp(b)) without overflow.
double LogAdd(double a, double b) {
  const double low = std::min(a, b);
  const double high = std::max(a, b);
  if (low == -kInf) return high;
  return std::log1p(std::exp(low - high)) + high;
}

// log(exp(a) - exp(b)) for a >= b; NaN when a < b (the series lost precision: that order is then ignored).
double LogSub(double a, double b) {
  if (a < b) return kNaN;
  if (b == -kInf) return a;
  if (a == b) return -kInf;
  const double difference = a - b;
  if (difference > 700.0) return a;
  return std::log(std::expm1(difference)) + b;
}

// log Phi(x), the standard normal log-CDF, accurate in both tails.
double LogNormalCdf(double x) {
  if (x > 6.0) return std::log1p(-0.5 * std::erfc(x / std::sqrt(2.0)));
  if (x > -20.0) return std::log(0.5 * std::erfc(-x / std::sqrt(2.0)));
  // Asymptotic series of the Mills ratio: Phi(x) = phi(x)/|x| * (1 - 1/x^2 + 3/x^4 - 15/x^6 + ...).
  const double inverse_square = 1.0 / (x * x);
  double series = 1.0;
  double term = 1.0;
  for (int k = 1; k < 12; ++k) {
    term *= -(2.0 * k - 1.0) * inverse_square;
    series += term;
  }
  return -0.5 * x * x - std::log(-x) - 0.5 * std::log(2.0 * M_PI) + std::log(series);
}

// log binomial(n, i) for integer 0 <= i <= n <= 63, tabulated once.
double LogBinomial(int n, int i) {
  static const auto table = [] {
    std::array<std::array<double, kMaxIntegerOrder + 1>, kMaxIntegerOrder + 1> values{};
    for (int top = 0; top <= kMaxIntegerOrder; ++top) {
      for (int bottom = 0; bottom <= top; ++bottom) {
        values[top][bottom] = std::lgamma(top + 1.0) - std::lgamma(bottom + 1.0) - std::lgamma(top - bottom + 1.0);
      }
    }
    return values;
  }();
  return table[n][i];
}

// log A_alpha for an integer order: a finite binomial sum.
double LogAForIntegerOrder(double log_q, double log_1mq, double sigma, int order) {
  double log_a = -kInf;
  const double inverse_two_variance = 1.0 / (2.0 * sigma * sigma);
  for (int i = 0; i <= order; ++i) {
    const double log_term = LogBinomial(order, i) + i * log_q + (order - i) * log_1mq + (i * i - i) * inverse_two_variance;
    log_a = LogAdd(log_a, log_term);
  }
  return log_a;
}

// log A_alpha for a fractional order: the integral split at z0, each half a series with generalised binomial
// coefficients (whose sign alternates past the order), summed until both terms drop below e^-30.
double LogAForFractionalOrder(double q, double log_q, double log_1mq, double sigma, double order) {
  double log_a0 = -kInf;
  double log_a1 = -kInf;
  const double z0 = sigma * sigma * std::log(1.0 / q - 1.0) + 0.5;
  const double inverse_two_variance = 1.0 / (2.0 * sigma * sigma);
  double log_abs_coefficient = 0.0;
  bool coefficient_positive = true;
  for (int i = 0;; ++i) {
    if (i > 0) {
      const double factor = order - i + 1;
      log_abs_coefficient += std::log(std::abs(factor)) - std::log(static_cast<double>(i));
      if (factor < 0) coefficient_positive = !coefficient_positive;
    }
    const double j = order - i;
    const double log_t0 = log_abs_coefficient + i * log_q + j * log_1mq;
    const double log_t1 = log_abs_coefficient + j * log_q + i * log_1mq;
    const double log_e0 = LogNormalCdf((z0 - i) / sigma);
    const double log_e1 = LogNormalCdf((j - z0) / sigma);
    const double log_s0 = log_t0 + (i * i - i) * inverse_two_variance + log_e0;
    const double log_s1 = log_t1 + (j * j - j) * inverse_two_variance + log_e1;
    if (coefficient_positive) {
      log_a0 = LogAdd(log_a0, log_s0);
      log_a1 = LogAdd(log_a1, log_s1);
    } else {
      log_a0 = LogSub(log_a0, log_s0);
      log_a1 = LogSub(log_a1, log_s1);
    }
    if (std::max(log_s0, log_s1) < -30.0 || std::isnan(log_a0) || std::isnan(log_a1)) break;
  }
  return LogAdd(log_a0, log_a1);
}

double RdpAtOrder(double q, double sigma, double order) {
  if (q == 1.0) return order / (2.0 * sigma * sigma);
  const double log_q = std::log(q);
  const double log_1mq = std::log1p(-q);
  const double log_a = order == std::floor(order)
                           ? LogAForIntegerOrder(log_q, log_1mq, sigma, static_cast<int>(order))
                           : LogAForFractionalOrder(q, log_q, log_1mq, sigma, order);
  return log_a / (order - 1.0);
}

}  // namespace

std::span<const double> DefaultRdpOrders() { return kDefaultOrders; }

std::vector<double> RdpOfOneStep(double noise_multiplier, double sample_rate) {
  std::vector<double> rdp(kDefaultOrders.size());
  for (size_t k = 0; k < kDefaultOrders.size(); ++k) rdp[k] = RdpAtOrder(sample_rate, noise_multiplier, kDefaultOrders[k]);
  return rdp;
}

RdpConversion RdpToEpsilon(std::span<const double> rdp_per_order, double delta) {
  RdpConversion best{kInf, kNaN};
  bool found = false;
  const double log_delta = std::log(delta);
  for (size_t k = 0; k < kDefaultOrders.size(); ++k) {
    const double order = kDefaultOrders[k];
    const double epsilon =
        rdp_per_order[k] - (log_delta + std::log(order)) / (order - 1.0) + std::log((order - 1.0) / order);
    if (std::isnan(epsilon)) continue;
    if (!found || epsilon < best.epsilon) {
      best = {epsilon, order};
      found = true;
    }
  }
  return best;
}

RdpConversion RdpEpsilon(std::span<const MechanismPhase> phases, double delta) {
  std::vector<double> total(kDefaultOrders.size(), 0.0);
  bool any_step = false;
  for (const MechanismPhase& phase : phases) {
    if (phase.steps == 0) continue;
    any_step = true;
    const std::vector<double> one_step = RdpOfOneStep(phase.noise_multiplier, phase.sample_rate);
    for (size_t k = 0; k < total.size(); ++k) total[k] += one_step[k] * static_cast<double>(phase.steps);
  }
  if (!any_step) return {0.0, kNaN};
  return RdpToEpsilon(total, delta);
}

}  // namespace leakgate::dp
