#include "dedup/minhash/tokenize.h"

#include <utf8proc.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "dedup/minhash/errors.h"
#include "dedup/minhash/tokenize_kernels.h"

namespace leakgate::dedup {
namespace {

constexpr char32_t kCapitalDottedI = 0x130;
constexpr char32_t kCombiningDotAbove = 0x307;
constexpr char32_t kCapitalSigma = 0x3A3;
constexpr char32_t kSmallSigma = 0x3C3;
constexpr char32_t kFinalSigma = 0x3C2;

bool IsAscii(std::string_view text) {
  const char* p = text.data();
  size_t n = text.size();
  uint64_t high_bits = 0;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    high_bits |= word;
  }
  for (; n > 0; ++p, --n) high_bits |= static_cast<unsigned char>(*p);
  return (high_bits & 0x8080808080808080ULL) == 0;
}

// Whitespace bytes of str.isspace() within ASCII: \t \n \v \f \r, the four information separators, space.
constexpr bool IsAsciiSpace(unsigned char c) { return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20); }

constexpr char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }

[[noreturn]] void ThrowInvalidUtf8(size_t offset) {
  throw MinHashError("text is not valid UTF-8 (first bad byte at offset " + std::to_string(offset) +
                     "); expected UTF-8 text");
}

// Decodes the code point starting at byte `offset` (strict UTF-8: no overlong forms, no surrogates, nothing
// above U+10FFFF) and stores its byte length in `width`.
char32_t DecodeAt(std::string_view text, size_t offset, size_t& width) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char lead = bytes[offset];
  if (lead < 0x80) {
    width = 1;
    return lead;
  }
  char32_t code_point;
  char32_t min_value;
  if ((lead & 0xE0) == 0xC0) {
    width = 2, code_point = lead & 0x1F, min_value = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    width = 3, code_point = lead & 0x0F, min_value = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    width = 4, code_point = lead & 0x07, min_value = 0x10000;
  } else {
    ThrowInvalidUtf8(offset);
  }
  if (offset + width > text.size()) ThrowInvalidUtf8(offset);
  for (size_t k = 1; k < width; ++k) {
    const unsigned char continuation = bytes[offset + k];
    if ((continuation & 0xC0) != 0x80) ThrowInvalidUtf8(offset);
    code_point = (code_point << 6) | (continuation & 0x3F);
  }
  if (code_point < min_value || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    ThrowInvalidUtf8(offset);
  }
  return code_point;
}

// Writes the UTF-8 encoding of `c` at `out` and returns the number of bytes written.
size_t EncodeUtf8(char32_t c, char* out) {
  if (c < 0x80) {
    out[0] = static_cast<char>(c);
    return 1;
  }
  if (c < 0x800) {
    out[0] = static_cast<char>(0xC0 | (c >> 6));
    out[1] = static_cast<char>(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (c >> 12));
    out[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (c >> 18));
  out[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (c & 0x3F));
  return 4;
}

struct CodePointRange {
  char32_t first;
  char32_t last;
};

template <size_t N>
bool InRanges(const CodePointRange (&ranges)[N], char32_t c) {
  for (const CodePointRange& range : ranges) {
    if (c >= range.first && c <= range.last) return true;
  }
  return false;
}

// Unicode Other_Lowercase and Other_Uppercase: cased code points outside the Lu/Ll/Lt categories.
constexpr CodePointRange kOtherCased[] = {
    {0x00AA, 0x00AA},   {0x00BA, 0x00BA},   {0x02B0, 0x02B8},   {0x02C0, 0x02C1},   {0x02E0, 0x02E4},
    {0x0345, 0x0345},   {0x037A, 0x037A},   {0x10FC, 0x10FC},   {0x1D2C, 0x1D6A},   {0x1D78, 0x1D78},
    {0x1D9B, 0x1DBF},   {0x2071, 0x2071},   {0x207F, 0x207F},   {0x2090, 0x209C},   {0x2160, 0x217F},
    {0x24B6, 0x24E9},   {0x2C7C, 0x2C7D},   {0xA69C, 0xA69D},   {0xA770, 0xA770},   {0xA7F2, 0xA7F4},
    {0xA7F8, 0xA7F9},   {0xAB5C, 0xAB5F},   {0xAB69, 0xAB69},   {0x10780, 0x10780}, {0x10783, 0x10785},
    {0x10787, 0x107B0}, {0x107B2, 0x107BA}, {0x1F130, 0x1F149}, {0x1F150, 0x1F169},
    {0x1F170, 0x1F189},
};

// Word_Break MidLetter, MidNumLet and Single_Quote: case-ignorable besides the Mn/Me/Cf/Lm/Sk categories.
constexpr CodePointRange kMidWordPunctuation[] = {
    {0x0027, 0x0027}, {0x002E, 0x002E}, {0x003A, 0x003A}, {0x00B7, 0x00B7}, {0x0387, 0x0387}, {0x055F, 0x055F},
    {0x05F4, 0x05F4}, {0x2018, 0x2019}, {0x2024, 0x2024}, {0x2027, 0x2027}, {0xFE13, 0xFE13}, {0xFE52, 0xFE52},
    {0xFE55, 0xFE55}, {0xFF07, 0xFF07}, {0xFF0E, 0xFF0E}, {0xFF1A, 0xFF1A},
};

bool IsCased(char32_t c) {
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(c))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
      return true;
    default:
      return InRanges(kOtherCased, c);
  }
}

