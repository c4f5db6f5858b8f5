#include "scrub/residual_sweep.h"

#include <algorithm>
#include <array>

namespace leakgate::scrub {
namespace {

enum class TokenKind { kLowerWord, kCapitalisedWord, kOtherWord, kNamePlaceholder, kOtherPlaceholder };

struct Token {
  TokenKind kind;
  std::size_t start;
  std::size_t end;
};

bool IsUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(unsigned char c) { return c >= 'a' && c <= 'z'; }
// ASCII letters and every byte of a multi-byte UTF-8 character ("Zoë", "Łukasz") belong to words.
bool IsWordByte(unsigned char c) { return IsUpper(c) || IsLower(c) || c >= 0x80; }

// Titles, greetings and calendar names are written capitalised but name nobody.
constexpr std::array<std::string_view, 31> kNotNames = {
    "Dr",       "Mr",       "Mrs",      "Ms",     "Mx",      "Miss",   "Prof",   "Sir",
    "Madam",    "Hi",       "Hello",    "Dear",   "Monday",  "Tuesday", "Wednesday", "Thursday",
    "Friday",   "Saturday", "Sunday",   "January", "February", "March", "April",  "May",
    "June",     "July",     "August",   "September", "October", "November", "December"};

bool IsNotAName(std::string_view word) {
  return std::find(kNotNames.begin(), kNotNames.end(), word) != kNotNames.end();
}

// "[NAME]" or "[NAME:0f3a...]" (placeholder or hmac operator) starting at `start`; its end, or 0.
std::size_t PlaceholderEnd(std::string_view text, std::size_t start, bool& is_name) {
  std::size_t pos = start + 1;
  while (pos < text.size() && (IsUpper(static_cast<unsigned char>(text[pos])) || text[pos] == '_')) ++pos;
  if (pos == start + 1) return 0;
  is_name = text.substr(start + 1, pos - start - 1) == "NAME";
  if (pos < text.size() && text[pos] == ':') {
    const std::size_t digest_start = ++pos;
    while (pos < text.size() && std::string_view("0123456789abcdef").find(text[pos]) != std::string_view::npos) ++pos;
    if (pos == digest_start) return 0;
  }
  return pos < text.size() && text[pos] == ']' ? pos + 1 : 0;
}

TokenKind WordKind(std::string_view word) {
  const auto first = static_cast<unsigned char>(word.front());
  if (IsLower(first)) return TokenKind::kLowerWord;
  if (IsUpper(first) && std::any_of(word.begin() + 1, word.end(), [](char c) { return IsLower(c); }) &&
      !IsNotAName(word))
    return TokenKind::kCapitalisedWord;
  return TokenKind::kOtherWord;
}

// Words (letters, joined by an inner apostrophe or hyphen: "O'Brien", "Smith-Jones") and scrubber placeholders.
std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c == '[') {
      bool is_name = false;
      if (const std::size_t end = PlaceholderEnd(text, pos, is_name)) {
        tokens.push_back({is_name ? TokenKind::kNamePlaceholder : TokenKind::kOtherPlaceholder, pos, end});
        pos = end;
        continue;
      }
    }
    if (!IsWordByte(c)) {
      ++pos;
      continue;
    }
    const std::size_t start = pos;
    while (pos < text.size()) {
      if (IsWordByte(static_cast<unsigned char>(text[pos]))) {
        ++pos;
      } else if ((text[pos] == '\'' || text[pos] == '-') && pos + 1 < text.size() &&
                 IsWordByte(static_cast<unsigned char>(text[pos + 1]))) {
        pos += 2;
      } else {
        break;
      }
    }
    tokens.push_back({WordKind(text.substr(start, pos - start)), start, pos});
  }
  return tokens;
}

// Two tokens written as parts of one name: separated by one space or by ", " ("Lindqvist, Anneliese").
bool Joined(std::string_view text, const Token& left, const Token& right) {
  const std::string_view between = text.substr(left.end, right.start - left.end);
  return between == " " || between == ", ";
}

std::string Lowered(std::string_view word) {
  std::string lowered(word);
  for (char& c : lowered) c = IsUpper(static_cast<unsigned char>(c)) ? static_cast<char>(c - 'A' + 'a') : c;
  return lowered;
}

