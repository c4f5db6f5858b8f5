#include "scrub/scrubber.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <re2/re2.h>
#include <stdlib.h>

#include <cctype>
#include <string>
#include <vector>

#include "scrub/names.h"
#include "scrub/recognizers.h"
#include "scrub/report.h"

namespace leakgate::scrub {
namespace {

// The values of the findings in `text` whose `field` (their type or their recognizer) is `value`.
std::vector<std::string> FoundWhere(const Scrubber& scrubber, std::string_view text, std::string Finding::*field,
                                    std::string_view value) {
  std::vector<std::string> values;
  for (const Finding& f : scrubber.Find(text)) {
    if (f.*field == value) values.emplace_back(text.substr(f.start, f.end - f.start));
  }
  return values;
}

std::vector<std::string> Found(const Scrubber& scrubber, std::string_view text, const std::string& type) {
  return FoundWhere(scrubber, text, &Finding::type, type);
}

std::vector<std::string> FoundBy(const Scrubber& scrubber, std::string_view text, std::string_view recognizer) {
  return FoundWhere(scrubber, text, &Finding::recognizer, recognizer);
}

struct RecognizerCase {
  std::string text;
  std::string type;
  std::string value;  // empty: nothing of this type may be found
};

class Recognizers : public ::testing::TestWithParam<RecognizerCase> {};

TEST_P(Recognizers, FindsExactlyTheExpectedValue) {
  static const Scrubber scrubber(ScrubConfig{});
  const RecognizerCase& c = GetParam();
  std::vector<std::string> found = Found(scrubber, c.text, c.type);
  if (c.value.empty()) {
    EXPECT_TRUE(found.empty()) << c.text << " -> " << (found.empty() ? "" : found[0]);
  } else {
    EXPECT_EQ(found, std::vector<std::string>{c.value}) << c.text;
  }
}

INSTANTIATE_TEST_SUITE_P(
    All, Recognizers,
    ::testing::Values(
        RecognizerCase{"write to jane.doe+tag@mail.example.org today", "EMAIL", "jane.doe+tag@mail.example.org"},
        RecognizerCase{"user@localhost is not an address", "EMAIL", ""},
        RecognizerCase{"call (212) 555-0187 now", "PHONE", "(212) 555-0187"},
        RecognizerCase{"call 212.555.0187 now", "PHONE", "212.555.0187"},
        RecognizerCase{"call +1 212 555 0187 now", "PHONE", "+1 212 555 0187"},
        RecognizerCase{"ring +44 20 7946 0958 please", "PHONE", "+44 20 7946 0958"},
        RecognizerCase{"fax: 2125550187", "PHONE", "2125550187"},
        RecognizerCase{"the year 1999 and 2000", "PHONE", ""},
        // Numbers as people write them outside the US: a trunk 0 or an international 00, with a cue before them.
        RecognizerCase{"pls ring him back on 07700 900461 after 5", "PHONE", "07700 900461"},
        RecognizerCase{"Tel. 030/555 21 87, Praxis", "PHONE", "030/555 21 87"},
        RecognizerCase{"call the clinic on (02) 5550 1234", "PHONE", "(02) 5550 1234"},
        RecognizerCase{"portable : 06.55.55.43.21", "PHONE", "06.55.55.43.21"},
        RecognizerCase{"best number 0044 20 7946 0314", "PHONE", "0044 20 7946 0314"},
        RecognizerCase{"mobile 07700900123", "PHONE", "07700900123"},
        // Calling verbs in their other forms are cues too; a conference PIN after a dial-in number is not a phone.
        RecognizerCase{"To reschedule call 920 005 512.", "PHONE", "920 005 512"},
        RecognizerCase{"paged Dr Nguyen on 555-0127 re K 5.9", "PHONE", "555-0127"},
        RecognizerCase{"See page 345-1234 of the manual.", "PHONE", ""},
        RecognizerCase{"I rang (01) 555 0917 four times.", "PHONE", "(01) 555 0917"},
        RecognizerCase{"Happy to be contacted on 07 555 0123. Thanks", "PHONE", "07 555 0123"},
        RecognizerCase{"Dial-in: +65 6555 0123, PIN 448 120 37#", "PHONE", "+65 6555 0123"},
        RecognizerCase{"The loop is called 100 000 times per frame.", "PHONE", ""},
        RecognizerCase{"The fund issued a capital call of 25 000 000 EUR.", "PHONE", ""},
        RecognizerCase{"The store rang up 12 500 000 in sales", "PHONE", ""},
        RecognizerCase{"Please call Li Pin 138 2001 4567 tomorrow.", "PHONE", "138 2001 4567"},
        // Cue words in other languages, and "home"/"alt" lines of a contact list.
        RecognizerCase{"Telefon: 0221 555 01 87", "PHONE", "0221 555 01 87"},
        RecognizerCase{"teléfono 0912 555 012", "PHONE", "0912 555 012"},
        RecognizerCase{"wife (home) 0114 496 0555", "PHONE", "0114 496 0555"},
        RecognizerCase{"kom. 0601 555 123", "PHONE", "0601 555 123"},
        RecognizerCase{"電話 03-5555-0100", "PHONE", "03-5555-0100"},
        // In three or more groups with 10 to 15 digits, a national number needs no cue; an identifier keeps its own.
        RecognizerCase{"her brother 0113 496 0771 has the keys", "PHONE", "0113 496 0771"},
        RecognizerCase{"joignable au 04 91 55 50 18 le soir", "PHONE", "04 91 55 50 18"},
        RecognizerCase{"the ward (020) 7946 0345 overnight", "PHONE", "(020) 7946 0345"},
        RecognizerCase{"NDC 0093-7180-56 was substituted", "PHONE", ""},
        RecognizerCase{"Account number 0045 8821 9930 shows", "PHONE", ""},
        RecognizerCase{"Account number 0045 8821 9930 shows", "ACCOUNT", "0045 8821 9930"},
        RecognizerCase{"between 01 02 2023 and 05 02 2023", "PHONE", ""},
        RecognizerCase{"office hours 0830-1630 daily", "PHONE", ""},
        RecognizerCase{"home health visits 0800 - 1000", "PHONE", ""},
        RecognizerCase{"office 0830 1630 999", "PHONE", "0830 1630 999"},
        RecognizerCase{"lot 0123 4567 expires", "PHONE", ""},
        RecognizerCase{"dose 0.5 mg twice a day", "PHONE", ""},
        RecognizerCase{"seen on 01/02/2023 by the team", "PHONE", ""},
        RecognizerCase{"Monitoring ID 12345678901 and spring order 1234567890", "PHONE", ""},
        // Without a trunk 0, a number in groups is a phone number only after a cue, and not when a group is a year.
        RecognizerCase{"Bisocard 5 mg, kom. 600 555 123 po południu", "PHONE", "600 555 123"},
        RecognizerCase{"Tel 612 55 53 04 (home)", "PHONE", "612 55 53 04"},
        RecognizerCase{"we shipped 600 555 123 units", "PHONE", ""},
        RecognizerCase{"call about the 1998 2001 2003 releases", "PHONE", ""},
        RecognizerCase{"phone log from 12 03 2021 onwards", "PHONE", ""},
        RecognizerCase{"updates on 612 55 53 04, said the phone notes", "PHONE", ""},
        RecognizerCase{"call her on 138 2001 4567 tonight", "PHONE", "138 2001 4567"},
        // Groups of three are also amounts: that shape needs a cue that names a phone.
        RecognizerCase{"the number of users grew to 12 500 000 this year", "PHONE", ""},
        // A trunk 0 and one more group, mobiles without separators, bracketed two-digit area codes, the Russian
        // trunk 8 and local numbers with an extension are phones by their shape; other short shapes need a cue.
        RecognizerCase{"Bel even terug op 06-12345678 als de uitslag", "PHONE", "06-12345678"},
        RecognizerCase{"Tuma pesa kwa 0712 345678 (M-Pesa)", "PHONE", "0712 345678"},
        RecognizerCase{"0112,B2,9,Tunde Bakare,08055501234,C1", "PHONE", "08055501234"},
        RecognizerCase{"Celular: (11) 91234-5678 / whatever", "PHONE", "(11) 91234-5678"},
        RecognizerCase{"ЧСС 92. Тел. 8 (916) 555-01-23.", "PHONE", "8 (916) 555-01-23"},
        // Written in the third pair of independent sets' styles: Russian, Turkish, Korean, French, Egyptian, Chinese.
        RecognizerCase{"доб. 214, моб. 8 916 123-45-67. Счёт", "PHONE", "8 916 123-45-67"},
        RecognizerCase{"randevu için 0 (532) 123 45 67 numaralı", "PHONE", "0 (532) 123 45 67"},
        RecognizerCase{"회사 전화 02-123-4567 내선 305. 주문번호", "PHONE", "02-123-4567 내선 305"},
        RecognizerCase{"Lot 04-221-0098 expires soon", "PHONE", ""},
        RecognizerCase{"depuis l'étranger 0033 6 39 98 12 07. Contrat", "PHONE", "0033 6 39 98 12 07"},
        RecognizerCase{"快递员李师傅，电话13955501234，取件码", "PHONE", "13955501234"},
        RecognizerCase{"cust mob 9876501234 alt", "PHONE", "9876501234"},
        // Indian mobiles in two groups of five, near a phone cue; not a decimal's digits or a range.
        RecognizerCase{"Contact Mrs Kapoor 98110 55012 (after 6 pm)", "PHONE", "98110 55012"},
        RecognizerCase{"mobile no. of son Vikram is 98480 22107, GCS 15/15", "PHONE", "98480 22107"},
        RecognizerCase{"ratio 0.98110 55012 and 3:98480 22107", "PHONE", ""},
        RecognizerCase{"invoice 12345 67890 and 55012 98110", "PHONE", ""},
        // Without a cue the shape is ZIP codes, ports, a range or a random-number table (the review's cases).
        RecognizerCase{"Delivery ZIPs: 94103 94107 94110 and 60601 60602", "PHONE", ""},
        RecognizerCase{"ports 60000-65535, table 10097 32533 76520 13586", "PHONE", ""},
        RecognizerCase{"Tracking no. 12345 67890 12345", "PHONE", ""},
        // Digits of other scripts are read as the ASCII ones; the value found is the text as written.
        RecognizerCase{"للتواصل: أحمد سمير ٠١٠ ١٢٣٤ ٥٦٧٨ أو", "PHONE", "٠١٠ ١٢٣٤ ٥٦٧٨"},
        RecognizerCase{"तारीख: १५/०३/२०२४, फ़ोन: ९८११० ५५०१२", "PHONE", "९८११० ५५०१२"},
        RecognizerCase{"الصفحة ٣ من ١٢", "PHONE", ""},
        RecognizerCase{"تاريخ الميلاد: ١٥/٠٣/١٩٨٧ ، الملف", "DATE", "١٥/٠٣/١٩٨٧"},
        RecognizerCase{"予約日：２０２４年３月１５日（金）", "DATE", "２０２４年３月１５日（金）"},
        // Full-width punctuation in numbers reads as ASCII, with full-width digits or ASCII ones.
        RecognizerCase{"電話：03－1234－5678 まで", "PHONE", "03－1234－5678"},
        RecognizerCase{"電話：０３－１２３４－５６７８ まで", "PHONE", "０３－１２３４－５６７８"},
        RecognizerCase{"生年月日：２０２４／３／１５", "DATE", "２０２４／３／１５"},
        // Greek months in capitals, Hungarian abbreviated months, Lithuanian "mėn.".
        RecognizerCase{"Ημερομηνία: 15 ΜΑΡΤΙΟΥ 2024, ώρα 10:00", "DATE", "15 ΜΑΡΤΙΟΥ 2024"},
        RecognizerCase{"Időpont: 2024. márc. 15. 10 óra", "DATE", "2024. márc. 15"},
        RecognizerCase{"Data: 2024 m. kovo mėn. 15 d. 10 val.", "DATE", "2024 m. kovo mėn. 15 d."},
        RecognizerCase{"موعد المراجعة يوم الجمعة 15 مارس 2024 الساعة 10", "DATE", "15 مارس 2024"},
        RecognizerCase{"الموعد ١٢ أيلول ٢٠٢٤ في العيادة", "DATE", "١٢ أيلول ٢٠٢٤"},
        // Dates in the other languages of the European Union.
        RecognizerCase{"Ραντεβού στις 15 Μαρτίου 2024 στο ιατρείο", "DATE", "15 Μαρτίου 2024"},
        RecognizerCase{"Среща на 15 март 2024 г. в клиниката", "DATE", "15 март 2024"},
        RecognizerCase{"Návštěva 15. března 2024 v ordinaci", "DATE", "15. března 2024"},
        RecognizerCase{"Vizit 2024. március 15-én a rendelőben", "DATE", "2024. március 15"},
        RecognizerCase{"Vizitas 2024 m. kovo 15 d. poliklinikoje", "DATE", "2024 m. kovo 15 d."},
        RecognizerCase{"Käynti 15. maaliskuuta 2024 klo 10", "DATE", "15. maaliskuuta 2024"},
        RecognizerCase{"Besøg den 15. marts 2024 kl. 10", "DATE", "15. marts 2024"},
        RecognizerCase{"Pregled 15. ožujka 2024. u 10 sati", "DATE", "15. ožujka 2024"},
        RecognizerCase{"Apmeklējums 2024. gada 15. martā", "DATE", "2024. gada 15. martā"},
        RecognizerCase{"Návštěva 15.března 2024 v ordinaci", "DATE", "15.března 2024"},
        // Without a year, their month names are as often names and words; a year-first date is lower case.
        RecognizerCase{"Team: 2 Julija Novak, 12 Augusta Street", "DATE", ""},
        RecognizerCase{"Влак 7 август, стая 4 април", "DATE", ""},
        RecognizerCase{"It rained in 2023. December 5 was dry.", "DATE", "December 5"},
        RecognizerCase{"Külastus 15. märtsil 2024", "DATE", "15. märtsil 2024"},
        RecognizerCase{"Budget 2024. december, version 3", "DATE", ""},
        // Tax and customer numbers right after their own label are not phones, cue or no cue before them; a phone cue
        // after a word that is also a label still counts (the review's cases: "nie" and "dni" are Polish words).
        RecognizerCase{"kom. 601 234 567. NIP 123-456-32-18, faktura", "PHONE", "601 234 567"},
        RecognizerCase{"Tel. 0171/2345618. Kundennr. 100 482 731, Rechnung", "PHONE", "0171/2345618"},
        RecognizerCase{"(cel) o al fijo. DNI 28.345.612 para la factura", "PHONE", ""},
        RecognizerCase{"Pacjent nie odbiera, tel. 601 234 567", "PHONE", "601 234 567"},
        RecognizerCase{"Kontrola za 14 dni, tel. 601 234 567", "PHONE", "601 234 567"},
        RecognizerCase{"For order queries call 612 55 53 04", "PHONE", "612 55 53 04"},
        RecognizerCase{"btw here's my cell 612 55 53 04", "PHONE", "612 55 53 04"},
        RecognizerCase{"Build 0012 3 4 5 of the tool", "PHONE", ""},
        RecognizerCase{"Mobility ref 1234567890", "PHONE", ""},
        RecognizerCase{"Fødselsnummer: 01057512345", "PHONE", ""},
        RecognizerCase{"message at the front desk, 555-0100 ext 204, ref", "PHONE", "555-0100 ext 204"},
        RecognizerCase{"call 555-0123 re: invoice 4471", "PHONE", "555-0123"},
        RecognizerCase{"Ph 9876 5432 (work hrs)", "PHONE", "9876 5432"},
        RecognizerCase{"Cel: 55 1234 5678 o al fijo", "PHONE", "55 1234 5678"},
        RecognizerCase{"we shipped 9876 5432 units", "PHONE", ""},
        RecognizerCase{"call us, open 830-1230 daily", "PHONE", ""},
        RecognizerCase{"Tel: at the desk. Order #2024-0517-88, qty 3", "PHONE", ""},
        RecognizerCase{"rebate 455-1234 applied", "PHONE", ""},
        // Numbers read out in words after a phone cue; toll-free numbers with letters; a bracketed trunk code.
        RecognizerCase{"my number is five five five, oh one seven two, extension two oh four, it's about",
                       "PHONE", "five five five, oh one seven two, extension two oh four"},
        RecognizerCase{"my number's oh seven seven double oh, nine double oh, four six one, that's the mob",
                       "PHONE", "oh seven seven double oh, nine double oh, four six one"},
        RecognizerCase{"one two three four five six seven, counted the child", "PHONE", ""},
        RecognizerCase{"Call 1-800-FLOWERS today", "PHONE", "1-800-FLOWERS"},
        RecognizerCase{"Surgery: (01632) 960123 Out of hours", "PHONE", "(01632) 960123"},
        // Look-alikes a review found: reference numbers, times, tax numbers, page ranges, measurements.
        RecognizerCase{"Fax (02) 5550 1299 · ABN 51 824 753 556", "PHONE", "(02) 5550 1299"},
        RecognizerCase{"Invoice 0123-456789 paid", "PHONE", ""},
        RecognizerCase{"at 10:30:05 12345678 bytes", "PHONE", ""},
        RecognizerCase{"CPF 08912345678 conferido", "PHONE", ""},
        RecognizerCase{"Lancet 395 (10) 1234-1245", "PHONE", ""},
        RecognizerCase{"Senior Engineer (12) 2019-2020", "PHONE", ""},
        RecognizerCase{"pH 7.4 measured 2345 6789 samples", "PHONE", ""},
        RecognizerCase{"widths 320-1920 x 1080", "PHONE", ""},
        RecognizerCase{"try 400-4000 IU vitamin D", "PHONE", ""},
        RecognizerCase{"call 555-1234 today", "PHONE", "555-1234"},
        // A second review's look-alikes.
        RecognizerCase{"text length 200-4000 characters", "PHONE", ""},
        RecognizerCase{"API call latency 300-5000 ms", "PHONE", ""},
        RecognizerCase{"Part 800-1234567 in stock", "PHONE", ""},
        RecognizerCase{"IBUPROFEN 800 TABLETS DISPENSED", "PHONE", ""},
        RecognizerCase{"try counting one two three four five six seven eight nine ten", "PHONE", ""},
        RecognizerCase{"Tracking number: 08123456789", "PHONE", ""},
        RecognizerCase{"Phone enquiries welcome. A.B.N. 51 824 753 556", "PHONE", ""},
        RecognizerCase{"Mobile 2000-3000 users", "PHONE", ""},
        RecognizerCase{"SSN 123-45-6789.", "SSN", "123-45-6789"},
        RecognizerCase{"social security number: 123456789", "SSN", "123456789"},
        RecognizerCase{"part 666-45-6789 is not valid", "SSN", ""},
        RecognizerCase{"hotline 1-300-55-5234 for help", "SSN", ""},
        RecognizerCase{"hotline 1-300-55-5234 for help", "PHONE", "1-300-55-5234"},
        RecognizerCase{"SSN:123-45-6789, DOB", "SSN", "123-45-6789"},
        RecognizerCase{"service client ou 0 800 55 51 23 (gratuit)", "PHONE", "0 800 55 51 23"},
        RecognizerCase{"Довідка: 0 800 555 500", "PHONE", "0 800 555 500"},
        RecognizerCase{"Total 10 0 800 55 51 23 units", "PHONE", ""},
        RecognizerCase{"İptal için 444 1 234. Poliklinik 3", "PHONE", "444 1 234"},
        RecognizerCase{"Stok 444 1 234 56 adet", "PHONE", ""},
        RecognizerCase{"Tk 2,500.00 sent to 01912-555018 successfully", "PHONE", "01912-555018"},
        RecognizerCase{"Part 201912-555018 shipped", "PHONE", ""},
        RecognizerCase{"배송 문의: 1588-5555 / 기사님", "PHONE", "1588-5555"},
        RecognizerCase{"Order 1588-5555 shipped", "PHONE", ""},
        RecognizerCase{"gabinet 14. Odwołanie: 22 555 81 40 lub SMS", "PHONE", "22 555 81 40"},
        RecognizerCase{"Biuro obsługi klienta, 22 555 81 40, czynne od 8", "PHONE", "22 555 81 40"},
        RecognizerCase{"Smith 34 180 75 22 kg", "PHONE", ""},
        RecognizerCase{"Section 444 2 100 of the code", "PHONE", ""},
        RecognizerCase{"Invoice 01500-000123 is overdue", "PHONE", ""},
        RecognizerCase{"In case of problems 01912-555018 call us", "PHONE", "01912-555018"},
        RecognizerCase{"Mob01912-555018 anytime", "PHONE", "01912-555018"},
        RecognizerCase{"콜센터 1588-5555 운영", "PHONE", "1588-5555"},
        RecognizerCase{"Office hours: 1500-1700 Mon to Fri.", "PHONE", ""},
        RecognizerCase{"Llama-3-8B 66.60 45.30 79.60 on three benchmarks", "PHONE", ""},
        RecognizerCase{"Totals 1 22 555 81 40 and 22 555 81 40 12", "PHONE", ""},
        RecognizerCase{"Rui Carvalho, tlm. 912 555 073.", "PHONE", "912 555 073"},
        RecognizerCase{"llame a la oficina 93 555 07 12.", "PHONE", "93 555 07 12"},
        RecognizerCase{"Helpline: 800 5555 (24/7)", "PHONE", "800 5555"},
        RecognizerCase{"give us a buzz on oh seven, eight three nine, five five five oh. Ka kite", "PHONE",
                       "oh seven, eight three nine, five five five oh"},
        RecognizerCase{"MRN: 00482913", "MRN", "00482913"},
        RecognizerCase{"medical record number is A-2245193", "MRN", "A-2245193"},
        RecognizerCase{"Member ID XJH448291023", "HEALTH_PLAN", "XJH448291023"},
        RecognizerCase{"account # 0012345678", "ACCOUNT", "0012345678"},
        RecognizerCase{"driver's license D1234567", "LICENSE", "D1234567"},
        RecognizerCase{"License: GPL-2+", "LICENSE", ""},
        RecognizerCase{"VIN 1HGCM82633A004352", "VIN", "1HGCM82633A004352"},
        RecognizerCase{"license plate 7ABC123", "PLATE", "7ABC123"},
        RecognizerCase{"serial number PM-44821-AX", "DEVICE_ID", "PM-44821-AX"},
        RecognizerCase{"mac 00:1A:2B:3C:4D:5E", "DEVICE_ID", "00:1A:2B:3C:4D:5E"},
        RecognizerCase{"see https://example.org/a?b=1).", "URL", "https://example.org/a?b=1"},
        RecognizerCase{"see www.example.com/x.", "URL", "www.example.com/x"},
        RecognizerCase{"from 10.0.0.254 to", "IP_ADDRESS", "10.0.0.254"},
        RecognizerCase{"version 300.1.2.3", "IP_ADDRESS", ""},
        RecognizerCase{"host 2001:db8::8a2e:370:7334 up", "IP_ADDRESS", "2001:db8::8a2e:370:7334"},
        RecognizerCase{"at 12:30:45 sharp", "IP_ADDRESS", ""},
        RecognizerCase{"card 4111 1111 1111 1111 exp", "CREDIT_CARD", "4111 1111 1111 1111"},
        RecognizerCase{"card 4111 1111 1111 1112 exp", "CREDIT_CARD", ""},
        RecognizerCase{"IBAN DE89 3704 0044 0532 0130 00.", "IBAN", "DE89 3704 0044 0532 0130 00"},
        RecognizerCase{"DOB 03/14/1952.", "DATE", "03/14/1952"},
        RecognizerCase{"on March 3, 2021 we", "DATE", "March 3, 2021"},
        RecognizerCase{"on 14-Mar-2021 we", "DATE", "14-Mar-2021"},
        RecognizerCase{"in the year 1984 alone", "DATE", ""},
        // Dates in other languages and scripts, and dotted ISO dates.
        RecognizerCase{"vu le 15 mars 2019 au cabinet", "DATE", "15 mars 2019"},
        RecognizerCase{"Fecha de alta: 1 de septiembre de 2023.", "DATE", "1 de septiembre de 2023"},
        RecognizerCase{"Vaccin reçu le 1er juillet 2023", "DATE", "1er juillet 2023"},
        RecognizerCase{"Hasta 12 Mart 2024 tarihinde", "DATE", "12 Mart 2024"},
        RecognizerCase{"入院日：2024年3月15日。", "DATE", "2024年3月15日"},
        RecognizerCase{"records dated 2024년 2월 14일 attached", "DATE", "2024년 2월 14일"},
        RecognizerCase{"admitted 2024.01.08, discharged", "DATE", "2024.01.08"},
        RecognizerCase{"release 2023.10.1 shipped", "DATE", ""},
        RecognizerCase{"Echo 20-JUN-23: LVEF 45%", "DATE", "20-JUN-23"},
        RecognizerCase{"review Wed 3rd, fasting", "DATE", "Wed 3rd"},
        RecognizerCase{"clinic list Friday 12/09 at 9", "DATE", "Friday 12/09"},
        RecognizerCase{"the paper of Tuesday, 4/14/87.", "DATE", "Tuesday, 4/14/87"},
        RecognizerCase{"Next: Sept. '24.", "DATE", "Sept. '24"},
        RecognizerCase{"seen Jan ’25 last", "DATE", "Jan ’25"},
        RecognizerCase{"Kontrol 3 NİSAN 2024", "DATE", "3 NİSAN 2024"},
        RecognizerCase{"caller dob june 2nd 1977 confirmed", "DATE", "june 2nd 1977"},
        RecognizerCase{"seen on the 3rd of march 2021 again", "DATE", "3rd of march 2021"},
        RecognizerCase{"they march 12 miles in 2020", "DATE", ""},
        RecognizerCase{"the Sun 40th anniversary", "DATE", ""},
        RecognizerCase{"Kontrol 12 ŞUBAT 2024 tarihinde", "DATE", "12 ŞUBAT 2024"},
        RecognizerCase{"vu le 3 FÉVRIER 2021", "DATE", "3 FÉVRIER 2021"},
        RecognizerCase{"the Mars rover landed", "DATE", ""},
        RecognizerCase{"the Mars 2020 rover landed", "DATE", ""},
        RecognizerCase{"Mission: Mars 2020 rover; Speed: may 2000 rpm; Budget: mart 2000 TL", "DATE", ""},
        RecognizerCase{"NASAのローバー Mars 2020は着陸した; Fotoğraf ürünü Mars 2020", "DATE", ""},
        RecognizerCase{"Оплата за октябрь 2000 руб.", "DATE", ""},
        RecognizerCase{"Період:березень 2024", "DATE", "березень 2024"},
        RecognizerCase{"Vi fandt mutationer i 12 gener; Kap 2 shkurt dhe qartë; Gwelwyd 2 hydref", "DATE", ""},
        RecognizerCase{"FY_2008-09_audit.docx, season_2011-12.csv, release_2024-01.3.tar.gz", "DATE", ""},
        RecognizerCase{"kontrola w grudniu 2022.", "DATE", "grudniu 2022"},
        RecognizerCase{"upgrade to version 2.1.3 now", "DATE", ""},
        RecognizerCase{"on 02/30/2021 (impossible)", "DATE", ""},
        // Short dotted dates after a word that introduces one; a version after "on" stays.
        RecognizerCase{"Entlassung am 9.4.21. Kontrolle", "DATE", "9.4.21"},
        RecognizerCase{"based on or incorporates Python 2.7.10", "DATE", ""},
        RecognizerCase{"I am on Python 3.10.12 now", "DATE", ""},
        RecognizerCase{"seit 1.2.3.10 installiert", "DATE", ""},
        RecognizerCase{"Kontrolle am 10.1.10.5 Uhr", "DATE", ""},
        // Day and month without a year: two digits each, after a cue, not a score out of ten.
        RecognizerCase{"dr sharma at the opd on 12/03 at 10:30 am", "DATE", "12/03"},
        RecognizerCase{"pain on exertion, 10/10 at rest", "DATE", ""},
        RecognizerCase{"seen 3/12 ago with the same", "DATE", ""},
        RecognizerCase{"Improvement seen in 11/12 patients", "DATE", ""},
        RecognizerCase{"based on 11/12 responses", "DATE", ""},
        RecognizerCase{"from 12/03/2021 to", "DATE", "12/03/2021"},
        RecognizerCase{"INR 4.2 on 21/6 → hold 2 doses", "DATE", "21/6"},
        RecognizerCase{"chute le 14/05 à 3h, Glasgow 15", "DATE", "14/05"},
        RecognizerCase{"seen 7/3 with mother", "DATE", "7/3"},
        RecognizerCase{"review 6/12 in clinic.", "DATE", ""},
        RecognizerCase{"review 3/7.", "DATE", ""},
        RecognizerCase{"power 4/5 in both legs", "DATE", ""},
        RecognizerCase{"premium $34.70/mo. F/U 5/21.", "DATE", "5/21"},
        RecognizerCase{"Consulta remarcada para 12/08, às 15h.", "DATE", "12/08"},
        RecognizerCase{"Urlaub bis 22/7, dann wieder da", "DATE", "22/7"},
        RecognizerCase{"añadir para 3/4 de taza y hasta 10/10.", "DATE", ""},
        RecognizerCase{"Bitte am 6.5. um 8 Uhr", "DATE", "6.5."},
        RecognizerCase{"Geb. 3.4.61, aufgenommen", "DATE", "3.4.61"},
        // Months in lower case and capitals, numeric months with a year, spaced numeric dates, weekdays in other
        // languages, Spanish abbreviated capitals and Russian months.
        RecognizerCase{"DATE OF ADMISSION: 12 JAN 2024 LOS", "DATE", "12 JAN 2024"},
        RecognizerCase{"Olu: i can if u take my 2nd aug", "DATE", "2nd aug"},
        RecognizerCase{"ontslag 12 nov.; Hb 7,8", "DATE", "12 nov."},
        RecognizerCase{"suivie depuis sept. 2021. HbA1c", "DATE", "sept. 2021"},
        RecognizerCase{"HbA1c 58 in 01/2024, down", "DATE", "01/2024"},
        RecognizerCase{"Vaccines: MMR 08.2019, Tdap", "DATE", "08.2019"},
        RecognizerCase{"DATE SIGNED: 14 / 05 / 2024 form", "DATE", "14 / 05 / 2024"},
        RecognizerCase{"přijat 4. 5. 2024, TK 150/95", "DATE", "4. 5. 2024"},
        RecognizerCase{"la cita es el martes 21 a las 4", "DATE", "martes 21"},
        RecognizerCase{"sinon mercredi 15/05 après 16h", "DATE", "mercredi 15/05"},
        RecognizerCase{"el asado es el sáb 3/8, traé", "DATE", "sáb 3/8"},
        RecognizerCase{"chama meeting ni Jumamosi 6/7 saa nane", "DATE", "Jumamosi 6/7"},
        RecognizerCase{"Riunione condominiale mer 4 ott ore 21:00", "DATE", "mer 4 ott"},
        RecognizerCase{"verjaardag van oma is za 14 sept, ze wordt 90", "DATE", "za 14 sept"},
        RecognizerCase{"KICK-OFF SAT 14 OCT 15:00", "DATE", "SAT 14 OCT"},
        RecognizerCase{"Afspraak di 5 mrt om 9.30 u.", "DATE", "di 5 mrt"},
        RecognizerCase{"택배가 7월 22일 도착 예정", "DATE", "7월 22일"},
        RecognizerCase{"예약 확인: 3월 15일 (금) 오후 7:30", "DATE", "3월 15일 (금)"},
        RecognizerCase{"Hạn nộp hồ sơ: 15 tháng 3 năm 2024. Lệ phí", "DATE", "15 tháng 3 năm 2024"},
        RecognizerCase{"uống 3 tháng 2 lần", "DATE", ""},
        RecognizerCase{"Sched ng binyag: Sabado, Hunyo 15, 10am", "DATE", "Sabado, Hunyo 15"},
        RecognizerCase{"Збір 25 серпня о 9:00", "DATE", "25 серпня"},
        RecognizerCase{"mezclar 1/2 taza para 2/3 de la masa", "DATE", ""},
        RecognizerCase{"Half the 20 samples were spoiled, so 10 may need retesting.", "DATE", ""},
        RecognizerCase{"So 10 may need retesting.", "DATE", ""},
        RecognizerCase{"Why do 2 dec places matter?", "DATE", ""},
        RecognizerCase{"Trento batte Modena per 3 set a 0, in vantaggio di 2 set a 0", "DATE", ""},
        RecognizerCase{"Mayo 2 tbsp, lemon juice", "DATE", ""},
        RecognizerCase{"Qualité de vie 7/10 selon le patient", "DATE", ""},
        RecognizerCase{"La mesure passe du 3/4 au 6/8.", "DATE", ""},
        RecognizerCase{"Vencimiento: 30-ABR-2024, importe", "DATE", "30-ABR-2024"},
        RecognizerCase{"поступила 5 мая. АД 140/90", "DATE", "5 мая"},
        RecognizerCase{"MAY 1988 BE A HAPPY YEAR", "DATE", ""},
        RecognizerCase{"children over 3 may need a booster", "DATE", ""},
        RecognizerCase{"martes 21.5 grados", "DATE", ""},
        RecognizerCase{"scan for the twenty-first of November at half nine", "DATE", "twenty-first of November"},
        RecognizerCase{"at his company's Fourth of July party", "DATE", ""},
        RecognizerCase{"FILLED: 14NOV24   DISCARD", "DATE", "14NOV24"},
        RecognizerCase{"hey r we still on for nov 14th?? i get off", "DATE", "nov 14th"},
        RecognizerCase{"CONFIRMED FOR NOVEMBER 18TH AT 10:15AM", "DATE", "NOVEMBER 18TH"},
        RecognizerCase{"DOS 20241114 | CLM 550021983", "DATE", "20241114"},
        RecognizerCase{"build 20231104 shipped", "DATE", ""},
        RecognizerCase{"Night handover 13/11 → 14/11 Rm 7", "DATE", "13/11 → 14/11"},
        RecognizerCase{"Power 3/5 → 4/5 in the left arm", "DATE", ""},
        RecognizerCase{"rota for w/c 14/11: Early 0700", "DATE", "14/11"},
        RecognizerCase{"Seen 14.11.24: L ankle sprain", "DATE", "14.11.24"},
        RecognizerCase{"né le 5 mai\u00a02024", "DATE", "5 mai"},
        RecognizerCase{"convert 10 dec to hex", "DATE", ""},
        RecognizerCase{"3 OCT scans today", "DATE", ""},
        RecognizerCase{"rate 19.9 APR variable", "DATE", ""},
        RecognizerCase{"Regulation (EU) No 10/2011 applies", "DATE", ""},
        RecognizerCase{"unit price 10.2000 each", "DATE", ""},
        RecognizerCase{"the march 2019 protest", "DATE", ""},
        RecognizerCase{"seen in march 2019 by", "DATE", "march 2019"},
        RecognizerCase{"Duke criteria: 2 maj, 1 min", "DATE", ""},
        RecognizerCase{"a segunda 2 vezes", "DATE", ""},
        RecognizerCase{"lunes 3 horas", "DATE", ""},
        RecognizerCase{"O2 sats 94/96 on air", "DATE", ""},
        RecognizerCase{"she sat 3rd in the race", "DATE", ""},
        RecognizerCase{"dose reduced to 1/2.", "DATE", ""},
        RecognizerCase{"VA: RV 6/9, LV 6/6", "DATE", ""},
        RecognizerCase{"lunes a viernes 9:00-18:00", "DATE", ""},
        RecognizerCase{"Broken since 3.11.10 of the driver", "DATE", ""},
        RecognizerCase{"VA improved 6/9 -> 6/6", "DATE", ""},
        RecognizerCase{"score 8/9 -> 9/9", "DATE", ""},
        RecognizerCase{"Ley Orgánica 10/1995 de protección", "DATE", ""},
        RecognizerCase{"Follow-up: no 12/2024 appointment", "DATE", "12/2024"},
        RecognizerCase{"over the fourth of July weekend", "DATE", ""},
        RecognizerCase{"A third of March's rainfall", "DATE", ""},
        RecognizerCase{"multiply by 5/8.", "DATE", ""},
        RecognizerCase{"the 3rd mar\u00adket share", "DATE", ""},
        RecognizerCase{"clinic Wed 3/4 am", "DATE", "Wed 3/4"},
        // A bare ordinal day after "on the" when nothing but punctuation or a conjunction follows.
        RecognizerCase{"Seen on the 2nd and again later", "DATE", "2nd"},
        RecognizerCase{"can do the audit on the 9th", "DATE", "9th"},
        RecognizerCase{"admitted on the 21st. Discharged", "DATE", "21st"},
        RecognizerCase{"was discharged on the 3rd but the letter", "DATE", "3rd"},
        RecognizerCase{"Surgery booked for Friday the 13th, NBM", "DATE", "Friday the 13th"},
        RecognizerCase{"cant do that, how about fri 7th? after 6", "DATE", "fri 7th"},
        RecognizerCase{"lives on the 2nd floor", "DATE", ""},
        RecognizerCase{"pain eased on the 3rd day", "DATE", ""},
        RecognizerCase{"lives on the 2nd and 3rd floors", "DATE", ""},
        RecognizerCase{"by the 3rd or 4th attempt", "DATE", ""},
        // Hijri dates.
        RecognizerCase{"(corresponding to 4 Dhul Qadah 1445).", "DATE", "4 Dhul Qadah 1445"},
        RecognizerCase{"born 12 Rabi al-Awwal 1400 AH in Medina", "DATE", "12 Rabi al-Awwal 1400 AH"},
        RecognizerCase{"Fasting for Ramadan, so Metformin", "DATE", ""},
        // A weekday right before a date is part of it, in any case and language, and so never read as a name.
        RecognizerCase{"wird am Mittwoch, den 17.07.2024 zugestellt", "DATE", "Mittwoch, den 17.07.2024"},
        RecognizerCase{"Reminder arisan: Minggu, 14 Juli 2024 jam 16.00", "DATE", "Minggu, 14 Juli 2024"},
        RecognizerCase{"Reminder: Minggu, 14 Juli 2024 jam 16.00", "NAME", ""},
        RecognizerCase{"wizyta ŚRODA, 3 lipca 2024 r.", "DATE", "ŚRODA, 3 lipca 2024"},
        RecognizerCase{"lịch hẹn Thứ Hai, 15/7/2024 lúc 8h30", "DATE", "Thứ Hai, 15/7/2024"},
        RecognizerCase{"flight Fri. 12 Jan 2024", "DATE", "Fri. 12 Jan 2024"},
        RecognizerCase{"Seen by Dr Okafor, 17.07.2024", "DATE", "17.07.2024"},
        RecognizerCase{"Seen by Dr Okafor, 17.07.2024", "NAME", "Okafor"},
        // A weekday that is someone's surname stays in the name, and the date is scrubbed whole.
        RecognizerCase{"Seen by Dr. Anna Freitag 12.03.2024 in clinic.", "NAME", "Anna Freitag"},
        RecognizerCase{"Seen by Dr. Anna Freitag 12.03.2024 in clinic.", "DATE", "12.03.2024"},
        RecognizerCase{"Note from Ms Friday, 12 Jan 2024", "DATE", "12 Jan 2024"},
        RecognizerCase{"Holidays: GoodFriday" + std::string(42, ' ') + "12/03/2024", "DATE", "12/03/2024"},
        RecognizerCase{"a 93-year-old woman", "AGE", "93"},
        RecognizerCase{"a 45-year-old woman", "AGE", ""},
        RecognizerCase{"lives at 42 Oak Street, Springfield, IL 62704", "ADDRESS", "42 Oak Street, Springfield, IL"},
        RecognizerCase{"lives at 42 Oak Street, Springfield, IL 62704", "ZIP", "62704"},
        RecognizerCase{"PO Box 4471 is ours", "ADDRESS", "PO Box 4471"},
        RecognizerCase{"Oficina en Avda. Diagonal 640, Barcelona", "ADDRESS", "Avda. Diagonal 640, Barcelona"},
        RecognizerCase{"Ritrovo in Piazzale Loreto 3, Milano", "ADDRESS", "Piazzale Loreto 3, Milano"},
        RecognizerCase{"zip code 30301-1234", "ZIP", "30301-1234"},
        RecognizerCase{"we sold 12345 units", "ZIP", ""},
        RecognizerCase{"Patient John Smith was seen", "NAME", "John Smith"},
        RecognizerCase{"seen by Dr. Okonkwo today", "NAME", "Okonkwo"},
        RecognizerCase{"Thanks, Maria", "NAME", "Maria"},
        RecognizerCase{"signed: Smith, Robert", "NAME", "Smith, Robert"},
        RecognizerCase{"caregiver Eulalia Vrtiska visits", "NAME", "Eulalia Vrtiska"},
        RecognizerCase{"The Bionic Dog drinks too much", "NAME", ""},
        // One capitalised word after a kinship word in lower case.
        RecognizerCase{"her nephew Quang visited and brought clothes", "NAME", "Quang"},
        RecognizerCase{"Seen with son Clifford today", "NAME", "Clifford"},
        RecognizerCase{"Mother Nature looks on and takes notes", "NAME", ""},
        RecognizerCase{"if you were my husband, I would stay", "NAME", ""},
        // A day and month right before a clock time.
        RecognizerCase{"Посылку доставят 15.08 с 10:00 до 14:00", "DATE", "15.08"},
        RecognizerCase{"Прийом у лікаря 15.07 о 09:20, кабінет 4", "DATE", "15.07"},
        RecognizerCase{"wizyta u dr. Nowaka 12.07 godz. 16:30, gabinet 2", "DATE", "12.07"},
        // After a word of a language that writes decimals with a comma, before punctuation or a clock time.
        RecognizerCase{"Поезд 054Ч, прибытие: 13.07 07:55 Вагон 5", "DATE", "13.07"},
        RecognizerCase{"Umówiliśmy się na 20.04 o 10:00 (dyżur 24h)", "DATE", "20.04"},
        RecognizerCase{"Faktura z dnia 20.04. Termin", "DATE", "20.04"},
        RecognizerCase{"Zaktualizuj system do 22.04. Установлена 20.04 (LTS), пункт 12.03;", "DATE", ""},
        RecognizerCase{"Сахар 11.08 ммоль/л, гемоглобин 13.05 г/дл", "DATE", ""},
        RecognizerCase{"Uptime 13.07 07:55 was logged", "DATE", ""},
        // A range of days of one month, one end of which alone would read as a fraction.
        RecognizerCase{"On leave from 3/4 to 7/4, on-call team covers", "DATE", "3/4 to 7/4"},
        RecognizerCase{"Give 1/4 - 3/4 of the dose", "DATE", ""},
        RecognizerCase{"Pick up by 11/21. Copay $0.00", "DATE", "11/21"},
        RecognizerCase{"Volume divided by 2/3.", "DATE", ""},
        RecognizerCase{"CARDIOLOGY LIST 14/2\n1. A. KHAN - ECHO", "DATE", "14/2"},
        RecognizerCase{"Shopping list 1/2\nmilk", "DATE", ""},
        // A month in the genitive after a day, without a year; a month that is also a name needs its year.
        RecognizerCase{"Mladen i Ana dolaze 14. svibnja; javite Ivi", "DATE", "14. svibnja"},
        RecognizerCase{"ΛΕΙΠΟΥΝ ΑΠΟ 5 ΜΑΙΟΥ.", "DATE", "5 ΜΑΙΟΥ"},
        RecognizerCase{"Meet at 14 Augusta Road at noon", "DATE", ""},
        RecognizerCase{"श्री वर्मा ने 12 मार्च को कागज़ जमा किए", "DATE", "12 मार्च"},
        RecognizerCase{"Айгерім! Той 31 тамыз, сенбі күні", "DATE", "31 тамыз"},
        RecognizerCase{"Lipa ada kabla ya 4 Julai. Kumbukumbu", "DATE", "4 Julai"},
        RecognizerCase{"We bought 3 Mac laptops", "DATE", ""},
        RecognizerCase{"Faktura VAT nr 118/04/2024 Data wystawienia", "DATE", ""},
        RecognizerCase{"faktura FV/112/05/2024, 1 230,00 zł", "DATE", ""},
        RecognizerCase{"Case ref: CR/118/06/24", "DATE", ""},
        RecognizerCase{"Karta ważna do 05/2024, faktura nr 118", "DATE", "05/2024"},
        RecognizerCase{"Příští očkování leden 2025. Tlak 128/82.", "DATE", "leden 2025"},
        RecognizerCase{"cut-off 19/08 12:00. B/L 118", "DATE", "19/08"},
        RecognizerCase{"Wt 2.5 at 10:00 and 3.5 at 14:00", "DATE", ""},
        RecognizerCase{"WBC 11.2 at 06:00, Cr 1.8 at 06:00, pH 7.4 at 08:00", "DATE", ""},
        RecognizerCase{"Paid $4.25 at 10:30; kernel 5.15 10:42:01; pkg 3.10.12 10:42", "DATE", ""},
        RecognizerCase{"In March second-hand car sales rose", "DATE", ""},
        RecognizerCase{"Move to the 4th. The team advanced to the 4th.", "DATE", ""},
        RecognizerCase{"on the fifth, sixth and seventh rows", "DATE", ""},
        RecognizerCase{"talk to Dr Marchenko about his CT on the nineteenth. He needs", "DATE", "nineteenth"},
        RecognizerCase{"go to the 2nd floor, then to the fifth floor; promoted to the 3rd grade", "DATE", ""},
        RecognizerCase{"we agreed on the second. Then", "DATE", ""},
        RecognizerCase{"ADMIN: 14 NOV 24 0830H - ser na", "DATE", "14 NOV 24"},
        RecognizerCase{"Take 1 MAY 25 mg at night", "DATE", ""},
        RecognizerCase{"Take 1 MAY 25.5 mg at night", "DATE", ""},
        RecognizerCase{"Capital call 250 000 000 EUR", "PHONE", ""},
        RecognizerCase{"Paid €12.05 at 10:30; Glucose 11.08 at 06:00", "DATE", ""},
        RecognizerCase{"reports fall at home on Novmber 14, hit R side", "DATE", "Novmber 14"},
        RecognizerCase{"10. PHONE (INCLUDE AREA CODE): ( 212 ) 555 - 0171 11. GROUP", "PHONE", "( 212 ) 555 - 0171"},
        RecognizerCase{"{\"event\":\"vitals\",\"ts\":\"2024-11-14T09:30:12Z\"}", "DATE", "2024-11-14"},
        RecognizerCase{"still good for June twenty-first? Gimme a call", "DATE", "June twenty-first"},
        RecognizerCase{"May first responders arrive", "DATE", ""},
        RecognizerCase{"Need a ride? Call 1-800-RIDE-NOW or text", "PHONE", "1-800-RIDE-NOW"},
        RecognizerCase{"23-5678 (cel) o al fijo 4123-5678. DNI", "PHONE", "4123-5678"},
        RecognizerCase{"MAY CROWTHER PEACEFULLY ON 3RD JANUARY AGED 94", "DATE", "3RD JANUARY"},
        RecognizerCase{"WARD ON 3RD FLOOR, BAY 2", "DATE", ""},
        RecognizerCase{"Tel. do pani Nowak: 601-234-567, pokój 12", "PHONE", "601-234-567"},
        RecognizerCase{"Please contact us about ticket 123-456-789", "PHONE", ""},
        RecognizerCase{"Adjunto al expediente 12-345-678", "PHONE", ""},
        RecognizerCase{"Kontakt: budżet wzrósł do 601 234 567 zł", "PHONE", ""},
        RecognizerCase{"bittet um Rückruf, Festnetz 01/5123456-27. Aktenzahl", "PHONE", "01/5123456-27"},
        RecognizerCase{"คุณสมชาย โทร 02-123-4567 ราคา 4,500 บาท", "PHONE", "02-123-4567"},
        RecognizerCase{"Per informazioni chiamare al 333 123 4567 entro venerdì", "PHONE", "333 123 4567"},
        RecognizerCase{"Llame al +52 1 55 5550 0123. Folio 00345/2023, pago", "PHONE", "+52 1 55 5550 0123"},
        RecognizerCase{"la deuda aumentó al 12 500 000 de pesos", "PHONE", ""},
        RecognizerCase{"고객님 연락처: 회사 02-123-4567 내선 305. 주문번호 A2203", "PHONE", "02-123-4567 내선 305"},
        RecognizerCase{"he asked for updates on 138 5555 0123 tonight", "PHONE", "138 5555 0123"},
        RecognizerCase{"Scores: 21 150 10 12 total", "PHONE", ""},
        RecognizerCase{"Hafen Rotterdam, cut-off 19-08 12:00. B/L 118", "DATE", "19-08"},
        RecognizerCase{"Öffnungszeiten 08-12 14:00-18:00", "DATE", ""},
        RecognizerCase{"scrivimi o lascia un messaggio: 333 123 4567", "PHONE", "333 123 4567"},
        RecognizerCase{"Qualquer coisa, 11 91234-5678 depois das 18h", "PHONE", "11 91234-5678"},
        RecognizerCase{"mi hermana Lupita, 55 1234 5678, llega el lunes", "PHONE", "55 1234 5678"},
        RecognizerCase{"shipment 2024-123-4567 left the depot", "PHONE", ""},
        RecognizerCase{"10.0.0.7 - - [12/Mar/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 200", "DATE", "12/Mar/2024"},
        RecognizerCase{"born in March of 1985 in Leeds", "DATE", "March of 1985"},
        RecognizerCase{"For that personal feeling call 1-800-555-0199; our operators", "PHONE", "1-800-555-0199"},
        RecognizerCase{"The clinic, 1 (555) 123-4567, opens at 9", "PHONE", "1 (555) 123-4567"},
        RecognizerCase{"His phone: (555)1234567", "PHONE", "(555)1234567"},
        RecognizerCase{"contact 9876543210 for the keys", "PHONE", "9876543210"},
        RecognizerCase{"text me at 5551234567 after work", "PHONE", "5551234567"},
        RecognizerCase{"Llámame al 612 345 678 mañana", "PHONE", "612 345 678"},
        RecognizerCase{"Aussie line 1800 123 456 is free", "PHONE", "1800 123 456"},
        RecognizerCase{"G2P1, LMP: 28/11, pain since", "DATE", "28/11"},
        RecognizerCase{"Date of injury 11/28 per the claim", "DATE", "11/28"},
        RecognizerCase{"doses 1/2 to 3/4 of a tab", "DATE", ""},
        RecognizerCase{"Injury on 28.11. at home", "DATE", "28.11."},
        RecognizerCase{"Injury on 28.11.24 at home", "DATE", "28.11.24"},
        RecognizerCase{"runs on 10.15.24 and later", "DATE", ""},
        RecognizerCase{"the price went up on 12.50. Then", "DATE", ""},
        RecognizerCase{"Termin am 9 Dez. 2024 verschoben", "DATE", "9 Dez. 2024"},
        RecognizerCase{"rendez-vous le 9 déc. 2024", "DATE", "9 déc. 2024"},
        RecognizerCase{"Przyjęta 9-XII-2024, wypisana", "DATE", "9-XII-2024"},
        RecognizerCase{"ref 9-XII-20241 of the code", "DATE", ""},
        RecognizerCase{"Alikuja tarehe 9 Disemba 2024 asubuhi", "DATE", "9 Disemba 2024"},
        RecognizerCase{"dob 120985, allergies none", "DATE", "120985"},
        RecognizerCase{"dob 123456 is not a date", "DATE", ""},
        RecognizerCase{"Date: 09Dec2024 Time 10:30", "DATE", "09Dec2024"},
        RecognizerCase{"on leave 9th-12th December, back", "DATE", "9th-12th December"},
        RecognizerCase{"conference Dec 9-12, 2024 in Lisbon", "DATE", "Dec 9-12, 2024"},
        RecognizerCase{"vacaciones del 9 al 12 de diciembre.", "DATE", "9 al 12 de diciembre"},
        RecognizerCase{"Urlaub vom 9. bis 12. Dezember", "DATE", "9. bis 12. Dezember"},
        RecognizerCase{"seen June 3 to 5 days after the fall", "DATE", "June 3"},
        RecognizerCase{"moved from 12 to 9 December", "DATE", "9 December"},
        RecognizerCase{"build 1.5-12 December", "DATE", "12 December"},
        RecognizerCase{"Numer telefonu: 601 234 567", "PHONE", "601 234 567"},
        RecognizerCase{"Zadzwoń pod numer 601-234-567 jutro", "PHONE", "601-234-567"},
        RecognizerCase{"Numer faktury 601 234 567", "PHONE", ""},
        RecognizerCase{"zavolejte na 602 123 456 zítra", "PHONE", "602 123 456"},
        RecognizerCase{"joignable au 0612345678 le soir", "PHONE", "0612345678"},
        RecognizerCase{"cellulare 347 1234567 dopo le 18", "PHONE", "347 1234567"},
        RecognizerCase{"per favore chiamami al 3471234567", "PHONE", "3471234567"},
        RecognizerCase{"call 9876 5432 after lunch", "PHONE", "9876 5432"},
        RecognizerCase{"call 2019 2020 budgets", "PHONE", ""},
        RecognizerCase{"555-0134 (home) is best", "PHONE", "555-0134"},
        RecognizerCase{"admitted 12/3 with chest pain", "DATE", "12/3"},
        RecognizerCase{"booked for 21/3.", "DATE", "21/3"},
        RecognizerCase{"Meds started 10/20 mg daily", "DATE", ""},
        RecognizerCase{"Adm: 12/3 via ED", "DATE", "12/3"},
        RecognizerCase{"March the 3rd works for me", "DATE", "March the 3rd"},
        RecognizerCase{"Nov 14 & 15.", "DATE", "Nov 14 & 15"},
        RecognizerCase{"Nov 14 & 15 are booked", "DATE", "Nov 14"},
        RecognizerCase{"on 14 & 15 Nov", "DATE", "14 & 15 Nov"},
        RecognizerCase{"2024年3月受診", "DATE", "2024年3月"},
        RecognizerCase{"Повторно 15-го марта", "DATE", "15-го марта"},
        RecognizerCase{"приём 15 мар. 2024", "DATE", "15 мар. 2024"},
        RecognizerCase{"Bệnh nhân tái khám ngày 15/3", "DATE", "15/3"},
        RecognizerCase{"ci vediamo il 15/3 alle 10", "DATE", "15/3"},
        RecognizerCase{"consulta 15/03 às 14h30", "DATE", "15/03"},
        RecognizerCase{"il 3/4 dei pazienti", "DATE", ""},
        RecognizerCase{"pt's daughter on 555-0142 wants an update", "PHONE", "555-0142"},
        RecognizerCase{"her son paid 250-1000 for it", "PHONE", ""},
        RecognizerCase{"call back on 555 0142 after six", "PHONE", "555 0142"},
        RecognizerCase{"ring 250 1000 times", "PHONE", ""},
        RecognizerCase{"CB 5551234567 pls", "PHONE", "5551234567"},
        RecognizerCase{"Phone: 555–234–4567", "PHONE", "555–234–4567"},
        RecognizerCase{"phone 1.555.123.4567", "PHONE", "1.555.123.4567"},
        RecognizerCase{"his landline 9123 4567", "PHONE", "9123 4567"},
        RecognizerCase{"Textbook ISBN 0131103628, Contact lens order 1234567890", "PHONE", ""},
        RecognizerCase{"Top 10 2023 2024 albums, Top 20 2023-2024 season", "PHONE", ""},
        RecognizerCase{"Results 150 2019 2020", "PHONE", ""},
        RecognizerCase{"In 1800 250 000 people", "PHONE", ""},
        RecognizerCase{"Counts 250 100 1000 done", "PHONE", ""},
        RecognizerCase{"Item 1 212-555-0171", "PHONE", "212-555-0171"},
        RecognizerCase{"Call volumes: 450 2023, 520 2024", "PHONE", ""},
        RecognizerCase{"Mum weighed 250 1234 grams", "PHONE", ""},
        RecognizerCase{"Tested on 22.04. Upgrade later", "DATE", ""},
        RecognizerCase{"Room 14-03 09:30 meeting", "DATE", ""},
        RecognizerCase{"DOB: 850912 per the card", "DATE", "850912"},
        RecognizerCase{"2024年13月", "DATE", ""},
        RecognizerCase{"Dispensed 14NOV24 – 28 tabs", "DATE", "14NOV24"},
        RecognizerCase{"Stay 13/11 → 14/11 - 20 nights", "DATE", "13/11 → 14/11"},
        RecognizerCase{"last seen undamaged 05/31 approx 1800 hrs", "DATE", "05/31"},
        RecognizerCase{"η αίτησή σας της 28/02 εγκρίθηκε", "DATE", "28/02"},
        RecognizerCase{"see page 01/12, lot n° 12/04, track 03/11", "DATE", ""},
        RecognizerCase{"Page: 02/12 of the report", "DATE", ""},
        RecognizerCase{"Apgar 08/09 at birth", "DATE", ""},
        RecognizerCase{"Version 2024/05/31 at 10:05/06, ratio 1.03/04", "DATE", "2024/05/31"},
        RecognizerCase{"grade 5/31 and 12/11 without a cue", "DATE", ""},
        RecognizerCase{"Wiedervorstellung am Di, 2.4. zur Kontrolle", "DATE", "Di, 2.4."},
        RecognizerCase{"Frau Öztürk hat am Mo 11.3. angerufen", "DATE", "Mo 11.3."},
        RecognizerCase{"Do 2.5 mg, Mo 11.30 Uhr", "DATE", ""},
        RecognizerCase{"In der 2.1. Version gab es einen Fehler; So 2.1.1 kam danach", "DATE", ""},
        RecognizerCase{"Svarfrist: den 10/9", "DATE", "10/9"},
        RecognizerCase{"Ladung zur Verhandlung am 15. Jänner 2024, 9:30 Uhr", "DATE", "15. Jänner 2024"},
        RecognizerCase{"入社 平成31年3月 早稲田大学卒業", "DATE", "平成31年3月"},
        RecognizerCase{"Београд, 15. март 2024. Број: 03-11", "DATE", "15. март 2024"},
        RecognizerCase{"Σήμερα, 1η Απριλίου, στη Θεσσαλονίκη", "DATE", "1η Απριλίου"},
        RecognizerCase{"the slot you want to move is Tuesday the twelfth?", "DATE", "Tuesday the twelfth"},
        RecognizerCase{"it was march the second, no sorry", "DATE", "march the second"},
        RecognizerCase{"okay, friday march first? got it", "DATE", "friday march first"},
        RecognizerCase{"On Monday the second dose was given", "DATE", ""},
        RecognizerCase{"we march the troops; may the first team win", "DATE", ""},
        RecognizerCase{"la cita la tiene para el veintitrés de abril", "DATE", "veintitrés de abril"},
        RecognizerCase{"Le vingt-deux juin, à quinze heures", "DATE", "vingt-deux juin"},
        RecognizerCase{"Cinco de Mayo party at the office; six Mars rovers", "DATE", ""},
        RecognizerCase{"Z.n. Hüft-TEP re. Okt. 2017, Hysterektomie", "DATE", "Okt. 2017"},
        RecognizerCase{"two years ago. 2019 was a good year", "DATE", ""},
        RecognizerCase{"Entrega: 5 de Ago. 2019", "DATE", "5 de Ago. 2019"},
        RecognizerCase{"Innkalling til foreldremøte 17. september kl. 18.00", "DATE", "17. september"},
        RecognizerCase{"Chapter 17. September was cold", "DATE", ""},
        RecognizerCase{"Steps: 1. april fools prank, 3. august events", "DATE", ""},
        RecognizerCase{"Ryzen 5 3600 (Gen. 2019); Dr. Anna Huber, Mag. 2018 Universität Wien", "DATE", ""},
        // Dates in file names and vCards; not a version, a build or a longer number.
        RecognizerCase{"See scan_20231107_final.pdf for details", "DATE", "20231107"},
        RecognizerCase{"Minutes_Board_2023-06-30_v3.docx attached", "DATE", "2023-06-30"},
        RecognizerCase{"inventory_2023-09.csv", "DATE", "2023-09"},
        RecognizerCase{"N:Okafor;Ada\nBDAY:19850612\nTEL:+234 803 555 0101", "DATE", "19850612"},
        RecognizerCase{"lib_2.0.20231107.so, build_2023.09, v20231107, ref_123420231107", "DATE", ""},
        // Months of more languages after a day, with their joining words; the months that are also words stay out.
        RecognizerCase{"Is-seduta ssir fil-15 ta' Novembru fil-knisja", "DATE", "15 ta' Novembru"},
        RecognizerCase{"Cyfarfod nesaf: 11 Chwefror am 7yh", "DATE", "11 Chwefror"},
        RecognizerCase{"Afati i aplikimit: 12 korrik", "DATE", "12 korrik"},
        RecognizerCase{"Reunió el 17 de maig a les 12 h", "DATE", "17 de maig"},
        RecognizerCase{"Hujjatlarni 15-noyabr kuni topshiring", "DATE", "15-noyabr"},
        RecognizerCase{"Ilikuwa kati ya 5 me na 10 mas", "DATE", ""},
        // The year first in Armenian, Kazakh, Mongolian and Basque; a Georgian dative; a CV's "Jul'16".
        RecognizerCase{"Հանդիպումը 2025 թ. մարտի 3-ին", "DATE", "2025 թ. մարտի 3"},
        RecognizerCase{"Келісім 2023 жылғы 5 наурыз, Алматы", "DATE", "2023 жылғы 5 наурыз"},
        RecognizerCase{"Төрсөн: 1988 оны 11 сарын 2", "DATE", "1988 оны 11 сарын 2"},
        RecognizerCase{"Bilera 2023ko martxoaren 9an izango da", "DATE", "2023ko martxoaren 9"},
        RecognizerCase{"martxoaren 2023 txostena", "DATE", ""},
        RecognizerCase{"დაიბადა 1950 წლის 3 აპრილს", "DATE", "3 აპრილს"},
        RecognizerCase{"Analyst, Feb'19 – present", "DATE", "Feb'19"},
        RecognizerCase{"s = 'Mar'12; print('Jan'10); Նա անցկացրել է 20 մարտի արդյունքում; ekainaren 2. astean", "DATE",
                       ""},
        // A month and its year after a label's colon, and Russian and Ukrainian months in the nominative with a year.
        RecognizerCase{"Dönem: Ekim 2023 | Tutar", "DATE", "Ekim 2023"},
        RecognizerCase{"Квитанция за ноябрь 2023 года", "DATE", "ноябрь 2023"},
        RecognizerCase{"the Mars 2020 rover landed", "DATE", ""},
        RecognizerCase{"Mission: Mars 2020 rover; Speed: may 2000 rpm; Budget: mart 2000 TL", "DATE", ""},
        RecognizerCase{"NASAのローバー Mars 2020は着陸した; Fotoğraf ürünü Mars 2020", "DATE", ""},
        RecognizerCase{"Оплата за октябрь 2000 руб.", "DATE", ""},
        RecognizerCase{"Період:березень 2024", "DATE", "березень 2024"},
        RecognizerCase{"Vi fandt mutationer i 12 gener; Kap 2 shkurt dhe qartë; Gwelwyd 2 hydref", "DATE", ""},
        RecognizerCase{"FY_2008-09_audit.docx, season_2011-12.csv, release_2024-01.3.tar.gz", "DATE", ""},
        // Phone words of Mongolian, Georgian, Armenian, Haitian Creole and Chile; a number in two fours after an
        // order's word is no phone, even with a phone's word before it.
        RecognizerCase{"Холбоо барих утас: 9911-5523 (Батболд)", "PHONE", "9911-5523"},
        RecognizerCase{"Pou kesyon rele 2812-5555 oswa ekri nou", "PHONE", "2812-5555"},
        RecognizerCase{"ტელ.: 599 55 12 34, სამუშაო საათები", "PHONE", "599 55 12 34"},
        RecognizerCase{"WhatsApp only. Order 7781-2290 arrived", "PHONE", ""},
        RecognizerCase{"सम्पर्क नं.: ९८५१-२३४५६७; कार्यालय", "PHONE", "९८५१-२३४५६७"},
        RecognizerCase{"ref 9851-234567-2 and 19851-234567", "PHONE", ""},
        RecognizerCase{"Order 9812-345678 shipped; बिल नं. ९८१२-३४५६७८; salary NPR 9800-150000", "PHONE", ""},
        RecognizerCase{"मोटर 9851055512 रुपये", "PHONE", ""},
        RecognizerCase{"फीस ₹500, मो. ९८५१०५५५१२।", "PHONE", "९८५१०५५५१२"},
        RecognizerCase{"फीस ₹500, कुल ९८५१०५५५१२।", "PHONE", ""},
        // Phone and calling words of more languages, and their "or" between two numbers.
        RecognizerCase{"Ċempel lil Marija fuq 7942 1837 wara s-6pm", "PHONE", "7942 1837"},
        RecognizerCase{"deitu ikastolara 943 21 47 80 arratsaldez", "PHONE", "943 21 47 80"},
        RecognizerCase{"ilmoittautumiset numeroon 09 4257 118. Hinta 45 €", "PHONE", "09 4257 118"},
        RecognizerCase{"Telefoni ki he 775 8142 ʻi he efiafi", "PHONE", "775 8142"},
        RecognizerCase{"થોડી માહિતી માટે મો. ૯૮૨૫૦ ૪૭૧૩૬ પર", "PHONE", "૯૮૨૫૦ ૪૭૧૩૬"},
        RecognizerCase{"Mpango 7942 1837 jew 2133 6420 wara", "PHONE", ""},
        RecognizerCase{"to woo voters with 1200 3400 posters; Kira won 2345 6789 points", "PHONE", ""},
        RecognizerCase{"cp backup.tar 2345 6789", "PHONE", ""},
        RecognizerCase{"Позвоните 2345 6789", "PHONE", "2345 6789"},
        // Months of more languages with their year, joining words and calendars; without the year or the joining
        // word, or in English, the same words are no date.
        RecognizerCase{"a d'éag Dé Máirt, 5 Samhain 2024, in aois", "DATE", "5 Samhain 2024"},
        RecognizerCase{"Umngcwabo ngomhla we-12 kuCanzibe 2024.", "DATE", "12 kuCanzibe 2024"},
        RecognizerCase{"ʻi he Tokonaki 7 ʻo Sepitema 2024 ʻi he", "DATE", "7 ʻo Sepitema 2024"},
        RecognizerCase{"i te Rātū 12 o Whiringa-ā-rangi 2024. Ka", "DATE", "12 o Whiringa-ā-rangi 2024"},
        RecognizerCase{"ena Vakarauwai 22 ni Maji 2025 e Nausori", "DATE", "22 ni Maji 2025"},
        RecognizerCase{"wáyé ní Ọjọ́ Ẹtì, 6 Oṣù Kejìlá, 2024 ní Ògbómọ̀ṣọ́", "DATE", "6 Oṣù Kejìlá, 2024"},
        RecognizerCase{"Top 5 Maji 2025; lita 20 maji 2024; got 12 mail 2000 letters; Samhain 2024", "DATE", ""},
        RecognizerCase{"Kadri sündis 17. mail 2012 Tartus", "DATE", "17. mail 2012"},
        RecognizerCase{"lõpetab eeldatavasti juunis 2028. Keskmine", "DATE", "juunis 2028"},
        RecognizerCase{"Respontit a-raok ar 1añ a viz Mae mar plij", "DATE", "1añ a viz Mae"},
        RecognizerCase{"Dilnoza 2003-yil 18-mayda tug'ilgan", "DATE", "2003-yil 18-may"},
        RecognizerCase{"ቀብሪ ብ14 ለካቲት ኣብ ኣስመራ", "DATE", "14 ለካቲት"},
        RecognizerCase{"को मिति २०८१ साउन १५ गते बिहान", "DATE", "२०८१ साउन १५ गते"},
        RecognizerCase{"vào ngày mùng 10 tháng 3 âm lịch tại nhà", "DATE", "ngày mùng 10 tháng 3 âm lịch"},
        RecognizerCase{"大寿定在农历九月初九，中午", "DATE", "农历九月初九"},
        RecognizerCase{"农历八月二十三是她的生日", "DATE", "农历八月二十三"},
        RecognizerCase{"Steps: 3. Mail 2000 letters", "DATE", ""},
        RecognizerCase{"次回予約 R6.5.20（月） 10:30", "DATE", "R6.5.20（月）"},
        RecognizerCase{"install R3.6.1 and H30.4.1 builds", "DATE", ""},
        RecognizerCase{"Izvadīšana 9. novembrī plkst. 12.00", "DATE", "9. novembrī"},
        RecognizerCase{"ਅੰਤਿਮ ਅਰਦਾਸ 23 ਜੂਨ ਨੂੰ", "DATE", "23 ਜੂਨ"},
        RecognizerCase{"ಹುಟ್ಟುಹಬ್ಬ 20 ಅಕ್ಟೋಬರ್ 2024 ರಂದು", "DATE", "20 ಅಕ್ಟೋಬರ್ 2024"},
        RecognizerCase{"ກວດຄືນ: 19 ກັນຍາ 2024", "DATE", "19 ກັນຍາ 2024"},
        RecognizerCase{"termin je utorak, 22. oktobar 2024. u 10:40", "DATE", "22. oktobar 2024"},
        // An IBAN's groups are no phone, whether or not its check digits hold; a postcode before a phone is no IBAN.
        RecognizerCase{"pay to my Revolut: GB33 REVO 0099 6912 3456 78, name Charlotte", "PHONE", ""},
        RecognizerCase{"Coordinate bancarie: IT60 X054 2811 1010 0000 0418 827, intestato", "PHONE", ""},
        RecognizerCase{"Aberdeen AB12 0161 496 0832 is the desk", "PHONE", "0161 496 0832"},
        RecognizerCase{"IBAN BE68 5390 0754 7034 +32 470 12 34 56", "PHONE", "+32 470 12 34 56"},
        // A local number in two groups is a phone in a list of phones only.
        RecognizerCase{"Ref 2813-4470 shipped to Jozèf on 2 May", "PHONE", ""},
        RecognizerCase{"Order 7781-2290 or 7781-2291 shipped; we sold 12 500 or 13 000 units", "PHONE", ""},
        // The Hindi and Nepali "office" and the Khmer "contact" before a number; the Fijian May with its year.
        RecognizerCase{"सम्पर्क, कार्यालय ०१-४५५५०२७", "PHONE", "०१-४५५५०२७"},
        RecognizerCase{"ទំនាក់ទំនង៖ ០៧៧ ៥៥៥ ៤១២", "PHONE", "០៧៧ ៥៥៥ ៤១២"},
        RecognizerCase{"ni bera na 31 Me 2025 vei Mereani", "DATE", "31 Me 2025"},
        RecognizerCase{"give me 2025 reasons; call me 2024", "DATE", ""},
        // A day and month after a deadline's or an arrival's word, one of them past twelve; Korean weekdays in
        // brackets; an Armenian month in the genitive before its day.
        RecognizerCase{"disponible au point relais jusqu'au 23/10. Montant", "DATE", "23/10"},
        RecognizerCase{"Our baby girl arrived 5/14 at 3:22am", "DATE", "5/14"},
        RecognizerCase{"won by 3/4 of the vote; passed by 13/20 votes; up by 25/10 points", "DATE", ""},
        RecognizerCase{"Offset the post by 3/16. Multiply the height by 16/9.", "DATE", ""},
        RecognizerCase{"send the forms before 25/10.", "DATE", "25/10"},
        RecognizerCase{"지훈 : 다음 모임 3/23(토) 어때?", "DATE", "3/23"},
        RecognizerCase{"կառաքվի նոյեմբերի 12-ին ժամը 14:00", "DATE", "նոյեմբերի 12"},
        RecognizerCase{"from the US dial 011-81-3-5555-0123", "PHONE", "011-81-3-5555-0123"},
        RecognizerCase{"from Europe 00 81 3 5555 0123.", "PHONE", "00 81 3 5555 0123"},
        RecognizerCase{"Vinsamlegast hringdu í 555 1234 ef", "PHONE", "555 1234"},
        RecognizerCase{"Za otkazivanje nazovite 01 5555 123", "PHONE", "01 5555 123"},
        RecognizerCase{"Otkazivanje 01 5555 123", "PHONE", ""},
        RecognizerCase{"Tue 11/06 - 14 days later", "DATE", "Tue 11/06"},
        RecognizerCase{"Meeting Dec 9 - 10:30 start", "DATE", "Dec 9"},
        RecognizerCase{"seen June 3 - 5 days after", "DATE", "June 3"},
        RecognizerCase{"Page 2 - 12 December 2024 - Minutes", "DATE", "12 December 2024"},
        RecognizerCase{"9TH-12TH DECEMBER 2024", "DATE", "9TH-12TH DECEMBER 2024"},
        RecognizerCase{"Dec 9-12 in Lisbon", "DATE", "Dec 9-12"},
        RecognizerCase{"d.o.b 03031950 per the referral", "DATE", "03031950"},
        RecognizerCase{"Start date 12-Mar, review after", "DATE", "12-Mar"},
        RecognizerCase{"see section 12-May-be for details", "DATE", ""},
        RecognizerCase{"Rota for wk of 12/3.", "DATE", "12/3"},
        RecognizerCase{"Given 12/3 & again later", "DATE", "12/3"},
        RecognizerCase{"Kontrolle Freitag 15/03 um 9.", "DATE", "Freitag 15/03"},
        RecognizerCase{"Referred by Anna Domenica 3/4 of the time", "DATE", ""},
        RecognizerCase{"Annual leave 9-12 December", "DATE", "9-12 December"},
        RecognizerCase{"Conference 9 to 12 December 2024", "DATE", "9 to 12 December 2024"},
        RecognizerCase{"Ward 5E - 12 December 2024 round", "DATE", "12 December 2024"},
        RecognizerCase{"Contact no. 9876543210", "PHONE", "9876543210"},
        RecognizerCase{"SMS to 9876543210", "PHONE", "9876543210"},
        RecognizerCase{"Injury on 28.11.", "DATE", "28.11."},
        RecognizerCase{"Ref AB-12-JUN and Part no 3-DEC batch", "DATE", ""},
        RecognizerCase{"Call 1 800 555 1234", "PHONE", "1 800 555 1234"},
        RecognizerCase{"Los dos 10122000 registros", "DATE", ""},
        RecognizerCase{"Dispo à partir du 15/04. Tél. après 18h", "DATE", "15/04"},
        RecognizerCase{"Disponible a partir del 3/6, sin cita", "DATE", "3/6"},
        RecognizerCase{"入院 令和6年3月15日", "DATE", "令和6年3月15日"},
        RecognizerCase{"复诊 2024年3月15号 上午", "DATE", "2024年3月15号"},
        RecognizerCase{"Timestamp 20240315T103000 in the file", "DATE", "20240315"},
        RecognizerCase{"Build 20241399T1030 failed", "DATE", ""},
        RecognizerCase{"방문일 2024. 3. 15. 오전", "DATE", "2024. 3. 15."},
        RecognizerCase{"Chapter 2024. 3. 45. ends", "DATE", ""},
        RecognizerCase{"Fell on New Year's Day 2024.", "DATE", "New Year's Day 2024"},
        RecognizerCase{"Admitted Christmas Eve 2023", "DATE", "Christmas Eve 2023"},
        RecognizerCase{"Christmas 2023 sales were up", "DATE", ""},
        RecognizerCase{"Seen in clinic 15/03 (Fri) for review", "DATE", "15/03"},
        RecognizerCase{"Seen in clinic 15/03 (Friday) for review", "DATE", "15/03"},
        RecognizerCase{"Score 13/20 (Fri) in the quiz", "DATE", ""},
        RecognizerCase{"Cycle 2/6 (Wed) given", "DATE", ""},
        RecognizerCase{"Next review 12/03 at 2pm.", "DATE", "12/03"},
        RecognizerCase{"Appt moved to 11am 12/03.", "DATE", "12/03"},
        RecognizerCase{"Open 11am 24/7 after that", "DATE", ""},
        RecognizerCase{"VA 6/9 at 10am, BP 12/8 at 10am", "DATE", ""},
        RecognizerCase{"Admitted on 24/7 with chest pain", "DATE", "24/7"},
        RecognizerCase{"3月15號複診", "DATE", "3月15號"},
        RecognizerCase{"Independence Day 1996 was a hit", "DATE", ""},
        RecognizerCase{"D/C'd 3/15 with antibiotics", "DATE", "3/15"},
        RecognizerCase{"DOB: 1.1.70", "DATE", "1.1.70"},
        RecognizerCase{"Version 1.1.70 released", "DATE", ""},
        RecognizerCase{"Surgery date: Mar-19-2024, pre-op bloods", "DATE", "Mar-19-2024"},
        RecognizerCase{"Pre-op MAR-12-24.", "DATE", "MAR-12-24"},
        RecognizerCase{"Batch LOT-MAR-19-24-A recalled", "DATE", ""},
        RecognizerCase{"EDD 22.11.24 by dating scan", "DATE", "22.11.24"},
        RecognizerCase{"LMP: 3.2.24, cycle regular", "DATE", "3.2.24"},
        RecognizerCase{"born 4.11.63 in Cork", "DATE", "4.11.63"},
        RecognizerCase{"Labs drawn 3/14 @ 0600", "DATE", "3/14"},
        RecognizerCase{"Timesheet for week ending 3/22.", "DATE", "3/22"},
        RecognizerCase{"We collected 3/4 of the samples", "DATE", ""},
        RecognizerCase{"Fecha de nacimiento: 23/VI/1958. Ingreso", "DATE", "23/VI/1958"},
        RecognizerCase{"Data do exame: 12 de jan. de 2024. Resultado", "DATE", "12 de jan. de 2024"},
        RecognizerCase{"Termin: 15 lut. 2024, godz. 8:30", "DATE", "15 lut. 2024"},
        RecognizerCase{"Blodprøve 26.02.24. Rom 3.104", "DATE", "26.02.24"},
        RecognizerCase{"שחרור 17.3.24. לחץ דם", "DATE", "17.3.24"},
        RecognizerCase{"Release 1.10.03.24 and v10.03.24 out, pip 23.3.1", "DATE", ""},
        RecognizerCase{"Python 2.7.10 and 3.10.12 installed", "DATE", ""},
        RecognizerCase{"kontrola pon. 19.02 godz. 8:30", "DATE", "pon. 19.02"},
        RecognizerCase{"příští kontrola st 27. 3. v 8:00", "DATE", "st 27. 3."},
        RecognizerCase{"ja kontrolli ti 19.3. klo 9.30", "DATE", "ti 19.3."},
        RecognizerCase{"Kotiutus keskiviikkona 12.2.", "DATE", "keskiviikkona 12.2."},
        RecognizerCase{"RDV jeu. 21/03.", "DATE", "jeu. 21/03"},
        RecognizerCase{"Ραντεβού τη Δευτέρα 22/7 στις 18:30", "DATE", "Δευτέρα 22/7"},
        RecognizerCase{"Приём перенесён на пн 29.07 10:00", "DATE", "пн 29.07"},
        RecognizerCase{"в пятницу 12.07.2024 в 9:00", "DATE", "пятницу 12.07.2024"},
        RecognizerCase{"موعدك يوم الخميس 13/6 الساعة 7", "DATE", "الخميس 13/6"},
        RecognizerCase{"האיסוף מהגן ביום ה' 25.7 עליך", "DATE", "יום ה' 25.7"},
        RecognizerCase{"Consulta remarcada para qui., 18/07 às 14h", "DATE", "qui., 18/07"},
        RecognizerCase{"Nachricht – Mittwoch, 12.06., 16:05 Uhr", "DATE", "Mittwoch, 12.06."},
        RecognizerCase{"Treffen Mittwoch 10.12 Uhr im Raum 3", "DATE", ""},
        RecognizerCase{"См. подробнее (ср. 4.5)", "DATE", ""},
        RecognizerCase{"Παρ. 2.3 του νόμου", "DATE", ""},
        RecognizerCase{"Sex. 1/2 pacientes", "DATE", ""},
        RecognizerCase{"Ραντεβού Δευ. 22/07 στις 10", "DATE", "Δευ. 22/07"},
        RecognizerCase{"qua 3/4 das vezes", "DATE", ""},
        RecognizerCase{"Ραντεβού για Τετάρτη 5 Ιουνίου στις 11:00", "DATE", "Τετάρτη 5 Ιουνίου"},
        RecognizerCase{"הדיון נקבע ל-י״ח בתשרי תשפ״ה בבוקר", "DATE", "י״ח בתשרי תשפ״ה"},
        RecognizerCase{"נולד (ט' באדר ב' תשפ\"ד). אבחנה", "DATE", "ט' באדר ב' תשפ\"ד"},
        RecognizerCase{"חוגגים בט״ו בשבט", "DATE", "ט״ו בשבט"},
        RecognizerCase{"ה׳ באב", "DATE", "ה׳ באב"},
        RecognizerCase{"נפגשים ה' בבוקר", "DATE", ""},
        RecognizerCase{"נולד ט' באדר תש\"ף בבוקר", "DATE", "ט' באדר תש\"ף"},
        RecognizerCase{"既往歴：H28.10.14 心筋梗塞", "DATE", "H28.10.14"},
        RecognizerCase{"model H2.3.4 and part H28.10.14.2", "DATE", ""},
        RecognizerCase{"Spec S1.02.03 defines it", "DATE", ""},
        RecognizerCase{"処方 R5.04.01 開始", "DATE", "R5.04.01"},
        RecognizerCase{"PANEL 25 X 2000 MM", "DATE", ""},
        RecognizerCase{"badanie w dniu 3 IV 2024 w godz. 8:00", "DATE", "3 IV 2024"},
        RecognizerCase{"iuran JKN bulan Juli 2024 sebesar Rp150.000", "DATE", "Juli 2024"},
        RecognizerCase{"Delivery expected by 11/07. Complaints to", "DATE", "11/07"},
        RecognizerCase{"Reading due by 3/4 of members", "DATE", ""},
        RecognizerCase{"interview notes 12/9: daniel okoro starts", "DATE", "12/9"},
        RecognizerCase{"OR BOARD 06/17: RM 3 - ESPERANZA", "DATE", "06/17"},
        RecognizerCase{"shopping list 1/2: eggs, milk", "DATE", ""},
        RecognizerCase{"APPLICANT RORY JAMES DATE OF BIRTH 09 09 1987", "DATE", "09 09 1987"},
        RecognizerCase{"scores 09 09 1987 were logged", "DATE", ""},
        RecognizerCase{"DOB09 09 1987, NHS no", "DATE", "09 09 1987"},
        RecognizerCase{"生年月日: S63.01.07 男", "DATE", "S63.01.07"},
        RecognizerCase{"Allahyarham meninggal dunia pada 2 Mac 2019.", "DATE", "2 Mac 2019"},
        RecognizerCase{"NỘP HỒ SƠ TRƯỚC 20/6.", "DATE", "20/6"},
        RecognizerCase{"It rose to 19.3. Then it fell", "DATE", ""},
        RecognizerCase{"pt 7/10 pain, a man 3/4 of the way, qualité de vie 7/10", "DATE", ""},
        RecognizerCase{"Voruntersuchung 12. Sept. GOT 45", "DATE", "12. Sept."},
        RecognizerCase{"my mum's 60th is on sat 25th may at the pub", "DATE", "sat 25th may"},
        RecognizerCase{"she sat 3rd in the race", "DATE", ""},
        RecognizerCase{"ARRIVING HEATHROW THURSDAY 12TH STOP", "DATE", "THURSDAY 12TH"},
        RecognizerCase{"Collected: 20240304 08:10", "DATE", "20240304"},
        RecognizerCase{"NAME=HOLLIS;DOB=19520611;SSN", "DATE", "19520611"},
        RecognizerCase{"Received: 12000000 units", "DATE", ""},
        RecognizerCase{"วันนัด: 15 มี.ค. 2567 เวลา 09.00", "DATE", "15 มี.ค. 2567"},
        RecognizerCase{"תאריך קבלה: 14 במרץ 2024, שחרור", "DATE", "14 במרץ 2024"},
        RecognizerCase{"نوبت بعدی ۲۹ فروردین ۱۴۰۳. فشار", "DATE", "۲۹ فروردین ۱۴۰۳"},
        RecognizerCase{"சேர்க்கை: 14 மார்ச் 2024 முதல்", "DATE", "14 மார்ச் 2024"},
        RecognizerCase{"അഡ്മിഷൻ: 2024 മാർച്ച് 14, ഡിസ്ചാർജ്", "DATE", "2024 മാർച്ച് 14"},
        RecognizerCase{"തുടർ സന്ദർശനം: മാർച്ച് 25", "DATE", "മാർച്ച് 25"},
        RecognizerCase{"આગામી તપાસ ૧૪ મે ૨૦૨૪", "DATE", "૧૪ મે ૨૦૨૪"},
        RecognizerCase{"දිනය: 2024 මාර්තු 14 FBS", "DATE", "2024 මාර්තු 14"},
        RecognizerCase{"তারিখ: ৯ জ্যৈষ্ঠ ১৪৩১, ওজন", "DATE", "৯ জ্যৈষ্ঠ ১৪৩১"},
        RecognizerCase{"পরবর্তী: ২৩ মে", "DATE", "২৩ মে"},
        RecognizerCase{"তার ২ মেয়ে আছে", "DATE", ""},
        RecognizerCase{"المراجعة: ٥ رمضان ١٤٤٥ هـ. الضغط", "DATE", "٥ رمضان ١٤٤٥ هـ"},
        RecognizerCase{"الحرارة ٥ صفر تغيير", "DATE", ""},
        RecognizerCase{"ថ្ងៃណាត់៖ ថ្ងៃទី១៤ ខែមីនា ឆ្នាំ២០២៤ ម៉ោង", "DATE", "ថ្ងៃទី១៤ ខែមីនា ឆ្នាំ២០២៤"},
        RecognizerCase{"ព្យាបាល ១៤ ខែ", "DATE", ""},
        RecognizerCase{"တက်ရက် ၂၀၂၄ ခုနှစ်၊ မတ်လ ၁၄ ရက်၊ ဆင်း", "DATE", "၂၀၂၄ ခုနှစ်၊ မတ်လ ၁၄ ရက်"},
        RecognizerCase{"seen on መስከረም 12 ቀን 2017 ዓ.ም, fever", "DATE", "መስከረም 12 ቀን 2017 ዓ.ም"},
        RecognizerCase{"Next appointment Sene 5, 2016. Phone", "DATE", "Sene 5, 2016"},
        RecognizerCase{"Sene 5 tabs daily", "DATE", ""},
        RecognizerCase{"Ni-refer sa ospital ika-14 ng Marso. Paracetamol", "DATE", "ika-14 ng Marso"},
        RecognizerCase{"bumalik ng ika-3 ng hapon", "DATE", ""},
        RecognizerCase{"PICC dressing. Next due ~11/04.", "DATE", "11/04"},
        RecognizerCase{"Previous: 22/2. Mental health plan", "DATE", "22/2"},
        RecognizerCase{"Kontrol poli saraf tgl 26 Agt 2024 HP", "DATE", "26 Agt 2024"},
        RecognizerCase{"نوبت بعدی: شنبه ۲۷ مرداد", "DATE", "۲۷ مرداد"},
        RecognizerCase{"وزن ۲ تیر", "DATE", ""},
        RecognizerCase{"Москва, «17» мая 2024 г.", "DATE", "17» мая 2024"},
        RecognizerCase{"לביטול: 03-6124455 או בוואטסאפ", "PHONE", "03-6124455"},
        RecognizerCase{"Hotel: 02-123-4567 | Line", "PHONE", "02-123-4567"},
        RecognizerCase{"Case ref CASE-03-6124455 closed", "PHONE", ""},
        RecognizerCase{"शर्मा जी 98110 42837 या ऑफिस", "PHONE", "98110 42837"},  // after a name and its "ji"
        RecognizerCase{"Billed CPT 99213 85025 today", "PHONE", ""},
        RecognizerCase{"EIN 04-3456789 on file", "PHONE", ""},
        RecognizerCase{"Clinic (area code) 03-6124455 or", "PHONE", "03-6124455"},
        RecognizerCase{"Build 02-123-4567.5 shipped", "PHONE", ""},
        RecognizerCase{"تاریخ ۱۵ مهر ۱۴۰۲، فشار", "DATE", "۱۵ مهر ۱۴۰۲"},
        RecognizerCase{"تاریخ ۱۵ مهر ۱۴۰۲ش", "DATE", "۱۵ مهر ۱۴۰۲"},
        RecognizerCase{"۲۷ مرداد، ساعت", "DATE", "۲۷ مرداد"},
        RecognizerCase{"2024 ခုနှစ် မတ်လ 14 ရက် ဆင်း", "DATE", "2024 ခုနှစ် မတ်လ 14 ရက်"},
        RecognizerCase{"ចំនួន 125ខែមីនា", "DATE", ""},
        RecognizerCase{"١٢ صفر 1400mg", "DATE", ""},
        RecognizerCase{"Parmi 12 des 2000 patients", "DATE", ""},
        RecognizerCase{"Επανέλεγχος σε 10 ημέρες. Τηλ. κλινικής 2310 892 415", "PHONE", "2310 892 415"},
        RecognizerCase{"Επανέλεγχος σε 10 ημέρες. Δόση 2310 892 415", "PHONE", ""},
        RecognizerCase{"TEL 03(5401)2278 FAX", "PHONE", "03(5401)2278"},
        RecognizerCase{"see f(x)=3(5401)2278 here", "PHONE", ""},
        RecognizerCase{"Book with us on (09) 444 7182 or reply", "PHONE", "(09) 444 7182"},
        RecognizerCase{"Book with us on 09 444 7182 or reply", "PHONE", ""},
        RecognizerCase{"Card: Visa 4417   Exp 10/26\nAmount: $63.20", "DATE", "10/26"},
        RecognizerCase{"exp 2/3 of the dose", "DATE", ""},
        RecognizerCase{"נא לאשר הגעה עד ה-1/11 משפחת לוי", "DATE", "1/11"},
        RecognizerCase{"ב-3/4 מהמקרים", "DATE", ""},
        RecognizerCase{"Vol. 12(03) 456 7890.", "PHONE", ""},
        RecognizerCase{"Ref 0045(2019)0012 of the Council", "PHONE", ""},
        RecognizerCase{"Τηλεόραση 2310 892 415 ευρώ", "PHONE", ""},
        RecognizerCase{"Cell 1234.5678 counts", "PHONE", ""},
        RecognizerCase{"Nummer: eins zwei drei vier fünf sechs sieben acht", "PHONE", ""},
        RecognizerCase{"Phone: null, null, null, null, null, null, null", "PHONE", ""},
        RecognizerCase{"Appelez les chambres dix, douze, quatorze, seize et dix-huit", "PHONE", ""},
        RecognizerCase{"Handy: null eins sieben eins zwei vier fünf dreißig", "PHONE",
                       "null eins sieben eins zwei vier fünf"},
        RecognizerCase{"Karachi UAN 111-425-425 | Cell", "PHONE", "111-425-425"},
        RecognizerCase{"Karachi ticket 111-425-425 | Cell", "PHONE", ""},
        RecognizerCase{"Chennai 600020 | Mob: 98401.23456 | Timings", "PHONE", "98401.23456"},
        RecognizerCase{"Dose: 98401.23456 mg", "PHONE", ""},
        RecognizerCase{"meine Nummer ist null eins sieben eins, zwei drei vier, fünf sechs eins acht, es geht",
                       "PHONE", "null eins sieben eins, zwei drei vier, fünf sechs eins acht"},
        RecognizerCase{"rappelez-moi au zéro six, trente-neuf, quatre-vingt-dix-huit, douze, zéro sept, c'est", "PHONE",
                       "zéro six, trente-neuf, quatre-vingt-dix-huit, douze, zéro sept"},
        RecognizerCase{"Notes : zéro six, trente-neuf, quatre-vingt-dix-huit, douze, zéro sept", "PHONE", ""},
        RecognizerCase{"Rufen Sie mich bitte zurück unter null eins fünf eins, zwei drei fünf fünf fünf, vier acht.",
                       "PHONE", "null eins fünf eins, zwei drei fünf fünf fünf, vier acht"},
        RecognizerCase{"Llámenos al nueve ocho siete, cinco cinco cinco, uno cuatro tres. Gracias.", "PHONE",
                       "nueve ocho siete, cinco cinco cinco, uno cuatro tres"},
        RecognizerCase{"me ligue no nove um nove, oito sete seis, cinco quatro três dois.", "PHONE",
                       "nove um nove, oito sete seis, cinco quatro três dois"},
        RecognizerCase{"Cuenten: uno dos tres cuatro cinco seis siete ocho.", "PHONE", ""},
        RecognizerCase{"Llamame al once, quince, cuarenta y ocho, veintisiete, treinta y nueve, dieciséis, o al fijo",
                       "PHONE", "once, quince, cuarenta y ocho, veintisiete, treinta y nueve, dieciséis"},
        RecognizerCase{"Llámame: once, cuatro, ocho, cinco, cinco, cinco, cero, uno, nueve.", "PHONE",
                       "once, cuatro, ocho, cinco, cinco, cinco, cero, uno, nueve"},
        RecognizerCase{"Anotá las edades: doce, catorce, once, trece, diez, quince.", "PHONE", ""},
        RecognizerCase{"Llame a las mesas diez, veinte, treinta, cuarenta y cincuenta.", "PHONE", ""},
        RecognizerCase{"Llame al cinco, diez, quince, veinte, veinticinco.", "PHONE", ""},
        RecognizerCase{"Llame al DIECISÉIS, VEINTIDÓS, VEINTITRÉS, VEINTISÉIS, DIECISÉIS.", "PHONE",
                       "DIECISÉIS, VEINTIDÓS, VEINTITRÉS, VEINTISÉIS, DIECISÉIS"},
        RecognizerCase{"El marcador, llame: quince, quince, quince, quince, quince.", "PHONE", ""},
        RecognizerCase{"赵晓梅,1990-08-17,财务部,13905552871,E1031", "PHONE", "13905552871"},
        RecognizerCase{"手机13905552871", "PHONE", "13905552871"},
        RecognizerCase{"订单号 13905552871 已发货", "PHONE", ""},
        RecognizerCase{"流水号：13905552871", "PHONE", ""},
        RecognizerCase{"注文番号13905552871", "PHONE", ""},
        RecognizerCase{"联系电话号码：13905552871", "PHONE", "13905552871"},
        RecognizerCase{"Batch 13905552871 shipped", "PHONE", ""},
        RecognizerCase{"للإلغاء اتصل على ٩٢٠٠٥٥٥١٢ أو", "PHONE", "٩٢٠٠٥٥٥١٢"},
        RecognizerCase{"Total 920055512 units", "PHONE", ""},
        RecognizerCase{"Work order 920012345 was closed.", "PHONE", ""},
        RecognizerCase{"Caller left number as 0 2 0 7 9 4 6 0 9 5 8 (read back, correct)", "PHONE",
                       "0 2 0 7 9 4 6 0 9 5 8"},
        RecognizerCase{"Path Lab        Tel: 0 1 1 - 5 5 5 - 0 1 8 0 Pages: 3", "PHONE", "0 1 1 - 5 5 5 - 0 1 8 0"},
        RecognizerCase{"Tel: count 1 2 3 4 5 6 7 8 9 10", "PHONE", ""},
        RecognizerCase{"Whitfield (mother) Ph: 3 1 4 - 5 5 5 - 0 1 3 8 DOB", "PHONE", "3 1 4 - 5 5 5 - 0 1 3 8"},
        RecognizerCase{"CUSTOMER: my number is 4 1 5 5 5 5 0 1 7 3 [00:00:26]", "PHONE", "4 1 5 5 5 5 0 1 7 3"},
        RecognizerCase{"my number is 4 1 5 5 5 5 0 1 7 3 8 9 2", "PHONE", ""},
        RecognizerCase{"pls page Dr Nguyen on 555-0127 — K 5.9 on repeat", "PHONE", "555-0127"},
        RecognizerCase{"Their number 6555 0142 if you want call them", "PHONE", "6555 0142"},
        RecognizerCase{"auth number 4471 2290 issued", "PHONE", ""},
        RecognizerCase{"رقم الخط الساخن 19555. رقم الطلب", "PHONE", "19555"},
        RecognizerCase{"প্রয়োজনে কল করুন ১৬৫৫৫ অথবা", "PHONE", "১৬৫৫৫"},
        RecognizerCase{"יש להתקשר ל-*5555.", "PHONE", "*5555"},
        RecognizerCase{"Helpline 24000 contacts in March; Hotline 10115 Berlin", "PHONE", ""},
        RecognizerCase{"Call volumes rose to 45000 in 2023", "PHONE", ""},
        RecognizerCase{"Hb 8.1 – NOK Sunita 9876012345 Bed 8", "PHONE", "9876012345"},
        RecognizerCase{"bhaiya please 9820155042 pe call kar lena", "PHONE", "9820155042"},
        RecognizerCase{"PO number 6175550148 raised for the pump", "PHONE", ""},
        RecognizerCase{"Order 9876012345 shipped today", "PHONE", ""},
        RecognizerCase{"Hotline launched in 2024 for 45000 members", "PHONE", ""},
        RecognizerCase{"name,phone,badge\n\"Okafor, Janet\",(312) 555-0142,40117,ICU", "PHONE", "(312) 555-0142"},
        RecognizerCase{"Grid 3 8 1 9 4 2 7 7 0 5 solved", "PHONE", ""},
        RecognizerCase{"Llame y cuente: uno, dos, tres, cuatro, cinco, seis, siete.", "PHONE", ""},
        RecognizerCase{"મે 2 ગોળી લીધી", "DATE", ""},
        RecognizerCase{"Mobile: 98450 17734\nTotal", "PHONE", "98450 17734"},
        RecognizerCase{"batch 12.98110 42837.5 units", "PHONE", ""},
        RecognizerCase{"ring på tlf. 22 46 81 90 eller", "PHONE", "22 46 81 90"},
        RecognizerCase{"rom 22 46 81 90 eller", "PHONE", ""},
        RecognizerCase{"Wants a callback at \"six one five, five five five, oh one three two\". Quote", "PHONE",
                       "six one five, five five five, oh one three two"},
        RecognizerCase{"Wants a cake at \"six one five, five five five, oh one three two\". Quote", "PHONE", ""},
        RecognizerCase{"初诊日期：二〇二四年三月四日。复诊", "DATE", "二〇二四年三月四日"},
        RecognizerCase{"Kontrol d. 4/3-2024 kl. 9.40", "DATE", "4/3-2024"},
        RecognizerCase{"blodprøver taget 27/2. Hgb 8,1", "DATE", "27/2"},
        RecognizerCase{"Εξετάσεις από 28/2. Γλυκόζη", "DATE", "28/2"},
        RecognizerCase{"lol my bday is 9/9, turning 30", "DATE", "9/9"},
        RecognizerCase{"FLIGHT VN254 DATE 09DEC SEAT 23C", "DATE", "09DEC"},
        RecognizerCase{"Code AB12AUG and 12AUGX", "DATE", ""},
        RecognizerCase{"Ólafsson í Reykjavík 3. júní. Guðrún", "DATE", "3. júní"},
        RecognizerCase{"تاریخ پذیرش: ۱۴۰۲/۱۲/۲۴ تشخیص", "DATE", "۱۴۰۲/۱۲/۲۴"},
        RecognizerCase{"วันที่ส่งต่อ 14/03/2567", "DATE", "14/03/2567"},
        RecognizerCase{"抄表日期：113/05/28", "DATE", "113/05/28"},
        RecognizerCase{"Ratio 1400/13/31 units", "DATE", ""},
        RecognizerCase{"реабилитация с 25.03, телефон", "DATE", "25.03"},
        RecognizerCase{"Próxima consulta: 18 de mar. Sulfato", "DATE", "18 de mar."},
        RecognizerCase{"[09:14, 22/04] Juliana: oi", "DATE", "22/04"},
        RecognizerCase{"Fecha de antigüedad: 15-ene-2019 Salario", "DATE", "15-ene-2019"},
        RecognizerCase{"antes del 1° de noviembre. Mesa 14", "DATE", "1° de noviembre"},
        RecognizerCase{"Consulta lun 18/3: cefalea", "DATE", "lun 18/3"},
        RecognizerCase{"forældremøde torsdag d. 26/9 kl. 17", "DATE", "torsdag d. 26/9"},
        RecognizerCase{"Lawatan Isnin, 12/2: POA 26/52", "DATE", "Isnin, 12/2"},
        RecognizerCase{"Tái khám: Thứ Năm, 28/3. Mã thẻ", "DATE", "Thứ Năm, 28/3"},
        RecognizerCase{"Next clinic 11/04. Tel", "DATE", "11/04"},
        RecognizerCase{"Next 10/10 pain score", "DATE", ""},
        RecognizerCase{"TMH: 14 Ogos 2023, JTL", "DATE", "14 Ogos 2023"},
        RecognizerCase{"داخلہ: 14 مارچ 2024، ڈسچارج", "DATE", "14 مارچ 2024"},
        RecognizerCase{"after hours 555-0110 x204. CT", "PHONE", "555-0110 x204"},
        RecognizerCase{"Call or text 1-877-NURSE-4U today", "PHONE", "1-877-NURSE-4U"},
        RecognizerCase{"Order 800-AB-12 shipped", "PHONE", ""},
        RecognizerCase{"save it, old one 0491570110 is dead", "PHONE", "0491570110"},
        RecognizerCase{"KES 1,250.00 sent to JANE 0712345678 on 12/3/24", "PHONE", "0712345678"},
        RecognizerCase{"Pls send to GTB acct 0123984471 today", "PHONE", ""},
        RecognizerCase{"Order no. 0412345678 shipped, ID 0712345678", "PHONE", ""},
        RecognizerCase{"Build 20240491570110 and v0491570110.2", "PHONE", ""},
        RecognizerCase{"Received Tk 5,000.00 from 01819447203 (Rahim)", "PHONE", "01819447203"},
        RecognizerCase{"ΑΜΚΑ 01014712345, κρεβάτι 2", "PHONE", ""},
        RecognizerCase{"Personnummer 0505751234, CPR 0712345678", "PHONE", ""},
        RecognizerCase{"Terminvereinbarung: 0664 / 381 22 09 Ordinationszeiten", "PHONE", "0664 / 381 22 09"},
        RecognizerCase{"Thomas Berger, Tel. 0221 / 42 18 77-0", "PHONE", "0221 / 42 18 77-0"},
        RecognizerCase{"Seen 01/12 2024 10:30 in clinic", "PHONE", ""},
        RecognizerCase{"Call/WA: 9388 1427 for a quote", "PHONE", "9388 1427"},
        RecognizerCase{"NRIC S6312345D, HP 9876 5432, Blk 123", "PHONE", "9876 5432"},
        RecognizerCase{"auth number 4471 2290, claim batch 7723-4415, call 2023 2024", "PHONE", ""},
        RecognizerCase{"ติดต่อ 02-201-1000 หรือ", "PHONE", "02-201-1000"},
        RecognizerCase{"Support Center at 800-29-29-AMD in the US", "PHONE", "800-29-29-AMD"},
        RecognizerCase{"Client: Flat 4, 19 Elm Grove, Harrogate HG1 2AB", "ZIP", "HG1 2AB"},
        RecognizerCase{"Client: Flat 4, 19 Elm Grove, Harrogate HG1 2AB", "ADDRESS", "Flat 4, 19 Elm Grove, Harrogate"},
        RecognizerCase{"Ward B2 2BB was closed", "ZIP", ""},
        RecognizerCase{"Moved to B2 3RD floor", "ZIP", ""},
        RecognizerCase{"Moved to bay A1 2BB", "ZIP", ""},
        RecognizerCase{"1200 Main Street, Montreal, QC H3B 1K9", "ZIP", "H3B 1K9"},
        RecognizerCase{"Seaview Terrace, Dublin D04 X2Y8 to T2", "ZIP", "D04 X2Y8"},
        RecognizerCase{"1. Mrs E. Nakamura, 8/42 Beach Rd, Mona Vale NSW 2103, key safe", "ZIP", "2103"},
        RecognizerCase{"1. Mrs E. Nakamura, 8/42 Beach Rd, Mona Vale NSW 2103, key safe", "ADDRESS",
                       "8/42 Beach Rd, Mona Vale NSW"},
        RecognizerCase{"dihubungi di WA 0812-3456-7890", "ZIP", ""},
        RecognizerCase{"Airbus DS Geo SA\n   2015, Jane", "ZIP", ""},
        RecognizerCase{"27 Kowhai St, Rotorua 3010 Thanks", "ZIP", "3010"},
        RecognizerCase{"Address: 14 Adebiyi Close, Ikeja, Lagos\n5. Phone", "ADDRESS",
                       "14 Adebiyi Close, Ikeja, Lagos"},
        RecognizerCase{"\"77 Cedar Ln Apt 2B, Dayton OH\",45402", "NAME", ""},
        RecognizerCase{"Meet at 12 Main St, Monday at 3pm.", "ADDRESS", "12 Main St"},
        RecognizerCase{"Copyright 2013 Peter Michael Green", "ADDRESS", ""},
        RecognizerCase{"ADDRESS: FLAT 3, 22 MILLBROOK ROAD, LEEDS LS6 2QT TEL", "ADDRESS",
                       "FLAT 3, 22 MILLBROOK ROAD, LEEDS"},
        RecognizerCase{"FOLLOW UP IN 2 WEEKS CLOSE MONITORING", "ADDRESS", ""},
        RecognizerCase{"pincode 560034, EMI 2,499", "ZIP", "560034"},
        RecognizerCase{"Endereço: Av. Paulista, 1000, CEP 01310-100", "ZIP", "01310-100"},
        RecognizerCase{"Cep: 0532 555 01 23, iş: 0212 555 01 00", "ZIP", ""},
        RecognizerCase{"See man7/cp1251.7 for the table", "ZIP", ""},
        RecognizerCase{"Adres Keizersgracht 214-2, 1017 AB Amsterdam", "ADDRESS", "Keizersgracht 214-2"},
        RecognizerCase{"Adres Keizersgracht 214-2, 1017 AB Amsterdam", "ZIP", "1017 AB"},
        RecognizerCase{"con domicilio en C/ Alcalá 245, 3º B, 28028 Madrid", "ADDRESS", "C/ Alcalá 245, 3º B"},
        RecognizerCase{"con domicilio en C/ Alcalá 245, 3º B, 28028 Madrid", "ZIP", "28028"},
        RecognizerCase{"no cartório da Avenida 5 de Outubro, 124. Sinal", "ADDRESS", "Avenida 5 de Outubro, 124"},
        RecognizerCase{"di rumah Bu Ratna, Jl. Melati No. 12. Iuran", "ADDRESS", "Jl. Melati No. 12"},
        RecognizerCase{"à la clinique, 1200, rue Sainte-Catherine Ouest, H3B 1K9.", "ADDRESS",
                       "1200, rue Sainte-Catherine Ouest"},
        RecognizerCase{"Wohnhaft Hauptstraße 5, 10115 Berlin.", "ADDRESS", "Hauptstraße 5"},
        RecognizerCase{"Parkplatz 12 ist frei", "ADDRESS", ""},
        RecognizerCase{"Book via WhatsApp 9555 0147 or call", "ADDRESS", ""},
        RecognizerCase{"Total 62,50 € c/ IVA 23%.", "ADDRESS", ""},
        RecognizerCase{"Copyright 2009 KDAB via Guillermo Amaral\n Copyright 2010 Kenneth", "ADDRESS", ""},
        RecognizerCase{"Take 2 place settings and 3 route options", "ADDRESS", ""},
        RecognizerCase{"Copyright 1998-2002 Dirk Stöcker", "ADDRESS", ""},
        RecognizerCase{"contact MicroPress, Inc., 68-30 Harrow Street, Forest Hills, NY 11375", "ADDRESS",
                       "68-30 Harrow Street, Forest Hills, NY"},
        RecognizerCase{"Address: 22 Marlborough Road, Rathmines, Dublin 6. Phone", "ADDRESS",
                       "22 Marlborough Road, Rathmines, Dublin 6"},
        RecognizerCase{"PO Box 4471, Boise, ID 83701", "ADDRESS", "PO Box 4471, Boise, ID"},
        RecognizerCase{"MUSA DANJUMA   HOSP NO: UATH/24/08817   WARD: MMW", "MRN", "UATH/24/08817"},
        RecognizerCase{"Age/Sex: 62/M   UHID: MH-2024-118273 IP No: 24", "MRN", "MH-2024-118273"},
        RecognizerCase{"LOPEZ, ANTONIO   NHC: 00483921 SERVICIO DE URGENCIAS", "MRN", "00483921"},
        RecognizerCase{"Akua Mensah, 45F, Folder No. OPD/24/07731 Kindly see", "MRN", "OPD/24/07731"},
        RecognizerCase{"Aufnahme, Fallnummer 40071234, Station 4B", "MRN", "40071234"},
        RecognizerCase{"Contract file no. 2024/118832 attached", "MRN", ""},
        RecognizerCase{"Processo n.º 2024/118832 no tribunal", "MRN", ""},
        RecognizerCase{"Mail to PO Box 12, Boston 02110-1301 today", "ZIP", "02110-1301"},
        RecognizerCase{"QTY: 15   NDC 62037-0831-30 DR. A. SHAH", "ZIP", ""},
        RecognizerCase{"Last refill Rx no. 00412-8873. Last BP", "ZIP", ""},
        RecognizerCase{"Blk 123 Ang Mo Kio Ave 3, #05-112, Singapore 560123", "ZIP", "560123"},
        RecognizerCase{"Termin Mo. 8.4. 10 Uhr", "DATE", "Mo. 8.4."},
        RecognizerCase{"afspraak ma 8/4 om 10u", "DATE", "ma 8/4"},
        RecognizerCase{"dose di 1/2 compressa", "DATE", ""},
        RecognizerCase{"予約 4/8（月）午前", "DATE", "4/8"},
        RecognizerCase{"utskriven 7/5; CRP 112", "DATE", "7/5"},
        RecognizerCase{"kontrol tgl 8/4 jam 9", "DATE", "8/4"},
        RecognizerCase{"stok 1/2 jar sisa", "DATE", ""},
        RecognizerCase{"Send to 1600 Pennsylvania Avenue NW, Washington, DC 20500", "ADDRESS",
                       "1600 Pennsylvania Avenue NW, Washington, DC"},
        RecognizerCase{"Norand Inc. 550 2nd Street S.E. Cedar Rapids", "ADDRESS", "550 2nd Street S.E."},
        RecognizerCase{"Domicilio: Calle de Alcalá 50, 28014 Madrid", "ADDRESS", "Calle de Alcalá 50"},
        RecognizerCase{"Morada: Rua Augusta 100, 1100-053 Lisboa", "ZIP", "1100-053"},
        RecognizerCase{"Adres: ul. Marszałkowska 10/12, 00-590 Warszawa", "ADDRESS", "ul. Marszałkowska 10/12"},
        RecognizerCase{"Address: 12 Jalan Ampang, 50450 Kuala Lumpur", "ADDRESS", "12 Jalan Ampang"},
        RecognizerCase{"Flat 2/1, 14 Hyndland Road, Glasgow G12 9UP", "ADDRESS", "Flat 2/1, 14 Hyndland Road, Glasgow"},
        RecognizerCase{"Patient: J Bloggs  NHS No: 943 476 5919  DOB", "MRN", "943 476 5919"},
        RecognizerCase{"NHS number 9434765919.", "MRN", "9434765919"},
        RecognizerCase{"NHS 111 on 943 476 5918", "MRN", ""},
        RecognizerCase{"Ph# 5551234567", "PHONE", "5551234567"},
        RecognizerCase{"Mum 0412345678", "PHONE", "0412345678"},
        RecognizerCase{"Budget NOK 1500000000 for the new hospital", "PHONE", ""},
        RecognizerCase{"Los ingresos son 2500000000 pesos", "PHONE", ""},
        RecognizerCase{"Son account 0412345678", "PHONE", ""},
        RecognizerCase{"her son paid 250 1000 for it", "PHONE", ""}));

// A weekday before a date joins it unless a name reaches into it from before; a name that runs into a date ends where
// the date begins. Nothing of either is left in the text (two reviews found names and weekdays left).
TEST(Scrubber, AWeekdayOrANameBeforeADateIsNeverLeftInTheText) {
  const Scrubber scrubber(ScrubConfig{});
  for (const char* text :
       {"Seen by Anna Freitag 12. März 2024.", "Seen by Dr. Anna Freitag 12.03.2024 in clinic.",
        "Reviewed by Dr Tom Sunday 12/03/2024.", "spoke with Domingo June 14 re meds", "Domingo, June 14",
        "Message from Domenica April 3: ok", "Message from Lucia April 3: ok", "Seen by Maria Domingo June 14",
        "Patientin Anna Domenica 12/03/2024 aufgenommen."}) {
    const std::string scrubbed = scrubber.Scrub(text).text;
    for (const char* word : {"Anna", "Freitag", "Tom", "Sunday", "Domingo", "Domenica", "Lucia", "Maria", "June",
                             "April", "12", "14"}) {
      EXPECT_EQ(scrubbed.find(word), std::string::npos) << text << " -> " << scrubbed;
    }
  }
  EXPECT_EQ(Found(scrubber, "Message from Lucia April 3: ok", "NAME"), (std::vector<std::string>{"Lucia"}));
  // A weekday a pattern reads as the date's first word is the surname of a name that runs into it.
  EXPECT_EQ(Found(scrubber, "Patient Anna Domenica 12/03/2024 admitted.", "NAME"),
            (std::vector<std::string>{"Anna Domenica"}));
  EXPECT_EQ(Found(scrubber, "Patient Anna Domenica 12/03/2024 admitted.", "DATE"),
            (std::vector<std::string>{"12/03/2024"}));
  EXPECT_EQ(Found(scrubber, "ci vediamo domenica 12/03 alle 10", "DATE"), (std::vector<std::string>{"domenica 12/03"}));
}

TEST(Scrubber, WhatAPatternReadsAfterADateCanBeginTheNext) {
  const Scrubber scrubber(ScrubConfig{});
  EXPECT_EQ(Found(scrubber, "seen on the 2nd and on the 9th", "DATE"), (std::vector<std::string>{"2nd", "9th"}));
  EXPECT_EQ(Found(scrubber, "off 1 june-3 june", "DATE"), (std::vector<std::string>{"1 june", "3 june"}));
  EXPECT_EQ(Found(scrubber, "on Ward 3B between the 2nd and 9th November", "DATE"),
            (std::vector<std::string>{"2nd", "9th November"}));
  // A range's first day and month, when its other end is a full date; "02.04" alone would be read as a fraction.
  EXPECT_EQ(Found(scrubber, "hospitalizowana 02.04–09.04.2024. Zalecenia", "DATE"),
            (std::vector<std::string>{"02.04", "09.04.2024"}));
  EXPECT_EQ(Found(scrubber, "stay 3/8-7/8/2024 in Rome", "DATE"), (std::vector<std::string>{"3/8", "7/8/2024"}));
  // Days and months in a series with the same month in the same place are dates; one alone (unless written with a
  // padding zero, "14/05"), eye tests, scores, blood pressures and fractions are not.
  EXPECT_EQ(Found(scrubber, "Bloods: 14/05 Hb 12.3 | 21/05 Hb 11.8 | 28/05 Hb 10.9", "DATE"),
            (std::vector<std::string>{"14/05", "21/05", "28/05"}));
  EXPECT_EQ(Found(scrubber, "11/14 home meds: Eliquis 5 mg BID (last dose 11/13 2000)", "DATE"),
            (std::vector<std::string>{"11/14", "11/13"}));
  EXPECT_TRUE(Found(scrubber, "Bloods: 14/5 Hb 12.3, repeat in a week", "DATE").empty());
  EXPECT_EQ(Found(scrubber, "Bloods: 14/05 Hb 98, 21/05 Hb 102, 28/05 Hb 110. Her favourite nurse visited.", "DATE"),
            (std::vector<std::string>{"14/05", "21/05", "28/05"}));
  EXPECT_TRUE(Found(scrubber, "VA R 6/9 L 6/6, pain 5/10 then 7/10, BP 120/80 and 130/85, 1/2 tab, 3/4 cup", "DATE")
                  .empty());
  EXPECT_TRUE(Found(scrubber, "pages 12/14 and 11/14/2/1", "DATE").empty());
  for (const char* not_dates : {"He answered 9/11 and then 8/11 correctly. Quiz: 10/12, retest 11/12.",
                                "We offer 24/7 support and 24/7 monitoring.", "Abx 10/7, steroids 14/7, review 21/7",
                                "Odds 7/4, 9/4 and 11/4; time 6/8, 9/8 and 12/8",
                                "Odds: Red Rum 9/2, Aldaniti 11/2, Corbiere 13/2, the rest 20/1.",
                                "Flat 12/3A and 14/3B; 14/05.5 and 21/05.5; №12/3 and №14/3"}) {
    EXPECT_TRUE(Found(scrubber, not_dates, "DATE").empty()) << not_dates;
  }
  EXPECT_EQ(Found(scrubber, "off work from the 4th until the 9th.", "DATE"), (std::vector<std::string>{"4th", "9th"}));
  EXPECT_EQ(Found(scrubber, "away from the 4th to the 9th.", "DATE"), (std::vector<std::string>{"4th", "9th"}));
  // A user pattern's matches do not overlap: what it reads after its value is not searched again.
  ScrubConfig config;
  config.user_patterns.push_back(UserPattern{"employee", "EMPLOYEE_ID", R"((EMP\d{4})[^\n]*)", "", {}, 0.9});
  EXPECT_EQ(Found(Scrubber(config), "EMP1234 EMP5678 EMP9012", "EMPLOYEE_ID"), (std::vector<std::string>{"EMP1234"}));
}

TEST(Scrubber, OverlapsKeepHigherScoreThenLongerSpan) {
  const Scrubber scrubber(ScrubConfig{});
  // The IBAN's digit groups are not reported again as anything else.
  std::string text = "Account DE89 3704 0044 0532 0130 00 closed";
  std::vector<Finding> findings = scrubber.Find(text);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].type, "IBAN");
  // Equal scores: the longer span wins; a higher score beats length.
  UserPattern short_pattern{"short", "SHORT", "abc", "", {}, 0.9};
  UserPattern long_pattern{"long", "LONG", "abcdef", "", {}, 0.9};
  UserPattern strong_pattern{"strong", "STRONG", "cde", "", {}, 0.95};
  ScrubConfig config;
  config.entities = {"SHORT", "LONG"};
  config.user_patterns = {short_pattern, long_pattern, strong_pattern};
  const Scrubber equal(config);
  findings = equal.Find("xx abcdef yy");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].type, "LONG");
  config.entities = {"SHORT", "LONG", "STRONG"};
  const Scrubber stronger(config);
  findings = stronger.Find("xx abcdef yy");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].type, "STRONG");
}

