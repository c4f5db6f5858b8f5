// The training vocabulary behind the monitor's coverage signal: what counts as a word, the record-count floor that
// keeps rare words (names) out, and the unseen share of in-domain, random and wordless texts.
#include "serve/coverage.h"

#include <gtest/gtest.h>

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

  const InputCoverage every_word(records, 1);
  EXPECT_EQ(every_word.vocabulary_size(), 9u);
  EXPECT_DOUBLE_EQ(every_word.UnseenShare("Zbigniew"), 0.0);
}

TEST(InputCoverage, NonAsciiBytesBelongToWords) {
  const std::vector<std::string> records(2, "Müller’s café");
  const InputCoverage coverage(records, 2);
  // "müller’s" is one run (the apostrophe is non-ASCII), "café" another; "Müller" alone is a different word.
  EXPECT_DOUBLE_EQ(coverage.UnseenShare("müller’s CAFÉ"), 0.5) << "only ASCII letters are lower-cased";
  EXPECT_DOUBLE_EQ(coverage.UnseenShare("Müller’s café"), 0.0);
}

TEST(InputCoverage, OnlyTheFirstRecordsAreRead) {
  std::vector<std::string> records(InputCoverage::kMaxRecords, "common words here");
  records.push_back("late");
  const InputCoverage coverage(records, 1);
  EXPECT_EQ(coverage.records_read(), InputCoverage::kMaxRecords);
  EXPECT_DOUBLE_EQ(coverage.UnseenShare("late"), 1.0);
  EXPECT_THROW(InputCoverage(records, 0), common::ConfigError);
}

}  // namespace
}  // namespace leakgate::serve
