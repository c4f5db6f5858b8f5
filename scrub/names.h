// Person-name candidates from a gazetteer of common US first names and surnames (written out for this
// project from census-style frequency knowledge) plus capitalisation; context cues are scored later.
#pragma once

#include <cstddef>
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

bool IsCommonFirstName(std::string_view word);  // case-insensitive
bool IsCommonSurname(std::string_view word);     // case-insensitive

}  // namespace leakgate::scrub
