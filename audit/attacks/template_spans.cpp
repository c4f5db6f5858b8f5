#include "audit/attacks/template_spans.h"

#include <xxhash.h>

#include <unordered_map>

#include "audit/attacks/errors.h"

namespace leakgate::audit {

namespace {

std::uint64_t NgramHash(std::string_view text, std::size_t offset, std::size_t length) {
  return XXH3_64bits(text.data() + offset, length);
}

}  // namespace

TemplateIndex::TemplateIndex(std::span<const std::string> reference_texts, std::size_t ngram_bytes)
    : ngram_bytes_(ngram_bytes), reference_records_(reference_texts.size()) {
  if (ngram_bytes == 0) throw AttackInputError("template index: the n-gram length must be at least 1 byte");
  // n-gram -> index of the last record it was seen in + 1, and whether a second record had it.
  std::unordered_map<std::uint64_t, std::size_t> last_record;
  for (std::size_t record = 0; record < reference_texts.size(); ++record) {
    const std::string& text = reference_texts[record];
    for (std::size_t offset = 0; offset + ngram_bytes <= text.size(); ++offset) {
      const std::uint64_t hash = NgramHash(text, offset, ngram_bytes);
      auto [seen, fresh] = last_record.emplace(hash, record + 1);
      if (!fresh && seen->second != record + 1) {
        template_.insert(hash);
        seen->second = record + 1;
      }
    }
  }
}

std::size_t TemplateIndex::SpecificNgrams(std::string_view text) const {
  std::size_t specific = 0;
  for (std::size_t offset = 0; offset + ngram_bytes_ <= text.size(); ++offset) {
    specific += template_.count(NgramHash(text, offset, ngram_bytes_)) == 0 ? 1 : 0;
  }
  return specific;
}

}  // namespace leakgate::audit
