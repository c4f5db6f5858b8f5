#include "scrub/scrubber.h"

#include <re2/re2.h>
#include <re2/set.h>
#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "common/digest.h"
#include "scrub/name_tagger.h"
#include "scrub/names.h"
#include "scrub/recognizers.h"
#include "scrub/validators.h"

namespace leakgate::scrub {
namespace {

constexpr int64_t kSetMemoryBytes = 64 << 20;
constexpr int64_t kPatternMemoryBytes = 16 << 20;
constexpr std::size_t kMaxContextWindow = 256;

bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// The word or sign that joins two items of a list across `gap` (JoinsAList says which), lower-cased in ASCII; "" for
// a gap of spaces alone, nothing for any other gap.
std::optional<std::string> ListJoiner(std::string_view gap) {
  static const std::set<std::string_view> kJoiners = {
      "",   "/",   "|",   ",",    ";",     "&",    "or",   "ou",   "o",    "of",    "oder", "eller", "lub",   "albo",
      "tai", "veya", "atau", "and", "und",  "et",   "y",    "e",    "en",   "och",   "oppure", "nebo", "vagy", "ή",
      "или", "або",  "או",  "أو",   "या",    "वा",  "eða", "või", "vai",  "arba", "ili",  "sau",  "hoặc", "或",
      "또는", "oswa", "walla", "jew",  "edo",  "pe",   "se",   "po'o", "poʻo", "ან",   "neu",   "nó",     "ose",  "ali",
      "alebo", "au", "hay",  "yoki", "yoxud", "o kaya", "หรือ", "অথবা", "ወይም", "немесе", "կամ"};
  std::size_t first = gap.find_first_not_of(" \t");
  if (first == std::string_view::npos) return std::string();
  std::size_t last = gap.find_last_not_of(" \t");
  // The longest joiner is twelve bytes: a longer gap is not read (it can be most of a long line).
  if (last - first + 1 > 12) return std::nullopt;
  std::string word(gap.substr(first, last - first + 1));
  for (char& c : word) c = lower(c);
  if (kJoiners.count(word) == 0) return std::nullopt;
  return word;
}

// Whether `gap` only joins two items of a list: spaces around at most one "/", "|", ",", ";", "&" or "or" (in English,
// French, Portuguese, Spanish, Italian, Dutch, German, the Nordic languages, Icelandic, Estonian, Latvian, Lithuanian,
// Polish, Czech, Croatian, Serbian, Romanian, Hungarian, Finnish, Turkish, Indonesian, Vietnamese, Greek, Russian,
// Ukrainian, Hebrew, Arabic, Hindi, Nepali, Chinese and Korean, and Haitian Creole, Wolof, Maltese, Basque, Tongan,
// Fijian, Samoan, Georgian, Welsh, Irish, Albanian, Slovenian, Slovak, Swahili, Uzbek, Azerbaijani, Tagalog, Thai,
// Bengali, Amharic, Kazakh and Armenian).
bool JoinsAList(std::string_view gap) { return ListJoiner(gap).has_value(); }

// Whether `gap` joins two items of a list with a word for "or" (JoinsAList's words but "and" and its kin, no
// punctuation): "+509 3748 2915 oswa 2813-4470", not "Tel 0161 496 0000, 2500 4000" nor "and 2019 2024".
bool JoinsWithOr(std::string_view gap) {
  static const std::set<std::string_view> kAnd = {"and", "und", "et", "y", "e", "en", "och"};
  const std::optional<std::string> word = ListJoiner(gap);
  return word && !word->empty() &&
         (std::isalpha(static_cast<unsigned char>((*word)[0])) || static_cast<unsigned char>((*word)[0]) >= 0x80) &&
         kAnd.count(*word) == 0;
}

// Whether an extension is written right after a number that ends at `end` ("ext. 5120", "567x204", "int. 3", "poste
// 12", "Durchwahl 31"; not "140 x3", a count of sets): then the number is a phone.
bool ExtensionAfter(std::string_view text, std::size_t end) {
  static const RE2 kExtension(
      R"(^(?:x\d{1,5}\b|[ \t]*,?[ \t]*(?i:ext(?:ension)?\.?|int\.|interno|poste|durchwahl|dw\.)[ \t]*\d{1,5}\b))");
  return RE2::PartialMatch(re2::StringPiece(text.data() + end, std::min<std::size_t>(text.size() - end, 40)),
                           kExtension);
}

// Whether a word of calling follows a number that ends at `end` with a postposition or its object ("9820155042 pe
// call kar lena", "0412 555 123 call me", "98410 55572 मा फोन गर्नुहोस्"; not "12 500 000 call minutes").
bool CallingAfter(std::string_view text, std::size_t end) {
  static const RE2 kCalling(
      R"(^[ \t]*(?:(?:pe|par|pr|ko|पर|पे|मा|को)[ \t]+(?i:call|phone|whatsapp|कॉल|फोन|फ़ोन)|)"
      R"((?i:call|ring|phone|whatsapp)[ \t]+(?i:me|us|karo|kar|karna|karein|him|her))(?:[^\w]|\z))");
  return RE2::PartialMatch(re2::StringPiece(text.data() + end, std::min<std::size_t>(text.size() - end, 40)),
                           kCalling);
}

// Whether the number at `start`, opening with a digit, continues an IBAN's groups of four after its country and check
// digits ("GB33 REVO 0099 6912 3456 78", "DE44 1001 0010 0418 8227 30"), whether or not they hold: then it is part of
// the account. A number opening with "+" after an IBAN is a phone ("BE68 5390 0754 7034 +32 470 12 34 56").
bool InsideAnIbanShape(std::string_view text, std::size_t start) {
  auto in_a_group = [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); };
  if (start < 10 || text[start] < '0' || text[start] > '9' || text[start - 1] != ' ' || !in_a_group(text[start - 2]) ||
      !in_a_group(text[start - 3]) || !in_a_group(text[start - 4]) || !in_a_group(text[start - 5])) {
    return false;
  }
  static const RE2 kIbanOpening(R"((?:^|[^A-Za-z0-9])[A-Z]{2}\d{2}(?: [A-Z0-9]{4}){1,7} \z)");
  constexpr std::size_t kLongestOpening = 45;
  const std::size_t from = start > kLongestOpening ? start - kLongestOpening : 0;
  return RE2::PartialMatch(re2::StringPiece(text.data() + from, start - from), kIbanOpening);
}

// Whether `gap` only joins a name to the phone written after it: spaces, a comma, a colon or a dash, or an honorific
// ("शर्मा जी 98110 42837").
bool JoinsANameToItsPhone(std::string_view gap) {
  static const std::set<std::string_view> kJoiners = {"", ",", ":", "-", "–", "—", "ji", "jee", "जी"};
  const std::size_t first = gap.find_first_not_of(" \t");
  if (first == std::string_view::npos) return true;
  const std::size_t last = gap.find_last_not_of(" \t");
  return kJoiners.count(gap.substr(first, last - first + 1)) != 0;
}

// Whether `value` is two years joined by a hyphen or a dash, the second later ("1674-1748").
bool SpansOfYears(std::string_view value) {
  if (value.size() < 9 || value.substr(0, 4).find_first_not_of("0123456789") != std::string_view::npos) return false;
  const std::string_view second = value.substr(value.size() - 4);
  if (second.find_first_not_of("0123456789") != std::string_view::npos) return false;
  const std::string_view between = value.substr(4, value.size() - 8);
  const int from = std::stoi(std::string(value.substr(0, 4))), to = std::stoi(std::string(second));
  return (between == "-" || between == "–" || between == "—") && from >= 1000 && from < to && to < 2100;
}

// The word written right before `at`, past the spaces between: letters, digits and any character beyond ASCII.
std::string_view WordBefore(std::string_view text, std::size_t at) {
  std::size_t end = at;
  while (end > 0 && text[end - 1] == ' ') --end;
  std::size_t start = end;
  while (start > 0 && (is_alnum(text[start - 1]) || static_cast<unsigned char>(text[start - 1]) >= 0x80)) --start;
  return text.substr(start, end - start);
}

// Whether the name read at [start, end) names a place named after a person: a hospital, a school, a temple ("Guru
// Nanak Gurdwara"), unless an initial or a listed first name comes before the place's word ("St John Ambulance"); a
// ward after "to", "from", "on", "at" or "in" ("moved from Keats Ward to Nightingale Ward"; "Ward" and "Hall" are
// also surnames: "-- Artemus Ward", "Tom T. Hall"); or "Ward" before a ward's number ("Ward 7", "on Ward 3B"; not
// "Gregory P. Ward 2002-2006").
bool NamesAPlace(std::string_view text, std::size_t start, std::size_t end) {
  static const std::set<std::string_view> kPlaceWords = {"Wing",   "Unit",    "Hospital", "Clinic", "Centre",
                                                         "Center", "School",  "College",  "Church", "Mosque",
                                                         "Temple", "Gurdwara", "Institute", "Ambulance"};
  const std::string_view span = text.substr(start, end - start);
  const std::size_t last_space = span.find_last_of(' ');
  if (last_space == std::string_view::npos) {
    std::size_t digits = end;
    while (digits < text.size() && text[digits] == ' ') ++digits;
    std::size_t past = digits;
    while (past < text.size() && past - digits < 3 && text[past] >= '0' && text[past] <= '9') ++past;
    // One or two digits: "Ward 2002" is a name before a year.
    const bool short_number = past > digits && (past == text.size() || text[past] < '0' || text[past] > '9');
    return (span == "Ward" || span == "WARD") && digits > end && short_number;
  }
  const std::string_view place_word = span.substr(last_space + 1);
  const std::string_view before = span.substr(0, last_space);
  const std::string_view word_before = before.substr(before.find_last_of(' ') + 1);
  const bool initial = word_before.size() <= 2;
  if (initial || (NameTagger::Shipped().ListedClasses(word_before) & ListedWord::kFirstName) != 0) return false;
  if (kPlaceWords.count(place_word) != 0) return true;
  if (place_word != "Ward") return false;
  static const std::set<std::string_view> kPrepositions = {"to", "from", "on", "at", "in", "onto", "into"};
  return kPrepositions.count(WordBefore(text, start)) != 0;
}

// Whether the name read at [start, end) is part of a street's name that other languages write after the word for a
// street in small letters ("calle Isabel la Católica", "rue Victor Hugo", "piazza Garibaldi"): that word is the one
// right before it. An institution's word is not enough: German writes the person it governs after it ("im Krankenhaus
// Peter Müller besucht"), and "via" is also English ("sent via Maria Lopez").
bool NamesAStreet(std::string_view text, std::size_t start) {
  static const std::set<std::string_view> kStreetWords = {"calle", "rue",   "rua",    "avenida", "viale",
                                                          "piazza", "plaza", "praça",  "ulica",   "ul.",
                                                          "strada", "bulevardul", "carrer"};
  std::size_t before_end = start;
  while (before_end > 0 && text[before_end - 1] == ' ') --before_end;
  std::size_t before_start = before_end;
  while (before_start > 0 && text[before_start - 1] != ' ' && text[before_start - 1] != '\n') --before_start;
  return before_end < start && kStreetWords.count(text.substr(before_start, before_end - before_start)) != 0;
}

std::size_t utf8_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

// A word as the repeated-name scan reads it: letters and any character beyond ASCII, joined by a hyphen ("Bat-Erdene",
// "Jun-Jun") or by an apostrophe before a capital ("O'Brien"; "Noah's" ends at the apostrophe). Punctuation and
// symbols end a word: U+0080-U+00BF (no-break space, "«"), U+2000-U+2FFF ("–", "’", "→", "€"), CJK punctuation
// ("。", "、"), the Arabic comma and semicolon, the Devanagari danda and full-width punctuation ("，"). Returns the
// word's end.
std::size_t NameWordEnd(std::string_view text, std::size_t start) {
  auto letter_at = [&](std::size_t at) -> std::size_t {  // the letter's length in bytes, 0 if none starts at `at`
    if (at >= text.size()) return 0;
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte < 0x80) return (is_alnum(text[at]) && !(byte >= '0' && byte <= '9')) ? 1 : 0;
    if ((byte & 0xC0) == 0x80) return 0;  // inside a character
    const auto next = at + 1 < text.size() ? static_cast<unsigned char>(text[at + 1]) : 0;
    const auto third = at + 2 < text.size() ? static_cast<unsigned char>(text[at + 2]) : 0;
    if (byte == 0xC2 && next >= 0x80 && next <= 0xBF) return 0;
    if (byte == 0xE2) return 0;                                    // U+2000-2FFF: punctuation, arrows, symbols
    if (byte == 0xE3 && next == 0x80) return 0;                    // CJK punctuation and the ideographic space
    if (byte == 0xD8 && (next == 0x8C || next == 0x9B)) return 0;  // Arabic comma and semicolon
    if (byte == 0xE0 && next == 0xA5 && (third == 0xA4 || third == 0xA5)) return 0;  // Devanagari danda
    if (byte == 0xEF && next == 0xBC && (third < 0xA1 || third > 0xBA)) return 0;    // full-width punctuation
    return std::min(utf8_length(byte), text.size() - at);
  };
  std::size_t end = start;
  while (true) {
    while (std::size_t length = letter_at(end)) end += length;
    if (end == start || end + 1 >= text.size()) return end;
    const bool joined = (text[end] == '-' && letter_at(end + 1) != 0) ||
                        (text[end] == '\'' && text[end + 1] >= 'A' && text[end + 1] <= 'Z');
    if (!joined) return end;
    ++end;
  }
}

// Where the possessive "'s" (or "’s") written at `at` ends; `at` if there is none.
std::size_t PossessiveEnd(std::string_view text, std::size_t at) {
  if (text.substr(at, 2) == "'s" || text.substr(at, 2) == "'S") return at + 2;
  if (text.substr(at, 4) == "\xE2\x80\x99s" || text.substr(at, 4) == "\xE2\x80\x99S") return at + 4;
  return at;
}

// `word` with its ASCII letters in lower case.
std::string Lowered(std::string_view word) {
  std::string out(word);
  for (char& c : out) c = lower(c);
  return out;
}

