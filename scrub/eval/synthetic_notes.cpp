#include "scrub/eval/synthetic_notes.h"

#include <array>
#include <deque>
#include <map>
#include <stdexcept>
#include <string_view>

namespace leakgate::scrub {
namespace {

// splitmix64: tiny, fast and identical on every platform (std:: distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int Uniform(int low, int high) {  // inclusive
    return low + static_cast<int>(Next() % static_cast<uint64_t>(high - low + 1));
  }
  bool Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }
  template <typename T, std::size_t N>
  const T& Pick(const std::array<T, N>& items) {
    return items[Next() % N];
  }

 private:
  uint64_t state_;
};

// Name pools: the "common" ones are on the scrubber's gazetteer, the "rare" ones are not, so name
// recall is not measured only on names the recognizer already knows.
constexpr std::array<std::string_view, 40> kCommonFirst{
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
    "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
    "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Margaret", "Donald", "Sandra", "Steven", "Ashley",
    "Maria", "Jose", "Priya", "Wei", "Fatima", "Omar", "Olga", "Kwame", "Sofia", "Hiroshi"};
constexpr std::array<std::string_view, 16> kRareFirst{
    "Thaddeus", "Ottoline", "Zebulon", "Philippa", "Ignatius", "Marisol", "Anneliese", "Oluwaseun",
    "Siobhan", "Thandiwe", "Xiomara", "Evander", "Leopold", "Perpetua", "Radomir", "Eulalia"};
constexpr std::array<std::string_view, 40> kCommonLast{
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Taylor", "Moore", "Jackson", "Thompson", "Harris",
    "Clark", "Lewis", "Robinson", "Walker", "Nguyen", "Patel", "Kim", "Chen", "Okafor", "Schmidt",
    "Sullivan", "Murphy", "Ramirez", "Campbell", "Mitchell", "Hughes", "Tanaka", "Gupta", "Kowalski", "Rossi"};
constexpr std::array<std::string_view, 16> kRareLast{
    "Quimby", "Vrtiska", "Adebayo", "Zabrowski", "Halvorsen", "Okoro", "Mbeki", "Ferreira",
    "Lindqvist", "Oyelaran", "Brannigan", "Thistlewood", "Delacroix", "Nakashima", "Papadopoulos", "Achterberg"};
constexpr std::array<std::string_view, 20> kStreets{
    "Oak", "Maple", "Cedar", "Elm", "Pine", "Lake", "Sunset", "Highland", "Ridge", "Meadow",
    "Willow", "Birch", "Chestnut", "Spring", "Valley", "River", "Church", "Mill", "Forest", "Cherry"};
constexpr std::array<std::string_view, 10> kSuffixes{"Street", "Avenue", "Road", "Lane", "Drive",
                                                     "Court", "Boulevard", "Way", "Place", "Terrace"};
constexpr std::array<std::string_view, 20> kCities{
    "Springfield", "Riverside", "Fairview", "Georgetown", "Greenville", "Bristol", "Clinton", "Salem",
    "Arlington", "Ashland", "Burlington", "Manchester", "Oxford", "Dover", "Lakewood", "Milton",
    "Newport", "Auburn", "Cedar Rapids", "Fort Collins"};
constexpr std::array<std::string_view, 20> kStates{"IL", "CA", "TX", "NY", "OH", "PA", "MA", "WA", "GA", "NC",
                                                   "MI", "NJ", "VA", "AZ", "CO", "MN", "OR", "WI", "MO", "TN"};
constexpr std::array<std::string_view, 12> kMonths{"January", "February", "March",     "April",   "May",      "June",
                                                   "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 12> kDiagnoses{
    "type 2 diabetes", "hypertension", "COPD", "atrial fibrillation", "chronic kidney disease stage 3",
    "major depressive disorder", "asthma", "hyperlipidemia", "osteoarthritis of the knee", "heart failure",
    "hypothyroidism", "migraine"};
constexpr std::array<std::string_view, 12> kMedications{
    "metformin 500 mg twice daily", "lisinopril 10 mg daily", "atorvastatin 40 mg nightly", "apixaban 5 mg BID",
    "sertraline 50 mg daily", "albuterol inhaler as needed", "levothyroxine 75 mcg daily", "furosemide 20 mg daily",
    "sumatriptan 50 mg as needed", "amlodipine 5 mg daily", "tiotropium 18 mcg daily", "naproxen 500 mg BID"};
