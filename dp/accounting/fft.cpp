#include "dp/accounting/fft.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <thread>

namespace leakgate::dp {
namespace {

using Complex = std::complex<double>;

// Largest transform done directly (iterative radix-2); above it the four-step split keeps every pass in cache.
constexpr size_t kDirectMaxSize = size_t{1} << 12;

bool IsPowerOfTwo(size_t n) { return n != 0 && (n & (n - 1)) == 0; }

// Scratch buffers up to this many elements stay allocated between calls.
constexpr size_t kKeptScratchSize = size_t{1} << 20;

// Transforms at least this long split their independent row transforms over two threads.
constexpr size_t kParallelMinSize = size_t{1} << 17;

// Runs body(begin, end) over [0, count), in two halves on two threads when `parallel`.
template <typename Body>
void ForRange(size_t count, bool parallel, const Body& body) {
  if (!parallel || count < 2) {
    body(0, count);
    return;
  }
  std::thread helper([&] { body(count / 2, count); });
  body(0, count / 2);
  helper.join();
}

// Scratch memory reused across calls on the same thread (avoids re-faulting hundreds of MB per transform):
// slot 0 holds the packed real signal, 1 the four-step scratch of 2^k lengths, 2 that of 3 * 2^k lengths.
thread_local std::vector<Complex> scratch_buffers[3];

std::vector<Complex>& Scratch(int slot, size_t n) {
  if (scratch_buffers[slot].size() < n) scratch_buffers[slot].resize(n);
  return scratch_buffers[slot];
}

Complex Multiply(Complex a, Complex b) {
  return {a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real()};
}

// exp(sign * 2 pi i m / n) for any m in [0, n), from two tables of ~sqrt(n) entries (error ~2 ulp).
class Twiddles {
 public:
  Twiddles(size_t n, int sign) : n_(n) {
    shift_ = 0;
    while ((size_t{1} << (2 * shift_)) < n) ++shift_;
    const size_t low_count = size_t{1} << shift_;
    const size_t high_count = n / low_count + 1;
    low_.resize(low_count);
    high_.resize(high_count);
    for (size_t m = 0; m < low_count; ++m) low_[m] = Root(m, sign);
    for (size_t m = 0; m < high_count; ++m) high_[m] = Root(m * low_count, sign);
  }
  Complex operator()(size_t m) const { return Multiply(high_[m >> shift_], low_[m & ((size_t{1} << shift_) - 1)]); }

