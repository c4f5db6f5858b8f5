#include "scrub/validators.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace leakgate::scrub {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string digits_of(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (is_digit(c)) digits.push_back(c);
  }
  return digits;
}

int to_int(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int month, int year) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap(year)) return 29;
  return kDays[static_cast<std::size_t>(month - 1)];
}

bool date_exists(int year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(month, year);
}

// Two-digit years are read as 19xx/20xx; both are fine for existence except Feb 29, which the
// leap-year rule of either century decides the same way for years divisible by 4 (except 00 -> 2000).
int expand_year(std::string_view digits) {
  int year = to_int(digits);
  return digits.size() == 2 ? 2000 + year : year;
}

// A year of the last two centuries, as numbers that are not dates or phones write them ("Top 10 2023 2024").
bool recent_year(int year) { return year >= 1900 && year <= 2099; }

bool plausible_year(std::string_view digits) {
  if (digits.size() == 2) return true;
  if (digits.size() != 4) return false;
  int year = to_int(digits);
  return year >= 1800 && year <= 2199;
}

// 1-based month for an English month name or abbreviation ("jan", "sept", "september"), else 0.
int month_from_word(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kMonths{"january", "february", "march",     "april",
                                                            "may",     "june",     "july",      "august",
                                                            "september", "october", "november", "december"};
  if (word.size() < 3) return 0;
  std::string lowered;
  for (char c : word) lowered.push_back(lower(c));
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    std::string_view full = kMonths[i];
    if (lowered == full) return static_cast<int>(i) + 1;
    if (lowered.size() <= full.size() && full.substr(0, lowered.size()) == lowered &&
        (lowered.size() == 3 || lowered == "sept"))
      return static_cast<int>(i) + 1;
  }
  return 0;
}

struct DateTokens {
  std::vector<std::string_view> numbers;
  int month_word = 0;
  bool unknown_word = false;
};

DateTokens tokenize_date(std::string_view text) {
  DateTokens tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = i;
    if (is_digit(text[i])) {
      while (i < text.size() && is_digit(text[i])) ++i;
      tokens.numbers.push_back(text.substr(start, i - start));
      // Ordinal suffixes (1st, 2nd, 3rd, 4th) belong to the number.
      if (i + 1 < text.size() && is_alpha(text[i]) && is_alpha(text[i + 1]) &&
          (i + 2 == text.size() || !is_alpha(text[i + 2])))
        i += 2;
    } else if (is_alpha(text[i])) {
      while (i < text.size() && is_alpha(text[i])) ++i;
      std::string_view word = text.substr(start, i - start);
      if (word == "of" || word == "the") continue;
      int month = month_from_word(word);
      if (month == 0 || tokens.month_word != 0) tokens.unknown_word = true;
      else tokens.month_word = month;
    } else {
      ++i;
    }
  }
  return tokens;
}

bool valid_textual_date(const DateTokens& tokens) {
  int month = tokens.month_word;
  std::string_view day, year;
  for (std::string_view number : tokens.numbers) {
    bool day_like = number.size() <= 2 && to_int(number) >= 1 && to_int(number) <= 31;
    if (day_like && day.empty()) {
      day = number;
    } else if ((number.size() == 4 || (number.size() == 2 && !day.empty())) && year.empty()) {
      year = number;
    } else {
      return false;
    }
  }
  if (!year.empty() && !plausible_year(year)) return false;
  int year_value = year.empty() ? 2000 : expand_year(year);
  if (day.empty()) return !year.empty() && year.size() == 4;
  return date_exists(year_value, month, to_int(day));
}

bool valid_numeric_date(const DateTokens& tokens) {
  if (tokens.numbers.size() != 3) return false;
  std::string_view a = tokens.numbers[0], b = tokens.numbers[1], c = tokens.numbers[2];
  if (a.size() == 4) {
    return plausible_year(a) && b.size() <= 2 && c.size() <= 2 &&
           date_exists(to_int(a), to_int(b), to_int(c));
  }
  if (a.size() > 2 || b.size() > 2 || !plausible_year(c)) return false;
  int year = expand_year(c);
  return date_exists(year, to_int(a), to_int(b)) || date_exists(year, to_int(b), to_int(a));
}

}  // namespace

