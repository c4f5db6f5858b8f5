#include "scrub/name_tagger.h"

#include <utf8proc.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <span>
#include <stdexcept>

#include "common/digest.h"
#include "common/errors.h"

// The shipped model's bytes, placed in the binary by name_tagger_model.cpp.
extern "C" const unsigned char leakgate_name_tagger_model_begin[];
extern "C" const unsigned char leakgate_name_tagger_model_end[];
extern "C" const char leakgate_name_tagger_model_sha256[];  // lower-case hex, from the build

namespace leakgate::scrub {
namespace {

constexpr int kLabels = 3;
constexpr int kOutside = 0, kBegin = 1, kInside = 2;
// Only score differences between labels at a position matter, so a bucket stores B and I relative to O: two int16,
// so 2^18 buckets fit a core's L2 cache (the lookups are what tagging spends its time on).
constexpr int kBucketStride = 2;
constexpr std::int64_t kForbidden = std::numeric_limits<std::int64_t>::min() / 4;
constexpr std::string_view kMagic = "LGNT";
constexpr std::uint32_t kVersion = 3;

// Whether label `to` may follow `from` (kLabels stands for the start): a name starts with B.
bool Allowed(int from, int to) { return !(to == kInside && (from == kOutside || from == kLabels)); }

// `word` with its ASCII capitals in small letters (other bytes as they are).
std::string AsciiLower(std::string_view word) {
  std::string lower(word);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

enum Casing : std::uint8_t { kNoLetters, kLower, kTitle, kUpper, kMixed };

struct Token {
  std::uint32_t start = 0, end = 0;
  Casing casing = kNoLetters;
  bool newline_before = false;
  bool sentence_start = false;
  bool caps_line = false;   // most letters on the token's line are capitals
  bool lower_line = false;  // none of the letters on the token's line is a capital (a chat, a hurried note)
};

struct Tokens {
  std::string_view text;
  std::vector<Token> items;
  std::string_view Text(std::size_t i) const { return text.substr(items[i].start, items[i].end - items[i].start); }
};

struct CodePoint {
  std::int32_t value;
  std::size_t bytes;
};

CodePoint Decode(std::string_view text, std::size_t pos) {
  auto byte = static_cast<unsigned char>(text[pos]);
  if (byte < 0x80) return {byte, 1};
  utf8proc_int32_t value = 0;
  utf8proc_ssize_t length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                                             static_cast<utf8proc_ssize_t>(text.size() - pos), &value);
  if (length <= 0) return {0xFFFD, 1};
  return {value, static_cast<std::size_t>(length)};
}

bool IsSpace(std::int32_t c) {
  if (c < 0x80) return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  return utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
}

bool IsLetter(std::int32_t c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  utf8proc_category_t category = utf8proc_category(c);
  return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_ME;  // letters and combining marks
}

bool IsWordChar(std::int32_t c) {
  if (c < 0x80) return IsLetter(c) || (c >= '0' && c <= '9');
  return IsLetter(c) || (utf8proc_category(c) >= UTF8PROC_CATEGORY_ND && utf8proc_category(c) <= UTF8PROC_CATEGORY_NO);
}

bool IsUpper(std::int32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  utf8proc_category_t category = utf8proc_category(c);
  return category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LT;
}

// Joins "O'Brien", "D’Souza" and "Okafor-Smith" into one word, but not the possessive "Smith's".
bool JoinsWord(std::string_view text, std::size_t pos, const CodePoint& joiner) {
  bool apostrophe = joiner.value == '\'' || joiner.value == 0x2019;
  if (!apostrophe && joiner.value != '-') return false;
  std::size_t next = pos + joiner.bytes;
  if (next >= text.size()) return false;
  CodePoint after = Decode(text, next);
  if (!IsLetter(after.value)) return false;
  if (!apostrophe || (after.value != 's' && after.value != 'S')) return true;
  std::size_t beyond = next + after.bytes;
  return beyond < text.size() && IsWordChar(Decode(text, beyond).value);
}

// The ASCII letters and digits, which the tokenizer takes without decoding.
constexpr std::array<bool, 256> kAsciiWordChar = [] {
  std::array<bool, 256> word_char{};
  for (int c = 0; c < 256; ++c) {
    word_char[c] = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
  return word_char;
}();

void AppendUtf8(std::string& out, std::int32_t c) {
  utf8proc_uint8_t buffer[4];
  utf8proc_ssize_t length = utf8proc_encode_char(c, buffer);
  out.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(length));
}

// A word's lower-case form and its shape: one class per character, at most two of a class in a row ("Xx", "XX",
// "X'Xx", "dd").
struct Spelling {
  std::string lower, shape;
};

void Spell(std::string_view written, Spelling& spelling) {
  spelling.lower.clear();
  spelling.shape.clear();
  for (std::size_t pos = 0; pos < written.size();) {
    CodePoint c = Decode(written, pos);
    char shape = c.value < 0x80 ? static_cast<char>(c.value) : 'o';
    if (IsLetter(c.value)) {
      shape = IsUpper(c.value) ? 'X' : 'x';
    } else if (c.value >= '0' && c.value <= '9') {
      shape = 'd';
    }
    std::size_t length = spelling.shape.size();
    if (length < 2 || spelling.shape[length - 1] != shape || spelling.shape[length - 2] != shape) {
      spelling.shape.push_back(shape);
    }
    if (c.value < 0x80) {
      spelling.lower.push_back(static_cast<char>(c.value >= 'A' && c.value <= 'Z' ? c.value + 32 : c.value));
    } else {
      AppendUtf8(spelling.lower, utf8proc_tolower(c.value));
    }
    pos += c.bytes;
  }
}

// A token of this one character ends a sentence or opens a list, so the next word starts one.
bool EndsSentence(std::int32_t c) { return c == '.' || c == '!' || c == '?' || c == ':'; }

struct LineCase {
  bool caps = false;   // most letters on the line are capitals
  bool lower = false;  // none of its letters is a capital
};

LineCase CaseOfLine(std::size_t upper, std::size_t letters) {
  return {letters >= 6 && upper * 10 >= letters * 7, letters >= 12 && upper == 0};
}

// The case of the line around a byte of one text, for the lines a block or a chunk cuts: each is read whole once and
// kept, since the lines asked for only move forward through the text.
class CutLines {
 public:
  LineCase At(std::string_view text, std::size_t pos) {
    if (pos < start_ || pos >= end_) Read(text, pos);
    return line_case_;
  }

 private:
  void Read(std::string_view text, std::size_t pos) {
    std::size_t newline_before = pos == 0 ? std::string_view::npos : text.rfind('\n', pos - 1);
    start_ = newline_before == std::string_view::npos ? 0 : newline_before + 1;
    end_ = std::min(text.find('\n', pos), text.size());
    std::size_t upper = 0, letters = 0;
    for (std::size_t at = start_; at < end_;) {
      CodePoint c = Decode(text, at);
      if (IsLetter(c.value)) {
        ++letters;
        upper += IsUpper(c.value) ? 1 : 0;
      }
      at += c.bytes;
    }
    line_case_ = CaseOfLine(upper, letters);
  }

  std::size_t start_ = 0, end_ = 0;
  LineCase line_case_;
};

void MarkLine(Tokens& tokens, std::size_t line_first, LineCase line_case) {
  for (std::size_t i = line_first; i < tokens.items.size(); ++i) {
    tokens.items[i].caps_line = line_case.caps;
    tokens.items[i].lower_line = line_case.lower;
  }
}

// Reads tokens of text[from, to) into `tokens` (reusing its buffers), at most `max_tokens` of them, and returns where
// it stopped. Long texts are tagged in such windows, so memory stays bounded and in cache whatever the input. A window
// reads what comes before it (a line break, the end of a sentence) and the case of the lines it cuts as the whole
// text would show them.
std::size_t Tokenize(std::string_view text, std::size_t from, std::size_t to, std::size_t max_tokens, Tokens& tokens,
                     CutLines& cut_lines) {
  tokens.text = text;
  tokens.items.clear();
  bool newline = false, sentence_start = true, line_cut = false;
  for (std::size_t back = from; back > 0;) {
    std::size_t lead = back - 1;
    for (int k = 0; k < 3 && lead > 0 && (static_cast<unsigned char>(text[lead]) & 0xC0) == 0x80; ++k) --lead;
    CodePoint c = Decode(text, lead);
    if (!IsSpace(c.value)) {
      line_cut = !newline;
      sentence_start = newline || EndsSentence(c.value);
      break;
    }
    newline |= c.value == '\n';
    back = lead;
  }
  std::size_t line_first = 0, line_upper = 0, line_letters = 0;
  auto mark_line = [&] {
    MarkLine(tokens, line_first, line_cut ? cut_lines.At(text, tokens.items[line_first].start)
                                          : CaseOfLine(line_upper, line_letters));
  };
  std::size_t pos = from;
  while (pos < to && tokens.items.size() < max_tokens) {
    CodePoint c = Decode(text, pos);
    if (IsSpace(c.value)) {
      if (c.value == '\n') {
        if (line_first < tokens.items.size()) mark_line();
        line_first = tokens.items.size();
        line_upper = line_letters = 0;
        line_cut = false;
        newline = sentence_start = true;
      }
      pos += c.bytes;
      continue;
    }
    Token token;
    token.start = static_cast<std::uint32_t>(pos);
    token.newline_before = newline;
    token.sentence_start = sentence_start;
    std::size_t upper = 0, letters = 0;
    bool first_upper = false;
    auto take = [&](const CodePoint& cp) {
      if (IsLetter(cp.value)) {
        bool is_upper = IsUpper(cp.value);
        if (letters == 0) first_upper = is_upper;
        ++letters;
        upper += is_upper ? 1 : 0;
      }
      pos += cp.bytes;
    };
    if (IsWordChar(c.value)) {
      while (pos < text.size()) {
        auto byte = static_cast<unsigned char>(text[pos]);
        // What take does, for ASCII letters and digits without its decoding and branches: calling take here costs
        // the tagger 11% more instructions (callgrind, dense notes).
        if (kAsciiWordChar[byte]) {
          if (byte > '9') {
            bool is_upper = byte <= 'Z';
            if (letters == 0) first_upper = is_upper;
            ++letters;
            upper += is_upper ? 1 : 0;
          }
          ++pos;
          continue;
        }
        CodePoint next = Decode(text, pos);
        if (IsWordChar(next.value) || JoinsWord(text, pos, next)) {
          take(next);
        } else {
          break;
        }
      }
    } else {
      take(c);
    }
    token.end = static_cast<std::uint32_t>(pos);
    if (letters == 0) {
      token.casing = kNoLetters;
    } else if (upper == 0) {
      token.casing = kLower;
    } else if (upper == letters) {
      token.casing = letters == 1 ? kTitle : kUpper;
    } else {
      token.casing = first_upper && upper == 1 ? kTitle : kMixed;
    }
    line_upper += upper;
    line_letters += letters;
    tokens.items.push_back(token);
    sentence_start = token.end - token.start == 1 && EndsSentence(static_cast<unsigned char>(text[token.start]));
    newline = false;
  }
  if (line_first < tokens.items.size()) {
    std::size_t rest = pos;
    for (CodePoint c{}; rest < text.size() && text[rest] != '\n' && IsSpace((c = Decode(text, rest)).value);) {
      rest += c.bytes;
    }
    line_cut |= rest < text.size() && text[rest] != '\n';
    mark_line();
  }
  return pos;
}

Tokens Tokenize(std::string_view text) {
  Tokens tokens;
  CutLines cut_lines;
  Tokenize(text, 0, text.size(), std::numeric_limits<std::size_t>::max(), tokens, cut_lines);
  return tokens;
}

// Combines hashes into one feature's hash (a multiply-xorshift finaliser over the mixed inputs).
std::uint64_t Mix(std::uint64_t a, std::uint64_t b) {
  std::uint64_t z = a ^ (b * 0x9E3779B97F4A7C15ULL) ^ (b >> 29);
  z = (z ^ (z >> 32)) * 0xD6E8FEB86659FD93ULL;
  return z ^ (z >> 32);
}

// Up to 8 bytes as one integer, the first in the lowest byte.
std::uint64_t Pack(std::string_view bytes) {
  std::uint64_t packed = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i)
    packed |= std::uint64_t{static_cast<unsigned char>(bytes[i])} << (8 * i);
  return packed;
}

std::uint64_t HashPacked(std::uint64_t seed, std::size_t size, std::uint64_t packed) {
  return Mix(seed * 0xA24BAED4963EE407ULL ^ size, packed);
}

// Hashes bytes: up to 8 (affixes, most shapes and words) are packed into one integer and mixed, longer ones go to
// XXH3.
std::uint64_t Hash(std::uint64_t seed, std::string_view bytes) {
  if (bytes.size() > 8) return XXH3_64bits_withSeed(bytes.data(), bytes.size(), seed);
  return HashPacked(seed, bytes.size(), Pack(bytes));
}

// Word lists the features consult (first names, surnames, places, ordinary words of a dozen languages): 32-bit
// fingerprints of the lower-cased word in an open-addressing table, each with its classes.
struct Lexicon {
  std::vector<std::uint32_t> keys;  // 0: empty slot
  std::vector<std::uint8_t> classes;
  std::size_t entries = 0;