 private:
  Complex Root(size_t m, int sign) const {
    const double angle = 2.0 * M_PI * static_cast<double>(m) / static_cast<double>(n_);
    return {std::cos(angle), sign * std::sin(angle)};
  }
  size_t n_;
  int shift_;
  std::vector<Complex> low_;
  std::vector<Complex> high_;
};

void DirectFft(Complex* a, size_t n, int sign) {
  for (size_t i = 1, j = 0; i < n; ++i) {
    size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  thread_local std::vector<Complex> roots;
  thread_local size_t roots_size = 0;
  thread_local int roots_sign = 0;
  if (roots_size != n || roots_sign != sign) {
    roots.resize(n / 2);
    for (size_t k = 0; k < n / 2; ++k) {
      const double angle = 2.0 * M_PI * static_cast<double>(k) / static_cast<double>(n);
      roots[k] = {std::cos(angle), sign * std::sin(angle)};
    }
    roots_size = n;
    roots_sign = sign;
  }
  for (size_t length = 2; length <= n; length <<= 1) {
    const size_t half = length >> 1;
    const size_t stride = n / length;
    for (size_t start = 0; start < n; start += length) {
      for (size_t k = 0; k < half; ++k) {
        const Complex even = a[start + k];
        const Complex odd = Multiply(a[start + k + half], roots[k * stride]);
        a[start + k] = even + odd;
        a[start + k + half] = even - odd;
      }
    }
  }
}

// out (cols x rows) = transpose of in (rows x cols), in cache-sized blocks; large ones on two threads.
void Transpose(const Complex* in, Complex* out, size_t rows, size_t cols) {
  constexpr size_t kBlock = 32;
  const size_t row_blocks = (rows + kBlock - 1) / kBlock;
  ForRange(row_blocks, rows * cols >= kParallelMinSize, [&](size_t first_block, size_t end_block) {
    for (size_t r0 = first_block * kBlock; r0 < std::min(rows, end_block * kBlock); r0 += kBlock) {
      for (size_t c0 = 0; c0 < cols; c0 += kBlock) {
        const size_t r1 = std::min(rows, r0 + kBlock);
        const size_t c1 = std::min(cols, c0 + kBlock);
        for (size_t r = r0; r < r1; ++r) {
          for (size_t c = c0; c < c1; ++c) out[c * rows + r] = in[r * cols + c];
        }
      }
    }
  });
}

// Three-point DFT in place.
void Dft3(Complex* a, int sign) {
  const double sine = sign * std::sqrt(3.0) / 2.0;
  const Complex sum = a[1] + a[2];
  const Complex difference = a[1] - a[2];
  const Complex rotated{-sine * difference.imag(), sine * difference.real()};  // i * sine * difference
  const Complex base = a[0] - 0.5 * sum;
  a[0] += sum;
  a[1] = base + rotated;
  a[2] = base - rotated;
}

// Four-step FFT, n = n1 * n2: n2 transforms of length n1 on the columns, twiddle, n1 of length n2 on the rows.
// n1 = 3 peels off the factor 3 of a 3 * 2^k length.
void FourStepFft(Complex* a, size_t n, int sign) {
  size_t n1 = 1;
  if (n % 3 == 0) {
    n1 = 3;
  } else {
    while (n1 * n1 < n) n1 <<= 1;
  }
  const size_t n2 = n / n1;
  const bool parallel = n >= kParallelMinSize;
  std::vector<Complex>& scratch = Scratch(n1 == 3 ? 2 : 1, n);
  Transpose(a, scratch.data(), n1, n2);  // scratch[j2][j1] = a[j1 * n2 + j2]
  const Twiddles twiddles(n, sign);
  ForRange(n2, parallel && n1 > 3, [&](size_t begin, size_t end) {
    for (size_t j2 = begin; j2 < end; ++j2) {
      Complex* row = scratch.data() + j2 * n1;
      ComplexFft(row, n1, sign);
      for (size_t k1 = 1; k1 < n1; ++k1) row[k1] = Multiply(row[k1], twiddles(j2 * k1));
    }
  });
  Transpose(scratch.data(), a, n2, n1);  // a[k1][j2]
  ForRange(n1, parallel && n1 > 3, [&](size_t begin, size_t end) {
    for (size_t k1 = begin; k1 < end; ++k1) ComplexFft(a + k1 * n2, n2, sign);
  });
  Transpose(a, scratch.data(), n1, n2);  // scratch[k2][k1] = X[k1 + n1 * k2]
  std::copy(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(n), a);
}

}  // namespace

void ReleaseLargeFftScratch() {
  for (std::vector<Complex>& buffer : scratch_buffers) {
    if (buffer.size() > kKeptScratchSize) std::vector<Complex>().swap(buffer);
  }
}

bool IsFftSize(size_t n) { return IsPowerOfTwo(n) || (n % 3 == 0 && IsPowerOfTwo(n / 3)); }

size_t FftSizeAtLeast(size_t n) {
  size_t power = 1;
  while (power < n) power <<= 1;
  const size_t three_times = 3 * (power / 4);
  return three_times >= n && three_times > 0 ? three_times : power;
}

void ComplexFft(Complex* data, size_t n, int sign) {
  if (!IsFftSize(n)) throw std::logic_error("ComplexFft: length must be 2^k or 3 * 2^k");
  if (n == 3) {
    Dft3(data, sign);
  } else if (n <= kDirectMaxSize && IsPowerOfTwo(n)) {
    DirectFft(data, n, sign);
  } else {
    FourStepFft(data, n, sign);
  }
}

RealFft::RealFft(size_t size) : size_(size) {
  if (size < 4 || size % 2 != 0 || !IsFftSize(size / 2)) {
    throw std::logic_error("RealFft: size must be 2^k or 3 * 2^k, at least 4");
  }
}

// The real signal is packed as half as many complex numbers z[m] = x[2m] + i x[2m+1]; its spectrum Z gives the even
// and odd halves E[k] = (Z[k] + conj Z[-k]) / 2, O[k] = (Z[k] - conj Z[-k]) / 2i and X[k] = E[k] + w^k O[k].
void RealFft::Forward(const std::vector<double>& signal, std::vector<Complex>& spectrum) const {
  const size_t half = size_ / 2;
  std::vector<Complex>& packed = Scratch(0, half);
  for (size_t m = 0; m < half; ++m) packed[m] = {signal[2 * m], signal[2 * m + 1]};
  ComplexFft(packed.data(), half, -1);
  spectrum.resize(half + 1);
  const Twiddles twiddles(size_, -1);
  for (size_t k = 0; k <= half; ++k) {
    const Complex z = packed[k % half];
    const Complex z_mirror = std::conj(packed[(half - k) % half]);
    const Complex even = 0.5 * (z + z_mirror);
    const Complex odd_times_i = 0.5 * (z - z_mirror);  // = i O[k]
    const Complex odd{odd_times_i.imag(), -odd_times_i.real()};
    spectrum[k] = even + Multiply(twiddles(k % size_), odd);
  }
  spectrum[half] = {spectrum[half].real(), 0.0};
}

void RealFft::Inverse(const std::vector<Complex>& spectrum, std::vector<double>& signal) const {
  const size_t half = size_ / 2;
  std::vector<Complex>& packed = Scratch(0, half);
  const Twiddles twiddles(size_, +1);
  for (size_t k = 0; k < half; ++k) {
    const Complex x = spectrum[k];
    const Complex x_mirror = std::conj(spectrum[half - k]);
    const Complex even = 0.5 * (x + x_mirror);
    const Complex odd = Multiply(0.5 * (x - x_mirror), twiddles(k));
    packed[k] = {even.real() - odd.imag(), even.imag() + odd.real()};  // E + i O
  }
  ComplexFft(packed.data(), half, +1);
  signal.resize(size_);
  const double scale = 1.0 / static_cast<double>(half);
  for (size_t m = 0; m < half; ++m) {
    signal[2 * m] = packed[m].real() * scale;
    signal[2 * m + 1] = packed[m].imag() * scale;
  }
}

}  // namespace leakgate::dp