TEST(Scrubber, AnOverlapOfOneTypeIsScrubbedWhole) {
  // "head" wins on score; "tail", of the same type, reaches past it and widens it, so no part of the value is left.
  ScrubConfig config;
  config.entities = {"CODE", "OTHER"};
  config.user_patterns = {{"head", "CODE", "ab12", "", {}, 0.95},
                          {"tail", "CODE", "12cd", "", {}, 0.9},
                          {"other", "OTHER", "cdef", "", {}, 0.85}};
  const Scrubber scrubber(config);
  std::vector<Finding> findings = scrubber.Find("xx ab12cd yy");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].start, 3u);
  EXPECT_EQ(findings[0].end, 9u);
  EXPECT_EQ(findings[0].recognizer, "head");
  // The loser overlaps two findings ("ab12", and "cdef" of OTHER): nothing widens, and the two cover it all.
  findings = scrubber.Find("xx ab12cdef yy");
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].type, "CODE");
  EXPECT_EQ(findings[0].end, 7u);
  EXPECT_EQ(findings[1].type, "OTHER");
  EXPECT_EQ(findings[1].start, 7u);
  // A loser of another type never widens the winner.
  config.user_patterns[1].type = "OTHER";
  const Scrubber other_type(config);
  findings = other_type.Find("xx ab12cd yy");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].end, 7u);
}

