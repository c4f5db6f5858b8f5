// The built-in pattern recognizers: one RE2 pattern each, with the entity type it reports, an optional
// validator, context cue words and a base score.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
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
  // If set, what the pattern set reads in the regex's place to tell which patterns to run: simpler (fewer states for
  // the set's automaton to build), and matching wherever the regex does.
  std::string prefilter;
};

// Every built-in pattern's match contains a digit, '@', ':' or "www." (see TriggerRegions), so they are
// only run near those characters, except the ones marked in_words.
const std::vector<PatternRecognizer>& BuiltinRecognizers();

// Where a weekday written right before a date found at `date_start` begins ("Mittwoch, den 17.07.2024", "Senin, 3
// Juni 2024", "Fri, 12 Jan 2024"), or `date_start` if none is there: the weekday is part of the date.
std::size_t WeekdayBefore(std::string_view text, std::size_t date_start);

// A range of days written around a date that names its month: the range is the date. Where the first day written
// right before a date that opens with its day begins ("9th-12th December", "from 9 to 12 December", "del 9 al 12 de
// diciembre", "vom 9. bis 12. Dezember", "14 & 15 Nov"), or `date_start` if none is there; and where the last day
// written right after a date that ends with its day ends, with a year after it ("Dec 9-12, 2024", "June 3 to 5.", "Nov
// 14 & 15"), or `date_end`. The first day must be the earlier one.
std::size_t RangeDayBefore(std::string_view text, std::size_t date_start, std::size_t date_end);
std::size_t RangeDayAfter(std::string_view text, std::size_t date_start, std::size_t date_end);

// The place names that close an address line written right after a street address at `address_end`: where they end
// (", Mona Vale NSW" before "2103", ", Ikeja, Lagos" at a line's end, ", Harrogate" before "HG1 2AB"), or
// `address_end` if none do, and the postcode of digits after them if there is one ("Rotorua 3010"; 0, 0 if not), or
// right after the street where continental Europe writes it (", 28028 Madrid").
// Under Safe Harbor and the GDPR a town identifies as the street does.
struct Locality {
  std::size_t end;
  std::size_t postcode_start, postcode_end;
};
Locality LocalityAfter(std::string_view text, std::size_t address_end);

// Days and months without a year that a text writes as a series: two or more "d/m" with the same month in the same
// place ("Bloods: 14/05 ... 21/05 ... 28/05", "11/14 home meds ... last dose 11/13"), each one ValidDayMonth accepts
// and not an eye test ("6/9", "6/6"), with no word of betting shortly before the first (odds: "9/2, 11/2, 13/2").
// Their byte spans, in order.
std::vector<std::pair<std::size_t, std::size_t>> DayMonthSeries(std::string_view text);

// Days and months without a year ("d/m", each one ValidDayMonth accepts and not an eye test) that end a clause
// (punctuation, a dash, an arrow, a line's end or the text's) and follow no word of a count, a score, a reading, a
// place or a span of time ("Apgar 8/9.", "flat 4/2,", "for 12/12."); not halves, quarters, eighths or sixteenths
// written without the month's zero ("3/8", odds "9/4"), nor "24/7". Beside another date written with a slash they are
// dates ("DHS 12/11.", "concussion 2/11,"). Their byte spans, in order.
std::vector<std::pair<std::size_t, std::size_t>> DayMonthsEndingAClause(std::string_view text);

// Context cue words for names ("dr", "patient", "signed by", ...), used with the name gazetteer.
const std::vector<std::string>& NameContextWords();

}  // namespace leakgate::scrub
