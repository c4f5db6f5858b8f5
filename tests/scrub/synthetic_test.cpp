#include "scrub/eval/synthetic_notes.h"

#include <gtest/gtest.h>

#include <set>

#include "scrub/scrubber.h"

namespace leakgate::scrub {
namespace {

std::vector<LabeledRecord> Generate(SyntheticOptions options, int count) {
  SyntheticNoteGenerator generator(std::move(options));
  std::vector<LabeledRecord> records;
  for (int i = 0; i < count; ++i) records.push_back(generator.Next());
  return records;
}

TEST(Synthetic, SameSeedSameNotesOtherSeedOtherNotes) {
  SyntheticOptions options;
  options.seed = 7;
  std::vector<LabeledRecord> a = Generate(options, 50), b = Generate(options, 50);
  options.seed = 8;
  std::vector<LabeledRecord> c = Generate(options, 50);
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(a[i].text, b[i].text);
    EXPECT_EQ(a[i].spans, b[i].spans);
  }
  EXPECT_NE(a[0].text, c[0].text);
  EXPECT_EQ(a[0].id, "note-000001");
}

TEST(Synthetic, SpansAreInsideTheTextAndTyped) {
  const std::set<std::string> types(BuiltinEntityTypes().begin(), BuiltinEntityTypes().end());
  for (SyntheticTemplates templates : {SyntheticTemplates::kDemo, SyntheticTemplates::kEvaluation}) {
    SyntheticOptions options;
    options.templates = templates;
    std::set<std::string> seen;
    for (const LabeledRecord& record : Generate(options, 300)) {
      std::size_t previous_end = 0;
      for (const LabeledSpan& span : record.spans) {
        ASSERT_LT(span.start, span.end);
        ASSERT_LE(span.end, record.text.size());
        ASSERT_GE(span.start, previous_end);
        ASSERT_TRUE(types.count(span.type)) << span.type;
        previous_end = span.end;
        seen.insert(span.type);
      }
    }
    // Every built-in type but IBAN (only in the evaluation templates) occurs in 300 notes of either set.
    EXPECT_GE(seen.size(), 18u);
  }
}

TEST(Synthetic, TemplateSetsShareNoOpeningLine) {
  SyntheticOptions demo, evaluation;
  evaluation.templates = SyntheticTemplates::kEvaluation;
  auto first_words = [](const std::vector<LabeledRecord>& records) {
    std::set<std::string> words;
    for (const LabeledRecord& r : records) words.insert(r.text.substr(0, r.text.find_first_of(" :\n")));
    return words;
  };
  std::set<std::string> a = first_words(Generate(demo, 200)), b = first_words(Generate(evaluation, 200));
  for (const std::string& word : a) EXPECT_EQ(b.count(word), 0u) << word;
}

TEST(Synthetic, CopyForwardMakesNearDuplicates) {
  SyntheticOptions options;
  options.copy_forward_rate = 0.5;
  std::vector<LabeledRecord> records = Generate(options, 200);
  // A copied-forward note keeps the patient's MRN/name text; count notes sharing their first 40 bytes
  // after the first line with an earlier note.
  std::set<std::string> bodies;
  int repeats = 0;
  for (const LabeledRecord& r : records) {
    std::string body = r.text.substr(r.text.find('\n') + 1, 40);
    repeats += bodies.count(body) ? 1 : 0;
    bodies.insert(body);
  }
  EXPECT_GE(repeats, 40);
  options.copy_forward_rate = 0.0;
  records = Generate(options, 200);
  bodies.clear();
  repeats = 0;
  for (const LabeledRecord& r : records) {
    std::string body = r.text.substr(r.text.find('\n') + 1, 40);
    repeats += bodies.count(body) ? 1 : 0;
    bodies.insert(body);
  }
  EXPECT_LE(repeats, 5);
}

}  // namespace
}  // namespace leakgate::scrub