TEST(Scrubber, ContextWordsRaiseTheScore) {
  const Scrubber scrubber(ScrubConfig{});
  auto score_of = [&](std::string_view text) {
    for (const Finding& f : scrubber.Find(text)) {
      if (f.type == "PHONE") return f.score;
    }
    return 0.0;
  };
  EXPECT_GT(score_of("phone: 212-555-0187"), score_of("lorem ipsum 212-555-0187"));
  EXPECT_GT(score_of("lorem ipsum 212-555-0187"), 0.0);
}

TEST(Scrubber, EntityFilterAndTypes) {
  ScrubConfig config;
  config.entities = {"EMAIL"};
  const Scrubber scrubber(config);
  std::vector<Finding> findings = scrubber.Find("a@b.com 123-45-6789 John Smith");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].type, "EMAIL");
  EXPECT_EQ(scrubber.ActiveTypes(), std::vector<std::string>{"EMAIL"});
  config.entities = {"EMAILS"};
  EXPECT_THROW(Scrubber{config}, common::ConfigError);
}

TEST(Operators, PlaceholderIsTheTypeInBrackets) {
  const Scrubber scrubber(ScrubConfig{});
  ScrubbedText out = scrubber.Scrub("Mail jane@example.com or call 212-555-0187.");
  EXPECT_EQ(out.text, "Mail [EMAIL] or call [PHONE].");
  EXPECT_EQ(out.findings.size(), 2u);
  EXPECT_TRUE(out.residual.empty());
  EXPECT_FALSE(out.dropped);
}