// A word in small letters, whatever its script ("Номер" -> "номер"), and whether it is written in capitals only.
std::string LoweredWord(std::string_view word, bool* in_capitals) {
  std::string out;
  bool has_upper = false, has_lower = false;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(word.data());
  for (utf8proc_ssize_t at = 0; at < static_cast<utf8proc_ssize_t>(word.size());) {
    utf8proc_int32_t code = 0;
    const utf8proc_ssize_t size = static_cast<utf8proc_ssize_t>(word.size());
    const utf8proc_ssize_t length = utf8proc_iterate(bytes + at, size - at, &code);
    if (length <= 0) return Lowered(word);  // not UTF-8: ASCII folding only
    has_upper |= utf8proc_category(code) == UTF8PROC_CATEGORY_LU;
    has_lower |= utf8proc_category(code) == UTF8PROC_CATEGORY_LL;
    utf8proc_uint8_t encoded[4];
    const utf8proc_ssize_t written = utf8proc_encode_char(utf8proc_tolower(code), encoded);
    out.append(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(written));
    at += length;
  }
  *in_capitals = has_upper && !has_lower;
  return out;
}

// What a label of words and its colon right before `at` says of the number after it ("Informes: ", "Help: ").
enum class PhoneLabel {
  kNone,   // no label, or one of a number that is no phone
  kPlain,  // a label that names no other number: a number with a trunk 0 after it is a phone
  kDesk,   // a desk's, a line's or a contact's label: a number in groups of three after it is a phone too
};

// A label names another number when it is an order's, an account's, an amount's, a list of scores or readings (or
// any plural that is not a desk's: "Specimens:", "Pages:"), one that says "number" in any language ("Kundennummer:",
// "Ügyfélszám:", "Номер договора:", "등록번호:", "Договор №:"), or an acronym in capitals ("NSS:", "ИНН:"). Only a
// desk's label allows groups of three, which are also how amounts, populations and IDs are written ("Budget: 12 500
// 000", "Население: 146 150 789"); a phone's own label is a cue already.
PhoneLabel PhoneLabelBefore(std::string_view text, std::size_t at) {
  std::size_t colon = at;
  while (colon > 0 && (text[colon - 1] == ' ' || text[colon - 1] == '\t')) --colon;
  if (colon >= 3 && text.substr(colon - 3, 3) == "\xEF\xBC\x9A") colon -= 2;  // the full-width colon
  else if (colon == 0 || text[colon - 1] != ':') return PhoneLabel::kNone;
  static const std::vector<std::string_view> kNotAPhone = {
      "no", "nr", "n°", "nº", "№", "id", "ids", "order", "invoice", "case", "claim", "ref", "reference", "account",
      "acct", "policy", "member", "mrn", "nhs", "ssn", "passport", "licence", "license", "tracking", "serial", "sku",
      "vat", "tax", "nip", "regon", "pesel", "dni", "nif", "cpf", "cnpj", "total", "amount", "price", "balance", "sum",
      "cost", "fee", "qty", "code", "pin", "batch", "lot", "ticket", "booking", "reservation", "confirmation",
      "transaction", "folio", "expediente", "factura", "pedido", "importe", "precio", "bestellung", "rechnung",
      "betrag", "preis", "kundennummer", "klantnummer", "afiliado", "zamówienie", "kwota", "cena", "facture",
      "commande", "montant", "prix", "iban", "bic", "swift", "card", "routing", "sort", "zip", "postcode", "plz",
      "number", "numer", "número", "numero", "numéro", "nomor", "numara", "αριθμός", "số", "score", "scores",
      "results", "values", "readings", "obs", "vitals", "labs", "hours", "time", "times", "dates", "zips", "konto",
      "bankverbindung", "rekening", "cuenta", "compte", "conta"};
  // "Number" as the end of a compound: German, Dutch, Hungarian, Russian, Hindi, Korean, Japanese, Chinese.
  static const std::vector<std::string_view> kNumberInAWord = {"nummer", "szám", "номер", "संख्या", "번호", "番号",
                                                               "号码", "號碼", "编号", "編號", "№"};
  // The words of a desk, a line or a contact, in the languages the phone cues cover.
  static const std::set<std::string_view> kDeskWords = {
      "informes", "información", "informacion", "info", "atención", "atencion", "cliente", "clientes", "customer",
      "service", "servicio", "serviço", "apoio", "suporte", "support", "help", "helpdesk", "complaints",
      "reclamaciones", "reclamações", "anulaciones", "cancelaciones", "cancellations", "cita", "citas", "previa",
      "reservas", "reservations", "recepción", "recepcion", "recepção", "reception", "kontakt", "contacto", "contato",
      "contact", "biuro", "office", "secretaría", "secretaria", "emergencias", "emergency", "urgencias", "hotel",
      "línea", "linea", "line", "desk", "centralita", "centrala", "enquiries", "inquiries", "ακύρωση", "κρατήσεις"};
  // The label: at most three words of no digit back from the colon, within its line and clause.
  std::size_t end = colon - 1, words = 0;
  bool desk = false, plural = false;
  constexpr std::size_t kLabelWords = 3;
  while (words < kLabelWords) {
    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
    std::size_t start = end;
    constexpr std::size_t kLongestWord = 32;  // a label's word is short; a longer run is not walked, whatever it holds
    while (start > 0 && end - start <= kLongestWord &&
           std::string_view(" \t\n.;:,|()[]").find(text[start - 1]) == std::string_view::npos) {
      --start;
    }
    if (start == end || end - start > kLongestWord) break;
    bool in_capitals = false;
    const std::string word = LoweredWord(text.substr(start, end - start), &in_capitals);
    if (word.find_first_of("0123456789#") != std::string::npos) break;
    if (in_capitals || std::find(kNotAPhone.begin(), kNotAPhone.end(), word) != kNotAPhone.end()) {
      return PhoneLabel::kNone;
    }
    for (std::string_view number : kNumberInAWord) {
      if (word.find(number) != std::string::npos) return PhoneLabel::kNone;
    }
    desk |= kDeskWords.count(word) != 0;
    if (words == 0) plural = word.size() > 3 && word.back() == 's';  // "Specimens:", "Pages:": a list of values
    ++words;
    if (start == 0 || text[start - 1] != ' ') break;
    end = start;
  }
  if (words == 0 || (!desk && plural)) return PhoneLabel::kNone;
  return desk ? PhoneLabel::kDesk : PhoneLabel::kPlain;
}

// Whether the label of a firm's tax number or a product code stands right before `at`, in capitals ("BTW BE
// 0412.345.678", "P.IVA 01234560371", "NDC 00093-1048-01"), or an order's, an invoice's or a parcel's with its number
// sign ("Заказ № 75 4412 9902", "Order #0412 345 678"), with at most "BE", "No." or a colon between: a number there has
// a phone's shape but is that number, and none of a person. Not "btw 07700 900123 is my new number", "Phone order:
// 07700 900123", "Parking lot: 0412 345 678". A person's number after its label (a claim's, a chart's, a policy's)
// stays found: no other pattern would scrub it.
bool AfterAnIdLabel(std::string_view text, std::size_t at) {
  static const std::set<std::string, std::less<>> kLabelsInCapitals = {"BTW", "VAT", "IVA", "P.IVA", "TVA",
                                                                       "CNPJ", "NDC", "SKU", "LOT"};
  static const std::set<std::string, std::less<>> kLabelsWithASign = {"order", "invoice", "tracking", "batch",
                                                                      "serial", "заказ", "Заказ", "ЗАКАЗ"};
  static const std::set<std::string_view> kSigns = {"#", "№", "n°", "nº", "no", "no.", "nr", "nr."};
  static const std::set<std::string_view> kBetween = {":", "：", "be"};
  std::size_t end = at;
  bool signed_number = false;
  for (int token = 0; token < 4; ++token) {
    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
    std::size_t start = end;
    while (start > 0 && text[start - 1] != ' ' && text[start - 1] != '\t' && text[start - 1] != '\n' &&
           end - start < 24) {
      --start;
    }
    if (start == end) return false;
    std::string written(text.substr(start, end - start));
    // A label and its colon or number sign written together ("Order#", "NDC:").
    for (std::string_view sign : {":", "：", "#", "№"}) {
      if (written.size() > sign.size() && written.ends_with(sign)) {
        signed_number |= sign == "#" || sign == "№";
        written.resize(written.size() - sign.size());
      }
    }
    const std::string word = Lowered(written);
    if (kLabelsInCapitals.count(written) != 0) return true;
    if (kLabelsWithASign.count(word) != 0) return signed_number;
    if (kSigns.count(word) != 0) signed_number = true;
    else if (kBetween.count(word) == 0) return false;
    end = start;
  }
  return false;
}

// Whether a Chinese or Japanese label of a number stands right before `at`, with at most a colon between: a word
// ending in "号", "號", "码" or "碼" ("订单号 13905552871", "流水号：", "注文番号", "取件码"), an account's or a code's
// ("账户", "代码"); not a phone's ("手机号", "电话号码", "微信号", "联系号码").
bool AfterAChineseIdLabel(std::string_view text, std::size_t at) {
  static constexpr std::string_view kNumberWords[] = {"号", "號", "码", "碼", "账户", "帳戶", "代码", "代碼", "订单", "訂單"};
  static constexpr std::string_view kPhoneWords[] = {"手机", "手機", "电话", "電話", "微信", "联系", "聯繫", "聯絡", "电", "電"};
  std::string_view before = text.substr(0, at);
  while (before.ends_with(' ')) before.remove_suffix(1);
  if (before.ends_with(":")) before.remove_suffix(1);
  while (before.ends_with(' ')) before.remove_suffix(1);
  for (const std::string_view word : kNumberWords) {
    if (!before.ends_with(word)) continue;
    std::string_view label = before.substr(0, before.size() - word.size());
    for (const std::string_view part : {"号", "號", "番"}) {  // "号码", "番号"
      if (label.ends_with(part)) label.remove_suffix(part.size());
    }
    return std::none_of(std::begin(kPhoneWords), std::end(kPhoneWords),
                        [&](std::string_view phone) { return label.ends_with(phone); });
  }
  return false;
}

// Whether a title (IsATitle), "patient" or a bed's word stands right before `at` ("Mr Jones", "Dr. Mehta", "Patient
// Amy").
bool AfterATitle(std::string_view text, std::size_t at) {
  std::size_t end = at;
  while (end > 0 && text[end - 1] == ' ') --end;
  if (end > 0 && text[end - 1] == '.') --end;
  const std::string word = Lowered(WordBefore(text, end));
  return IsATitle(word) || word == "patient" || word == "pt" || word == "bed";
}

