#include "serve/coverage.h"

#include <xxhash.h>

#include <algorithm>
#include <functional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/errors.h"

namespace leakgate::serve {
namespace {

enum class CharKind { kSeparator, kWordChar, kLetter, kOwnWord };

bool IsAsciiLetter(unsigned char byte) { return (byte | 0x20) >= 'a' && (byte | 0x20) <= 'z'; }

// What the code point starting at `text[at]` is to a word, and its length in bytes (a malformed sequence is one
// byte, a letter). Separators: ASCII other than letters and digits, Latin-1 punctuation and NBSP, general and CJK
// punctuation, full-width forms' punctuation. Han, kana and hangul are words of one character each (CJK writes
// no spaces).
std::pair<CharKind, std::size_t> Classify(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80) {
    if (IsAsciiLetter(lead)) return {CharKind::kLetter, 1};
    return {lead >= '0' && lead <= '9' ? CharKind::kWordChar : CharKind::kSeparator, 1};
  }
  const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (length == 1 || at + length > text.size()) return {CharKind::kLetter, 1};
  char32_t code_point = lead & (0xFF >> (length + 1));
  for (std::size_t i = 1; i < length; ++i) code_point = (code_point << 6) | (text[at + i] & 0x3F);
  if ((code_point >= 0xA0 && code_point <= 0xBF) || code_point == 0xD7 || code_point == 0xF7 ||
      (code_point >= 0x2000 && code_point <= 0x2BFF) || (code_point >= 0x3000 && code_point <= 0x303F) ||
      (code_point >= 0xFF00 && code_point <= 0xFF0F))
    return {CharKind::kSeparator, length};
  if (code_point >= 0x2E80 && code_point <= 0xD7FF) return {CharKind::kOwnWord, length};
  return {CharKind::kLetter, length};
}

// Calls `visit` with the XXH3 of each word of `text` (see InputCoverage's constructor), lower-casing into `buffer`.
template <typename Visit>
void ForEachWord(std::string_view text, std::string& buffer, Visit&& visit) {
  std::size_t at = 0;
  buffer.clear();
  bool has_letter = false;
  auto end_word = [&] {
    if (has_letter) visit(XXH3_64bits(buffer.data(), buffer.size()));
    buffer.clear();
    has_letter = false;
  };
  while (at < text.size()) {
    const auto [kind, length] = Classify(text, at);
    if (kind == CharKind::kSeparator || kind == CharKind::kOwnWord) end_word();
    if (kind != CharKind::kSeparator) {
      for (std::size_t i = 0; i < length; ++i) {
        const auto byte = static_cast<unsigned char>(text[at + i]);
        buffer.push_back(IsAsciiLetter(byte) ? static_cast<char>(byte | 0x20) : static_cast<char>(byte));
      }
      has_letter = has_letter || kind != CharKind::kWordChar;
    }
    if (kind == CharKind::kOwnWord) end_word();
    at += length;
  }
  end_word();
}

}  // namespace

InputCoverage::InputCoverage(std::span<const std::string> records, std::size_t min_people,
                             std::span<const std::optional<std::string>> people) {
  if (min_people < kMinPeople)
    throw common::ConfigError("monitor.coverage_min_people: expected at least " + std::to_string(kMinPeople));
  records_read_ = std::min(records.size(), kMaxRecords);
  // Each (word, person) once: a person is their record's entry of `people`, or the record itself.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> word_people;
  std::string buffer;
  for (std::size_t r = 0; r < records_read_; ++r) {
    const bool named = r < people.size() && people[r].has_value();
    const std::uint64_t person = named ? XXH3_64bits(people[r]->data(), people[r]->size()) : ~std::uint64_t{r};
    const std::size_t first = word_people.size();
    ForEachWord(records[r], buffer, [&](std::uint64_t word) { word_people.emplace_back(word, person); });
    std::sort(word_people.begin() + static_cast<std::ptrdiff_t>(first), word_people.end());
    word_people.erase(std::unique(word_people.begin() + static_cast<std::ptrdiff_t>(first), word_people.end()),
                      word_people.end());
  }
  std::sort(word_people.begin(), word_people.end());
  word_people.erase(std::unique(word_people.begin(), word_people.end()), word_people.end());
  for (std::size_t i = 0; i < word_people.size();) {
    std::size_t j = i;
    while (j < word_people.size() && word_people[j].first == word_people[i].first) ++j;
    if (j - i >= min_people) vocabulary_.insert(word_people[i].first);
    i = j;
  }
}

double InputCoverage::UnseenShare(std::string_view text) const {
  std::size_t words = 0, unseen = 0;
  std::string buffer;
  ForEachWord(text, buffer, [&](std::uint64_t word) {
    ++words;
    unseen += vocabulary_.count(word) == 0;
  });
  return words == 0 ? 1.0 : static_cast<double>(unseen) / static_cast<double>(words);
}

}  // namespace leakgate::serve
