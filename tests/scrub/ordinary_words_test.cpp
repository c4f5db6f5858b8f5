// The ordinary-word automaton: its reader against a file written by hand from the format's description, malformed
// files, and what the shipped one holds.
#include "scrub/ordinary_words.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <string>

#include "common/digest.h"
#include "common/errors.h"

namespace leakgate::scrub {
namespace {

constexpr std::uint32_t kNone = (1u << 21) - 1;

void Append(std::string& out, std::uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((value >> shift) & 0xFF));
}

// One transition: the byte read, whether it is its state's last, whether the state reached accepts a word and
// whether that word is English, and that state.
std::uint32_t Transition(char byte, bool last, bool accepts, std::uint32_t target, bool english = false) {
  return static_cast<unsigned char>(byte) | (last ? 1u << 8 : 0) | (accepts ? 1u << 9 : 0) | (english ? 1u << 10 : 0) |
         target << 11;
}

std::string File(std::uint32_t words, std::uint32_t root, std::initializer_list<std::uint32_t> transitions) {
  std::string file = "LGOW";
  for (std::uint32_t value : {2u, words, static_cast<std::uint32_t>(transitions.size()), root}) Append(file, value);
  for (std::uint32_t transition : transitions) Append(file, transition);
  return file;
}

TEST(OrdinaryWords, ReadsTheWordsOfAnAutomatonWrittenByHand) {
  // "ab", "ac" and "b", of which "ac" is English: the root (transitions 0-1) reads "a" to a state (2-3) or "b" to an
  // accepting end; that state reads "b" or "c" to an accepting end. The ends have no transitions.
  const std::string file = File(3, 0,
                                {Transition('a', false, false, 2), Transition('b', true, true, kNone),
                                 Transition('b', false, true, kNone), Transition('c', true, true, kNone, true)});
  const OrdinaryWords words = OrdinaryWords::FromBytes(file, "hand-written");
  EXPECT_EQ(words.word_count(), 3u);
  EXPECT_EQ(words.Lookup("ab"), OrdinaryWords::Kind::kOtherLanguagesOnly);
  EXPECT_EQ(words.Lookup("b"), OrdinaryWords::Kind::kOtherLanguagesOnly);
  EXPECT_EQ(words.Lookup("ac"), OrdinaryWords::Kind::kEnglish);
  for (const char* word : {"", "a", "abc", "ad", "ba", "c", "x"}) EXPECT_FALSE(words.Contains(word)) << word;
}

TEST(OrdinaryWords, RefusesAMalformedFile) {
  const std::string good = File(1, 0, {Transition('a', true, true, kNone)});
  EXPECT_NO_THROW(OrdinaryWords::FromBytes(good, "good"));
  EXPECT_THROW(OrdinaryWords::FromBytes("LGNT" + good.substr(4), "magic"), common::InputError);
  EXPECT_THROW(OrdinaryWords::FromBytes(good.substr(0, good.size() - 1), "truncated"), common::InputError);
  std::string version = good;
  version[4] = 1;
  EXPECT_THROW(OrdinaryWords::FromBytes(version, "version"), common::InputError);
  EXPECT_THROW(OrdinaryWords::FromBytes(File(1, 5, {Transition('a', true, true, kNone)}), "root"), common::InputError);
}

TEST(OrdinaryWords, ALookupNeverLeavesAMalformedFile) {
  // A transition to a state the file does not hold, and a state whose last transition is not marked: lookups through
  // them answer false.
  const OrdinaryWords outside = OrdinaryWords::FromBytes(File(1, 0, {Transition('a', true, true, 7)}), "target");
  EXPECT_TRUE(outside.Contains("a"));
  EXPECT_FALSE(outside.Contains("ab"));
  const OrdinaryWords unmarked = OrdinaryWords::FromBytes(File(1, 0, {Transition('a', false, true, kNone)}), "last");
  EXPECT_FALSE(unmarked.Contains("b"));
}

TEST(OrdinaryWords, TheShippedOneIsTheFileInTheRepository) {
  EXPECT_EQ(OrdinaryWords::ShippedDigest(),
            common::Sha256OfFile(std::string(LEAKGATE_SOURCE_DIR_FOR_TESTS) + "/scrub/models/ordinary_words.lgow"));
}

TEST(OrdinaryWords, TheShippedOneHoldsOrdinaryWordsOfElevenLanguages) {
  const OrdinaryWords& shipped = OrdinaryWords::Shipped();
  EXPECT_GT(shipped.word_count(), 5'000'000u);
  for (const char* word : {"zalecenia", "onderhoud", "cardiología", "matrícula", "eingetragen", "tisdagen", "scuola",
                           "glycémie", "kontrol", "extranjero"})
    EXPECT_EQ(shipped.Lookup(word), OrdinaryWords::Kind::kOtherLanguagesOnly) << word;
  for (const char* word : {"hospital", "window", "colour", "color"})
    EXPECT_EQ(shipped.Lookup(word), OrdinaryWords::Kind::kEnglish) << word;
  // Entries the lists write with a capital are left out: proper names, and German nouns.
  for (const char* word : {"whitfield", "dienstag", "xqzvw"})
    EXPECT_FALSE(shipped.Contains(word)) << word;
}

}  // namespace
}  // namespace leakgate::scrub
