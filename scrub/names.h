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

// Names next to a cue, where the capitalised-word scan cannot read them: after a title, a kinship word (of English
// and the name lists' languages), a role, a word of address, a reporting verb and its own preposition or a bed number
// ("MR OKWU", "her son declan", "su hermana Itziar", "SURGEON: MCCREADY", "TELL BERNARD", "seen by Thirunavukkarasu",
// "BED 3 HUGHES"); after initials ("1. A. KHAN"); and opening a clause before a verb of reporting or "to" and a task
// ("Nasser reports", "Okafor to consent"). Which case the name may be written in and which words may be it depend on
// the cue (names.cpp says how): `kind_of` tells a name from an ordinary word ("MS MILD", "bed 12 settled", "Ask
// Reddit" are none), and a word no list has must look like a name and not like clinical shorthand ("MR CXR", "BED 4
// MRSA", "seen by Ortho", "Consultant Intensivist" are none).
std::vector<NameCandidate> FindNamesAfterCues(std::string_view text,
                                                  const std::function<NameWordKind(std::string_view)>& kind_of);

// Names in a text written wholly in lower case, as chat and quick notes are ("pls tell jess", "pass it to bev"), or
// wholly in capitals, as telegrams, old systems and forms are ("MEET EDWARD AT PADDINGTON"), where neither capitals nor
// a cue say where they are: each word the lists have as a name and never as an ordinary word or a place, of three
// letters or more ("carlton" is one; "will", "grace", "june" are none). A text with one word in title case is neither.
std::vector<NameCandidate> FindListedNamesInOneCaseText(std::string_view text,
                                                        const std::function<NameWordKind(std::string_view)>& kind_of);

// Names written in a case ending of Polish, Czech, Slovak, Lithuanian, Russian or Ukrainian, or with a Turkish one
// after an apostrophe, mid-sentence in title case: "przekazano Grzegorzowi", "předala pacienta Jiřímu Čermákovi",
// "назначить Смирнову Ольгу Викторовну", "tuttu ve Selin'e gönderdi". A word no list has is a name when, with its
// ending changed back, the lists have it as a name; up to two more words in title case beside it are read with it.
std::vector<NameCandidate> FindInflectedNames(std::string_view text,
                                              const std::function<NameWordKind(std::string_view)>& kind_of);

// Whether a word no name list has names something clinical rather than a person, by its ending or as a service: a
// drug, a study, finding or procedure ("colonoscopy", "PLANIMETRY"), a specialty or specialist ("Rheumatologist"), a
// ward's service ("Ortho", "NICU"). Endings that also end surnames are left out: "Petraitis", "Luria", "Lindqvist".
bool LooksClinical(std::string_view word);
// Whether a word ends in the stem of a drug's international name ("Citalopram", "Edoxaban", "Amlodipine").
bool LooksLikeADrug(std::string_view word);

bool IsCommonFirstName(std::string_view word);  // case-insensitive
bool IsCommonSurname(std::string_view word);     // case-insensitive

}  // namespace leakgate::scrub
