// Internal: the ASCII fast path of NormalizeWords, as a portable loop and an AVX-512 (BW+VBMI2) version that
// give identical output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

namespace leakgate::dedup {

using WordBound = std::pair<uint32_t, uint32_t>;

// Lowercases the words of ASCII-only `text` (split on Python whitespace) into `joined`, separated by single
// spaces, and their [begin, end) offsets into `bounds`. Returns {joined length, word count}.
// `joined` must have room for text.size() + 64 bytes and `bounds` for text.size() / 2 + 1 entries.
std::pair<size_t, size_t> JoinAsciiWordsScalar(std::string_view text, char* joined, WordBound* bounds);
std::pair<size_t, size_t> JoinAsciiWordsAvx512(std::string_view text, char* joined, WordBound* bounds);
// True if this CPU has what JoinAsciiWordsAvx512 needs (AVX-512 BW and VBMI2, BMI2, POPCNT).
bool JoinAsciiWordsAvx512Supported();

}  // namespace leakgate::dedup