// The built-in patterns run in windows around digits, '@' and ':'; a window used to stop widening 256 bytes past
// them, so a longer URL was replaced only up to there and its tail (here a name) stayed in the text, once cut
// inside a UTF-8 character (found by the input fuzz driver).
TEST(Operators, AUrlOfAnyLengthIsReplacedWhole) {
  const Scrubber scrubber(ScrubConfig{});
  std::string padding;
  for (int i = 0; i < 40; ++i) padding += "JaneRoe-";
  for (const std::string tail : {"&name=Jane", "&name=Zoë"}) {
    ScrubbedText out = scrubber.Scrub("Portal https://example.org/chart?patient=" + padding + tail + " today.");
    EXPECT_EQ(out.text, "Portal [URL] today.") << tail;
  }
  std::string long_path = "See www.example.org/" + std::string(2000, 'a') + " and 212-555-0187.";
  EXPECT_EQ(scrubber.Scrub(long_path).text, "See [URL] and [PHONE].");
}

TEST(Operators, MaskKeepsTheLastCharactersAndPunctuation) {
  ScrubConfig config;
  config.default_operator = {OperatorKind::kMask, 4, '*'};
  const Scrubber scrubber(config);
  EXPECT_EQ(scrubber.Scrub("SSN 123-45-6789").text, "SSN ***-**-6789");
  config.default_operator.mask_keep_last = 0;
  const Scrubber full(config);
  EXPECT_EQ(full.Scrub("SSN 123-45-6789").text, "SSN ***-**-****");
  // Multi-byte characters are masked as one character each.
  Finding name{"NAME", 0, 6, 1.0, "test"};
  EXPECT_EQ(full.Replacement(name, "Jos\xC3\xA9"), "****");
}

