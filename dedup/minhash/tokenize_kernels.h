// Internal: word joining for NormalizeWords (lowercase, split on Python whitespace, join with single spaces),
// as a portable loop and AVX-512 (BW+VBMI2) code for ASCII stretches, which give identical output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

#include "dedup/minhash/tokenize.h"

namespace leakgate::dedup {

// Progress of joining one text: output length, words closed so far, where the open word began, and whether the
// last code point was whitespace (true at the start, so leading whitespace is dropped).
struct JoinState {
  size_t length = 0;
  size_t word_count = 0;
  size_t word_begin = 0;
  bool previous_is_space = true;
};

// Whitespace code point: the first of a run emits the ' ' separator and closes the open word.
inline void JoinSpace(JoinState& state, char* joined, WordBound* bounds) {
  if (state.previous_is_space) return;
  bounds[state.word_count++] = {static_cast<uint32_t>(state.word_begin), static_cast<uint32_t>(state.length)};
  joined[state.length++] = ' ';
  state.word_begin = state.length;
  state.previous_is_space = true;
}

// Drops a trailing separator, or closes the last word. Returns {joined length, word count}.
inline std::pair<size_t, size_t> FinishJoin(JoinState& state, WordBound* bounds) {
  if (state.previous_is_space && state.length > 0) {
    --state.length;
  } else if (state.length > 0) {
    bounds[state.word_count++] = {static_cast<uint32_t>(state.word_begin), static_cast<uint32_t>(state.length)};
  }
  return {state.length, state.word_count};
}

// Joins up to 64 ASCII bytes into `joined`/`bounds`, continuing `state`. Writes 64 bytes at joined + length.
void JoinAsciiBlockAvx512(std::string_view block, char* joined, WordBound* bounds, JoinState& state);
// True if this CPU has what JoinAsciiBlockAvx512 needs (AVX-512 BW and VBMI2, BMI2, POPCNT).
bool JoinAsciiAvx512Supported();

// Whole ASCII-only texts: `joined` needs room for text.size() + 64 bytes, `bounds` for text.size() / 2 + 1.
// Returns {joined length, word count}.
std::pair<size_t, size_t> JoinAsciiWordsScalar(std::string_view text, char* joined, WordBound* bounds);
std::pair<size_t, size_t> JoinAsciiWordsAvx512(std::string_view text, char* joined, WordBound* bounds);

// Any UTF-8 text, one code point at a time except for ASCII stretches, which go through JoinAsciiBlockAvx512
// when `vectorised` (the CPU must support it). `joined` needs room for 1.5 * text.size() + 68 bytes, `bounds`
// for text.size() / 2 + 1. Throws MinHashError on invalid UTF-8.
std::pair<size_t, size_t> JoinUnicodeWords(std::string_view text, char* joined, WordBound* bounds, bool vectorised);

}  // namespace leakgate::dedup