// Whether the name read at [start, end) names a street, a prize, a building or a place named after a person by the
// word that closes it or follows it: "Gladstone St", "Wellington Tce", "Hudson Valley", "KENNEDY TROPHY", "Marshall
// Scholarship", "Stanford University"; after a name of more words, only where no role follows. Only words few people
// are named, written in title case or in capitals as the name is, and not after a title; an abbreviation with a
// capitalised word after it is a saint's ("Tom St Clair").
bool NamedForItsKind(std::string_view text, std::size_t start, std::size_t end) {
  static const std::set<std::string_view> kKinds = {
      "street",   "road",    "avenue",      "square",    "terrace",    "crescent", "boulevard", "valley",
      "trophy",   "prize",   "award",       "medal",     "scholarship", "fellowship", "lecture", "museum",
      "library",  "gallery", "theatre",     "theater",   "stadium",    "airport",  "foundation", "institute",
      "university", "cathedral", "memorial", "regatta", "st", "rd", "ave", "pl", "sq", "tce", "cres", "blvd"};
  static const std::set<std::string_view> kAbbreviations = {"st", "rd", "ave", "pl", "sq", "tce", "cres", "blvd"};
  const std::string_view span = text.substr(start, end - start);
  if (AfterATitle(text, start)) return false;  // "Mr John Gallery", "Ms Hall Theatre manager"
  const bool in_capitals = std::none_of(span.begin(), span.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  auto names_a_kind = [&](std::size_t word_start, std::size_t word_end) {
    const std::string_view word = text.substr(word_start, word_end - word_start);
    if (word.size() < 2 || word[0] < 'A' || word[0] > 'Z') return false;
    const bool capitals = std::none_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (capitals != in_capitals && !(capitals && word.size() <= 3)) return false;
    const std::string lowered = Lowered(word);
    if (kKinds.count(lowered) == 0) return false;
    if (kAbbreviations.count(lowered) == 0) return true;
    std::size_t after = word_end;
    if (after < text.size() && text[after] == '.') ++after;
    while (after < text.size() && text[after] == ' ') ++after;
    return after == text.size() || text[after] < 'A' || text[after] > 'Z';
  };
  // "Street" is a surname too: after a listed first name it is one ("Emma Street").
  const std::size_t last_word = span.find_last_of(' ');
  if (last_word != std::string_view::npos && names_a_kind(start + last_word + 1, end)) {
    const std::string_view before = span.substr(0, last_word);
    const std::string_view word_before = before.substr(before.find_last_of(' ') + 1);
    const bool first_name = (NameTagger::Shipped().ListedClasses(word_before) & ListedWord::kFirstName) != 0;
    return !(first_name && Lowered(span.substr(last_word + 1)) == "street");
  }
  if (end + 1 >= text.size() || text[end] != ' ') return false;
  const std::size_t kind_end = NameWordEnd(text, end + 1);
  if (!names_a_kind(end + 1, kind_end)) return false;
  if (last_word == std::string_view::npos) return true;
  // After a name of more words, a kind's word before another capitalised word or "of" is more often a signature's
  // employer and role ("Regards, Jane Doe Library Services Manager", "Alan Turner University of Leeds") than the
  // place itself ("Carnegie Mellon University not", "Southwest Research Institute (R)").
  std::size_t next = kind_end;
  while (next < text.size() && text[next] == ' ') ++next;
  const bool role_after = next > kind_end && next < text.size() &&
                          ((text[next] >= 'A' && text[next] <= 'Z') || text.substr(next, 3) == "of ");
  return !role_after;
}

// Whether the one word read as a name at [start, end) names a thing after someone, by the noun after it: a device, a
// test's score, a right ("Hickman line", "Thomas splint", "Petri dishes", "Westley score", "Miranda rights"), or, after
// "'s", a condition, a law or a sign ("Gilbert's syndrome", "Baker's cyst", "Newton's third law", "Halley's comet").
// A person's own things stay theirs: after a title ("Mr Jones line flushed", "Mrs Okafor's fracture clinic"), and
// a test, a score, an operation or a fracture after "'s" ("Jones's test results", "Amy's score", "Mr Patel's
// operation").
bool NamesAnEponym(std::string_view text, std::size_t start, std::size_t end) {
  static const std::set<std::string_view> kThingsNamedAfterSomeone = {
      "line",  "catheter", "splint", "dish",  "dishes",   "rights",  "score",     "scale",    "criteria",
      "tube",  "drain",    "needle", "frame", "stockings", "collar", "classification", "manoeuvre", "maneuver",
      "procedure", "operation", "fracture", "syndrome", "disease", "palsy", "reflex", "forceps", "retractor", "grade"};
  static const std::set<std::string_view> kOwnedThingsNamedAfterSomeone = {
      "syndrome", "disease", "sign",   "cyst",  "palsy",   "law",       "laws",      "comet",     "reflex",
      "ulcer",    "triad",   "phenomenon", "contracture", "node", "lymphoma", "criteria", "classification",
      "manoeuvre", "maneuver", "theorem", "principle", "equation", "constant", "tumour", "tumor", "solution"};
  const std::string_view span = text.substr(start, end - start);
  if (span.find(' ') != std::string_view::npos) return false;
  if (AfterATitle(text, start)) return false;
  std::size_t next = PossessiveEnd(text, end);
  const bool possessive = next > end;
  if (next >= text.size() || text[next] != ' ') return false;
  ++next;
  // A number between ("Newton's third law") is read past: ordinals only. The noun is in lower case, or in capitals
  // where the name is ("FOLEY CATHETER"; "Felson's Law" is a person's).
  const bool in_capitals = std::none_of(span.begin(), span.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  auto letter = [&](char c) { return (c >= 'a' && c <= 'z') || (in_capitals && c >= 'A' && c <= 'Z'); };
  std::size_t noun = next;
  while (noun < text.size() && letter(text[noun])) ++noun;
  std::string word = Lowered(text.substr(next, noun - next));
  static const std::set<std::string_view> kOrdinals = {"first", "second", "third", "fourth"};
  if (possessive && kOrdinals.count(word) != 0 && noun < text.size() && text[noun] == ' ') {
    next = noun + 1;
    noun = next;
    while (noun < text.size() && letter(text[noun])) ++noun;
    word = Lowered(text.substr(next, noun - next));
  }
  return (possessive ? kOwnedThingsNamedAfterSomeone : kThingsNamedAfterSomeone).count(word) != 0;
}

// Whether a word carried from a name stands as that name at [start, end) rather than in a firm, an eponym, a place or
// a thing named after someone: not before "&" ("Marks & Spencer"), nor before "'s" and a capitalised word or an
// eponym's noun ("King's College", "Parkinson's disease"; "Naidoo's car" is the name), nor after an article or a
// possessive ("a Caesar salad", "his Dell laptop"), nor right before a capitalised word that the name lists lack
// or also have as an ordinary word ("Glen Street", "Stone Bros."). A word the lists have as a place or as a first
// name is none after a preposition of place or motion ("moved to Lagos", "returned from Jordan"): first names that
// are places are many, and the tagger and the cue scan read most first names there themselves ("sent to Kwame").
bool StandsAsAName(std::string_view text, std::size_t start, std::size_t end, std::uint8_t classes) {
  const NameTagger& lists = NameTagger::Shipped();
  static const std::set<std::string, std::less<>> kDeterminers = {"a",   "an",  "the",   "his", "her",
                                                                  "my",  "your", "our", "their", "its"};
  static const std::set<std::string, std::less<>> kPlacePrepositions = {"from", "to",   "in",  "at",
                                                                        "near", "via", "into", "onto"};
  if (NamesAnEponym(text, start, end)) return false;
  const std::string before = Lowered(WordBefore(text, start));
  if (kDeterminers.count(before) != 0) return false;
  constexpr std::uint8_t kPlaceOrFirstName = ListedWord::kPlace | ListedWord::kFirstName;
  if ((classes & kPlaceOrFirstName) != 0 && kPlacePrepositions.count(before) != 0) return false;
  std::size_t next = PossessiveEnd(text, end);
  const bool possessive = next > end;
  std::size_t after = next;
  while (after < text.size() && text[after] == ' ') ++after;
  if (after < text.size() && text[after] == '&') return false;
  const std::size_t word_end = NameWordEnd(text, after);
  const std::string_view word_after = text.substr(after, word_end - after);
  if (word_after.empty() || after == next) return true;
  const bool capital = word_after[0] >= 'A' && word_after[0] <= 'Z';
  if (possessive) return !capital;
  const std::uint8_t classes_after = lists.ListedClasses(word_after);
  constexpr std::uint8_t kNames = ListedWord::kFirstName | ListedWord::kSurname;
  const bool a_name_after = (classes_after & kNames) != 0 && (classes_after & ListedWord::kOrdinaryWord) == 0;
  return !capital || after != end + 1 || a_name_after;
}

// The designations a firm's name carries ("Sun Microsystems, Inc.", "Collabora Ltd").
const std::set<std::string_view>& FirmDesignations() {
  static const std::set<std::string_view> kFirmDesignations = {
      "Inc", "INC", "Ltd", "LTD", "LLC", "Corp", "CORP", "Corporation", "GmbH", "AG", "PLC", "plc", "Plc",
      "Pty", "LLP", "Limited", "Company", "Co", "Foundation", "SpA", "Srl", "BV", "NV", "Oy", "AB", "ASA", "KG",
      "SARL", "SAS"};
  return kFirmDesignations;
}

// Whether a name read as `words` is a person's by its words: each is on a name list or on none ("Chen Xiaoming"; not
// "Silicon Graphics", "Covered Software": a word only the lists of ordinary words or places have), and none is a
// firm's designation.
bool WordsOfAPersonsName(const std::vector<std::string_view>& words) {
  const NameTagger& lists = NameTagger::Shipped();
  constexpr std::uint8_t kNames = ListedWord::kFirstName | ListedWord::kSurname;
  for (std::string_view word : words) {
    const std::uint8_t classes = lists.ListedClasses(word);
    if (FirmDesignations().count(word) != 0 || (classes != 0 && (classes & kNames) == 0)) return false;
  }
  return true;
}

// Whether a firm's designation follows `end`, past spaces and a comma ("Sun Microsystems, Inc.").
bool FirmDesignationAfter(std::string_view text, std::size_t end) {
  std::size_t after = end;
  while (after < text.size() && (text[after] == ' ' || text[after] == ',')) ++after;
  return FirmDesignations().count(text.substr(after, NameWordEnd(text, after) - after)) != 0;
}

// Whether the word at [start, end) is part of a path, an address, a version or a dotted identifier ("Apache-2.0",
// "/usr/share/Gailly", "guido@python.org"; not a sentence written without its space, "Xiaoming.Plan agreed").
bool InAnIdentifier(std::string_view text, std::size_t start, std::size_t end) {
  constexpr std::string_view kIdentifierJoiners = "-_/.@\\";
  const bool joined_after = end + 1 < text.size() && kIdentifierJoiners.find(text[end]) != std::string_view::npos &&
                            (is_alnum(text[end + 1]) || static_cast<unsigned char>(text[end + 1]) >= 0x80) &&
                            !(text[end] == '.' && text[end + 1] >= 'A' && text[end + 1] <= 'Z');
  const bool joined_before = start > 0 && std::string_view("_/@\\").find(text[start - 1]) != std::string_view::npos;
  return joined_after || joined_before;
}

// Whether the word at `at` opens a sentence or a line: nothing but spaces since the text's start, a line break or
// the end of a sentence.
bool OpensASentence(std::string_view text, std::size_t at) {
  std::size_t before = at;
  while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t')) --before;
  return before == 0 || std::string_view(".!?:;\n\r\"(").find(text[before - 1]) != std::string_view::npos;
}

// Whether `word` opens with a capital letter, of any script utf8proc knows, and goes on in lower case ("Xiaoming",
// "Özdemirci", "Сидоренко"; not "MDCN").
bool TitleCase(std::string_view word) {
  utf8proc_int32_t first = 0, second = 0;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(word.data());
  const utf8proc_ssize_t length = utf8proc_iterate(bytes, static_cast<utf8proc_ssize_t>(word.size()), &first);
  if (length <= 0 || utf8proc_category(first) != UTF8PROC_CATEGORY_LU) return false;
  if (static_cast<std::size_t>(length) >= word.size()) return false;
  if (utf8proc_iterate(bytes + length, static_cast<utf8proc_ssize_t>(word.size()) - length, &second) <= 0) return false;
  return utf8proc_category(second) != UTF8PROC_CATEGORY_LU;
}

// A name found once names the same person where one of its words stands alone elsewhere in the text, written the
// same way ("Chen Xiaoming and Li Wei. Xiaoming is on leave", "Obinna Eze admitted; Eze's wife called"). Words are
// carried from names of two words or more that WordsOfAPersonsName and no firm's designation follows: a lone word
// read as a name may be a place or a word of another language. Initials, one-letter words, languages and patients'
// labels are not carried. A repeat is none where StandsAsAName says it is a firm, an eponym or a place, inside an
// identifier, or right after a capitalised word of something else ("Cedar Park"). A word the lists also have as an
// ordinary word or a place ("Stone", "Hope") counts only with four letters or more, written with a capital right
// after a lower-case word: at the start of a sentence or after a comma it may be that word ("Will Oduya ... Will
// you"). A word not in title case (in capitals, in lower case) counts only if the lists have it as a name ("MDCN",
// "akan" are none). Each repeat scores as the best finding it was carried from, and overlaps nothing already found.
std::vector<Finding> RepeatedNames(std::string_view text, const std::vector<Finding>& accepted) {
  std::unordered_map<std::string_view, double> name_words;
  // The words each name written so carries, worked out once however often the text repeats it (a list of the same
  // names over a megabyte line).
  std::unordered_map<std::string_view, std::vector<std::string_view>> carried_by;
  for (const Finding& finding : accepted) {
    if (finding.type != "NAME") continue;
    if (FirmDesignationAfter(text, finding.end)) continue;
    const std::string_view name = text.substr(finding.start, finding.end - finding.start);
    auto [known, first_time] = carried_by.try_emplace(name);
    if (first_time) {
      std::vector<std::string_view> words;
      for (std::size_t at = finding.start; at < finding.end;) {
        const std::size_t end = NameWordEnd(text, at);
        if (end > at) words.push_back(text.substr(at, end - at));
        at = std::max(end, at + 1);
      }
      if (words.size() >= 2 && WordsOfAPersonsName(words)) {
        for (std::string_view word : words) {
          if (word.size() >= 2 && !IsALanguageOrAPatientLabel(word)) known->second.push_back(word);
        }
      }
    }
    for (std::string_view word : known->second) {
      double& score = name_words[word];
      score = std::max(score, finding.score);
    }
  }
  std::vector<Finding> repeats;
  if (name_words.empty()) return repeats;
  static const std::string kRepeated = "name_repeated";
  constexpr std::uint8_t kNames = ListedWord::kFirstName | ListedWord::kSurname;
  // The bytes a carried word opens with: a word opening otherwise is only walked past, over ASCII letters without
  // decoding (NameWordEnd decides where a word with a joiner or a character beyond ASCII ends).
  std::array<bool, 256> opens_a_name{};
  for (const auto& [word, score] : name_words) opens_a_name[static_cast<unsigned char>(word[0])] = true;
  auto ascii_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto next_finding = accepted.begin();
  for (std::size_t at = 0; at < text.size();) {
    if (!opens_a_name[static_cast<unsigned char>(text[at])]) {
      std::size_t past = at;
      while (past < text.size() && ascii_letter(text[past])) ++past;
      const bool plain = past == text.size() || (text[past] != '-' && text[past] != '\'' &&
                                                 static_cast<unsigned char>(text[past]) < 0x80);
      at = std::max(plain ? past : NameWordEnd(text, at), at + 1);
      continue;
    }
    const std::size_t end = NameWordEnd(text, at);
    if (end == at) {
      ++at;
      continue;
    }
    const std::size_t start = at;
    at = end;
    auto word = name_words.find(text.substr(start, end - start));
    if (word == name_words.end()) continue;
    while (next_finding != accepted.end() && next_finding->end <= start) ++next_finding;
    if (next_finding != accepted.end() && next_finding->start < end) continue;
    const std::uint8_t classes = NameTagger::Shipped().ListedClasses(word->first);
    const bool title_case = TitleCase(text.substr(start, end - start));
    if (!title_case && (classes & kNames) == 0) continue;
    if ((classes & (ListedWord::kOrdinaryWord | ListedWord::kPlace)) != 0) {
      std::size_t before = start;
      while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t')) --before;
      const bool after_a_word = before > 0 && before < start && text[before - 1] >= 'a' && text[before - 1] <= 'z';
      if (!after_a_word || !title_case || end - start < 4) continue;
    }
    if (!StandsAsAName(text, start, end, classes) || InAnIdentifier(text, start, end)) continue;
    // After a capitalised word of something else it is part of that ("near Cedar Park", "Silicon Graphics"), unless
    // that word opens a sentence ("Told Xiaoming results", "Dear Xiaoming,").
    const std::string_view word_before = WordBefore(text, start);
    const std::size_t word_before_start = static_cast<std::size_t>(word_before.data() - text.data());
    if (!word_before.empty() && word_before_start + word_before.size() + 1 == start && word_before[0] >= 'A' &&
        word_before[0] <= 'Z' && name_words.count(word_before) == 0 &&
        (NameTagger::Shipped().ListedClasses(word_before) & kNames) == 0 && !OpensASentence(text, word_before_start)) {
      continue;
    }
    repeats.push_back({"NAME", start, end, word->second, kRepeated});
  }
  return repeats;
}

bool IsAPlaceOrLanguage(std::string_view word);

// A name's gloss: the same person written right after a name found, in brackets or quotes, in another script or by a
// nickname ("Wang Lihua (王丽华)", "Choi Eun-ji (최은지)", "Olga Ivanova (Ольга)", "Vasiliki ('Vicky')"). In another
// script only after a name in Latin letters, in brackets closed right after it, and only what the lists have as a
// name: a word of it, or for a script written without spaces the surname it opens with ("Dr Tanaka (内科)", "Li Wei
// (北京)", "Olga (мама)", "Li Na (配偶)" are none); or, in a script the lists lack, a full name written word for word
// ("Sunil Perera (සුනිල් පෙරේරා)"). In Latin letters (Vietnamese and tone marks included), words in
// title case that the lists have as a name and not as an ordinary word or a place ("Tom (GP)", "Ana (hija)", "Le Van
// Nam (chồng)"), to the first comma, semicolon or slash. Each gloss scores as the name it follows.
std::vector<Finding> GlossedNames(std::string_view text, const std::vector<Finding>& accepted) {
  std::vector<Finding> glosses;
  static const std::string kGloss = "name_gloss";
  constexpr std::uint8_t kNames = ListedWord::kFirstName | ListedWord::kSurname;
  constexpr std::uint8_t kNotNames = ListedWord::kOrdinaryWord | ListedWord::kPlace;
  static const std::pair<std::string_view, std::string_view> kMarks[] = {
      {"(", ")"}, {"\uFF08", "\uFF09"}, {"'", "'"}, {"\"", "\""}, {"\u2018", "\u2019"}, {"\u201C", "\u201D"},
      {"\u00AB", "\u00BB"}};
  const NameTagger& lists = NameTagger::Shipped();
  auto code_at = [&](std::size_t at, utf8proc_int32_t& code) {
    return utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + at),
                            static_cast<utf8proc_ssize_t>(text.size() - at), &code);
  };
  auto latin_code = [](utf8proc_int32_t code) {
    return code < 0x0250 || (code >= 0x0300 && code < 0x0370) || (code >= 0x1E00 && code < 0x1F00);
  };
  auto overlaps_a_finding = [&](std::size_t start, std::size_t end) {
    auto after =
        std::partition_point(accepted.begin(), accepted.end(), [&](const Finding& f) { return f.end <= start; });
    return after != accepted.end() && after->start < end;
  };
  // The classes the lists give any word of a gloss.
  auto classes_of_words = [&](std::string_view gloss) {
    std::uint8_t classes = 0;
    for (std::size_t word = 0; word < gloss.size();) {
      std::size_t word_end = gloss.find(' ', word);
      if (word_end == std::string_view::npos) word_end = gloss.size();
      classes |= lists.ListedClasses(gloss.substr(word, word_end - word));
      word = word_end + 1;
    }
    return classes;
  };
  // Whether a gloss written without spaces opens with a listed surname of one or two characters ("王丽华", "최은지",
  // "中村美咲").
  auto opens_with_a_surname = [&](std::string_view gloss) {
    std::size_t prefix = 0;
    for (int characters = 0; characters < 2 && prefix < gloss.size(); ++characters) {
      utf8proc_int32_t code = 0;
      const utf8proc_ssize_t length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(gloss.data() + prefix),
                                                       static_cast<utf8proc_ssize_t>(gloss.size() - prefix), &code);
      if (length <= 0) return false;
      prefix += static_cast<std::size_t>(length);
      if (prefix < gloss.size() && (lists.ListedClasses(gloss.substr(0, prefix)) & ListedWord::kSurname)) return true;
    }
    return false;
  };
  for (const Finding& name : accepted) {
    if (name.type != "NAME") continue;
    std::size_t at = name.end;
    while (at < text.size() && at - name.end < 2 && text[at] == ' ') ++at;
    std::string_view closer;
    bool bracketed = false;
    for (const auto& [open, close] : kMarks) {
      if (text.substr(at, open.size()) == open) {
        at += open.size();
        closer = close;
        bracketed = open == "(" || open == "\uFF08";
        break;
      }
    }
    if (closer.empty()) continue;
    // A nickname quoted inside brackets ends at its quote: "('Sasha', ...)", "('Βίκυ')".
    for (const auto& [open, close] : kMarks) {
      if (bracketed && (open == "'" || open == "\"" || open == "\u2018" || open == "\u201C") &&
          text.substr(at, open.size()) == open) {
        at += open.size();
        closer = close;
        break;
      }
    }
    const std::size_t start = at;
    constexpr std::size_t kLongestGloss = 64;
    const std::size_t limit = std::min(text.size(), start + kLongestGloss);
    std::size_t end = start;
    int words = 1;
    bool latin = true, letters_only = true;
    while (end < limit && letters_only) {
      const bool gloss_ends = text.substr(end, closer.size()) == closer || text[end] == ',' || text[end] == ';' ||
                              text[end] == '/';
      if (gloss_ends) break;
      if (text[end] == ' ') {
        ++words;
        ++end;
        continue;
      }
      utf8proc_int32_t code = 0;
      const utf8proc_ssize_t length = code_at(end, code);
      if (length <= 0) break;
      const utf8proc_category_t category = utf8proc_category(code);
      letters_only = (category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_MC) || code == '-' ||
                     code == 0x00B7 || code == 0x30FB;  // letters, vowel signs, a hyphen or a middle dot
      latin = latin && latin_code(code);
      end += static_cast<std::size_t>(length);
    }
    while (end > start && text[end - 1] == ' ') --end, --words;
    if (!letters_only || end == start || end >= limit || words > 4 || overlaps_a_finding(start, end)) continue;
    const std::string_view gloss = text.substr(start, end - start);
    if (!latin) {
      bool named_in_latin = true;
      for (std::size_t i = name.start; i < name.end && named_in_latin;) {
        utf8proc_int32_t code = 0;
        const utf8proc_ssize_t length = code_at(i, code);
        named_in_latin = length > 0 && latin_code(code);
        i += length > 0 ? static_cast<std::size_t>(length) : 1;
      }
      const bool closed = bracketed && text.substr(end, closer.size()) == closer;
      // What the lists have as a name, or a full name written again word for word ("Sunil Perera (සුනිල් පෙරේරා)") in
      // a script the lists lack; never an ordinary word or a place.
      const std::uint8_t classes = classes_of_words(gloss);
      const std::string_view named_text = text.substr(name.start, name.end - name.start);
      const int named_words = 1 + static_cast<int>(std::count(named_text.begin(), named_text.end(), ' '));
      const bool a_name = (classes & kNames) != 0 || (words == 1 && opens_with_a_surname(gloss)) ||
                          (words >= 2 && words == named_words);
      if (!named_in_latin || !closed || (classes & kNotNames) != 0 || !a_name) continue;
    } else {
      bool all_names = true;
      for (std::size_t word = 0; word < gloss.size() && all_names;) {
        std::size_t word_end = gloss.find(' ', word);
        if (word_end == std::string_view::npos) word_end = gloss.size();
        const std::string_view written = gloss.substr(word, word_end - word);
        const std::uint8_t classes = lists.ListedClasses(written);
        all_names = TitleCase(written) && (classes & kNames) != 0 && (classes & kNotNames) == 0 &&
                    !IsAPlaceOrLanguage(written);
        word = word_end + 1;
      }
      if (!all_names) continue;
    }
    glosses.push_back({"NAME", start, end, name.score, kGloss});
  }
  return glosses;
}