constexpr std::array<std::string_view, 8> kRelations{"daughter", "son", "wife", "husband",
                                                     "mother", "brother", "sister", "caregiver"};
constexpr std::array<std::string_view, 6> kCars{"2016 Honda Civic", "2019 Toyota Camry", "2012 Ford F-150",
                                                "2021 Subaru Outback", "2015 Chevrolet Malibu", "2018 Nissan Rogue"};
constexpr std::array<std::string_view, 6> kDomains{"example.com", "mail.example.org", "example.net",
                                                   "inbox.example.com", "post.example.de", "example.edu"};
constexpr std::array<std::string_view, 5> kPayers{"Blue Shield", "Aetna", "UnitedHealthcare", "Cigna", "Medicare"};

struct Value {
  std::string text;
  std::string type;  // empty: not PII
};

std::string Digits(Rng& rng, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out.push_back(static_cast<char>('0' + rng.Uniform(0, 9)));
  return out;
}

std::string Padded(int value, int width) {
  std::string out = std::to_string(value);
  while (static_cast<int>(out.size()) < width) out.insert(out.begin(), '0');
  return out;
}

int DaysInMonth(int month, int year) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

std::string FormatDate(Rng& rng, int year, int month, int day, int style) {
  std::string_view name = kMonths[static_cast<std::size_t>(month - 1)];
  switch (style % 7) {
    case 0: return Padded(month, 2) + "/" + Padded(day, 2) + "/" + std::to_string(year);
    case 1: return std::to_string(month) + "/" + std::to_string(day) + "/" + Padded(year % 100, 2);
    case 2: return std::to_string(year) + "-" + Padded(month, 2) + "-" + Padded(day, 2);
    case 3: return std::string(name) + " " + std::to_string(day) + ", " + std::to_string(year);
    case 4: return std::to_string(day) + " " + std::string(name.substr(0, 3)) + " " + std::to_string(year);
    case 5: return Padded(day, 2) + "-" + std::string(name.substr(0, 3)) + "-" + std::to_string(year);
    default: return std::string(name) + " " + std::to_string(day) + (rng.Chance(0.5) ? "th" : "");
  }
}

std::string RandomDate(Rng& rng, int from_year, int to_year, int style) {
  int year = rng.Uniform(from_year, to_year);
  int month = rng.Uniform(1, 12);
  int day = rng.Uniform(1, DaysInMonth(month, year));
  return FormatDate(rng, year, month, day, style);
}

std::string UsPhone(Rng& rng) {
  std::string area = std::to_string(rng.Uniform(2, 9)) + Digits(rng, 2);
  std::string exchange = std::to_string(rng.Uniform(2, 9)) + Digits(rng, 2);
  std::string line = Digits(rng, 4);
  switch (rng.Uniform(0, 3)) {
    case 0: return "(" + area + ") " + exchange + "-" + line;
    case 1: return area + "-" + exchange + "-" + line;
    case 2: return area + "." + exchange + "." + line;
    default: return "+1 " + area + " " + exchange + " " + line;
  }
}

std::string IntlPhone(Rng& rng) {
  switch (rng.Uniform(0, 2)) {
    case 0: return "+44 20 " + Digits(rng, 4) + " " + Digits(rng, 4);
    case 1: return "+49 30 " + Digits(rng, 6);
    default: return "+33 1 " + Digits(rng, 2) + " " + Digits(rng, 2) + " " + Digits(rng, 2) + " " + Digits(rng, 2);
  }
}

std::string Ssn(Rng& rng) {
  int area = rng.Uniform(1, 899);
  if (area == 666) area = 667;
  return Padded(area, 3) + "-" + Padded(rng.Uniform(1, 99), 2) + "-" + Padded(rng.Uniform(1, 9999), 4);
}