bool HasDigit(std::string_view text) {
  for (char c : text) {
    if (is_digit(c)) return true;
  }
  return false;
}

bool ValidIdNumber(std::string_view text) {
  int digits = 0;
  for (char c : text) digits += is_digit(c) ? 1 : 0;
  return digits >= 3;
}

namespace {

// "0830-1630", "0800 - 1000": opening hours, two times joined by a dash.
bool IsTimeRange(std::string_view text) {
  const std::size_t dash = text.find('-');
  if (dash == std::string_view::npos) return false;
  auto is_time = [](std::string_view part) {
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (part.size() != 4 || digits_of(part).size() != 4) return false;
    return to_int(part.substr(0, 2)) < 24 && to_int(part.substr(2, 2)) < 60;
  };
  return is_time(text.substr(0, dash)) && is_time(text.substr(dash + 1));
}

std::vector<std::string_view> digit_groups(std::string_view text) {
  std::vector<std::string_view> groups;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find_first_of(" .-", start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) groups.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return groups;
}

// A number in groups that reads as years ("1998 2001 2003") or a date ("12 03 2021", "2021 03 12").
bool years_or_date(const std::vector<std::string_view>& groups, char text_separator) {
  auto year = [](std::string_view g) { return g.size() == 4 && recent_year(to_int(g)); };
  auto at_most = [](std::string_view g, int limit) { return g.size() <= 2 && to_int(g) <= limit; };
  if (std::count_if(groups.begin(), groups.end(), year) >= 2) return true;
  // "2024-0517-88": an order or case number that starts with its year.
  if (groups.size() >= 3 && year(groups[0]) && text_separator == '-') return true;
  if (groups.size() != 3) return false;
  return (year(groups[2]) && at_most(groups[0], 31) && at_most(groups[1], 31)) ||
         (year(groups[0]) && at_most(groups[1], 12) && at_most(groups[2], 31));
}

// The two numbers of "a/b".
std::pair<int, int> slash_numbers(std::string_view text) {
  const std::size_t slash = text.find('/');
  return {to_int(text.substr(0, slash)), to_int(text.substr(slash + 1))};
}

// Whether a and b are a day and a month, in either order.
bool day_and_month_either_way(int a, int b) { return date_exists(2000, a, b) || date_exists(2000, b, a); }

// The two numbers of "d/m" or "d.m" (a closing dot allowed) and how many digits each is written with.
struct DayMonthNumbers {
  int first = 0, second = 0;
  std::size_t first_digits = 0, second_digits = 0;
};

std::optional<DayMonthNumbers> day_month_numbers(std::string_view text) {
  if (!text.empty() && text.back() == '.') text.remove_suffix(1);
  const std::size_t separator = text.find_first_of("/.");
  if (separator == std::string_view::npos || separator == 0 || separator > 2) return std::nullopt;
  const std::string_view day = text.substr(0, separator), month = text.substr(separator + 1);
  if (month.empty() || month.size() > 2 || digits_of(text).size() != day.size() + month.size()) return std::nullopt;
  return DayMonthNumbers{to_int(day), to_int(month), day.size(), month.size()};
}

bool thousands_shape(const std::vector<std::string_view>& groups) {
  if (groups.size() < 3 || groups.front().size() > 3) return false;
  return std::all_of(groups.begin() + 1, groups.end(), [](std::string_view g) { return g.size() == 3; });
}

// A number in groups without a trunk prefix, 8 to 12 digits, not a time range, years or a date; in the amount-like
// shape when `thousands`, otherwise in any other.
bool ValidGroupedNumberWithoutTrunk(std::string_view text, bool thousands) {
  const std::size_t digits = digits_of(text).size();
  if (digits < 8 || digits > 12 || IsTimeRange(text)) return false;
  const std::vector<std::string_view> groups = digit_groups(text);
  // "2000-3000 users": a range of round numbers.
  if (groups.size() == 2 && groups[0].ends_with("00") && groups[1].ends_with("00") &&
      to_int(groups[1]) > to_int(groups[0])) {
    return false;
  }
  const std::size_t first_separator = text.find_first_of(" .-");
  const char separator = first_separator == std::string_view::npos ? ' ' : text[first_separator];
  return !years_or_date(groups, separator) && thousands_shape(groups) == thousands;
}

}  // namespace

