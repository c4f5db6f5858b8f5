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

// Names after a title or kinship word written in one case throughout, which the capitalised-word scan cannot read:
// capitals after "MR", "Dr" or "HUSBAND" ("MR OKWU", "MRS D. PRENDERGAST"), lower case after "mr" or "son" ("her son
// declan"); and after a ward list's bed number, in any one case ("BED 3 HUGHES", "bed 14 (Pemberton)"). After a title
// in capitals the name is any word `kind_of` does not call only ordinary ("MS MILD" is none, "MRS ROSE" is one);
// otherwise only one no list has as an ordinary word ("his wife said", "miss a good meal", "bed 12 settled" are none).
// A word no list has must have four letters and a vowel and not name an imaging study ("MR CXR", "MR ANGIO" are none).
// A listed name after a name extends it ("MR JOHN SMITH").
std::vector<NameCandidate> FindNamesAfterCues(std::string_view text,
                                                  const std::function<NameWordKind(std::string_view)>& kind_of);

bool IsCommonFirstName(std::string_view word);  // case-insensitive
bool IsCommonSurname(std::string_view word);     // case-insensitive

}  // namespace leakgate::scrub
