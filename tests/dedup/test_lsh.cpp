// LSH parameters and clustering must match datasketch MinHashLSH; clustering must find planted near-duplicates.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "dedup/minhash/errors.h"
#include "dedup/minhash/lsh.h"
#include "dedup/minhash/minhash.h"
#include "dedup/minhash/quadrature.h"
#include "test_support.h"

namespace leakgate::dedup {
namespace {

TEST(Quadrature, KronrodRuleIsExactForHighDegreePolynomialsAndConverges) {
  // One 21-point Kronrod panel integrates x^30 on [0, 1] exactly (degree <= 31).
  EXPECT_NEAR(IntegrateGaussKronrod([](double x) { return std::pow(x, 30); }, 0.0, 1.0, 1.0, 1), 1.0 / 31, 1e-15);
  EXPECT_NEAR(IntegrateGaussKronrod([](double x) { return std::sqrt(x); }, 0.0, 1.0), 2.0 / 3, 1e-12);
  EXPECT_NEAR(IntegrateGaussKronrod([](double x) { return 1 - std::pow(1 - std::pow(x, 25), 5); }, 0.0, 0.9),
              0.9 - IntegrateGaussKronrod([](double x) { return std::pow(1 - std::pow(x, 25), 5); }, 0.0, 0.9), 1e-13);
}

TEST(OptimalLshParams, ReproducesDatasketchForAllReferenceEntries) {
  const auto& params = testing::ReferenceJson("datasketch/lsh_params.json").at("params");
  ASSERT_EQ(params.size(), 21u);
  for (const auto& entry : params) {
    const double threshold = entry.at("threshold");
    const int num_perm = entry.at("num_perm");
    const auto weights = entry.at("weights").get<std::vector<double>>();
    const LshParams found = OptimalLshParams(threshold, num_perm, weights[0], weights[1]);
    EXPECT_EQ(found.bands, entry.at("b").get<int>()) << threshold << " " << num_perm;
    EXPECT_EQ(found.rows, entry.at("r").get<int>()) << threshold << " " << num_perm;
    const LshErrorAreas areas = LshErrorAreasFor(threshold, found);
    EXPECT_NEAR(areas.false_positive, entry.at("fp").get<double>(), 1e-8);
    EXPECT_NEAR(areas.false_negative, entry.at("fn").get<double>(), 1e-8);
  }
}

TEST(OptimalLshParams, ValidatesLikeTheMinHashLshConstructor) {
  EXPECT_THROW(OptimalLshParams(1.5, 128), MinHashError);
  EXPECT_THROW(OptimalLshParams(-0.1, 128), MinHashError);
  EXPECT_THROW(OptimalLshParams(std::nan(""), 128), MinHashError);
  EXPECT_THROW(OptimalLshParams(0.8, 1), MinHashError);
  EXPECT_THROW(OptimalLshParams(0.8, 128, 0.6, 0.6), MinHashError);
  EXPECT_THROW(OptimalLshParams(0.8, 128, 1.2, -0.2), MinHashError);
  // A threshold so high that one band of all rows wins: MinHashLSH refuses b < 2.
  try {
    OptimalLshParams(0.99, 16);
    FAIL() << "expected b < 2 to be rejected";
  } catch (const MinHashError& error) {
    EXPECT_NE(std::string(error.what()).find("1 band"), std::string::npos) << error.what();
  }
  EXPECT_EQ(OptimalLshParams(0.8, 128, 0.3, 0.7), OptimalLshParams(0.8, 128, 0.3, 0.7));
}

std::vector<uint32_t> FortuneSignatures() {
  static const std::vector<uint32_t> signatures = [] {
    const auto& texts = testing::Fortunes().texts;
    const std::vector<std::string_view> views(texts.begin(), texts.end());
    return MinHasher(MinHashConfig{}).SignBatch(views);
  }();
  return signatures;
}

// datasketch: P=128, seed 1, xxh32, words:5; LSH threshold 0.8 -> b=9, r=13.
TEST(ClusterNearDuplicates, ReproducesDatasketchFortunesClusters) {
  const auto& reference = testing::ReferenceJson("datasketch/lsh_clusters_fortunes.json");
  const testing::Corpus& fortunes = testing::Fortunes();
  ASSERT_EQ(fortunes.ids.size(), reference.at("n_docs").get<size_t>());
  ClusteringOptions options;
  options.threshold = 0.8;
  options.params = OptimalLshParams(0.8, 128);
  ASSERT_EQ(options.params, (LshParams{9, 13}));
  const ClusteringResult result = ClusterNearDuplicates(FortuneSignatures(), fortunes.ids.size(), 128, options);

  std::vector<std::vector<std::string>> clusters;
  for (const NearDuplicateCluster& cluster : result.clusters) {
    std::vector<std::string> ids;
    for (const uint32_t member : cluster.members) ids.push_back(fortunes.ids[member]);
    std::sort(ids.begin(), ids.end());
    clusters.push_back(ids);
  }
  std::sort(clusters.begin(), clusters.end());
  const auto expected = reference.at("clusters").get<std::vector<std::vector<std::string>>>();
  EXPECT_EQ(clusters.size(), 161u);
  EXPECT_EQ(clusters, expected);
  EXPECT_EQ(result.edges, 161u);  // every cluster is a pair here: one joining edge each
  EXPECT_GE(result.candidate_pairs_checked, result.edges);
  // datasketch saw 170 distinct candidate pairs (15,557 query hits minus 15,217 self-hits, both directions); a
  // dissimilar pair sharing several bands is checked once per band, so allow a few repeats but not more.
  const uint64_t distinct_candidates = (reference.at("n_query_candidates_total").get<uint64_t>() - 15217) / 2;
  EXPECT_LE(result.candidate_pairs_checked, distinct_candidates + 10);
}

TEST(ClusterNearDuplicates, KeepPolicyChoosesRepresentativeAndReportsJaccard) {
  // Four docs: 0 and 2 identical, 1 shares 120 of 128 values with 0, 3 is unrelated.
  constexpr int kNumPerm = 128;
  std::vector<uint32_t> signatures(4 * kNumPerm);
  for (int i = 0; i < kNumPerm; ++i) {
    signatures[i] = signatures[2 * kNumPerm + i] = static_cast<uint32_t>(i);
    signatures[kNumPerm + i] = static_cast<uint32_t>(i < 120 ? i : 1000 + i);
    signatures[3 * kNumPerm + i] = static_cast<uint32_t>(5000 + i);
  }
  ClusteringOptions options;
  options.threshold = 0.9;
  options.params = {8, 16};
  const std::vector<uint64_t> lengths = {10, 50, 50, 99};
  options.byte_lengths = lengths;
  options.keep = KeepPolicy::kLongest;
  const ClusteringResult longest = ClusterNearDuplicates(signatures, 4, kNumPerm, options);
  ASSERT_EQ(longest.clusters.size(), 1u);
  EXPECT_EQ(longest.clusters[0].members, (std::vector<uint32_t>{0, 1, 2}));
  EXPECT_EQ(longest.clusters[0].representative, 1u);  // tie 50/50 -> lower index
  EXPECT_EQ(longest.clusters[0].jaccard_to_representative, (std::vector<double>{120.0 / 128, 1.0, 120.0 / 128}));
  EXPECT_EQ(longest.edges, 2u);

  options.keep = ParseKeepPolicy("first");
  const ClusteringResult first = ClusterNearDuplicates(signatures, 4, kNumPerm, options);
  EXPECT_EQ(first.clusters[0].representative, 0u);
  EXPECT_EQ(first.clusters[0].jaccard_to_representative, (std::vector<double>{1.0, 120.0 / 128, 1.0}));

  options.threshold = 0.95;  // 0-2 still an edge, 1 now too far from both
  const ClusteringResult strict = ClusterNearDuplicates(signatures, 4, kNumPerm, options);
  ASSERT_EQ(strict.clusters.size(), 1u);
  EXPECT_EQ(strict.clusters[0].members, (std::vector<uint32_t>{0, 2}));
  EXPECT_THROW(ParseKeepPolicy("last"), MinHashError);
}

// 3000 copies of one signature share every band: each newcomer needs one Jaccard check (against the component
// already seen), not one per earlier member (which would be ~4.5 million checks per band).
TEST(ClusterNearDuplicates, BigIdenticalBucketNeedsLinearChecks) {
  constexpr size_t kDocs = 3000;
  constexpr int kNumPerm = 64;
  std::vector<uint32_t> signatures(kDocs * kNumPerm);
  for (size_t i = 0; i < signatures.size(); ++i) signatures[i] = static_cast<uint32_t>(i % kNumPerm);
  ClusteringOptions options;
  options.params = {8, 8};
  const ClusteringResult result = ClusterNearDuplicates(signatures, kDocs, kNumPerm, options);
  ASSERT_EQ(result.clusters.size(), 1u);
  EXPECT_EQ(result.clusters[0].members.size(), kDocs);
  EXPECT_EQ(result.candidate_pairs_checked, kDocs - 1);
  EXPECT_EQ(result.edges, kDocs - 1);
}

TEST(ClusterNearDuplicates, RejectsInconsistentInput) {
  const std::vector<uint32_t> signatures(3 * 64);
  ClusteringOptions options;
  options.params = {5, 13};  // 65 > 64
  EXPECT_THROW(ClusterNearDuplicates(signatures, 3, 64, options), MinHashError);
  options.params = {4, 16};
  EXPECT_THROW(ClusterNearDuplicates(signatures, 4, 64, options), MinHashError);
  options.keep = KeepPolicy::kLongest;  // no byte lengths given
  EXPECT_THROW(ClusterNearDuplicates(signatures, 3, 64, options), MinHashError);
}

// Planted corpus: random base documents plus copies with k substituted words, so the true word-5-shingle
// Jaccard of each (base, copy) pair is known. Clustering at 0.8 must find pairs well above the threshold and
// must not join pairs well below it.
TEST(ClusterNearDuplicates, FindsPlantedNearDuplicatesWithHighRecallAndPrecision) {
  std::mt19937 random(11);
  std::vector<std::string> vocabulary;
  for (int i = 0; i < 20000; ++i) {
    std::string word;
    for (int k = 0, length = 3 + static_cast<int>(random() % 6); k < length; ++k) word.push_back('a' + random() % 26);
    vocabulary.push_back(word);
  }
  const auto random_word = [&] { return vocabulary[random() % vocabulary.size()]; };
  constexpr int kBases = 600, kWords = 600;
  std::vector<std::vector<std::string>> docs;
  std::vector<std::pair<size_t, size_t>> planted;  // (base, copy)
  for (int base = 0; base < kBases; ++base) {
    std::vector<std::string> words(kWords);
    for (auto& word : words) word = random_word();
    docs.push_back(words);
    if (base % 2 == 0) {
      const int substitutions = static_cast<int>(random() % 40);  // true Jaccard 1.0 down to ~0.5
      for (int k = 0; k < substitutions; ++k) words[random() % kWords] = random_word();
      planted.emplace_back(docs.size() - 1, docs.size());
      docs.push_back(words);
    }
  }
  std::vector<std::string> texts;
  for (const auto& words : docs) {
    std::string text;
    for (const auto& word : words) text += word + " ";
    texts.push_back(text);
  }
  Shingler shingler(ShingleSpec::Parse("words:5"));
  const auto shingle_set = [&](const std::string& text) {
    const auto& shingles = shingler.Shingle(text);
    return std::set<std::string>(shingles.begin(), shingles.end());
  };
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  const MinHasher hasher(MinHashConfig{});
  const std::vector<uint32_t> signatures = hasher.SignBatch(views);
  ClusteringOptions options;
  options.threshold = 0.8;
  options.params = OptimalLshParams(0.8, 128);
  const ClusteringResult result = ClusterNearDuplicates(signatures, texts.size(), 128, options);
  std::vector<int64_t> cluster_of(texts.size(), -1);
  for (size_t c = 0; c < result.clusters.size(); ++c) {
    for (const uint32_t member : result.clusters[c].members) cluster_of[member] = static_cast<int64_t>(c);
  }
  int high = 0, high_found = 0, low = 0, low_joined = 0;
  for (const auto& [base, copy] : planted) {
    const auto a = shingle_set(texts[base]), b = shingle_set(texts[copy]);
    size_t intersection = 0;
    for (const auto& shingle : a) intersection += b.count(shingle);
    const double jaccard = static_cast<double>(intersection) / static_cast<double>(a.size() + b.size() - intersection);
    const bool together = cluster_of[base] >= 0 && cluster_of[base] == cluster_of[copy];
    if (jaccard >= 0.93) high += 1, high_found += together;
    if (jaccard < 0.65) low += 1, low_joined += together;
  }
  size_t clustered_docs = 0;
  for (const auto& cluster : result.clusters) clustered_docs += cluster.members.size();
  const double recall = static_cast<double>(high_found) / high;
  const double false_join_rate = static_cast<double>(low_joined) / low;
  std::printf("planted pairs: J>=0.93: %d (recall %.3f); J<0.65: %d (joined %.3f); clusters %zu, docs %zu\n", high,
              recall, low, false_join_rate, result.clusters.size(), clustered_docs);
  ASSERT_GT(high, 30);
  ASSERT_GT(low, 30);
  EXPECT_GE(recall, 0.95);  // LSH alone finds a J=0.93 pair with probability 0.988
  EXPECT_LE(false_join_rate, 0.03);
  // Precision: every cluster is exactly one planted pair (unrelated random docs never join).
  for (const auto& cluster : result.clusters) {
    ASSERT_EQ(cluster.members.size(), 2u);
    EXPECT_TRUE(std::find(planted.begin(), planted.end(),
                          std::make_pair<size_t, size_t>(cluster.members[0], cluster.members[1])) != planted.end());
  }
}

}  // namespace
}  // namespace leakgate::dedup
