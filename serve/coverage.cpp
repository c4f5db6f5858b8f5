#include "serve/coverage.h"

#include <xxhash.h>

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "common/errors.h"

namespace leakgate::serve {
namespace {

bool IsAsciiLetter(unsigned char byte) { return (byte | 0x20) >= 'a' && (byte | 0x20) <= 'z'; }
bool IsWordByte(unsigned char byte) { return IsAsciiLetter(byte) || (byte >= '0' && byte <= '9') || byte >= 0x80; }

// Calls `visit` with the XXH3 of each word of `text` (see InputCoverage's constructor), lower-casing into `buffer`.
template <typename Visit>
void ForEachWord(std::string_view text, std::string& buffer, Visit&& visit) {
  std::size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() && !IsWordByte(static_cast<unsigned char>(text[at]))) ++at;
    buffer.clear();
    bool has_letter = false;
    for (; at < text.size() && IsWordByte(static_cast<unsigned char>(text[at])); ++at) {
      const auto byte = static_cast<unsigned char>(text[at]);
      has_letter = has_letter || IsAsciiLetter(byte) || byte >= 0x80;
      buffer.push_back(IsAsciiLetter(byte) ? static_cast<char>(byte | 0x20) : static_cast<char>(byte));
    }
    if (has_letter) visit(XXH3_64bits(buffer.data(), buffer.size()));
  }
}

}  // namespace

InputCoverage::InputCoverage(std::span<const std::string> records, std::size_t min_records) {
  if (min_records == 0) throw common::ConfigError("monitor.coverage_min_records: expected at least 1");
  records_read_ = std::min(records.size(), kMaxRecords);
  std::unordered_map<std::uint64_t, std::size_t> records_with;
  std::vector<std::uint64_t> words;
  std::string buffer;
  for (std::size_t r = 0; r < records_read_; ++r) {
    words.clear();
    ForEachWord(records[r], buffer, [&](std::uint64_t word) { words.push_back(word); });
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    for (std::uint64_t word : words) ++records_with[word];
  }
  for (const auto& [word, count] : records_with) {
    if (count >= min_records) vocabulary_.insert(word);
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
