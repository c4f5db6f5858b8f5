// Records with gold PII spans: the shape of labeled evaluation data (JSONL with "id", "text", "spans").
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace leakgate::scrub {

// UTF-8 byte offsets into the record's text, end exclusive.
struct LabeledSpan {
  std::size_t start = 0;
  std::size_t end = 0;
  std::string type;
  bool operator==(const LabeledSpan&) const = default;
};

struct LabeledRecord {
  std::string id;
  std::string text;
  std::string kind;  // what sort of note it is ("progress_note", ...): the label of the classifier demo; may be empty
  std::string patient_id;  // the person the note is about (the demo's data.user_field); may be empty
  std::vector<LabeledSpan> spans;
};

// One JSON line: {"id": .., "text": .., "spans": [{"start": .., "end": .., "type": ..}, ..]}; with
// include_spans false only id and text.
std::string ToJsonLine(const LabeledRecord& record, bool include_spans);

// Reads a labeled JSONL file; a malformed line or a span outside its text throws InputError (file:line).
std::vector<LabeledRecord> ReadLabeledJsonl(const std::filesystem::path& path);

}  // namespace leakgate::scrub