char LuhnCheckDigit(const std::string& payload) {
  int sum = 0;
  bool double_it = true;
  for (auto it = payload.rbegin(); it != payload.rend(); ++it) {
    int d = *it - '0';
    if (double_it) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    double_it = !double_it;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::string CreditCard(Rng& rng) {
  std::string digits = (rng.Chance(0.6) ? "4" : "5" + std::to_string(rng.Uniform(1, 5))) ;
  digits += Digits(rng, 15 - static_cast<int>(digits.size()));
  digits.push_back(LuhnCheckDigit(digits));
  std::string separator = rng.Chance(0.5) ? " " : "-";
  if (rng.Chance(0.25)) return digits;
  return digits.substr(0, 4) + separator + digits.substr(4, 4) + separator + digits.substr(8, 4) + separator +
         digits.substr(12, 4);
}

std::string Iban(Rng& rng) {
  std::string country = rng.Chance(0.5) ? "DE" : "GB";
  std::string bban = country == "DE" ? Digits(rng, 18) : std::string("NWBK") + Digits(rng, 14);
  std::string rearranged = bban + country + "00";
  int remainder = 0;
  for (char c : rearranged) {
    if (c >= '0' && c <= '9') remainder = (remainder * 10 + (c - '0')) % 97;
    else remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
  }
  std::string compact = country + Padded(98 - remainder, 2) + bban;
  std::string grouped;
  for (std::size_t i = 0; i < compact.size(); i += 4) {
    if (i > 0) grouped.push_back(' ');
    grouped += compact.substr(i, 4);
  }
  return grouped;
}

std::string Vin(Rng& rng) {
  static constexpr std::string_view kAlphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
  static constexpr std::array<int, 17> kWeights{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
  auto value = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    static constexpr std::string_view kLetters = "ABCDEFGHJKLMNPRSTUVWXYZ";
    static constexpr std::array<int, 23> kValues{1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9};
    return kValues[kLetters.find(c)];
  };
  std::string vin;
  for (int i = 0; i < 17; ++i) vin.push_back(kAlphabet[rng.Next() % kAlphabet.size()]);
  vin[0] = '1';
  vin[16] = static_cast<char>('0' + rng.Uniform(0, 9));
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += i == 8 ? 0 : value(vin[i]) * kWeights[i];
  vin[8] = sum % 11 == 10 ? 'X' : static_cast<char>('0' + sum % 11);
  return vin;
}

std::string Upper(Rng& rng, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out.push_back(static_cast<char>('A' + rng.Uniform(0, 25)));
  return out;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

struct Patient {
  std::map<std::string, Value, std::less<>> values;
};

std::string PickFirst(Rng& rng) {
  return std::string(rng.Chance(0.8) ? rng.Pick(kCommonFirst) : rng.Pick(kRareFirst));
}
std::string PickLast(Rng& rng) { return std::string(rng.Chance(0.75) ? rng.Pick(kCommonLast) : rng.Pick(kRareLast)); }

// Clinical history without identifiers, a few sentences per patient: what makes one patient's notes differ from
// another's once scrubbing has replaced the identifiers (otherwise the scrubbed notes of a template collapse into
// near duplicates).
constexpr std::array<std::string_view, 16> kSymptoms{
    "intermittent headaches", "night sweats",      "low back pain",       "palpitations",
    "poor appetite",          "ankle swelling",    "a persistent cough",  "blurred vision",
    "numbness in both feet",  "morning stiffness", "trouble sleeping",    "dizziness on standing",
    "heartburn after meals",  "itching rash",      "shortness of breath", "wheezing at night"};
constexpr std::array<std::string_view, 12> kTriggers{
    "after climbing stairs", "when lying flat",    "after large meals", "in cold weather",
    "at the end of the day", "after long walks",   "while at work",     "without a clear trigger",
    "since a recent flu",    "after a fall",       "during exercise",   "in the early morning"};
constexpr std::array<std::string_view, 12> kHistoryFacts{
    "Former smoker with a history of about {n} pack-years.",
    "Drinks about {n} cups of coffee a day and rarely alcohol.",
    "Had knee surgery on the {side} side some years ago.",
    "Lost {n} pounds over the last few months without trying.",
    "Walks about {n} blocks before needing to rest.",
    "Reports {n} emergency visits in the past year.",
    "Family history of {condition} in a parent.",
    "Works night shifts and sleeps about {n} hours.",
    "Uses an inhaler about {n} times a week.",
    "Checks blood sugar {n} times a day at home.",
    "Previously tried {drug}, stopped because of {effect}.",
    "Allergic to {drug}, which caused {effect}."};
constexpr std::array<std::string_view, 8> kConditions{"colon cancer", "stroke",          "early heart disease",
                                                      "diabetes",     "kidney failure", "glaucoma",
                                                      "osteoporosis", "breast cancer"};
constexpr std::array<std::string_view, 8> kDrugs{"penicillin", "sulfa drugs", "codeine",      "ibuprofen",
                                                 "statins",    "gabapentin",  "amoxicillin", "prednisone"};
constexpr std::array<std::string_view, 8> kEffects{"hives",   "nausea",      "muscle aches", "a cough",
                                                   "swelling", "drowsiness", "stomach upset", "a rash"};

std::string ClinicalHistory(Rng& rng) {
  std::string history = " Complains of " + std::string(rng.Pick(kSymptoms)) + " " + std::string(rng.Pick(kTriggers)) +
                        " and " + std::string(rng.Pick(kSymptoms)) + " for " + std::to_string(rng.Uniform(2, 30)) +
                        (rng.Chance(0.5) ? " weeks." : " days.");
  for (int fact = 0; fact < 2; ++fact) {
    std::string_view form = rng.Pick(kHistoryFacts);
    std::string sentence;
    for (std::size_t pos = 0; pos < form.size();) {
      const std::size_t open = form.find('{', pos);
      sentence.append(form.substr(pos, open == std::string_view::npos ? open : open - pos));
      if (open == std::string_view::npos) break;
      const std::size_t close = form.find('}', open);
      const std::string_view slot = form.substr(open + 1, close - open - 1);
      if (slot == "n") sentence += std::to_string(rng.Uniform(2, 40));
      if (slot == "side") sentence += rng.Chance(0.5) ? "left" : "right";
      if (slot == "condition") sentence += rng.Pick(kConditions);
      if (slot == "drug") sentence += rng.Pick(kDrugs);
      if (slot == "effect") sentence += rng.Pick(kEffects);
      pos = close + 1;
    }
    history += " " + sentence;
  }
  return history;
}

Patient MakePatient(Rng& rng) {
  Patient p;
  auto& v = p.values;
  std::string first = PickFirst(rng), last = PickLast(rng);
  bool female = rng.Chance(0.5);
  int age = rng.Chance(0.15) ? rng.Uniform(90, 103) : rng.Uniform(19, 89);
  int birth_year = 2024 - age;
  int date_style = rng.Uniform(0, 5);
  v["first"] = {first, "NAME"};
  v["last"] = {last, "NAME"};
  v["patient"] = {first + " " + last, "NAME"};
  v["patient_last_first"] = {last + ", " + first, "NAME"};
  v["title"] = {female ? "Ms." : "Mr.", ""};
  v["sex"] = {female ? "woman" : "man", ""};
  v["pronoun"] = {female ? "She" : "He", ""};
  v["age"] = {std::to_string(age), age > 89 ? "AGE" : ""};
  v["dob"] = {RandomDate(rng, birth_year, birth_year, date_style), "DATE"};
  v["mrn"] = {rng.Chance(0.7) ? Digits(rng, 8) : Upper(rng, 1) + "-" + Digits(rng, 7), "MRN"};
  v["phone"] = {UsPhone(rng), "PHONE"};
  v["phone2"] = {UsPhone(rng), "PHONE"};
  v["fax"] = {UsPhone(rng), "PHONE"};
  v["intl_phone"] = {IntlPhone(rng), "PHONE"};
  v["email"] = {(rng.Chance(0.5) ? Lower(first) + "." + Lower(last) : Lower(first.substr(0, 1)) + Lower(last) +
                                                                         std::to_string(rng.Uniform(1, 99))) +
                    "@" + std::string(rng.Pick(kDomains)),
                "EMAIL"};
  v["ssn"] = {Ssn(rng), "SSN"};
  std::string street = std::to_string(rng.Uniform(1, 9899)) + " " + std::string(rng.Pick(kStreets)) + " " +
                       std::string(rng.Pick(kSuffixes));
  if (rng.Chance(0.3)) street += ", Apt " + std::to_string(rng.Uniform(1, 40)) + std::string(1, "ABCD"[rng.Uniform(0, 3)]);
  street += ", " + std::string(rng.Pick(kCities)) + ", " + std::string(rng.Pick(kStates));
  v["street"] = {street, "ADDRESS"};
  v["zip"] = {Digits(rng, 5) + (rng.Chance(0.2) ? "-" + Digits(rng, 4) : ""), "ZIP"};
  v["member_id"] = {Upper(rng, 3) + Digits(rng, 9), "HEALTH_PLAN"};
  v["account"] = {Digits(rng, 10), "ACCOUNT"};
  v["license"] = {Upper(rng, 1) + Digits(rng, 7), "LICENSE"};
  v["vin"] = {Vin(rng), "VIN"};
  v["plate"] = {std::to_string(rng.Uniform(1, 9)) + Upper(rng, 3) + Digits(rng, 3), "PLATE"};
  v["device"] = {Upper(rng, 2) + "-" + Digits(rng, 6) + "-" + Upper(rng, 1), "DEVICE_ID"};
  v["ip"] = {rng.Chance(0.8) ? std::to_string(rng.Uniform(11, 223)) + "." + std::to_string(rng.Uniform(0, 255)) + "." +
                                   std::to_string(rng.Uniform(0, 255)) + "." + std::to_string(rng.Uniform(1, 254))
                             : "2001:db8:" + std::to_string(rng.Uniform(1, 9)) + "a2::" + Digits(rng, 2) + "f:" + Digits(rng, 3),
             "IP_ADDRESS"};
  v["url"] = {"https://portal.example-health.org/p/" + Digits(rng, 6), "URL"};
  v["card"] = {CreditCard(rng), "CREDIT_CARD"};
  v["iban"] = {Iban(rng), "IBAN"};
  v["contact"] = {PickFirst(rng) + " " + PickLast(rng), "NAME"};
  v["relation"] = {std::string(rng.Pick(kRelations)), ""};
  v["car"] = {std::string(rng.Pick(kCars)), ""};
  v["payer"] = {std::string(rng.Pick(kPayers)), ""};
  v["diagnosis"] = {std::string(rng.Pick(kDiagnoses)), ""};
  v["medication"] = {std::string(rng.Pick(kMedications)), ""};
  std::string doctor_last = PickLast(rng);
  v["doctor"] = {PickFirst(rng) + " " + doctor_last, "NAME"};
  v["doctor_last"] = {doctor_last, "NAME"};
  v["nurse"] = {PickFirst(rng) + " " + PickLast(rng), "NAME"};
  v["date_style"] = {std::to_string(date_style), ""};
  return p;
}

// Per-visit values: dates, vitals and lab numbers (the numbers are there to tempt false positives).
void AddVisit(Rng& rng, Patient& p) {
  auto& v = p.values;
  int style = std::stoi(v["date_style"].text);
  v["visit_date"] = {RandomDate(rng, 2021, 2024, style), "DATE"};
  v["followup_date"] = {RandomDate(rng, 2024, 2025, style == 6 ? 3 : style), "DATE"};
  v["bp"] = {std::to_string(rng.Uniform(105, 165)) + "/" + std::to_string(rng.Uniform(60, 98)), ""};
  v["hr"] = {std::to_string(rng.Uniform(52, 110)), ""};
  v["a1c"] = {std::to_string(rng.Uniform(5, 11)) + "." + std::to_string(rng.Uniform(0, 9)), ""};
  v["days"] = {std::to_string(rng.Uniform(2, 21)), ""};
  v["room"] = {std::to_string(rng.Uniform(100, 899)), ""};
}

constexpr std::array<std::string_view, 8> kDemoTemplates{
    "PROGRESS NOTE\nPatient: {patient}   MRN: {mrn}   DOB: {dob}\nDate of service: {visit_date}\nProvider: Dr. "
    "{doctor}\n\nS: {age}-year-old {sex} presents for follow-up of {diagnosis}. Reports fatigue for the past {days} "
    "days. Denies chest pain or shortness of breath.\nO: BP {bp}, HR {hr}, A1c {a1c}%. Lungs clear, no edema.\nA/P: "
    "{diagnosis}, stable.{history} Continue {medication}. Return visit {followup_date}.\nSigned by {doctor}, MD",

    "TELEPHONE ENCOUNTER {visit_date}\nCaller: {contact} ({relation} of {patient})\nCallback number: {phone}\n"
    "Message: requests refill of {medication}; pharmacy fax {fax}. {history}\nRouted to nurse "
    "{nurse}, RN.",

    "DISCHARGE SUMMARY\nName: {patient_last_first}\nMRN {mrn} | Admitted {visit_date} | Discharged {followup_date}\n"
    "Address: {street} {zip}\nHome phone: {phone}\nPrimary insurance: {payer}, member ID {member_id}\n\nHospital "
    "course: admitted to room {room} with exacerbation of {diagnosis}; treated and improved.{history} Discharge medication: "
    "{medication}. Follow up with Dr. {doctor} in {days} days.",

    "Dear Dr. {doctor_last},\n\nI am referring {title} {last}, a {age}-year-old {sex} (DOB {dob}), for evaluation of "
    "{diagnosis}.{history} {pronoun} can be reached at {phone} or {email}. Recent BP {bp}.\n\nSincerely,\n{nurse}, NP\n{url}",

    "REGISTRATION UPDATE {visit_date}\nPatient {patient}, DOB {dob}\n{street} {zip}\nSSN: {ssn}\nEmail: {email}\n"
    "Guarantor account number {account}\nIntake:{history}\nCard on file {card}\nEmergency contact: {contact}, {relation}, {phone2}",

    "DEVICE CLINIC {visit_date}\nPatient: {patient} (MRN {mrn})\nPacemaker serial number {device} interrogated; "
    "battery 8.1 years, lead impedance 520 ohms. Remote monitor last uploaded from IP {ip}. Next check "
    "{followup_date}.{history}\nReviewed by Dr. {doctor}.",

    "SOCIAL WORK NOTE {visit_date}\n{patient} lives alone at {street} {zip}. Drives a {car} (VIN {vin}, license "
    "plate {plate}); driver's license {license} expires next year. {relation} {contact} checks in daily, phone "
    "{phone2}. {history} Discussed transport options for dialysis 3 times weekly.",

    "Patient portal message from {patient} <{email}> sent {visit_date}:\n\"Hi Dr. {doctor_last}, my new cell is "
    "{phone}. I have taken {medication} for {days} days and the dizziness is better.{history}\"\nReply sent by {nurse} via "
    "{url}.",
};

// The kind of note each demo template writes, in the same order: the classifier demo's label.
constexpr std::array<std::string_view, 8> kDemoKinds{"progress_note", "telephone",    "discharge_summary",
                                                     "referral",      "registration", "device_clinic",
                                                     "social_work",   "portal_message"};

constexpr std::array<std::string_view, 8> kEvaluationTemplates{
    "NEW PATIENT INTAKE\nFull name: {patient}\nDate of birth: {dob}\nSocial Security #: {ssn}\nHome address: {street} "
    "{zip}\nCell: {phone}\nE-mail: {email}\nInsurance: {payer}, policy number {member_id}\nEmergency contact: "
    "{contact} ({relation}) {phone2}\nReason for visit: {diagnosis}",

    "LAB RESULTS - {patient_last_first} (MR# {mrn})\nCollected {visit_date}, resulted {followup_date}.\nHbA1c "
    "{a1c}% (ref 4.0-5.6), LDL 131 mg/dL, eGFR 58 mL/min. Ordering: Dr. {doctor}. Call {phone} with questions.",

    "Shift handoff {visit_date} 07:00 - room {room}: pt {patient}, {age} y/o {sex}, admitted for {diagnosis}. "
    "{relation} ({contact}) at bedside, reachable at {phone2}. Vitals BP {bp} HR {hr}. Plan: continue "
    "{medication}.",

    "Billing note: guarantor {patient} called about the statement dated {visit_date}. Payment made with card {card}. "
    "Refund of $45.20 to be sent to IBAN {iban}. Acct no. {account}. Spoke with {contact}.",

    "Telehealth session {visit_date}: connected from {ip} using link {url}. Identity of {patient} verified with date "
    "of birth {dob} and ZIP code {zip}. Visit lasted 25 minutes; {diagnosis} discussed.",

    "DME ORDER: CPAP machine, device ID {device}, deliver to {street} {zip} by {followup_date}. Prescriber {doctor}, "
    "license # {license}. Patient phone {phone}. Medicare ID {member_id}.",

    "Transport log {visit_date}: {patient} ({age} years old) was driven home by {relation} {contact} in a {car}, "
    "plate no. {plate}, VIN {vin}. Contact email {email}.",

    "International visitor note: {patient} is visiting from abroad, phone {intl_phone}, e-mail {email}, home bank "
    "IBAN {iban}. Seen on {visit_date} for {diagnosis}; prescribed {medication}.",
};

}  // namespace

struct SyntheticNoteGenerator::State {
  SyntheticOptions options;
  Rng rng;
  uint64_t produced = 0;
  uint64_t patients = 0;
  struct Earlier {
    Patient patient;
    std::string patient_id;
    std::size_t template_index;
  };
  std::deque<Earlier> recent;  // patients whose notes may be copied forward

  explicit State(SyntheticOptions o) : options(std::move(o)), rng(options.seed) {}

  LabeledRecord Render(std::string_view form, const Patient& patient, std::string_view addendum) {
    LabeledRecord record;
    std::size_t pos = 0;
    while (pos < form.size()) {
      std::size_t open = form.find('{', pos);
      if (open == std::string_view::npos) {
        record.text.append(form.substr(pos));
        break;
      }
      record.text.append(form.substr(pos, open - pos));
      std::size_t close = form.find('}', open);
      std::string_view key = form.substr(open + 1, close - open - 1);
      auto found = patient.values.find(key);
      if (found == patient.values.end()) throw std::logic_error("synthetic template uses unknown field");
      const Value& value = found->second;
      if (!value.type.empty())
        record.spans.push_back({record.text.size(), record.text.size() + value.text.size(), value.type});
      record.text.append(value.text);
      pos = close + 1;
    }
    record.text.append(addendum);
    return record;
  }
};

SyntheticNoteGenerator::SyntheticNoteGenerator(SyntheticOptions options)
    : state_(std::make_unique<State>(std::move(options))) {}

SyntheticNoteGenerator::~SyntheticNoteGenerator() = default;

LabeledRecord SyntheticNoteGenerator::Next() {
  State& s = *state_;
  const auto& templates =
      s.options.templates == SyntheticTemplates::kDemo ? kDemoTemplates : kEvaluationTemplates;
  std::string addendum;
  State::Earlier note;
  if (!s.recent.empty() && s.rng.Chance(s.options.copy_forward_rate)) {
    // Copy-forward: an earlier note of the same patient with a new visit date and an interval line.
    note = s.recent[s.rng.Next() % s.recent.size()];
    AddVisit(s.rng, note.patient);
    static constexpr std::array<std::string_view, 4> kAddenda{
        "\nInterval update: no change since last visit.", "\nAddendum: labs reviewed, plan unchanged.",
        "\nCopied forward; patient doing well.", ""};
    addendum = std::string(s.rng.Pick(kAddenda));
  } else {
    note.patient = MakePatient(s.rng);
    note.patient_id = "patient-" + Padded(static_cast<int>(++s.patients), 6);
    AddVisit(s.rng, note.patient);
    note.template_index = s.rng.Next() % templates.size();
    if (s.options.templates == SyntheticTemplates::kDemo) note.patient.values["history"] = {ClinicalHistory(s.rng), ""};
    s.recent.push_back(note);
    if (s.recent.size() > 64) s.recent.pop_front();
  }
  LabeledRecord record = s.Render(templates[note.template_index], note.patient, addendum);
  record.id = s.options.id_prefix + Padded(static_cast<int>(++s.produced), 6);
  if (s.options.templates == SyntheticTemplates::kDemo) {
    record.kind = kDemoKinds[note.template_index];
    record.patient_id = note.patient_id;
  }
  return record;
}

}  // namespace leakgate::scrub
