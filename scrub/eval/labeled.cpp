#include "scrub/eval/labeled.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "common/errors.h"

namespace leakgate::scrub {

std::string ToJsonLine(const LabeledRecord& record, bool include_spans) {
  nlohmann::ordered_json line;
  line["id"] = record.id;
  line["text"] = record.text;
  if (!record.kind.empty()) line["kind"] = record.kind;
  if (!record.patient_id.empty()) line["patient_id"] = record.patient_id;
  if (include_spans) {
    line["spans"] = nlohmann::ordered_json::array();
    for (const LabeledSpan& span : record.spans)
      line["spans"].push_back({{"start", span.start}, {"end", span.end}, {"type", span.type}});
  }
  return line.dump();
}

std::vector<LabeledRecord> ReadLabeledJsonl(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw common::InputError(path.string(), 0, "cannot open labeled file", "check the path");
  std::vector<LabeledRecord> records;
  std::string line;
  uint64_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto fail = [&](const std::string& what) {
      throw common::InputError(path.string(), line_number, what,
                       "expected {\"id\": .., \"text\": .., \"spans\": [{\"start\": .., \"end\": .., \"type\": ..}]}");
    };
    nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
    if (json.is_discarded() || !json.is_object()) fail("not a JSON object");
    if (!json.contains("text") || !json["text"].is_string()) fail("missing string field \"text\"");
    LabeledRecord record;
    record.text = json["text"].get<std::string>();
    if (json.contains("id")) record.id = json["id"].is_string() ? json["id"].get<std::string>() : json["id"].dump();
    else record.id = std::to_string(line_number);
    if (json.contains("spans")) {
      if (!json["spans"].is_array()) fail("\"spans\" is not an array");
      for (const auto& span : json["spans"]) {
        if (!span.is_object() || !span.contains("start") || !span.contains("end") || !span.contains("type") ||
            !span["start"].is_number_unsigned() || !span["end"].is_number_unsigned() || !span["type"].is_string())
          fail("a span needs unsigned \"start\", \"end\" and string \"type\"");
        LabeledSpan parsed{span["start"].get<std::size_t>(), span["end"].get<std::size_t>(), span["type"].get<std::string>()};
        if (parsed.start >= parsed.end || parsed.end > record.text.size())
          fail("span [" + std::to_string(parsed.start) + ", " + std::to_string(parsed.end) +
               ") is empty or outside the text of " + std::to_string(record.text.size()) + " bytes");
        record.spans.push_back(std::move(parsed));
      }
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace leakgate::scrub