bool IsCaseIgnorable(char32_t c) {
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(c))) {
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_SK:
      return true;
    default:
      return InRanges(kMidWordPunctuation, c);
  }
}

// Python's Final_Sigma test for the capital sigma at byte `offset` (`width` bytes): a cased letter before it
// and none after it, skipping case-ignorable code points on both sides. The text before `offset` is valid.
bool IsFinalSigma(std::string_view text, size_t offset, size_t width) {
  size_t width_ignored;
  bool cased_before = false;
  for (size_t j = offset; j > 0;) {
    do {
      --j;
    } while (j > 0 && (static_cast<unsigned char>(text[j]) & 0xC0) == 0x80);
    const char32_t before = DecodeAt(text, j, width_ignored);
    if (!IsCaseIgnorable(before)) {
      cased_before = IsCased(before);
      break;
    }
  }
  if (!cased_before) return false;
  for (size_t k = offset + width; k < text.size(); k += width_ignored) {
    const char32_t after = DecodeAt(text, k, width_ignored);
    if (!IsCaseIgnorable(after)) return !IsCased(after);
  }
  return true;
}

// Longest UTF-8 output of Python's lower() for one code point (U+0130 -> "i\u0307" is 3 bytes); no code point's
// lowercase is more than 1.5 times its own UTF-8 length.
constexpr size_t kMaxLoweredBytes = 4;

// Writes the Python lowercase of the non-ASCII code point `c` found at byte `offset` of `text`, returns bytes
// written (at most kMaxLoweredBytes).
size_t LowerNonAscii(std::string_view text, size_t offset, size_t width, char32_t c, char* out) {
  if (c == kCapitalDottedI) {
    out[0] = 'i';
    return 1 + EncodeUtf8(kCombiningDotAbove, out + 1);
  }
  if (c == kCapitalSigma) return EncodeUtf8(IsFinalSigma(text, offset, width) ? kFinalSigma : kSmallSigma, out);
  return EncodeUtf8(static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c))), out);
}

struct AsciiTables {
  bool is_space[128];
  char lower[128];
  char joined[128];  // lowercase, whitespace as ' '
};
constexpr AsciiTables kAscii = [] {
  AsciiTables tables{};
  for (int c = 0; c < 128; ++c) {
    tables.is_space[c] = IsAsciiSpace(static_cast<unsigned char>(c));
    tables.lower[c] = AsciiLower(static_cast<char>(c));
    tables.joined[c] = tables.is_space[c] ? ' ' : tables.lower[c];
  }
  return tables;
}();

