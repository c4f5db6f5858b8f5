#include "dp/accounting/prv.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <queue>
#include <stdexcept>
#include <string>
#include <vector>

#include "dp/accounting/fft.h"
#include "dp/accounting/parallel.h"
#include "dp/accounting/rdp.h"

namespace leakgate::dp {
namespace {

using Complex = std::complex<double>;

// Fraction of delta_error that the pmf tails left out may change the composition by: each step's pmf is evaluated
// only where its CDF and survival function exceed kNegligibleFraction * delta_error / (2 * total steps), so the
// composition of all steps changes by at most that fraction of delta_error in total variation (Opacus's own pmf has
// ~1e-16 rounding noise per cell there).
constexpr double kNegligibleFraction = 1e-6;

// Transform buffers up to this many values stay allocated between calls on a thread, so that the many small grids
// of a calibration do not fault their memory in again; larger ones are freed after each call.
constexpr size_t kKeptBufferSize = size_t{1} << 20;

// Widening of PrvEpsilonUpperInterval beyond what Gopi et al.'s bounds give, for the numerical differences between
// two discretisations (observed below 1e-4).
constexpr double kIntervalMargin = 0.005;

// Pmf cells evaluated on two threads from this many on.
constexpr size_t kParallelMinCells = 4096;

Complex* AcquireBuffer(FftBuffer& kept, FftBuffer& large, size_t size) {
  FftBuffer& buffer = size <= kKeptBufferSize ? kept : large;
  if (buffer.size() < size) buffer = FftBuffer(size);
  return buffer.data();
}

// The privacy loss variable of one step of the Poisson-subsampled Gaussian (Gopi et al. 2021), truncated to
// [t_min, t_max] and renormalised, with CDF and survival function each computed in the form that keeps their
// small values accurate.
class TruncatedSubsampledGaussianLoss {
 public:
  TruncatedSubsampledGaussianLoss(double sample_rate, double noise_multiplier, double t_min, double t_max)
      : q_(sample_rate), sigma_(noise_multiplier), t_min_(t_min), t_max_(t_max) {
    lowest_loss_ = q_ < 1.0 ? std::log1p(-q_) : -INFINITY;
    cdf_at_t_min_ = Cdf(t_min_);
    survival_at_t_max_ = Survival(t_max_);
    mass_ = 1.0 - cdf_at_t_min_ - survival_at_t_max_;
  }

  double lowest_loss() const { return lowest_loss_; }

  // Untruncated CDF / survival function.
  double Cdf(double t) const {
    if (t <= lowest_loss_) return 0.0;
    const auto [a, b] = ErfcArguments(t);
    return 0.5 * q_ * std::erfc(-a) + 0.5 * (1.0 - q_) * std::erfc(-b);
  }
  double Survival(double t) const {
    if (t <= lowest_loss_) return 1.0;
    const auto [a, b] = ErfcArguments(t);
    return 0.5 * q_ * std::erfc(a) + 0.5 * (1.0 - q_) * std::erfc(b);
  }

  // Truncated, renormalised CDF and survival function.
  double TruncatedCdf(double t) const {
    if (t < t_min_) return 0.0;
    if (t >= t_max_) return 1.0;
    return (Cdf(t) - cdf_at_t_min_) / mass_;
  }
  double TruncatedSurvival(double t) const {
    if (t < t_min_) return 1.0;
    if (t >= t_max_) return 0.0;
    return (Survival(t) - survival_at_t_max_) / mass_;
  }

 private:
  // With z = log((e^t + q - 1) / q), the CDF is 1 - q/2 erfc(a) - (1-q)/2 erfc(b) for these a, b.
  std::pair<double, double> ErfcArguments(double t) const {
    const double z = std::log1p(std::expm1(t) / q_);
    const double scale = 2.0 * std::sqrt(2.0) * sigma_;
    const double centre = 2.0 * z * sigma_ * sigma_;
    return {(centre - 1.0) / scale, (centre + 1.0) / scale};
  }

