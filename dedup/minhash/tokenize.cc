#include "dedup/minhash/tokenize.h"

#include <utf8proc.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "dedup/minhash/errors.h"

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

// Strict UTF-8 decoding (no overlong forms, no surrogates, nothing above U+10FFFF) into `out`.
void DecodeUtf8(std::string_view text, std::vector<char32_t>& out) {
  out.clear();
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  size_t i = 0;
  while (i < size) {
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      out.push_back(lead);
      ++i;
      continue;
    }
    int length;
    char32_t code_point;
    char32_t min_value;
    if ((lead & 0xE0) == 0xC0) {
      length = 2, code_point = lead & 0x1F, min_value = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, code_point = lead & 0x0F, min_value = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, code_point = lead & 0x07, min_value = 0x10000;
    } else {
      ThrowInvalidUtf8(i);
    }
    if (i + length > size) ThrowInvalidUtf8(i);
    for (int k = 1; k < length; ++k) {
      const unsigned char continuation = bytes[i + k];
      if ((continuation & 0xC0) != 0x80) ThrowInvalidUtf8(i);
      code_point = (code_point << 6) | (continuation & 0x3F);
    }
    if (code_point < min_value || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      ThrowInvalidUtf8(i);
    }
    out.push_back(code_point);
    i += length;
  }
}

void AppendUtf8(char32_t c, std::string& out) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
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

// Python's Final_Sigma test for the capital sigma at `index`: a cased letter before it and none after it,
// skipping case-ignorable code points on both sides.
bool IsFinalSigma(const std::vector<char32_t>& text, size_t index) {
  size_t j = index;
  char32_t before = 0;
  bool found_before = false;
  while (j > 0) {
    before = text[--j];
    if (!IsCaseIgnorable(before)) {
      found_before = true;
      break;
    }
  }
  if (!found_before || !IsCased(before)) return false;
  for (size_t k = index + 1; k < text.size(); ++k) {
    if (!IsCaseIgnorable(text[k])) return !IsCased(text[k]);
  }
  return true;
}

// Appends the Python lowercase of text[index] (which may be more than one code point) to `out`.
void AppendLowered(const std::vector<char32_t>& text, size_t index, std::string& out) {
  const char32_t c = text[index];
  if (c < 0x80) {
    out.push_back(AsciiLower(static_cast<char>(c)));
  } else if (c == kCapitalDottedI) {
    out.push_back('i');
    AppendUtf8(kCombiningDotAbove, out);
  } else if (c == kCapitalSigma) {
    AppendUtf8(IsFinalSigma(text, index) ? kFinalSigma : kSmallSigma, out);
  } else {
    AppendUtf8(static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c))), out);
  }
}

void NormalizeAsciiWords(std::string_view text, NormalizedWords& out) {
  bool in_word = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (IsAsciiSpace(static_cast<unsigned char>(c))) {
      if (in_word) out.bounds.back().second = static_cast<uint32_t>(out.joined.size());
      in_word = false;
      continue;
    }
    if (!in_word) {
      if (!out.joined.empty()) out.joined.push_back(' ');
      out.bounds.emplace_back(static_cast<uint32_t>(out.joined.size()), 0);
      in_word = true;
    }
    out.joined.push_back(AsciiLower(c));
  }
  if (in_word) out.bounds.back().second = static_cast<uint32_t>(out.joined.size());
}

void NormalizeUnicodeWords(std::string_view text, NormalizedWords& out) {
  thread_local std::vector<char32_t> code_points;
  DecodeUtf8(text, code_points);
  bool in_word = false;
  for (size_t i = 0; i < code_points.size(); ++i) {
    if (IsPythonSpace(code_points[i])) {
      if (in_word) out.bounds.back().second = static_cast<uint32_t>(out.joined.size());
      in_word = false;
      continue;
    }
    if (!in_word) {
      if (!out.joined.empty()) out.joined.push_back(' ');
      out.bounds.emplace_back(static_cast<uint32_t>(out.joined.size()), 0);
      in_word = true;
    }
    AppendLowered(code_points, i, out.joined);
  }
  if (in_word) out.bounds.back().second = static_cast<uint32_t>(out.joined.size());
}

}  // namespace

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
  std::string lowered;
  lowered.reserve(text.size());
  if (IsAscii(text)) {
    for (char c : text) lowered.push_back(AsciiLower(c));
    return lowered;
  }
  std::vector<char32_t> code_points;
  DecodeUtf8(text, code_points);
  for (size_t i = 0; i < code_points.size(); ++i) AppendLowered(code_points, i, lowered);
  return lowered;
}

std::string Nfkc(std::string_view text) {
  if (IsAscii(text)) return std::string(text);
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()), static_cast<utf8proc_ssize_t>(text.size()),
                   &mapped, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
  if (length < 0) {
    std::vector<char32_t> ignored;
    DecodeUtf8(text, ignored);  // names the offending byte
    throw MinHashError(std::string("NFKC normalisation failed: ") + utf8proc_errmsg(length));
  }
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<size_t>(length));
}

void NormalizeWords(std::string_view text, bool nfkc, NormalizedWords& out) {
  out.joined.clear();
  out.bounds.clear();
  if (IsAscii(text)) {
    NormalizeAsciiWords(text, out);
  } else if (nfkc) {
    NormalizeUnicodeWords(Nfkc(text), out);
  } else {
    NormalizeUnicodeWords(text, out);
  }
}

const std::vector<std::string_view>& Shingler::Shingle(std::string_view text) {
  NormalizeWords(text, nfkc_, words_);
  shingles_.clear();
  const std::string& joined = words_.joined;
  const size_t n = static_cast<size_t>(spec_.size);
  if (joined.empty()) return shingles_;
  if (spec_.unit == ShingleSpec::Unit::kWords) {
    const auto& bounds = words_.bounds;
    if (bounds.size() < n) {
      shingles_.emplace_back(joined);
      return shingles_;
    }
    shingles_.reserve(bounds.size() - n + 1);
    for (size_t i = 0; i + n <= bounds.size(); ++i) {
      shingles_.emplace_back(joined.data() + bounds[i].first, bounds[i + n - 1].second - bounds[i].first);
    }
    return shingles_;
  }
  code_point_starts_.clear();
  for (size_t i = 0; i < joined.size(); ++i) {
    if ((static_cast<unsigned char>(joined[i]) & 0xC0) != 0x80) code_point_starts_.push_back(static_cast<uint32_t>(i));
  }
  const size_t count = code_point_starts_.size();
  if (count < n) {
    shingles_.emplace_back(joined);
    return shingles_;
  }
  shingles_.reserve(count - n + 1);
  for (size_t i = 0; i + n <= count; ++i) {
    const size_t end = i + n < count ? code_point_starts_[i + n] : joined.size();
    shingles_.emplace_back(joined.data() + code_point_starts_[i], end - code_point_starts_[i]);
  }
  return shingles_;
}

}  // namespace leakgate::dedup
