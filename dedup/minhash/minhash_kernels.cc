#include "dedup/minhash/minhash_kernels.h"

// GCC 12's AVX-512 intrinsics headers trip -Wmaybe-uninitialized on their own _mm512_undefined_* (GCC PR105593).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>

namespace leakgate::dedup {
namespace {

// AVX-512: 8 permutations per vector, kVectors vectors per pass over the hashes. After the Mersenne fold
// t = (t & p) + (t >> 61) <= p + 7, so min(t, t - p) (unsigned) finishes t mod p. The low 32-bit half of each
// 64-bit lane is the value; min_epu32 keeps the running minimum there (high halves stay 0).
template <int kVectors>
__attribute__((target("avx512f,avx512dq"))) void UpdateBlockAvx512(std::span<const uint64_t> hashes,
                                                                    const uint64_t* a, const uint64_t* b,
                                                                    uint32_t* signature) {
  const __m512i prime = _mm512_set1_epi64(static_cast<long long>(kMersenne61));
  __m512i multiplier[kVectors], offset[kVectors], minimum[kVectors];
  for (int v = 0; v < kVectors; ++v) {
    multiplier[v] = _mm512_loadu_si512(a + 8 * v);
    offset[v] = _mm512_loadu_si512(b + 8 * v);
    minimum[v] = _mm512_cvtepu32_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(signature + 8 * v)));
  }
  for (const uint64_t hash : hashes) {
    const __m512i token = _mm512_set1_epi64(static_cast<long long>(hash));
    for (int v = 0; v < kVectors; ++v) {
      __m512i t = _mm512_add_epi64(_mm512_mullo_epi64(token, multiplier[v]), offset[v]);
      t = _mm512_add_epi64(_mm512_and_si512(t, prime), _mm512_srli_epi64(t, 61));
      t = _mm512_min_epu64(t, _mm512_sub_epi64(t, prime));
      minimum[v] = _mm512_min_epu32(minimum[v], t);
    }
  }
  for (int v = 0; v < kVectors; ++v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(signature + 8 * v), _mm512_cvtepi64_epi32(minimum[v]));
  }
}

// AVX2 has no 64-bit low multiply: hv*a mod 2^64 = lo(hv)lo(a) + ((lo(hv)hi(a) + hi(hv)lo(a)) << 32), and the
// hi(hv) term vanishes for 32-bit hashes (kWideHashes = false). Values after the fold are below 2^62, so the
// signed 64-bit compare is safe.
template <int kVectors, bool kWideHashes>
__attribute__((target("avx2"))) void UpdateBlockAvx2(std::span<const uint64_t> hashes, const uint64_t* a,
                                                     const uint64_t* b, uint32_t* signature) {
  const __m256i prime = _mm256_set1_epi64x(static_cast<long long>(kMersenne61));
  const __m256i prime_minus_one = _mm256_set1_epi64x(static_cast<long long>(kMersenne61 - 1));
  __m256i multiplier[kVectors], multiplier_high[kVectors], offset[kVectors], minimum[kVectors];
  for (int v = 0; v < kVectors; ++v) {
    multiplier[v] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + 4 * v));
    multiplier_high[v] = _mm256_srli_epi64(multiplier[v], 32);
    offset[v] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + 4 * v));
    minimum[v] = _mm256_cvtepu32_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(signature + 4 * v)));
  }
  for (const uint64_t hash : hashes) {
    const __m256i token = _mm256_set1_epi64x(static_cast<long long>(hash));
    const __m256i token_high = _mm256_set1_epi64x(static_cast<long long>(hash >> 32));
    for (int v = 0; v < kVectors; ++v) {
      __m256i cross = _mm256_mul_epu32(token, multiplier_high[v]);
      if constexpr (kWideHashes) cross = _mm256_add_epi64(cross, _mm256_mul_epu32(token_high, multiplier[v]));
      __m256i t = _mm256_add_epi64(_mm256_mul_epu32(token, multiplier[v]), _mm256_slli_epi64(cross, 32));
      t = _mm256_add_epi64(t, offset[v]);
      t = _mm256_add_epi64(_mm256_and_si256(t, prime), _mm256_srli_epi64(t, 61));
      const __m256i at_least_prime = _mm256_cmpgt_epi64(t, prime_minus_one);
      t = _mm256_sub_epi64(t, _mm256_and_si256(at_least_prime, prime));
      minimum[v] = _mm256_min_epu32(minimum[v], t);
    }
  }
  const __m256i low_halves = _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6);
  for (int v = 0; v < kVectors; ++v) {
    const __m256i packed = _mm256_permutevar8x32_epi32(minimum[v], low_halves);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(signature + 4 * v), _mm256_castsi256_si128(packed));
  }
}

template <bool kWideHashes>
__attribute__((target("avx2"))) void UpdateAvx2(std::span<const uint64_t> hashes, const uint64_t* a,
                                                const uint64_t* b, uint32_t* signature, size_t num_perm) {
  size_t i = 0;
  for (; i + 12 <= num_perm; i += 12) UpdateBlockAvx2<3, kWideHashes>(hashes, a + i, b + i, signature + i);
  for (; i + 4 <= num_perm; i += 4) UpdateBlockAvx2<1, kWideHashes>(hashes, a + i, b + i, signature + i);
  UpdateScalar(hashes, a, b, signature, i, num_perm);
}

}  // namespace

void UpdateScalar(std::span<const uint64_t> hashes, const uint64_t* a, const uint64_t* b, uint32_t* signature,
                  size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    uint32_t minimum = signature[i];
    for (const uint64_t hash : hashes) {
      uint64_t permuted = hash * a[i] + b[i];
      permuted %= kMersenne61;
      minimum = std::min(minimum, static_cast<uint32_t>(permuted));
    }
    signature[i] = minimum;
  }
}

__attribute__((target("avx512f,avx512dq"))) void UpdateAvx512(std::span<const uint64_t> hashes, const uint64_t* a,
                                                               const uint64_t* b, uint32_t* signature,
                                                               size_t num_perm) {
  size_t i = 0;
  for (; i + 32 <= num_perm; i += 32) UpdateBlockAvx512<4>(hashes, a + i, b + i, signature + i);
  for (; i + 8 <= num_perm; i += 8) UpdateBlockAvx512<1>(hashes, a + i, b + i, signature + i);
  UpdateScalar(hashes, a, b, signature, i, num_perm);
}

void UpdateAvx2Narrow(std::span<const uint64_t> hashes, const uint64_t* a, const uint64_t* b, uint32_t* signature,
                      size_t num_perm) {
  UpdateAvx2<false>(hashes, a, b, signature, num_perm);
}

void UpdateAvx2Wide(std::span<const uint64_t> hashes, const uint64_t* a, const uint64_t* b, uint32_t* signature,
                    size_t num_perm) {
  UpdateAvx2<true>(hashes, a, b, signature, num_perm);
}

}  // namespace leakgate::dedup