bool ValidPhone(std::string_view text) {
  std::size_t digits = digits_of(text).size();
  return digits >= 8 && digits <= 15 && !IsTimeRange(text);
}

bool ValidGroupedPhone(std::string_view text) {
  const std::size_t digits = digits_of(text).size();
  // A National Drug Code in its 4-4-2 or 5-3-2 hyphenated form ("0093-7180-56") is not a phone number.
  const std::size_t last_hyphen = text.rfind('-');
  const bool drug_code = digits == 10 && std::count(text.begin(), text.end(), '-') == 2 &&
                         text.find_first_of(" .()") == std::string_view::npos && text.size() - last_hyphen - 1 == 2;
  return digits >= 10 && digits <= 15 && !drug_code && !IsTimeRange(text);
}

bool ValidShapedPhone(std::string_view text) {
  const std::vector<std::string_view> groups = digit_groups(text);
  if (groups.empty()) return false;
  const std::size_t first_separator = text.find_first_of(" .-");
  const char separator = first_separator == std::string_view::npos ? ' ' : text[first_separator];
  auto zeros = [](std::string_view group) { return group.find_first_not_of('0') == std::string_view::npos; };
  auto ends_in_zero = [](std::string_view group) { return group.ends_with('0'); };
  const bool round = std::any_of(groups.begin() + 1, groups.end(), zeros) ||
                     std::all_of(groups.begin(), groups.end(), ends_in_zero);
  return !round && !years_or_date(groups, separator);
}

bool ValidTwoGroupTrunkPhone(std::string_view text) {
  const std::size_t digits = digits_of(text).size();
  return digits >= 10 && digits <= 11;
}

bool ValidLocalPhone(std::string_view text) {
  // "830-1230", "800-1700": opening hours, a time on the quarter hour and a later one.
  const int first = to_int(text.substr(0, 3)), second = to_int(text.substr(4, 4));
  auto on_quarter = [](int time) { return time % 100 % 15 == 0 && time % 100 < 60; };
  const bool hours = on_quarter(first) && on_quarter(second) && second / 100 < 24 && second / 100 > first / 100;
  // "200-4000", "450-2500": a range up to a round number.
  const bool range = second % 100 == 0 && second > first;
  return !hours && !range;
}

bool ValidVanityPhone(std::string_view text) {
  const std::size_t code = text.find('8');
  if (code == std::string_view::npos || code + 4 > text.size()) return false;
  int letters = 0, symbols = 0;
  for (char c : text.substr(code + 4)) {
    if (c >= 'A' && c <= 'Z') ++letters;
    if (is_digit(c) || (c >= 'A' && c <= 'Z')) ++symbols;
  }
  return letters >= 2 && (symbols == 7 || symbols == 8);
}

bool ValidEightDigitPhone(std::string_view text) {
  return text.size() == 9 && !recent_year(to_int(text.substr(0, 4))) && !recent_year(to_int(text.substr(5, 4)));
}

bool ValidFiveFiveMobile(std::string_view text) { return text.size() == 11 && text.substr(0, 3) != text.substr(6, 3); }

bool ValidSpacedLocalPhone(std::string_view text) {
  const int second = to_int(text.substr(4, 4));
  return ValidLocalPhone(text) && !recent_year(second);
}

bool ValidBracketedAreaPhone(std::string_view text) {
  const std::size_t close = text.find(')');
  const std::vector<std::string_view> groups = digit_groups(text.substr(close + 1));
  if (groups.size() != 2 || IsTimeRange(text.substr(close + 1))) return false;
  // "(10) 1234-1245": a page range; "(12) 2019-2020": years.
  const int first = to_int(groups[0]), second = to_int(groups[1]);
  return !(groups[0].size() == groups[1].size() && second > first && second - first < 1000);
}

bool ValidCuedGroupedPhone(std::string_view text) { return ValidGroupedNumberWithoutTrunk(text, false); }

bool ValidThousandsGroupedPhone(std::string_view text) { return ValidGroupedNumberWithoutTrunk(text, true); }

