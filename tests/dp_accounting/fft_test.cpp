#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <random>
#include <vector>

#include "dp/accounting/fft.h"

namespace leakgate::dp {
namespace {

// O(n^2) reference with the roots of unity from one table (exact index arithmetic, no accumulated angles).
std::vector<std::complex<double>> NaiveDft(const std::vector<std::complex<double>>& signal, int sign) {
  const size_t n = signal.size();
  std::vector<std::complex<double>> roots(n);
  for (size_t m = 0; m < n; ++m) {
    const double angle = 2.0 * M_PI * static_cast<double>(m) / static_cast<double>(n);
    roots[m] = {std::cos(angle), sign * std::sin(angle)};
  }
  std::vector<std::complex<double>> spectrum(n);
  for (size_t k = 0; k < n; ++k) {
    std::complex<double> sum = 0.0;
    for (size_t j = 0; j < n; ++j) sum += signal[j] * roots[(j * k) % n];
    spectrum[k] = sum;
  }
  return spectrum;
}

std::vector<double> RandomSignal(size_t n, unsigned seed) {
  std::mt19937_64 generator(seed);
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  std::vector<double> signal(n);
  for (double& value : signal) value = uniform(generator);
  return signal;
}

// Lengths on both sides of the direct / four-step threshold (complex length 4096), powers of two and 3 * 2^k.
class FftSizes : public ::testing::TestWithParam<size_t> {};
class RealFftSizes : public ::testing::TestWithParam<size_t> {};

TEST_P(FftSizes, ComplexTransformMatchesTheNaiveDft) {
  const size_t n = GetParam();
  const std::vector<double> real = RandomSignal(n, n);
  const std::vector<double> imaginary = RandomSignal(n, n + 7);
  std::vector<std::complex<double>> signal(n);
  for (size_t j = 0; j < n; ++j) signal[j] = {real[j], imaginary[j]};
  for (int sign : {-1, +1}) {
    const std::vector<std::complex<double>> expected = NaiveDft(signal, sign);
    std::vector<std::complex<double>> transformed = signal;
    ComplexFft(transformed.data(), n, sign);
    for (size_t k = 0; k < n; ++k) ASSERT_LT(std::abs(transformed[k] - expected[k]), 1e-9) << "bin " << k;
  }
}

// The real signal packed into the transform's slots: slot m holds x[2m] + i x[2m+1].
std::vector<std::complex<double>> Packed(const std::vector<double>& signal, const RealFft& fft) {
  std::vector<std::complex<double>> slots(fft.slots());
  for (size_t m = 0; m < signal.size() / 2; ++m) slots[m] = {signal[2 * m], signal[2 * m + 1]};
  return slots;
}

TEST_P(RealFftSizes, MatchesTheNaiveDftAndInverts) {
  const size_t n = GetParam();
  const std::vector<double> signal = RandomSignal(n, n + 1);
  std::vector<std::complex<double>> as_complex(signal.begin(), signal.end());
  const std::vector<std::complex<double>> expected = NaiveDft(as_complex, -1);
  const RealFft fft(n);
  ASSERT_EQ(fft.slots(), n / 2 + 1);
  std::vector<std::complex<double>> slots = Packed(signal, fft);
  fft.Forward(slots.data());
  std::vector<bool> slot_used(fft.slots(), false);
  for (size_t k = 0; k <= n / 2; ++k) {
    const size_t slot = fft.SlotOf(k);
    ASSERT_LT(slot, fft.slots()) << "bin " << k;
    ASSERT_FALSE(slot_used[slot]) << "bin " << k << " shares slot " << slot;
    slot_used[slot] = true;
    ASSERT_LT(std::abs(slots[slot] - expected[k]), 1e-9) << "bin " << k;
  }
  fft.Inverse(slots.data());
  for (size_t j = 0; j < n; ++j) {
    const double recovered = j % 2 == 0 ? slots[j / 2].real() : slots[j / 2].imag();
    ASSERT_NEAR(recovered, signal[j], 1e-13) << j;
  }
}

// Real lengths whose half is transformed in one piece (up to 4096) and split into rows x columns (6144, 8192).
INSTANTIATE_TEST_SUITE_P(SupportedLengths, FftSizes, ::testing::Values(2, 3, 4, 6, 64, 96, 1024, 6144, 8192));
INSTANTIATE_TEST_SUITE_P(SupportedLengths, RealFftSizes, ::testing::Values(4, 6, 12, 128, 2048, 12288, 16384));

TEST(RealFft, LargeTransformKeepsTheConvolutionTheorem) {
  // 2^21 points: the complex half is split into rows x columns on two threads; a circular convolution of two boxes
  // is a known trapezoid.
  const size_t n = size_t{1} << 21;
  std::vector<double> box(n, 0.0);
  for (size_t j = 0; j < 1000; ++j) box[j] = 1.0;
  const RealFft fft(n);
  std::vector<std::complex<double>> slots = Packed(box, fft);
  fft.Forward(slots.data());
  for (auto& value : slots) value *= value;
  fft.Inverse(slots.data());
  for (size_t j : {size_t{0}, size_t{1}, size_t{500}, size_t{999}, size_t{1500}, size_t{1998}, size_t{5000}}) {
    const double expected = j <= 999 ? j + 1.0 : (j <= 1998 ? 1999.0 - j : 0.0);
    const double convolved = j % 2 == 0 ? slots[j / 2].real() : slots[j / 2].imag();
    EXPECT_NEAR(convolved, expected, 1e-9) << j;
  }
}

TEST(RealFft, RejectsUnsupportedSizes) {
  EXPECT_THROW(RealFft(20), std::logic_error);  // 10 = 5 * 2 complex points
  EXPECT_THROW(RealFft(2), std::logic_error);
  EXPECT_NO_THROW(RealFft(12));
}

TEST(FftSize, SmallestSupportedLengthAtLeast) {
  EXPECT_EQ(FftSizeAtLeast(5), 6u);
  EXPECT_EQ(FftSizeAtLeast(7), 8u);
  EXPECT_EQ(FftSizeAtLeast(9301152), 12582912u);  // 3 * 2^22 instead of 2^24
  EXPECT_EQ(FftSizeAtLeast(1 << 20), 1u << 20);
  EXPECT_TRUE(IsFftSize(3 << 10));
  EXPECT_FALSE(IsFftSize(5 << 10));
}

}  // namespace
}  // namespace leakgate::dp
