#include "dedup/minhash/minhash_kernels.h"

// GCC 12's AVX-512 intrinsics headers trip -Wmaybe-uninitialized on their own _mm512_undefined_* (GCC PR105593).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>

namespace leakgate::dedup {
namespace {

// AVX-512: 8 permutations per vector, kVectors vectors per pass over the hashes. The Mersenne fold
// r = (t & p) + (t >> 61) <= p + 7 leaves r mod p = r unless r >= p, which needs t's bits 3..60 all set (odds
// about 2^-58). The fast variant skips that last step and only tracks the largest r; if any r >= p it stores
// nothing and returns false, and the caller reruns the block with the exact variant (min(r, r - p) unsigned).
// The low 32-bit half of each 64-bit lane is the value; min_epu32 keeps the running minimum there.
template <int kVectors, bool kExact>
__attribute__((target("avx512f,avx512dq"))) bool UpdateBlockAvx512(std::span<const uint64_t> hashes,
                                                                    const uint64_t* a, const uint64_t* b,
                                                                    uint32_t* signature) {
  const __m512i prime = _mm512_set1_epi64(static_cast<long long>(kMersenne61));
  __m512i multiplier[kVectors], offset[kVectors], minimum[kVectors], largest_fold[kVectors];
  for (int v = 0; v < kVectors; ++v) {
    multiplier[v] = _mm512_loadu_si512(a + 8 * v);
    offset[v] = _mm512_loadu_si512(b + 8 * v);
    minimum[v] = _mm512_cvtepu32_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(signature + 8 * v)));
    largest_fold[v] = _mm512_setzero_si512();
  }
  for (const uint64_t hash : hashes) {
    const __m512i token = _mm512_set1_epi64(static_cast<long long>(hash));
    for (int v = 0; v < kVectors; ++v) {
      __m512i t = _mm512_add_epi64(_mm512_mullo_epi64(token, multiplier[v]), offset[v]);
      t = _mm512_add_epi64(_mm512_and_si512(t, prime), _mm512_srli_epi64(t, 61));
      if constexpr (kExact) {
        t = _mm512_min_epu64(t, _mm512_sub_epi64(t, prime));
      } else {
        largest_fold[v] = _mm512_max_epu64(largest_fold[v], t);
      }
      minimum[v] = _mm512_min_epu32(minimum[v], t);
    }
  }
  if constexpr (!kExact) {
    __mmask8 needs_reduction = 0;
    for (int v = 0; v < kVectors; ++v) needs_reduction |= _mm512_cmpge_epu64_mask(largest_fold[v], prime);
    if (needs_reduction != 0) return false;
  }
  for (int v = 0; v < kVectors; ++v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(signature + 8 * v), _mm512_cvtepi64_epi32(minimum[v]));
  }
  return true;
}