bool ValidDayMonth(std::string_view text) {
  const std::optional<DayMonthNumbers> n = day_month_numbers(text);
  if (!n) return false;
  // "10/10" and "7/10" are scores out of ten, "4/5" muscle power; "3/7" and "6/12" are clinical shorthand for days
  // and months; "1/2" to "3/4" are fractions.
  if ((n->second == 10 && n->first <= 10) || (n->second == 5 && n->first <= 5) ||
      (n->first < n->second && n->second <= 4)) {
    return false;
  }
  if (n->first_digits == 1 && ((n->second == 7 && n->second_digits == 1) || n->second == 12)) return false;
  return day_and_month_either_way(n->first, n->second);
}

// The first end of a range whose other end is a full date ("02.04–09.04.2024"): the date beside it says what it is,
// so no fraction or score is read into it.
bool ValidDayMonthOpeningRange(std::string_view text) {
  const std::optional<DayMonthNumbers> n = day_month_numbers(text);
  return n && day_and_month_either_way(n->first, n->second);
}

bool ValidDayMonthRange(std::string_view text) {
  // Two "d/m" parts at the edges, read the same way round. One may look like a fraction or a clinical duration when
  // the other is a day and month and shares its month ("from 3/4 to 7/4"); "1/4 - 3/4" is two fractions.
  const std::size_t first_end = text.find_first_not_of("0123456789/");
  const std::size_t second_start = text.find_last_not_of("0123456789/") + 1;
  if (first_end == std::string_view::npos || second_start <= first_end) return false;
  const std::string_view first = text.substr(0, first_end), second = text.substr(second_start);
  const auto [a, b] = slash_numbers(first);
  const auto [c, d] = slash_numbers(second);
  const bool first_valid = ValidDayMonth(first), second_valid = ValidDayMonth(second);
  if (!first_valid && !second_valid) return false;
  if ((!first_valid || !second_valid) && b != d) return false;
  // "6/9 -> 6/6": eye tests; "8/9 -> 9/9": a score rising to full marks.
  auto snellen = [](int top, int bottom) { return top == 6 && (bottom % 3 == 0 && bottom <= 60); };
  if (snellen(a, b) || snellen(c, d) || c == d) return false;
  // Both read day first, or both month first, and the second no earlier than the first.
  const bool day_first = date_exists(2000, b, a) && date_exists(2000, d, c) && d * 100 + c >= b * 100 + a;
  const bool month_first = date_exists(2000, a, b) && date_exists(2000, c, d) && c * 100 + d >= a * 100 + b;
  return day_first || month_first;
}

bool ValidPostcode(std::string_view text) {
  const std::size_t space = text.rfind(' ');
  if (space == std::string_view::npos) return false;
  const std::string_view last = text.substr(space + 1);
  static constexpr std::string_view kOrdinalEndings[] = {"ST", "ND", "RD", "TH"};
  const bool ordinal = last.size() == 3 && std::isdigit(static_cast<unsigned char>(last[0])) &&
                       std::find(std::begin(kOrdinalEndings), std::end(kOrdinalEndings), last.substr(1)) !=
                           std::end(kOrdinalEndings);
  return !ordinal;
}

bool ValidCompactDate(std::string_view text) {
  if (text.size() == 6 && digits_of(text).size() == 6) {
    const int first = to_int(text.substr(0, 2)), middle = to_int(text.substr(2, 2)), last = to_int(text.substr(4, 2));
    return day_and_month_either_way(first, middle) || day_and_month_either_way(middle, last);
  }
  if (text.size() != 8 || digits_of(text).size() != 8) return false;
  if (date_exists(to_int(text.substr(0, 4)), to_int(text.substr(4, 2)), to_int(text.substr(6, 2)))) return true;
  const int year = to_int(text.substr(4, 4)), first = to_int(text.substr(0, 2)), second = to_int(text.substr(2, 2));
  return recent_year(year) && day_and_month_either_way(first, second);
}

bool ValidDateInAFileName(std::string_view text) {
  if (text.size() != 7) return true;
  // "2008-09", "2011-12": a financial year or a season, the second year's last two digits after the first.
  return to_int(text.substr(5, 2)) != (to_int(text.substr(2, 2)) + 1) % 100;
}

