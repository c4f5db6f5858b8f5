// Text that many records share (a form's headings, stock phrases of a note template) is predictable without
// memorising any record, so an extraction attack that asks for it measures the template, in members and non-members
// alike. The index holds the byte n-grams found in at least two reference records (held-out text that is neither
// attacked nor trained on); the most record-specific span of a record is the one whose suffix has the most n-grams
// outside it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>

namespace leakgate::audit {

class TemplateIndex {
 public:
  // Throws AttackInputError for an n-gram length of 0.
  explicit TemplateIndex(std::span<const std::string> reference_texts, std::size_t ngram_bytes = 8);

  // How many of the byte n-grams of `text` (at each offset) are not template n-grams.
  std::size_t SpecificNgrams(std::string_view text) const;

  std::size_t reference_records() const { return reference_records_; }
  std::size_t template_ngrams() const { return template_.size(); }
  std::size_t ngram_bytes() const { return ngram_bytes_; }

 private:
  std::size_t ngram_bytes_;
  std::size_t reference_records_;
  std::unordered_set<std::uint64_t> template_;
};

}  // namespace leakgate::audit