// The regions a town's name is written before, after a comma ("Dublin, Ireland", "Adyar, Tamil Nadu"):
// countries, the states and provinces of the United States, Canada, Australia, India, Pakistan and Mexico, the
// nations of the United Kingdom, and the largest cities of South Asia and Peru, where a district is written before
// its city ("Dhanmondi, Dhaka"). No abbreviations ("UK", "Jal."): after a name they are as often something else.
// Those that are also first names ("Virginia", "Georgia") are left to the lists to judge.
const std::set<std::string_view>& Regions() {
  static const std::set<std::string_view> kRegions = {
      "Afghanistan", "Albania", "Algeria", "Angola", "Argentina", "Armenia", "Australia", "Austria", "Azerbaijan",
      "Bahrain", "Bangladesh", "Belarus", "Belgium", "Belize", "Benin", "Bhutan", "Bolivia", "Bosnia", "Botswana",
      "Brazil", "Brasil", "Bulgaria", "Burkina Faso", "Burundi", "Cambodia", "Cameroon", "Canada", "Chile", "China",
      "Colombia", "Congo", "Costa Rica", "Croatia", "Cuba", "Cyprus", "Czechia", "Czech Republic", "Denmark",
      "Djibouti", "Ecuador", "Egypt", "El Salvador", "Eritrea", "Estonia", "Eswatini", "Ethiopia", "Fiji", "Finland",
      "France", "Gabon", "Gambia", "Germany", "Ghana", "Greece", "Guatemala", "Guinea", "Guyana", "Haiti", "Honduras",
      "Hong Kong", "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Jamaica",
      "Japan", "Jordan", "Kazakhstan", "Kenya", "Korea", "Kosovo", "Kuwait", "Kyrgyzstan", "Laos", "Latvia", "Lebanon",
      "Lesotho", "Liberia", "Libya", "Lithuania", "Luxembourg", "Madagascar", "Malawi", "Malaysia", "Maldives", "Mali",
      "Malta", "Mauritania", "Mauritius", "Mexico", "México", "Moldova", "Mongolia", "Montenegro", "Morocco",
      "Mozambique", "Myanmar", "Namibia", "Nepal", "Netherlands", "New Zealand", "Nicaragua", "Niger", "Nigeria",
      "Norway", "Oman", "Pakistan", "Palestine", "Panama", "Paraguay", "Peru", "Perú", "Philippines", "Poland",
      "Portugal", "Puerto Rico", "Qatar", "Romania", "Russia", "Rwanda", "Samoa", "Saudi Arabia", "Senegal", "Serbia",
      "Sierra Leone", "Singapore", "Slovakia", "Slovenia", "Somalia", "South Africa", "South Sudan", "Spain",
      "España", "Sri Lanka", "Sudan", "Suriname", "Sweden", "Switzerland", "Syria", "Taiwan", "Tajikistan", "Tanzania",
      "Thailand", "Togo", "Tonga", "Tunisia", "Turkey", "Türkiye", "Turkmenistan", "Uganda", "Ukraine",
      "United Arab Emirates", "United Kingdom", "United States", "Uruguay", "Uzbekistan",
      "Venezuela", "Vietnam", "Viet Nam", "Yemen", "Zambia", "Zimbabwe", "England", "Scotland", "Wales",
      "Northern Ireland", "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
      "Delaware", "Florida", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana",
      "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska",
      "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
      "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas",
      "Utah", "Vermont", "Washington", "West Virginia", "Wisconsin", "Wyoming", "Ontario", "Quebec", "Québec",
      "British Columbia", "Alberta", "Manitoba", "Saskatchewan", "Nova Scotia", "New Brunswick", "Newfoundland",
      "New South Wales", "Queensland", "Tasmania", "Western Australia", "South Australia", "Northern Territory",
      "Tamil Nadu", "Kerala", "Karnataka", "Maharashtra", "Gujarat", "Rajasthan", "Punjab", "Haryana",
      "Uttar Pradesh", "Madhya Pradesh", "Andhra Pradesh", "Telangana", "West Bengal", "Bihar", "Odisha", "Assam",
      "Jalisco", "Puebla", "Oaxaca", "Chiapas", "Yucatán", "Veracruz", "Sonora", "Chihuahua", "Coahuila",
      "Sindh", "Khyber Pakhtunkhwa", "Dhaka", "Karachi", "Lahore", "Chennai", "Mumbai", "Delhi", "New Delhi",
      "Kolkata", "Bengaluru", "Bangalore", "Hyderabad", "Pune", "Puno", "Lima"};
  return kRegions;
}

// The world's capitals and largest cities, in any case. Some are also first names ("Sofia", "Milan", "Paris"), which
// the callers ask the name lists about; those most often a person's ("Sydney", "Florence", "Austin", "Victoria") are
// left out.
bool IsALargeCity(std::string_view word) {
  static const std::unordered_set<std::string> kCities = {
      "abidjan", "accra", "addis", "algiers", "amman", "amsterdam", "ankara", "antwerp", "athens", "atlanta",
      "auckland", "baghdad", "baku", "baltimore", "bamako", "bangkok", "barcelona", "basel", "beijing",
      "beirut", "belfast", "belgrade", "bergen", "berlin", "bern", "birmingham", "bogota", "bologna", "bonn",
      "bordeaux", "boston", "bratislava", "bremen", "brisbane", "bristol", "brussels", "bucharest", "budapest",
      "cairo", "calgary", "canberra", "caracas", "cardiff", "casablanca", "chennai", "chicago", "cologne",
      "copenhagen", "cork", "dakar", "dallas", "damascus", "delhi", "denver", "detroit", "dhaka", "doha",
      "dresden", "dubai", "dublin", "durban", "dusseldorf", "edinburgh", "frankfurt", "geneva", "genoa",
      "glasgow", "gothenburg", "hamburg", "hanoi", "hanover", "harare", "havana", "helsinki", "hiroshima",
      "houston", "istanbul", "jakarta", "jerusalem", "johannesburg", "kabul", "kampala", "karachi", "kathmandu",
      "khartoum", "kinshasa", "krakow", "kyiv", "kiev", "kyoto", "lagos", "lahore", "leeds", "leipzig",
      "lille", "lisbon", "liverpool", "ljubljana", "london", "luanda", "lusaka", "lyon", "madrid", "manchester",
      "manila", "marseille", "melbourne", "memphis", "miami", "milan", "minsk", "mogadishu", "montreal",
      "moscow", "mumbai", "munich", "nairobi", "nantes", "naples", "newcastle", "nice", "nottingham",
      "oslo", "ottawa", "oxford", "palermo", "paris", "perth", "philadelphia", "pittsburgh", "porto", "prague",
      "pretoria", "quito", "rabat", "reykjavik", "riga", "riyadh", "rome", "rotterdam", "salzburg", "sarajevo",
      "seattle", "seoul", "seville", "shanghai", "sheffield", "singapore", "sofia", "stockholm", "stuttgart",
      "tallinn", "tashkent", "tbilisi", "tehran", "tokyo", "toronto", "toulouse", "tripoli", "tunis", "turin",
      "valencia", "vancouver", "venice", "vienna", "vilnius", "warsaw", "wellington", "winnipeg", "yerevan",
      "zagreb", "zurich",};
  return kCities.count(Lowered(word)) != 0;
}

// Whether the name read at [start, end) is a town, by the region written after it and a comma: within the span
// ("Dublin, Ireland", read as "Last, First") or, for one word, right after it ("Adyar, Chennai"; not "Dr Anil Mehta,
// Mumbai", "Dr Mehta, Mumbai", "Sunita, Pune"). A region the lists have as a first name ("Reston, Virginia" and
// "Smith, Virginia" look alike; so do "Dublin, Ireland" and "Lyon, Jordan") says nothing, nor does a state's two-letter
// code: after a name it is as often a degree or an ID ("R. Chen, MD", "Mark Ostrowski, DC", "Johan van der Merwe,
// ID").
bool NamesATown(std::string_view text, std::size_t start, std::size_t end) {
  const NameTagger& lists = NameTagger::Shipped();
  const std::string_view span = text.substr(start, end - start);
  const std::size_t comma = span.rfind(", ");
  // The region of up to three words starting at `at`, if one is there and ends its words.
  auto region_at = [&](std::size_t at, std::size_t limit) {
    std::size_t word_end = at;
    for (int words = 0; words < 3; ++words) {
      while (word_end < limit && (is_alnum(text[word_end]) || static_cast<unsigned char>(text[word_end]) >= 0x80))
        ++word_end;
      const std::string_view region = text.substr(at, word_end - at);
      if (Regions().count(region) != 0 && (lists.ListedClasses(region) & ListedWord::kFirstName) == 0) return true;
      if (word_end >= limit || text[word_end] != ' ') return false;
      ++word_end;
    }
    return false;
  };
  const bool one_word = span.find(' ') == std::string_view::npos;
  const bool region = comma != std::string_view::npos
                          ? region_at(start + comma + 2, end)
                          : one_word && end + 2 < text.size() && text[end] == ',' && text[end + 1] == ' ' &&
                                region_at(end + 2, text.size());
  if (!region) return false;
  // A listed first name before the comma, or a title before the span, makes it a person ("Sunita, Pune", "Dr
  // Mehta, Mumbai").
  const std::string_view person = span.substr(0, comma);
  for (std::size_t at = 0; at < person.size();) {
    const std::size_t word_end = NameWordEnd(person, at);
    if (word_end > at && (lists.ListedClasses(person.substr(at, word_end - at)) & ListedWord::kFirstName) != 0)
      return false;
    at = std::max(word_end, at + 1);
  }
  return !AfterATitle(text, start);
}