  static std::uint32_t Key(std::uint64_t word_hash) { return static_cast<std::uint32_t>(word_hash >> 32) | 1u; }
  std::size_t Slot(std::uint32_t key) const { return (key * 0x9E3779B1u) & (keys.size() - 1); }

  void Add(std::uint32_t key, std::uint8_t word_classes) {
    std::size_t slot = Slot(key);
    while (keys[slot] != 0 && keys[slot] != key) slot = (slot + 1) & (keys.size() - 1);
    if (keys[slot] == 0) ++entries;
    keys[slot] = key;
    classes[slot] |= word_classes;
  }
  void Reserve(std::size_t count) {
    std::size_t capacity = 16;
    while (capacity < 2 * count) capacity *= 2;
    keys.assign(capacity, 0);
    classes.assign(capacity, 0);
  }
  std::uint8_t Find(std::uint32_t key) const {
    if (keys.empty()) return 0;
    for (std::size_t slot = Slot(key);; slot = (slot + 1) & (keys.size() - 1)) {
      if (keys[slot] == key) return classes[slot];
      if (keys[slot] == 0) return 0;
    }
  }
  // The classes of a word as written, in any case.
  std::uint8_t ClassesOf(std::string_view word) const {
    Spelling spelling;
    Spell(word, spelling);
    return Find(Key(Hash(2, spelling.lower)));
  }
  // Whether the lists know `word` as an ordinary word and not as a name.
  bool OnlyAnOrdinaryWord(std::string_view word) const {
    const std::uint8_t word_classes = ClassesOf(word);
    constexpr std::uint8_t kNameClasses = ListedWord::kFirstName | ListedWord::kSurname;
    return (word_classes & ListedWord::kOrdinaryWord) != 0 && (word_classes & kNameClasses) == 0;
  }
};

// A token without letters is never in a name, except the punctuation names carry ("Last, First", "Maria T. Okafor",
// "Jr."). Nor is a lower-case piece of a path, a URL or a dotted identifier ("libs/hana/", "boost.hana.map"; names
// with capitals beside a slash or a dot, "ESPINOZA/CARLOS", "Smith/Jones", "M.Okafor.", are scored). Nor is a word
// with a digit ("4M21B", "15pm", "3-B", "B12"), unless one or two digits end a word of two letters or more, as footnote
// marks do in author lists ("Nwosu1", "Mensah2"), and the word before them is not an ordinary word on no name list
// ("Table1", "Patient1", "Bed3"). Such tokens are labelled outside without scoring, which keeps digit and symbol
// floods cheap.
constexpr std::int32_t kNever = -(1 << 28);
constexpr double kHighestScore = 0.999;

bool NeverInAName(const Tokens& tokens, std::size_t i, const Lexicon& lexicon) {
  const Token& token = tokens.items[i];
  auto before = [&](char c) { return token.start > 0 && tokens.text[token.start - 1] == c; };
  auto after = [&](char c) { return token.end < tokens.text.size() && tokens.text[token.end] == c; };
  bool in_path = before('/') || after('/') || before('\\') || after('\\') || (before('.') && after('.'));
  if (in_path && token.casing == kLower) return true;
  if (token.casing != kNoLetters) {
    constexpr std::string_view kDigits = "0123456789";
    std::string_view word = tokens.Text(i);
    std::size_t digits_at = word.find_first_of(kDigits);
    if (digits_at == std::string_view::npos) return false;
    std::size_t letters_before = 0;  // characters, not bytes
    for (std::size_t b = 0; b < digits_at; ++b) letters_before += (static_cast<unsigned char>(word[b]) & 0xC0) != 0x80;
    bool digits_end_it = word.find_first_not_of(kDigits, digits_at) == std::string_view::npos;
    if (!digits_end_it || letters_before < 2 || word.size() - digits_at > 2) return true;
    return lexicon.OnlyAnOrdinaryWord(word.substr(0, digits_at));
  }
  std::string_view piece = tokens.Text(i);
  return piece != "," && piece != "." && piece != "'" && piece != "-" && piece != "\u2019";
}

// What the features read of one token, hashed once per text.
struct TokenHashes {
  std::uint64_t word = 0, shape = 0, prefix3 = 0, suffix2 = 0, suffix3 = 0, suffix4 = 0;
  std::uint8_t flags = 0, lexicon = 0, casing = 0, length = 0;
  std::uint16_t head_lexicon = 0;  // see HeadLexicon
};

// Chinese, Japanese and Korean write a full name as one word, family name first, and running text without spaces:
// the word lists' classes of a word's first one and two characters (a listed family name opens most names), with bit
// 8 set, for a word that opens with two characters of three UTF-8 bytes each (those scripts, and Devanagari and Thai);
// 0 for any other word.
std::uint16_t HeadLexicon(std::string_view lower_word, const Lexicon& lexicon) {
  auto three_bytes = [&](std::size_t at) { return (static_cast<unsigned char>(lower_word[at]) & 0xF0) == 0xE0; };
  if (lower_word.size() < 6 || !three_bytes(0) || !three_bytes(3)) return 0;
  const std::uint8_t one = lexicon.Find(Lexicon::Key(Hash(2, lower_word.substr(0, 3))));
  const std::uint8_t two = lexicon.Find(Lexicon::Key(Hash(2, lower_word.substr(0, 6))));
  return static_cast<std::uint16_t>(0x100 | one | two << 4);
}

// What the features read of a word as written (all of TokenHashes but the flags, which depend on where it stands).
TokenHashes HashWord(const Tokens& tokens, std::size_t i, const Lexicon& lexicon) {
  const Token& token = tokens.items[i];
  thread_local Spelling spelling;
  Spell(tokens.Text(i), spelling);
  std::string_view w = spelling.lower;
  TokenHashes h;
  // The affixes are hashed as Hash would hash them, from the word's first and last bytes packed once.
  const std::size_t size = w.size();
  const std::uint64_t head = Pack(w.substr(0, 8));
  const std::size_t tail_size = std::min<std::size_t>(size, 4);
  const std::uint64_t tail = size <= 8 ? head >> (8 * (size - tail_size)) : Pack(w.substr(size - 4));
  auto hash_prefix = [&](std::uint64_t seed, std::size_t n) {
    std::size_t k = std::min(n, size);
    return HashPacked(seed, k, head & ((std::uint64_t{1} << (8 * k)) - 1));
  };
  auto hash_suffix = [&](std::uint64_t seed, std::size_t n) {
    std::size_t k = std::min(n, size);
    return HashPacked(seed, k, tail >> (8 * (tail_size - k)));
  };
  h.word = size <= 8 ? HashPacked(2, size, head) : Hash(2, w);
  h.shape = Hash(3, spelling.shape);
  h.prefix3 = hash_prefix(4, 3);
  h.suffix2 = hash_suffix(6, 2);
  h.suffix3 = hash_suffix(5, 3);
  h.suffix4 = hash_suffix(7, 4);
  h.lexicon = token.casing == kNoLetters ? 0 : lexicon.Find(Lexicon::Key(h.word));
  h.casing = token.casing;
  h.length = static_cast<std::uint8_t>(std::min<std::size_t>(w.size(), 12) | token.casing << 4);
  h.head_lexicon = HeadLexicon(w, lexicon);
  return h;
}

std::uint8_t Flags(const Token& token) {
  return static_cast<std::uint8_t>(token.casing | token.sentence_start << 3 | token.newline_before << 4 |
                                   token.caps_line << 5 | token.lower_line << 6);
}

// The hashes of the two marks that pad a text on each side, so every token has two neighbours each way.
TokenHashes EdgeHashes(std::string_view mark) {
  TokenHashes h;
  h.word = h.shape = h.prefix3 = h.suffix2 = h.suffix3 = h.suffix4 = Hash(0, mark);
  return h;
}
const TokenHashes kTextStart = EdgeHashes("<s>"), kTextEnd = EdgeHashes("</s>");
constexpr std::size_t kPad = 2;

void HashTokens(const Tokens& tokens, const Lexicon& lexicon, std::vector<TokenHashes>& hashes) {
  hashes.resize(tokens.items.size() + 2 * kPad);
  hashes[0] = hashes[1] = kTextStart;
  hashes[hashes.size() - 1] = hashes[hashes.size() - 2] = kTextEnd;
  for (std::size_t i = 0; i < tokens.items.size(); ++i) {
    hashes[i + kPad] = HashWord(tokens, i, lexicon);
    hashes[i + kPad].flags = Flags(tokens.items[i]);
  }
}

constexpr std::size_t kMaxFeatures = 24;

// A feature's bucket among 2^(64 - shift): the values are hashes already, so one multiply spreads each feature's.
std::uint32_t Bucket(std::uint64_t feature, std::uint64_t value, int shift) {
  return static_cast<std::uint32_t>(((value ^ (feature * 0xA24BAED4963EE407ULL)) * 0xD6E8FEB86659FD93ULL) >> shift);
}

// The features of a word as written, wherever it stands: the word, its shape, affixes, length and the word lists its
// first characters are on.
std::size_t WordFeatures(const TokenHashes& self, int shift, std::uint32_t* out) {
  std::size_t count = 0;
  out[count++] = Bucket(1, 0, shift);
  out[count++] = Bucket(2, self.word, shift);
  out[count++] = Bucket(3, self.shape, shift);
  out[count++] = Bucket(4, self.prefix3, shift);
  out[count++] = Bucket(5, self.suffix3, shift);
  out[count++] = Bucket(6, self.suffix2, shift);
  out[count++] = Bucket(7, self.suffix4, shift);
  out[count++] = Bucket(18, Mix(self.word, self.casing), shift);
  out[count++] = Bucket(19, self.length, shift);
  if (self.head_lexicon != 0) out[count++] = Bucket(23, Mix(self.head_lexicon, self.length), shift);
  return count;
}

// The features that read one neighbour's word alone, by where the neighbour stands from the token scored.
constexpr std::array<int, 4> kNeighbourOffsets = {-1, 1, -2, 2};

std::uint32_t NeighbourFeature(std::size_t which, const TokenHashes& neighbour, int shift) {
  return Bucket(8 + which, neighbour.word, shift);
}

// The features that read the token with its neighbours, or where it stands (its flags).
std::size_t ContextFeatures(const TokenHashes& before, const TokenHashes& self, const TokenHashes& after,
                            const TokenHashes& after2, int shift, std::uint32_t* out) {
  std::size_t count = 0;
  out[count++] = Bucket(12, Mix(before.shape, self.shape), shift);
  out[count++] = Bucket(13, Mix(self.shape, after.shape), shift);
  out[count++] = Bucket(14, Mix(before.word, self.shape), shift);
  out[count++] = Bucket(15, Mix(self.shape, after.word), shift);
  out[count++] = Bucket(16, Mix(self.shape, self.flags), shift);
  out[count++] = Bucket(17, static_cast<std::uint64_t>(self.lexicon) << 8 | self.flags, shift);
  out[count++] = Bucket(20, Mix(before.word, after.word), shift);
  out[count++] = Bucket(21,
                        static_cast<std::uint64_t>(before.lexicon) << 16 |
                            static_cast<std::uint64_t>(self.lexicon) << 8 | after.lexicon,
                        shift);
  out[count++] = Bucket(22, Mix(before.word, static_cast<std::uint64_t>(self.lexicon) << 8 | self.casing), shift);
  // What follows the next token: a chat's speaker ("Jade: ok") and a form's label ("Rückruf: 0664 ...") both stand
  // before a colon; what comes after it tells them apart.
  out[count++] = Bucket(24, Mix(after.word, after2.shape), shift);
  return count;
}

// The hashed feature buckets of token i (hashes from HashTokens): the word, its shape, affixes, neighbours, the
// word lists it is on and a few flags.
std::size_t Features(const std::vector<TokenHashes>& hashes, std::size_t i, int hash_bits, std::uint32_t* out) {
  const TokenHashes* at = &hashes[i + kPad];
  const int shift = 64 - hash_bits;
  std::size_t count = WordFeatures(at[0], shift, out);
  for (std::size_t k = 0; k < kNeighbourOffsets.size(); ++k) {
    out[count++] = NeighbourFeature(k, at[kNeighbourOffsets[k]], shift);
  }
  return count + ContextFeatures(at[-1], at[0], at[1], at[2], shift, out + count);
}

// Best labelling of a sequence from its emission scores: Viterbi with forward and backward maxima, so each named
// span's margin over the best labelling that leaves it unnamed is read off in time linear in the span.
struct Decoder {
  std::vector<std::int64_t> alpha, beta;
  std::vector<std::uint8_t> back;
  std::vector<int> labels;

