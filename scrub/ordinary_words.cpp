#include "scrub/ordinary_words.h"

#include <cstring>
#include <string>

#include "common/errors.h"

extern "C" const unsigned char leakgate_ordinary_words_begin[];
extern "C" const unsigned char leakgate_ordinary_words_end[];
extern "C" const char leakgate_ordinary_words_sha256[];  // lower-case hex, from the build

namespace leakgate::scrub {
namespace {

constexpr std::string_view kMagic = "LGOW";
constexpr std::uint32_t kVersion = 2;
constexpr std::size_t kHeaderSize = 20;
constexpr std::uint32_t kNoState = (1u << 21) - 1;
constexpr std::uint32_t kLast = 1u << 8, kAccepts = 1u << 9, kEnglish = 1u << 10;
constexpr int kTargetShift = 11;

std::uint32_t ReadLittleEndian(const unsigned char* at) {
  return static_cast<std::uint32_t>(at[0]) | static_cast<std::uint32_t>(at[1]) << 8 |
         static_cast<std::uint32_t>(at[2]) << 16 | static_cast<std::uint32_t>(at[3]) << 24;
}

}  // namespace

OrdinaryWords OrdinaryWords::FromBytes(std::string_view bytes, std::string_view where) {
  auto fail = [&](const std::string& what) {
    throw common::InputError(std::string(where) + ": not an ordinary-word automaton: " + what);
  };
  if (bytes.size() < kHeaderSize || bytes.substr(0, kMagic.size()) != kMagic) fail("no LGOW header");
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::uint32_t version = ReadLittleEndian(data + 4);
  if (version != kVersion)
    fail("version " + std::to_string(version) + ", this build reads " + std::to_string(kVersion));
  OrdinaryWords words;
  words.word_count_ = ReadLittleEndian(data + 8);
  words.transition_count_ = ReadLittleEndian(data + 12);
  words.root_ = ReadLittleEndian(data + 16);
  if (words.transition_count_ >= kNoState || bytes.size() != kHeaderSize + 4 * std::size_t{words.transition_count_})
    fail(std::to_string(bytes.size()) + " bytes for " + std::to_string(words.transition_count_) + " transitions");
  words.transitions_ = data + kHeaderSize;
  if (words.root_ != kNoState && words.root_ >= words.transition_count_)
    fail("the root is transition " + std::to_string(words.root_));
  // Transitions are not checked one by one here, which would read all 5.6 MB of the shipped file at start-up:
  // Contains checks each state it reaches, so a file whose transitions lead outside it answers false, and never reads
  // past it.
  return words;
}

const OrdinaryWords& OrdinaryWords::Shipped() {
  static const OrdinaryWords shipped = FromBytes(
      std::string_view(reinterpret_cast<const char*>(leakgate_ordinary_words_begin),
                       static_cast<std::size_t>(leakgate_ordinary_words_end - leakgate_ordinary_words_begin)),
      "the built-in ordinary words");
  return shipped;
}

const std::string& OrdinaryWords::ShippedDigest() {
  static const std::string digest(leakgate_ordinary_words_sha256);
  return digest;
}

OrdinaryWords::Kind OrdinaryWords::Lookup(std::string_view lower_case) const {
  std::uint32_t state = root_, record = 0;
  for (const char c : lower_case) {
    const auto byte = static_cast<unsigned char>(c);
    for (;; ++state) {
      if (state >= transition_count_) return Kind::kNone;
      record = ReadLittleEndian(transitions_ + 4 * std::size_t{state});
      if ((record & 0xFF) == byte) break;
      if ((record & kLast) != 0) return Kind::kNone;
    }
    state = record >> kTargetShift;
  }
  if ((record & kAccepts) == 0) return Kind::kNone;
  return (record & kEnglish) != 0 ? Kind::kEnglish : Kind::kOtherLanguagesOnly;
}

}  // namespace leakgate::scrub