// Whether the name read at [start, end) is a large city or a country where a text says where: after "in", "near" or
// their French, Spanish, Portuguese, Dutch and Polish words ("hospitalisée à Lyon", "a flat in Leeds"), or opening a
// line or a sentence before a comma and a date found there, as letters open (`date_starts`: "Jakarta, 12-08-2024",
// "Accra, 14th November"; not "Appointment with Lyon, 12/03/2024"). The place may open with up to two words before
// the name ("in New York" where "York" was read). Not after a title ("Dr Lyon, 12/03/2024"), nor before "'s" ("in
// Lyon's absence"). A place the lists have as a first name must end its clause ("Family in Ireland: mum ..."; not
// "interested in Sofia, she would be", "in Jordan's room"), and is no place before a date. "From" and "to" are left out: messages come from people ("a note from
// Paris"); so is "di", which is also "of" ("la figlia di Sofia").
bool NamesACityOrCountry(std::string_view text, std::size_t start, std::size_t end,
                         const std::vector<std::size_t>& date_starts) {
  static const std::set<std::string, std::less<>> kLocatives = {"in", "within", "near", "à", "en",
                                                                "em", "naar",   "w",    "dans"};
  if (AfterATitle(text, start) || PossessiveEnd(text, end) != end) return false;
  std::size_t before = start;
  while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t')) --before;
  const bool opens = before == 0 || std::string_view("\n.!?").find(text[before - 1]) != std::string_view::npos;
  const bool date_after = opens && end + 2 < text.size() && text[end] == ',' && text[end + 1] == ' ' &&
                          std::binary_search(date_starts.begin(), date_starts.end(), end + 2);
  const bool clause_ends = end == text.size() || std::string_view(".;:)!?").find(text[end]) != std::string_view::npos;
  std::size_t place_start = start;
  for (int words = 0; words < 3; ++words) {
    const std::string_view place = text.substr(place_start, end - place_start);
    if (IsALargeCity(place) || Regions().count(place) != 0) {
      const bool first_name = (NameTagger::Shipped().ListedClasses(place) & ListedWord::kFirstName) != 0;
      if (date_after && !first_name) return true;
      if (kLocatives.count(Lowered(WordBefore(text, place_start))) != 0 && (!first_name || clause_ends)) return true;
    }
    const std::string_view word_before = WordBefore(text, place_start);
    if (word_before.empty() || !TitleCase(word_before)) return false;
    place_start = static_cast<std::size_t>(word_before.data() - text.data());
  }
  return false;
}

// Places and languages the tagger's lists lack, which are also listed names ("London", "Madrid", "Houston", "English",
// "Danish", "Czech"): the countries and regions above, the large cities below, continents and nationalities, and the
// languages IsALanguageOrAPatientLabel knows.
bool IsAPlaceOrLanguage(std::string_view word) {
  static const std::unordered_set<std::string> kPlacesAndLanguages = [] {
    std::unordered_set<std::string> words;
    for (std::string_view region : Regions()) {
      if (region.find(' ') == std::string_view::npos) words.insert(Lowered(region));
    }
    for (const char* word : {"africa", "asia", "europe", "america", "americas", "oceania", "antarctica", "scandinavia",
                             "irish", "scottish", "british", "american", "canadian", "australian", "mexican",
                             "brazilian", "african", "european", "asian"})
      words.insert(word);
    return words;
  }();
  return kPlacesAndLanguages.count(Lowered(word)) != 0 || IsALargeCity(word) || IsALanguageOrAPatientLabel(word);
}

// What the shipped name tagger's word lists say `word` is.
NameWordKind ListedNameWordKind(std::string_view word) {
  const std::uint8_t classes = NameTagger::Shipped().ListedClasses(word);
  const bool name = (classes & (ListedWord::kFirstName | ListedWord::kSurname)) != 0;
  const bool ordinary = (classes & (ListedWord::kOrdinaryWord | ListedWord::kPlace)) != 0;
  if (name) return ordinary ? NameWordKind::kNameAndWord : NameWordKind::kName;
  return ordinary ? NameWordKind::kOrdinary : NameWordKind::kUnknown;
}

// The same, with the places and languages above as ordinary words: for text with no cue, where "london" and
// "english" stand alone. After a cue they are names ("handed over to Danish").
NameWordKind ListedNameWordKindNoPlace(std::string_view word) {
  const NameWordKind kind = ListedNameWordKind(word);
  return kind == NameWordKind::kName && IsAPlaceOrLanguage(word) ? NameWordKind::kNameAndWord : kind;
}

// The same, with the places and languages above as ordinary words even where the lists lack them ("Spanish Harlem").
NameWordKind ListedNameWordKindPlaceAsWord(std::string_view word) {
  return IsAPlaceOrLanguage(word) ? NameWordKind::kOrdinary : ListedNameWordKind(word);
}

RE2::Options latin1_options(int64_t max_mem) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_log_errors(false);
  options.set_max_mem(max_mem);
  return options;
}

// The zero of each run of ten decimal digits the patterns should read as ASCII ones: Arabic-Indic, Persian, N'Ko,
// the Indic scripts, Sinhala, Thai, Lao, Tibetan, Myanmar, Khmer, Mongolian, and the full-width digits of Chinese and
// Japanese text ("٠١٠ ١٢٣٤ ٥٦٧٨", "९८११० ५५०१२", "２０２４年").
constexpr std::uint32_t kDigitZeros[] = {0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6,
                                         0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50,
                                         0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0xFF10};

// The full-width punctuation Chinese and Japanese text writes in numbers and dates ("０３－１２３４－５６７８",
// "（０３）", "２０２４／３／１５"): U+FF08-FF0F and U+FF1A stand for the ASCII characters 0xFEE0 below them.
constexpr std::string_view kFullWidthNumberPunctuation = "()+,-./:";

// The ASCII character that the two- or three-byte UTF-8 character at text[pos] stands for in a number (a decimal digit
// of another script, or full-width punctuation), and its length in bytes; {0, 0} when there is none (or the bytes are
// not UTF-8: "\xDB0" is not a Persian zero).
std::pair<char, std::size_t> AsciiStandIn(std::string_view text, std::size_t pos) {
  auto byte = [&](std::size_t at) { return static_cast<std::uint32_t>(static_cast<unsigned char>(text[at])); };
  auto continues = [&](std::size_t at) { return at < text.size() && (byte(at) & 0xC0) == 0x80; };
  std::uint32_t code_point = 0;
  std::size_t length = 0;
  if ((byte(pos) & 0xE0) == 0xC0 && continues(pos + 1)) {
    code_point = (byte(pos) & 0x1F) << 6 | (byte(pos + 1) & 0x3F);
    length = 2;
  } else if ((byte(pos) & 0xF0) == 0xE0 && continues(pos + 1) && continues(pos + 2)) {
    code_point = (byte(pos) & 0x0F) << 12 | (byte(pos + 1) & 0x3F) << 6 | (byte(pos + 2) & 0x3F);
    length = 3;
  }
  for (std::uint32_t zero : kDigitZeros) {
    if (code_point >= zero && code_point < zero + 10) return {static_cast<char>('0' + (code_point - zero)), length};
  }
  if (code_point >= 0xFF08 && code_point <= 0xFF1A) {
    const char ascii = static_cast<char>(code_point - 0xFEE0);
    if (kFullWidthNumberPunctuation.find(ascii) != std::string_view::npos) return {ascii, length};
  }
  return {'\0', 0};
}

// Whether `byte` is a letter OCR may have read a digit as: most bytes are not, and are passed over with this test.
bool MaybeAnOcrDigit(char byte) { return byte == 'O' || byte == 'o' || byte == 'l' || byte == 'I'; }

// The digit that the letter at text[pos], one MaybeAnOcrDigit accepts, stands for where OCR misread a digit ("(3l4)
// 555-O192", "O7/l9/1988"): beside a digit (a small o before one), in a word of digits, such letters and "-./()"
// only, in a run of digits and separators holding at least six digits; '\0' otherwise ("2l of water", "I 95",
// "Pool1234567", "45o 90o 180o").
char OcrDigitAt(std::string_view text, std::size_t pos) {
  const char letter = text[pos];
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const bool digit_after = pos + 1 < text.size() && digit(text[pos + 1]);
  // A small o only after a digit is a degree or an ordinal ("45o", "2o andar").
  if (letter == 'o' ? !digit_after : !((pos > 0 && digit(text[pos - 1])) || digit_after)) return '\0';
  auto in_word = [&](char c) { return digit(c) || std::string_view("OolI-./()").find(c) != std::string_view::npos; };
  auto ends_word = [](char c) { return std::string_view(" \t\n\r,;:|").find(c) != std::string_view::npos; };
  // Every bound below keeps the cost per letter constant: a longer word is no number, and digits further along the
  // run are not counted.
  constexpr std::size_t kReach = 24;
  std::size_t at = pos;
  for (; at > 0 && !ends_word(text[at - 1]); --at) {
    if (!in_word(text[at - 1]) || pos - at >= kReach) return '\0';
  }
  for (at = pos + 1; at < text.size() && !ends_word(text[at]); ++at) {
    if (!in_word(text[at]) || at - pos > kReach) return '\0';
  }
  auto in_run = [&](char c) { return in_word(c) || c == ' '; };
  int digits = 0;
  for (at = pos; at > 0 && pos - at < kReach && in_run(text[at - 1]); --at) digits += digit(text[at - 1]);
  for (at = pos + 1; at < text.size() && at - pos <= kReach && in_run(text[at]); ++at) {
    digits += digit(text[at]);
  }
  if (digits < 6) return '\0';
  return letter == 'O' || letter == 'o' ? '0' : '1';
}

// `text` with each decimal digit of another script written as its ASCII digit (and full-width punctuation as its
// ASCII character), and each digit OCR misread as a letter as that digit; and for each of its bytes (and its end) the
// offset in `text` it was written from, so that spans found in it map back; nothing when `text` has no such character.
struct AsciiDigits {
  std::string text;
  std::vector<std::size_t> origin;
};

std::optional<AsciiDigits> WithAsciiDigits(std::string_view text) {
  auto stands_in = [&](std::size_t at) {
    const char byte = text[at];
    if (static_cast<unsigned char>(byte) >= 0x80) return AsciiStandIn(text, at).second != 0;
    return MaybeAnOcrDigit(byte) && OcrDigitAt(text, at) != '\0';
  };
  std::size_t first = 0;
  while (first < text.size() && !stands_in(first)) ++first;
  if (first == text.size()) return std::nullopt;
  AsciiDigits ascii;
  ascii.text.reserve(text.size());
  ascii.text.assign(text.substr(0, first));
  ascii.origin.resize(first);
  std::iota(ascii.origin.begin(), ascii.origin.end(), std::size_t{0});
  ascii.origin.reserve(text.size() + 1);
  for (std::size_t pos = first; pos < text.size();) {
    ascii.origin.push_back(pos);
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      const char ocr_digit = MaybeAnOcrDigit(text[pos]) ? OcrDigitAt(text, pos) : '\0';
      ascii.text.push_back(ocr_digit != '\0' ? ocr_digit : text[pos]);
      ++pos;
      continue;
    }
    const auto [stand_in, length] = AsciiStandIn(text, pos);
    if (length > 0) {
      ascii.text.push_back(stand_in);
      pos += length;
    } else {
      ascii.text.push_back(text[pos]);
      ++pos;
    }
  }
  ascii.origin.push_back(text.size());
  return ascii;
}

// Whether `byte` opens a two-byte UTF-8 letter of the Latin, Greek or Cyrillic blocks (U+00C0 to U+04FF): a cue
// written in those letters is no cue inside a longer word ("τηλ" in "τηλεόραση").
bool opens_a_letter(char byte) {
  const auto b = static_cast<unsigned char>(byte);
  return b >= 0xC3 && b <= 0xD3;
}

// Whether `value` is clock times in groups of four ("0800 1400 2000"): a schedule, which a trunk 0 makes look like a
// phone.
bool ClockTimes(std::string_view value) {
  std::size_t digits_in_group = 0, groups = 0;
  int hours = 0, minutes = 0;
  for (std::size_t at = 0; at <= value.size(); ++at) {
    if (at < value.size() && value[at] >= '0' && value[at] <= '9') {
      (digits_in_group < 2 ? hours : minutes) = (digits_in_group < 2 ? hours : minutes) * 10 + (value[at] - '0');
      ++digits_in_group;
      continue;
    }
    if (digits_in_group != 4 || hours > 23 || minutes > 59) return false;
    ++groups;
    digits_in_group = 0;
    hours = minutes = 0;
  }
  return groups >= 2;
}

// Whether no word, letter or currency sign follows `end` on its line ("601 234 567 / 22 845", "9861 234 567।"; not
// "12 500 000 zł", "123 456 789 €").
bool NoWordAfter(std::string_view text, std::size_t end) {
  while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
  if (end == text.size()) return true;
  const auto c = static_cast<unsigned char>(text[end]);
  if (is_alnum(text[end]) || c == '$') return false;
  if (c < 0x80) return true;
  return !opens_a_letter(text[end]) && !text.substr(end).starts_with("\xE2\x82");  // a letter; a currency sign
}

// Whether the character that ends at `end` (exclusive) is a letter or a digit.
bool letter_or_digit_ends_at(std::string_view text, std::size_t end) {
  const auto last = static_cast<unsigned char>(text[end - 1]);
  if (last < 0x80) return is_alnum(text[end - 1]);
  return last < 0xC0 && end >= 2 && opens_a_letter(text[end - 2]);
}

