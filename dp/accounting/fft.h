// Real-input FFT of power-of-two length, cache-friendly (four-step) for the multi-million-point PRV grids.
#pragma once

#include <complex>
#include <cstddef>
#include <vector>

namespace leakgate::dp {

class RealFft {
 public:
  // `size` must be a power of two >= 4.
  explicit RealFft(size_t size);
  size_t size() const { return size_; }
  // spectrum[k] = sum_j signal[j] exp(-2 pi i j k / size) for k = 0..size/2 (size/2 + 1 bins).
  void Forward(const std::vector<double>& signal, std::vector<std::complex<double>>& spectrum) const;
  // The inverse of Forward, normalised: Inverse(Forward(x)) == x up to rounding.
  void Inverse(const std::vector<std::complex<double>>& spectrum, std::vector<double>& signal) const;

 private:
  size_t size_;
};

// In-place complex DFT of power-of-two length: a[k] = sum_j a[j] exp(-+2 pi i j k / n) (sign -1 forward,
// +1 backward), unnormalised.
void ComplexFft(std::complex<double>* data, size_t n, int sign);

}  // namespace leakgate::dp
