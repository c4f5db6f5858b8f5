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

// A gold span no finding of its type overlaps, or a finding that overlaps no gold span of its type.
struct EvaluationError {
  std::size_t record = 0;  // index in the evaluated records
  bool missed = false;  // true: a gold span was missed; false: a finding is wrong
  std::string type;
  std::size_t start = 0, end = 0;
  std::string recognizer;  // of the wrong finding
};

struct EvaluationResult {
  std::size_t records = 0;
  EvaluationScores exact;    // same start, end and type
  EvaluationScores overlap;  // same type and at least one shared byte
  std::vector<EvaluationError> errors;  // in the overlap variant, in record order
};

EvaluationResult Evaluate(const Scrubber& scrubber, const std::vector<LabeledRecord>& records);

// {"per_type": {"EMAIL": {"precision", "recall", "f2", "support"}, ..}, "overall": {..}} for the overlap
// variant, plus "span_exact" with the same shape and "records".
nlohmann::ordered_json ToJson(const EvaluationResult& result);
// A fixed-width table of both variants for terminals.
std::string FormatTable(const EvaluationResult& result);
// One line per error with the record id, the span's text and a little context: for tuning on one's own labeled
// data (it prints what the labeled set holds, so it is not for reports).
std::string FormatErrors(const EvaluationResult& result, const std::vector<LabeledRecord>& records);
// The errors as JSON ({id, missed, type, start, end, recognizer}; no text), for `scrub eval --json --errors`.
nlohmann::ordered_json ErrorsJson(const EvaluationResult& result, const std::vector<LabeledRecord>& records);

}  // namespace leakgate::scrub