bool contains_word(std::string_view haystack, std::string_view word) {
  const bool ends_in_a_letter_or_digit = letter_or_digit_ends_at(word, word.size());
  for (std::size_t pos = haystack.find(word); pos != std::string_view::npos; pos = haystack.find(word, pos + 1)) {
    bool left_ok = pos == 0 || !letter_or_digit_ends_at(haystack, pos);
    std::size_t after = pos + word.size();
    bool right_ok = after >= haystack.size() || !ends_in_a_letter_or_digit ||
                    !(is_alnum(haystack[after]) || opens_a_letter(haystack[after]));
    if (left_ok && right_ok) return true;
  }
  return false;
}

// Byte ranges, merged into disjoint intervals, asked whether any overlaps a span.
class Coverage {
 public:
  // The spans come as a few runs, each in order (one per pattern), on which std::sort's pivots go bad and it falls
  // back to its slower heap sort (a tenth of a megabyte line of street addresses); a merge sort does not.
  explicit Coverage(std::vector<std::pair<std::size_t, std::size_t>> spans) {
    std::stable_sort(spans.begin(), spans.end());
    for (const auto& span : spans) {
      if (!merged_.empty() && span.first <= merged_.back().second) {
        merged_.back().second = std::max(merged_.back().second, span.second);
      } else {
        merged_.push_back(span);
      }
    }
  }
  bool Overlaps(std::size_t start, std::size_t end) const { return FirstCovered(start, end) < end; }
  // Whether one range covers all of [start, end).
  bool Covers(std::size_t start, std::size_t end) const {
    auto after = std::upper_bound(merged_.begin(), merged_.end(), std::make_pair(start, ~std::size_t{0}));
    return after != merged_.begin() && std::prev(after)->second >= end;
  }
  // The first byte of [start, end) that a range covers, or `end`.
  std::size_t FirstCovered(std::size_t start, std::size_t end) const {
    auto after = std::upper_bound(merged_.begin(), merged_.end(), std::make_pair(start, ~std::size_t{0}));
    if (after != merged_.begin() && std::prev(after)->second > start) return start;
    return after != merged_.end() && after->first < end ? after->first : end;
  }

 private:
  std::vector<std::pair<std::size_t, std::size_t>> merged_;
};

// Values that differ only in formatting ("555-123-4567" / "(555) 123 4567") get the same pseudonym.
std::string normalize_for_pseudonym(std::string_view type, std::string_view value) {
  static const std::set<std::string_view> kKeepLettersAndDigitsOnly{
      "PHONE", "SSN", "CREDIT_CARD", "IBAN", "ACCOUNT", "MRN", "HEALTH_PLAN", "LICENSE", "DEVICE_ID", "PLATE", "ZIP",
      "VIN"};
  bool compact = kKeepLettersAndDigitsOnly.count(type) != 0;
  std::string normalized;
  bool pending_space = false;
  for (std::size_t pos = 0; pos < value.size(); ++pos) {
    const char c = value[pos];
    // A number written in other digits is the same number: it gets the same pseudonym.
    if (const auto [stand_in, length] = AsciiStandIn(value, pos); length > 0) {
      if (!compact || is_alnum(stand_in)) {
        if (pending_space && !compact) normalized.push_back(' ');
        normalized.push_back(stand_in);
      }
      pending_space = false;
      pos += length - 1;
    } else if (compact) {
      if (is_alnum(c)) normalized.push_back(lower(c));
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending_space = !normalized.empty();
    } else {
      if (pending_space) normalized.push_back(' ');
      pending_space = false;
      normalized.push_back(lower(c));
    }
  }
  return normalized;
}

std::string mask(std::string_view value, const OperatorSpec& spec) {
  // Code points: ASCII letters/digits and every non-ASCII character are masked; punctuation stays.
  std::vector<std::pair<std::size_t, std::size_t>> points;
  for (std::size_t i = 0; i < value.size();) {
    std::size_t len = std::min(utf8_length(static_cast<unsigned char>(value[i])), value.size() - i);
    points.emplace_back(i, len);
    i += len;
  }
  auto maskable = [&](const std::pair<std::size_t, std::size_t>& p) {
    return p.second > 1 || is_alnum(value[p.first]);
  };
  std::size_t total = static_cast<std::size_t>(std::count_if(points.begin(), points.end(), maskable));
  std::size_t keep = static_cast<std::size_t>(std::max(spec.mask_keep_last, 0));
  std::size_t seen = 0;
  std::string out;
  for (const auto& point : points) {
    if (maskable(point) && ++seen + keep <= total) out.push_back(spec.mask_char);
    else out.append(value.substr(point.first, point.second));
  }
  return out;
}

}  // namespace

const std::vector<std::string>& BuiltinEntityTypes() {
  static const std::vector<std::string> types{"NAME",   "ADDRESS", "ZIP",     "DATE",      "AGE",
                                              "PHONE",  "EMAIL",   "SSN",     "MRN",       "HEALTH_PLAN",
                                              "ACCOUNT", "LICENSE", "VIN",    "PLATE",     "DEVICE_ID",
                                              "URL",    "IP_ADDRESS", "CREDIT_CARD", "IBAN"};
  return types;
}

OperatorKind ParseOperator(std::string_view name, std::string_view where) {
  if (name == "placeholder") return OperatorKind::kPlaceholder;
  if (name == "mask") return OperatorKind::kMask;
  if (name == "hmac") return OperatorKind::kHmac;
  if (name == "drop_record") return OperatorKind::kDropRecord;
  throw common::ConfigError(std::string(where) + ": unknown operator '" + std::string(name) +
                         "' (expected placeholder, mask, hmac or drop_record)");
}

std::string_view OperatorName(OperatorKind kind) {
  switch (kind) {
    case OperatorKind::kPlaceholder: return "placeholder";
    case OperatorKind::kMask: return "mask";
    case OperatorKind::kHmac: return "hmac";
    case OperatorKind::kDropRecord: return "drop_record";
  }
  return "placeholder";
}

namespace {

// A group of patterns prefiltered by one RE2::Set: only the patterns the set reports are run for spans.
struct PatternGroup {
  struct Compiled {
    PatternRecognizer spec;
    std::unique_ptr<RE2> regex;
    Validator validator = nullptr;
    bool has_group = false;
  };
  std::vector<Compiled> patterns;
  RE2::Set set{latin1_options(kSetMemoryBytes), RE2::UNANCHORED};

  void Add(PatternRecognizer spec) {
    for (std::string& word : spec.context) std::transform(word.begin(), word.end(), word.begin(), lower);
    Compiled compiled;
    compiled.regex = std::make_unique<RE2>(spec.regex, latin1_options(kPatternMemoryBytes));
    if (!compiled.regex->ok())
      throw common::ConfigError("scrub.user_patterns[" + spec.name + "]: invalid regex: " + compiled.regex->error());
    compiled.has_group = compiled.regex->NumberOfCapturingGroups() > 0;
    compiled.validator = spec.validator.empty() ? nullptr : FindValidator(spec.validator);
    std::string error;
    if (set.Add(spec.prefilter.empty() ? spec.regex : spec.prefilter, &error) < 0)
      throw common::ConfigError("scrub.user_patterns[" + spec.name + "]: invalid regex: " + error);
    compiled.spec = std::move(spec);
    patterns.push_back(std::move(compiled));
  }
  void Compile() {
    if (!patterns.empty() && !set.Compile())
      throw std::runtime_error("scrub: RE2 could not compile the pattern set (out of memory)");
  }
  // Indexes of the patterns that match somewhere in `region` (all of them if the set's DFA gave up).
  std::vector<int> Hits(std::string_view region) const {
    std::vector<int> hits;
    if (patterns.empty()) return hits;
    RE2::Set::ErrorInfo error;
    if (!set.Match(re2::StringPiece(region.data(), region.size()), &hits, &error) &&
        error.kind != RE2::Set::kNoError) {
      hits.resize(patterns.size());
      for (std::size_t i = 0; i < hits.size(); ++i) hits[i] = static_cast<int>(i);
    }
    return hits;
  }
};

// Stretches of text around the characters every built-in pattern needs (digit, '@', ':', "www."), widened
// to whitespace so that no match is cut (a URL can be any length) and word boundaries at a stretch's edge are the
// text's own. Widening never re-walks text an earlier stretch covers, so the cost stays linear in the text.
std::vector<std::pair<std::size_t, std::size_t>> TriggerRegions(std::string_view text) {
  constexpr std::size_t kBefore = 64, kAfter = 96;
  std::vector<std::pair<std::size_t, std::size_t>> regions;
  const std::size_t n = text.size();
  static const auto kTriggerBytes = [] {
    std::array<bool, 256> table{};
    for (char c : std::string_view("0123456789@:w")) table[static_cast<unsigned char>(c)] = true;
    return table;
  }();
  for (std::size_t i = 0; i < n; ++i) {
    char c = text[i];
    if (!kTriggerBytes[static_cast<unsigned char>(c)] || (c == 'w' && text.substr(i, 4) != "www.")) continue;
    std::size_t start = i > kBefore ? i - kBefore : 0;
    std::size_t end = std::min(n, i + kAfter);
    if (!regions.empty() && start <= regions.back().second) regions.back().second = end;
    else regions.emplace_back(start, end);
  }
  auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; };
  std::vector<std::pair<std::size_t, std::size_t>> snapped;
  for (auto [start, end] : regions) {
    const std::size_t covered = snapped.empty() ? 0 : snapped.back().second;
    while (start > covered && !is_space(text[start - 1])) --start;
    end = std::max(end, covered);
    while (end < n && !is_space(text[end])) ++end;
    if (!snapped.empty() && start <= covered) snapped.back().second = end;
    else snapped.emplace_back(start, end);
  }
  return snapped;
}

}  // namespace

struct Scrubber::Engine {
  PatternGroup builtin;  // run only inside TriggerRegions
  PatternGroup in_words;  // built-in patterns for numbers written in words: run over the whole text
  PatternGroup user;     // run over the whole text
  bool names_enabled = false;
  bool dates_enabled = false;  // DayMonthSeries is read as well as the DATE patterns
  std::vector<std::string> types;
};

Scrubber::Scrubber(ScrubConfig config) : config_(std::move(config)), engine_(std::make_unique<Engine>()) {
  std::set<std::string> known(BuiltinEntityTypes().begin(), BuiltinEntityTypes().end());
  for (const UserPattern& user : config_.user_patterns) {
    std::string where = "scrub.user_patterns[" + user.name + "]";
    if (user.name.empty()) throw common::ConfigError("scrub.user_patterns: every pattern needs a non-empty name");
    if (user.type.empty()) throw common::ConfigError(where + ": type is empty (expected e.g. EMPLOYEE_ID)");
    if (user.score <= 0.0 || user.score > 1.0)
      throw common::ConfigError(where + ": score must be in (0, 1], got " + std::to_string(user.score));
    if (!user.validator.empty() && FindValidator(user.validator) == nullptr)
      throw common::ConfigError(where + ": unknown validator '" + user.validator + "' (expected one of " +
                                ValidatorNames() + ")");
    known.insert(user.type);
  }

  std::set<std::string> wanted;
  bool all = config_.entities.empty();
  for (const std::string& entity : config_.entities) {
    if (entity == "all") {
      all = true;
    } else if (known.count(entity) == 0) {
      throw common::ConfigError("scrub.entities: unknown entity type '" + entity +
                             "' (expected 'all', a built-in type such as EMAIL or SSN, or a user pattern type)");
    } else {
      wanted.insert(entity);
    }
  }
  auto enabled = [&](const std::string& type) { return all || wanted.count(type) != 0; };
  for (const auto& override : config_.operator_overrides) {
    if (known.count(override.first) == 0)
      throw common::ConfigError("scrub.operators: unknown entity type '" + override.first +
                             "' (expected a built-in or user type)");
  }
  if (config_.context_window > kMaxContextWindow)
    throw common::ConfigError("scrub.context_window must be at most " + std::to_string(kMaxContextWindow) + " bytes, got " +
                           std::to_string(config_.context_window));
  if (config_.min_score < 0.0 || config_.min_score > 1.0)
    throw common::ConfigError("scrub.min_score must be in [0, 1], got " + std::to_string(config_.min_score));

  if (NeedsHmacKey(config_)) {
    const char* key = config_.hmac_key_env.empty() ? nullptr : std::getenv(config_.hmac_key_env.c_str());
    if (key == nullptr || *key == '\0')
      throw common::ConfigError("scrub: operator hmac needs a secret key in the environment variable '" +
                             config_.hmac_key_env + "', which is not set (export it; the key is never written out)");
    // A short or guessable key lets anyone with a list of names or SSNs recompute the pseudonyms.
    if (std::strlen(key) < kMinHmacKeyChars) {
      throw common::ConfigError("scrub: the key in '" + config_.hmac_key_env + "' has " + std::to_string(std::strlen(key)) +
                             " characters; operator hmac needs at least " + std::to_string(kMinHmacKeyChars) +
                             " random characters (generate one with: openssl rand -hex 32)");
    }
    hmac_key_ = key;
  }

  for (const PatternRecognizer& builtin : BuiltinRecognizers()) {
    if (enabled(builtin.type)) (builtin.in_words ? engine_->in_words : engine_->builtin).Add(builtin);
  }
  for (const UserPattern& user : config_.user_patterns) {
    if (enabled(user.type))
      engine_->user.Add({user.name, user.type, user.regex, user.validator, user.context, user.score, false});
  }
  engine_->builtin.Compile();
  engine_->in_words.Compile();
  engine_->user.Compile();
  engine_->names_enabled = enabled("NAME");
  engine_->dates_enabled = enabled("DATE");
  if (engine_->names_enabled && config_.name_model) NameTagger::Shipped();  // loads (and checks) the model once
  std::set<std::string> types;
  for (const PatternGroup* group : {&engine_->builtin, &engine_->in_words, &engine_->user}) {
    for (const auto& compiled : group->patterns) types.insert(compiled.spec.type);
  }
  if (engine_->names_enabled) types.insert("NAME");
  engine_->types.assign(types.begin(), types.end());
}

Scrubber::~Scrubber() = default;

std::vector<std::string> Scrubber::ActiveTypes() const { return engine_->types; }

std::vector<Finding> Scrubber::Find(std::string_view text) const { return FindWith(text, config_.name_model); }

std::vector<Finding> Scrubber::FindWith(std::string_view text, bool name_tagger) const {
  // The patterns read ASCII digits: text written with other digits is searched as if written with those, user
  // patterns included.
  std::optional<AsciiDigits> ascii = WithAsciiDigits(text);
  if (!ascii) return FindInAsciiDigits(text, name_tagger);
  std::vector<Finding> findings = FindInAsciiDigits(ascii->text, name_tagger);
  for (Finding& finding : findings) {
    finding.start = ascii->origin[finding.start];
    finding.end = ascii->origin[finding.end];
  }
  return findings;
}

