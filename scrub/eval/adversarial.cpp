#include "scrub/eval/adversarial.h"

#include <string_view>

namespace leakgate::scrub {
namespace {

std::string Repeat(std::string_view unit, std::size_t bytes) {
  std::string out;
  out.reserve(bytes + unit.size());
  while (out.size() < bytes) out.append(unit);
  return out;
}

}  // namespace

std::vector<AdversarialLine> AdversarialLines(std::size_t bytes) {
  return {
      {"digit flood", Repeat("0123456789", bytes)},
      {"spaced digits", Repeat("4 1 1 1 ", bytes)},
      {"dotted digits", Repeat("1.2.", bytes)},
      {"many @", Repeat("@", bytes)},
      {"a@ chains", Repeat("a@b.c", bytes)},
      {"nested brackets", std::string(bytes / 2, '(') + std::string(bytes / 2, ')')},
      {"colons", Repeat("a1:", bytes)},
      {"capitalised words", Repeat("Mary Ann Smith Jones ", bytes)},
      {"titles", Repeat("Dr. Dr. Mr. ", bytes)},
      {"one huge url", "https://example.com/" + Repeat("a", bytes)},
      {"dates everywhere", Repeat("March 3, 2021 ", bytes)},
      {"cue words", Repeat("MRN account serial license plate ", bytes)},
      {"street addresses", Repeat("12 Main St, Leeds LS6 2QT; ", bytes)},
      {"continental streets", Repeat("Calle de Alcalá 50, 28014 Madrid. ", bytes)},
      {"postcode look-alikes", Repeat("Ward B2 2BB ", bytes)},
      // Numbers with no cue after one phone, far from it: the gap to the phone is not copied each time.
      {"uncued phones", "Tel +44 20 7946 0018 " + Repeat("lasku 09 123 4567 ", bytes)},
      // Days and months beside a date, with no space between them: the word before each is not read back to the start.
      {"packed day-months", "Seen 12/11/2024 " + Repeat("(12/11.", bytes)},
  };
}

}  // namespace leakgate::scrub