// The digit a word of a number read out stands for, in English, French or German ("oh", "zéro", "null", "zwo"), or -1.
int SpelledDigit(std::string_view word) {
  static const std::map<std::string_view, int> kDigits{
      // English
      {"zero", 0}, {"oh", 0}, {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5}, {"six", 6}, {"seven", 7},
      {"eight", 8}, {"nine", 9},
      // French ("six" as in English)
      {"zéro", 0}, {"un", 1}, {"deux", 2}, {"trois", 3}, {"quatre", 4}, {"cinq", 5}, {"sept", 7}, {"huit", 8},
      {"neuf", 9},
      // German
      {"null", 0}, {"eins", 1}, {"zwei", 2}, {"zwo", 2}, {"drei", 3}, {"vier", 4}, {"fünf", 5}, {"fuenf", 5},
      {"sechs", 6}, {"sieben", 7}, {"acht", 8}, {"neun", 9},
      // Spanish, Portuguese and Italian ("zero" as in English)
      {"cero", 0}, {"uno", 1}, {"dos", 2}, {"tres", 3}, {"cuatro", 4}, {"cinco", 5}, {"seis", 6}, {"siete", 7},
      {"ocho", 8}, {"nueve", 9}, {"um", 1}, {"dois", 2}, {"três", 3}, {"quatro", 4}, {"sete", 7}, {"oito", 8},
      {"nove", 9}, {"due", 2}, {"tre", 3}, {"quattro", 4}, {"cinque", 5}, {"sei", 6}, {"sette", 7}, {"otto", 8}};
  const auto found = kDigits.find(word);
  return found == kDigits.end() ? -1 : found->second;
}

// The number a hyphenated French group stands for when it has a word of the tens, or -1 ("trente-neuf" 39,
// "soixante-dix" 70, "quatre-vingt-dix-huit" 98, "vingt-et-un" 21): France reads a phone number out in pairs.
int FrenchPair(const std::vector<std::string>& group) {
  static const std::map<std::string_view, int> kTens{
      {"dix", 10},    {"onze", 11},    {"douze", 12},   {"treize", 13},    {"quatorze", 14}, {"quinze", 15},
      {"seize", 16},  {"vingt", 20},   {"vingts", 20},  {"trente", 30},    {"quarante", 40}, {"cinquante", 50},
      {"soixante", 60}};
  int value = 0;
  bool tens = false;
  for (std::size_t i = 0; i < group.size(); ++i) {
    const std::string& word = group[i];
    if (word == "et") continue;
    if (const auto found = kTens.find(word); found != kTens.end()) {
      tens = true;
      // "quatre-vingt": four twenties.
      const bool twenties = found->second == 20 && i > 0 && group[i - 1] == "quatre";
      value += twenties ? 80 - 4 : found->second;
      continue;
    }
    const int digit = SpelledDigit(word);
    if (digit < 0) return -1;
    value += digit;
  }
  return tens && value < 100 ? value : -1;
}

// The number a Spanish word of ten to twenty-nine or of the tens stands for, or -1 ("quince" 15, "veintisiete" 27,
// "cuarenta" 40): Spain and Latin America read a phone number out in pairs, the tens joined to a digit by "y"
// ("cuarenta y ocho").
int SpanishPair(std::string_view word) {
  static const std::map<std::string_view, int> kPairs{
      {"diez", 10},        {"once", 11},        {"doce", 12},        {"trece", 13},        {"catorce", 14},
      {"quince", 15},      {"dieciséis", 16},   {"dieciseis", 16},   {"diecisiete", 17},   {"dieciocho", 18},
      {"diecinueve", 19},  {"veinte", 20},      {"veintiuno", 21},   {"veintidós", 22},    {"veintidos", 22},
      {"veintitrés", 23},  {"veintitres", 23},  {"veinticuatro", 24}, {"veinticinco", 25}, {"veintiséis", 26},
      {"veintiseis", 26},  {"veintisiete", 27}, {"veintiocho", 28},  {"veintinueve", 29},  {"treinta", 30},
      {"cuarenta", 40},    {"cincuenta", 50},   {"sesenta", 60},     {"setenta", 70},      {"ochenta", 80},
      {"noventa", 90}};
  const auto found = kPairs.find(word);
  return found == kPairs.end() ? -1 : found->second;
}

