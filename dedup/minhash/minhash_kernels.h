// Kernels that fold token hashes into a MinHash signature; all produce identical values (see UpdateSignature).
// The AVX variants are compiled for their instruction set and must only be called when the CPU has it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace leakgate::dedup {

inline constexpr uint64_t kMersenne61 = (uint64_t{1} << 61) - 1;

// Portable reference: permutations [begin, end) of `signature`.
void UpdateScalar(std::span<const uint64_t> hashes, const uint64_t* a, const uint64_t* b, uint32_t* signature,
                  size_t begin, size_t end);
// AVX-512F+DQ, any hash width.
void UpdateAvx512(std::span<const uint64_t> hashes, const uint64_t* a, const uint64_t* b, uint32_t* signature,
                  size_t num_perm);
// AVX2; the narrow variant requires every hash < 2^32 (xxh32, sha1_hash32).
void UpdateAvx2Narrow(std::span<const uint64_t> hashes, const uint64_t* a, const uint64_t* b, uint32_t* signature,
                      size_t num_perm);
void UpdateAvx2Wide(std::span<const uint64_t> hashes, const uint64_t* a, const uint64_t* b, uint32_t* signature,
                    size_t num_perm);

// xxh32 (seed 0) of `count` tokens, token i being `lengths[i]` bytes at `base + offsets[i]`, 16 tokens at a time
// with AVX-512F (one lane per token); results zero-extended into `hashes`. Every token must be followed by at
// least 15 readable bytes (they are loaded but do not affect the hash), and `base` itself must be readable for
// 16 bytes.
void Xxh32Avx512(const char* base, const uint32_t* offsets, const uint32_t* lengths, size_t count, uint64_t* hashes);

}  // namespace leakgate::dedup
