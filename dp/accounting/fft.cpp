#include "dp/accounting/fft.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <new>
#include <stdexcept>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "dp/accounting/parallel.h"

namespace leakgate::dp {

using Complex = std::complex<double>;

namespace {

// Largest length transformed in one piece (64 KB, in L1/L2); longer ones are split into rows x columns of such.
constexpr size_t kInCacheMaxSize = size_t{1} << 12;

// Four-step transforms at least this long split their rows and column blocks over two threads.
constexpr size_t kParallelMinSize = size_t{1} << 16;

// Columns copied out together in the column pass: 4 complex values are one 64-byte cache line of each row.
constexpr size_t kColumnBlock = 4;

// FftBuffer's alignment and size granularity: one transparent huge page.
constexpr size_t kHugePageSize = size_t{2} << 20;

bool IsPowerOfTwo(size_t n) { return n != 0 && (n & (n - 1)) == 0; }

// Complex product without the NaN/infinity recovery of operator* (all values here are finite).
inline Complex Multiply(Complex a, Complex b) {
  return {a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real()};
}

// a * root, or a * conj(root) for the inverse direction (roots are stored for the forward sign).
template <bool kInverse>
inline Complex MultiplyRoot(Complex a, Complex root) {
  return Multiply(a, kInverse ? std::conj(root) : root);
}

// i * z for the inverse direction, -i * z for the forward one.
template <bool kInverse>
inline Complex RotateQuarter(Complex z) {
  return kInverse ? Complex{-z.imag(), z.real()} : Complex{z.imag(), -z.real()};
}

Complex ForwardRoot(size_t m, size_t n) {
  const double angle = 2.0 * M_PI * static_cast<double>(m) / static_cast<double>(n);
  return {std::cos(angle), -std::sin(angle)};
}

// exp(-2 pi i m / n) for any m in [0, n), from two tables of ~sqrt(n) entries (error ~2 ulp).
class Roots {
 public:
  explicit Roots(size_t n) {
    while ((size_t{1} << (2 * shift_)) < n) ++shift_;
    low_.resize(size_t{1} << shift_);
    high_.resize(n / low_.size() + 1);
    for (size_t m = 0; m < low_.size(); ++m) low_[m] = ForwardRoot(m, n);
    for (size_t m = 0; m < high_.size(); ++m) high_[m] = ForwardRoot(m * low_.size(), n);
  }
  Complex operator()(size_t m) const { return Multiply(high_[m >> shift_], low_[m & (low_.size() - 1)]); }

 private:
  int shift_ = 0;
  std::vector<Complex> low_;
  std::vector<Complex> high_;
};

// Stockham autosort FFT (no bit reversal): one radix-3 stage for 3 * 2^k lengths, radix-4 stages, and one radix-2
// stage for odd powers of two, each reading the previous stage's output with stride and writing it in place of
// the other buffer; the per-stage roots are precomputed in the order the stage reads them.
class StockhamFft {
 public:
  explicit StockhamFft(size_t n) : n_(n) {
    size_t length = n;
    size_t stride = 1;
    const auto add_stage = [&](size_t radix) {
      stages_.push_back({radix, length, stride, roots_.size()});
      for (size_t p = 0; p < length / radix; ++p) {
        for (size_t r = 1; r < radix; ++r) roots_.push_back(ForwardRoot(p * r, length));
      }
      length /= radix;
      stride *= radix;
    };
    if (length % 3 == 0) add_stage(3);
    while (length % 4 == 0) add_stage(4);
    if (length == 2) add_stage(2);
  }

  size_t size() const { return n_; }

  // Transforms data[0, n) in place; `work` has room for n values.
  template <bool kInverse>
  void Run(Complex* data, Complex* work) const {
    Complex* in = data;
    Complex* out = work;
    for (const Stage& stage : stages_) {
      const Complex* roots = roots_.data() + stage.roots_offset;
      if (stage.radix == 4) {
        Radix4<kInverse>(in, out, stage.length, stage.stride, roots);
      } else if (stage.radix == 2) {
        Radix2<kInverse>(in, out, stage.length, stage.stride, roots);
      } else {
        Radix3<kInverse>(in, out, stage.length, stage.stride, roots);
      }
      std::swap(in, out);
    }
    if (in != data) std::copy(in, in + n_, data);
  }