bool ValidSpelledPhone(std::string_view text) {
  auto letter = [](char c) { return is_alpha(c) || static_cast<unsigned char>(c) >= 0x80; };
  int digits = 0, repeat = 1;
  std::vector<int> numbers;  // each digit or French or Spanish pair, in order
  bool only_pairs = true, tens_before = false, joined_digit = false;
  auto add = [&](int value, int count) {
    // After "double" or "triple" the digit counts two or three times, and the numbers are no longer a count.
    if (repeat > 1) numbers.push_back(-1);
    numbers.push_back(value);
    digits += repeat * count;
    repeat = 1;
    only_pairs = only_pairs && count == 2;
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && !letter(text[pos])) {
      if (is_digit(text[pos])) add(text[pos] - '0', 1);  // a number read out digit by digit ("0 2 0 7 9 4 ...")
      ++pos;
    }
    // A group of words joined by hyphens: one French pair ("trente-neuf") or digits in a row ("five-five-five").
    std::vector<std::string> group;
    while (pos < text.size() && letter(text[pos])) {
      std::string word;
      for (; pos < text.size() && letter(text[pos]); ++pos) word.push_back(lower(text[pos]));
      // The accented capitals of the numbers read out ("DIECISÉIS", "VEINTIDÓS", "ZÉRO"): 0xC3 then the capital.
      for (std::size_t at = 0; at + 1 < word.size(); ++at) {
        if (word[at] == '\xC3' && (word[at + 1] == '\x89' || word[at + 1] == '\x93' || word[at + 1] == '\x8A'))
          word[at + 1] = static_cast<char>(word[at + 1] + 0x20);
      }
      group.push_back(word);
      if (pos + 1 < text.size() && text[pos] == '-' && letter(text[pos + 1])) ++pos;
    }
    if (group.empty()) continue;
    if (group[0] == "extension" || group[0] == "ext") break;  // the extension's digits do not count
    if (const int pair = FrenchPair(group); pair >= 0) {
      add(pair, 2);
      continue;
    }
    if (group.size() == 1 && group[0] == "y" && tens_before) {  // "cuarenta y ocho": the digit joins the tens
      joined_digit = true;
      continue;
    }
    tens_before = false;
    if (const int pair = group.size() == 1 ? SpanishPair(group[0]) : -1; pair >= 0) {
      add(pair, 2);
      tens_before = pair % 10 == 0 && pair >= 30;
      continue;
    }
    if (joined_digit && group.size() == 1 && SpelledDigit(group[0]) > 0) {
      joined_digit = false;
      numbers.back() += SpelledDigit(group[0]);
      continue;
    }
    joined_digit = false;
    for (const std::string& word : group) {
      if (word == "double" || word == "triple") {
        repeat = word == "double" ? 2 : 3;
        continue;
      }
      add(std::max(0, SpelledDigit(word)), 1);
    }
  }
  // Not a count ("one two three four ...", each one more or one less than the last), a list of pairs in steps ("dix,
  // douze, quatorze, seize", "vingt, trente, quarante"), or zeros alone ("null, null, null, ...": an empty field).
  auto steps_by = [&](auto allowed) {
    for (std::size_t i = 1; i < numbers.size(); ++i) {
      if (numbers[i] < 0 || numbers[i - 1] < 0 || numbers[i] - numbers[i - 1] != numbers[1] - numbers[0] ||
          !allowed(numbers[1] - numbers[0]))
        return false;
    }
    return numbers.size() >= 2;
  };
  const bool counting = steps_by([](int step) { return step == 1 || step == -1; });
  // With Spanish pairs a list of steps may mix digits and pairs ("cinco, diez, quince, veinte"); one digit throughout
  // is still a number ("five five five, five five five five").
  const bool stepped_pairs = (only_pairs && numbers.size() >= 3 && steps_by([](int) { return true; })) ||
                             (numbers.size() >= 4 && steps_by([](int step) { return step != 0; }));
  const bool zeros = std::all_of(numbers.begin(), numbers.end(), [](int n) { return n == 0; });
  return digits >= 7 && digits <= 15 && !counting && !stepped_pairs && !zeros;
}

