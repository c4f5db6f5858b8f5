// Randomness of DP-SGD: Gaussian noise (seeded generator for reproducible runs, OpenSSL CSPRNG
// for production) and Poisson sampling of logical batches.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/errors.h"

#include <ATen/ATen.h>

namespace leakgate::dp {

// A bad sampling or noise parameter.
class SamplingError : public common::InternalError {
 public:
  using common::InternalError::InternalError;
};

// Source of uniform and Gaussian draws; either seeded (deterministic) or a CSPRNG.
class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // Uniform double in [0, 1).
  virtual double Uniform() = 0;
  // float32 tensor of i.i.d. N(0, std^2) draws.
  virtual at::Tensor Gaussian(at::IntArrayRef shape, double std) = 0;
  // The position in the stream, for a checkpoint: RestoreState(SaveState()) continues with the same draws. A CSPRNG
  // has no position to keep: its state is empty, and restoring anything else throws SamplingError.
  virtual std::string SaveState() const = 0;
  virtual void RestoreState(const std::string& state) = 0;
};

// Deterministic: the same seed gives the same draws, whatever the thread count. Only for runs that are
// explicitly not differentially private (reproducibility, tests): whoever knows the seed can subtract the noise.
std::unique_ptr<RandomSource> MakeSeededRandomSource(uint64_t seed);
// Draws from OpenSSL's RAND_bytes (not reproducible; for production runs).
std::unique_ptr<RandomSource> MakeSecureRandomSource();

// Poisson sampling: each of dataset_size records joins a batch independently with probability
// sample_rate, so batch sizes are Binomial(dataset_size, sample_rate) and may be empty.
class PoissonSampler {
 public:
  PoissonSampler(int64_t dataset_size, double sample_rate, std::unique_ptr<RandomSource> random);
  // Sorted record indices of the next batch. Cost O(batch size), not O(dataset size).
  std::vector<int64_t> NextBatch();
  // The random stream's position (RandomSource::SaveState), so that a resumed run draws the batches it would have.
  std::string SaveState() const { return random_->SaveState(); }
  void RestoreState(const std::string& state) { random_->RestoreState(state); }

  int64_t dataset_size() const { return dataset_size_; }
  double sample_rate() const { return sample_rate_; }

 private:
  int64_t dataset_size_;
  double sample_rate_;
  std::unique_ptr<RandomSource> random_;
};

// Splits a logical batch into consecutive physical chunks of at most max_physical_size records.
std::vector<std::vector<int64_t>> SplitIntoPhysicalBatches(const std::vector<int64_t>& logical_batch,
                                                           int64_t max_physical_size);

}  // namespace leakgate::dp
