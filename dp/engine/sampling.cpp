#include "dp/engine/sampling.h"

#include <openssl/err.h>
#include <openssl/rand.h>

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

namespace leakgate::dp {
namespace {

constexpr double kTwoPow53 = 9007199254740992.0;

double UnitFromBits(uint64_t bits) { return static_cast<double>(bits >> 11) / kTwoPow53; }

class SeededRandomSource final : public RandomSource {
 public:
  explicit SeededRandomSource(uint64_t seed)
      : bits_(seed), generator_(at::make_generator<at::CPUGeneratorImpl>(seed)) {}

  double Uniform() override { return UnitFromBits(bits_()); }

  at::Tensor Gaussian(at::IntArrayRef shape, double std) override {
    return at::normal(0.0, std, shape, generator_, at::TensorOptions().dtype(at::kFloat));
  }

 private:
  std::mt19937_64 bits_;
  at::Generator generator_;
};

class SecureRandomSource final : public RandomSource {
 public:
  double Uniform() override {
    uint64_t bits = 0;
    Fill(&bits, 1);
    return UnitFromBits(bits);
  }

  // Box-Muller on CSPRNG uniforms, computed in double precision.
  at::Tensor Gaussian(at::IntArrayRef shape, double std) override {
    at::Tensor result = at::empty(shape, at::TensorOptions().dtype(at::kFloat));
    const int64_t count = result.numel();
    std::vector<uint64_t> bits(static_cast<size_t>(count + 1) / 2 * 2);
    Fill(bits.data(), bits.size());
    float* out = result.data_ptr<float>();
    for (int64_t i = 0; i < count; i += 2) {
      const double u1 = 1.0 - UnitFromBits(bits[i]);  // (0, 1]: log is finite
      const double u2 = UnitFromBits(bits[i + 1]);
      const double radius = std * std::sqrt(-2.0 * std::log(u1));
      const double angle = 2.0 * std::numbers::pi * u2;
      out[i] = static_cast<float>(radius * std::cos(angle));
      if (i + 1 < count) out[i + 1] = static_cast<float>(radius * std::sin(angle));
    }
    return result;
  }

 private:
  static void Fill(uint64_t* words, size_t count) {
    if (RAND_bytes(reinterpret_cast<unsigned char*>(words), static_cast<int>(count * sizeof(uint64_t))) != 1) {
      throw std::runtime_error("OpenSSL RAND_bytes failed: " + std::to_string(ERR_get_error()));
    }
  }
};

}  // namespace

std::unique_ptr<RandomSource> MakeSeededRandomSource(uint64_t seed) {
  return std::make_unique<SeededRandomSource>(seed);
}

std::unique_ptr<RandomSource> MakeSecureRandomSource() { return std::make_unique<SecureRandomSource>(); }

PoissonSampler::PoissonSampler(int64_t dataset_size, double sample_rate, std::unique_ptr<RandomSource> random)
    : dataset_size_(dataset_size), sample_rate_(sample_rate), random_(std::move(random)) {
  if (dataset_size <= 0) {
    throw SamplingError("PoissonSampler: dataset_size must be positive, got " + std::to_string(dataset_size));
  }
  if (!(sample_rate > 0.0 && sample_rate <= 1.0)) {
    throw SamplingError("PoissonSampler: sample_rate must be in (0, 1], got " + std::to_string(sample_rate));
  }
}

std::vector<int64_t> PoissonSampler::NextBatch() {
  std::vector<int64_t> batch;
  if (sample_rate_ == 1.0) {
    batch.resize(static_cast<size_t>(dataset_size_));
    for (int64_t i = 0; i < dataset_size_; ++i) batch[static_cast<size_t>(i)] = i;
    return batch;
  }
  // The gap before the next included record is Geometric(sample_rate): floor(log U / log(1 - q)).
  const double log_keep = std::log1p(-sample_rate_);
  int64_t index = -1;
  while (true) {
    const double gap = std::floor(std::log(1.0 - random_->Uniform()) / log_keep);
    if (gap >= static_cast<double>(dataset_size_ - index - 1)) break;
    index += 1 + static_cast<int64_t>(gap);
    batch.push_back(index);
  }
  return batch;
}

std::vector<std::vector<int64_t>> SplitIntoPhysicalBatches(const std::vector<int64_t>& logical_batch,
                                                           int64_t max_physical_size) {
  if (max_physical_size <= 0) {
    throw SamplingError("max_physical_batch must be positive, got " + std::to_string(max_physical_size));
  }
  std::vector<std::vector<int64_t>> chunks;
  const size_t step = static_cast<size_t>(max_physical_size);
  for (size_t begin = 0; begin < logical_batch.size(); begin += step) {
    const size_t end = std::min(logical_batch.size(), begin + step);
    chunks.emplace_back(logical_batch.begin() + static_cast<std::ptrdiff_t>(begin),
                        logical_batch.begin() + static_cast<std::ptrdiff_t>(end));
  }
  return chunks;
}

}  // namespace leakgate::dp
