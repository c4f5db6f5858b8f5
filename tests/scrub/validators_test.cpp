#include "scrub/validators.h"

#include <gtest/gtest.h>

namespace leakgate::scrub {
namespace {

TEST(Validators, SsnFollowsAreaGroupSerialRules) {
  EXPECT_TRUE(ValidSsn("123-45-6789"));
  EXPECT_TRUE(ValidSsn("078 05 1120"));
  EXPECT_TRUE(ValidSsn("899999999"));
  EXPECT_FALSE(ValidSsn("000-12-3456"));  // area 000
  EXPECT_FALSE(ValidSsn("666-12-3456"));  // area 666
  EXPECT_FALSE(ValidSsn("900-12-3456"));  // area 9xx (ITIN range)
  EXPECT_FALSE(ValidSsn("123-00-4567"));  // group 00
  EXPECT_FALSE(ValidSsn("123-45-0000"));  // serial 0000
  EXPECT_FALSE(ValidSsn("123-45-678"));   // too short
}

TEST(Validators, LuhnAndCardIssuers) {
  EXPECT_TRUE(ValidLuhn("4111 1111 1111 1111"));
  EXPECT_FALSE(ValidLuhn("4111 1111 1111 1112"));
  EXPECT_FALSE(ValidLuhn("4111x1111 1111 1111"));
  EXPECT_TRUE(ValidCreditCard("4111-1111-1111-1111"));  // Visa
  EXPECT_TRUE(ValidCreditCard("5425233430109903"));     // Mastercard
  EXPECT_TRUE(ValidCreditCard("378282246310005"));      // Amex, 15 digits
  EXPECT_TRUE(ValidCreditCard("6011111111111117"));     // Discover
  EXPECT_FALSE(ValidCreditCard("3782822463100003"));    // Luhn-valid, Amex prefix, but 16 digits
  EXPECT_FALSE(ValidCreditCard("1234567812345670"));    // Luhn-valid but no issuer
}

TEST(Validators, IbanMod97) {
  EXPECT_TRUE(ValidIban("DE89 3704 0044 0532 0130 00"));
  EXPECT_TRUE(ValidIban("GB29NWBK60161331926819"));
  EXPECT_TRUE(ValidIban("FR76 3000 6000 0112 3456 7890 189"));
  EXPECT_FALSE(ValidIban("DE89 3704 0044 0532 0130 01"));  // one digit changed
  EXPECT_FALSE(ValidIban("DE8937040044"));                 // too short
  EXPECT_FALSE(ValidIban("de89 3704 0044 0532 0130 00"));  // lower case country
}

TEST(Validators, VinCheckDigit) {
  EXPECT_TRUE(ValidVin("1HGCM82633A004352"));
  EXPECT_TRUE(ValidVin("1M8GDM9AXKP042788"));  // check digit X
  EXPECT_FALSE(ValidVin("1HGCM82643A004352"));  // wrong check digit
  EXPECT_FALSE(ValidVin("1HGCM82633A00435"));   // 16 characters
  EXPECT_FALSE(ValidVin("1HGCM8263IA004352"));  // contains I
  EXPECT_FALSE(ValidVin("11111111111111111"));  // digits only
}

TEST(Validators, IpAddresses) {
  EXPECT_TRUE(ValidIpv4("192.168.1.20"));
  EXPECT_TRUE(ValidIpv4("0.0.0.0"));
  EXPECT_FALSE(ValidIpv4("256.1.1.1"));
  EXPECT_FALSE(ValidIpv4("1.2.3"));
  EXPECT_FALSE(ValidIpv4("01.2.3.4"));  // leading zero
  EXPECT_TRUE(ValidIpv6("fe80::1ff:fe23:4567:890a"));
  EXPECT_TRUE(ValidIpv6("2001:db8::8a2e:370:7334"));
  EXPECT_FALSE(ValidIpv6("12:30:45"));  // a time
  EXPECT_FALSE(ValidIpv6("::"));        // too few hex digits to be worth reporting
  EXPECT_FALSE(ValidIpv6("2001:db8:::1"));
}

TEST(Validators, DatesMustExist) {
  EXPECT_TRUE(ValidDate("03/14/1952"));
  EXPECT_TRUE(ValidDate("14.03.1952"));  // day first
  EXPECT_TRUE(ValidDate("2024-02-29"));  // leap year
  EXPECT_FALSE(ValidDate("2023-02-29"));
  EXPECT_FALSE(ValidDate("13/13/2020"));
  EXPECT_FALSE(ValidDate("04/31/2021"));  // neither April 31 nor month 31
  EXPECT_TRUE(ValidDate("March 3, 2021"));
  EXPECT_TRUE(ValidDate("3rd of March"));
  EXPECT_TRUE(ValidDate("Sept. 1982"));
  EXPECT_FALSE(ValidDate("February 30"));
  EXPECT_FALSE(ValidDate("March 1492"));  // implausible year for a record about a person
}

TEST(Validators, AgesAbove89) {
  EXPECT_TRUE(ValidAgeOver89("93"));
  EXPECT_TRUE(ValidAgeOver89("104-year-old"));
  EXPECT_FALSE(ValidAgeOver89("89"));
  EXPECT_FALSE(ValidAgeOver89("130"));
}

TEST(Validators, IdNumbersAndPhones) {
  EXPECT_TRUE(ValidIdNumber("A-2245193"));
  EXPECT_FALSE(ValidIdNumber("GPL-2"));
  EXPECT_TRUE(ValidPhone("+44 20 7946 0958"));
  EXPECT_FALSE(ValidPhone("+1 555"));
  EXPECT_TRUE(ValidGroupedPhone("0161 496 0832"));
  EXPECT_TRUE(ValidGroupedPhone("0031-11-1129"));
  EXPECT_TRUE(ValidGroupedPhone("00966 11 555 0199"));
  EXPECT_FALSE(ValidGroupedPhone("0123 456 78")) << "nine digits";
  EXPECT_FALSE(ValidGroupedPhone("0044 20 7946 0314 1234")) << "eighteen digits";
  EXPECT_FALSE(ValidGroupedPhone("0093-7180-56")) << "a drug code";
  EXPECT_FALSE(ValidGroupedPhone("01234-567-89")) << "a drug code";
  EXPECT_TRUE(ValidCuedGroupedPhone("612 55 53 04"));
  EXPECT_TRUE(ValidCuedGroupedPhone("138 5555 0123"));
  EXPECT_TRUE(ValidCuedGroupedPhone("138 2001 4567")) << "one group that looks like a year";
  EXPECT_FALSE(ValidCuedGroupedPhone("1998 2001 2003")) << "years";
  EXPECT_FALSE(ValidCuedGroupedPhone("2021 03 12")) << "a date";
  EXPECT_FALSE(ValidCuedGroupedPhone("600 555 123")) << "shaped like an amount";
  EXPECT_TRUE(ValidThousandsGroupedPhone("600 555 123"));
  EXPECT_TRUE(ValidThousandsGroupedPhone("12 500 000"));
  EXPECT_FALSE(ValidThousandsGroupedPhone("612 55 53 04"));
  EXPECT_FALSE(ValidCuedGroupedPhone("555 01 2")) << "six digits";
  EXPECT_FALSE(ValidCuedGroupedPhone("1234 5678 9012 3")) << "thirteen digits";
  EXPECT_FALSE(ValidCuedGroupedPhone("12 03 2021")) << "a date";
  EXPECT_FALSE(ValidCuedGroupedPhone("1630-1830")) << "opening hours";
  EXPECT_TRUE(ValidDayMonth("12/03"));
  EXPECT_TRUE(ValidDayMonth("03/25")) << "month first";
  EXPECT_FALSE(ValidDayMonth("13/13"));
  EXPECT_FALSE(ValidDayMonth("07/10")) << "a score out of ten";
  EXPECT_TRUE(ValidDayMonth("9/3")) << "one digit";
  EXPECT_TRUE(ValidDayMonth("12/7")) << "two digits";
  EXPECT_FALSE(ValidDayMonth("3/12")) << "three months";
  EXPECT_FALSE(ValidDayMonth("3/7")) << "three days";
  EXPECT_TRUE(ValidDayMonth("6.5.")) << "German, with its closing dot";
  EXPECT_FALSE(ValidDayMonth("7/10")) << "a score out of ten";
  EXPECT_FALSE(ValidDayMonth("2/52")) << "two weeks";
  EXPECT_FALSE(ValidDayMonth("31/02"));
  EXPECT_FALSE(ValidDayMonth("123/4"));
  EXPECT_FALSE(ValidDayMonth("1/2/3"));
  EXPECT_TRUE(ValidDayMonthOpeningRange("02.04")) << "a fraction alone, a day beside a full date";
  EXPECT_TRUE(ValidDayMonthOpeningRange("3/4"));
  EXPECT_FALSE(ValidDayMonthOpeningRange("31/02"));
  EXPECT_FALSE(ValidDayMonthOpeningRange("13/13"));
  EXPECT_FALSE(ValidDayMonthOpeningRange("1/2/3"));
  EXPECT_TRUE(ValidTwoGroupTrunkPhone("06-12345678"));
  EXPECT_TRUE(ValidTwoGroupTrunkPhone("01632 960418"));
  EXPECT_FALSE(ValidTwoGroupTrunkPhone("01 23456")) << "seven digits";
  EXPECT_TRUE(ValidLocalPhone("555-0123"));
  EXPECT_TRUE(ValidLocalPhone("962-7873"));
  EXPECT_FALSE(ValidLocalPhone("830-1230")) << "opening hours";
  EXPECT_FALSE(ValidLocalPhone("800-1700")) << "opening hours";
  EXPECT_TRUE(ValidLocalPhone("212-1830")) << "not on the quarter hour: a number";
  EXPECT_TRUE(ValidBracketedAreaPhone("(11) 91234-5678"));
  EXPECT_TRUE(ValidBracketedAreaPhone("(11) 5555-0123"));
  EXPECT_FALSE(ValidBracketedAreaPhone("(10) 1234-1245")) << "a page range";
  EXPECT_FALSE(ValidBracketedAreaPhone("(12) 2019-2020")) << "years";
  EXPECT_FALSE(ValidBracketedAreaPhone("(24) 0900-1700")) << "opening hours";
  EXPECT_TRUE(ValidSpelledPhone("six one seven, five five five, oh one nine three"));
  EXPECT_TRUE(ValidSpelledPhone("oh seven seven double oh, nine double oh, four six one")) << "eleven digits";
  EXPECT_TRUE(ValidSpelledPhone("five five five, oh one seven two, extension two oh four"));
  EXPECT_FALSE(ValidSpelledPhone("one two three four five six")) << "six digits";
  EXPECT_FALSE(ValidSpelledPhone("five five, extension two oh four one two three")) << "the extension does not count";
  EXPECT_TRUE(ValidSpelledPhone("null eins sieben eins, zwei drei vier, fünf sechs eins acht"));
  EXPECT_FALSE(ValidSpelledPhone("eins zwei drei vier fünf sechs sieben acht")) << "counting";
  EXPECT_TRUE(ValidSpelledPhone("zéro six, trente-neuf, quatre-vingt-dix-huit, douze, zéro sept")) << "pairs";
  EXPECT_TRUE(ValidSpelledPhone("zéro un, vingt-et-un, soixante-dix, quatre-vingts, seize"));
  EXPECT_FALSE(ValidSpelledPhone("trente-neuf, douze, seize")) << "six digits in three pairs";
  EXPECT_FALSE(ValidSpelledPhone("dix, onze, douze, treize, quatorze")) << "counting in pairs";
  EXPECT_FALSE(ValidSpelledPhone("dix, douze, quatorze, seize, dix-huit")) << "pairs in steps";
  EXPECT_FALSE(ValidSpelledPhone("null null null null null null null")) << "zeros alone";
  EXPECT_TRUE(ValidSpelledPhone("five five five, five five five five")) << "one digit throughout, as a number";
  EXPECT_TRUE(ValidDayMonthRange("13/11 → 14/11"));
  EXPECT_TRUE(ValidDayMonthRange("11/13 - 11/14")) << "month first, both";
  EXPECT_FALSE(ValidDayMonthRange("13/11 - 11/14")) << "read different ways round";
  EXPECT_FALSE(ValidDayMonthRange("3/5 - 4/5")) << "muscle power";
  EXPECT_TRUE(ValidCompactDate("20241114"));
  EXPECT_FALSE(ValidCompactDate("20241314"));
  EXPECT_FALSE(ValidCompactDate("2024111"));
  EXPECT_TRUE(ValidCompactDate("120985")) << "day, month, two-digit year";
  EXPECT_TRUE(ValidCompactDate("091285")) << "month first";
  EXPECT_FALSE(ValidCompactDate("123456"));
  EXPECT_TRUE(ValidCompactDate("850912")) << "two-digit year, month, day";
  EXPECT_TRUE(ValidCompactDate("03031950")) << "day, month, year";
  EXPECT_FALSE(ValidCompactDate("13131950"));
  EXPECT_TRUE(ValidShapedPhone("333 123 4567"));
  EXPECT_FALSE(ValidShapedPhone("10 2023 2024")) << "years";
  EXPECT_FALSE(ValidShapedPhone("1800 250 000")) << "a round amount";
  EXPECT_FALSE(ValidShapedPhone("250 100 1000")) << "round counts";
  EXPECT_TRUE(ValidSpacedLocalPhone("555 0142"));
  EXPECT_FALSE(ValidSpacedLocalPhone("450 2023")) << "a count and a year";
  EXPECT_TRUE(ValidWeekdayDate("Tue 11/06"));
  EXPECT_TRUE(ValidWeekdayDate("Thu 14th"));
  EXPECT_TRUE(ValidWeekdayDate("Tuesday, 4/14/87"));
  EXPECT_FALSE(ValidWeekdayDate("Sats 94/96"));
  EXPECT_TRUE(ValidWeekdayDate("Wed 3/4")) << "beside a weekday, not a fraction";
  EXPECT_FALSE(ValidWeekdayDate("Mon 13/13"));
  EXPECT_FALSE(ValidCuedGroupedPhone("2024-0517-88")) << "an order number that starts with its year";
  EXPECT_TRUE(ValidCuedGroupedPhone("2024 0517 88")) << "the same digits in spaced groups";
  EXPECT_TRUE(HasDigit("ab1"));
  EXPECT_FALSE(HasDigit("abc"));
  EXPECT_TRUE(ValidPostcode("HG1 2AB"));
  EXPECT_TRUE(ValidPostcode("D02 X285"));
  EXPECT_FALSE(ValidPostcode("B2 3RD")) << "a floor";
  EXPECT_FALSE(ValidPostcode("A4 1ST")) << "a row";
  EXPECT_FALSE(ValidPostcode("HG12AB")) << "no space";
  EXPECT_TRUE(ValidNhsNumber("943 476 5919"));
  EXPECT_TRUE(ValidNhsNumber("9434765919"));
  EXPECT_FALSE(ValidNhsNumber("943 476 5918")) << "wrong check digit";
  EXPECT_FALSE(ValidNhsNumber("943 476 591")) << "nine digits";
}

TEST(Validators, VanityPhoneHasSevenOrEightLettersAndDigitsAfterTheCode) {
  EXPECT_TRUE(ValidVanityPhone("1-877-NURSE-4U"));
  EXPECT_TRUE(ValidVanityPhone("1-800-FLOWERS"));
  EXPECT_TRUE(ValidVanityPhone("800-CONTACTS"));
  EXPECT_FALSE(ValidVanityPhone("800-555-1234"));      // no letters: an ordinary number, read elsewhere
  EXPECT_FALSE(ValidVanityPhone("800-AB-12"));         // too short
  EXPECT_FALSE(ValidVanityPhone("1-800-FLOWERSHOP"));  // too long
}

TEST(Validators, EightDigitPhoneIsNoPairOfYears) {
  EXPECT_TRUE(ValidEightDigitPhone("9388 1427"));
  EXPECT_TRUE(ValidEightDigitPhone("2568 3310"));
  EXPECT_FALSE(ValidEightDigitPhone("2023 2024"));
  EXPECT_FALSE(ValidEightDigitPhone("3310 1999"));
}

TEST(Validators, FiveFiveMobileIsNoPairOfNeighbouringCodes) {
  EXPECT_TRUE(ValidFiveFiveMobile("98110 42837"));
  EXPECT_TRUE(ValidFiveFiveMobile("98450 17734"));
  EXPECT_FALSE(ValidFiveFiveMobile("60601 60602"));
  EXPECT_FALSE(ValidFiveFiveMobile("94103 94107"));
}

TEST(Validators, TenDigitsAreAnIndianMobileOnlyIfNoNhsNumberNorRound) {
  EXPECT_TRUE(ValidNhsNumber("9434765919"));
  EXPECT_FALSE(ValidTenDigitMobile("9434765919"));
  EXPECT_FALSE(ValidTenDigitMobile("9000000000"));
  EXPECT_TRUE(ValidTenDigitMobile("9876012345"));
}

TEST(Validators, LookupByConfigName) {
  EXPECT_EQ(FindValidator("luhn"), &ValidLuhn);
  EXPECT_EQ(FindValidator("iban"), &ValidIban);
  EXPECT_EQ(FindValidator("no_such_rule"), nullptr);
  // The names an error message offers are exactly the ones the lookup knows.
  const std::string names = ValidatorNames();
  std::size_t listed = 0;
  for (std::size_t start = 0; start < names.size(); ++listed) {
    std::size_t end = names.find(", ", start);
    if (end == std::string::npos) end = names.size();
    EXPECT_NE(FindValidator(names.substr(start, end - start)), nullptr) << names.substr(start, end - start);
    start = end + 2;
  }
  EXPECT_EQ(listed, 33u) << names;
  EXPECT_NE(names.find("day_month"), std::string::npos);
}

}  // namespace
}  // namespace leakgate::scrub