  void Run(const std::vector<std::int32_t>& emission, std::size_t n, const std::array<std::int32_t, kLabels>& start,
           const std::array<std::int32_t, kLabels * kLabels>& transition, bool need_beta) {
    alpha.resize(n * kLabels);
    back.resize(n * kLabels);
    labels.resize(n);
    if (n == 0) return;
    // Forbidden moves folded into the scores, so the loops below do not branch on them.
    std::int64_t move[kLabels][kLabels], first[kLabels];
    for (int p = 0; p < kLabels; ++p) {
      first[p] = Allowed(kLabels, p) ? start[p] : kForbidden;
      for (int y = 0; y < kLabels; ++y) move[p][y] = Allowed(p, y) ? transition[p * kLabels + y] : kForbidden;
    }
    for (int y = 0; y < kLabels; ++y)
      alpha[static_cast<std::size_t>(y)] = first[y] + emission[static_cast<std::size_t>(y)];
    for (std::size_t i = 1; i < n; ++i) {
      const std::int64_t* previous = &alpha[(i - 1) * kLabels];
      for (int y = 0; y < kLabels; ++y) {
        std::int64_t best = previous[0] + move[0][y];
        std::uint8_t from = 0;
        for (int p = 1; p < kLabels; ++p) {
          std::int64_t score = previous[p] + move[p][y];
          if (score > best) best = score, from = static_cast<std::uint8_t>(p);
        }
        alpha[i * kLabels + y] = best + emission[i * kLabels + y];
        back[i * kLabels + y] = from;
      }
    }
    int last = 0;
    for (int y = 1; y < kLabels; ++y) {
      if (alpha[(n - 1) * kLabels + y] > alpha[(n - 1) * kLabels + last]) last = y;
    }
    bool any_name = false;
    for (std::size_t i = n; i-- > 0;) {
      labels[i] = last;
      any_name |= last == kBegin;
      last = back[i * kLabels + last];
    }
    if (!need_beta || !any_name) return;
    beta.resize(n * kLabels);
    for (int y = 0; y < kLabels; ++y) beta[(n - 1) * kLabels + y] = 0;
    for (std::size_t i = n - 1; i-- > 0;) {
      for (int y = 0; y < kLabels; ++y) {
        std::int64_t best = kForbidden;
        for (int next = 0; next < kLabels; ++next) {
          best = std::max(best, move[y][next] + emission[(i + 1) * kLabels + next] + beta[(i + 1) * kLabels + next]);
        }
        beta[i * kLabels + y] = best;
      }
    }
  }

  std::int64_t Best(std::size_t n) const {
    std::int64_t best = kForbidden;
    for (int y = 0; y < kLabels; ++y) best = std::max(best, alpha[(n - 1) * kLabels + y]);
    return best;
  }

  // How much the best labelling outscores the best one with tokens [first, last] all outside a name.
  std::int64_t Margin(const std::vector<std::int32_t>& emission, std::size_t n, std::size_t first, std::size_t last,
                      const std::array<std::int32_t, kLabels>& start,
                      const std::array<std::int32_t, kLabels * kLabels>& transition) const {
    std::int64_t enter = kForbidden;
    if (first == 0) {
      enter = start[kOutside];
    } else {
      for (int y = 0; y < kLabels; ++y) {
        enter = std::max(enter, alpha[(first - 1) * kLabels + y] + transition[y * kLabels + kOutside]);
      }
    }
    std::int64_t inside = 0;
    for (std::size_t i = first; i <= last; ++i) inside += emission[i * kLabels + kOutside];
    inside += static_cast<std::int64_t>(last - first) * transition[kOutside * kLabels + kOutside];
    return Best(n) - (enter + inside + beta[last * kLabels + kOutside]);
  }
};

}  // namespace

struct NameTagger::Model {
  int hash_bits = 20;
  double scale = 1.0;
  double temperature = 1.0;
  std::array<std::int32_t, kLabels> start{};
  std::array<std::int32_t, kLabels * kLabels> transition{};
  std::vector<std::int16_t> weights;  // per bucket: B - O, I - O
  Lexicon lexicon;
  std::size_t nonzero = 0;

  const std::uint64_t id = NextModelId();  // tells the word caches of models apart

  static std::uint64_t NextModelId() {
    static std::atomic<std::uint64_t> next{1};
    return next++;
  }

  // A word's share of the emission scores (B - O, I - O) wherever it stands: the sum of its word features' weights,
  // and of the neighbour features that read it, by kNeighbourOffsets.
  struct WordScores {
    std::array<std::int32_t, 2> own{};
    std::array<std::array<std::int32_t, 2>, kNeighbourOffsets.size()> as_neighbour{};
  };

  void AddWeights(std::uint32_t bucket, std::array<std::int32_t, 2>& sums) const {
    const std::int16_t* weight = &weights[static_cast<std::size_t>(bucket) * kBucketStride];
    sums[0] += weight[0];
    sums[1] += weight[1];
  }

  WordScores ScoresOf(const TokenHashes& word) const {
    const int shift = 64 - hash_bits;
    WordScores scores;
    std::uint32_t features[kMaxFeatures];
    std::size_t count = WordFeatures(word, shift, features);
    for (std::size_t f = 0; f < count; ++f) AddWeights(features[f], scores.own);
    for (std::size_t k = 0; k < kNeighbourOffsets.size(); ++k) {
      AddWeights(NeighbourFeature(k, word, shift), scores.as_neighbour[k]);
    }
    return scores;
  }

  // The hashes and scores of the words one thread tagged lately, by their bytes as written, for one model at a time.
  // Running text is mostly common words, so most tokens skip hashing, the word lists and half the weight lookups.
  class WordCache {
   public:
    void Use(const Model& model) {
      if (model_id_ == model.id) return;
      model_id_ = model.id;
      for (Entry& entry : entries_) entry.size = 0;
      text_start_ = model.ScoresOf(kTextStart);
      text_end_ = model.ScoresOf(kTextEnd);
    }
    const WordScores& text_start() const { return text_start_; }
    const WordScores& text_end() const { return text_end_; }

    // Token i's hashes (without its flags) and scores, from the cache or computed and kept.
    void Look(const Model& model, const Tokens& tokens, std::size_t i, TokenHashes& hashes, WordScores& scores) {
      std::string_view written = tokens.Text(i);
      if (written.size() > kLongestKept) {
        hashes = HashWord(tokens, i, model.lexicon);
        scores = model.ScoresOf(hashes);
        return;
      }
      Entry& entry = entries_[XXH3_64bits(written.data(), written.size()) & (kEntries - 1)];
      if (entry.size != written.size() || std::memcmp(entry.written, written.data(), written.size()) != 0) {
        entry.size = static_cast<std::uint8_t>(written.size());
        std::memcpy(entry.written, written.data(), written.size());
        entry.hashes = HashWord(tokens, i, model.lexicon);
        entry.scores = model.ScoresOf(entry.hashes);
      }
      hashes = entry.hashes;
      scores = entry.scores;
    }

   private:
    // Direct-mapped, about 1 MB a thread; words longer than kLongestKept bytes are hashed each time they occur.
    static constexpr std::size_t kEntries = 8192, kLongestKept = 23;
    struct Entry {
      std::uint8_t size = 0;  // 0: empty (a token has at least one byte)
      char written[kLongestKept];
      TokenHashes hashes;
      WordScores scores;
    };
    std::uint64_t model_id_ = 0;
    std::vector<Entry> entries_ = std::vector<Entry>(kEntries);
    WordScores text_start_, text_end_;
  };

  void Emissions(const Tokens& tokens, std::vector<std::int32_t>& emission) const {
    std::size_t n = tokens.items.size();
    emission.assign(n * kLabels, 0);
    thread_local WordCache cache;
    thread_local std::vector<TokenHashes> hashes;
    thread_local std::vector<WordScores> scores;
    cache.Use(*this);
    hashes.resize(n + 2 * kPad);
    scores.resize(n + 2 * kPad);
    hashes[0] = hashes[1] = kTextStart;
    hashes[n + kPad] = hashes[n + kPad + 1] = kTextEnd;
    scores[0] = scores[1] = cache.text_start();
    scores[n + kPad] = scores[n + kPad + 1] = cache.text_end();
    for (std::size_t i = 0; i < n; ++i) {
      cache.Look(*this, tokens, i, hashes[i + kPad], scores[i + kPad]);
      hashes[i + kPad].flags = Flags(tokens.items[i]);
    }
    const int shift = 64 - hash_bits;
    std::uint32_t features[kMaxFeatures];
    for (std::size_t i = 0; i < n; ++i) {
      if (NeverInAName(tokens, i, lexicon)) {
        emission[i * kLabels + kBegin] = emission[i * kLabels + kInside] = kNever;
        continue;
      }
      const std::size_t at = i + kPad;
      std::array<std::int32_t, 2> sums = scores[at].own;
      for (std::size_t k = 0; k < kNeighbourOffsets.size(); ++k) {
        const auto& share = scores[at + static_cast<std::size_t>(kNeighbourOffsets[k])].as_neighbour[k];
        sums[0] += share[0];
        sums[1] += share[1];
      }
      std::size_t count = ContextFeatures(hashes[at - 1], hashes[at], hashes[at + 1], hashes[at + 2], shift, features);
      for (std::size_t f = 0; f < count; ++f) AddWeights(features[f], sums);
      emission[i * kLabels + kBegin] = sums[0];
      emission[i * kLabels + kInside] = sums[1];
    }
  }

  // The named spans of the best labelling, each with its margin (in quantised weight units).
  struct Span {
    std::size_t start, end;
    std::int64_t margin;
  };
  // Texts are tagged in windows of this many tokens (a note is one window; a megabyte line is many). Windows overlap
  // by twice kContextTokens, and each keeps the names that start at least kContextTokens from where it is cut, so a
  // name is tagged as in one pass unless its labelling hangs on words further away than that.
  static constexpr std::size_t kWindowTokens = 4096;
  static constexpr std::size_t kContextTokens = 128;

  // Texts are gated in blocks of about this many bytes, ended at a space.
  static constexpr std::size_t kBlockBytes = 16384;

  // Whether a block holds words: at least one byte in sixteen starts three letters in a row (prose has about one in
  // two; a record line "Pt: Okafor, Maria 01/02/1970 MRN 4471 BP 120/80" one in six). Blocks that do not (digit,
  // symbol and address floods such as "1.2.1.2." or "a@b.ca@b.c", or a vitals line without a name of three letters)
  // are not tagged, which keeps such input fast.
  static bool LooksLikeWriting(std::string_view block) {
    static constexpr std::array<std::uint8_t, 256> kLetter = [] {
      std::array<std::uint8_t, 256> letter{};
      for (int c = 0; c < 256; ++c) letter[c] = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
      return letter;
    }();
    std::size_t triples = 0;
    unsigned last_three = 0;  // whether each of the last three bytes is a letter, one bit each
    for (char c : block) {
      last_three = ((last_three << 1) | kLetter[static_cast<unsigned char>(c)]) & 7u;
      triples += last_three == 7u;
    }
    return triples * 16 >= block.size();
  }

  std::vector<Span> Spans(std::string_view text) const {
    std::vector<Span> spans;
    CutLines cut_lines;
    auto block_end = [&](std::size_t block_start) {
      std::size_t end = std::min(text.size(), block_start + kBlockBytes);
      while (end < text.size() && text[end] != ' ' && text[end] != '\n') ++end;
      return end;
    };
    std::size_t run_start = 0, run_end = 0;  // the writing blocks read so far and not yet tagged
    for (std::size_t block_start = 0; block_start < text.size();) {
      std::size_t end = block_end(block_start);
      if (LooksLikeWriting(text.substr(block_start, end - block_start))) {
        if (run_end != block_start) run_start = block_start;
        run_end = end;
      } else if (run_start < run_end) {
        TagRun(text, run_start, run_end, cut_lines, spans);
        run_start = run_end;
      }
      block_start = end;
    }
    if (run_start < run_end) TagRun(text, run_start, run_end, cut_lines, spans);
    return spans;
  }