template <int kVectors>
__attribute__((target("avx512f,avx512dq"))) void UpdateBlockAvx512(std::span<const uint64_t> hashes,
                                                                    const uint64_t* a, const uint64_t* b,
                                                                    uint32_t* signature) {
  if (!UpdateBlockAvx512<kVectors, false>(hashes, a, b, signature)) {
    UpdateBlockAvx512<kVectors, true>(hashes, a, b, signature);
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

// xxHash32 constants (the five primes of the xxHash specification).
constexpr uint32_t kXxhPrime1 = 0x9E3779B1u;
constexpr uint32_t kXxhPrime2 = 0x85EBCA77u;
constexpr uint32_t kXxhPrime3 = 0xC2B2AE3Du;
constexpr uint32_t kXxhPrime4 = 0x27D4EB2Fu;
constexpr uint32_t kXxhPrime5 = 0x165667B1u;

__attribute__((target("avx512f"))) inline __m512i Splat(uint32_t value) {
  return _mm512_set1_epi32(static_cast<int>(value));
}

// acc = rotl(acc + input * p2, 13) * p1: one lane-step of the xxh32 stripe loop.
__attribute__((target("avx512f"))) inline __m512i XxhRound(__m512i accumulator, __m512i input) {
  accumulator = _mm512_add_epi32(accumulator, _mm512_mullo_epi32(input, Splat(kXxhPrime2)));
  return _mm512_mullo_epi32(_mm512_rol_epi32(accumulator, 13), Splat(kXxhPrime1));
}

// Lane e of every vector below holds token TransposedToken(e) = 4 * (e % 4) + e / 4 of the group of 16: that is
// the order in which a 4x4 transpose of 32-bit words delivers them (see LoadWordsTransposed). The mapping is its
// own inverse, so one permutexvar converts either way.
__attribute__((target("avx512f"))) inline __m512i TransposedOrder(__m512i in_token_order) {
  const __m512i transposed = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
  return _mm512_permutexvar_epi32(transposed, in_token_order);
}

// Loads 16 bytes at base + position for each of the 16 tokens and returns their 32-bit words 0..3 as four
// vectors in transposed lane order. Reads up to 15 bytes past a token's end.
__attribute__((target("avx512f"))) inline void LoadWordsTransposed(const char* base, __m512i positions,
                                                                   __m512i words[4]) {
  alignas(64) uint32_t position_of_token[16];
  _mm512_store_si512(position_of_token, TransposedOrder(positions));
  __m512i rows[4];  // rows[i] holds tokens 4i..4i+3, one 128-bit chunk each
  for (int i = 0; i < 4; ++i) {
    const auto load = [&](int token) {
      return _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + position_of_token[token]));
    };
    __m512i row = _mm512_castsi128_si512(load(4 * i));
    row = _mm512_inserti32x4(row, load(4 * i + 1), 1);
    row = _mm512_inserti32x4(row, load(4 * i + 2), 2);
    rows[i] = _mm512_inserti32x4(row, load(4 * i + 3), 3);
  }
  const __m512i low01 = _mm512_unpacklo_epi32(rows[0], rows[1]), high01 = _mm512_unpackhi_epi32(rows[0], rows[1]);
  const __m512i low23 = _mm512_unpacklo_epi32(rows[2], rows[3]), high23 = _mm512_unpackhi_epi32(rows[2], rows[3]);
  words[0] = _mm512_unpacklo_epi64(low01, low23);
  words[1] = _mm512_unpackhi_epi64(low01, low23);
  words[2] = _mm512_unpacklo_epi64(high01, high23);
  words[3] = _mm512_unpackhi_epi64(high01, high23);
}