 private:
  struct Stage {
    size_t radix;
    size_t length;  // of the sub-transforms this stage splits
    size_t stride;  // number of interleaved sub-transforms
    size_t roots_offset;
  };

  template <bool kInverse>
  static void Radix4(const Complex* x, Complex* y, size_t length, size_t s, const Complex* roots) {
    const size_t m = length / 4;
    for (size_t p = 0; p < m; ++p) {
      const Complex w1 = roots[3 * p];
      const Complex w2 = roots[3 * p + 1];
      const Complex w3 = roots[3 * p + 2];
      const Complex* in = x + s * p;
      Complex* out = y + 4 * s * p;
      for (size_t q = 0; q < s; ++q) {
        const Complex a = in[q];
        const Complex b = in[q + s * m];
        const Complex c = in[q + 2 * s * m];
        const Complex d = in[q + 3 * s * m];
        const Complex a_plus_c = a + c;
        const Complex a_minus_c = a - c;
        const Complex b_plus_d = b + d;
        const Complex rotated = RotateQuarter<kInverse>(b - d);
        out[q] = a_plus_c + b_plus_d;
        out[q + s] = MultiplyRoot<kInverse>(a_minus_c + rotated, w1);
        out[q + 2 * s] = MultiplyRoot<kInverse>(a_plus_c - b_plus_d, w2);
        out[q + 3 * s] = MultiplyRoot<kInverse>(a_minus_c - rotated, w3);
      }
    }
  }

  template <bool kInverse>
  static void Radix2(const Complex* x, Complex* y, size_t length, size_t s, const Complex* roots) {
    const size_t m = length / 2;
    for (size_t p = 0; p < m; ++p) {
      const Complex w = roots[p];
      const Complex* in = x + s * p;
      Complex* out = y + 2 * s * p;
      for (size_t q = 0; q < s; ++q) {
        const Complex a = in[q];
        const Complex b = in[q + s * m];
        out[q] = a + b;
        out[q + s] = MultiplyRoot<kInverse>(a - b, w);
      }
    }
  }

  template <bool kInverse>
  static void Radix3(const Complex* x, Complex* y, size_t length, size_t s, const Complex* roots) {
    const double sine = std::sqrt(3.0) / 2.0;
    const size_t m = length / 3;
    for (size_t p = 0; p < m; ++p) {
      const Complex w1 = roots[2 * p];
      const Complex w2 = roots[2 * p + 1];
      const Complex* in = x + s * p;
      Complex* out = y + 3 * s * p;
      for (size_t q = 0; q < s; ++q) {
        const Complex a = in[q];
        const Complex b = in[q + s * m];
        const Complex c = in[q + 2 * s * m];
        const Complex sum = b + c;
        const Complex base = a - 0.5 * sum;
        const Complex rotated = RotateQuarter<kInverse>(sine * (b - c));
        out[q] = a + sum;
        out[q + s] = MultiplyRoot<kInverse>(base + rotated, w1);
        out[q + 2 * s] = MultiplyRoot<kInverse>(base - rotated, w2);
      }
    }
  }

  size_t n_;
  std::vector<Stage> stages_;
  std::vector<Complex> roots_;
};

}  // namespace

// A complex DFT of length n seen as a rows x columns matrix, j = j1 * columns + j2 and k = k1 + rows * k2 (rows = 1
// when n fits in cache). ToBlockOrder transforms natural order into "block order", bin k at k1 * columns + k2: FFTs
// down the columns, twiddles, FFTs along the rows. FromBlockOrder is the mirror image, block order in, natural out.
class ComplexFftPlan {
 public:
  explicit ComplexFftPlan(size_t n)
      : n_(n), columns_(ColumnsFor(n)), rows_(n / columns_), row_fft_(columns_), column_fft_(rows_), roots_(n) {}

  size_t rows() const { return rows_; }
  size_t columns() const { return columns_; }
  size_t BlockPosition(size_t frequency) const { return frequency % rows_ * columns_ + frequency / rows_; }

  template <bool kInverse>
  void ToBlockOrder(Complex* a) const {
    if (rows_ == 1) return RowPass<kInverse>(a);
    ColumnPass<kInverse, false>(a);
    RowPass<kInverse>(a);
  }