// Maximal runs of two or more joined capitalised words, as [first, last] token indices.
std::vector<std::pair<std::size_t, std::size_t>> CapitalisedRuns(std::string_view text,
                                                                 const std::vector<Token>& tokens) {
  std::vector<std::pair<std::size_t, std::size_t>> runs;
  std::size_t i = 0;
  while (i < tokens.size()) {
    if (tokens[i].kind != TokenKind::kCapitalisedWord) {
      ++i;
      continue;
    }
    std::size_t last = i;
    while (last + 1 < tokens.size() && tokens[last + 1].kind == TokenKind::kCapitalisedWord &&
           Joined(text, tokens[last], tokens[last + 1]))
      ++last;
    if (last > i) runs.emplace_back(i, last);
    i = last + 1;
  }
  return runs;
}

}  // namespace

std::string_view ResidueKindName(ResidueKind kind) {
  return kind == ResidueKind::kBesideNamePlaceholder ? "beside_name_placeholder" : "capitalised_run";
}

ResidueSweep::ResidueSweep(ResidueSweepOptions options) : options_(options) {}

void ResidueSweep::Learn(std::string_view scrubbed_text) {
  const std::vector<Token> tokens = Tokenize(scrubbed_text);
  for (const Token& token : tokens) {
    if (token.kind == TokenKind::kLowerWord)
      lower_case_words_.emplace(Lowered(scrubbed_text.substr(token.start, token.end - token.start)));
  }
  std::unordered_set<std::string_view> runs_here;
  for (const auto& [first, last] : CapitalisedRuns(scrubbed_text, tokens))
    runs_here.insert(scrubbed_text.substr(tokens[first].start, tokens[last].end - tokens[first].start));
  for (std::string_view run : runs_here) ++records_per_run_[std::string(run)];
}

bool ResidueSweep::IsProperNoun(std::string_view word) const {
  return lower_case_words_.find(Lowered(word)) == lower_case_words_.end();
}

std::vector<Residue> ResidueSweep::Find(std::string_view scrubbed_text) const {
  const std::vector<Token> tokens = Tokenize(scrubbed_text);
  const auto word = [&](const Token& token) { return scrubbed_text.substr(token.start, token.end - token.start); };
  std::vector<Residue> residues;
  std::vector<bool> in_reported_run(tokens.size(), false);
  for (const auto& [first, last] : CapitalisedRuns(scrubbed_text, tokens)) {
    const std::string_view run = scrubbed_text.substr(tokens[first].start, tokens[last].end - tokens[first].start);
    const auto count = records_per_run_.find(std::string(run));
    const bool rare = count == records_per_run_.end() || count->second <= options_.max_run_records;
    bool has_proper_noun = false;
    for (std::size_t i = first; i <= last; ++i) has_proper_noun |= IsProperNoun(word(tokens[i]));
    if (!rare || !has_proper_noun) continue;
    residues.push_back({ResidueKind::kCapitalisedRun, tokens[first].start, tokens[last].end});
    std::fill(in_reported_run.begin() + static_cast<std::ptrdiff_t>(first),
              in_reported_run.begin() + static_cast<std::ptrdiff_t>(last) + 1, true);
  }
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind != TokenKind::kCapitalisedWord || in_reported_run[i] || !IsProperNoun(word(tokens[i])))
      continue;
    const bool after_name = i > 0 && tokens[i - 1].kind == TokenKind::kNamePlaceholder &&
                            Joined(scrubbed_text, tokens[i - 1], tokens[i]);
    const bool before_name = i + 1 < tokens.size() && tokens[i + 1].kind == TokenKind::kNamePlaceholder &&
                             Joined(scrubbed_text, tokens[i], tokens[i + 1]);
    if (after_name || before_name) residues.push_back({ResidueKind::kBesideNamePlaceholder, tokens[i].start, tokens[i].end});
  }
  std::sort(residues.begin(), residues.end(), [](const Residue& a, const Residue& b) { return a.start < b.start; });
  return residues;
}

const std::vector<std::string>& ResidueSweep::BlindSpots() {
  static const std::vector<std::string> blind_spots = {
      "Names written in lower case or in capitals throughout.",
      "A name part that is also an ordinary word the corpus writes in lower case (Brown, Rose, Hope).",
      "A single unscrubbed name word with no scrubbed name beside it.",
      "A full name that recurs in more records than residual_sweep.max_run_records (it looks like a brand or a place).",
      "Identifiers other than names that the recognizers missed (numbers, dates, addresses), and quasi-identifiers "
      "(a rare diagnosis with an age and a town).",
  };
  return blind_spots;
}

}  // namespace leakgate::scrub