// Length of the ASCII prefix of `text` (at most `limit` bytes), eight bytes at a time.
size_t AsciiPrefixLength(std::string_view text, size_t limit) {
  limit = std::min(limit, text.size());
  size_t i = 0;
  for (; i + 8 <= limit; i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    const uint64_t high_bits = word & 0x8080808080808080ULL;
    if (high_bits != 0) return i + static_cast<size_t>(__builtin_ctzll(high_bits)) / 8;
  }
  while (i < limit && static_cast<unsigned char>(text[i]) < 0x80) ++i;
  return i;
}

}  // namespace

// Branch-free pass writing every byte lowercased (whitespace as ' '), keeping a whitespace byte only when it
// follows a non-whitespace byte; each kept space closes a word. A trailing kept space is dropped.
std::pair<size_t, size_t> JoinAsciiWordsScalar(std::string_view text, char* joined, WordBound* bounds) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  size_t length = 0;
  size_t word_count = 0;
  size_t word_begin = 0;
  size_t previous_is_space = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const size_t is_space = kAscii.is_space[bytes[i]];
    joined[length] = kAscii.joined[bytes[i]];
    const size_t closes_word = is_space & (previous_is_space ^ 1);
    bounds[word_count] = {static_cast<uint32_t>(word_begin), static_cast<uint32_t>(length)};
    word_count += closes_word;
    length += (is_space ^ 1) | closes_word;
    word_begin = closes_word ? length : word_begin;
    previous_is_space = is_space;
  }
  if (previous_is_space && length > 0) {
    --length;  // the separator after the last word
  } else if (length > 0) {
    bounds[word_count++] = {static_cast<uint32_t>(word_begin), static_cast<uint32_t>(length)};
  }
  return {length, word_count};
}

std::pair<size_t, size_t> JoinUnicodeWords(std::string_view text, char* joined, WordBound* bounds,
                                           bool vectorised) {
  JoinState state;
  size_t i = 0;
  size_t width;
  while (i < text.size()) {
    if (vectorised) {
      const size_t ascii = AsciiPrefixLength(text.substr(i), 64);
      if (ascii > 0) {
        JoinAsciiBlockAvx512(text.substr(i, ascii), joined, bounds, state);
        i += ascii;
        continue;
      }
    }
    const char32_t c = DecodeAt(text, i, width);
    if (IsPythonSpace(c)) {
      JoinSpace(state, joined, bounds);
    } else if (c < 0x80) {
      joined[state.length++] = kAscii.lower[c];
      state.previous_is_space = false;
    } else {
      state.length += LowerNonAscii(text, i, width, c, joined + state.length);
      state.previous_is_space = false;
    }
    i += width;
  }
  return FinishJoin(state, bounds);
}

ShingleSpec ShingleSpec::Parse(std::string_view spec) {
  const auto fail = [&]() -> ShingleSpec {
    throw MinHashError("invalid shingle spec '" + std::string(spec) +
                       "'; expected 'words:N' or 'chars:N' with N an integer in 1..4096");
  };
  const size_t colon = spec.find(':');
  if (colon == std::string_view::npos) return fail();
  const std::string_view unit = spec.substr(0, colon);
  const std::string_view number = spec.substr(colon + 1);
  ShingleSpec parsed;
  if (unit == "words") {
    parsed.unit = Unit::kWords;
  } else if (unit == "chars") {
    parsed.unit = Unit::kChars;
  } else {
    return fail();
  }
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), parsed.size);
  if (number.empty() || error != std::errc() || end != number.data() + number.size() || parsed.size < 1 ||
      parsed.size > 4096) {
    return fail();
  }
  return parsed;
}

std::string ShingleSpec::ToString() const {
  return (unit == Unit::kWords ? "words:" : "chars:") + std::to_string(size);
}

