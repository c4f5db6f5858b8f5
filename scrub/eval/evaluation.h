// Precision, recall and F2 of the scrubber against gold spans, per entity type and overall, for
// span-exact and overlapping matches (`leakgate scrub eval`).
#pragma once

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scrub/eval/labeled.h"
#include "scrub/scrubber.h"

namespace leakgate::scrub {

struct TypeScores {
  std::size_t support = 0;            // gold spans
  std::size_t predicted = 0;          // findings
  std::size_t correct_predicted = 0;  // findings that match a gold span of the same type
  std::size_t recalled = 0;           // gold spans matched by a finding of the same type
  // With no findings precision is 1 (nothing wrong was claimed); with no gold spans recall is 1.
  double precision() const;
  double recall() const;
  double f2() const;  // recall weighted 4x: 5PR / (4P + R)
};

struct EvaluationScores {
  std::map<std::string, TypeScores> per_type;
  TypeScores overall;  // micro-average: counts summed over types
};

struct EvaluationResult {
  std::size_t records = 0;
  EvaluationScores exact;    // same start, end and type
  EvaluationScores overlap;  // same type and at least one shared byte
};

EvaluationResult Evaluate(const Scrubber& scrubber, const std::vector<LabeledRecord>& records);

// {"per_type": {"EMAIL": {"precision", "recall", "f2", "support"}, ..}, "overall": {..}} for the overlap
// variant, plus "span_exact" with the same shape and "records".
nlohmann::ordered_json ToJson(const EvaluationResult& result);
// A fixed-width table of both variants for terminals.
std::string FormatTable(const EvaluationResult& result);

}  // namespace leakgate::scrub
