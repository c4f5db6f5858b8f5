#include "dp/engine/sampling.h"
#include "dp/engine/parallel.h"

#include <openssl/err.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>
#include <string>
#include <utility>

namespace leakgate::dp {
namespace {

constexpr double kTwoPow53 = 9007199254740992.0;

double UnitFromBits(uint64_t bits) { return static_cast<double>(bits >> 11) / kTwoPow53; }

// Mixes a 64-bit value (SplitMix64's finaliser): nearby inputs give unrelated seeds.
uint64_t MixBits(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// xoshiro256++ (Blackman and Vigna): a small, fast generator with a 2^256 - 1 period.
class Xoshiro256 {
 public:
  explicit Xoshiro256(uint64_t seed) {
    for (auto& word : state_) word = seed = MixBits(seed);
  }
  uint64_t operator()() {
    const uint64_t result = Rotl(state_[0] + state_[3], 23) + state_[0];
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

// Uniform pairs are drawn in blocks of this many, each block from its own generator.
constexpr int64_t kUniformBlock = 1 << 13;
constexpr int kAngleBits = 24;
constexpr int kAngleHalfBits = kAngleBits / 2;

// cos and sin of 2 pi k / 2^24 for a 24-bit k, exact to double precision from two 4096-entry tables
// (k = high * 4096 + low, then the angle-sum identities): no per-draw trigonometric call.
class TurnTables {
 public:
  TurnTables() {
    for (int i = 0; i < kSize; ++i) {
      const double coarse = 2.0 * std::numbers::pi * i / kSize;
      const double fine = coarse / kSize;
      coarse_[i] = {std::cos(coarse), std::sin(coarse)};
      fine_[i] = {std::cos(fine), std::sin(fine)};
    }
  }
  void CosSin(uint32_t k, double& cos_out, double& sin_out) const {
    const auto& [cos_high, sin_high] = coarse_[k >> kAngleHalfBits];
    const auto& [cos_low, sin_low] = fine_[k & (kSize - 1)];
    cos_out = cos_high * cos_low - sin_high * sin_low;
    sin_out = sin_high * cos_low + cos_high * sin_low;
  }

  // cos and sin of 2 pi u for the 53-bit u = bits53 / 2^53: the top 24 bits from the tables, the
  // remaining angle (under 2 pi 2^-24 = 3.7e-7 rad) from its Taylor series, exact to double precision.
  void CosSinOfTurn(uint64_t bits53, double& cos_out, double& sin_out) const {
    double cos_coarse = 0.0;
    double sin_coarse = 0.0;
    CosSin(static_cast<uint32_t>(bits53 >> (53 - kAngleBits)), cos_coarse, sin_coarse);
    const double rest = 2.0 * std::numbers::pi *
                        static_cast<double>(bits53 & ((uint64_t{1} << (53 - kAngleBits)) - 1)) / kTwoPow53;
    const double rest_squared = rest * rest;
    const double cos_rest = 1.0 - rest_squared / 2.0;
    const double sin_rest = rest * (1.0 - rest_squared / 6.0);
    cos_out = cos_coarse * cos_rest - sin_coarse * sin_rest;
    sin_out = sin_coarse * cos_rest + cos_coarse * sin_rest;
  }

 private:
  static constexpr int kSize = 1 << kAngleHalfBits;
  std::pair<double, double> coarse_[kSize];
  std::pair<double, double> fine_[kSize];
};

const TurnTables& Turns() {
  static const TurnTables tables;
  return tables;
}

// Box-Muller in double precision on two 53-bit uniforms per pair of draws: the radius from one (in (0, 1], so
// its log is finite), the angle from the other (exactly, from tables: see TurnTables::CosSinOfTurn). The pairs
// are filled in blocks of kUniformBlock, in parallel; `fill_block(block, words, count)` supplies the random
// words of one block, so the draws do not depend on the thread count. Both sources share this, so the seeded
// source's noise has the same (full double-precision) tails as the secure one's.
template <typename FillBlock>
at::Tensor BoxMullerGaussian(at::IntArrayRef shape, double std, const FillBlock& fill_block) {
  const TurnTables& turns = Turns();
  at::Tensor result = at::empty(shape, at::TensorOptions().dtype(at::kFloat));
  const int64_t count = result.numel();
  const int64_t pairs = (count + 1) / 2;
  float* out = result.data_ptr<float>();
  const int64_t blocks = (pairs + kUniformBlock - 1) / kUniformBlock;
  ParallelFor(blocks, 1, [&](int64_t begin, int64_t end) {
    std::vector<uint64_t> bits;
    for (int64_t block = begin; block < end; ++block) {
      const int64_t first = block * kUniformBlock;
      const int64_t length = std::min(kUniformBlock, pairs - first);
      bits.resize(static_cast<size_t>(2 * length));
      fill_block(block, bits.data(), bits.size());
      for (int64_t p = 0; p < length; ++p) {
        const double u1 = 1.0 - UnitFromBits(bits[static_cast<size_t>(2 * p)]);
        const double radius = std * std::sqrt(-2.0 * std::log(u1));
        double cos_angle = 0.0;
        double sin_angle = 0.0;
        turns.CosSinOfTurn(bits[static_cast<size_t>(2 * p + 1)] >> 11, cos_angle, sin_angle);
        const int64_t i = 2 * (first + p);
        out[i] = static_cast<float>(radius * cos_angle);
        if (i + 1 < count) out[i + 1] = static_cast<float>(radius * sin_angle);
      }
    }
  });
  return result;
}

// Reproducible draws for runs that are explicitly not private: block b of the c-th Gaussian call comes from a
// xoshiro256++ generator seeded with (seed, c, b).
class SeededRandomSource final : public RandomSource {
 public:
  explicit SeededRandomSource(uint64_t seed) : seed_(seed), bits_(seed) {}

  std::string SaveState() const override {
    std::ostringstream state;
    state << "seeded " << seed_ << ' ' << gaussian_calls_ << ' ' << bits_;
    return state.str();
  }

  void RestoreState(const std::string& state) override {
    std::istringstream in(state);
    std::string kind;
    uint64_t seed = 0;
    uint64_t gaussian_calls = 0;
    std::mt19937_64 bits;
    in >> kind >> seed >> gaussian_calls >> bits;
    if (!in || kind != "seeded") throw SamplingError("not a seeded random source's state: '" + state.substr(0, 40) + "'");
    seed_ = seed;
    gaussian_calls_ = gaussian_calls;
    bits_ = bits;
  }

  double Uniform() override { return UnitFromBits(bits_()); }

  at::Tensor Gaussian(at::IntArrayRef shape, double std) override {
    const uint64_t call_seed = MixBits(MixBits(seed_) ^ gaussian_calls_++);
    return BoxMullerGaussian(shape, std, [call_seed](int64_t block, uint64_t* words, size_t count) {
      Xoshiro256 generator(call_seed ^ static_cast<uint64_t>(block));
      for (size_t i = 0; i < count; ++i) words[i] = generator();
    });
  }

 private:
  uint64_t seed_;
  uint64_t gaussian_calls_ = 0;
  std::mt19937_64 bits_;
};

// OpenSSL's CSPRNG: its public DRBG is per thread, so each block draws its own bits wherever it runs.
class SecureRandomSource final : public RandomSource {
 public:
  double Uniform() override {
    uint64_t bits = 0;
    Fill(&bits, 1);
    return UnitFromBits(bits);
  }

  at::Tensor Gaussian(at::IntArrayRef shape, double std) override {
    return BoxMullerGaussian(shape, std, [](int64_t, uint64_t* words, size_t count) { Fill(words, count); });
  }

  std::string SaveState() const override { return {}; }
  void RestoreState(const std::string& state) override {
    if (!state.empty()) throw SamplingError("a CSPRNG cannot be restored to a seeded generator's state");
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