  template <bool kInverse>
  void FromBlockOrder(Complex* a) const {
    if (rows_ == 1) return RowPass<kInverse>(a);
    RowPass<kInverse>(a);
    ColumnPass<kInverse, true>(a);
  }

  bool parallel() const { return n_ >= kParallelMinSize; }

 private:
  static size_t ColumnsFor(size_t n) {
    if (n <= kInCacheMaxSize) return n;
    size_t columns = 1;
    while (columns * columns < n) columns <<= 1;
    return columns;
  }

  template <bool kInverse>
  void RowPass(Complex* a) const {
    ForRange(rows_, parallel(), [&](size_t begin, size_t end) {
      std::vector<Complex> work(columns_);
      for (size_t row = begin; row < end; ++row) row_fft_.Run<kInverse>(a + row * columns_, work.data());
    });
  }

  // Column transforms on blocks of kColumnBlock columns copied into a contiguous buffer, with the twiddle
  // exp(-+2 pi i row * column / n) applied after the transform (forward split) or before it (inverse split).
  template <bool kInverse, bool kTwiddleFirst>
  void ColumnPass(Complex* a) const {
    ForRange(columns_ / kColumnBlock, parallel(), [&](size_t begin, size_t end) {
      std::vector<Complex> block(kColumnBlock * rows_);
      std::vector<Complex> work(rows_);
      const auto twiddle = [&](Complex* column, size_t column_index) {
        for (size_t row = 1; row < rows_; ++row) {
          column[row] = MultiplyRoot<kInverse>(column[row], roots_(column_index * row));
        }
      };
      for (size_t first = begin * kColumnBlock; first < end * kColumnBlock; first += kColumnBlock) {
        for (size_t row = 0; row < rows_; ++row) {
          for (size_t b = 0; b < kColumnBlock; ++b) block[b * rows_ + row] = a[row * columns_ + first + b];
        }
        for (size_t b = 0; b < kColumnBlock; ++b) {
          Complex* column = block.data() + b * rows_;
          if (kTwiddleFirst) twiddle(column, first + b);
          column_fft_.Run<kInverse>(column, work.data());
          if (!kTwiddleFirst) twiddle(column, first + b);
        }
        for (size_t row = 0; row < rows_; ++row) {
          for (size_t b = 0; b < kColumnBlock; ++b) a[row * columns_ + first + b] = block[b * rows_ + row];
        }
      }
    });
  }