  double q_;
  double sigma_;
  double t_min_;
  double t_max_;
  double lowest_loss_;
  double cdf_at_t_min_;
  double survival_at_t_max_;
  double mass_;
};

// The discretisation grid t_k = t_min + k dt, k < size, as Opacus's Domain.create_aligned(-L, L, mesh).
struct Grid {
  double t_min;
  double t_max;
  int64_t size;
  double dt() const { return (t_max - t_min) / static_cast<double>(size - 1); }
  double At(int64_t k) const { return k == size - 1 ? t_max : t_min + static_cast<double>(k) * dt(); }
  int64_t zero_index() const { return size / 2 - 1; }  // t_min = -(size/2 - 1) dt
};

Grid AlignedGrid(double half_width, double mesh) {
  Grid grid{std::floor(-half_width / mesh) * mesh, std::ceil(half_width / mesh) * mesh, 0};
  const double points = std::round((grid.t_max - grid.t_min) / mesh) + 1.0;
  if (points + 1.0 > static_cast<double>(kMaxPrvGridPoints)) {
    throw ParameterError("the PRV accountant would need " + std::to_string(static_cast<int64_t>(points)) +
                         " grid points (more than " + std::to_string(kMaxPrvGridPoints) +
                         "; epsilon is in the hundreds): use the rdp accountant for these parameters");
  }
  grid.size = static_cast<int64_t>(points);
  if (grid.size % 2 == 1) {
    grid.size += 1;
    grid.t_max += mesh;
  }
  return grid;
}

struct KronrodEstimate {
  double a;
  double b;
  double integral;
  double error;  // |Kronrod 15 - Gauss 7|
  bool operator<(const KronrodEstimate& other) const { return error < other.error; }
};

template <typename Function>
KronrodEstimate GaussKronrod15(const Function& f, double a, double b) {
  static constexpr double kNodes[8] = {0.991455371120812639, 0.949107912342758525, 0.864864423359769073,
                                       0.741531185599394440, 0.586087235467691130, 0.405845151377397167,
                                       0.207784955007898468, 0.0};
  static constexpr double kKronrod[8] = {0.022935322010529225, 0.063092092629978553, 0.104790010322250184,
                                         0.140653259715525919, 0.169004726639267903, 0.190350578064785410,
                                         0.204432940075298892, 0.209482141084727828};
  static constexpr double kGauss[4] = {0.129484966168869693, 0.279705391489276668, 0.381830050505118945,
                                       0.417959183673469388};
  const double centre = 0.5 * (a + b);
  const double half = 0.5 * (b - a);
  const double f_centre = f(centre);
  double kronrod = kKronrod[7] * f_centre;
  double gauss = kGauss[3] * f_centre;
  for (int k = 0; k < 7; ++k) {
    const double sum = f(centre - half * kNodes[k]) + f(centre + half * kNodes[k]);
    kronrod += kKronrod[k] * sum;
    if (k % 2 == 1) gauss += kGauss[k / 2] * sum;
  }
  return {a, b, kronrod * half, std::abs(kronrod - gauss) * half};
}

// Globally adaptive Gauss-Kronrod over the pieces between consecutive points (as QUADPACK's qagp): the interval
// with the largest error estimate is bisected until the total error is below 1e-13 of the integral or 2000
// intervals are in use (the loss CDF is ill-conditioned next to its lowest value, where rounding noise would
// otherwise make a local criterion recurse forever).
template <typename Function>
double IntegratePiecewise(const Function& f, std::vector<double> points) {
  std::sort(points.begin(), points.end());
  std::priority_queue<KronrodEstimate> intervals;
  double integral = 0.0;
  double error = 0.0;
  for (size_t k = 0; k + 1 < points.size(); ++k) {
    if (!(points[k + 1] > points[k])) continue;
    intervals.push(GaussKronrod15(f, points[k], points[k + 1]));
  }
  const auto totals = [&] {
    integral = 0.0;
    error = 0.0;
    auto copy = intervals;
    for (; !copy.empty(); copy.pop()) {
      integral += copy.top().integral;
      error += copy.top().error;
    }
  };
  totals();
  while (!intervals.empty() && error > 1e-13 * std::abs(integral) && intervals.size() < 2000) {
    const KronrodEstimate worst = intervals.top();
    intervals.pop();
    const double middle = 0.5 * (worst.a + worst.b);
    const KronrodEstimate left = GaussKronrod15(f, worst.a, middle);
    const KronrodEstimate right = GaussKronrod15(f, middle, worst.b);
    integral += left.integral + right.integral - worst.integral;
    error += left.error + right.error - worst.error;
    intervals.push(left);
    intervals.push(right);
  }
  totals();
  return integral;
}

// Mean of the truncated loss: int_0^tmax S(t) dt - int_tmin^0 F(t) dt (no cancellation against t_max, unlike the
// equivalent t_max - int F used by Opacus), on Opacus's log-spaced breakpoints around 0.
double ContinuousMean(const TruncatedSubsampledGaussianLoss& loss, const Grid& grid) {
  const double lower = std::max(grid.t_min, loss.lowest_loss());
  std::vector<double> negative_points{lower, 0.0};
  std::vector<double> positive_points{0.0, grid.t_max};
  for (double magnitude = 1e-5; magnitude <= 0.11; magnitude *= 10.0) {
    if (-magnitude > lower) negative_points.push_back(-magnitude);
    if (magnitude < grid.t_max) positive_points.push_back(magnitude);
  }
  const auto survival = [&](double t) { return loss.TruncatedSurvival(t); };
  const auto cdf = [&](double t) { return loss.TruncatedCdf(t); };
  const double upper_part = IntegratePiecewise(survival, positive_points);
  const double lower_part = lower < 0.0 ? IntegratePiecewise(cdf, negative_points) : 0.0;
  return upper_part - lower_part;
}

// One step's pmf on the grid, pmf[k] = F(t_k + dt/2) - F(t_k - dt/2), evaluated only where it is not negligible.
struct SparsePmf {
  int64_t first_index;
  std::vector<double> values;
};

// First index in [begin, end) where `holds` (monotone: false, then true) is true, or `end`.
template <typename Predicate>
int64_t FirstIndex(int64_t begin, int64_t end, const Predicate& holds) {
  while (begin < end) {
    const int64_t middle = begin + (end - begin) / 2;
    if (holds(middle)) end = middle; else begin = middle + 1;
  }
  return begin;
}

// values[i] = f(i) for i < count, on two threads for long grids.
template <typename Function>
std::vector<double> Tabulate(int64_t count, const Function& f) {
  std::vector<double> values(static_cast<size_t>(count));
  ForRange(values.size(), values.size() >= kParallelMinCells, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) values[i] = f(static_cast<int64_t>(i));
  });
  return values;
}