// Hashes a group of up to 16 tokens, one per lane; lanes that have finished a phase are masked off so their state
// and read position stay put. Unused lanes have length 0.
__attribute__((target("avx512f"))) void Xxh32Group(const char* base, size_t count, __m512i offsets, __m512i lengths,
                                                   uint64_t* hashes) {
  __m512i position = TransposedOrder(offsets);
  const __m512i length = TransposedOrder(lengths);
  const __m512i stripes = _mm512_srli_epi32(length, 4);
  const uint32_t max_stripes = _mm512_reduce_max_epu32(stripes);
  __m512i v1 = Splat(kXxhPrime1 + kXxhPrime2), v2 = Splat(kXxhPrime2), v3 = _mm512_setzero_si512(),
          v4 = Splat(0u - kXxhPrime1);
  __m512i words[4];
  for (uint32_t k = 0; k < max_stripes; ++k) {
    const __mmask16 in_stripe = _mm512_cmpgt_epu32_mask(stripes, Splat(k));
    LoadWordsTransposed(base, position, words);
    v1 = _mm512_mask_mov_epi32(v1, in_stripe, XxhRound(v1, words[0]));
    v2 = _mm512_mask_mov_epi32(v2, in_stripe, XxhRound(v2, words[1]));
    v3 = _mm512_mask_mov_epi32(v3, in_stripe, XxhRound(v3, words[2]));
    v4 = _mm512_mask_mov_epi32(v4, in_stripe, XxhRound(v4, words[3]));
    position = _mm512_mask_add_epi32(position, in_stripe, position, Splat(16));
  }
  const __m512i merged = _mm512_add_epi32(_mm512_add_epi32(_mm512_rol_epi32(v1, 1), _mm512_rol_epi32(v2, 7)),
                                          _mm512_add_epi32(_mm512_rol_epi32(v3, 12), _mm512_rol_epi32(v4, 18)));
  const __mmask16 long_token = _mm512_cmpge_epu32_mask(length, Splat(16));
  __m512i h = _mm512_add_epi32(_mm512_mask_mov_epi32(Splat(kXxhPrime5), long_token, merged), length);

  // The last length % 16 bytes: up to three 4-byte words, then up to three single bytes from the next word.
  LoadWordsTransposed(base, position, words);
  const __m512i remainder = _mm512_and_si512(length, Splat(15));
  const __m512i word_count = _mm512_srli_epi32(remainder, 2);
  for (uint32_t j = 0; j < 3; ++j) {
    const __mmask16 has_word = _mm512_cmpgt_epu32_mask(word_count, Splat(j));
    __m512i next = _mm512_add_epi32(h, _mm512_mullo_epi32(words[j], Splat(kXxhPrime3)));
    next = _mm512_mullo_epi32(_mm512_rol_epi32(next, 17), Splat(kXxhPrime4));
    h = _mm512_mask_mov_epi32(h, has_word, next);
  }
  __m512i tail_word = words[0];
  for (uint32_t j = 1; j < 4; ++j) {
    tail_word = _mm512_mask_mov_epi32(tail_word, _mm512_cmpeq_epu32_mask(word_count, Splat(j)), words[j]);
  }
  const __m512i tail_bytes = _mm512_and_si512(remainder, Splat(3));
  for (uint32_t j = 0; j < 3; ++j) {
    const __mmask16 has_byte = _mm512_cmpgt_epu32_mask(tail_bytes, Splat(j));
    const __m512i byte = _mm512_and_si512(_mm512_srli_epi32(tail_word, 8 * j), Splat(0xFFu));
    __m512i next = _mm512_add_epi32(h, _mm512_mullo_epi32(byte, Splat(kXxhPrime5)));
    next = _mm512_mullo_epi32(_mm512_rol_epi32(next, 11), Splat(kXxhPrime1));
    h = _mm512_mask_mov_epi32(h, has_byte, next);
  }
  h = _mm512_mullo_epi32(_mm512_xor_si512(h, _mm512_srli_epi32(h, 15)), Splat(kXxhPrime2));
  h = _mm512_mullo_epi32(_mm512_xor_si512(h, _mm512_srli_epi32(h, 13)), Splat(kXxhPrime3));
  h = TransposedOrder(_mm512_xor_si512(h, _mm512_srli_epi32(h, 16)));
  alignas(64) uint64_t widened[16];
  _mm512_store_si512(widened, _mm512_cvtepu32_epi64(_mm512_castsi512_si256(h)));
  _mm512_store_si512(widened + 8, _mm512_cvtepu32_epi64(_mm512_extracti64x4_epi64(h, 1)));
  std::copy(widened, widened + count, hashes);
}

}  // namespace

__attribute__((target("avx512f"))) void Xxh32Avx512(const char* base, const uint32_t* offsets,
                                                    const uint32_t* lengths, size_t count, uint64_t* hashes) {
  for (size_t i = 0; i < count; i += 16) {
    const size_t lanes = std::min<size_t>(16, count - i);
    const auto active = static_cast<__mmask16>((1u << lanes) - 1);
    Xxh32Group(base, lanes, _mm512_maskz_loadu_epi32(active, offsets + i),
               _mm512_maskz_loadu_epi32(active, lengths + i), hashes + i);
  }
}

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
  for (; i + 16 <= num_perm; i += 16) UpdateBlockAvx512<2>(hashes, a + i, b + i, signature + i);
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