  size_t n_;
  size_t columns_;
  size_t rows_;
  StockhamFft row_fft_;
  StockhamFft column_fft_;
  Roots roots_;
};

bool IsFftSize(size_t n) { return IsPowerOfTwo(n) || (n % 3 == 0 && IsPowerOfTwo(n / 3)); }

size_t FftSizeAtLeast(size_t n) {
  size_t power = 1;
  while (power < n) power <<= 1;
  const size_t three_times = 3 * (power / 4);
  return three_times >= n && three_times > 0 ? three_times : power;
}

void ComplexFft(Complex* data, size_t n, int sign) {
  if (!IsFftSize(n)) throw std::logic_error("ComplexFft: length must be 2^k or 3 * 2^k");
  const ComplexFftPlan plan(n);
  if (sign < 0) {
    plan.ToBlockOrder<false>(data);
  } else {
    plan.ToBlockOrder<true>(data);
  }
  if (plan.rows() == 1) return;
  std::vector<Complex> natural(n);
  for (size_t row = 0; row < plan.rows(); ++row) {
    for (size_t column = 0; column < plan.columns(); ++column) {
      natural[column * plan.rows() + row] = data[row * plan.columns() + column];
    }
  }
  std::copy(natural.begin(), natural.end(), data);
}

void FftBuffer::Free::operator()(Complex* pointer) const { std::free(pointer); }

FftBuffer::FftBuffer(size_t size) : size_(size) {
  const size_t bytes = (size * sizeof(Complex) + kHugePageSize - 1) / kHugePageSize * kHugePageSize;
  void* memory = std::aligned_alloc(kHugePageSize, bytes);
  if (memory == nullptr) throw std::bad_alloc();
#if defined(MADV_HUGEPAGE)
  madvise(memory, bytes, MADV_HUGEPAGE);  // advisory: without huge pages the buffer works the same, only slower
#endif
  data_.reset(static_cast<Complex*>(memory));
}

// The complex transform of length size/2 and the roots of the full length for combining its halves.
struct RealFft::Plan {
  explicit Plan(size_t size) : complex(size / 2), roots(size) {}
  ComplexFftPlan complex;
  Roots roots;
};

RealFft::RealFft(size_t size) : size_(size) {
  if (size < 4 || size % 2 != 0 || !IsFftSize(size / 2)) {
    throw std::logic_error("RealFft: size must be 2^k or 3 * 2^k, at least 4");
  }
  plan_ = std::make_unique<const Plan>(size);
}

RealFft::~RealFft() = default;

size_t RealFft::SlotOf(size_t frequency) const {
  return frequency == size_ / 2 ? frequency : plan_->complex.BlockPosition(frequency);
}

// The packed signal z[m] = x[2m] + i x[2m+1] has the spectrum Z[k] = E[k] + i O[k], with E and O the spectra of the
// even and odd samples; X[k] = E[k] + w^k O[k] with w = exp(-2 pi i / size), and E[h-k] = conj E[k] (h = size/2).
// Bins k and h - k are combined together, in place, walking block rows r and rows - r in opposite directions.
template <bool kInverse>
void RealFft::CombineHalves(Complex* slots) const {
  const size_t half = size_ / 2;
  const ComplexFftPlan& layout = plan_->complex;
  const size_t rows = layout.rows();
  const size_t columns = layout.columns();
  const double scale = kInverse ? 1.0 / static_cast<double>(half) : 1.0;
  const auto combine = [&](size_t k, size_t slot, size_t mirror_slot) {
    const Complex w = plan_->roots(k);
    const Complex value = slots[slot];
    const Complex mirror = std::conj(slots[mirror_slot]);
    if (!kInverse) {  // slots hold Z[k], Z[h-k]; write X[k], X[h-k]
      const Complex even = 0.5 * (value + mirror);
      const Complex difference = value - mirror;
      const Complex odd_times_w = Multiply({0.5 * difference.imag(), -0.5 * difference.real()}, w);  // O = d / 2i
      slots[slot] = even + odd_times_w;
      slots[mirror_slot] = std::conj(even - odd_times_w);
    } else {  // slots hold X[k], X[h-k]; write Z[k], Z[h-k] divided by h
      const Complex even = (0.5 * scale) * (value + mirror);
      const Complex odd = Multiply((0.5 * scale) * (value - mirror), std::conj(w));
      slots[slot] = even + Complex{-odd.imag(), odd.real()};
      slots[mirror_slot] = std::conj(even) + Complex{odd.imag(), odd.real()};
    }
  };
  if (!kInverse) {
    const Complex z0 = slots[0];
    slots[0] = {z0.real() + z0.imag(), 0.0};
    slots[half] = {z0.real() - z0.imag(), 0.0};
  } else {
    const double x0 = slots[0].real();
    const double xh = slots[half].real();
    slots[0] = {0.5 * scale * (x0 + xh), 0.5 * scale * (x0 - xh)};
  }
  ForRange(rows / 2 + 1, layout.parallel(), [&](size_t begin, size_t end) {
    for (size_t row = begin; row < end; ++row) {
      const size_t mirror_row = (rows - row) % rows;
      if (row == 0 || row == mirror_row) {
        // The row mirrors onto itself: column c pairs with columns - c (row 0) or columns - 1 - c.
        const size_t offset = row == 0 ? 0 : 1;
        for (size_t column = row == 0 ? 1 : 0; 2 * column + offset <= columns; ++column) {
          combine(row + rows * column, row * columns + column, row * columns + (columns - offset - column));
        }
      } else {
        for (size_t column = 0; column < columns; ++column) {
          combine(row + rows * column, row * columns + column, mirror_row * columns + (columns - 1 - column));
        }
      }
    }
  });
}

void RealFft::Forward(Complex* slots) const {
  plan_->complex.ToBlockOrder<false>(slots);
  CombineHalves<false>(slots);
}

void RealFft::Inverse(Complex* slots) const {
  CombineHalves<true>(slots);
  plan_->complex.FromBlockOrder<true>(slots);
}

}  // namespace leakgate::dp