SparsePmf DiscretisePmf(const TruncatedSubsampledGaussianLoss& loss, const Grid& grid, double negligible_mass) {
  const double dt = grid.dt();
  // Boundary b_k = t_k - dt/2 (b_size = t_max + dt/2): the cell k is [b_k, b_{k+1}].
  const auto boundary = [&](int64_t k) { return grid.t_min + (static_cast<double>(k) - 0.5) * dt; };
  const auto cdf_at = [&](int64_t k) { return loss.TruncatedCdf(boundary(k)); };
  const auto survival_at = [&](int64_t k) { return loss.TruncatedSurvival(boundary(k)); };
  // Split at the median: below it the CDF is accurate, above it the survival function. The cells kept run from
  // the last one whose left CDF is negligible (F(b_0) = 0) to the first one whose right survival is (S(b_size) = 0).
  const int64_t median = FirstIndex(0, grid.size, [&](int64_t k) { return cdf_at(k) >= 0.5; });
  const int64_t first_cell =
      median == 0 ? 0 : FirstIndex(0, median, [&](int64_t k) { return cdf_at(k) >= negligible_mass; }) - 1;
  const int64_t last_cell =
      FirstIndex(median, grid.size, [&](int64_t k) { return survival_at(k + 1) < negligible_mass; });
  // Each boundary's CDF or survival function is computed once and shared by the two cells it separates.
  const std::vector<double> lower_cdf =
      Tabulate(median - first_cell + 1, [&](int64_t i) { return cdf_at(first_cell + i); });
  const std::vector<double> upper_survival =
      Tabulate(last_cell - median + 2, [&](int64_t i) { return survival_at(median + i); });
  std::vector<double> values;
  values.reserve(static_cast<size_t>(last_cell - first_cell + 1));
  for (size_t i = 0; i + 1 < lower_cdf.size(); ++i) values.push_back(lower_cdf[i + 1] - lower_cdf[i]);
  for (size_t i = 0; i + 1 < upper_survival.size(); ++i) values.push_back(upper_survival[i] - upper_survival[i + 1]);
  return {first_cell, std::move(values)};
}

