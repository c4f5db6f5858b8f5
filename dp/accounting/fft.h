// FFTs of length 2^k or 3 * 2^k for the PRV accountant's circular convolutions: a radix-4 Stockham kernel for
// lengths that fit in cache, a four-step split (two threads) above, and an in-place real transform whose spectrum
// stays in the four-step's own order, since the accountant only multiplies spectra bin by bin.
#pragma once

#include <complex>
#include <cstddef>
#include <memory>
#include <vector>

namespace leakgate::dp {

// True for the lengths the FFT supports: 2^k or 3 * 2^k.
bool IsFftSize(size_t n);
// Smallest supported length >= n.
size_t FftSizeAtLeast(size_t n);

// In-place complex DFT in natural order, a[k] = sum_j a[j] exp(sign 2 pi i j k / n), sign -1 or +1, unnormalised.
void ComplexFft(std::complex<double>* data, size_t n, int sign);

// A buffer of complex values for transforms of millions of points: uninitialised, 2 MB aligned and backed by huge
// pages where the kernel allows (fewer page faults and TLB misses).
class FftBuffer {
 public:
  FftBuffer() = default;
  explicit FftBuffer(size_t size);
  size_t size() const { return size_; }
  std::complex<double>* data() const { return data_.get(); }

 private:
  struct Free {
    void operator()(std::complex<double>* pointer) const;
  };
  size_t size_ = 0;
  std::unique_ptr<std::complex<double>[], Free> data_;
};

// Real-input DFT of length `size` in place on size/2 + 1 complex slots.
// Before Forward, slot m < size/2 holds the packed signal x[2m] + i x[2m+1]. After it, every slot holds one bin
// X[k], k = 0..size/2, of X[k] = sum_j x[j] exp(-2 pi i j k / size), bin k in slot SlotOf(k) (a permutation).
// Inverse undoes Forward including the 1/size normalisation; products of spectra bin by bin are convolutions.
class RealFft {
 public:
  // `size` must be even, >= 4 and IsFftSize(size / 2).
  explicit RealFft(size_t size);
  ~RealFft();
  size_t size() const { return size_; }
  size_t slots() const { return size_ / 2 + 1; }
  size_t SlotOf(size_t frequency) const;
  void Forward(std::complex<double>* slots) const;
  void Inverse(std::complex<double>* slots) const;

 private:
  struct Plan;
  template <bool kInverse>
  void CombineHalves(std::complex<double>* slots) const;

  size_t size_;
  std::unique_ptr<const Plan> plan_;
};

}  // namespace leakgate::dp
