#include "scrub/eval/evaluation.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

namespace leakgate::scrub {
namespace {

void Score(std::size_t record, const std::vector<LabeledSpan>& gold, const std::vector<Finding>& found,
           EvaluationResult& result) {
  auto same_type_overlap = [](const LabeledSpan& g, const Finding& f) {
    return g.type == f.type && f.start < g.end && g.start < f.end;
  };
  auto exact = [](const LabeledSpan& g, const Finding& f) {
    return g.type == f.type && g.start == f.start && g.end == f.end;
  };
  for (const LabeledSpan& g : gold) {
    ++result.exact.per_type[g.type].support;
    ++result.overlap.per_type[g.type].support;
    bool hit_exact = false, hit_overlap = false;
    for (const Finding& f : found) {
      hit_exact |= exact(g, f);
      hit_overlap |= same_type_overlap(g, f);
    }
    result.exact.per_type[g.type].recalled += hit_exact ? 1 : 0;
    result.overlap.per_type[g.type].recalled += hit_overlap ? 1 : 0;
    if (!hit_overlap) result.errors.push_back({record, true, g.type, g.start, g.end, ""});
  }
  for (const Finding& f : found) {
    ++result.exact.per_type[f.type].predicted;
    ++result.overlap.per_type[f.type].predicted;
    bool hit_exact = false, hit_overlap = false;
    for (const LabeledSpan& g : gold) {
      hit_exact |= exact(g, f);
      hit_overlap |= same_type_overlap(g, f);
    }
    result.exact.per_type[f.type].correct_predicted += hit_exact ? 1 : 0;
    result.overlap.per_type[f.type].correct_predicted += hit_overlap ? 1 : 0;
    if (!hit_overlap) result.errors.push_back({record, false, f.type, f.start, f.end, f.recognizer});
  }
}

void SumOverall(EvaluationScores& scores) {
  scores.overall = {};
  for (const auto& [type, s] : scores.per_type) {
    scores.overall.support += s.support;
    scores.overall.predicted += s.predicted;
    scores.overall.correct_predicted += s.correct_predicted;
    scores.overall.recalled += s.recalled;
  }
}

nlohmann::ordered_json ScoresJson(const TypeScores& s) {
  return {{"precision", s.precision()},
          {"recall", s.recall()},
          {"f2", s.f2()},
          {"support", s.support},
          {"predicted", s.predicted}};
}

nlohmann::ordered_json VariantJson(const EvaluationScores& scores) {
  nlohmann::ordered_json json;
  json["per_type"] = nlohmann::ordered_json::object();
  for (const auto& [type, s] : scores.per_type) json["per_type"][type] = ScoresJson(s);
  json["overall"] = ScoresJson(scores.overall);
  return json;
}

}  // namespace

double TypeScores::precision() const {
  return predicted == 0 ? 1.0 : static_cast<double>(correct_predicted) / static_cast<double>(predicted);
}
double TypeScores::recall() const {
  return support == 0 ? 1.0 : static_cast<double>(recalled) / static_cast<double>(support);
}
double TypeScores::f2() const {
  double p = precision(), r = recall();
  return p + r == 0.0 ? 0.0 : 5.0 * p * r / (4.0 * p + r);
}

EvaluationResult Evaluate(const Scrubber& scrubber, const std::vector<LabeledRecord>& records) {
  EvaluationResult result;
  for (const LabeledRecord& record : records) {
    Score(result.records, record.spans, scrubber.Find(record.text), result);
    ++result.records;
  }
  SumOverall(result.exact);
  SumOverall(result.overlap);
  return result;
}

nlohmann::ordered_json ToJson(const EvaluationResult& result) {
  nlohmann::ordered_json json = VariantJson(result.overlap);
  json["span_exact"] = VariantJson(result.exact);
  json["records"] = result.records;
  return json;
}

std::string FormatTable(const EvaluationResult& result) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "%-12s %8s %8s | %9s %9s %9s | %9s %9s %9s\n", "type", "support", "found",
                "P overlap", "R overlap", "F2 overlap", "P exact", "R exact", "F2 exact");
  out += line;
  auto row = [&](const std::string& type, const TypeScores& o, const TypeScores& e) {
    std::snprintf(line, sizeof line, "%-12s %8zu %8zu | %9.3f %9.3f %9.3f | %9.3f %9.3f %9.3f\n", type.c_str(),
                  o.support, o.predicted, o.precision(), o.recall(), o.f2(), e.precision(), e.recall(), e.f2());
    out += line;
  };
  for (const auto& [type, scores] : result.overlap.per_type) row(type, scores, result.exact.per_type.at(type));
  row("overall", result.overlap.overall, result.exact.overall);
  std::snprintf(line, sizeof line, "%zu records\n", result.records);
  out += line;
  return out;
}

std::string FormatErrors(const EvaluationResult& result, const std::vector<LabeledRecord>& records) {
  auto one_line = [](std::string_view text) {
    std::string out(text);
    for (char& c : out) c = c == '\n' || c == '\t' ? ' ' : c;
    return out;
  };
  std::string out;
  for (const EvaluationError& error : result.errors) {
    const LabeledRecord& record = records.at(error.record);
    const std::string& text = record.text;
    std::size_t before = error.start >= 24 ? error.start - 24 : 0;
    std::size_t after = std::min(text.size(), error.end + 16);
    out += record.id + "\t" + (error.missed ? "missed " : "wrong  ") + error.type + "\t" +
           (error.missed ? "" : error.recognizer + "\t") + "..." + one_line(text.substr(before, error.start - before)) +
           "[[" + one_line(text.substr(error.start, error.end - error.start)) + "]]" +
           one_line(text.substr(error.end, after - error.end)) + "...\n";
  }
  return out;
}

nlohmann::ordered_json ErrorsJson(const EvaluationResult& result, const std::vector<LabeledRecord>& records) {
  nlohmann::ordered_json errors = nlohmann::ordered_json::array();
  for (const EvaluationError& error : result.errors) {
    errors.push_back({{"id", records.at(error.record).id},
                      {"missed", error.missed},
                      {"type", error.type},
                      {"start", error.start},
                      {"end", error.end},
                      {"recognizer", error.recognizer}});
  }
  return errors;
}

}  // namespace leakgate::scrub
