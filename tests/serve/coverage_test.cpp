// The training vocabulary behind the monitor's coverage signal: what counts as a word, the record-count floor that
// keeps rare words (names) out, and the unseen share of in-domain, random and wordless texts.
#include "serve/coverage.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "common/errors.h"

namespace leakgate::serve {
namespace {

std::vector<std::string> Records() {
  std::vector<std::string> records;
  for (int i = 0; i < 6; ++i) {
    records.push_back("Patient seen in clinic on 2024-03-0" + std::to_string(i) + ", blood pressure stable.");
  }
  records.push_back("Patient Zbigniew seen in clinic.");  // a name in one record only
  return records;
}

TEST(InputCoverage, WordsOfEnoughRecordsAreCoveredCaseAndNumbersAside) {
  const std::vector<std::string> records = Records();
  const InputCoverage coverage(records, 5);
  // patient, seen, in, clinic, on, blood, pressure, stable: numbers alone are not words.
  EXPECT_EQ(coverage.vocabulary_size(), 8u);
  EXPECT_EQ(coverage.records_read(), 7u);
  EXPECT_DOUBLE_EQ(coverage.UnseenShare("PATIENT seen in CLINIC, 2025-01-01!"), 0.0);
  EXPECT_DOUBLE_EQ(coverage.UnseenShare("Zbigniew seen in clinic"), 0.25) << "a name of one record stays out";
  EXPECT_DOUBLE_EQ(coverage.UnseenShare("qxv blood zzkp pressure"), 0.5);
  EXPECT_DOUBLE_EQ(coverage.UnseenShare("12345 678"), 1.0) << "a text without words";
  EXPECT_DOUBLE_EQ(coverage.UnseenShare(""), 1.0);
  EXPECT_DOUBLE_EQ(coverage.UnseenShare("bloodpressure"), 1.0) << "a word is a whole run of letters";

  // Zbigniew's name in two records of one person stays out; a second person brings it in.
  std::vector<std::string> two_of_one = records;
  two_of_one.push_back("Zbigniew called.");
  std::vector<std::optional<std::string>> people(two_of_one.size());
  people[6] = people[7] = "patient-17";
  EXPECT_DOUBLE_EQ(InputCoverage(two_of_one, 2, people).UnseenShare("Zbigniew"), 1.0);
  EXPECT_DOUBLE_EQ(InputCoverage(two_of_one, 2).UnseenShare("Zbigniew"), 0.0) << "records counted as people";
  people[7] = "patient-18";
  EXPECT_DOUBLE_EQ(InputCoverage(two_of_one, 2, people).UnseenShare("Zbigniew"), 0.0);
}

TEST(InputCoverage, WordsFollowCodePointsNotBytes) {
  const std::vector<std::string> records(2, "Müller’s café — 患者は元気");
  const InputCoverage coverage(records, 2);
  // The curly apostrophe and the dash separate; "müller", "s", "café" and the five CJK characters are words.
  EXPECT_EQ(coverage.vocabulary_size(), 8u);
  EXPECT_DOUBLE_EQ(coverage.UnseenShare("Müller's café"), 0.0) << "straight and curly apostrophes split alike";
  EXPECT_DOUBLE_EQ(coverage.UnseenShare("MÜLLER"), 1.0) << "only ASCII letters are lower-cased";
  EXPECT_DOUBLE_EQ(coverage.UnseenShare("患者は元気です"), 2.0 / 7.0) << "each character a word: 2 of 7 unseen";
  EXPECT_DOUBLE_EQ(coverage.UnseenShare("café\u00a0— …"), 0.0) << "no-break space, dash, ellipsis: separators";
}

TEST(InputCoverage, OnlyTheFirstRecordsAreRead) {
  std::vector<std::string> records(InputCoverage::kMaxRecords, "common words here");
  records.push_back("late");
  records.push_back("late");
  const InputCoverage coverage(records, 2);
  EXPECT_EQ(coverage.records_read(), InputCoverage::kMaxRecords);
  EXPECT_DOUBLE_EQ(coverage.UnseenShare("late"), 1.0);
  EXPECT_THROW(InputCoverage(records, 1), common::ConfigError) << "one person's words would all be in";
}

}  // namespace
}  // namespace leakgate::serve
