// Person-name candidates from a gazetteer of common US first names and surnames (written out for this
// project from census-style frequency knowledge) plus capitalisation; context cues are scored later.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

namespace leakgate::scrub {

struct NameCandidate {
  std::size_t start = 0;
  std::size_t end = 0;
  double score = 0.0;  // before context cues: after a title or pair of known names 0.85, "Last, First" 0.8,
                       // known first name + capitalised word 0.6, two capitalised words after a cue word 0.6,
                       // unknown word + known surname 0.5, lone first name 0.4, lone surname 0.3
};

// Scans for runs of capitalised words that the gazetteer makes look like a person's name.
std::vector<NameCandidate> FindNameCandidates(std::string_view text);

// What word lists say a word is: a name only, a name that is also an ordinary word ("Ray", "Will"), only an
// ordinary word or a place, or nothing they list.
enum class NameWordKind { kName, kNameAndWord, kOrdinary, kUnknown };

// Names after a cue, where the capitalised-word scan cannot read them: a title, a kinship word (of English and the
// name lists' languages), a role ("SURGEON: MCCREADY"), a reporting verb and its preposition ("seen by", "discussed
// with") or a bed number. In capitals after "MR", "Dr" or "HUSBAND" ("MR OKWU", "MRS D. PRENDERGAST"); in lower case
// after "mr" ("seen by mr okwu"); in lower or title case after a kinship word, role or verb in lower case ("her son
// declan", "su hermana Itziar", "z mężem Pawłem", "Ehefrau (Renate)"); in any one case after a ward list's bed
// number ("BED 3 HUGHES", "bed 14 (Pemberton)").
// The name is a word `kind_of` does not call only ordinary ("MS MILD", "bed 12 settled" are none). One the lists
// also have as an ordinary word needs three letters, and capitals after a title ("MRS ROSE"; not "MR. NO") or title
// case after a kinship word ("her son Will"; not "Surgeon General"). One no list has needs four letters and a vowel,
// must not be clinical ("MR CXR", "MR ANGIO", "seen by Ortho", "Consultant Rheumatologist" are none), and in lower
// case only follows a title, an English kinship word or a bed number ("consultant callback" is none). A listed name
// after a name extends it ("MR JOHN SMITH").
std::vector<NameCandidate> FindNamesAfterCues(std::string_view text,
                                                  const std::function<NameWordKind(std::string_view)>& kind_of);

bool IsCommonFirstName(std::string_view word);  // case-insensitive
bool IsCommonSurname(std::string_view word);     // case-insensitive

}  // namespace leakgate::scrub