// A config that pseudonymises with HMAC under `key`, read from the environment variable LEAKGATE_TEST_SCRUB_KEY.
ScrubConfig HmacConfig(const char* key) {
  ::setenv("LEAKGATE_TEST_SCRUB_KEY", key, 1);
  ScrubConfig config;
  config.default_operator.kind = OperatorKind::kHmac;
  config.hmac_key_env = "LEAKGATE_TEST_SCRUB_KEY";
  return config;
}

TEST(Operators, HmacIsDeterministicKeyedAndNormalised) {
  const ScrubConfig config = HmacConfig("first secret of at least 32 chars");
  const Scrubber first(config);
  std::string a = first.Scrub("call 212-555-0187").text;
  std::string b = first.Scrub("call (212) 555-0187").text;
  EXPECT_EQ(a, b) << "the same number in another format maps to the same pseudonym";
  EXPECT_EQ(a.rfind("call [PHONE:", 0), 0u) << a;
  EXPECT_EQ(a.size(), std::string("call [PHONE:0123456789abcdef]").size());
  EXPECT_NE(first.Scrub("call 212-555-0188").text, a);
  ::setenv("LEAKGATE_TEST_SCRUB_KEY", "second secret of at least 32 chars", 1);
  const Scrubber second(config);
  EXPECT_NE(second.Scrub("call 212-555-0187").text, a) << "another key gives other pseudonyms";
  ::unsetenv("LEAKGATE_TEST_SCRUB_KEY");
}

