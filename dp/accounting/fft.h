// Real-input FFT of length 2^k or 3 * 2^k, cache-friendly (four-step) and split over two threads for the
// multi-million-point PRV grids.
#pragma once

#include <complex>
#include <cstddef>
#include <vector>

namespace leakgate::dp {

// True for the lengths the FFT supports: 2^k or 3 * 2^k.
bool IsFftSize(size_t n);
// Smallest supported length >= n.
size_t FftSizeAtLeast(size_t n);

class RealFft {
 public:
  // `size` must be even, >= 4 and IsFftSize(size / 2).
  explicit RealFft(size_t size);
  size_t size() const { return size_; }
  // spectrum[k] = sum_j signal[j] exp(-2 pi i j k / size) for k = 0..size/2 (size/2 + 1 bins).
  void Forward(const std::vector<double>& signal, std::vector<std::complex<double>>& spectrum) const;
  // The inverse of Forward, normalised: Inverse(Forward(x)) == x up to rounding.
  void Inverse(const std::vector<std::complex<double>>& spectrum, std::vector<double>& signal) const;

 private:
  size_t size_;
};

// Frees this thread's scratch buffers above 16 MB (kept between calls so that a transform does not re-fault them).
void ReleaseLargeFftScratch();

// In-place complex DFT, a[k] = sum_j a[j] exp(sign 2 pi i j k / n) with sign -1 (forward) or +1, unnormalised.
void ComplexFft(std::complex<double>* data, size_t n, int sign);

}  // namespace leakgate::dp
