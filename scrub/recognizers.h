// The built-in pattern recognizers: one RE2 pattern each, with the entity type it reports, an optional
// validator, context cue words and a base score.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace leakgate::scrub {

struct PatternRecognizer {
  std::string name;
  std::string type;
  std::string regex;       // if it has a capture group, group 1 is the entity span
  std::string validator;   // "" or a name known to FindValidator()
  std::vector<std::string> context;  // lower-case cue words searched just before the match
  double score = 0.0;      // base score before context
  bool trim_trailing_punctuation = false;  // URLs: drop a trailing '.', ',', ')' and the like
  bool in_words = false;  // numbers written in words ("five five five, oh one..."): searched in the whole text
};

// Every built-in pattern's match contains a digit, '@', ':' or "www." (see TriggerRegions), so they are
// only run near those characters, except the ones marked in_words.
const std::vector<PatternRecognizer>& BuiltinRecognizers();

// Where a weekday written right before a date found at `date_start` begins ("Mittwoch, den 17.07.2024", "Senin, 3
// Juni 2024", "Fri, 12 Jan 2024"), or `date_start` if none is there: the weekday is part of the date.
std::size_t WeekdayBefore(std::string_view text, std::size_t date_start);

// Context cue words for names ("dr", "patient", "signed by", ...), used with the name gazetteer.
const std::vector<std::string>& NameContextWords();

}  // namespace leakgate::scrub
