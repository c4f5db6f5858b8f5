#include "dedup/minhash/tokenize_kernels.h"

// GCC 12's AVX-512 intrinsics headers trip -Wmaybe-uninitialized on their own _mm512_undefined_* (GCC PR105593).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>

namespace leakgate::dedup {

// 64 bytes per step: whitespace and capitals are found by range compares, capitals get +0x20, whitespace becomes
// ' '. A whitespace byte is kept only after a non-whitespace byte; kept bytes are compressed together, and the
// kept whitespace (the separators) is located in the output with pext.
__attribute__((target("avx512f,avx512bw,avx512vbmi2,bmi2,popcnt"))) std::pair<size_t, size_t> JoinAsciiWordsAvx512(
    std::string_view text, char* joined, WordBound* bounds) {
  const __m512i tab = _mm512_set1_epi8(0x09), separator_block = _mm512_set1_epi8(0x1C), capital_a = _mm512_set1_epi8('A');
  const __m512i four = _mm512_set1_epi8(4), twenty_five = _mm512_set1_epi8(25), case_bit = _mm512_set1_epi8(0x20);
  size_t length = 0;
  size_t word_count = 0;
  size_t word_begin = 0;
  uint64_t previous_is_space = 1;  // the start of the text counts as whitespace, so leading runs are dropped
  for (size_t i = 0; i < text.size(); i += 64) {
    const size_t block = std::min<size_t>(64, text.size() - i);
    const __mmask64 valid = block == 64 ? ~__mmask64{0} : (__mmask64{1} << block) - 1;
    const __m512i bytes = _mm512_maskz_loadu_epi8(valid, text.data() + i);
    const __mmask64 space = valid & (_mm512_cmple_epu8_mask(_mm512_sub_epi8(bytes, tab), four) |
                                     _mm512_cmple_epu8_mask(_mm512_sub_epi8(bytes, separator_block), four));
    const __mmask64 capital = _mm512_cmple_epu8_mask(_mm512_sub_epi8(bytes, capital_a), twenty_five);
    __m512i lowered = _mm512_mask_add_epi8(bytes, capital, bytes, case_bit);
    lowered = _mm512_mask_mov_epi8(lowered, space, case_bit);  // ' ' == 0x20
    const uint64_t keep = valid & ~(space & ((space << 1) | previous_is_space));
    previous_is_space = space >> 63;
    _mm512_storeu_si512(joined + length, _mm512_maskz_compress_epi8(keep, lowered));
    for (uint64_t separators = _pext_u64(space & keep, keep); separators != 0; separators &= separators - 1) {
      const size_t position = length + static_cast<size_t>(__builtin_ctzll(separators));
      bounds[word_count++] = {static_cast<uint32_t>(word_begin), static_cast<uint32_t>(position)};
      word_begin = position + 1;
    }
    length += static_cast<size_t>(_mm_popcnt_u64(keep));
  }
  if (length > 0 && joined[length - 1] == ' ') {
    --length;  // the separator after the last word
  } else if (length > 0) {
    bounds[word_count++] = {static_cast<uint32_t>(word_begin), static_cast<uint32_t>(length)};
  }
  return {length, word_count};
}

bool JoinAsciiWordsAvx512Supported() {
  static const bool supported = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                                __builtin_cpu_supports("avx512vbmi2") && __builtin_cpu_supports("bmi2") &&
                                __builtin_cpu_supports("popcnt");
  return supported;
}

}  // namespace leakgate::dedup