bool ValidWeekdayDate(std::string_view text) {
  const std::size_t first_digit = text.find_first_of("0123456789");
  if (first_digit == std::string_view::npos) return false;
  const std::string_view date = text.substr(first_digit);
  switch (std::count(date.begin(), date.end(), '/')) {
    case 0: return true;  // an ordinal or a bare day
    case 1: {  // a day and a month either way round: beside a weekday, "Wed 3/4" is not a fraction
      const auto [first, second] = slash_numbers(date);
      return day_and_month_either_way(first, second);
    }
    default: return ValidDate(date);
  }
}

bool ValidSsn(std::string_view text) {
  std::string digits = digits_of(text);
  if (digits.size() != 9) return false;
  int area = to_int(std::string_view(digits).substr(0, 3));
  int group = to_int(std::string_view(digits).substr(3, 2));
  int serial = to_int(std::string_view(digits).substr(5, 4));
  return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
}

bool ValidNhsNumber(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (is_digit(c)) digits.push_back(c);
    else if (c != ' ' && c != '-') return false;
  }
  if (digits.size() != 10) return false;
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (digits[static_cast<std::size_t>(i)] - '0') * (10 - i);
  const int check = (11 - sum % 11) % 11;
  return check != 10 && check == digits[9] - '0';
}

bool ValidTenDigitMobile(std::string_view text) { return !ValidNhsNumber(text) && !text.ends_with("0000"); }

bool ValidLuhn(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (is_digit(c)) digits.push_back(c);
    else if (c != ' ' && c != '-') return false;
  }
  if (digits.size() < 13 || digits.size() > 19) return false;
  int sum = 0;
  bool double_it = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (double_it) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double_it = !double_it;
  }
  return sum % 10 == 0;
}

bool ValidCreditCard(std::string_view text) {
  if (!ValidLuhn(text)) return false;
  std::string digits = digits_of(text);
  std::size_t n = digits.size();
  auto prefix = [&](std::size_t len) { return to_int(std::string_view(digits).substr(0, len)); };
  if (digits[0] == '4') return n == 13 || n == 16 || n == 19;                                  // Visa
  if ((prefix(2) >= 51 && prefix(2) <= 55) || (prefix(4) >= 2221 && prefix(4) <= 2720))
    return n == 16;                                                                            // Mastercard
  if (prefix(2) == 34 || prefix(2) == 37) return n == 15;                                      // Amex
  if (prefix(4) == 6011 || prefix(2) == 65 || (prefix(3) >= 644 && prefix(3) <= 649))
    return n >= 16 && n <= 19;                                                                 // Discover
  if ((prefix(3) >= 300 && prefix(3) <= 305) || prefix(2) == 36 || prefix(2) == 38)
    return n >= 14 && n <= 19;                                                                 // Diners
  if (prefix(4) >= 3528 && prefix(4) <= 3589) return n >= 16 && n <= 19;                      // JCB
  return false;
}

bool ValidIban(std::string_view text) {
  std::string compact;
  for (char c : text) {
    if (c == ' ') continue;
    if (!is_digit(c) && !(c >= 'A' && c <= 'Z')) return false;
    compact.push_back(c);
  }
  if (compact.size() < 15 || compact.size() > 34) return false;
  if (!is_alpha(compact[0]) || !is_alpha(compact[1]) || !is_digit(compact[2]) || !is_digit(compact[3]))
    return false;
  std::string rotated = compact.substr(4) + compact.substr(0, 4);
  int remainder = 0;
  for (char c : rotated) {
    if (is_digit(c)) {
      remainder = (remainder * 10 + (c - '0')) % 97;
    } else {
      int value = c - 'A' + 10;
      remainder = (remainder * 100 + value) % 97;
    }
  }
  return remainder == 1;
}

bool ValidVin(std::string_view text) {
  if (text.size() != 17) return false;
  static constexpr std::array<int, 17> kWeights{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
  auto transliterate = [](char c) -> int {
    if (is_digit(c)) return c - '0';
    static constexpr std::string_view kLetters = "ABCDEFGHJKLMNPRSTUVWXYZ";
    static constexpr std::array<int, 23> kValues{1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4,
                                                 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9};
    std::size_t pos = kLetters.find(c);
    return pos == std::string_view::npos ? -1 : kValues[pos];
  };
  int sum = 0;
  bool letters = false, digits = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    int value = transliterate(text[i]);
    if (value < 0) return false;
    (is_digit(text[i]) ? digits : letters) = true;
    sum += value * kWeights[i];
  }
  int check = sum % 11;
  char expected = check == 10 ? 'X' : static_cast<char>('0' + check);
  return letters && digits && text[8] == expected;
}

