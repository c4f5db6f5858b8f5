#include "dedup/minhash/tokenize_kernels.h"

// GCC 12's AVX-512 intrinsics headers trip -Wmaybe-uninitialized on their own _mm512_undefined_* (GCC PR105593).
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include <algorithm>

namespace leakgate::dedup {

// Whitespace and capitals are found by range compares, capitals get +0x20, whitespace becomes ' '. A whitespace
// byte is kept only after a non-whitespace byte; kept bytes are compressed together, and the kept whitespace (the
// separators) is located in the output with pext.
__attribute__((target("avx512f,avx512bw,avx512vbmi2,bmi2,popcnt"))) void JoinAsciiBlockAvx512(
    std::string_view block, char* joined, WordBound* bounds, JoinState& state) {
  const __m512i tab = _mm512_set1_epi8(0x09), file_separator = _mm512_set1_epi8(0x1C);
  const __m512i capital_a = _mm512_set1_epi8('A'), four = _mm512_set1_epi8(4);
  const __m512i twenty_five = _mm512_set1_epi8(25), case_bit = _mm512_set1_epi8(0x20);
  const __mmask64 valid = block.size() >= 64 ? ~__mmask64{0} : (__mmask64{1} << block.size()) - 1;
  const __m512i bytes = _mm512_maskz_loadu_epi8(valid, block.data());
  const __mmask64 space = valid & (_mm512_cmple_epu8_mask(_mm512_sub_epi8(bytes, tab), four) |
                                   _mm512_cmple_epu8_mask(_mm512_sub_epi8(bytes, file_separator), four));
  const __mmask64 capital = _mm512_cmple_epu8_mask(_mm512_sub_epi8(bytes, capital_a), twenty_five);
  __m512i lowered = _mm512_mask_add_epi8(bytes, capital, bytes, case_bit);
  lowered = _mm512_mask_mov_epi8(lowered, space, case_bit);  // ' ' == 0x20
  const uint64_t keep = valid & ~(space & ((space << 1) | uint64_t{state.previous_is_space}));
  _mm512_storeu_si512(joined + state.length, _mm512_maskz_compress_epi8(keep, lowered));
  for (uint64_t separators = _pext_u64(space & keep, keep); separators != 0; separators &= separators - 1) {
    const size_t position = state.length + static_cast<size_t>(__builtin_ctzll(separators));
    bounds[state.word_count++] = {static_cast<uint32_t>(state.word_begin), static_cast<uint32_t>(position)};
    state.word_begin = position + 1;
  }
  state.length += static_cast<size_t>(_mm_popcnt_u64(keep));
  if (valid != 0) state.previous_is_space = (space >> (block.size() - 1)) & 1;
}

bool JoinAsciiAvx512Supported() {
  static const bool supported = [] {
    __builtin_cpu_init();  // in case this runs from a static initializer, before libgcc's own
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vbmi2") && __builtin_cpu_supports("bmi2") &&
           __builtin_cpu_supports("popcnt");
  }();
  return supported;
}

std::pair<size_t, size_t> JoinAsciiWordsAvx512(std::string_view text, char* joined, WordBound* bounds) {
  JoinState state;
  for (size_t i = 0; i < text.size(); i += 64) JoinAsciiBlockAvx512(text.substr(i, 64), joined, bounds, state);
  return FinishJoin(state, bounds);
}

}  // namespace leakgate::dedup
