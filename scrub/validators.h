// Checksum and plausibility rules that turn a pattern match into a finding (or reject it).
#pragma once

#include <string>
#include <string_view>

namespace leakgate::scrub {

// US Social Security Number in AAA-GG-SSSS form (separators '-' or ' ' or none): area not 000, 666 or
// 900-999, group not 00, serial not 0000.
bool ValidSsn(std::string_view text);
// An NHS number: ten digits (spaces and '-' ignored) whose last is the mod-11 check of the nine before it, weights 10
// down to 2 (a check of 10 is no number).
bool ValidNhsNumber(std::string_view text);
// Ten digits that are no NHS number and no round number ("9876012345", not "9000000000"): an Indian mobile is read
// only so.
bool ValidTenDigitMobile(std::string_view text);
// Luhn mod-10 over the digits of text (spaces and '-' ignored); 13 to 19 digits.
bool ValidLuhn(std::string_view text);
// Payment card: Luhn plus an issuer prefix (Visa, Mastercard, Amex, Discover, Diners, JCB) and length.
bool ValidCreditCard(std::string_view text);
// IBAN: country code, two check digits, mod-97 == 1 (spaces ignored), length 15 to 34.
bool ValidIban(std::string_view text);
// Vehicle identification number: 17 characters without I, O, Q and a correct check digit (position 9).
bool ValidVin(std::string_view text);
// Dotted-quad IPv4 whose four octets are 0-255 without leading zeros.
bool ValidIpv4(std::string_view text);
// IPv6 in any textual form inet_pton accepts, with at least two colons and three hex digits.
bool ValidIpv6(std::string_view text);
// A calendar date that exists: numeric (Y-M-D, M/D/Y or D.M.Y, 2- or 4-digit years) or with an English
// month name ("March 3, 2021", "3 Mar 2021", "Mar 3rd", "March 2021").
bool ValidDate(std::string_view text);
// An age stated in text ("93-year-old", "aged 91") is above 89 and below 125 (HIPAA: ages over 89).
bool ValidAgeOver89(std::string_view text);
// Contains at least one decimal digit (used by context-cued identifiers so plain words are not taken).
bool HasDigit(std::string_view text);

// An identifier after a context cue (MRN, account, licence, serial): at least three decimal digits,
// so words and short labels such as "GPL-2" are not taken.
bool ValidIdNumber(std::string_view text);
// International phone number: 8 to 15 digits in total (E.164 allows at most 15).
bool ValidPhone(std::string_view text);
// A number in groups with a trunk 0 or an international 00: 10 to 15 digits in total, not a time range, not a
// drug code.
bool ValidGroupedPhone(std::string_view text);
// A trunk 0 and one group after it ("06-12345678"): 10 or 11 digits in all.
bool ValidTwoGroupTrunkPhone(std::string_view text);
// A phone number known by its shape alone ("333 123 4567", "55 1234 5678", "1800 123 456"): not years, a date or round
// numbers ("Top 10 2023 2024", "Counts 250 100 1000", "1800 250 000 people").
bool ValidShapedPhone(std::string_view text);
// A seven-digit local number "555-0123" (with an extension or not) that is not opening hours ("830-1230").
bool ValidLocalPhone(std::string_view text);
// A toll-free number spelled in letters ("1-877-NURSE-4U", "800-FLOWERS"): seven or eight letters and digits after the
// code, at least two of them letters.
bool ValidVanityPhone(std::string_view text);
// Eight digits in two groups of four ("6744 2190"), neither a year ("2023 2024").
bool ValidEightDigitPhone(std::string_view text);
// Five and five digits ("98110 42837") whose groups do not open with the same three digits, as neighbouring codes do
// ("60601 60602").
bool ValidFiveFiveMobile(std::string_view text);
// The same with a space or a dot ("555 0142"), whose last four digits are not a year ("450 2023").
bool ValidSpacedLocalPhone(std::string_view text);
// "(11) 5555-0123": not a page range ("(10) 1234-1245"), years ("(12) 2019-2020") or opening hours.
bool ValidBracketedAreaPhone(std::string_view text);
// A number in groups without a trunk prefix, read only after a phone cue: 8 to 12 digits, not a time
// range, not years, a date or a number that starts with its year ("2024-0517-88"), and not groups of three after
// the first, as amounts are written ("12 500 000").
bool ValidCuedGroupedPhone(std::string_view text);
// The same in exactly that amount-like shape ("600 555 123"), read only after a cue that names a phone.
bool ValidThousandsGroupedPhone(std::string_view text);
// A day and a month without a year, "12/03", "9/3" or "6.5.": one or two digits each, a real date read either
// way, not a score ("7/10", "4/5"), a fraction ("1/2", "3/4") or the shorthand for days or months ("3/7", "6/12").
bool ValidDayMonth(std::string_view text);
// The first end of a range whose other end is a full date ("02.04" of "02.04–09.04.2024"): a day and a month read
// either way, with no fraction or score read into it.
bool ValidDayMonthOpeningRange(std::string_view text);
// "13/11 → 14/11": two days and months, each valid as ValidDayMonth, read the same way round.
bool ValidDayMonthRange(std::string_view text);
// "20241114": a date that exists, as YYYYMMDD, or a day and a month either way round before the year ("03031950"); or
// six digits, a day and a month either way round and a two-digit year ("120985", "091285") or a two-digit year, a
// month and a day ("850912").
bool ValidCompactDate(std::string_view text);
// A date read in a file's name ("20240315", "2024-10-15", "2024-11"): a year and a month that are not a financial year
// or a season ("2008-09").
bool ValidDateInAFileName(std::string_view text);
// A British, Canadian or Irish postcode whose last part is not an ordinal's digit and letters ("B2 3RD", "A4 1ST"
// are a floor and a row).
bool ValidPostcode(std::string_view text);
// A phone number read out in words ("oh seven seven double oh, nine...") or digit by digit ("0 2 0 7 9 4 6 0 9 5 8"):
// 7 to 15 digits before any extension, and not a count.
bool ValidSpelledPhone(std::string_view text);
// A weekday and what follows it ("Tue 11/06", "Thu 14th"): a day and month that exist either way round (beside a
// weekday "Wed 3/4" is a date, not a fraction), a full date as ValidDate, an ordinal or bare day as it is.
bool ValidWeekdayDate(std::string_view text);

// Looks up a validator by the name used in configuration files ("ssn", "luhn", "iban", ...: ValidatorNames());
// returns nullptr for an unknown name.
using Validator = bool (*)(std::string_view);
Validator FindValidator(std::string_view name);
// Every name FindValidator knows, comma-separated, for error messages.
std::string ValidatorNames();

}  // namespace leakgate::scrub