// Raises one step's spectrum to the power `steps` in place (binary exponentiation, ~2 log2(steps) products,
// relative error ~1e-15). Bins whose power would fall below e^-700 become exactly zero: they contribute nothing in
// double precision, and skipping them avoids slow subnormal arithmetic.
void RaiseToPower(Complex* bins, size_t count, int64_t steps) {
  const double smallest_norm = std::exp(-2.0 * 700.0 / static_cast<double>(steps));
  for (Complex& bin : std::span(bins, count)) {
    const Complex base = bin;
    if (!(std::norm(base) > smallest_norm)) {
      bin = 0.0;
      continue;
    }
    double power_re = 1.0;
    double power_im = 0.0;
    double square_re = base.real();
    double square_im = base.imag();
    for (int64_t remaining = steps;;) {
      if (remaining & 1) {
        const double re = power_re * square_re - power_im * square_im;
        power_im = power_re * square_im + power_im * square_re;
        power_re = re;
      }
      remaining >>= 1;
      if (remaining == 0) break;
      const double re = square_re * square_re - square_im * square_im;
      square_im = 2.0 * square_re * square_im;
      square_re = re;
    }
    bin = {power_re, power_im};
  }
}

// Opacus DiscretePRV.compute_epsilon's find_epsilon: with D1(i) = sum_{k>=i} p_k and D2(i) = sum_{k>=i} p_k e^-t_k,
// the first index where delta(t_i) = D1 - e^t_i D2 <= target (numpy's binary search), then
// eps = log((D1 - target) / D2). The tail sums come from per-block sums, built once, plus a partial block, so no
// grid-sized arrays are needed. `pmf(k)` gives p_k for k in [0, n).
template <typename Pmf>
class EpsilonSearch {
 public:
  EpsilonSearch(Pmf pmf, int64_t n, double t_first, double t_last)
      : pmf_(std::move(pmf)), n_(n), t_first_(t_first), t_last_(t_last),
        dt_((t_last - t_first) / static_cast<double>(n - 1)),
        // e^-t overflows below t = -700; there delta(t) is ~D1 anyway, so D2 only sums indices above it.
        first_finite_(std::clamp<int64_t>(static_cast<int64_t>(std::ceil((-700.0 - t_first) / dt_)), 0, n)) {
    // e^-t_k = e^-(t_first + block_start dt) * e^-(r dt) for k = block_start + r: one exp per block.
    decay_.resize(kBlock);
    for (int64_t r = 0; r < kBlock; ++r) decay_[r] = std::exp(-static_cast<double>(r) * dt_);
    const int64_t blocks = (n + kBlock - 1) / kBlock;
    mass_after_.assign(blocks + 1, 0.0);
    discounted_after_.assign(blocks + 1, 0.0);
    for (int64_t b = blocks - 1; b >= 0; --b) {
      const auto [mass, discounted] = PartialSums(b * kBlock);
      mass_after_[b] = mass_after_[b + 1] + mass;
      discounted_after_[b] = discounted_after_[b + 1] + discounted;
    }
  }

  double Epsilon(double target_delta) const {
    int64_t low = 0;
    int64_t high = n_;
    while (low < high) {
      const int64_t mid = low + (high - low) / 2;
      const auto [d1, d2] = TailSums(mid);
      const double negative_delta = mid >= first_finite_ ? std::exp(TAt(mid)) * d2 - d1 : -d1;
      if (negative_delta < -target_delta) low = mid + 1; else high = mid;
    }
    if (low <= 0 || low >= n_) {
      throw std::runtime_error("PRV accountant: delta " + std::to_string(target_delta) +
                               " is not reached inside the discretisation domain");
    }
    const auto [d1, d2] = TailSums(low);
    return std::log((d1 - target_delta) / d2);
  }

 private:
  static constexpr int64_t kBlock = 1024;

  double TAt(int64_t k) const { return k == n_ - 1 ? t_last_ : t_first_ + static_cast<double>(k) * dt_; }

  // Sums of p_k and p_k e^-t_k from k to the end of k's block.
  std::pair<double, double> PartialSums(int64_t k) const {
    const int64_t block_start = k / kBlock * kBlock;
    const double scale = k >= first_finite_ ? std::exp(-(t_first_ + static_cast<double>(block_start) * dt_)) : 0.0;
    double mass = 0.0;
    double discounted = 0.0;
    for (int64_t j = std::min(n_, block_start + kBlock) - 1; j >= k; --j) {
      mass += pmf_(j);
      if (j >= first_finite_) discounted += pmf_(j) * (scale * decay_[j - block_start]);
    }
    return {mass, discounted};
  }