  // Tags text[from, to) in overlapping windows of kWindowTokens tokens.
  void TagRun(std::string_view text, std::size_t from, std::size_t to, CutLines& cut_lines,
              std::vector<Span>& spans) const {
    thread_local std::vector<std::int32_t> emission;
    thread_local Decoder decoder;
    thread_local Tokens tokens;
    std::size_t keep_from = from;  // names starting before this byte were kept from the window before
    for (std::size_t window = from; window < to;) {
      bool last_window = Tokenize(text, window, to, kWindowTokens, tokens, cut_lines) >= to;
      std::size_t n = tokens.items.size();
      if (n == 0) return;
      std::size_t keep_to = last_window ? to : tokens.items[n - kContextTokens].start;
      Emissions(tokens, emission);
      decoder.Run(emission, n, start, transition, true);
      for (std::size_t i = 0; i < n && tokens.items[i].start < keep_to; ++i) {
        if (decoder.labels[i] != kBegin) continue;
        std::size_t last = i;
        while (last + 1 < n && decoder.labels[last + 1] == kInside) ++last;
        bool has_letter = false;
        for (std::size_t j = i; j <= last; ++j) has_letter |= tokens.items[j].casing != kNoLetters;
        if (has_letter && tokens.items[i].start >= keep_from) {
          spans.push_back(
              {tokens.items[i].start, tokens.items[last].end, decoder.Margin(emission, n, i, last, start, transition)});
        }
        i = last;
      }
      if (last_window) return;
      keep_from = keep_to;
      window = tokens.items[n - 2 * kContextTokens].start;
    }
  }
};

NameTagger::NameTagger(std::unique_ptr<Model> model) : model_(std::move(model)) {}
NameTagger::NameTagger(NameTagger&&) noexcept = default;
NameTagger& NameTagger::operator=(NameTagger&&) noexcept = default;
NameTagger::~NameTagger() = default;

std::size_t NameTagger::nonzero_features() const { return model_->nonzero; }

std::uint8_t NameTagger::ListedClasses(std::string_view word) const { return model_->lexicon.ClassesOf(word); }

NameTagger NameTagger::FromBytes(std::string_view bytes, std::string_view where) {
  std::size_t pos = 0;
  auto fail = [&](const std::string& what) -> void {
    throw common::InputError(std::string(where) + ": not a name tagger model: " + what);
  };
  auto read = [&](void* out, std::size_t size) {
    if (bytes.size() - pos < size) fail("truncated at byte " + std::to_string(pos));
    std::memcpy(out, bytes.data() + pos, size);
    pos += size;
  };
  if (bytes.substr(0, kMagic.size()) != kMagic) fail("no LGNT header");
  pos = kMagic.size();
  auto model = std::make_unique<Model>();
  std::uint32_t version = 0, hash_bits = 0, count = 0;
  read(&version, sizeof version);
  if (version != kVersion)
    fail("version " + std::to_string(version) + ", this build reads " + std::to_string(kVersion));
  read(&hash_bits, sizeof hash_bits);
  if (hash_bits < 8 || hash_bits > 26) fail("hash_bits " + std::to_string(hash_bits) + " outside 8..26");
  model->hash_bits = static_cast<int>(hash_bits);
  read(&model->scale, sizeof model->scale);
  read(&model->temperature, sizeof model->temperature);
  if (!(model->scale > 0) || !std::isfinite(model->scale) || !(model->temperature > 0) ||
      !std::isfinite(model->temperature)) {
    fail("scale and temperature must be finite and positive");
  }
  read(model->start.data(), sizeof model->start);
  read(model->transition.data(), sizeof model->transition);
  read(&count, sizeof count);
  std::size_t buckets = std::size_t{1} << hash_bits;
  if (count > buckets) fail(std::to_string(count) + " entries for " + std::to_string(buckets) + " buckets");
  model->weights.assign(buckets * kBucketStride, 0);
  std::int64_t previous = -1;
  for (std::uint32_t e = 0; e < count; ++e) {
    std::uint32_t bucket = 0;
    read(&bucket, sizeof bucket);
    if (bucket >= buckets || static_cast<std::int64_t>(bucket) <= previous) fail("bucket out of order");
    previous = bucket;
    read(&model->weights[static_cast<std::size_t>(bucket) * kBucketStride], kBucketStride * sizeof(std::int16_t));
  }
  std::uint32_t lexicon_count = 0;
  read(&lexicon_count, sizeof lexicon_count);
  if (lexicon_count > (bytes.size() - pos) / 5) fail(std::to_string(lexicon_count) + " word list entries do not fit");
  model->lexicon.Reserve(lexicon_count);
  std::uint32_t previous_key = 0;
  for (std::uint32_t e = 0; e < lexicon_count; ++e) {
    std::uint32_t key = 0;
    std::uint8_t word_classes = 0;
    read(&key, sizeof key);
    read(&word_classes, sizeof word_classes);
    if (key <= previous_key || (key & 1u) == 0) fail("word list entry out of order");
    previous_key = key;
    model->lexicon.Add(key, word_classes);
  }
  if (pos != bytes.size()) fail(std::to_string(bytes.size() - pos) + " bytes after the last entry");
  model->nonzero = count;
  return NameTagger(std::move(model));
}

namespace {

// The model and digest ReplaceShipped installed, if any, and whether Shipped() has answered yet.
struct Replacement {
  std::unique_ptr<NameTagger> tagger;
  std::string digest;
  std::atomic<bool> shipped_used{false};
};
Replacement& ShippedReplacement() {
  static Replacement replacement;
  return replacement;
}

}  // namespace

const NameTagger& NameTagger::Shipped() {
  Replacement& replacement = ShippedReplacement();
  replacement.shipped_used.store(true, std::memory_order_relaxed);
  if (replacement.tagger) return *replacement.tagger;
  static const NameTagger shipped = FromBytes(
      std::string_view(reinterpret_cast<const char*>(leakgate_name_tagger_model_begin),
                       static_cast<std::size_t>(leakgate_name_tagger_model_end - leakgate_name_tagger_model_begin)),
      "the shipped name tagger (scrub/models/name_tagger.lgnt)");
  return shipped;
}

const std::string& NameTagger::ShippedDigest() {
  Replacement& replacement = ShippedReplacement();
  replacement.shipped_used.store(true, std::memory_order_relaxed);
  if (replacement.tagger) return replacement.digest;
  static const std::string digest(leakgate_name_tagger_model_sha256);
  return digest;
}

void NameTagger::ReplaceShipped(std::string_view bytes, std::string_view where) {
  Replacement& replacement = ShippedReplacement();
  // A scrubber already built holds the model it was given; swapping it under one would misname its findings' model.
  if (replacement.tagger || replacement.shipped_used.load(std::memory_order_relaxed)) {
    throw std::logic_error("NameTagger::ReplaceShipped: called twice, or after the shipped model was used");
  }
  replacement.tagger = std::make_unique<NameTagger>(FromBytes(bytes, where));
  replacement.digest = common::Sha256Hex(bytes);
}