std::vector<Finding> Scrubber::FindInAsciiDigits(std::string_view text, bool name_tagger) const {
  // Context cues: a lower-cased copy of the bytes just before a match, searched word by word (only for
  // words whose first letter starts some word of the window).
  auto boosted = [&](double score, std::size_t start, const std::vector<std::string>& words) {
    if (words.empty() || start == 0) return score;
    std::size_t from = start > config_.context_window ? start - config_.context_window : 0;
    // A word the window cuts is not a cue: "le" is not read off the end of "example".
    while (from > 0 && from < start && is_alnum(text[from - 1])) ++from;
    char window[kMaxContextWindow];
    std::size_t length = start - from;
    uint32_t word_initials = 0;
    bool beyond_ascii = false;
    for (std::size_t i = 0; i < length; ++i) {
      window[i] = lower(text[from + i]);
      if (window[i] >= 'a' && window[i] <= 'z' && (i == 0 || !is_alnum(window[i - 1])))
        word_initials |= 1u << (window[i] - 'a');
      beyond_ascii |= static_cast<unsigned char>(window[i]) >= 0x80;
    }
    for (const std::string& word : words) {
      char initial = word[0];
      if (initial >= 'a' && initial <= 'z' && !(word_initials & (1u << (initial - 'a')))) continue;
      if (static_cast<unsigned char>(initial) >= 0x80 && !beyond_ascii) continue;
      if (contains_word(std::string_view(window, length), word)) return std::min(1.0, score + config_.context_boost);
    }
    return score;
  };

  // Candidates point at their recognizer's type and name; only accepted ones become Findings.
  struct Candidate {
    std::size_t start, end;
    double score;
    const std::string* type;
    const std::string* recognizer;
  };
  static const std::string kName = "NAME", kGazetteer = "name_gazetteer", kTagger = "name_tagger";
  std::vector<Candidate> candidates;
  // Phone numbers a pattern read but no cue raised: one that follows a phone with only "or", "/" or the like between
  // them, or precedes one with only "or" or "/" (a comma before a phone is a table's), is a phone too ("040 123 4567
  // tai (09) 123 4567"), the other phone its cue; so is one with an extension after it ("01/350000 ext. 5120") or a
  // word of calling ("9820155042 pe call kar lena"), one after a label and its colon that names no other number
  // ("Informes: 987 555 143", PhoneLabelBefore), and one right after a person's name.
  std::vector<Candidate> uncued_phones;
  static const std::string kPhone = "PHONE";
  re2::StringPiece input(text.data(), text.size());
  // `resume_after_value`: the next search starts where a found value ends rather than where the match ends, so that
  // what a built-in pattern reads after a value (a separator, "and on") can begin the next one ("1 june-3 june",
  // "on the 2nd and on the 9th"); that is at most a few words, so the cost stays linear. User patterns keep the
  // usual non-overlapping matches: what one reads after its value may be unbounded.
  auto scan = [&](const PatternGroup& group, std::size_t region_start, std::size_t region_end, bool resume_after_value) {
    for (int index : group.Hits(text.substr(region_start, region_end - region_start))) {
      const PatternGroup::Compiled& pattern = group.patterns[static_cast<std::size_t>(index)];
      re2::StringPiece groups[2];
      int group_count = pattern.has_group ? 2 : 1;
      std::size_t pos = region_start;
      while (pos <= region_end &&
             pattern.regex->Match(input, pos, region_end, RE2::UNANCHORED, groups, group_count)) {
        const re2::StringPiece& span = groups[group_count - 1];
        const re2::StringPiece& resume = resume_after_value && span.data() != nullptr ? span : groups[0];
        const std::size_t resume_at = static_cast<std::size_t>(resume.data() - text.data()) + resume.size();
        pos = resume_at > pos ? resume_at : pos + 1;
        if (span.data() == nullptr) continue;
        std::size_t start = static_cast<std::size_t>(span.data() - text.data());
        std::size_t end = start + span.size();
        if (pattern.spec.trim_trailing_punctuation) {
          while (end > start && std::string_view(".,;:!?)]}'\"").find(text[end - 1]) != std::string_view::npos) --end;
        }
        if (end == start) continue;
        std::string_view value = text.substr(start, end - start);
        if (pattern.validator != nullptr && !pattern.validator(value)) continue;
        double score = boosted(pattern.spec.score, start, pattern.spec.context);
        if (score >= config_.min_score) candidates.push_back({start, end, score, &pattern.spec.type, &pattern.spec.name});
        else if (pattern.spec.type == kPhone)
          uncued_phones.push_back({start, end, score, &pattern.spec.type, &pattern.spec.name});
      }
    }
  };
  for (auto [start, end] : TriggerRegions(text)) scan(engine_->builtin, start, end, true);
  scan(engine_->in_words, 0, text.size(), true);
  scan(engine_->user, 0, text.size(), false);
  auto in_an_iban = [&](const Candidate& c) { return *c.type == kPhone && InsideAnIbanShape(text, c.start); };
  std::erase_if(candidates, in_an_iban);
  std::erase_if(uncued_phones, in_an_iban);
  std::sort(uncued_phones.begin(), uncued_phones.end(),
            [](const Candidate& a, const Candidate& b) { return a.start < b.start; });
  // Raises the uncued phones that `cued` says have a cue, and those in a list of phones or before an extension or a
  // word of calling; they leave `uncued_phones`.
  auto raise_phones = [&](const auto& cued) {
    if (uncued_phones.empty()) return;
    std::set<std::size_t> phone_ends, phone_starts;
    for (const Candidate& c : candidates) {
      if (*c.type != kPhone) continue;
      phone_ends.insert(c.end);
      phone_starts.insert(c.start);
    }
    std::vector<Candidate> still_uncued;
    for (Candidate& phone : uncued_phones) {
      const double score = std::min(1.0, phone.score + config_.context_boost);
      auto before = phone_ends.upper_bound(phone.start);
      auto after = phone_starts.lower_bound(phone.end);
      // Groups of three are also amounts and references: only a phone before them makes them one. A local number
      // without a cue only after a phone and "or", and it makes no other number a phone.
      const bool thousands = *phone.recognizer == "cued_thousands_phone";
      const bool local = *phone.recognizer == "local_phone_in_a_list";
      const bool in_a_list =
          local ? before != phone_ends.begin() &&
                      JoinsWithOr(text.substr(*std::prev(before), phone.start - *std::prev(before)))
                : (before != phone_ends.begin() &&
                   JoinsAList(text.substr(*std::prev(before), phone.start - *std::prev(before)))) ||
                      (!thousands && after != phone_starts.end() &&
                       JoinsAList(text.substr(phone.end, *after - phone.end)) &&
                       text.substr(phone.end, *after - phone.end).find_first_of(",;|&") == std::string_view::npos);
      const bool around_it = !thousands && (ExtensionAfter(text, phone.end) || CallingAfter(text, phone.end));
      if (score < config_.min_score || (!in_a_list && !around_it && !cued(phone))) {
        still_uncued.push_back(phone);
        continue;
      }
      phone.score = score;
      candidates.push_back(phone);
      if (!local) phone_ends.insert(phone.end);
    }
    uncued_phones = std::move(still_uncued);
  };
  // The shapes a label or a name makes a phone: groups of digits with a trunk 0 or as India writes a mobile, which no
  // amount has; and groups in threes, which amounts, populations and score rows also have ("Budget: 12 500 000"), so
  // only after a desk's label, or after a name with nine digits or more and no word after them. Not the shapes of ZIP
  // codes, hours or scores ("ZIPs: 94103 94107", "Office hours: 1500-1700"), nor numbers in words.
  static const std::set<std::string_view> kShapedAsAPhone = {"trunk_phone", "indian_mobile_five_five",
                                                             "indian_mobile_ten_digits"};
  static const std::set<std::string_view> kGroupedAsAPhone = {"cued_thousands_phone", "cued_grouped_phone"};
  raise_phones([&](const Candidate& phone) {
    const bool shaped = kShapedAsAPhone.count(*phone.recognizer) != 0 &&
                        !ClockTimes(text.substr(phone.start, phone.end - phone.start));
    if (!shaped && kGroupedAsAPhone.count(*phone.recognizer) == 0) return false;
    const PhoneLabel label = PhoneLabelBefore(text, phone.start);
    return (label == PhoneLabel::kDesk || (shaped && label == PhoneLabel::kPlain)) && NoWordAfter(text, phone.end);
  });
  static const std::string kDate = "DATE", kSeries = "date_day_month_series", kBeside = "date_day_month_beside_a_date";
  if (engine_->dates_enabled) {
    // A day and month in a series is a date where no pattern found one: the series says how the text writes dates.
    // So is one that ends a clause near a date a pattern found written with a slash ("Adm Sun 10/11 #NOF L, DHS
    // 12/11."): a text that writes dates so writes them so.
    std::vector<std::pair<std::size_t, std::size_t>> found_spans;
    std::vector<std::size_t> date_starts;
    for (const Candidate& c : candidates) {
      found_spans.emplace_back(c.start, c.end);
      const std::string_view value = text.substr(c.start, c.end - c.start);
      if (*c.type == kDate && value.find('/') != std::string_view::npos) date_starts.push_back(c.start);
    }
    const Coverage found(std::move(found_spans));
    std::vector<std::pair<std::size_t, std::size_t>> series;
    for (auto [start, end] : DayMonthSeries(text)) {
      if (found.Overlaps(start, end)) continue;
      candidates.push_back({start, end, 0.7, &kDate, &kSeries});
      series.emplace_back(start, end);
    }
    if (!date_starts.empty()) {
      std::sort(date_starts.begin(), date_starts.end());
      const Coverage in_series(std::move(series));
      constexpr std::size_t kNear = 400;
      for (auto [start, end] : DayMonthsEndingAClause(text)) {
        auto next = std::lower_bound(date_starts.begin(), date_starts.end(), start);
        const bool near = (next != date_starts.end() && *next - start <= kNear) ||
                          (next != date_starts.begin() && start - *std::prev(next) <= kNear);
        if (near && !found.Overlaps(start, end) && !in_series.Overlaps(start, end)) {
          candidates.push_back({start, end, 0.7, &kDate, &kBeside});
        }
      }
    }
  }
  if (engine_->names_enabled) {
    for (const NameCandidate& name : FindNameCandidates(text)) {
      double score = boosted(name.score, name.start, NameContextWords());
      if (score >= config_.min_score) candidates.push_back({name.start, name.end, score, &kName, &kGazetteer});
    }
  }
  const std::vector<NameCandidate> tagged =
      engine_->names_enabled && name_tagger ? NameTagger::Shipped().Tag(text) : std::vector<NameCandidate>{};
  // The cue scan, the one-case scan and the inflection scan read the tagger's word lists, so they run beside the
  // tagger.
  const std::vector<NameCandidate> cued = engine_->names_enabled && name_tagger
                                              ? FindNamesAfterCues(text, ListedNameWordKind)
                                              : std::vector<NameCandidate>{};
  const std::vector<NameCandidate> in_one_case = engine_->names_enabled && name_tagger
                                                     ? FindListedNamesInOneCaseText(text, ListedNameWordKindNoPlace)
                                                     : std::vector<NameCandidate>{};
  const std::vector<NameCandidate> inflected = engine_->names_enabled && name_tagger
                                                   ? FindInflectedNames(text, ListedNameWordKindPlaceAsWord)
                                                   : std::vector<NameCandidate>{};
  const std::vector<NameCandidate> before_honorifics = engine_->names_enabled && name_tagger
                                                           ? NameTagger::Shipped().NamesBeforeHonorifics(text)
                                                           : std::vector<NameCandidate>{};

  // A range's other day written beside a date is part of it ("9th-12th December", "Dec 9-12, 2024"), unless a finding
  // overlaps it. A weekday written right before a date is part of it ("Mittwoch, 17.07.2024", "Senin, 3 Juni 2024"),
  // unless a finding overlaps it or a name the tagger read runs into it from before ("Anna Freitag 12.03.2024": there
  // it is a surname). A tagged name that starts at the weekday is then dropped below, as one starting inside a finding.
  std::vector<std::pair<std::size_t, std::size_t>> found_spans;
  for (const Candidate& c : candidates) found_spans.emplace_back(c.start, c.end);
  const Coverage found(std::move(found_spans));
  // Whether a name the tagger read starts before `at` and runs past it. The tagger's spans are in order of their start,
  // and a name is far shorter than kLongestName.
  auto name_runs_into = [&](std::size_t at) {
    constexpr std::size_t kLongestName = 256;
    const std::size_t look_from = at > kLongestName ? at - kLongestName : 0;
    auto name = std::partition_point(tagged.begin(), tagged.end(),
                                     [&](const NameCandidate& t) { return t.start < look_from; });
    for (; name != tagged.end() && name->start < at; ++name) {
      if (name->end > at) return true;
    }
    return false;
  };
  // A weekday a pattern reads as a date's first word is a surname when a tagged name runs into it, the weekday is a
  // name on the lists and the word before it a first name ("Anna Domenica 12/03/2024"; not "Kontrolle Freitag 15/03"):
  // then the date begins at its first digit, and is dropped if what is left is no date ("Anna Domenica 3/4").
  static const std::set<std::string_view> kWeekdayFirst = {"date_weekday", "date_weekday_foreign",
                                                           "date_weekday_foreign_day", "date_weekday_day_month_abbrev"};
  auto surname_weekday = [&](const Candidate& date) {
    if (kWeekdayFirst.count(*date.recognizer) == 0 || !name_runs_into(date.start)) return false;
    auto in_word = [&](std::size_t at) { return is_alnum(text[at]) || static_cast<unsigned char>(text[at]) >= 0x80; };
    std::size_t weekday_end = date.start;
    while (weekday_end < date.end && in_word(weekday_end)) ++weekday_end;
    const std::string_view word_before = WordBefore(text, date.start);
    constexpr std::uint8_t kNames = ListedWord::kFirstName | ListedWord::kSurname;
    const NameTagger& lists = NameTagger::Shipped();
    return !word_before.empty() &&
           (lists.ListedClasses(text.substr(date.start, weekday_end - date.start)) & kNames) != 0 &&
           (lists.ListedClasses(word_before) & ListedWord::kFirstName) != 0;
  };
  for (Candidate& date : candidates) {
    if (*date.type != kDate) continue;
    // Within the date only: a date of words has no digit, and searching on past it for each would be quadratic.
    const std::string_view date_text = text.substr(date.start, date.end - date.start);
    const std::size_t digit = date_text.find_first_of("0123456789");
    const std::size_t day = digit == std::string_view::npos ? date.end : date.start + digit;
    if (day < date.end && surname_weekday(date)) {
      const std::string_view rest = text.substr(day, date.end - day);
      const bool day_and_month_only = std::count(rest.begin(), rest.end(), '/') == 1;
      date.start = day;
      if (day_and_month_only && !ValidDayMonth(rest)) date.end = date.start;
    }
    const std::size_t range_start = RangeDayBefore(text, date.start, date.end);
    if (!found.Overlaps(range_start, date.start)) date.start = range_start;
    const std::size_t range_end = RangeDayAfter(text, date.start, date.end);
    if (!found.Overlaps(date.end, range_end)) date.end = range_end;
    const std::size_t weekday = WeekdayBefore(text, date.start);
    if (weekday == date.start || found.Overlaps(weekday, date.start)) continue;
    if (!name_runs_into(weekday)) date.start = weekday;
  }
  std::erase_if(candidates, [](const Candidate& c) { return c.end == c.start; });
  // A street address takes the towns that close its line; a name the gazetteer read there is the town's, and digits
  // after them are its postcode.
  static const std::set<std::string_view> kStreetAddresses = {"street_address", "street_address_capitals",
                                                              "street_address_continental", "po_box"};
  static const std::string kZip = "ZIP", kPostcodeAfterTown = "postcode_after_town";
  std::vector<std::pair<std::size_t, std::size_t>> localities, postcodes, pattern_spans;
  for (const Candidate& c : candidates) {
    if (*c.type != kName) pattern_spans.emplace_back(c.start, c.end);
  }
  const Coverage pattern_found(std::move(pattern_spans));
  for (Candidate& address : candidates) {
    if (kStreetAddresses.count(*address.recognizer) == 0) continue;
    const Locality locality = LocalityAfter(text, address.end);
    if (pattern_found.Overlaps(address.end, locality.end)) continue;
    if (locality.end > address.end) localities.emplace_back(address.end, locality.end);
    address.end = locality.end;
    const bool postcode = locality.postcode_end > locality.postcode_start;
    if (postcode && !pattern_found.Overlaps(locality.postcode_start, locality.postcode_end))
      postcodes.emplace_back(locality.postcode_start, locality.postcode_end);
  }
  if (!localities.empty()) {
    const Coverage towns(std::move(localities));
    std::erase_if(candidates, [&](const Candidate& c) { return *c.type == kName && towns.Covers(c.start, c.end); });
  }
  for (auto [start, end] : postcodes) candidates.push_back({start, end, 0.8, &kZip, &kPostcodeAfterTown});

  if (!tagged.empty() || !cued.empty() || !in_one_case.empty() || !inflected.empty() || !before_honorifics.empty()) {
    // Neither the tagger nor the cue scan has seen addresses, IDs, e-mails or dates: a name that starts inside a
    // pattern's finding is not used, and one that runs into it ends where it begins, if what is left has a capital
    // ("Lucia April 3" is a name and a date; of "e-mail maria.clark@..." nothing is a name; "my son August 12, 2023"
    // is a date).
    std::vector<std::pair<std::size_t, std::size_t>> pattern_spans;
    for (const Candidate& c : candidates) {
      if (*c.type != kName) pattern_spans.emplace_back(c.start, c.end);
    }
    const Coverage patterns(std::move(pattern_spans));
    auto add_names = [&](const std::vector<NameCandidate>& names, const std::string* recognizer) {
      for (const NameCandidate& name : names) {
        std::size_t end = patterns.FirstCovered(name.start, name.end);
        while (end > name.start && std::string_view(" \t\n,;:(-").find(text[end - 1]) != std::string_view::npos) --end;
        auto capital = [](char c) { return (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80; };
        const bool kept = end == name.end || std::any_of(text.begin() + static_cast<std::ptrdiff_t>(name.start),
                                                         text.begin() + static_cast<std::ptrdiff_t>(end), capital);
        double score = boosted(name.score, name.start, NameContextWords());
        if (score >= config_.min_score && end > name.start && kept) {
          candidates.push_back({name.start, end, score, &kName, recognizer});
        }
      }
    };
    static const std::string kAfterCue = "name_after_cue";
    add_names(tagged, &kTagger);
    add_names(cued, &kAfterCue);
    static const std::string kInOneCase = "name_in_one_case_text";
    add_names(in_one_case, &kInOneCase);
    static const std::string kInflected = "name_inflected";
    add_names(inflected, &kInflected);
    static const std::string kBeforeHonorific = "name_before_honorific";
    add_names(before_honorifics, &kBeforeHonorific);
  }
  std::vector<std::size_t> date_starts;
  for (const Candidate& c : candidates) {
    if (*c.type == kDate) date_starts.push_back(c.start);
  }
  std::sort(date_starts.begin(), date_starts.end());
  std::erase_if(candidates, [&](const Candidate& c) {
    return *c.type == kName &&
           (NamesAPlace(text, c.start, c.end) || NamesAStreet(text, c.start) || NamedForItsKind(text, c.start, c.end) ||
            NamesAnEponym(text, c.start, c.end) ||
            NamesATown(text, c.start, c.end) || NamesACityOrCountry(text, c.start, c.end, date_starts));
  });
  // A number shaped as a phone right after a person's name is that person's phone ("Kowalski 601 234 567",
  // "Wiremu 021 338 904", "शर्मा जी 98110 42837"): a name whose last word is on the name lists, and not in capitals
  // (an ID's label: "tu RUT 16.384.229"). An Indian mobile's shape is enough; a trunk 0 or groups of three (as above)
  // only with no word after them ("Mr Smith: 021 338 904 specimen"). A span of years there is a life's ("Isaac
  // Watts, 1674-1748"), and clock times a schedule ("Dr Patel 0800 1300 1800").
  if (!uncued_phones.empty()) {
    std::set<std::size_t> name_ends;
    for (const Candidate& c : candidates) {
      if (*c.type != kName) continue;
      std::size_t last_word = c.end;
      while (last_word > c.start && text[last_word - 1] != ' ') --last_word;
      const std::string_view word = text.substr(last_word, c.end - last_word);
      constexpr std::uint8_t kNames = ListedWord::kFirstName | ListedWord::kSurname;
      const bool in_capitals = std::none_of(word.begin(), word.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; }) &&
                               std::any_of(word.begin(), word.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
      if (!in_capitals && (NameTagger::Shipped().ListedClasses(word) & kNames) != 0) name_ends.insert(c.end);
    }
    raise_phones([&](const Candidate& phone) {
      auto name = name_ends.upper_bound(phone.start);
      const std::string_view value = text.substr(phone.start, phone.end - phone.start);
      const bool indian =
          *phone.recognizer == "indian_mobile_five_five" || *phone.recognizer == "indian_mobile_ten_digits";
      const bool trunk = *phone.recognizer == "trunk_phone" && !ClockTimes(value);
      const bool grouped = kGroupedAsAPhone.count(*phone.recognizer) != 0 && value[0] >= '5' &&
                           value.find("000") == std::string_view::npos &&
                           std::count_if(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }) >= 9;
      return (indian || ((trunk || grouped) && NoWordAfter(text, phone.end))) && name != name_ends.begin() &&
             !SpansOfYears(value) &&
             JoinsANameToItsPhone(text.substr(*std::prev(name), phone.start - *std::prev(name)));
    });
  }
  // A number with its country code is a phone wherever it stands ("Order: +44 20 7946 0958").
  std::erase_if(candidates, [&](const Candidate& c) {
    return *c.type == kPhone && text[c.start] != '+' && *c.recognizer != "trunk_eight_phone" &&
           (AfterAnIdLabel(text, c.start) || AfterAChineseIdLabel(text, c.start));
  });

  auto to_finding = [](const Candidate& c) { return Finding{*c.type, c.start, c.end, c.score, *c.recognizer}; };
  std::vector<Finding> accepted;
  accepted.reserve(candidates.size());
  auto by_start = [](const Candidate& a, const Candidate& b) {
    return a.start != b.start ? a.start < b.start : a.end < b.end;
  };
  std::sort(candidates.begin(), candidates.end(), by_start);
  bool overlapping = false;
  for (std::size_t i = 1; i < candidates.size() && !overlapping; ++i)
    overlapping = candidates[i].start < candidates[i - 1].end;
  // The accepted findings, sorted by start, and every lone repeat of a name's word and every gloss of a name among
  // them.
  auto with_repeated_names = [&](std::vector<Finding> found) {
    std::vector<Finding> repeats = RepeatedNames(text, found);
    for (const Finding& gloss : GlossedNames(text, found)) {
      if (std::none_of(repeats.begin(), repeats.end(),
                       [&](const Finding& r) { return r.start < gloss.end && gloss.start < r.end; }))
        repeats.push_back(gloss);
    }
    std::sort(repeats.begin(), repeats.end(), [](const Finding& a, const Finding& b) { return a.start < b.start; });
    if (repeats.empty()) return found;
    const std::size_t middle = found.size();
    found.insert(found.end(), repeats.begin(), repeats.end());
    std::inplace_merge(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(middle), found.end(),
                       [](const Finding& a, const Finding& b) { return a.start < b.start; });
    return found;
  };
  if (!overlapping) {
    for (const Candidate& c : candidates) accepted.push_back(to_finding(c));
    return with_repeated_names(std::move(accepted));
  }
  // Overlaps: the higher score wins, then the longer span, then the earlier one (recognizer name breaks ties). A
  // loser of the winner's type that reaches past it widens it, when it overlaps no other finding: scrubbing the
  // winner alone would leave the rest of the value in the text ("Tuesday, 4/14" taken, "/87" left).
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.end - a.start != b.end - b.start) return a.end - a.start > b.end - b.start;
    if (a.start != b.start) return a.start < b.start;
    return *a.recognizer < *b.recognizer;
  });
  std::map<std::size_t, std::size_t> taken;  // start -> index in `accepted`
  // The taken spans overlapping [start, end), as [first, past).
  auto overlapping_taken = [&](std::size_t start, std::size_t end) {
    auto first = taken.lower_bound(start);
    if (first != taken.begin() && accepted[std::prev(first)->second].end > start) first = std::prev(first);
    auto past = first;
    while (past != taken.end() && past->first < end) ++past;
    return std::make_pair(first, past);
  };
  std::vector<const Candidate*> losers;
  for (const Candidate& candidate : candidates) {
    const auto [first, past] = overlapping_taken(candidate.start, candidate.end);
    if (first != past) {
      losers.push_back(&candidate);
      continue;
    }
    taken.emplace(candidate.start, accepted.size());
    accepted.push_back(to_finding(candidate));
  }
  for (const Candidate* loser : losers) {
    const auto [first, past] = overlapping_taken(loser->start, loser->end);
    if (first == past || std::next(first) != past) continue;
    const std::size_t index = first->second;
    Finding& winner = accepted[index];
    if (winner.type != *loser->type) continue;
    // The two overlap and the loser touches no other finding, so neither does their union.
    const std::size_t start = std::min(winner.start, loser->start), end = std::max(winner.end, loser->end);
    taken.erase(first);
    winner.start = start;
    winner.end = end;
    taken.emplace(start, index);
  }
  std::sort(accepted.begin(), accepted.end(), [](const Finding& a, const Finding& b) { return a.start < b.start; });
  return with_repeated_names(std::move(accepted));
}