  std::pair<double, double> TailSums(int64_t k) const {
    const auto [mass, discounted] = PartialSums(k);
    const int64_t next_block = k / kBlock + 1;
    return {mass + mass_after_[next_block], discounted + discounted_after_[next_block]};
  }

  Pmf pmf_;
  int64_t n_;
  double t_first_;
  double t_last_;
  double dt_;
  int64_t first_finite_;
  std::vector<double> decay_;
  std::vector<double> mass_after_;        // sum over blocks >= b
  std::vector<double> discounted_after_;
};

// The RDP part of Opacus's compute_safe_domain_size: the largest of the composition's RDP epsilon at delta_error / 4
// and each single step's at delta_error / (8 steps). Remembers its last answer on this thread, since a calibration
// asks for the same one on a coarse and on the default grid.
double RdpTailBound(std::span<const MechanismPhase> phases, double delta_error) {
  thread_local std::vector<MechanismPhase> last_phases;
  thread_local double last_delta_error = NAN;
  thread_local double last_bound = NAN;
  if (delta_error == last_delta_error && std::equal(phases.begin(), phases.end(), last_phases.begin(),
                                                    last_phases.end())) {
    return last_bound;
  }
  int64_t total_steps = 0;
  for (const MechanismPhase& phase : phases) total_steps += phase.steps;
  std::vector<double> composed(DefaultRdpOrders().size(), 0.0);
  double bound = -INFINITY;
  for (const MechanismPhase& phase : phases) {
    const std::vector<double> one_step = RdpOfOneStep(phase.noise_multiplier, phase.sample_rate);
    for (size_t k = 0; k < composed.size(); ++k) composed[k] += one_step[k] * static_cast<double>(phase.steps);
    bound = std::max(bound, RdpToEpsilon(one_step, delta_error / (8.0 * static_cast<double>(total_steps))).epsilon);
  }
  bound = std::max(bound, RdpToEpsilon(composed, delta_error / 4.0).epsilon);
  last_phases.assign(phases.begin(), phases.end());
  last_delta_error = delta_error;
  last_bound = bound;
  return bound;
}

// The composition of the phases' privacy loss distributions discretised as Opacus's PRVAccountant does for
// (eps_error, delta_error): domain and mesh, per-phase pmf with mean correction, FFT composition. Holds this
// thread's transform buffer, so at most one lives per thread at a time.
class DiscreteComposition {
 public:
  DiscreteComposition(std::span<const MechanismPhase> phases, double eps_error, double delta_error) {
    int64_t total_steps = 0;
    for (const MechanismPhase& phase : phases) total_steps += phase.steps;
    const double half_width = std::max(RdpTailBound(phases, delta_error), eps_error) + 3.0;
    const double mesh =
        eps_error / std::sqrt(static_cast<double>(total_steps) * std::log(12.0 / delta_error) / 2.0);
    grid_ = AlignedGrid(half_width, mesh);
    const double negligible_mass = kNegligibleFraction * delta_error / (2.0 * static_cast<double>(total_steps));

    // Every phase is placed with t = 0 at index 0 of a circular buffer (negative losses wrap to the end), so the
    // product of spectra is the composition centred the same way; the buffer is at least as long as the grid.
    fft_size_ = FftSizeAtLeast(static_cast<size_t>(grid_.size));
    const RealFft fft(fft_size_);
    // Each phase's pmf is written into the real view of a transform buffer (complex arrays may be read as arrays
    // of their real and imaginary parts), transformed, raised to its power and multiplied into the composition.
    thread_local FftBuffer kept_first;
    thread_local FftBuffer kept_second;
    Complex* composed = nullptr;
    for (const MechanismPhase& phase : phases) {
      const TruncatedSubsampledGaussianLoss loss(phase.sample_rate, phase.noise_multiplier, grid_.t_min,
                                                 grid_.t_max);
      const SparsePmf pmf = DiscretisePmf(loss, grid_, negligible_mass);
      Complex* spectrum = composed == nullptr ? AcquireBuffer(kept_first, large_first_, fft.slots())
                                              : AcquireBuffer(kept_second, large_second_, fft.slots());
      double* signal = reinterpret_cast<double*>(spectrum);
      std::fill(signal, signal + fft_size_, 0.0);
      long double discrete_mean = 0.0L;
      for (size_t j = 0; j < pmf.values.size(); ++j) {
        const int64_t k = pmf.first_index + static_cast<int64_t>(j);
        signal[SignalIndex(k)] = pmf.values[j];
        discrete_mean += static_cast<long double>(grid_.At(k)) * pmf.values[j];
      }
      const double shift = ContinuousMean(loss, grid_) - static_cast<double>(discrete_mean);
      if (std::abs(shift) >= grid_.dt() / 2.0) {
        throw std::runtime_error("PRV accountant: discrete mean differs from the continuous mean by " +
                                 std::to_string(shift) + " (more than half the mesh)");
      }
      total_shift_ += shift * static_cast<double>(phase.steps);
      fft.Forward(spectrum);
      RaiseToPower(spectrum, fft.slots(), phase.steps);
      if (composed == nullptr) {
        composed = spectrum;
      } else {
        for (size_t slot = 0; slot < fft.slots(); ++slot) composed[slot] *= spectrum[slot];
      }
    }
    fft.Inverse(composed);
    signal_ = reinterpret_cast<const double*>(composed);
  }