// A number written in other digits is the same number (the review found every Arabic-Indic number normalised to
// nothing, so all of them shared one pseudonym).
TEST(Operators, HmacReadsDigitsOfOtherScriptsAsTheirNumbers) {
  const Scrubber scrubber(HmacConfig("first secret of at least 32 chars"));
  const std::string arabic = scrubber.Scrub("call ٠١٠ ١٢٣٤ ٥٦٧٨").text;
  EXPECT_EQ(arabic.rfind("call [PHONE:", 0), 0u) << arabic;
  EXPECT_EQ(arabic, scrubber.Scrub("call 010 1234 5678").text);
  EXPECT_NE(arabic, scrubber.Scrub("call ٠١١ ٩٨٧٦ ٥٤٣٢").text);
  EXPECT_EQ(scrubber.Scrub("born on ١٥ March ١٩٨٧").text, scrubber.Scrub("born on 15 March 1987").text);
  EXPECT_EQ(scrubber.Scrub("電話：０３－１２３４－５６７８").text, scrubber.Scrub("電話：03-1234-5678").text);
  EXPECT_EQ(scrubber.Scrub("生年月日：２０２４／３／１５").text, scrubber.Scrub("生年月日：2024/3/15").text);
  ::unsetenv("LEAKGATE_TEST_SCRUB_KEY");
}

// A number in a phone's shape after a phone and the word for "or" (Wolof, Maltese, Fijian, Haitian Creole) is a phone
// too.
TEST(Scrubber, ANumberAfterAPhoneAndOrInMoreLanguagesIsAPhone) {
  static const Scrubber scrubber(ScrubConfig{});
  EXPECT_EQ(Found(scrubber, "Tel: +221 77 641 28 93 walla 33 951 17 05.", "PHONE"),
            (std::vector<std::string>{"+221 77 641 28 93", "33 951 17 05"}));
  EXPECT_EQ(Found(scrubber, "Ċempel lil Marija fuq 7942 1837 jew 2133 6420 wara s-6pm.", "PHONE"),
            (std::vector<std::string>{"7942 1837", "2133 6420"}));
  EXPECT_EQ(Found(scrubber, "Veitaratara kei Jone ena 921 4418 se +679 330 2273.", "PHONE"),
            (std::vector<std::string>{"921 4418", "+679 330 2273"}));
  EXPECT_EQ(Found(scrubber, "rele Madan nan +509 3748 2915 oswa 2813-4470.", "PHONE"),
            (std::vector<std::string>{"+509 3748 2915", "2813-4470"}));
  // Not after a comma or "and", nor two years, nor a number a local number is beside.
  for (const char* text : {"Name,Phone,Balance\nJohn Smith,020 7946 0958,2500-4000",
                           "Mob: 07700 900123 and 2019 2024 results", "Contact: 020 7946 0958, 2023-2024 report",
                           "Tel 0161 496 0000 or 2019-2024"}) {
    EXPECT_EQ(Found(scrubber, text, "PHONE").size(), 1u) << text;
  }
}

// A scanned form's OCR reads some digits as O, o, l or I: inside a number they are read as the digits, and the span
// covers the letters as written; beside letters, in short numbers or alone they stay letters.
TEST(Scrubber, DigitsOcrReadAsLettersAreReadAsDigitsInsideANumber) {
  ScrubConfig digits_only;
  digits_only.name_model = false;
  const Scrubber scrubber(digits_only);
  EXPECT_EQ(Found(scrubber, "Home Ph: (3l4) 555-O192   Cell: 314 555 0l77", "PHONE"),
            (std::vector<std::string>{"(3l4) 555-O192", "314 555 0l77"}));
  EXPECT_EQ(Found(scrubber, "DOB: O7/l9/1988   Ht 5'11\"", "DATE"), std::vector<std::string>{"O7/l9/1988"});
  EXPECT_EQ(Found(scrubber, "Employee's SSN 4l8-22-O937 | b EIN", "SSN"), std::vector<std::string>{"4l8-22-O937"});
  EXPECT_EQ(Found(scrubber, "携帯 O9O-4821-3365", "PHONE"), std::vector<std::string>{"O9O-4821-3365"});
  for (const char* text : {"Pool1234567 is open", "add 2l of water and 3 555 0123", "take I 95 north, 555 0123 l",
                           "Call lO1 555 then", "Angles 45o 90o 180o 270o"}) {
    EXPECT_TRUE(scrubber.Find(text).empty()) << text;
  }
}

// Bytes that only look like the lead of a digit ("\xDB" before an ASCII "0") are not one: a long run of them once
// made the search recurse once per byte until the stack overflowed.
TEST(Scrubber, InvalidUtf8BeforeADigitIsNotADigitOfAnotherScript) {
  ScrubConfig digits_only;  // what the learned tagger makes of the words around is not what this is about
  digits_only.name_model = false;
  const Scrubber scrubber(digits_only);
  const std::string text = std::string(64000, '\xDB') + "0 and STRA\xDF" "E 5";
  EXPECT_TRUE(scrubber.Find(text).empty());
}

TEST(Operators, HmacWithoutKeyIsAConfigurationError) {
  ::unsetenv("LEAKGATE_TEST_MISSING_KEY");
  ScrubConfig config;
  config.hmac_key_env = "LEAKGATE_TEST_MISSING_KEY";
  config.operator_overrides["SSN"] = {OperatorKind::kHmac, 4, '*'};
  try {
    Scrubber scrubber(config);
    FAIL() << "expected common::ConfigError";
  } catch (const common::ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("LEAKGATE_TEST_MISSING_KEY"), std::string::npos) << error.what();
  }
}

TEST(Operators, AShortHmacKeyIsAConfigurationError) {
  ::setenv("LEAKGATE_TEST_SHORT_KEY", "password123", 1);
  ScrubConfig config;
  config.default_operator.kind = OperatorKind::kHmac;
  config.hmac_key_env = "LEAKGATE_TEST_SHORT_KEY";
  try {
    Scrubber scrubber(config);
    FAIL() << "expected common::ConfigError";
  } catch (const common::ConfigError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("has 11 characters; operator hmac needs at least 32"));
    EXPECT_THAT(error.what(), ::testing::HasSubstr("openssl rand -hex 32"));
  }
  ::unsetenv("LEAKGATE_TEST_SHORT_KEY");
}

TEST(Operators, DropRecordAndPerEntityOverrides) {
  ScrubConfig config;
  config.operator_overrides["SSN"] = {OperatorKind::kDropRecord, 4, '*'};
  config.operator_overrides["EMAIL"] = {OperatorKind::kMask, 2, '#'};
  const Scrubber scrubber(config);
  ScrubbedText kept = scrubber.Scrub("mail ab@example.com, call 212-555-0187");
  EXPECT_EQ(kept.text, "mail ##@#######.#om, call [PHONE]");
  ScrubbedText dropped = scrubber.Scrub("SSN 123-45-6789 and a@b.com");
  EXPECT_TRUE(dropped.dropped);
  EXPECT_TRUE(dropped.text.empty());
  EXPECT_EQ(dropped.findings.size(), 2u);
}

TEST(UserPatterns, RegexValidatorContextAndScore) {
  ScrubConfig config;
  config.user_patterns.push_back({"employee", "EMPLOYEE_ID", R"(\bEMP-(\d{6})\b)", "", {"employee"}, 0.4});
  config.user_patterns.push_back({"card_digits", "CARD_DIGITS", R"(\b\d{16}\b)", "luhn", {}, 0.9});
  const Scrubber scrubber(config);
  // Base score 0.4 is below min_score 0.5; the context word lifts it.
  EXPECT_TRUE(Found(scrubber, "id EMP-123456", "EMPLOYEE_ID").empty());
  EXPECT_EQ(Found(scrubber, "employee EMP-123456", "EMPLOYEE_ID"), std::vector<std::string>{"123456"});
  EXPECT_EQ(Found(scrubber, "n 4111111111111111", "CARD_DIGITS").size() +
                Found(scrubber, "n 4111111111111111", "CREDIT_CARD").size(),
            1u);
  EXPECT_TRUE(Found(scrubber, "n 4111111111111112", "CARD_DIGITS").empty());
  EXPECT_EQ(scrubber.Scrub("employee EMP-123456").text, "employee EMP-[EMPLOYEE_ID]");
}

TEST(UserPatterns, BadPatternsAreConfigurationErrors) {
  ScrubConfig bad_regex;
  bad_regex.user_patterns.push_back({"broken", "X", "(unclosed", "", {}, 0.8});
  EXPECT_THROW(Scrubber{bad_regex}, common::ConfigError);
  ScrubConfig bad_validator;
  bad_validator.user_patterns.push_back({"p", "X", "x", "checksum", {}, 0.8});
  EXPECT_THROW(Scrubber{bad_validator}, common::ConfigError);
  ScrubConfig bad_score;
  bad_score.user_patterns.push_back({"p", "X", "x", "", {}, 1.5});
  EXPECT_THROW(Scrubber{bad_score}, common::ConfigError);
  EXPECT_THROW(ParseOperator("redact", "scrub.operator"), common::ConfigError);
}

TEST(Residual, CountsWhatSurvivesScrubbing) {
  ScrubConfig config;
  config.entities = {"PHONE"};
  const Scrubber phones_only(config);
  // An e-mail is not scrubbed when only PHONE is enabled, and the residual scan only looks for enabled types.
  EXPECT_TRUE(phones_only.Scrub("x@y.com 212-555-0187").residual.empty());
  // A mask that keeps everything leaves the identifier in place: the residual scan sees it.
  ScrubConfig keep_all;
  keep_all.default_operator = {OperatorKind::kMask, 64, '*'};
  const Scrubber leaky(keep_all);
  ScrubbedText out = leaky.Scrub("mail x.y@example.com");
  EXPECT_EQ(out.text, "mail x.y@example.com");
  ASSERT_EQ(out.residual.size(), 1u);
  EXPECT_EQ(out.residual[0].type, "EMAIL");
}

TEST(Residual, IgnoresTheScrubbersOwnPseudonyms) {
  // Under operator hmac some pseudonyms are 16 decimal digits, which the licence recognizer (cue "license" + an
  // ID number) finds again. The residual scan must count what scrubbing left, not what it wrote.
  const Scrubber scrubber(HmacConfig("residual secret of at least 32 chars"));
  int pseudonyms_found_again = 0;
  for (int i = 0; i < 20000 && pseudonyms_found_again < 3; ++i) {
    const std::string text = "driver license D" + std::to_string(1000000 + i) + " on file";
    const ScrubbedText out = scrubber.Scrub(text);
    ASSERT_EQ(out.findings.size(), 1u) << text;
    if (!scrubber.Find(out.text).empty()) {
      ++pseudonyms_found_again;
      EXPECT_TRUE(out.residual.empty()) << out.text;
    }
  }
  ::unsetenv("LEAKGATE_TEST_SCRUB_KEY");
  EXPECT_EQ(pseudonyms_found_again, 3) << "no pseudonym was found again: the test no longer exercises the filter";
}

TEST(Report, CountsAndSafeHarborTable) {
  const Scrubber scrubber(ScrubConfig{});
  ScrubStats stats;
  std::string text = "mail a@example.com, b@example.com";
  stats.Add(text.size(), scrubber.Scrub(text));
  stats.Add(3, scrubber.Scrub("abc"));
  nlohmann::ordered_json report = ScrubReportJson(stats, scrubber);
  EXPECT_EQ(report["records_in"], 2);
  EXPECT_EQ(report["records_with_findings"], 1);
  EXPECT_EQ(report["findings_per_type"]["EMAIL"], 2);
  EXPECT_EQ(report["residual_total"], 0);
  ASSERT_EQ(report["hipaa_safe_harbor_coverage"].size(), 18u);
  for (const auto& row : report["hipaa_safe_harbor_coverage"]) {
    std::string coverage = row["coverage"];
    EXPECT_TRUE(coverage == "auto" || coverage == "partial" || coverage == "not detected") << coverage;
    EXPECT_FALSE(row["note"].get<std::string>().empty());
  }
  EXPECT_FALSE(report.contains("hmac_key_env"));
}