namespace {

// Whether `span` has a word and every word of it (a run of letters and characters beyond ASCII) is one `is_such`
// accepts.
template <class Predicate>
bool EveryWord(std::string_view span, Predicate is_such) {
  auto in_word = [](char c) {
    return static_cast<unsigned char>(c) >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  };
  bool any = false;
  for (std::size_t i = 0; i < span.size();) {
    if (!in_word(span[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < span.size() && in_word(span[end])) ++end;
    if (!is_such(span.substr(i, end - i))) return false;
    any = true;
    i = end;
  }
  return any;
}

// Whether every word of `span` is on the word lists as an ordinary word and on none as a name ("meu celular", "para",
// "Terapia"): the tagger read it where a name could stand, but no list knows it as one.
bool OnlyOrdinaryWords(std::string_view span, const Lexicon& lexicon) {
  return EveryWord(span, [&](std::string_view word) { return lexicon.OnlyAnOrdinaryWord(word); });
}

// Whether the span [start, end) is one word on no list with a drug's stem, before its dose ("on Citalopram 40 mg",
// "Edoxaban 60 mg"): the tagger reads a capitalised word before a number as a name. Without the dose the word is
// kept, as surnames end in some stems too.
// Whether a dose follows `at`: spaces, then a digit ("40 mg").
bool DoseAfter(std::string_view text, std::size_t at) {
  std::size_t dose = at;
  while (dose < text.size() && text[dose] == ' ') ++dose;
  return dose > at && dose < text.size() && text[dose] >= '0' && text[dose] <= '9';
}

bool DrugBeforeItsDose(std::string_view text, std::size_t start, std::size_t end, const Lexicon& lexicon) {
  const std::string_view word = text.substr(start, end - start);
  if (word.find(' ') != std::string_view::npos || lexicon.ClassesOf(word) != 0 || !LooksLikeADrug(word)) return false;
  return DoseAfter(text, end);
}

// The ASCII letters of the word that starts at `at` (empty if none starts there).
std::string_view LettersAt(std::string_view text, std::size_t at) {
  std::size_t end = at;
  while (end < text.size() && std::isalpha(static_cast<unsigned char>(text[end]))) ++end;
  return text.substr(at, end - at);
}

// Whether `word` is a dosage form a prescription writes before a drug's name ("Tab", "Caps", "Inj", "Syp").
bool IsDosageForm(std::string_view word) {
  static constexpr std::string_view kForms[] = {"tab", "tabs", "tablet", "cap", "caps", "capsule", "inj", "syp",
                                                "syr", "susp", "oint", "supp"};
  if (word.size() < 3 || word.size() > 7) return false;
  return std::find(std::begin(kForms), std::end(kForms), AsciiLower(word)) != std::end(kForms);
}

// Whether the span [start, end) is a drug between its dosage form and its dose, or the dosage form itself before a
// drug and a dose ("Tab. Dolo 650", "Tab Brilinta 90 1-0-1", "Cap Amoxil 500 mg"): Indian and South-East Asian
// prescriptions write every drug so, and the tagger reads a capitalised word before a number as a name.
bool DrugAfterItsDosageForm(std::string_view text, std::size_t start, std::size_t end) {
  const std::string_view first = LettersAt(text, start);
  if (IsDosageForm(first)) {
    if (start + first.size() < end) return DoseAfter(text, end);
    std::size_t drug_start = end;
    while (drug_start < text.size() && (text[drug_start] == '.' || text[drug_start] == ' ')) ++drug_start;
    const std::string_view drug = LettersAt(text, drug_start);
    return drug_start > end && !drug.empty() && std::isupper(static_cast<unsigned char>(drug[0])) &&
           DoseAfter(text, drug_start + drug.size());
  }
  std::size_t form_end = start;
  while (form_end > 0 && text[form_end - 1] == ' ') --form_end;
  if (form_end > 0 && text[form_end - 1] == '.') --form_end;
  std::size_t form_start = form_end;
  while (form_start > 0 && std::isalpha(static_cast<unsigned char>(text[form_start - 1]))) --form_start;
  if (form_start == form_end || form_end == start) return false;
  if (form_start > 0 && static_cast<unsigned char>(text[form_start - 1]) >= 0x80) return false;
  return IsDosageForm(text.substr(form_start, form_end - form_start)) && DoseAfter(text, end);
}

// Whether every word of `span` is a language, a people or a patient's label (IsALanguageOrAPatientLabel), where the
// tagger reads a lone capitalised word as a name. A surname spelt as a language ("Mrs French") keeps its first name or
// title in the span, or is found after the title by the cue scan.
bool OnlyLanguagesOrPatientLabels(std::string_view span) { return EveryWord(span, IsALanguageOrAPatientLabel); }

// Whether the span [start, end) is one lower-case word that no list has as a name and that reads as a finding or a
// procedure ("afebrile", "anaphylaxis", "dysuria"): notes write findings in lower case, people seldom.
bool LowerCaseFinding(std::string_view text, std::size_t start, std::size_t end, const Lexicon& lexicon) {
  const std::string_view word = text.substr(start, end - start);
  if (word.size() < 6 || !std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
    return false;
  if ((lexicon.ClassesOf(word) & (ListedWord::kFirstName | ListedWord::kSurname)) != 0) return false;
  return LooksClinical(word) || word.ends_with("uria") || word.ends_with("itis") || word.ends_with("emia");
}

// Whether the span [start, end) is "will" (or "WILL") as the verb: the next word, in the same case, is not one that
// follows a name ("this License will continue", "THE PATIENT WILL NEED", "will always be"). After the name comes a verb
// in the past or in -s, another verb that helps ("will can you"), a preposition, a conjunction, a word of time or
// punctuation ("will said", "will says", "ask will about the build", "meet will at noon"). A word before it that
// addresses or names someone keeps it a name ("ping will", "pair with will", "thanks will").
bool WillAsTheVerb(std::string_view text, std::size_t start, std::size_t end) {
  const std::string_view word = text.substr(start, end - start);
  const bool capitals = word == "WILL";
  if (word != "will" && !capitals) return false;
  std::size_t before_end = start;
  while (before_end > 0 && text[before_end - 1] == ' ') --before_end;
  std::size_t before_start = before_end;
  while (before_start > 0 && before_end - before_start < 16 &&
         std::isalpha(static_cast<unsigned char>(text[before_start - 1])))
    --before_start;
  static const std::set<std::string, std::less<>> kBeforeAName = {
      "ask",   "asked", "tell",  "told", "ping", "pinged", "meet",  "met",   "with", "by",  "cc",   "to",
      "from",  "for",   "thanks", "thx", "sorry", "hi",    "hey",   "hello", "dear", "call", "text", "email"};
  if (before_end > before_start && kBeforeAName.count(AsciiLower(text.substr(before_start, before_end - before_start))))
    return false;
  std::size_t next = end;
  bool across_a_line = false;
  while (next < text.size()) {
    if (text[next] == ' ' || text[next] == '\t') {
      ++next;
    } else if (text[next] == '\n' || text[next] == '\r') {
      across_a_line = true;
      ++next;
    } else if (text.substr(next, 2) == "\xC2\xA0") {  // a no-break space
      next += 2;
    } else {
      break;
    }
  }
  if (next == end) return false;
  const bool pronoun_i =
      text[next] == 'I' && (next + 1 == text.size() || !std::isalnum(static_cast<unsigned char>(text[next + 1])));
  if (pronoun_i) return !across_a_line;  // a question: "when will I know"
  std::size_t next_end = next;
  auto in_case = [&](char c) { return capitals ? (c >= 'A' && c <= 'Z') : (c >= 'a' && c <= 'z'); };
  while (next_end < text.size() && in_case(text[next_end])) ++next_end;
  if (next_end == next || (next_end < text.size() && (std::isalnum(static_cast<unsigned char>(text[next_end])) ||
                                                      static_cast<unsigned char>(text[next_end]) >= 0x80)))
    return false;
  const std::string after = AsciiLower(text.substr(next, next_end - next));
  // A question: "will you be there", "what will i get".
  static const std::set<std::string, std::less<>> kPronouns = {"i", "u", "you", "he", "she", "we", "they", "it"};
  if (kPronouns.count(after) != 0) return !across_a_line;
  if (after.size() < 2) return false;
  static const std::set<std::string, std::less<>> kAfterAName = {
      "and",   "or",     "nor",     "but",    "about", "to",     "from",  "with",   "at",      "on",    "in",
      "for",   "if",     "who",     "is",     "was",   "has",    "had",   "are",    "were",    "did",   "does",
      "got",   "went",   "came",    "took",   "told",  "said",   "saw",   "gave",   "left",    "sent",  "brought",
      "made",  "knew",   "thought", "felt",   "found", "rang",   "wrote", "broke",  "ran",     "spoke", "kept",
      "can",   "could",  "should",  "would",  "might", "must",   "shall", "ok",     "pls",     "please", "too",
      "here",  "there",  "today",   "tomorrow", "tonight", "then", "just", "still"};
  if (kAfterAName.count(after) != 0 || (after.ends_with("ed") && !after.ends_with("eed"))) return false;
  // Adverbs that stand between the verb and the verb it helps ("will always be", "will thus fail").
  static const std::set<std::string, std::less<>> kAfterTheVerb = {"always", "never",   "ever", "also", "usually",
                                                                   "surely", "thus",    "perhaps", "not",  "soon",
                                                                   "only",   "certainly"};
  if (kAfterTheVerb.count(after) != 0 || after.ends_with("ly")) return true;
  return !after.ends_with('s') || after.ends_with("ss") || after.ends_with("us");
}

// Whether the span [start, end) is a domain's last label or a file's extension in small letters, right after a dot
// that follows a letter ("samba.org>", "ftp.gnu.org:", "netlib.org and", "readme.txt"). The path rule in NeverInAName
// misses these when no second dot or slash follows. Names typed after a dot with no space ("1.anna", "ok.bob") stay.
bool EndOfADomain(std::string_view text, std::size_t start, std::size_t end) {
  if (start < 2 || text[start - 1] != '.' || !std::isalpha(static_cast<unsigned char>(text[start - 2]))) return false;
  static const std::set<std::string, std::less<>> kEndings = {
      "org", "com", "net", "edu", "gov", "mil", "int", "info", "biz", "io", "eu", "uk", "de", "fr", "nl", "be", "ch",
      "at", "it", "es", "pt", "se", "no", "dk", "fi", "pl", "cz", "ru", "jp", "cn", "kr", "in", "au", "nz", "ca", "us",
      "br", "mx", "za", "txt", "html", "htm", "pdf", "doc", "docx", "xls", "xlsx", "csv", "json", "xml", "yaml", "yml",
      "cpp", "hpp", "cc", "py", "sh", "md", "js", "ts", "zip", "gz", "tar", "so", "dll", "exe", "png", "jpg", "gif",
      "svg", "deb", "rpm", "conf", "cfg", "log", "tex"};
  return kEndings.count(text.substr(start, end - start)) != 0;
}

// Whether the span [start, end) labels a number: it ends in "No" or "Nr" before one ("Roll No. 23", "Kimlik No
// 12345678950", "Hosp No.: 24-018832", "ART No. MUL-2011-0487"), or it is one word before "no." or before "#" and an
// ID ("Case no. 24-118390", "Case #24-1187"): the label of an ID, not a name.
bool LabelsANumber(std::string_view text, std::size_t start, std::size_t end) {
  const std::string_view span = text.substr(start, end - start);
  std::size_t next = end;
  while (next < text.size() && text[next] == ' ') ++next;
  const std::string_view after = text.substr(next, 3);
  const bool one_word = span.find(' ') == std::string_view::npos;
  if (one_word && (after == "no." || after == "No." || after == "nr." || after == "Nr.")) return true;
  if (one_word && after.starts_with("#")) {
    // An ID after "#": digits or up to three capitals, then a hyphen ("#24-1187", "#C-2024-0917", "# ME-24-0713");
    // not a hashtag or a rank ("Aisha #graduation2024", "Kobe #KB24", "Aisha #1 fan", "Kwiatek #4411").
    std::size_t id = next + 1;
    while (id < text.size() && text[id] == ' ') ++id;
    std::size_t head = id;
    while (head < text.size() && head - id < 8 && text[head] >= '0' && text[head] <= '9') ++head;
    if (head == id) {
      while (head < text.size() && head - id < 4 && text[head] >= 'A' && text[head] <= 'Z') ++head;
    }
    if (head > id && head - id < 8 && head < text.size() && text[head] == '-') return true;
  }
  if (!(span.ends_with("No") || span.ends_with("NO") || span.ends_with("Nr")) ||
      (span.size() > 2 && std::isalpha(static_cast<unsigned char>(span[span.size() - 3]))))
    return false;
  if (end < text.size() && (text[end] == '.' || text[end] == ':')) return true;
  return next > end && next < text.size() && text[next] >= '0' && text[next] <= '9';
}

// Whether the span [start, end) is a room's or a floor's word beside its number, in one of the languages notes and
// listings are written in ("Zimmer 114", "Kamer 4.12", "Oda 305", "kamar 3-B", "3 Zimmer", "2. kat"): "Zimmer" and
// "Oda" are also names, and stay names beside a phone number, an age or a clock ("Text Kat 07700 900123").
bool ARoomBesideItsNumber(std::string_view text, std::size_t start, std::size_t end) {
  static const std::set<std::string, std::less<>> kRooms = {
      "zimmer", "kamer", "oda", "kamar", "stanza", "chambre", "habitación", "habitacion", "pokój", "pokoj",
      "quarto", "sala", "rum", "værelse", "huone", "kat", "etage", "etasje", "piso", "andar", "piętro", "bilik", "wad"};
  if (end - start > 12) return false;
  const std::string word = AsciiLower(text.substr(start, end - start));
  if (kRooms.count(word) == 0) return false;
  auto digit = [&](std::size_t at) { return at < text.size() && text[at] >= '0' && text[at] <= '9'; };
  // A room's number after it: three to five digits, letters, dots or hyphens, or two with a dot, a hyphen or a letter,
  // then the end, a comma, a full stop, a semicolon or a bracket ("Zimmer 114,", "Kamer 4.12,", "kamar 3-B."; not
  // "Kat 07700 900123", "Zimmer 72," or "Kamar 3 times", an age and a count).
  std::size_t after = end;
  while (after < text.size() && text[after] == ' ') ++after;
  if (after > end && digit(after)) {
    std::size_t number_end = after;
    bool digits_only = true;
    while (number_end < text.size() && number_end - after <= 5 &&
           (std::isalnum(static_cast<unsigned char>(text[number_end])) || text[number_end] == '-' ||
            (text[number_end] == '.' && digit(number_end + 1)))) {
      digits_only = digits_only && digit(number_end);
      ++number_end;
    }
    const std::size_t length = number_end - after;
    if (length <= 5 && (length >= 3 || !digits_only) &&
        (number_end == text.size() || std::string_view(",.;)").find(text[number_end]) != std::string_view::npos))
      return true;
  }
  // A count or a floor before it: "3 Zimmer", or "2. kat" in small letters; not a clock's minutes ("12:03 Kat:") or a
  // sentence's last number ("Room 3. Kat came by").
  std::size_t before = start;
  while (before > 0 && text[before - 1] == ' ') --before;
  const bool dot = before > 0 && text[before - 1] == '.';
  if (dot) --before;
  const bool small = text[start] >= 'a' && text[start] <= 'z';
  std::size_t number_start = before;
  while (number_start > 0 && digit(number_start - 1)) --number_start;
  const bool clock = number_start > 0 && text[number_start - 1] == ':';
  return before < start && number_start < before && !clock && (!dot || small);
}

// Whether a title stands right before `at` ("Frau Schulte", "Mr. Baker"): what follows is a surname, whatever else the
// word lists know it as.
bool AfterATitle(std::string_view text, std::size_t at) {
  std::size_t end = at;
  while (end > 0 && text[end - 1] == ' ') --end;
  if (end > 0 && text[end - 1] == '.') --end;
  std::size_t start = end;
  while (start > 0 && (std::isalpha(static_cast<unsigned char>(text[start - 1])) ||
                       static_cast<unsigned char>(text[start - 1]) >= 0x80))
    --start;
  const std::string_view word = text.substr(start, end - start);
  // Italian writes "Dott.ssa" for a woman doctor.
  if (end < at && word == "ssa" && start >= 5 &&
      (text.substr(start - 5, 5) == "Dott." || text.substr(start - 5, 5) == "dott."))
    return true;
  return end < at && start < end && IsATitle(word);
}

// Whether `word` (any case) names a day of the week, in one of the languages the tagger meets in notes and messages,
// or is an article or preposition written before one ("le", "pada", "am").
bool IsAWeekdayOrItsArticle(std::string_view word) {
  static const std::set<std::string, std::less<>> kWords = {
      "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lunes", "martes", "miércoles",
      "jueves", "viernes", "sábado", "segunda", "terça", "quarta", "quinta", "sexta", "lunedì", "martedì",
      "mercoledì", "giovedì", "venerdì", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag",
      "sonntag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "vrydag",
      "saterdag", "sondag", "senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "isnin", "khamis",
      "jumaat", "miyerkules", "huwebes", "biyernes", "sabado", "linggo", "jumatatu", "jumanne", "jumatano",
      "alhamisi", "ijumaa", "jumamosi", "jumapili", "rāhina", "rātū", "rāapa", "rāpare", "rāmere", "rāhoroi",
      "rātapu", "ponedjeljak", "utorak", "srijeda", "četvrtak", "petak", "petka", "subota", "nedjelja",
      "poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela", "pondělí", "úterý",
      "středa", "čtvrtek", "pátek", "neděle", "pazartesi", "salı", "çarşamba", "perşembe", "cumartesi",
      "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag", "mandag", "tirsdag", "lørdag",
      "søndag", "maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai",
      "pazar", "ponedeljak", "sreda", "nedelja", "litinin", "talata", "laraba", "alhamis", "asabar", "lahadi",
      "hétfő", "szerda", "csütörtök", "péntek", "szombat", "vasárnap", "marți", "miercuri", "vineri", "sâmbătă",
      "duminică",
      // Articles and prepositions before a weekday.
      "le", "el", "am", "op", "pada", "hari", "te", "do", "od", "w", "we", "noong", "sa", "til"};
  Spelling spelling;
  Spell(word, spelling);
  return kWords.count(spelling.lower) != 0;
}

// Whether the span [start, end) names a day of the week where a text says when: with its article or preposition, in
// the span or before it, or before a day and month in digits ("le mardi", "convoqué le mardi", "pada Selasa", "te
// Rāhoroi", "op Vrydag, 27 September", "Montag 10.12."), and nothing else in it but words in small letters. A word
// the lists have as a name and not as an ordinary word keeps the span, unless it is an article ("Le" is also a
// surname); so does a title before it. A weekday alone is a name only where the lists have it as one ("Khamis called
// the ward", "Frau Sonntag"; not "tuwing Linggo", "2025 Pazar").
bool AWeekdayAndNoName(std::string_view text, std::size_t start, std::size_t end, const Lexicon& lexicon) {
  bool weekday = false, article = false, unlisted_weekday = false;
  const bool only = EveryWord(text.substr(start, end - start), [&](std::string_view word) {
    const std::uint8_t classes = lexicon.ClassesOf(word);
    const bool listed = (classes & (ListedWord::kFirstName | ListedWord::kSurname)) != 0;
    if (IsAWeekdayOrItsArticle(word) && (word.size() <= 4 || !listed || (classes & ListedWord::kOrdinaryWord) != 0)) {
      weekday = weekday || word.size() > 4;
      // "Khamis" (Thursday in Malay and Swahili), "Talata" and "Laraba" (Tuesday and Wednesday in Hausa) are also
      // given names the lists lack.
      static const std::set<std::string, std::less<>> kGivenNames = {"khamis", "talata", "laraba"};
      Spelling spelling;
      Spell(word, spelling);
      unlisted_weekday = unlisted_weekday || (word.size() > 4 && !listed && kGivenNames.count(spelling.lower) == 0);
      article = article || word.size() <= 4;
      return true;
    }
    if (listed) return false;
    return static_cast<unsigned char>(word[0]) >= 'a' && static_cast<unsigned char>(word[0]) <= 'z';
  });
  if (!only || !weekday || AfterATitle(text, start)) return false;
  std::size_t before_end = start;
  while (before_end > 0 && text[before_end - 1] == ' ') --before_end;
  std::size_t before_start = before_end;
  while (before_start > 0 && static_cast<unsigned char>(text[before_start - 1]) >= 'a' &&
         static_cast<unsigned char>(text[before_start - 1]) <= 'z')
    --before_start;
  const bool article_before =
      before_end < start && before_start < before_end &&
      IsAWeekdayOrItsArticle(text.substr(before_start, before_end - before_start)) && before_end - before_start <= 4;
  // A day and month in digits after it ("Vrydag, 27/09", "Montag 10.12."); a number alone is as often an age
  // ("Khamis, 45,").
  auto digit = [&](std::size_t at) { return at < text.size() && text[at] >= '0' && text[at] <= '9'; };
  std::size_t after = end;
  while (after < text.size() && (text[after] == ' ' || text[after] == ',')) ++after;
  std::size_t day_end = after;
  while (digit(day_end) && day_end - after < 2) ++day_end;
  const bool date_after = day_end > after && day_end + 1 < text.size() &&
                          std::string_view("./-").find(text[day_end]) != std::string_view::npos && digit(day_end + 1);
  return unlisted_weekday || article || article_before || date_after;
}

// Han, with the iteration marks 々 and ヶ that Japanese surnames use.
bool IsHan(std::int32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
         c == 0x3005 || c == 0x30F6;
}

bool IsKana(std::int32_t c) { return c >= 0x3041 && c <= 0x30FA; }

// The East Asian scripts that write a full name as one word, family name first: Han, kana and Hangul.
bool IsEastAsianLetter(std::int32_t c) { return IsHan(c) || IsKana(c) || (c >= 0xAC00 && c <= 0xD7A3); }

// Whether an honorific follows the span [start, end) ("佐藤様", "陳先生", "예린 님") or a label and its colon come before
// it ("担当：ひなた", "患者：买买提", "담당자: 수아"): what the tagger read there is a name, whatever the lists know of it.
bool BesideAnEastAsianNameCue(std::string_view text, std::size_t start, std::size_t end) {
  static constexpr std::string_view kHonorifics[] = {"様", "さん", "さま", "君", "くん", "ちゃん", "先生", "氏", "殿",
                                                     "님", "씨", "女士", "小姐", "老师", "老師", "同学", "同學"};
  static constexpr std::string_view kLabels[] = {
      "担当", "担当者", "患者", "氏名", "名前", "姓名", "联系人", "聯絡人", "负责人", "負責人", "담당자", "이름", "성명",
      "환자", "보호자", "申请人", "申請人", "受取人", "宛先", "送信者", "发件人", "發件人", "收件人", "病人", "家属",
      "家屬", "医師", "医生", "醫生", "主治医", "护士", "護士"};
  std::string_view after = text.substr(end);
  if (after.starts_with(' ')) after.remove_prefix(1);
  for (const std::string_view honorific : kHonorifics) {
    if (after.starts_with(honorific)) return true;
  }
  std::string_view before = text.substr(0, start);
  while (before.ends_with(' ')) before.remove_suffix(1);
  if (before.ends_with(":")) {
    before.remove_suffix(1);
  } else if (before.ends_with("：")) {
    before.remove_suffix(std::string_view("：").size());
  } else {
    return false;
  }
  while (before.ends_with(' ')) before.remove_suffix(1);
  return std::any_of(std::begin(kLabels), std::end(kLabels),
                     [&](std::string_view label) { return before.ends_with(label); });
}

// The code point that ends at `end`, walking back over UTF-8 continuation bytes.
CodePoint DecodeBefore(std::string_view text, std::size_t end) {
  std::size_t start = end - 1;
  while (start > 0 && end - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  return Decode(text, start);
}

// Whether the honorific at the start of `rest` is the opening of a longer word ("様式", "さまざま", "ちゃんと", "さんま",
// "殿下").
bool OpensALongerWord(std::string_view rest, std::string_view honorific) {
  static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
      {"様", "様式"}, {"様", "様子"}, {"様", "様相"}, {"さま", "さまざま"}, {"ちゃん", "ちゃんと"},
      {"さん", "さんま"}, {"殿", "殿下"}, {"先生", "先生产"}, {"先生", "先生成"}};
  return std::any_of(std::begin(kWords), std::end(kWords), [&](const auto& word) {
    return word.first == honorific && rest.starts_with(word.second);
  });
}

// Where the name written in Han characters right before an honorific at `honorific` starts, or `honorific` if none is
// there. A run of Han characters has no space to split it, so the name is read from its family name.
// - Japanese: the run (at most five characters, not after the prefix "お" or "ご") opens with a family name of two or
//   three characters the lists have ("夜勤は田中さん", "佐々木美咲さん"), and does not end as a trade's, a role's or a
//   place's word does ("本屋", "利用者", "村長"). The lists' one-character family names are mostly Chinese ones that
//   are everyday characters in Japanese ("花屋さん", "お陰様"): only a few Japanese ones open a name, with a given
//   name after them ("林美和子さん"), and "林さん" alone is left to the tagger.
// - Chinese: a common family name and at most two characters after it, the nearest the honorific first ("感谢张先生"
//   -> 张, "请王秀英女士" -> 王秀英), where it is the whole run or a word that introduces a person stands before it
//   ("请", "和", "给", "感谢"), and its given name holds no function character ("余下的先生", "于是先生", "马上先生").
std::size_t NameBeforeAnHonorific(std::string_view text, std::size_t honorific, bool japanese, const Lexicon& lexicon) {
  constexpr std::size_t kLongestRun = 5;
  std::vector<std::size_t> starts;  // where each Han character of the run starts, from the honorific back
  for (std::size_t at = honorific; at > 0 && starts.size() <= kLongestRun;) {
    const CodePoint c = DecodeBefore(text, at);
    if (!IsHan(c.value)) break;
    at -= c.bytes;
    starts.push_back(at);
  }
  if (starts.empty() || starts.size() > kLongestRun) return honorific;
  // The end of the character that is `count` characters into the run, counting from its start.
  auto after = [&](std::size_t count) {
    return count == starts.size() ? honorific : starts[starts.size() - 1 - count];
  };
  const std::size_t run = starts.back();
  if (japanese) {
    static constexpr std::string_view kPrefixes[] = {"お", "ご"};
    static const std::set<std::string_view> kNotANameEnding = {"屋", "者", "員", "師", "業", "室", "所", "店",
                                                               "社", "部", "課", "局", "院", "校", "会", "長"};
    const std::string_view before = text.substr(0, run);
    if (std::any_of(std::begin(kPrefixes), std::end(kPrefixes),
                    [&](std::string_view prefix) { return before.ends_with(prefix); }))
      return honorific;
    if (kNotANameEnding.count(text.substr(starts.front(), honorific - starts.front())) != 0) return honorific;
    static const std::set<std::string_view> kOneCharacterFamilyNames = {"林", "森", "原", "関", "辻", "堀", "岡", "谷"};
    if (starts.size() >= 2 && kOneCharacterFamilyNames.count(text.substr(run, after(1) - run)) != 0) return run;
    for (std::size_t characters = 2; characters <= std::min<std::size_t>(3, starts.size()); ++characters) {
      if ((lexicon.ClassesOf(text.substr(run, after(characters) - run)) & ListedWord::kSurname) != 0) return run;
    }
    return honorific;
  }
  // The lists hold rare family names that are also everyday characters ("各位女士", "空中小姐"), so only the common ones
  // open a name here, in simplified and traditional characters.
  static const std::set<std::string_view> kCommonFamilyNames = [] {
    static constexpr std::string_view kSingle =
        "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾肖蕭田董袁潘于"
        "蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋傅方白邹鄒孟熊秦邱江尹薛闫閆段雷侯"
        "龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯区區翁洪麦麥温溫邝鄺岑";
    std::set<std::string_view> names = {"欧阳", "歐陽", "司马", "司馬", "上官", "诸葛", "諸葛", "司徒", "东方", "東方"};
    for (std::size_t at = 0; at < kSingle.size(); at += Decode(kSingle, at).bytes)
      names.insert(kSingle.substr(at, Decode(kSingle, at).bytes));
    return names;
  }();
  static constexpr std::string_view kFunctionCharacters =
      "的了是在们們上下中里裡这這那个個一不也都就和与與来來去到说說把被让讓给給向对對";
  static constexpr std::string_view kIntroducers[] = {"请", "請", "和", "跟", "给", "給", "向", "感谢", "感謝", "谢谢",
                                                      "謝謝", "与", "與", "问", "問", "找", "叫", "同", "对", "對"};
  static const std::set<std::string_view> kWords = {"白领", "白領", "黄金", "黃金", "石油", "高档", "高檔", "高级",
                                                    "高級", "金牌", "方便", "中年", "老年", "周末", "江湖"};
  auto common = [&](std::size_t from, std::size_t to) {
    return kCommonFamilyNames.count(text.substr(from, to - from)) != 0;
  };
  for (std::size_t length = 1; length <= std::min<std::size_t>(4, starts.size()); ++length) {
    const std::size_t from = starts[length - 1];
    const std::size_t one = length >= 2 ? starts[length - 2] : honorific;
    const std::size_t two = length >= 3 ? starts[length - 3] : honorific;
    std::size_t given = std::string_view::npos;
    if (length <= 3 && common(from, one)) given = one;
    else if (length >= 2 && common(from, two)) given = two;
    if (given == std::string_view::npos) continue;
    bool function = false;
    for (std::size_t at = given; at < honorific; at += Decode(text, at).bytes) {
      const std::string_view character = text.substr(at, Decode(text, at).bytes);
      function = function || kFunctionCharacters.find(character) != std::string_view::npos;
    }
    if (function || kWords.count(text.substr(from, honorific - from)) != 0) continue;
    const std::string_view before = text.substr(run, from - run);
    if (from == run || std::any_of(std::begin(kIntroducers), std::end(kIntroducers),
                                   [&](std::string_view word) { return before.ends_with(word); }))
      return from;
  }
  return honorific;
}

// Whether the span [start, end) is written wholly in an East Asian script (words of it, with spaces or a middle dot
// between them) and no word of it is shaped as a name there: a name the lists have, a word holding a family name
// they have ("张丽华", "父 鈴木正雄", "최은비"), a word in katakana ("グエン・ヴァン・ミン") or of at most four hiragana
// ("ひなた"), and no cue of a name is beside it (BesideAnEastAsianNameCue). The tagger reads much ordinary text of those
// scripts as names ("되돌리기", "어두운", "全选"). A run of Chinese between two punctuation marks is one token to it,
// so a name is tagged with the words around it ("快递员王师傅") and is kept so. A span with any other letter is left
// to the rules above.
bool EastAsianAndNotShapedAsAName(std::string_view text, std::size_t start, std::size_t end, const Lexicon& lexicon) {
  constexpr std::uint8_t kNames = ListedWord::kFirstName | ListedWord::kSurname;
  bool shaped = false, katakana_only = true, hiragana_only = true;
  std::size_t word_start = start, characters = 0;
  // Whether the word [word_start, at) is a listed name, is written in katakana alone (as foreign names are) or in at
  // most four hiragana (as some given names are), or holds a listed family name of one or two characters anywhere: a
  // run of Chinese holds a name wherever it stands ("快递员王师傅").
  auto shaped_as_a_name = [&](std::size_t at) {
    if (characters == 0) return false;
    if (katakana_only || (hiragana_only && characters <= 4)) return true;
    if ((lexicon.ClassesOf(text.substr(word_start, at - word_start)) & kNames) != 0) return true;
    for (std::size_t head = word_start, one = 0; head < at; head += one) {
      one = Decode(text, head).bytes;
      if ((lexicon.ClassesOf(text.substr(head, one)) & ListedWord::kSurname) != 0) return true;
      if (head + one < at &&
          (lexicon.ClassesOf(text.substr(head, one + Decode(text, head + one).bytes)) & ListedWord::kSurname) != 0)
        return true;
    }
    return false;
  };
  for (std::size_t at = start; at < end;) {
    const CodePoint c = Decode(text, at);
    if (IsEastAsianLetter(c.value)) {
      ++characters;
      katakana_only = katakana_only && c.value >= 0x30A1 && c.value <= 0x30FA;
      hiragana_only = hiragana_only && c.value >= 0x3041 && c.value <= 0x3096;
    } else if (c.value == ' ' || c.value == 0x30FB || c.value == 0xB7) {
      shaped = shaped || shaped_as_a_name(at);
      word_start = at + c.bytes;
      characters = 0;
      katakana_only = hiragana_only = true;
    } else {
      return false;
    }
    at += c.bytes;
  }
  return !shaped && !shaped_as_a_name(end) && !BesideAnEastAsianNameCue(text, start, end);
}

bool CapitalVowel(char c) { return std::string_view("AEIOUY").find(c) != std::string_view::npos; }

// Whether a word in capitals is shaped as abbreviations are and names seldom: no vowel, or three consonants in a row
// ("VL", "MSG", "LSMOH", "RSVP").
bool AbbreviationShaped(std::string_view word) {
  if (std::none_of(word.begin(), word.end(), CapitalVowel)) return true;
  int consonants = 0;
  for (const char c : word) {
    consonants = CapitalVowel(c) ? 0 : consonants + 1;
    if (consonants == 3) return true;
  }
  return false;
}

// Whether the span [start, end) is one word of two to five capitals that no list has as a name, with lower-case
// letters near it on its line ("VL <50 copies", "Dx: Acute IWMI", "RSVP to Fatima", "Leiterin HR"): an abbreviation.
// Where the text around is in capitals, names are too, and the word is kept. So it is after a title or beside a word in
// title case that is a listed first name or on no list, as surnames are written in capitals ("Fumitoshi UKAI", "Mrs
// PED"; not "Independent JPEG Group"); after a word that names who did something, unless it has no vowel ("Seen by
// NWOSU", "by HIRST and KUNTZ"); and, unless it has no vowel or three consonants in a row ("MSG", "LSMOH"), after a
// colon or before a word in small letters ("Signed: EZEH", "EZEH reviewed"). The lower-case letters are looked for
// within 160 bytes either side, so a line of many such words costs no more than a short one.
bool AbbreviationInMixedCase(std::string_view text, std::size_t start, std::size_t end, const Lexicon& lexicon) {
  const std::string_view word = text.substr(start, end - start);
  if (word.size() < 2 || word.size() > 5 ||
      !std::all_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
    return false;
  if ((lexicon.ClassesOf(word) & (ListedWord::kFirstName | ListedWord::kSurname)) != 0) return false;
  std::size_t before_end = start;
  while (before_end > 0 && text[before_end - 1] == ' ') --before_end;
  if (before_end > 0 && text[before_end - 1] == '.') --before_end;
  std::size_t before_start = before_end;
  while (before_start > 0 && std::isalpha(static_cast<unsigned char>(text[before_start - 1]))) --before_start;
  std::size_t after_start = end;
  while (after_start < text.size() && text[after_start] == ' ') ++after_start;
  for (std::string_view beside : {text.substr(before_start, before_end - before_start), LettersAt(text, after_start)}) {
    if (IsATitle(beside)) return false;
    const bool title_case = beside.size() > 1 && std::isupper(static_cast<unsigned char>(beside[0])) &&
                            std::all_of(beside.begin() + 1, beside.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    const std::uint8_t classes = lexicon.ClassesOf(beside);
    if (title_case && (classes == 0 || (classes & ListedWord::kFirstName) != 0)) return false;
  }
  static const std::set<std::string, std::less<>> kWhoCues = {
      "by", "per", "signed", "sign", "cc", "attn", "to", "from", "with", "and", "or", "called", "call", "tell",
      "told", "ask", "asked", "contact", "thanks", "met", "saw", "seen", "see", "ring", "text", "page", "paged"};
  const std::string before = AsciiLower(text.substr(before_start, before_end - before_start));
  if (std::any_of(word.begin(), word.end(), CapitalVowel) && kWhoCues.count(before) != 0) return false;
  if (!AbbreviationShaped(word)) {
    const bool colon = before_end > 0 && before_end == before_start && text[before_end - 1] == ':';
    const bool verb_after = after_start > end && after_start < text.size() && text[after_start] >= 'a' &&
                            text[after_start] <= 'z';
    if (colon || verb_after) return false;
  }
  constexpr std::size_t kNear = 160;
  auto lower_case = [](char c) { return c >= 'a' && c <= 'z'; };
  for (std::size_t at = start; at > 0 && start - at < kNear && text[at - 1] != '\n'; --at) {
    if (lower_case(text[at - 1])) return true;
  }
  for (std::size_t at = end; at < text.size() && at - end < kNear && text[at] != '\n'; ++at) {
    if (lower_case(text[at])) return true;
  }
  return false;
}
}  // namespace

bool IsAPatientLabel(std::string_view word) {
  // "Patient" and a patient's relative as forms print them.
  static const std::set<std::string, std::less<>> kWords = {
      "hasta", "beteg", "pasien", "pesakit", "paciente", "pacient", "pacjent", "pacjentka", "potilas", "pasient",
      "patientin", "bolnik", "bolnica", "pacientka", "omainen", "asiakas"};
  return kWords.count(AsciiLower(word)) != 0;
}

bool IsALanguageOrAPatientLabel(std::string_view word) {
  // Languages and peoples.
  static const std::set<std::string, std::less<>> kLanguages = {
      "english", "french", "german", "spanish", "portuguese", "italian", "dutch", "flemish", "polish", "russian",
      "ukrainian", "belarusian", "turkish", "arabic", "persian", "farsi", "dari", "pashto", "urdu", "hindi",
      "bengali", "bangla", "punjabi", "gujarati", "tamil", "telugu", "malayalam", "kannada", "marathi", "nepali",
      "nepalese", "sinhala", "sinhalese", "burmese", "thai", "khmer", "vietnamese", "chinese", "mandarin",
      "cantonese", "hokkien", "hakka", "japanese", "korean", "mongolian", "tagalog", "filipino", "ilocano",
      "cebuano", "indonesian", "malay", "javanese", "somali", "swahili", "amharic", "tigrinya", "oromo", "hausa",
      "yoruba", "igbo", "twi", "zulu", "xhosa", "afrikaans", "lingala", "wolof", "hebrew", "yiddish",
      "greek", "albanian", "romanian", "moldovan", "hungarian", "czech", "slovak", "slovenian", "croatian",
      "serbian", "bosnian", "bulgarian", "macedonian", "lithuanian", "latvian", "estonian", "finnish", "swedish",
      "norwegian", "danish", "icelandic", "welsh", "gaelic", "maori", "samoan", "tongan",
      "fijian", "hawaiian", "quechua", "aymara", "guarani", "kurdish", "kurmanji", "sorani", "armenian",
      "georgian", "azerbaijani", "azeri", "kazakh", "uzbek", "tajik", "turkmen", "kyrgyz", "uyghur", "tibetan",
      "hmong", "creole", "catalan", "basque", "galician", "maltese", "latin", "rohingya",
      "tetum", "dinka", "nuer", "kinyarwanda", "kirundi", "luganda", "chichewa", "sesotho", "setswana", "ewe",
      "fula", "fulani", "bambara", "mandinka", "berber", "tamazight"};
  return kLanguages.count(AsciiLower(word)) != 0 || IsAPatientLabel(word);
}

bool IsATitle(std::string_view word) {
  static const std::set<std::string, std::less<>> kTitles = {
      "mr",     "mrs",     "ms",     "miss",   "mx",      "dr",     "dra",     "prof",   "sir",   "dame",
      "herr",   "frau",    "mme",    "mlle",   "madame",  "monsieur", "sr",    "sra",    "srta",  "señor",
      "señora", "don",     "doña",   "senhor", "senhora", "dott",   "dottor",  "dottore", "dottoressa",
      "sig",    "signor",  "signora", "pan",   "pani",    "mevrouw", "meneer", "zuster", "bapak", "ibu",
      "nurse",  "sister"};
  Spelling spelling;
  Spell(word, spelling);
  return kTitles.count(spelling.lower) != 0;
}

namespace {

// Where a span opens with a title or a patient's label and a name follows ("Signora Anna", "Patientin Anna
// Domenica"), where the name itself starts: a title stays outside a name, as the labelled sets write it. Not a title
// that is also a first name on the lists ("Don Smith").
std::size_t StartAfterATitleOrLabel(std::string_view text, std::size_t start, std::size_t end, const Lexicon& lexicon) {
  const std::string_view span = text.substr(start, end - start);
  const std::size_t space = span.find(' ');
  if (space == std::string_view::npos) return start;
  std::string_view first = span.substr(0, space);
  if (first.ends_with('.')) first.remove_suffix(1);
  if (!IsATitle(first) && !IsAPatientLabel(first)) return start;
  if ((lexicon.ClassesOf(first) & ListedWord::kFirstName) != 0) return start;
  const std::size_t name = span.find_first_not_of(' ', space);
  return name == std::string_view::npos ? start : start + name;
}

}  // namespace

std::vector<NameCandidate> NameTagger::NamesBeforeHonorifics(std::string_view text) const {
  std::vector<NameCandidate> names;
  // Han and kana are three bytes from 0xE3 to 0xE9 in UTF-8; most text has none.
  if (std::none_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 0xE3 && byte <= 0xE9;
      }))
    return names;
  bool japanese = false;
  for (std::size_t at = 0; at < text.size() && !japanese;) {
    const CodePoint c = Decode(text, at);
    japanese = IsKana(c.value) && c.value != 0x30FB;
    at += c.bytes;
  }
  static constexpr std::string_view kJapanese[] = {"さん", "様", "さま", "くん", "ちゃん", "先生", "氏", "殿"};
  static constexpr std::string_view kChinese[] = {"先生", "女士", "小姐"};
  const std::span<const std::string_view> honorifics =
      japanese ? std::span<const std::string_view>(kJapanese) : std::span<const std::string_view>(kChinese);
  for (std::size_t at = 0; at < text.size();) {
    const CodePoint c = Decode(text, at);
    if (c.value >= 0x3000) {
      const std::string_view rest = text.substr(at);
      for (const std::string_view honorific : honorifics) {
        if (!rest.starts_with(honorific) || OpensALongerWord(rest, honorific)) continue;
        const std::size_t start = NameBeforeAnHonorific(text, at, japanese, model_->lexicon);
        if (start < at && (names.empty() || names.back().end <= start)) names.push_back({start, at, 0.75});
        break;
      }
    }
    at += c.bytes;
  }
  return names;
}

std::vector<NameCandidate> NameTagger::Tag(std::string_view text) const {
  std::vector<NameCandidate> names;
  for (const Model::Span& span : model_->Spans(text)) {
    const std::size_t name_start = StartAfterATitleOrLabel(text, span.start, span.end, model_->lexicon);
    if (OnlyOrdinaryWords(text.substr(span.start, span.end - span.start), model_->lexicon) ||
        DrugBeforeItsDose(text, span.start, span.end, model_->lexicon) ||
        DrugAfterItsDosageForm(text, span.start, span.end) ||
        LowerCaseFinding(text, span.start, span.end, model_->lexicon) ||
        (name_start == span.start && WillAsTheVerb(text, span.start, span.end)) ||
        EndOfADomain(text, span.start, span.end) ||
        OnlyLanguagesOrPatientLabels(text.substr(span.start, span.end - span.start)) ||
        LabelsANumber(text, span.start, span.end) || ARoomBesideItsNumber(text, span.start, span.end) ||
        AWeekdayAndNoName(text, span.start, span.end, model_->lexicon) ||
        EastAsianAndNotShapedAsAName(text, span.start, span.end, model_->lexicon) ||
        AbbreviationInMixedCase(text, span.start, span.end, model_->lexicon))
      continue;
    double score = 1.0 - 0.5 * std::exp(-static_cast<double>(span.margin) / model_->temperature);
    names.push_back({name_start, span.end, std::min(score, kHighestScore)});
  }
  return names;
}

namespace {

// One example prepared for training: its tokens' feature buckets and gold labels.
struct Prepared {
  std::vector<std::uint32_t> features;       // kMaxFeatures per token
  std::vector<std::uint8_t> feature_counts;  // 0 for a token that is never in a name
  std::vector<int> gold;
};

Prepared Prepare(const NameExample& example, const Lexicon& lexicon, int hash_bits) {
  Tokens tokens = Tokenize(example.text);
  std::size_t n = tokens.items.size();
  Prepared prepared;
  prepared.features.resize(n * kMaxFeatures);
  prepared.feature_counts.resize(n);
  prepared.gold.assign(n, kOutside);
  std::vector<TokenHashes> hashes;
  HashTokens(tokens, lexicon, hashes);
  for (std::size_t i = 0; i < n; ++i) {
    prepared.feature_counts[i] =
        NeverInAName(tokens, i, lexicon)
            ? 0
            : static_cast<std::uint8_t>(Features(hashes, i, hash_bits, &prepared.features[i * kMaxFeatures]));
  }
  for (auto [start, end] : example.names) {
    bool first = true;
    for (std::size_t i = 0; i < n; ++i) {
      if (tokens.items[i].end <= start || tokens.items[i].start >= end) continue;
      prepared.gold[i] = first ? kBegin : kInside;
      first = false;
    }
  }
  return prepared;
}

// Integer weights with the running sums an averaged perceptron needs: the average is w - u / c.
struct Averaged {
  std::vector<std::int32_t> w;
  std::vector<std::int64_t> u;
  void Resize(std::size_t size) { w.assign(size, 0), u.assign(size, 0); }
  void Add(std::size_t index, int delta, std::int64_t clock) {
    w[index] += delta;
    u[index] += delta * clock;
  }
  double Average(std::size_t index, std::int64_t clock) const {
    return static_cast<double>(w[index]) - static_cast<double>(u[index]) / static_cast<double>(clock);
  }
};

std::uint64_t SplitMix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

void Append(std::string& out, const void* value, std::size_t size) {
  out.append(static_cast<const char*>(value), size);
}

}  // namespace

std::string TrainNameTagger(const std::vector<NameExample>& examples, const std::vector<ListedWord>& word_lists,
                            const NameTaggerTraining& options, const std::function<void(int, std::size_t)>& on_epoch) {
  if (options.hash_bits < 8 || options.hash_bits > 26)
    throw common::ConfigError("train-names: hash_bits outside 8..26");
  if (options.epochs < 1) throw common::ConfigError("train-names: epochs must be at least 1");
  const std::size_t buckets = std::size_t{1} << options.hash_bits;
  auto model = std::make_unique<NameTagger::Model>();
  // A listed entry counts only if the tokenizer reads it as one word, keyed as a token's lower-cased form is.
  std::map<std::uint32_t, std::uint8_t> listed, withheld;
  for (const ListedWord& entry : word_lists) {
    Tokens tokens = Tokenize(entry.word);
    if (tokens.items.size() != 1) continue;
    Spelling spelling;
    Spell(tokens.Text(0), spelling);
    (entry.withheld ? withheld : listed)[Lexicon::Key(Hash(2, spelling.lower))] |= entry.classes;
  }
  auto list_in_model = [&](const std::map<std::uint32_t, std::uint8_t>& words) {
    model->lexicon.Reserve(words.size());
    for (auto [key, word_classes] : words) model->lexicon.Add(key, word_classes);
  };
  list_in_model(listed);
  std::vector<Prepared> prepared;
  prepared.reserve(examples.size());
  for (const NameExample& example : examples) {
    prepared.push_back(Prepare(example, model->lexicon, options.hash_bits));
  }

  Averaged emission_weights, start_weights, transition_weights;
  emission_weights.Resize(buckets * kLabels);
  start_weights.Resize(kLabels);
  transition_weights.Resize(kLabels * kLabels);
  std::vector<std::size_t> order(prepared.size());
  std::iota(order.begin(), order.end(), 0);
  std::uint64_t rng = options.seed;
  std::int64_t clock = 1;
  Decoder decoder;
  std::vector<std::int32_t> emission;
  std::array<std::int32_t, kLabels> start{};
  std::array<std::int32_t, kLabels * kLabels> transition{};
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[SplitMix(rng) % i]);
    std::size_t mistakes = 0;
    for (std::size_t index : order) {
      const Prepared& example = prepared[index];
      std::size_t n = example.gold.size();
      if (n == 0) continue;
      emission.assign(n * kLabels, 0);
      for (std::size_t i = 0; i < n; ++i) {
        if (example.feature_counts[i] == 0) {
          emission[i * kLabels + kBegin] = emission[i * kLabels + kInside] = kNever;
          continue;
        }
        for (std::size_t f = 0; f < example.feature_counts[i]; ++f) {
          std::size_t bucket = example.features[i * kMaxFeatures + f];
          for (int y = 0; y < kLabels; ++y) emission[i * kLabels + y] += emission_weights.w[bucket * kLabels + y];
        }
      }
      std::copy(start_weights.w.begin(), start_weights.w.end(), start.begin());
      std::copy(transition_weights.w.begin(), transition_weights.w.end(), transition.begin());
      decoder.Run(emission, n, start, transition, false);
      if (decoder.labels != example.gold) {
        ++mistakes;
        for (std::size_t i = 0; i < n; ++i) {
          int gold = example.gold[i], guess = decoder.labels[i];
          int gold_before = i == 0 ? kLabels : example.gold[i - 1];
          int guess_before = i == 0 ? kLabels : decoder.labels[i - 1];
          if (gold == guess && gold_before == guess_before) continue;
          if (gold != guess) {
            for (std::size_t f = 0; f < example.feature_counts[i]; ++f) {
              std::size_t bucket = example.features[i * kMaxFeatures + f];
              emission_weights.Add(bucket * kLabels + static_cast<std::size_t>(gold), 1, clock);
              emission_weights.Add(bucket * kLabels + static_cast<std::size_t>(guess), -1, clock);
            }
          }
          auto bump = [&](int before, int label, int delta) {
            if (before == kLabels) {
              start_weights.Add(static_cast<std::size_t>(label), delta, clock);
            } else {
              transition_weights.Add(static_cast<std::size_t>(before * kLabels + label), delta, clock);
            }
          };
          bump(gold_before, gold, 1);
          bump(guess_before, guess, -1);
        }
      }
      ++clock;
    }
    if (on_epoch) on_epoch(epoch + 1, mistakes);
  }

  // Quantise the averaged weights, B and I relative to O, to int16 (transitions to int32 on the same scale).
  auto relative = [&](std::size_t bucket, int label) {
    return emission_weights.Average(bucket * kLabels + static_cast<std::size_t>(label), clock) -
           emission_weights.Average(bucket * kLabels + kOutside, clock);
  };
  double largest = 0;
  for (std::size_t bucket = 0; bucket < buckets; ++bucket) {
    largest = std::max({largest, std::abs(relative(bucket, kBegin)), std::abs(relative(bucket, kInside))});
  }
  for (std::size_t i = 0; i < kLabels; ++i) largest = std::max(largest, std::abs(start_weights.Average(i, clock)));
  for (std::size_t i = 0; i < kLabels * kLabels; ++i) {
    largest = std::max(largest, std::abs(transition_weights.Average(i, clock)));
  }
  double scale = largest > 0 ? largest / 32000.0 : 1.0;
  auto quantise = [&](const Averaged& weights, std::size_t i) {
    return static_cast<std::int32_t>(std::lround(weights.Average(i, clock) / scale));
  };
  auto quantise_relative = [&](std::size_t bucket, int label) {
    return static_cast<std::int16_t>(std::lround(relative(bucket, label) / scale));
  };
  model->hash_bits = options.hash_bits;
  model->scale = scale;
  for (std::size_t i = 0; i < kLabels; ++i) model->start[i] = quantise(start_weights, i);
  for (std::size_t i = 0; i < kLabels * kLabels; ++i) model->transition[i] = quantise(transition_weights, i);
  model->weights.assign(buckets * kBucketStride, 0);
  std::string entries;
  std::uint32_t count = 0;
  for (std::uint32_t bucket = 0; bucket < buckets; ++bucket) {
    std::int16_t values[kBucketStride] = {quantise_relative(bucket, kBegin), quantise_relative(bucket, kInside)};
    if (values[0] == 0 && values[1] == 0) continue;
    model->weights[bucket * kBucketStride] = values[0];
    model->weights[bucket * kBucketStride + 1] = values[1];
    ++count;
    Append(entries, &bucket, sizeof bucket);
    Append(entries, values, sizeof values);
  }

  for (auto [key, word_classes] : withheld) listed[key] |= word_classes;
  list_in_model(listed);

  // The temperature maps the median margin of the correct names the model finds in its own training text to a
  // score of 0.9, so min_score keeps its meaning.
  std::vector<std::int64_t> margins;
  for (std::size_t e = 0; e < examples.size() && margins.size() < 20000; ++e) {
    for (const NameTagger::Model::Span& found : model->Spans(examples[e].text)) {
      for (auto [start_byte, end_byte] : examples[e].names) {
        if (found.start == start_byte && found.end == end_byte) margins.push_back(found.margin);
      }
    }
  }
  double temperature = 1.0;
  if (!margins.empty()) {
    std::nth_element(margins.begin(), margins.begin() + static_cast<std::ptrdiff_t>(margins.size() / 2), margins.end());
    temperature = std::max(1.0, static_cast<double>(margins[margins.size() / 2]) / std::log(5.0));
  }

  std::string bytes(kMagic);
  std::uint32_t version = kVersion, hash_bits = static_cast<std::uint32_t>(options.hash_bits);
  Append(bytes, &version, sizeof version);
  Append(bytes, &hash_bits, sizeof hash_bits);
  Append(bytes, &scale, sizeof scale);
  Append(bytes, &temperature, sizeof temperature);
  Append(bytes, model->start.data(), sizeof model->start);
  Append(bytes, model->transition.data(), sizeof model->transition);
  Append(bytes, &count, sizeof count);
  bytes += entries;
  auto listed_count = static_cast<std::uint32_t>(listed.size());
  Append(bytes, &listed_count, sizeof listed_count);
  for (auto [key, word_classes] : listed) {
    Append(bytes, &key, sizeof key);
    Append(bytes, &word_classes, sizeof word_classes);
  }
  return bytes;
}

}  // namespace leakgate::scrub