  int64_t grid_points() const { return grid_.size; }

  // The search for Opacus's epsilon estimate at any delta (find_epsilon, before error terms).
  auto Search() const {
    const auto composed_pmf = [this](int64_t k) { return signal_[SignalIndex(k)]; };
    return EpsilonSearch(composed_pmf, grid_.size, grid_.t_min + total_shift_, grid_.t_max + total_shift_);
  }

 private:
  size_t SignalIndex(int64_t k) const {
    const int64_t offset = k - grid_.zero_index();
    return static_cast<size_t>(offset >= 0 ? offset : offset + static_cast<int64_t>(fft_size_));
  }

  Grid grid_{};
  size_t fft_size_ = 0;
  FftBuffer large_first_;
  FftBuffer large_second_;
  const double* signal_ = nullptr;
  double total_shift_ = 0.0;
};

std::vector<MechanismPhase> ActivePhases(std::span<const MechanismPhase> phases) {
  std::vector<MechanismPhase> active;
  for (const MechanismPhase& phase : phases) {
    if (phase.steps != 0) active.push_back(phase);
  }
  return active;
}

double DeltaError(PrvBounds bounds, double delta) {
  return bounds.delta_error > 0.0 ? bounds.delta_error : delta / 1000.0;
}

}  // namespace

PrvEpsilon PrvEpsilonUpper(std::span<const MechanismPhase> phases, double delta, PrvBounds bounds) {
  const double delta_error = DeltaError(bounds, delta);
  const std::vector<MechanismPhase> active = ActivePhases(phases);
  if (active.empty()) return {0.0, bounds.eps_error, delta_error, 0};
  const DiscreteComposition composition(active, bounds.eps_error, delta_error);
  const double epsilon = composition.Search().Epsilon(delta - delta_error) + bounds.eps_error;
  return {epsilon, bounds.eps_error, delta_error, composition.grid_points()};
}

EpsilonInterval PrvEpsilonUpperInterval(std::span<const MechanismPhase> phases, double delta, PrvBounds bounds,
                                        PrvBounds coarse) {
  const double delta_error = DeltaError(bounds, delta);
  const double coarse_delta_error = DeltaError(coarse, delta);
  const std::vector<MechanismPhase> active = ActivePhases(phases);
  if (active.empty()) return {0.0, 0.0};
  const double smallest_delta = delta - 2.0 * delta_error - coarse_delta_error;
  if (!(smallest_delta > 0.0)) {
    throw ParameterError("PRV interval: delta=" + std::to_string(delta) +
                         " must exceed 2 delta_error + the coarse delta_error (use smaller delta errors)");
  }
  const DiscreteComposition composition(active, coarse.eps_error, coarse_delta_error);
  const auto search = composition.Search();
  const double lower = search.Epsilon(delta + coarse_delta_error) - coarse.eps_error;
  const double upper = search.Epsilon(smallest_delta) + coarse.eps_error + 2.0 * bounds.eps_error;
  return {lower - kIntervalMargin, upper + kIntervalMargin};
}

}  // namespace leakgate::dp
