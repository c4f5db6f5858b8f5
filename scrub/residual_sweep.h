// A second, independent look at scrubbed text: name-shaped words the recognizers left behind, found from the corpus's
// own statistics (words it never writes in lower case) rather than from the recognizers' gazetteer, cues and scores.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace leakgate::scrub {

enum class ResidueKind {
  kBesideNamePlaceholder,  // a proper noun right before or after "[NAME]": the rest of a partly scrubbed name
  kCapitalisedRun,         // two or more capitalised words, one a proper noun, that few records share: a full name
};
std::string_view ResidueKindName(ResidueKind kind);

// One residue: UTF-8 byte span [start, end) in the scrubbed text.
struct Residue {
  ResidueKind kind = ResidueKind::kCapitalisedRun;
  std::size_t start = 0;
  std::size_t end = 0;
};

struct ResidueSweepOptions {
  // A run of capitalised words found in more records than this is taken for a recurring term (a brand, an insurer, a
  // place, a department), not one person's name.
  std::size_t max_run_records = 5;
};

class ResidueSweep {
 public:
  explicit ResidueSweep(ResidueSweepOptions options = {});

  // First pass, over every scrubbed text of the corpus: the words it writes in lower case, and how many texts hold
  // each run of capitalised words. Not thread-safe.
  void Learn(std::string_view scrubbed_text);
  // Second pass, once every text was learned: the residues in one scrubbed text, sorted by start. Thread-safe.
  std::vector<Residue> Find(std::string_view scrubbed_text) const;

  // What the sweep cannot see, one sentence each, for reports.
  static const std::vector<std::string>& BlindSpots();

 private:
  bool IsProperNoun(std::string_view word) const;

  ResidueSweepOptions options_;
  std::unordered_set<std::string> lower_case_words_;
  std::unordered_map<std::string, uint32_t> records_per_run_;
};

}  // namespace leakgate::scrub
