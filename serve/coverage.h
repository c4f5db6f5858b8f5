// The region of the input space a release's own training data covers, for the extraction monitor's coverage signal:
// the words that at least `min_people` people wrote in its training records. A text most of whose words lie outside it
// is a question this model's customers rarely ask: uniformly random or synthetic queries, or another domain's texts.
// Kesarwani et al. 2018 watch how far a key's queries cover the input space beyond the region benign users ask about;
// Tramèr et al. 2016 and Carlini et al. 2024 extract with uniformly random inputs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>

namespace leakgate::serve {

class InputCoverage {
 public:
  // The fewest people a word of the vocabulary may come from.
  static constexpr std::size_t kMinPeople = 2;
  // Records read at most (the first ones): the vocabulary of a large corpus stays bounded.
  static constexpr std::size_t kMaxRecords = 50000;

  // A word is a maximal run of letters and digits that holds a letter (a number alone is not a word); punctuation,
  // spaces and symbols of any script separate words, and each Han, kana or hangul character is a word of its own.
  // ASCII letters are lower-cased. A word belongs to the vocabulary when at least `min_people` (>= kMinPeople) people
  // wrote it: `people` names each record's person (person-level privacy), else each record is its own person. So
  // one person's rare words (a surname the scrubber missed) stay out.
  InputCoverage(std::span<const std::string> records, std::size_t min_people,
                std::span<const std::optional<std::string>> people = {});

  // The share of the text's words outside the vocabulary; 1 for a text without words.
  double UnseenShare(std::string_view text) const;
  std::size_t vocabulary_size() const { return vocabulary_.size(); }
  std::size_t records_read() const { return records_read_; }

 private:
  std::unordered_set<std::uint64_t> vocabulary_;  // XXH3 of each word
  std::size_t records_read_ = 0;
};

}  // namespace leakgate::serve
