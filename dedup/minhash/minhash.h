// MinHash signatures, bit-identical to datasketch 1.10 MinHash (permutations, hash functions, update rule).
// Signature values are stored as uint32 (datasketch's values are always below 2^32).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dedup/minhash/tokenize.h"

namespace leakgate::dedup {

// The token hash functions datasketch users pick: xxhash.xxh32_intdigest, xxhash.xxh64_intdigest (seed 0) and
// datasketch.hashfunc.sha1_hash32 (first 4 bytes of SHA-1, little-endian).
enum class HashFunction { kXxh32, kXxh64, kSha1Hash32 };

// Parses "xxh32", "xxh64" or "sha1" / "sha1_hash32"; throws MinHashError otherwise.
HashFunction ParseHashFunction(std::string_view name);
std::string_view HashFunctionName(HashFunction function);

// The hash datasketch feeds into the permutations for one token's UTF-8 bytes.
uint64_t HashToken(HashFunction function, std::string_view token);

// datasketch's permutation parameters: a[i] in [1, 2^61-2], b[i] in [0, 2^61-2], drawn as NumPy RandomState(seed)
// does (MT19937, masked rejection sampling on 64-bit words, interleaved a0 b0 a1 b1 ...).
struct Permutations {
  std::vector<uint64_t> a;
  std::vector<uint64_t> b;
};
// Throws MinHashError unless 1 <= num_perm <= 1<<20.
Permutations MakePermutations(int num_perm, uint32_t seed);

// Which implementation applies the permutations; all give identical results.
enum class MinHashKernel { kAuto, kScalar, kAvx2, kAvx512 };
// The fastest kernel this CPU supports (kAvx512 needs AVX-512F+DQ, kAvx2 needs AVX2).
MinHashKernel BestMinHashKernel();
bool KernelSupported(MinHashKernel kernel);
std::string_view KernelName(MinHashKernel kernel);

// Folds token hashes into `signature` (num_perm values, start at 0xFFFFFFFF): for every token hash hv and
// permutation i, signature[i] = min(signature[i], ((hv*a[i] + b[i]) mod 2^64) mod (2^61-1) & 0xFFFFFFFF).
// Throws MinHashError if the kernel is not supported here or sizes disagree.
void UpdateSignature(std::span<const uint64_t> token_hashes, const Permutations& permutations,
                     std::span<uint32_t> signature, MinHashKernel kernel = MinHashKernel::kAuto);

// Fraction of positions where two signatures agree (datasketch MinHash.jaccard). Throws MinHashError if the
// lengths differ or are zero.
double EstimatedJaccard(std::span<const uint32_t> a, std::span<const uint32_t> b);

// Everything that determines a signature.
struct MinHashConfig {
  int num_perm = 128;
  uint32_t seed = 1;
  HashFunction hash = HashFunction::kXxh32;
  ShingleSpec shingle;
  bool nfkc = false;  // NFKC-normalise before lowercasing (off = datasketch users' plain text.lower())
};

// Computes MinHash signatures of texts. Const methods are thread-safe (scratch buffers are per thread).
class MinHasher {
 public:
  explicit MinHasher(const MinHashConfig& config, MinHashKernel kernel = MinHashKernel::kAuto);

  int num_perm() const { return config_.num_perm; }
  const MinHashConfig& config() const { return config_; }
  const Permutations& permutations() const { return permutations_; }
  MinHashKernel kernel() const { return kernel_; }

  // Writes the signature of `text` to `signature` (num_perm values) and returns the number of shingles
  // (duplicates counted). A text without shingles gets all 0xFFFFFFFF, like an empty datasketch MinHash.
  size_t Sign(std::string_view text, std::span<uint32_t> signature) const;
  std::vector<uint32_t> Sign(std::string_view text) const;

  // Signatures of many texts, row i = texts[i], flat (texts.size() x num_perm), computed on `threads` threads
  // (0 = all cores); identical to signing one by one. Returns the total number of shingles, and each text's in
  // `shingles_per_text` when it is not empty (then one per text).
  size_t SignBatch(std::span<const std::string_view> texts, std::span<uint32_t> signatures, int threads = 0,
                   std::span<uint64_t> shingles_per_text = {}) const;
  std::vector<uint32_t> SignBatch(std::span<const std::string_view> texts, int threads = 0) const;

 private:
  MinHashConfig config_;
  Permutations permutations_;
  MinHashKernel kernel_;
};

}  // namespace leakgate::dedup
