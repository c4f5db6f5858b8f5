#include "dedup/minhash/quadrature.h"

#include <cmath>
#include <queue>

namespace leakgate::dedup {
namespace {

// Nodes of the 21-point Kronrod rule on [-1, 1] (positive half, descending; odd indices are the 10-point Gauss
// nodes), its weights, and the Gauss weights for those odd-index nodes.
constexpr double kKronrodNodes[11] = {
    0.995657163025808080735527280689003, 0.973906528517171720077964012084452, 0.930157491355708226001207180059508,
    0.865063366688984510732096688423493, 0.780817726586416897063717578345042, 0.679409568299024406234327365114874,
    0.562757134668604683339000099272694, 0.433395394129247190799265943165784, 0.294392862701460198131126603103866,
    0.148874338981631210884826001129720, 0.0};
constexpr double kKronrodWeights[11] = {
    0.011694638867371874278064396062192, 0.032558162307964727478818972459390, 0.054755896574351996031381300244580,
    0.075039674810919952767043140916190, 0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
    0.123491976262065851077208867254700, 0.134709217311473325928054001771707, 0.142775938577060080797094273138717,
    0.147739104901338491374841515972068, 0.149445554002916905664936468389821};
constexpr double kGaussWeights[5] = {0.066671344308688137593568809893332, 0.149451349150580593145776339657697,
                                     0.219086362515982043995534934228163, 0.269266719309996355091226921569469,
                                     0.295524224714752870173892994651938};

struct Interval {
  double lower;
  double upper;
  double integral;
  double error;
  bool operator<(const Interval& other) const { return error < other.error; }
};

Interval EvaluateRule(const std::function<double(double)>& f, double lower, double upper) {
  const double center = 0.5 * (lower + upper);
  const double half_width = 0.5 * (upper - lower);
  const double f_center = f(center);
  double kronrod = kKronrodWeights[10] * f_center;
  double gauss = 0.0;
  for (int k = 0; k < 10; ++k) {
    const double offset = half_width * kKronrodNodes[k];
    const double pair_sum = f(center - offset) + f(center + offset);
    kronrod += kKronrodWeights[k] * pair_sum;
    if (k % 2 == 1) gauss += kGaussWeights[k / 2] * pair_sum;
  }
  return {lower, upper, kronrod * half_width, std::abs(kronrod - gauss) * half_width};
}

}  // namespace

double IntegrateGaussKronrod(const std::function<double(double)>& f, double lower, double upper,
                             double absolute_tolerance, int max_intervals) {
  std::priority_queue<Interval> intervals;
  intervals.push(EvaluateRule(f, lower, upper));
  double total_error = intervals.top().error;
  while (total_error > absolute_tolerance && static_cast<int>(intervals.size()) < max_intervals) {
    const Interval worst = intervals.top();
    intervals.pop();
    const double middle = 0.5 * (worst.lower + worst.upper);
    const Interval left = EvaluateRule(f, worst.lower, middle);
    const Interval right = EvaluateRule(f, middle, worst.upper);
    total_error += left.error + right.error - worst.error;
    intervals.push(left);
    intervals.push(right);
  }
  double integral = 0.0;
  for (; !intervals.empty(); intervals.pop()) integral += intervals.top().integral;
  return integral;
}

}  // namespace leakgate::dedup
