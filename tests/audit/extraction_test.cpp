#include "audit/metrics/extraction.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace leakgate::audit {
namespace {

std::size_t byte_distance(const std::string& a, const std::string& b) {
  return levenshtein_distance<char>(a, b);
}

TEST(Levenshtein, ClassicCases) {
  EXPECT_EQ(byte_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(byte_distance("flaw", "lawn"), 2u);
  EXPECT_EQ(byte_distance("", "abc"), 3u);
  EXPECT_EQ(byte_distance("abc", ""), 3u);
  EXPECT_EQ(byte_distance("same", "same"), 0u);
  EXPECT_EQ(byte_distance("ab", "ba"), 2u);  // no transpositions in plain Levenshtein
}

TEST(EditSimilarity, NormalisedByTheLongerSequence) {
  EXPECT_DOUBLE_EQ(edit_similarity<char>(std::string("kitten"), std::string("sitting")), 1.0 - 3.0 / 7.0);
  EXPECT_DOUBLE_EQ(edit_similarity<char>(std::string(), std::string()), 1.0);
  EXPECT_DOUBLE_EQ(edit_similarity<char>(std::string("abc"), std::string("xyz")), 0.0);
}

TEST(LongestCommonPrefix, StopsAtTheFirstDifference) {
  const std::vector<std::int64_t> a{5, 6, 7, 8};
  EXPECT_EQ(longest_common_prefix<std::int64_t>(a, std::vector<std::int64_t>{5, 6, 9, 8}), 2u);
  EXPECT_EQ(longest_common_prefix<std::int64_t>(a, std::vector<std::int64_t>{5, 6}), 2u);
  EXPECT_EQ(longest_common_prefix<std::int64_t>(a, std::vector<std::int64_t>{1}), 0u);
}

TEST(ScoreExtraction, ExactMatchNeedsTheWholeSuffix) {
  const std::vector<std::int64_t> truth{10, 11, 12, 13};
  const ExtractionRecord exact = score_extraction<std::int64_t>(std::vector<std::int64_t>{10, 11, 12, 13, 99}, truth);
  EXPECT_TRUE(exact.exact_match);  // tokens generated past the suffix do not matter
  EXPECT_EQ(exact.common_prefix, 4u);
  EXPECT_DOUBLE_EQ(exact.edit_similarity, 1.0);
  const ExtractionRecord partial = score_extraction<std::int64_t>(std::vector<std::int64_t>{10, 11, 0, 13}, truth);
  EXPECT_FALSE(partial.exact_match);
  EXPECT_EQ(partial.common_prefix, 2u);
  EXPECT_DOUBLE_EQ(partial.edit_similarity, 0.75);
  const ExtractionRecord short_output = score_extraction<std::int64_t>(std::vector<std::int64_t>{10, 11}, truth);
  EXPECT_FALSE(short_output.exact_match);
  EXPECT_DOUBLE_EQ(short_output.edit_similarity, 0.5);
  EXPECT_THROW(score_extraction<std::int64_t>(truth, std::vector<std::int64_t>{}), MetricsInputError);
}

TEST(DiscoveryProbability, IsOneMinusTheChanceThatEverySampleMisses) {
  EXPECT_NEAR(discovery_probability(std::log(0.01), 100), 1.0 - std::pow(0.99, 100), 1e-12);
  EXPECT_DOUBLE_EQ(discovery_probability(0.0, 1), 1.0);
  // Tiny p: n p without cancellation.
  EXPECT_NEAR(discovery_probability(-40.0, 1000) / (1000.0 * std::exp(-40.0)), 1.0, 1e-9);
  EXPECT_THROW(discovery_probability(0.1, 10), MetricsInputError);
  EXPECT_THROW(discovery_probability(-1.0, 0), MetricsInputError);
  EXPECT_THROW(discovery_probability(std::nan(""), 10), MetricsInputError);
}

TEST(SummarizeExtraction, RateWithIntervalAndDistributions) {
  std::vector<ExtractionRecord> records;
  for (int i = 0; i < 10; ++i) {
    records.push_back({i < 2, static_cast<std::size_t>(i < 2 ? 4 : i % 4), 4, i < 2 ? 1.0 : 0.5});
  }
  const ExtractionSummary summary = summarize_extraction(records);
  EXPECT_EQ(summary.exact_match.successes, 2u);
  EXPECT_EQ(summary.exact_match.trials, 10u);
  EXPECT_DOUBLE_EQ(summary.exact_match.value, 0.2);
  // R: binom.test(2, 10)$conf.int = 0.02521073 0.55609546
  EXPECT_NEAR(summary.exact_match.interval.lower, 0.02521073, 1e-7);
  EXPECT_NEAR(summary.exact_match.interval.upper, 0.55609546, 1e-7);
  EXPECT_DOUBLE_EQ(summary.edit_similarity.mean, 0.6);
  EXPECT_DOUBLE_EQ(summary.common_prefix.max, 4.0);
  EXPECT_THROW(summarize_extraction({}), MetricsInputError);
}

}  // namespace
}  // namespace leakgate::audit