bool NeedsHmacKey(const ScrubConfig& config) {
  bool needs_key = config.default_operator.kind == OperatorKind::kHmac;
  for (const auto& [type, spec] : config.operator_overrides) needs_key |= spec.kind == OperatorKind::kHmac;
  return needs_key;
}

std::string HmacKeyFingerprint(const ScrubConfig& config) {
  if (!NeedsHmacKey(config)) return "";
  const char* key = config.hmac_key_env.empty() ? nullptr : std::getenv(config.hmac_key_env.c_str());
  if (key == nullptr) return "";
  static constexpr std::string_view kLabel = "leakgate: which pseudonymisation key";
  return common::HmacSha256Hex(key, kLabel).substr(0, 32);
}

const OperatorSpec& Scrubber::OperatorFor(const std::string& type) const {
  auto override = config_.operator_overrides.find(type);
  return override != config_.operator_overrides.end() ? override->second : config_.default_operator;
}

std::string Scrubber::Replacement(const Finding& finding, std::string_view value) const {
  const OperatorSpec& spec = OperatorFor(finding.type);
  switch (spec.kind) {
    case OperatorKind::kMask: return mask(value, spec);
    case OperatorKind::kHmac: {
      std::string message = finding.type + ":" + normalize_for_pseudonym(finding.type, value);
      return "[" + finding.type + ":" + common::HmacSha256Hex(hmac_key_, message).substr(0, 16) + "]";
    }
    case OperatorKind::kPlaceholder:
    case OperatorKind::kDropRecord: return "[" + finding.type + "]";
  }
  return "[" + finding.type + "]";
}

ScrubbedText Scrubber::Scrub(std::string_view text) const {
  ScrubbedText result;
  result.findings = Find(text);
  for (const Finding& finding : result.findings) {
    if (OperatorFor(finding.type).kind == OperatorKind::kDropRecord) {
      result.dropped = true;
      return result;
    }
  }
  result.text.reserve(text.size());
  // Where this scrub wrote a bracketed placeholder or pseudonym ("[SSN]", "[SSN:4a1f...]"): the tool's own tokens,
  // which the residual scan must not count (a pseudonym of decimal digits looks like an ID number).
  std::vector<std::pair<std::size_t, std::size_t>> own_tokens;
  std::size_t cursor = 0;
  for (const Finding& finding : result.findings) {
    result.text.append(text.substr(cursor, finding.start - cursor));
    const std::size_t token_start = result.text.size();
    result.text.append(Replacement(finding, text.substr(finding.start, finding.end - finding.start)));
    if (OperatorFor(finding.type).kind != OperatorKind::kMask) own_tokens.emplace_back(token_start, result.text.size());
    cursor = finding.end;
  }
  result.text.append(text.substr(cursor));
  // Unchanged text (no findings) would only yield the same empty result again. The re-scan runs the patterns and the
  // gazetteer, not the name tagger: it already read this text, and on text made mostly of placeholders it would cost
  // more than the scan itself (the independent residual sweep looks for names left over).
  if (config_.residual_scan && !result.findings.empty()) {
    for (Finding& finding : FindWith(result.text, false)) {
      auto after = std::lower_bound(own_tokens.begin(), own_tokens.end(), std::make_pair(finding.end, std::size_t{0}));
      const bool overlaps_own_token = after != own_tokens.begin() && std::prev(after)->second > finding.start;
      if (!overlaps_own_token) result.residual.push_back(std::move(finding));
    }
  }
  return result;
}

}  // namespace leakgate::scrub