bool ValidIpv4(std::string_view text) {
  int octets = 0;
  std::size_t i = 0;
  while (i <= text.size()) {
    std::size_t start = i;
    while (i < text.size() && is_digit(text[i])) ++i;
    std::size_t len = i - start;
    if (len == 0 || len > 3) return false;
    if (len > 1 && text[start] == '0') return false;
    if (to_int(text.substr(start, len)) > 255) return false;
    ++octets;
    if (i == text.size()) break;
    if (text[i] != '.') return false;
    ++i;
  }
  return octets == 4;
}

bool ValidIpv6(std::string_view text) {
  int colons = 0, hex_digits = 0;
  for (char c : text) {
    if (c == ':') ++colons;
    else if (std::isxdigit(static_cast<unsigned char>(c))) ++hex_digits;
  }
  if (colons < 2 || hex_digits < 3 || text.size() > 45) return false;
  std::string copy(text);
  unsigned char address[16];
  return inet_pton(AF_INET6, copy.c_str(), address) == 1;
}

bool ValidDate(std::string_view text) {
  DateTokens tokens = tokenize_date(text);
  if (tokens.unknown_word) return false;
  return tokens.month_word != 0 ? valid_textual_date(tokens) : valid_numeric_date(tokens);
}

bool ValidAgeOver89(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (is_digit(c)) digits.push_back(c);
    else if (!digits.empty()) break;
  }
  if (digits.empty() || digits.size() > 3) return false;
  int age = to_int(digits);
  return age > 89 && age < 125;
}

namespace {

struct NamedValidator {
  std::string_view name;
  Validator validator;
};

constexpr std::array<NamedValidator, 33> kValidators{{{"id_number", ValidIdNumber},
                                                      {"phone", ValidPhone},
                                                      {"grouped_phone", ValidGroupedPhone},
                                                      {"two_group_trunk_phone", ValidTwoGroupTrunkPhone},
                                                      {"shaped_phone", ValidShapedPhone},
                                                      {"spaced_local_phone", ValidSpacedLocalPhone},
                                                      {"local_phone", ValidLocalPhone},
                                                      {"vanity_phone", ValidVanityPhone},
                                                      {"eight_digit_phone", ValidEightDigitPhone},
                                                      {"five_five_mobile", ValidFiveFiveMobile},
                                                      {"bracketed_area_phone", ValidBracketedAreaPhone},
                                                      {"cued_grouped_phone", ValidCuedGroupedPhone},
                                                      {"thousands_grouped_phone", ValidThousandsGroupedPhone},
                                                      {"day_month", ValidDayMonth},
                                                      {"weekday_date", ValidWeekdayDate},
                                                      {"day_month_range", ValidDayMonthRange},
                                                      {"day_month_opening_range", ValidDayMonthOpeningRange},
                                                      {"compact_date", ValidCompactDate},
                                                      {"date_in_a_file_name", ValidDateInAFileName},
                                                      {"postcode", ValidPostcode},
                                                      {"spelled_phone", ValidSpelledPhone},
                                                      {"ssn", ValidSsn},
                                                      {"ten_digit_mobile", ValidTenDigitMobile},
                                                      {"luhn", ValidLuhn},
                                                      {"nhs_number", ValidNhsNumber},
                                                      {"credit_card", ValidCreditCard},
                                                      {"iban", ValidIban},
                                                      {"vin", ValidVin},
                                                      {"ipv4", ValidIpv4},
                                                      {"ipv6", ValidIpv6},
                                                      {"date", ValidDate},
                                                      {"age", ValidAgeOver89},
                                                      {"has_digit", HasDigit}}};

}  // namespace

Validator FindValidator(std::string_view name) {
  for (const NamedValidator& entry : kValidators) {
    if (entry.name == name) return entry.validator;
  }
  return nullptr;
}

std::string ValidatorNames() {
  std::string names;
  for (const NamedValidator& entry : kValidators) {
    if (!names.empty()) names += ", ";
    names += entry.name;
  }
  return names;
}

}  // namespace leakgate::scrub
