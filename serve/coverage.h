// The region of the input space a release's own training data covers, for the extraction monitor's coverage signal:
// the words that occur in at least `min_records` of its training records. A text most of whose words lie outside it
// is a question this model's customers rarely ask: uniformly random or synthetic queries, or another domain's texts.
// Kesarwani et al. 2018 watch how far a key's queries cover the input space beyond the region benign users ask about;
// Tramèr et al. 2016 and Carlini et al. 2024 extract with uniformly random inputs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>

namespace leakgate::serve {

class InputCoverage {
 public:
  // Records read at most (the first ones): the vocabulary of a large corpus stays bounded.
  static constexpr std::size_t kMaxRecords = 50000;

  // A word is a maximal run of ASCII letters and digits and non-ASCII bytes that holds a letter (a number alone is
  // not a word); ASCII letters are lower-cased. Words of fewer than `min_records` records (names, identifiers, typos)
  // stay out, so the vocabulary does not answer whether a rare word was trained on. min_records >= 1.
  InputCoverage(std::span<const std::string> records, std::size_t min_records);

  // The share of the text's words outside the vocabulary; 1 for a text without words.
  double UnseenShare(std::string_view text) const;
  std::size_t vocabulary_size() const { return vocabulary_.size(); }
  std::size_t records_read() const { return records_read_; }

 private:
  std::unordered_set<std::uint64_t> vocabulary_;  // XXH3 of each word
  std::size_t records_read_ = 0;
};

}  // namespace leakgate::serve
