// Deterministic fake clinical notes with fake patients and their gold PII spans: the demo corpus
// (`leakgate synth`) and the generated part of the labeled evaluation set.
#pragma once

#include <cstdint>
#include <memory>

#include "scrub/eval/labeled.h"

namespace leakgate::scrub {

// Two disjoint sets of note templates: the demo corpus uses one, the evaluation set the other, so the
// evaluation does not simply replay the demo sentences.
enum class SyntheticTemplates { kDemo, kEvaluation };

struct SyntheticOptions {
  uint64_t seed = 20240601;
  SyntheticTemplates templates = SyntheticTemplates::kDemo;
  double copy_forward_rate = 0.25;  // chance a note copies an earlier note of the same patient
  std::string id_prefix = "note-";
};

// Yields notes one by one (same seed, same sequence, bit for bit); memory stays bounded by the
// small pool of recent patients kept for copy-forward.
class SyntheticNoteGenerator {
 public:
  explicit SyntheticNoteGenerator(SyntheticOptions options);
  ~SyntheticNoteGenerator();
  LabeledRecord Next();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace leakgate::scrub