TEST(Names, RelationCueReachesThroughOf) {
  // Neither word is in the gazetteer: only the cue "sister" (through "of") makes it a name.
  const std::string text = "Caller: Ottoline Brandt (sister of Philippa Quennell) asked about results.";
  const auto candidates = FindNameCandidates(text);
  bool found = false;
  for (const auto& candidate : candidates) {
    if (text.substr(candidate.start, candidate.end - candidate.start) == "Philippa Quennell") found = true;
  }
  EXPECT_TRUE(found);
  // After a cue, a surname that is also a given name still completes the name.
  const std::string chen = "(sister of Philippa Chen)";
  found = false;
  for (const auto& candidate : FindNameCandidates(chen)) {
    if (chen.substr(candidate.start, candidate.end - candidate.start) == "Philippa Chen") found = true;
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(FindNameCandidates("The Office of Public Works opened.").empty());
}

TEST(Names, AKinshipWordWrittenWithACapitalMakesNoNameOfTheNextWord) {
  // Nursing notes capitalise the verb after a relative ("Daughter Notified"), and headings and titles read the same
  // ("Daughter Cells", "Fils Aîné"): only a kinship word in lower case makes one capitalised word a name.
  for (const std::string text : {"21:00 Pt found on floor, no injury. Daughter Notified. Son Aware and Agrees.",
                                 "Wife Present at bedside. Husband Declined flu vaccine. Daughter States pt confused.",
                                 "Personne à prévenir : Fils Aîné, 06 12 34 56 78", "NOK: Son Informed. Niece Requests",
                                 "Daughter Cells divide; Daughter Board replaced, Son Board pending."}) {
    EXPECT_TRUE(FindNameCandidates(text).empty()) << text;
  }
  // In lower case, every kinship word counts, the longest ("granddaughter") too.
  const std::string granddaughter = "his granddaughter Chidinma visited";
  const auto candidates = FindNameCandidates(granddaughter);
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_EQ(granddaughter.substr(candidates[0].start, candidates[0].end - candidates[0].start), "Chidinma");
}

// Spans of FindNamesAfterCues as text, with word lists that know a few words.
std::vector<std::string> NamesAfterCues(const std::string& text) {
  auto kind_of = [](std::string_view word) {
    std::string lowered(word);
    for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lowered == "ray" || lowered == "said" || lowered == "no" || lowered == "bill" || lowered == "bernard")
      return NameWordKind::kNameAndWord;
    if (lowered == "john" || lowered == "smith" || lowered == "o'brien-smith" || lowered == "jess" ||
        lowered == "sho" ||
        lowered == "renate" || lowered == "becca" || lowered == "hollister" ||
        lowered == "okafor" || lowered == "nasser")
      return NameWordKind::kName;
    if (lowered == "mild" || lowered == "to" || lowered == "flare" || lowered == "aware" || lowered == "london" ||
        lowered == "notified" || lowered == "delay" || lowered == "settled" || lowered == "minutes" ||
        lowered == "aged" || lowered == "plan" || lowered == "patient" || lowered == "need" || lowered == "pain" ||
        lowered == "house")
      return NameWordKind::kOrdinary;
    return NameWordKind::kUnknown;
  };
  std::vector<std::string> spans;
  for (const NameCandidate& name : FindNamesAfterCues(text, kind_of))
    spans.push_back(text.substr(name.start, name.end - name.start));
  return spans;
}

TEST(Names, ATitleOrKinshipWordInOneCaseMakesANameOfTheWordAfterIt) {
  using Spans = std::vector<std::string>;
  EXPECT_EQ(NamesAfterCues("BED 4 MR OKWU - NBM FOR THEATRE."), Spans{"OKWU"});
  EXPECT_EQ(NamesAfterCues("FORM TUTOR: MRS D. PRENDERGAST HOUSE"), Spans{"D. PRENDERGAST"});
  EXPECT_EQ(NamesAfterCues("CONTACT MR K OSEI"), Spans{"K OSEI"});
  EXPECT_EQ(NamesAfterCues("Reviewed by Dr. OYELOWO today"), Spans{"OYELOWO"});
  EXPECT_EQ(NamesAfterCues("REPORTS HER HUSBAND OTIENO MISSING"), Spans{"OTIENO"});
  EXPECT_EQ(NamesAfterCues("LETTER TO MRS RAY O'BRIEN-SMITH"), Spans{"RAY O'BRIEN-SMITH"});
  EXPECT_EQ(NamesAfterCues("LETTER TO MR JOHN SMITH RE"), Spans{"JOHN SMITH"});
  EXPECT_EQ(NamesAfterCues("seen by prof smith; her son declan is at the desk"), (Spans{"smith", "declan"}));
  // After a kinship word in lower case, a name in lower or title case, in the name lists' languages too.
  EXPECT_EQ(NamesAfterCues("acude con su hermana Itziar. Refiere disnea"), Spans{"Itziar"});
  EXPECT_EQ(NamesAfterCues("przyszła z mężem Pawłem na kontrolę; wynik mojej żony Grażyny"),
            (Spans{"Pawłem", "Grażyny"}));
  EXPECT_EQ(NamesAfterCues("SpO2 91 %. Ehefrau (Renate) erreichbar"), Spans{"Renate"});
  EXPECT_EQ(NamesAfterCues("her son Ray is at the desk"), Spans{"Ray"});
  // After a nickname's word any word in title case; else a listed name. Not after "alias" or "aka".
  EXPECT_EQ(NamesAfterCues("Thanawat Srisuk (nickname Bank) and Juan, nicknamed jess"), (Spans{"Bank", "jess"}));
  EXPECT_EQ(NamesAfterCues("NICKNAME ADMIN was removed; nickname the rock"), Spans{});
  EXPECT_EQ(NamesAfterCues("MDMA, aka Ecstasy; use the alias Deploy"), Spans{});
  EXPECT_EQ(NamesAfterCues("she goes by Becca at work"), Spans{"Becca"});
  // A role, or a verb of the note's contacts and its preposition.
  EXPECT_EQ(NamesAfterCues("CARPAL TUNNEL RELEASE SURGEON: MCCREADY  ANAESTHETIST: OKONJO"),
            (Spans{"MCCREADY", "OKONJO"}));
  EXPECT_EQ(NamesAfterCues("cc: GP - PADRAIG MULCAHY; Physio Niamh: 086 555 9021"),
            (Spans{"PADRAIG MULCAHY", "Niamh"}));
  EXPECT_EQ(NamesAfterCues("review by Thirunavukkarasu; escalated to dževad; handed over to Okonjo"),
            (Spans{"Thirunavukkarasu", "Okonjo"}));
  // Words that address a person, and "admitted under".
  EXPECT_EQ(NamesAfterCues("TELL BERNARD LETTER FOLLOWS. Thanks Becca - copied. Admitted under Fairbrother's team"),
            (Spans{"BERNARD", "Becca", "Fairbrother"}));
  // A listed name after an initial.
  EXPECT_EQ(NamesAfterCues("CARDIOLOGY LIST 14/2 1. A. SMITH - ECHO 2. B. OKWU - TOE | N J. Smith | J. R. R. Smith"),
            (Spans{"A. SMITH", "J. Smith", "J. R. R. Smith"}));
  // A listed name just before a verb of reporting, or before "to" and a task.
  EXPECT_EQ(NamesAfterCues("Plan: Okafor to consent; \u2022 Nasser to chase bloods. Nasser reports pain. jess said"),
            (Spans{"Okafor", "Nasser", "Nasser", "jess"}));
  EXPECT_EQ(NamesAfterCues("Okafor and Nasser said; John Okafor agreed"), (Spans{"Nasser", "John Okafor"}));
  EXPECT_EQ(NamesAfterCues("Dr Okafor to consent"), Spans{"Okafor"}) << "the name is reported once";
  // A capital after "Mc", "Mac", an apostrophe or a hyphen is still title case.
  EXPECT_EQ(NamesAfterCues("seen by McCready, discussed with MacDonald, spoke to Okafor-Smith"),
            (Spans{"McCready", "MacDonald", "Okafor-Smith"}));
  // A ward list's bed number, then the patient in any one case.
  EXPECT_EQ(NamesAfterCues("bed 12 settled, bed 14 (Pemberton) still spiking"), Spans{"Pemberton"});
  EXPECT_EQ(NamesAfterCues("BED 3 HUGHES - NBM. BED 12 PETTIGREW'S POTASSIUM"), (Spans{"HUGHES", "PETTIGREW"}));
  EXPECT_EQ(NamesAfterCues("bed 4 hollister, bed 5 JOHN SMITH"), (Spans{"hollister", "JOHN SMITH"}));
  // A listed name takes only a listed name after it.
  EXPECT_EQ(NamesAfterCues("DR JOHN PLEASE CALL"), Spans{"JOHN"});
  EXPECT_EQ(NamesAfterCues("MR SMITH RAY"), Spans{"SMITH RAY"});
}

TEST(Names, ATitleInOneCaseBeforeAnOrdinaryWordOrAnAbbreviationIsNoName) {
  for (const std::string text : {"ECHO: MR MILD, MS MILD. LVEF 45%.", "HX OF MS, ON TREATMENT. MR 2+ ON ECHO.",
                                 "PLAN: DR TO REVIEW. MS FLARE LIKELY.", "12 OAK DR LONDON", "MS RRMS, MR CXR",
                                 "DAUGHTER NOTIFIED. SON AWARE.", "a 200 ms delay", "Mr Smith", "Mr Okwu",
                                 "MR Okwu", "mr OKWU", "MR OKWU2", "Son OKWU", "MR\nOKWU",
                                 // After a kinship word, a name that is also a word is the word; so is a contraction.
                                 "HUSBAND RAY ATTENDED", "his wife said so", "whose wife isn't", "his wife she'd",
                                 // In lower case, an initial needs its full stop and a name that is a word is one.
                                 "how I miss a good meal", "we miss ray",
                                 // "MR" is also magnetic resonance.
                                 "PLAN: MR ANGIO OF NECK.", "MR ENTEROGRAPHY NEXT WEEK", "MR CHOLANGIOGRAM",
                                 // A bed number must stand alone and be followed by a name in one case.
                                 "went to bed 10 minutes later", "bed 12 settled", "BED 4A OKWU", "Bed 1234 Okwu",
                                 "bed 3 SaMira", "bedside 3 Okwu",
                                 // A kinship word before an ordinary word makes no name.
                                 "mother London", "hermana (aware)", "her son (aged 4)", "Daughter Notified",
                                 "Son (Aware)",
                                 // Nor do a role or a verb before an ordinary word or a clinical service.
                                 "seen by Ortho, d/w Micro", "SEEN BY GASTRO", "surgeon aware", "discussed at MDT",
                                 "reviewed today", "Physio: mild", "Consultant Rheumatologist", "consultant callback",
                                 // Nor does a word no list has in lower case after a foreign kinship word.
                                 "kontakt z córką pacjenta", "FH: padre Diabético, madre Ipertesa",
                                 // After a word of address only a listed name, after a kinship word in capitals an
                                 // unlisted one only with a possessive, and in lower case only after a kinship word.
                                 "Ask Reddit", "Thanks Muchly", "MUM PRIMIP", "FH: FATHER COLORECTAL CA",
                                 "mr rebased onto main", "a 100 ms debounce", "NEAR MISS DATIX COMPLETED",
                                 // A clinical service is never a name, nor is a short word of one vowel in capitals.
                                 "DISCUSSED WITH NICU", "BED 4 MRSA", "BED 7 DNACPR", "Consultant Intensivist",
                                 "3 bed 2 ensuite", "his father Thursday", "bed 12 sideroom",
                                 // A cue at the end of the text, or before no word.
                                 "A.B", "U.S.", "GP", "Thanks!", "GP-X", "MR", "bed 3", "T. S.", "seen by",
                                 // A name that is also a word has three letters or more.
                                 "MODERATE MR. NO PERICARDIAL EFFUSION",
                                 // An initial takes only a listed name that no list has as a word.
                                 "grew E. COLI and S. AUREUS", "U.S. SMITH", "tell him", "ask pharmacy",
                                 // Before a verb: an ordinary word, a service, a cue, a word no list has in lower case.
                                 "Plan to discuss", "Patient said", "Ortho to review", "Need to chase", "GP to review",
                                 "mum said", "ozempic said", "Okafor to the ward", "Okafor-to consent",
                                 // A subject opens its clause.
                                 "the Okafor said", "going to Okafor to see", "bzip2-src/Okafor states:",
                                 // Before a verb only a listed name that is no word: plans name drugs and wards there.
                                 "Troponin to follow", "Warfarin to check INR", "Bill to chase", "Reuters reported",
                                 "SHO to review"}) {
    EXPECT_TRUE(NamesAfterCues(text).empty()) << text;
  }
}

TEST(Names, ClinicalWordsAreToldFromNamesByTheirEndings) {
  for (const char* word : {"Citalopram", "Edoxaban", "Amlodipine", "Ticagrelor", "Rheumatologist", "colonoscopy",
                           "Intensivist", "NICU", "Ortho"}) {
    EXPECT_TRUE(LooksClinical(word)) << word;
  }
  EXPECT_TRUE(LooksLikeADrug("Citalopram"));
  EXPECT_FALSE(LooksLikeADrug("Colonoscopy"));
  // Surnames that end as some clinical words do.
  for (const char* word : {"Pam", "Lindqvist", "Kuchling", "Okafor", "Manning", "Pramod", "Edison", "Petraitis",
                           "Luria", "Rehnquist", "Kleist", "Felician", "Milgram", "Pidgeon", "Fidone", "Lapine",
                           "Nicolone", "Demetry", "Jeremia", "McNally"}) {
    EXPECT_FALSE(LooksClinical(word)) << word;
  }
}

TEST(Names, AWardOrATempleNamedAfterSomeoneIsNoName) {
  const Scrubber scrubber(ScrubConfig{});
  for (const char* text : {"Grace moved from Keats Ward to Nightingale Ward this morning.",
                           "my mother's care on Ward 3B between the 4th and 9th", "Nurse Manager 2, Ward 7 (Surgical)",
                           "Food bank volunteers from Guru Nanak Gurdwara: bring bags"}) {
    for (const std::string& name : Found(scrubber, text, "NAME")) {
      EXPECT_EQ(name.find("Ward"), std::string::npos) << text << " -> " << name;
      EXPECT_EQ(name.find("Gurdwara"), std::string::npos) << text << " -> " << name;
    }
  }
  // "Ward" and "Hall" are surnames too: after an initial, a listed first name, in an attribution, before a year.
  for (const char* text : {"It ain't so. -- Artemus Ward", "Copyright 2001-2006 Gregory P. Ward 2002-2006",
                           "More money. -- Tom T. Hall, \"The Secret of Life\"", "Referred by Mary Ward today"}) {
    const std::vector<std::string> names = Found(scrubber, text, "NAME");
    EXPECT_TRUE(std::any_of(names.begin(), names.end(),
                            [](const std::string& n) { return n.find("Ward") != std::string::npos ||
                                                              n.find("Hall") != std::string::npos; }))
        << text;
  }
}

TEST(Names, AStreetAPrizeOrAPlaceNamedAfterSomeoneIsNoName) {
  const Scrubber scrubber(ScrubConfig{});
  for (const char* text : {"Street index: Albert Rd, 4C; Gladstone St, 7A; Nelson Pl, 2B; Wellington Tce, 3F",
                           "FROM THE ARCHIVE: THE KENNEDY TROPHY REGATTA OF 1962",
                           "She went to Oxford on a Marshall Scholarship and later served.",
                           "Quarterly Review: Hudson Valley Logistics"}) {
    EXPECT_THAT(Found(scrubber, text, "NAME"), testing::IsEmpty()) << text;
  }
  // A saint's abbreviation before a name, and people beside such words, stay names.
  EXPECT_THAT(Found(scrubber, "Referred by Dr Tom St Clair on Monday.", "NAME"),
              testing::Contains(testing::HasSubstr("Tom St")));
  EXPECT_THAT(Found(scrubber, "Maria Gonzalez, Stanford University, Palo Alto", "NAME"),
              testing::Contains(testing::HasSubstr("Maria Gonzalez")));
  EXPECT_THAT(Found(scrubber, "Please ring Emma Street about the rota.", "NAME"),
              testing::Contains(testing::HasSubstr("Emma Street")));
  // After a title, and before a role or an employer in a signature, a name stays one.
  EXPECT_THAT(Found(scrubber, "Mr John Gallery called.", "NAME"), testing::Contains(testing::HasSubstr("Gallery")));
  EXPECT_THAT(Found(scrubber, "Regards, Jane Doe Library Services Manager", "NAME"),
              testing::Contains(testing::HasSubstr("Jane Doe")));
}

TEST(Names, AThingNamedAfterSomeoneIsNoName) {
  const Scrubber scrubber(ScrubConfig{});
  using Names = std::vector<std::string>;
  EXPECT_EQ(Found(scrubber, "Kerry Hickman had her Hickman line flushed.", "NAME"), Names{"Kerry Hickman"});
  EXPECT_EQ(Found(scrubber, "Gilbert Osei has Gilbert's syndrome (mild).", "NAME"), Names{"Gilbert Osei"});
  EXPECT_EQ(Found(scrubber, "Isaac explained Newton's third law well.", "NAME"), Names{"Isaac"});
  EXPECT_EQ(Found(scrubber, "Size 3 on the trolley, Thomas splint applied.", "NAME"), Names{});
  // A person's own things are theirs: "Jones's test", "Thomas signed".
  EXPECT_EQ(Found(scrubber, "Mrs Jones's test results are back; Thomas signed the form.", "NAME"),
            (Names{"Jones", "Thomas"}));
  EXPECT_EQ(Found(scrubber, "Mr Patel's operation is booked. Mr Jones line flushed.", "NAME"),
            (Names{"Patel", "Jones"}));
  // In capitals, as the thing is ("NO FOLEY CATHETER", "WAGNER GRADE 2"); a law in title case is a person's.
  EXPECT_EQ(Found(scrubber, "ALLERGY TO LATEX. NO FOLEY CATHETER. DIABETIC FOOT ULCER, WAGNER GRADE 2.", "NAME"),
            Names{});
  const Names law = Found(scrubber, "Felson's Law: To steal ideas from one person is plagiarism.", "NAME");
  EXPECT_NE(std::find(law.begin(), law.end(), "Felson"), law.end());
}

TEST(Names, AStreetNamedAfterSomeoneIsNoName) {
  const Scrubber scrubber(ScrubConfig{});
  using Names = std::vector<std::string>;
  EXPECT_EQ(Found(scrubber, "Aparcó en la calle Isabel la Católica, frente al banco.", "NAME"), Names{});
  // Not after an institution's word, nor after "via".
  EXPECT_EQ(Found(scrubber, "Aparcó cerca de Isabel la Católica, frente al banco.", "NAME"), Names{"Isabel"});
  const Names visited = Found(scrubber, "Ich habe gestern im Krankenhaus Peter Müller besucht.", "NAME");
  ASSERT_EQ(visited.size(), 1u);
  EXPECT_NE(visited[0].find("Peter Müller"), std::string::npos);
  EXPECT_EQ(Found(scrubber, "Sent via Maria Lopez on Friday.", "NAME"), Names{"Maria Lopez"});
}

TEST(Names, ATownBeforeItsRegionIsNoName) {
  const Scrubber scrubber(ScrubConfig{});
  using Names = std::vector<std::string>;
  EXPECT_EQ(Found(scrubber, "Domicilio Jr. Los Andes 245, Juliaca, Puno. Cel.", "NAME"), Names{});
  EXPECT_EQ(Found(scrubber, "12, 3rd Cross Street, Adyar, Chennai 600020.", "NAME"), Names{});
  // A person's name before a town, and a first name after a comma, are names.
  EXPECT_EQ(Found(scrubber, "Referred by Dr Anil Mehta, Mumbai.", "NAME"), Names{"Anil Mehta"});
  EXPECT_EQ(Found(scrubber, "Next of kin: Smith, Virginia.", "NAME"), Names{"Smith, Virginia"});
  EXPECT_EQ(Found(scrubber, "Reviewed by Dr Mehta, Mumbai clinic.", "NAME"), Names{"Mehta"});
  // A region that is also a first name says nothing: "Lyon, Jordan" is as often a person as "Dublin, Ireland" a place.
  EXPECT_EQ(Found(scrubber, "Next of kin: Lyon, Jordan.", "NAME"), Names{"Lyon, Jordan"});
}

TEST(Names, ACityOrCountryWhereATextSaysWhereIsNoName) {
  const Scrubber scrubber(ScrubConfig{});
  using Names = std::vector<std::string>;
  EXPECT_EQ(Found(scrubber, "Née le 4 avril 1961 à Lyon ; hospitalisée depuis.", "NAME"), Names{});
  EXPECT_EQ(Found(scrubber, "Family in Ireland: mum Siobhán Byrne calls weekly.", "NAME"), Names{"Siobhán Byrne"});
  EXPECT_EQ(Found(scrubber, "Jakarta, 12-08-2024. Ketua RT Budi Santoso.", "NAME"), Names{"Budi Santoso"});
  EXPECT_EQ(Found(scrubber, "Rules for driving in New York: anything goes.", "NAME"), Names{});
  // A message from a place is as often from a person; so is a place that is also a first name, unless its clause
  // ends there, and one before an age or a phone number.
  EXPECT_EQ(Found(scrubber, "Message from Paris: please call back.", "NAME"), Names{"Paris"});
  EXPECT_EQ(Found(scrubber, "The team is interested in Sofia for the trial.", "NAME"), Names{"Sofia"});
  EXPECT_EQ(Found(scrubber, "Milan, 34, presented with chest pain.", "NAME"), Names{"Milan"});
  EXPECT_EQ(Found(scrubber, "Abbiamo parlato con la figlia di Sofia ieri sera.", "NAME"), Names{"Sofia"});
}

TEST(Names, ANameInACaseEndingIsRead) {
  const Scrubber scrubber(ScrubConfig{});
  using Names = std::vector<std::string>;
  auto inflected = [&](std::string_view text) { return FoundBy(scrubber, text, "name_inflected"); };
  EXPECT_EQ(inflected("Dokumenty pacjentki przekazano Grzegorzowi."), Names{"Grzegorzowi"});
  // Where the shipped tagger reads a name itself, its span is reported instead: those cases check the name is read.
  EXPECT_THAT(Found(scrubber, "Sestra předala pacienta Jiřímu Čermákovi dne 3. 5. 2024.", "NAME"),
              ::testing::IsSupersetOf(Names{"Jiřímu Čermákovi"}));
  EXPECT_EQ(inflected("Ji perdavė dokumentus Šarūnui prieš išvykdama."), Names{"Šarūnui"});
  EXPECT_THAT(Found(scrubber, "Приказ: назначить Смирнову Ольгу Викторовну заместителем.", "NAME"),
              ::testing::IsSupersetOf(Names{"Смирнову Ольгу Викторовну"}));
  EXPECT_EQ(inflected("Марія передала ключі Тарасові ввечері."), Names{"Тарасові"});
  // The tagger reads a word across its apostrophe, so it takes the case ending with the name.
  EXPECT_THAT(Found(scrubber, "Notları Murat tuttu ve Selin'e gönderdi.", "NAME"),
              ::testing::IsSupersetOf(Names{"Selin'e"}));
  // Not where the text is in no language with such endings, nor a place or a language, nor a word the lists know.
  EXPECT_EQ(inflected("There is, indeed, arroz in Spanish Harlem."), Names{});
  EXPECT_EQ(inflected("Here is a selection from the Baha'i scripture."), Names{});
  EXPECT_EQ(inflected("Przyjechał z Krakowa, bo szukał Pracy."), Names{});
  // Nor a place after a preposition of place, nor a town in the genitive.
  EXPECT_EQ(inflected("Моя сестра живёт в Иванове с детьми."), Names{});
  EXPECT_EQ(inflected("Экспедиция на Лене продлится месяц."), Names{});
  EXPECT_EQ(inflected("Mieszkam w Kaliszu i dojeżdżam codziennie do Kalisza."), Names{});
}