bool IsPythonSpace(char32_t c) {
  if (c < 0x80) return IsAsciiSpace(static_cast<unsigned char>(c));
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

std::string PythonLower(std::string_view text) {
  std::string lowered(text.size() + text.size() / 2 + kMaxLoweredBytes, '\0');
  size_t length = 0;
  size_t width;
  for (size_t i = 0; i < text.size(); i += width) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      lowered[length++] = kAscii.lower[byte];
      width = 1;
      continue;
    }
    const char32_t c = DecodeAt(text, i, width);
    length += LowerNonAscii(text, i, width, c, lowered.data() + length);
  }
  lowered.resize(length);
  return lowered;
}

std::string Nfkc(std::string_view text) {
  if (IsAscii(text)) return std::string(text);
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()), static_cast<utf8proc_ssize_t>(text.size()),
                   &mapped, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
  if (length < 0) {
    size_t width;
    for (size_t i = 0; i < text.size(); i += width) DecodeAt(text, i, width);  // names the offending byte
    throw MinHashError(std::string("NFKC normalisation failed: ") + utf8proc_errmsg(length));
  }
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<size_t>(length));
}

void NormalizeWords(std::string_view text, bool nfkc, NormalizedWords& out) {
  // Offsets into the joined words (up to 1.5x the text) are 32-bit, and the vectorised hash needs them < 2^31.
  constexpr size_t kMaxTextBytes = size_t{1} << 30;
  std::string normalized;
  if (nfkc && text.size() <= kMaxTextBytes && !IsAscii(text)) text = normalized = Nfkc(text);
  if (text.size() > kMaxTextBytes) {
    throw MinHashError("text of " + std::to_string(text.size()) + " bytes" + (nfkc ? " (after NFKC)" : "") +
                       " is too long; expected at most 1 GiB");
  }
  const bool ascii = IsAscii(text);
  out.joined.resize(text.size() + (ascii ? 0 : text.size() / 2 + kMaxLoweredBytes) + 64);
  out.bounds.resize(text.size() / 2 + 1);
  const auto [length, word_count] =
      !ascii ? JoinUnicodeWords(text, out.joined.data(), out.bounds.data(), JoinAsciiAvx512Supported())
      : JoinAsciiAvx512Supported() ? JoinAsciiWordsAvx512(text, out.joined.data(), out.bounds.data())
                                   : JoinAsciiWordsScalar(text, out.joined.data(), out.bounds.data());
  out.joined.resize(length);
  out.bounds.resize(word_count);
}

const std::vector<std::string_view>& Shingler::Shingle(std::string_view text) {
  NormalizeWords(text, nfkc_, words_);
  shingles_.clear();
  const size_t text_length = words_.joined.size();
  words_.joined.append(kShinglePadding, '\0');
  const char* const joined = words_.joined.data();
  const size_t n = static_cast<size_t>(spec_.size);
  if (text_length == 0) return shingles_;
  if (spec_.unit == ShingleSpec::Unit::kWords) {
    const auto& bounds = words_.bounds;
    if (bounds.size() < n) {
      shingles_.emplace_back(joined, text_length);
      return shingles_;
    }
    shingles_.reserve(bounds.size() - n + 1);
    for (size_t i = 0; i + n <= bounds.size(); ++i) {
      shingles_.emplace_back(joined + bounds[i].first, bounds[i + n - 1].second - bounds[i].first);
    }
    return shingles_;
  }
  code_point_starts_.clear();
  for (size_t i = 0; i < text_length; ++i) {
    if ((static_cast<unsigned char>(joined[i]) & 0xC0) != 0x80) code_point_starts_.push_back(static_cast<uint32_t>(i));
  }
  const size_t count = code_point_starts_.size();
  if (count < n) {
    shingles_.emplace_back(joined, text_length);
    return shingles_;
  }
  shingles_.reserve(count - n + 1);
  for (size_t i = 0; i + n <= count; ++i) {
    const size_t end = i + n < count ? code_point_starts_[i + n] : text_length;
    shingles_.emplace_back(joined + code_point_starts_[i], end - code_point_starts_[i]);
  }
  return shingles_;
}

}  // namespace leakgate::dedup
