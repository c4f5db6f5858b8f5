// The ordinary words of eleven Debian word lists, lower-cased, as a minimal automaton compiled into the binary
// (scrub/models/ordinary_words.lgow, built by scripts/name_tagger/build_ordinary_words.py): the name tagger asks it
// whether a word it read as a name is an ordinary word of a language its own lists lack ("Zalecenia", "Onderhoud"),
// and whether a word is English or only of other languages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace leakgate::scrub {

class OrdinaryWords {
 public:
  // Reads an automaton written by build_ordinary_words.py; throws common::InputError naming `where` if it is
  // malformed. `bytes` must outlive the result.
  static OrdinaryWords FromBytes(std::string_view bytes, std::string_view where);
  // The automaton compiled into the binary, and the SHA-256 of its file (hex), so reports can say which one was read.
  static const OrdinaryWords& Shipped();
  static const std::string& ShippedDigest();

  // What a word is: none of the words, a word only of the lists of other languages than English, or a word of an
  // English list (and perhaps of others).
  enum class Kind : std::uint8_t { kNone, kOtherLanguagesOnly, kEnglish };
  // What `lower_case` (UTF-8, lower-cased as utf8proc lower-cases) is.
  Kind Lookup(std::string_view lower_case) const;
  bool Contains(std::string_view lower_case) const { return Lookup(lower_case) != Kind::kNone; }
  std::uint32_t word_count() const { return word_count_; }

 private:
  OrdinaryWords() = default;
  const unsigned char* transitions_ = nullptr;  // four little-endian bytes each
  std::uint32_t transition_count_ = 0, root_ = 0, word_count_ = 0;
};

}  // namespace leakgate::scrub