// Spans of FindListedNamesInOneCaseText as text, with word lists that know a few words.
std::vector<std::string> NamesInOneCase(std::string_view text) {
  auto kind_of = [](std::string_view word) {
    for (std::string_view name :
         {"jess", "bev", "declan", "doherty", "carlton", "thu", "wed", "jan", "dob", "ain", "dev", "edward",
          "addison", "andrew", "nicu", "esi"})
      if (word == name) return NameWordKind::kName;
    if (word == "will" || word == "grace") return NameWordKind::kNameAndWord;
    return word == "tell" ? NameWordKind::kOrdinary : NameWordKind::kUnknown;
  };
  std::vector<std::string> spans;
  for (const NameCandidate& name : FindListedNamesInOneCaseText(text, kind_of))
    spans.emplace_back(text.substr(name.start, name.end - name.start));
  return spans;
}

TEST(Names, AListedNameInATextWrittenInOneCaseIsAName) {
  using Spans = std::vector<std::string>;
  EXPECT_EQ(NamesInOneCase("hey is jess coming tonight? pass it to bev, and tell will"), (Spans{"jess", "bev"}));
  EXPECT_EQ(NamesInOneCase("spoke to declan doherty re bev's lft's"), (Spans{"declan doherty", "bev"}));
  EXPECT_EQ(NamesInOneCase("ECG done, CT booked; jess aware"), Spans{"jess"});
  // One word in title case and the text is not written in lower case.
  EXPECT_EQ(NamesInOneCase("hey is jess coming? Tell grace"), Spans{});
  // Nor is a word joined to a path, an address or a code, a contraction, a street or a weekday by its hours.
  EXPECT_EQ(NamesInOneCase("ls /dev/null; mail bev.smith@example.org or jess_2"), Spans{});
  EXPECT_EQ(NamesInOneCase("i ain't sure; she lives at 27 carlton road"), Spans{});
  EXPECT_EQ(NamesInOneCase("rota: wed 12-8, thu 8-4; seen 12 jan; dob 3/4/71"), Spans{});
  EXPECT_EQ(NamesInOneCase("jan said thu would cover"), (Spans{"jan", "thu"}));
  // The same in a text written in capitals, where a word of lower-case letters is a unit ("PARACETAMOL 1g").
  EXPECT_EQ(NamesInOneCase("ARRIVING THURSDAY STOP MEET EDWARD AT PADDINGTON, 1g"), Spans{"EDWARD"});
  EXPECT_EQ(NamesInOneCase("MEET EDWARD AT PADDINGTON, 500 mg"), Spans{});
  // Not a saint's church or a disease written with its possessive.
  EXPECT_EQ(NamesInOneCase("THE CLOCK IN ST ANDREW'S TOWER; GRAVES DISEASE AND ADDISON'S, ON STEROIDS"), Spans{});
  EXPECT_EQ(NamesInOneCase("ASK EDWARD'S MUM"), Spans{"EDWARD"});
  EXPECT_EQ(NamesInOneCase("ST. EDWARD'S CHURCH HALL; BABY TO NICU, ESI 2"), Spans{});
  EXPECT_EQ(NamesInOneCase("we met at king edward's hospital; a flat in carlton"), Spans{});
  // A curly quote or a dash is no letter.
  EXPECT_EQ(NamesInOneCase("it was edward’s idea; ask “jess” — bev—too"), (Spans{"edward", "jess", "bev"}));
  EXPECT_EQ(NamesInOneCase("ask édward or jessé"), Spans{});
}

TEST(Names, AScrubberReadsListedNamesInTextsWrittenInOneCase) {
  const Scrubber scrubber(ScrubConfig{});
  auto named = [&](std::string_view text) { return FoundBy(scrubber, text, "name_in_one_case_text"); };
  using Words = std::vector<std::string>;
  // Where the shipped tagger reads a name itself, its span is reported instead: those cases check the name is read.
  EXPECT_THAT(Found(scrubber, "hey is jess coming tonight? will bring snacks", "NAME"),
              ::testing::IsSupersetOf(Words{"jess"}));
  EXPECT_EQ(named("Hey is jess coming tonight? Will bring snacks"), Words{});
  EXPECT_THAT(Found(scrubber, "ARRIVING THURSDAY STOP MEET EDWARD AT PADDINGTON", "NAME"),
              ::testing::IsSupersetOf(Words{"EDWARD"}));
  // Places and languages the lists lack are none here; after a cue they are names.
  EXPECT_EQ(Found(scrubber, "Handed over to Danish at 19:00.", "NAME"), std::vector<std::string>{"Danish"});
  EXPECT_THAT(Found(scrubber, "i moved to london, then to madrid; speaks english and danish. meet edward at 6", "NAME"),
              ::testing::IsSupersetOf(Words{"edward"}));
}

TEST(Names, ANameWrittenAgainInBracketsInAnotherScriptOrAsANicknameIsAName) {
  const Scrubber scrubber(ScrubConfig{});
  auto glossed = [&](std::string_view text) { return FoundBy(scrubber, text, "name_gloss"); };
  using Words = std::vector<std::string>;
  // Where the shipped tagger reads a name itself, its span is reported instead: those cases check the name is read.
  EXPECT_THAT(Found(scrubber, "Tickets booked for Wang Lihua (王丽华); her daughter", "NAME"),
              ::testing::IsSupersetOf(Words{"王丽华"}));
  EXPECT_THAT(Found(scrubber, "Contact: Choi Eun-ji (최은지), mother of Daniel Choi (최민석), mobile", "NAME"),
              ::testing::IsSupersetOf(Words{"최은지", "최민석"}));
  EXPECT_THAT(Found(scrubber, "Vasiliki ('Vicky') runs the bakery", "NAME"), ::testing::IsSupersetOf(Words{"Vicky"}));
  // Not a role, a relation or a sex written after a name, in any script.
  EXPECT_EQ(glossed("Mrs Achterberg (Owner) and Tom Hardy (GP) and Ana Lopez (hija) signed"), Words{});
  EXPECT_EQ(glossed("환자: 최영희 (여/45세) 등록"), Words{});
  EXPECT_EQ(glossed("紧急联系人：李娜（配偶）186 0118 5523"), Words{});
  EXPECT_EQ(glossed("Wang Lihua (王丽华/35) and Tom Hardy (Cardiology reg)"), Words{});
  EXPECT_EQ(glossed("Emergency contact: Li Na (配偶); Dr Tanaka (内科); Li Wei (北京)"), Words{});
  EXPECT_EQ(glossed("Le Van Nam (chồng) and James Smith (Houston)"), Words{});
  EXPECT_THAT(Found(scrubber, "Olga Ivanova (мама) and Olga Ivanova (Ольга)", "NAME"),
              ::testing::IsSupersetOf(Words{"Ольга"}));
  // A full name written word for word in a script the lists lack.
  EXPECT_EQ(glossed("Sunil Perera (සුනිල් පෙරේරා) came"), Words{"සුනිල් පෙරේරා"});
}

TEST(Names, APartOfANameFoundElsewhereIsANameWhereItStandsAlone) {
  const Scrubber scrubber(ScrubConfig{});
  // Which words stand alone as a name, and whether the repeat scan read them.
  auto repeated = [&](std::string_view text) { return FoundBy(scrubber, text, "name_repeated"); };
  using Words = std::vector<std::string>;
  // Where the shipped tagger reads a name itself, its span is reported instead: those cases check the name is read.
  EXPECT_THAT(Found(scrubber, "Chen Xiaoming and Li Wei attended. Xiaoming is on leave Friday.", "NAME"),
              ::testing::IsSupersetOf(Words{"Xiaoming"}));
  EXPECT_THAT(Found(scrubber, "Referral: Abebe Bekele Tesfaye, 45 (Bekele is his father's name).", "NAME"),
              ::testing::IsSupersetOf(Words{"Bekele"}));
  EXPECT_THAT(Found(scrubber, "Obinna Eze admitted; Eze's wife called.", "NAME"),
              ::testing::IsSupersetOf(Words{"Eze"}));
  // Whatever punctuation or word comes before or after it.
  EXPECT_THAT(Found(scrubber, "Chen Xiaoming and Li Wei attended. Nurse noted that Xiaoming。", "NAME"),
              ::testing::IsSupersetOf(Words{"Xiaoming"}));
  EXPECT_EQ(repeated("Chen Xiaoming and Li Wei attended.\nTold Xiaoming results."), Words{"Xiaoming"});
  EXPECT_EQ(repeated("Tariq Özdemirci and Li Wei attended. Then Özdemirci left."), Words{"Özdemirci"});
  // A patient's label inside a name read is not carried.
  EXPECT_THAT(Found(scrubber, "Paciente Rosa Quispe Mamani. Paciente estable, Quispe refiere dolor.", "NAME"),
              ::testing::IsSupersetOf(Words{"Quispe"}));
  // A name found alone carries nothing; nor does a firm, a place or a thing named after the person.
  EXPECT_EQ(repeated("Xiaoming called. Xiaoming is on leave Friday."), Words{});
  EXPECT_EQ(repeated("Referred by Okonkwo Adeyemi for review. The letter came from Adeyemi & Partners."), Words{});
  EXPECT_EQ(repeated("Bekele Tesfaye was seen. Collect the scripts at Tesfaye's Pharmacy."), Words{});
  EXPECT_EQ(repeated("Nomvula Dlamini was seen. She stays at the Dlamini Guesthouse."), Words{});
  EXPECT_EQ(repeated("Jordan Hayes was seen. He returned from Jordan 3 days ago."), Words{});
}

TEST(Recognizers, ANumberAfterAPhoneInAListIsAPhoneWithoutACue) {
  const Scrubber scrubber(ScrubConfig{});
  using Phones = std::vector<std::string>;
  EXPECT_EQ(Found(scrubber, "Soita 040 123 4567 tai 09 123 4567.", "PHONE"), (Phones{"040 123 4567", "09 123 4567"}));
  EXPECT_EQ(Found(scrubber, "Contactos: +351 912 345 678 ou 21 123 4567.", "PHONE"),
            (Phones{"+351 912 345 678", "21 123 4567"}));
  EXPECT_EQ(Found(scrubber, "+44 20 7946 0018 / 0161 496 0832 / 09 123 4567", "PHONE"),
            (Phones{"+44 20 7946 0018", "0161 496 0832", "09 123 4567"}));
  // Without a phone before it, or with more than a joining word between, the same number has no cue; with its trunk
  // code in brackets, nine digits are a phone by their shape.
  EXPECT_EQ(Found(scrubber, "Huone 09 123 4567.", "PHONE"), Phones{});
  EXPECT_EQ(Found(scrubber, "Asiakas 040 123 4567, lasku 09 123 4567.", "PHONE"), Phones{"040 123 4567"});
  EXPECT_EQ(Found(scrubber, "Huone (09) 123 4567.", "PHONE"), Phones{"(09) 123 4567"});
  // Before a phone as after one, and with "or" in more languages.
  EXPECT_EQ(Found(scrubber, "GRBS 212 → 168 – 8123 456 789 / +91 80 4123 4567", "PHONE"),
            (Phones{"8123 456 789", "+91 80 4123 4567"}));
  EXPECT_EQ(Found(scrubber, "Ακύρωση στο 2310 555 472 ή 697 555 3318", "PHONE"),
            (Phones{"2310 555 472", "697 555 3318"}));
  EXPECT_EQ(Found(scrubber, "Invoice 2310 555 472, paid by 697 555 3318", "PHONE"), Phones{"697 555 3318"});
  EXPECT_EQ(Found(scrubber, "tel +372 655 5123 või 5555 1234. Visiit", "PHONE"),
            (Phones{"+372 655 5123", "5555 1234"}));
  EXPECT_EQ(Found(scrubber, "Arve 655 5123 või 5555 1234.", "PHONE"), Phones{});
}

TEST(Recognizers, AFirmsTaxNumberOrAProductCodeAfterItsLabelIsNoPhone) {
  const Scrubber scrubber(ScrubConfig{});
  using Phones = std::vector<std::string>;
  EXPECT_EQ(Found(scrubber, "Tel. +32 2 555 01 87. BTW BE 0412.345.678, rekening", "PHONE"),
            Phones{"+32 2 555 01 87"});
  EXPECT_EQ(Found(scrubber, "cell +39 347 555 9012 P.IVA 01234560371", "PHONE"), Phones{"+39 347 555 9012"});
  EXPECT_EQ(Found(scrubber, "K. WHITFIELD, MD   NDC 00093-1048-01", "PHONE"), Phones{});
  EXPECT_EQ(Found(scrubber, "Итого 1 250,20 ₽. Заказ № 75 4412 9902 18.", "PHONE"), Phones{});
  // A person's number after its label stays found, as a phone: nothing else would scrub it.
  EXPECT_EQ(Found(scrubber, "PT x 12 visits. Claim # 0417-22-8831.", "PHONE"), Phones{"0417-22-8831"});
}

TEST(Recognizers, ANumberWithAnExtensionIsAPhone) {
  const Scrubber scrubber(ScrubConfig{});
  using Phones = std::vector<std::string>;
  EXPECT_EQ(Found(scrubber, "Review with Dr Khoury in 2 wks, clinic 01/350000 ext. 5120.", "PHONE"),
            Phones{"01/350000"});
  EXPECT_EQ(Found(scrubber, "Huone 09 123 4567, ext 204", "PHONE"), Phones{"09 123 4567"});
  EXPECT_EQ(Found(scrubber, "Huone 09 123 4567 x 3 rooms", "PHONE"), Phones{});
  EXPECT_EQ(Found(scrubber, "Squat 100 120 140 x3, Section 12 345 678 x12", "PHONE"), Phones{});
}

TEST(Recognizers, ANumberShapedAsAPhoneAfterALabelIsAPhone) {
  const Scrubber scrubber(ScrubConfig{});
  using Phones = std::vector<std::string>;
  EXPECT_EQ(Found(scrubber, "Informes: 987 555 143 / (01) 555-2219", "PHONE"),
            (Phones{"987 555 143", "(01) 555-2219"}));
  EXPECT_EQ(Found(scrubber, "Atención al cliente: 900 123 456 (gratuito).", "PHONE"), Phones{"900 123 456"});
  EXPECT_EQ(Found(scrubber, "Check-in from 14:00 Hotel: 053-218 447 | Line", "PHONE"), Phones{"053-218 447"});
  EXPECT_EQ(Found(scrubber, "Help: 04 601 5555.", "PHONE"), Phones{"04 601 5555"});
  // Without the label's colon the number has no cue, and a label that names another number keeps its number: an
  // amount, "number" in any language, an acronym in capitals.
  EXPECT_EQ(Found(scrubber, "Help 04 601 5555.", "PHONE"), Phones{});
  EXPECT_EQ(Found(scrubber, "Total: 987 555 143", "PHONE"), Phones{});
  EXPECT_EQ(Found(scrubber, "Ügyfélszám: 3001 4478 22", "PHONE"), Phones{});
  EXPECT_EQ(Found(scrubber, "등록번호: 01234587 진료기간", "PHONE"), Phones{});
  EXPECT_EQ(Found(scrubber, "Edad: 67 años   NSS: 4387 65 1234 5", "PHONE"), Phones{});
  EXPECT_EQ(Found(scrubber, "11:20 ACCESSION: 24-318-00417   SPECIMEN", "PHONE"), Phones{});
}

TEST(Recognizers, ADayAndMonthEndingAClauseNearADateIsADate) {
  const Scrubber scrubber(ScrubConfig{});
  using Dates = std::vector<std::string>;
  EXPECT_EQ(Found(scrubber, "Adm Sun 10/11 #NOF L, DHS 13/11. NEWS2 1.", "DATE"), (Dates{"Sun 10/11", "13/11"}));
  // One that could be a score is not read: "DHS 12/11.", "attendance 9/11.", "Chapter 11/12".
  EXPECT_EQ(Found(scrubber, "Adm Sun 10/11 #NOF L, DHS 12/11. Chapter 11/12.", "DATE"), Dates{"Sun 10/11"});
  EXPECT_EQ(Found(scrubber, "Race card 12/03/2024: Red Rum 9/4, Sea Bird 11/8; open 24/7.", "DATE"),
            Dates{"12/03/2024"});
  EXPECT_EQ(Found(scrubber, "IDC inserted 12/03/24, due change 11/04. PICC", "DATE"), (Dates{"12/03/24", "11/04"}));
  // Alone, before a word, after a word of a score, a count or a place, or far from the date, it is not read.
  EXPECT_EQ(Found(scrubber, "NEWS2 1. DHS 12/11. Oramorph.", "DATE"), Dates{});
  EXPECT_EQ(Found(scrubber, "Seen 14/11/2024. DHS 12/11 plate.", "DATE"), Dates{"14/11/2024"});
  EXPECT_EQ(Found(scrubber, "Born 14/11/2024. Apgar 8/9. Leave (balance 4/6).", "DATE"), Dates{"14/11/2024"});
  EXPECT_EQ(Found(scrubber, "Seen 14/11/2024." + std::string(500, ' ') + "DHS 12/11.", "DATE"), Dates{"14/11/2024"});
}

TEST(Recognizers, ANumberShapedAsAPhoneAfterAPersonsNameIsAPhone) {
  const Scrubber scrubber(ScrubConfig{});
  using Phones = std::vector<std::string>;
  EXPECT_EQ(Found(scrubber, "Jan Kowalski 601 234 567 / 22 845 12 30 / pok. 214", "PHONE"),
            (Phones{"601 234 567", "22 845 12 30"}));
  EXPECT_EQ(Found(scrubber, "Takapuna Auto – Wiremu 021 338 904", "PHONE"), Phones{"021 338 904"});
  // Not after a word in capitals (an ID's label), not after a place, and a span of years is a life's.
  EXPECT_EQ(Found(scrubber, "Auto Takapuna 021 338 904", "PHONE"), Phones{});
  EXPECT_EQ(Found(scrubber, "tu RUT 16.384.229-3 ya está registrado", "PHONE"), Phones{});
  EXPECT_EQ(Found(scrubber, "a hymn.   -- Isaac Watts, 1674-1748", "PHONE"), Phones{});
}

TEST(Recognizers, APrefilterMatchesWhereverItsPatternDoes) {
  // The pattern set reads a prefilter in a pattern's place: a text the pattern matches and its prefilter does not
  // would lose its findings without a word.
  const std::vector<std::string> texts = {
      "Client: Flat 4, 19 Elm Grove, Harrogate HG1 2AB",      "Moved to 22 Baker Street, London NW1 6XE.",
      "1200 Main Street, Montreal, QC H3B 1K9",               "Seaview Terrace, Dublin D04 X2Y8 to T2",
      "Apt 3, Dublin D6W X2Y8",                               "Ward B2 2BB was closed",
      "8/42 Beach Rd, Mona Vale NSW 2103, key safe",          "Narrabeen NSW\t2101",
      "Adres Keizersgracht 214-2, 1017 AB Amsterdam",         "con domicilio en C/ Alcalá 245, 3º B, 28028 Madrid",
      "no cartório da Avenida 5 de Outubro, 124. Sinal",      "di rumah Bu Ratna, Jl. Melati No. 12. Iuran",
      "à la clinique, 1200, rue Sainte-Catherine Ouest, H3B", "Hotel: 18 Rue de la Paix, Paris 75002",
      "Wohnhaft Hauptstraße 5, 10115 Berlin.",                "Via Roma 3, 00184 Roma",
      "VIA ROMA 3, ROMA",                                     "Praça da Sé 1, Lisboa",
      "ADDRESS: FLAT 3, 22 MILLBROOK ROAD, LEEDS LS6 2QT",    "SHIP TO: 12 BRAMBLE CLOSE\nLEEDS",
      "4 HIGH ST.",                                           "Skolegade 12, 2. sal",
      "Address: 12 Jalan Ampang, 50450 Kuala Lumpur",         "12 Jln. Ampang, Kuala Lumpur",
      "Ραντεβού τη Δευτέρα 22/7 στις 18:30",                  "για Τετάρτη 5 Ιουνίου στις 11:00",
      "Приём перенесён на пн 29.07 10:00",                    "Δευ. 3.4 ραντεβού",
      "Nachricht – Mittwoch, 12.06., 16:05 Uhr",              "remarcada para qui., 18/07 às 14h",
      "האיסוף מהגן ביום ה' 25.7 עליך",                         "הדיון נקבע ל-י״ח בתשרי תשפ״ה בבוקר",
      "נולד (ט' באדר ב' תשפ\"ד). אבחנה",                       "חוגגים בט״ו בשבט",
      "service client ou 0 800 55 51 23 (gratuit)",           "Довідка: 0 800 555 500",
      "İptal için 444 1 234. Poliklinik 3",                   "Tk 2,500.00 sent to 01912-555018 successfully",
      "hotline 1-300-55-5234 for help",                       "gabinet 14. Odwołanie: 22 555 81 40 lub SMS",
      "interview notes 12/9: daniel okoro starts",            "DATE OF BIRTH 09 09 1987",
      "Mob01912-555018 anytime",                              "DOB09 09 1987, NHS no",
      "Rejestracja tel22 555 81 40",                          "Avda. Diagonal 640, Barcelona",
      "Piazzale Loreto 3, Milano",                            "22 MILLBROOK\tROAD, LEEDS"};
  RE2::Options latin1;
  latin1.set_encoding(RE2::Options::EncodingLatin1);
  int checked = 0;
  for (const PatternRecognizer& recognizer : BuiltinRecognizers()) {
    if (recognizer.prefilter.empty()) continue;
    const RE2 pattern(recognizer.regex, latin1), prefilter(recognizer.prefilter, latin1);
    ASSERT_TRUE(pattern.ok() && prefilter.ok()) << recognizer.name;
    for (const std::string& text : texts) {
      if (!RE2::PartialMatch(text, pattern)) continue;
      ++checked;
      EXPECT_TRUE(RE2::PartialMatch(text, prefilter)) << recognizer.name << ": " << text;
    }
  }
  EXPECT_GE(checked, 40);
}

TEST(Names, GazetteerKnowsCommonNames) {
  EXPECT_TRUE(IsCommonFirstName("Jennifer"));
  EXPECT_TRUE(IsCommonSurname("GARCIA"));
  EXPECT_FALSE(IsCommonSurname("Table"));
}

}  // namespace
}  // namespace leakgate::scrub
