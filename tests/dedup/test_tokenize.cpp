// Tokenisation must give the byte strings Python's text.lower().split() shingling gives.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <stdexcept>

#include "common/digest.h"
#include "dedup/minhash/errors.h"
#include "dedup/minhash/tokenize.h"
#include "dedup/minhash/tokenize_kernels.h"
#include "test_support.h"

namespace leakgate::dedup {
namespace {

std::vector<std::string> ShinglesOf(std::string_view spec, std::string_view text, bool nfkc = false) {
  Shingler shingler(ShingleSpec::Parse(spec), nfkc);
  const auto& views = shingler.Shingle(text);
  return {views.begin(), views.end()};
}

TEST(PythonLower, AsciiAndFullUnicodeCaseMapping) {
  EXPECT_EQ(PythonLower("Hello, WORLD 42"), "hello, world 42");
  EXPECT_EQ(PythonLower("\xC3\x85NGSTR\xC3\x96M \xC5\xA0"), "\xC3\xA5ngstr\xC3\xB6m \xC5\xA1");  // ÅNGSTRÖM Š
  EXPECT_EQ(PythonLower("\xE2\x92\xB8"), "\xE2\x93\x92");                                       // Ⓒ -> ⓒ
  EXPECT_EQ(PythonLower("\xC4\xB0"), "i\xCC\x87");                                              // İ -> i + U+0307
  EXPECT_EQ(PythonLower("\xE2\x84\xAA"), "k");                                                  // KELVIN SIGN
  EXPECT_EQ(PythonLower("\xE1\xBA\x9E"), "\xC3\x9F");                                           // ẞ -> ß
}

TEST(PythonLower, FinalSigmaFollowsPythonContextRule) {
  // ΣΑΣ -> σας ; a lone Σ stays σ ; Σ before a letter (after skipping case-ignorable ') is σ.
  EXPECT_EQ(PythonLower("\xCE\xA3\xCE\x91\xCE\xA3"), "\xCF\x83\xCE\xB1\xCF\x82");
  EXPECT_EQ(PythonLower("\xCE\xA3"), "\xCF\x83");
  EXPECT_EQ(PythonLower("A\xCE\xA3'B"), "a\xCF\x83'b");
  EXPECT_EQ(PythonLower("A'\xCE\xA3 B"), "a'\xCF\x82 b");
  EXPECT_EQ(PythonLower("1\xCE\xA3"), "1\xCF\x83");
}

TEST(PythonLower, RejectsInvalidUtf8WithOffset) {
  try {
    PythonLower("ok\xC3(");
    FAIL() << "expected MinHashError";
  } catch (const MinHashError& error) {
    EXPECT_NE(std::string(error.what()).find("offset 2"), std::string::npos) << error.what();
  }
  EXPECT_THROW(PythonLower("\xED\xA0\x80"), MinHashError);  // encoded surrogate
  EXPECT_THROW(PythonLower("\xC0\xAF"), MinHashError);      // overlong
}

TEST(PythonSplit, WhitespaceSetIsExactlyPythonIsspace) {
  for (char32_t c : {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x200A,
                     0x2028, 0x2029, 0x202F, 0x205F, 0x3000}) {
    EXPECT_TRUE(IsPythonSpace(c)) << std::hex << static_cast<uint32_t>(c);
  }
  for (char32_t c : {0x08, 0x0E, 0x21, 0x180E, 0x200B, 0x2060, 0xFEFF}) {
    EXPECT_FALSE(IsPythonSpace(c)) << std::hex << static_cast<uint32_t>(c);
  }
}

TEST(ShingleSpec, ParsesAndRejects) {
  EXPECT_EQ(ShingleSpec::Parse("words:5").unit, ShingleSpec::Unit::kWords);
  EXPECT_EQ(ShingleSpec::Parse("chars:3").size, 3);
  EXPECT_EQ(ShingleSpec::Parse("chars:3").ToString(), "chars:3");
  for (const char* bad : {"words", "words:", "words:0", "words:-1", "word:5", "chars:5x", "", "words:99999"}) {
    try {
      ShingleSpec::Parse(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const MinHashError& error) {
      const std::string message = error.what();
      EXPECT_NE(message.find(std::string("'") + bad + "'"), std::string::npos) << message;
      EXPECT_NE(message.find("words:N"), std::string::npos) << message;
    }
  }
}

TEST(Shingler, WordShinglesFollowDatasketchUsage) {
  EXPECT_TRUE(ShinglesOf("words:5", " \t\n ").empty());
  EXPECT_EQ(ShinglesOf("words:5", "The quick  brown\tFOX"), std::vector<std::string>{"the quick brown fox"});
  EXPECT_EQ(ShinglesOf("words:2", "a B c"), (std::vector<std::string>{"a b", "b c"}));
  EXPECT_EQ(ShinglesOf("words:1", "x\xC2\xA0y"), (std::vector<std::string>{"x", "y"}));
}

TEST(Shingler, CharShinglesCountCodePointsOfNormalisedText) {
  EXPECT_TRUE(ShinglesOf("chars:3", "  ").empty());
  EXPECT_EQ(ShinglesOf("chars:3", " Ab \n\n C "), (std::vector<std::string>{"ab ", "b c"}));
  EXPECT_EQ(ShinglesOf("chars:4", "XY"), std::vector<std::string>{"xy"});
  EXPECT_EQ(ShinglesOf("chars:2", "\xC3\x85\xC3\x96z"), (std::vector<std::string>{"\xC3\xA5\xC3\xB6", "\xC3\xB6z"}));
}

TEST(Shingler, NfkcIsAppliedBeforeLowering) {
  // U+FB01 (fi ligature) and fullwidth 'Ａ' fold under NFKC; without NFKC they stay as they are (lowercased).
  EXPECT_EQ(ShinglesOf("words:1", "\xEF\xAC\x81 \xEF\xBC\xA1", true), (std::vector<std::string>{"fi", "a"}));
  EXPECT_EQ(ShinglesOf("words:1", "\xEF\xAC\x81 \xEF\xBC\xA1", false),
            (std::vector<std::string>{"\xEF\xAC\x81", "\xEF\xBD\x81"}));
}

// The AVX-512 ASCII path must equal the portable loop on texts with every kind of ASCII whitespace run, at
// lengths around the 64-byte block size.
TEST(JoinAsciiWords, Avx512EqualsScalar) {
  if (!JoinAsciiAvx512Supported()) GTEST_SKIP() << "no AVX-512 VBMI2 on this CPU";
  std::mt19937 random(3);
  const std::string alphabet = "aZ09.,;'\"Q \t\n\v\f\r\x1c\x1d\x1e\x1f\x01\x7f";
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text(random() % 300, ' ');
    const size_t spaces_bias = random() % 4;
    for (char& c : text) c = (random() % 4 < spaces_bias) ? ' ' : alphabet[random() % alphabet.size()];
    std::string joined_scalar(text.size() + 64, '\0'), joined_simd(text.size() + 64, '\0');
    std::vector<WordBound> bounds_scalar(text.size() / 2 + 1), bounds_simd(text.size() / 2 + 1);
    const auto [length_scalar, words_scalar] = JoinAsciiWordsScalar(text, joined_scalar.data(), bounds_scalar.data());
    const auto [length_simd, words_simd] = JoinAsciiWordsAvx512(text, joined_simd.data(), bounds_simd.data());
    ASSERT_EQ(length_simd, length_scalar) << trial;
    ASSERT_EQ(words_simd, words_scalar) << trial;
    EXPECT_EQ(joined_simd.substr(0, length_simd), joined_scalar.substr(0, length_scalar)) << trial;
    bounds_scalar.resize(words_scalar);
    bounds_simd.resize(words_simd);
    EXPECT_EQ(bounds_simd, bounds_scalar) << trial;
  }
}

// Mixed ASCII/Unicode texts (the ASCII stretches take the vectorised path) must give exactly what Python does:
// lower() the whole text, then split() on whitespace code points.
TEST(NormalizeWords, MixedTextEqualsLowerThenSplit) {
  const std::vector<std::string> pieces = {"a",          "Z",           " ",    "\t\n",  "\xC2\xA0", "\xE2\x80\x83",
                                           "\xC4\xB0",   "\xCE\xA3",    "'",    "\xC3\x89", "\xE6\x97\xA5", "\xF0\x9F\x98\x80",
                                           "\xE2\x80\x8B", "\x1c",        "Word", std::string(70, 'Q'),
                                           std::string(63, ' ')};
  std::mt19937 random(9);
  NormalizedWords normalized;
  for (int trial = 0; trial < 2000; ++trial) {
    std::string text;
    for (int k = static_cast<int>(random() % 60); k > 0; --k) text += pieces[random() % pieces.size()];
    const std::string lowered = PythonLower(text);
    std::vector<std::string> expected_words;
    std::string word;
    for (size_t i = 0; i < lowered.size();) {
      size_t width = 1;
      const auto lead = static_cast<unsigned char>(lowered[i]);
      char32_t c = lead;
      if (lead >= 0xF0) {
        width = 4, c = lead & 0x07;
      } else if (lead >= 0xE0) {
        width = 3, c = lead & 0x0F;
      } else if (lead >= 0xC0) {
        width = 2, c = lead & 0x1F;
      }
      for (size_t k = 1; k < width; ++k) c = (c << 6) | (static_cast<unsigned char>(lowered[i + k]) & 0x3F);
      if (IsPythonSpace(c)) {
        if (!word.empty()) expected_words.push_back(word);
        word.clear();
      } else {
        word += lowered.substr(i, width);
      }
      i += width;
    }
    if (!word.empty()) expected_words.push_back(word);
    std::string rejoined;
    for (const std::string& w : expected_words) rejoined += (rejoined.empty() ? "" : " ") + w;
    NormalizeWords(text, false, normalized);
    std::vector<std::string> words;
    for (const auto& [begin, end] : normalized.bounds) words.push_back(normalized.joined.substr(begin, end - begin));
    ASSERT_EQ(words, expected_words) << trial;
    ASSERT_EQ(normalized.joined, rejoined) << trial;
    // The code-point-at-a-time path (used on CPUs without AVX-512) must agree as well.
    std::string joined(text.size() * 2 + 68, '\0');
    std::vector<WordBound> bounds(text.size() / 2 + 1);
    const auto [length, word_count] = JoinUnicodeWords(text, joined.data(), bounds.data(), false);
    ASSERT_EQ(joined.substr(0, length), rejoined) << trial;
    ASSERT_EQ(word_count, expected_words.size()) << trial;
  }
}

// Every reference doc: shingle count, unique count and SHA-256 of the shingles joined by '\n'; edge docs also
// list their shingles.
TEST(Shingler, MatchesDatasketchReferenceShinglesForAllDocs) {
  const auto& docs = testing::ReferenceJson("datasketch/minhash_vectors.json").at("docs");
  ASSERT_EQ(docs.size(), 210u);
  Shingler shingler(ShingleSpec::Parse("words:5"));
  int edge_docs = 0;
  for (const auto& doc : docs) {
    const std::string id = doc.at("id");
    const auto& shingles = shingler.Shingle(doc.at("text").get<std::string>());
    std::string joined;
    for (size_t i = 0; i < shingles.size(); ++i) {
      if (i > 0) joined.push_back('\n');
      joined.append(shingles[i]);
    }
    EXPECT_EQ(shingles.size(), doc.at("n_shingles").get<size_t>()) << id;
    EXPECT_EQ(std::set<std::string_view>(shingles.begin(), shingles.end()).size(),
              doc.at("n_unique_shingles").get<size_t>())
        << id;
    EXPECT_EQ(common::Sha256Hex(joined), doc.at("shingles_sha256").get<std::string>()) << id;
    if (doc.contains("shingles")) {
      ++edge_docs;
      EXPECT_EQ(std::vector<std::string>(shingles.begin(), shingles.end()),
                doc.at("shingles").get<std::vector<std::string>>())
          << id;
    }
  }
  EXPECT_EQ(edge_docs, 10);
}

}  // namespace
}  // namespace leakgate::dedup
