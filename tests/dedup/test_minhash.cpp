// MinHash signatures must equal datasketch's, on every kernel, and behave as a Jaccard estimator.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <random>
#include <set>

#include "dedup/minhash/errors.h"
#include "dedup/minhash/minhash.h"
#include "dedup/minhash/minhash_kernels.h"
#include "test_support.h"

namespace leakgate::dedup {
namespace {

constexpr uint64_t kMersenne61 = (uint64_t{1} << 61) - 1;

struct ConfigKey {
  std::string name;  // "128_1"
  int num_perm;
  uint32_t seed;
};
const std::vector<ConfigKey> kConfigs = {{"128_1", 128, 1}, {"256_42", 256, 42}, {"64_7", 64, 7}};
const std::vector<std::string> kHashNames = {"xxh32", "xxh64", "sha1_hash32"};

std::vector<MinHashKernel> SupportedKernels() {
  std::vector<MinHashKernel> kernels;
  for (auto kernel : {MinHashKernel::kScalar, MinHashKernel::kAvx2, MinHashKernel::kAvx512}) {
    if (KernelSupported(kernel)) kernels.push_back(kernel);
  }
  return kernels;
}

TEST(Permutations, MatchNumpyRandomStateForAllReferenceSeeds) {
  const auto& all = testing::ReferenceJson("datasketch/minhash_permutations.json").at("permutations");
  ASSERT_EQ(all.size(), 3u);
  for (const auto& [key, expected] : all.items()) {
    const Permutations permutations = MakePermutations(expected.at("num_perm"), expected.at("seed"));
    EXPECT_EQ(permutations.a, expected.at("a").get<std::vector<uint64_t>>()) << key;
    EXPECT_EQ(permutations.b, expected.at("b").get<std::vector<uint64_t>>()) << key;
  }
}

TEST(Permutations, RejectOutOfRangeNumPerm) {
  EXPECT_THROW(MakePermutations(0, 1), MinHashError);
  EXPECT_THROW(MakePermutations(-5, 1), MinHashError);
}

TEST(HashToken, MatchesPythonDigestsOfFirstShingles) {
  const auto& docs = testing::ReferenceJson("datasketch/minhash_vectors.json").at("docs");
  int checked = 0;
  for (const auto& doc : docs) {
    for (const auto& shingle : doc.at("first_shingles")) {
      const std::string text = shingle.at("text");
      EXPECT_EQ(HashToken(HashFunction::kXxh32, text), shingle.at("xxh32").get<uint64_t>()) << text;
      EXPECT_EQ(HashToken(HashFunction::kXxh64, text), shingle.at("xxh64").get<uint64_t>()) << text;
      EXPECT_EQ(HashToken(HashFunction::kSha1Hash32, text), shingle.at("sha1_hash32").get<uint64_t>()) << text;
      ++checked;
    }
  }
  EXPECT_GT(checked, 500);
  EXPECT_EQ(ParseHashFunction("sha1"), HashFunction::kSha1Hash32);
  EXPECT_THROW(ParseHashFunction("md5"), MinHashError);
}

// All 210 docs x 3 hash functions x 3 (num_perm, seed), on every kernel this CPU has.
TEST(MinHasher, ReproducesDatasketchHashvaluesOnEveryKernel) {
  const auto& docs = testing::ReferenceJson("datasketch/minhash_vectors.json").at("docs");
  for (const MinHashKernel kernel : SupportedKernels()) {
    for (const std::string& hash_name : kHashNames) {
      for (const ConfigKey& config_key : kConfigs) {
        MinHashConfig config;
        config.num_perm = config_key.num_perm;
        config.seed = config_key.seed;
        config.hash = ParseHashFunction(hash_name);
        const MinHasher hasher(config, kernel);
        int mismatches = 0;
        for (const auto& doc : docs) {
          const auto expected = doc.at("hashvalues").at(hash_name).at(config_key.name).get<std::vector<uint64_t>>();
          const std::vector<uint32_t> signature = hasher.Sign(doc.at("text").get<std::string>());
          mismatches += !std::equal(signature.begin(), signature.end(), expected.begin(), expected.end());
        }
        EXPECT_EQ(mismatches, 0) << KernelName(kernel) << " " << hash_name << " " << config_key.name;
      }
    }
  }
}

TEST(MinHasher, EmptyDocumentKeepsInitialState) {
  const MinHasher hasher(MinHashConfig{});
  std::vector<uint32_t> signature(128, 7);
  EXPECT_EQ(hasher.Sign(" \n\t ", signature), 0u);
  EXPECT_EQ(signature, std::vector<uint32_t>(128, 0xFFFFFFFFu));
  EXPECT_THROW(hasher.Sign("x", std::span<uint32_t>(signature).first(64)), MinHashError);
}

// Texts of the reference pairs come from the corpora; the estimate is compared exactly (count / num_perm).
TEST(EstimatedJaccard, ReproducesDatasketchEstimatesForAllPairs) {
  const auto& pairs = testing::ReferenceJson("datasketch/jaccard_pairs.json").at("pairs");
  ASSERT_EQ(pairs.size(), 100u);
  std::map<std::pair<std::string, std::string>, std::unique_ptr<MinHasher>> hashers;
  for (const std::string& hash_name : kHashNames) {
    for (const ConfigKey& key : kConfigs) {
      MinHashConfig config;
      config.num_perm = key.num_perm;
      config.seed = key.seed;
      config.hash = ParseHashFunction(hash_name);
      hashers[{hash_name, key.name}] = std::make_unique<MinHasher>(config);
    }
  }
  Shingler shingler(ShingleSpec::Parse("words:5"));
  for (const auto& pair : pairs) {
    const testing::Corpus& corpus = pair.at("corpus") == "copyrights" ? testing::Copyrights() : testing::Fortunes();
    const std::string& text_a = corpus.texts.at(corpus.index_of_id.at(pair.at("id_a")));
    const std::string& text_b = corpus.texts.at(corpus.index_of_id.at(pair.at("id_b")));
    const auto& shingles_a = shingler.Shingle(text_a);
    const std::set<std::string> set_a(shingles_a.begin(), shingles_a.end());
    const auto& shingles_b = shingler.Shingle(text_b);
    const std::set<std::string> set_b(shingles_b.begin(), shingles_b.end());
    size_t intersection = 0;
    for (const std::string& shingle : set_a) intersection += set_b.count(shingle);
    const std::string label = pair.at("id_a").get<std::string>() + " / " + pair.at("id_b").get<std::string>();
    EXPECT_EQ(set_a.size(), pair.at("n_unique_a").get<size_t>()) << label;
    EXPECT_EQ(set_b.size(), pair.at("n_unique_b").get<size_t>()) << label;
    EXPECT_EQ(intersection, pair.at("intersection").get<size_t>()) << label;
    for (const auto& [names, hasher] : hashers) {
      const double estimate = EstimatedJaccard(hasher->Sign(text_a), hasher->Sign(text_b));
      EXPECT_EQ(estimate, pair.at("estimates").at(names.first).at(names.second).get<double>())
          << label << " " << names.first << " " << names.second;
    }
  }
}

TEST(EstimatedJaccard, RejectsMismatchedLengths) {
  const std::vector<uint32_t> a(64), b(128);
  EXPECT_THROW(EstimatedJaccard(a, b), MinHashError);
  EXPECT_THROW(EstimatedJaccard({}, {}), MinHashError);
  EXPECT_DOUBLE_EQ(EstimatedJaccard(b, b), 1.0);
}

// Inverse of an odd number modulo 2^64 (Newton iteration), to aim a token hash at a chosen hv*a+b.
uint64_t InverseModulo2To64(uint64_t odd) {
  uint64_t inverse = odd;
  for (int i = 0; i < 6; ++i) inverse *= 2 - odd * inverse;
  return inverse;
}

uint32_t ReferencePermutedValue(uint64_t hash, uint64_t a, uint64_t b) {
  const uint64_t wrapped = hash * a + b;
  return static_cast<uint32_t>(static_cast<unsigned __int128>(wrapped) % kMersenne61);
}

TEST(UpdateSignature, FastKernelsEqualScalarOnRandomAndBoundaryInputs) {
  std::mt19937_64 random(2024);
  for (const int num_perm : {1, 3, 4, 7, 8, 12, 13, 31, 32, 100, 128, 257}) {
    const Permutations permutations = MakePermutations(num_perm, static_cast<uint32_t>(num_perm));
    for (const bool wide : {false, true}) {
      std::vector<uint64_t> hashes(1 + random() % 5000);
      for (uint64_t& hash : hashes) hash = wide ? random() : random() & 0xFFFFFFFFu;
      // Hashes aimed at wrapped values at and around the Mersenne boundaries, where the fold needs its last step.
      for (size_t i = 0; i < permutations.a.size(); ++i) {
        if (!wide || (permutations.a[i] & 1) == 0) continue;
        for (const uint64_t target : {kMersenne61 - 1, kMersenne61, kMersenne61 + 1, 2 * kMersenne61,
                                      2 * kMersenne61 + 1, ~uint64_t{0}, ~uint64_t{0} - 1, uint64_t{1} << 63}) {
          hashes.push_back((target - permutations.b[i]) * InverseModulo2To64(permutations.a[i]));
        }
      }
      std::vector<uint32_t> initial(static_cast<size_t>(num_perm));
      for (uint32_t& value : initial) value = static_cast<uint32_t>(random());
      std::vector<uint32_t> expected = initial;
      for (size_t i = 0; i < expected.size(); ++i) {
        for (const uint64_t hash : hashes) {
          expected[i] = std::min(expected[i], ReferencePermutedValue(hash, permutations.a[i], permutations.b[i]));
        }
      }
      for (const MinHashKernel kernel : SupportedKernels()) {
        std::vector<uint32_t> signature = initial;
        UpdateSignature(hashes, permutations, signature, kernel);
        EXPECT_EQ(signature, expected) << KernelName(kernel) << " num_perm=" << num_perm << " wide=" << wide;
      }
    }
  }
}

TEST(UpdateSignature, BoundaryValueReachesTheFinalReductionStep) {
  // hv*a+b = 2^64-1 folds to 7 + (2^61-1) >= p: only a correct final reduction gives (2^64-1) mod p = 7.
  const Permutations permutations = MakePermutations(8, 3);
  size_t odd = 0;
  while (odd < 8 && (permutations.a[odd] & 1) == 0) ++odd;
  ASSERT_LT(odd, 8u) << "seed 3 has no odd multiplier among 8";
  const uint64_t hash = (~uint64_t{0} - permutations.b[odd]) * InverseModulo2To64(permutations.a[odd]);
  for (const MinHashKernel kernel : SupportedKernels()) {
    std::vector<uint32_t> signature(8, 0xFFFFFFFFu);
    UpdateSignature(std::vector<uint64_t>{hash}, permutations, signature, kernel);
    EXPECT_EQ(signature[odd], 7u) << KernelName(kernel);
  }
}

// The 16-lane gather xxh32 must equal the library's XXH32 for every length class (stripes, words, tail bytes) and
// for any number of tokens (partial last group).
TEST(Xxh32Avx512, EqualsScalarXxh32ForAllLengths) {
  if (!KernelSupported(MinHashKernel::kAvx512)) GTEST_SKIP() << "no AVX-512 on this CPU";
  std::mt19937 random(5);
  std::string buffer;
  std::vector<uint32_t> offsets, lengths;
  for (uint32_t length = 0; length <= 100; ++length) {
    for (int copy = 0; copy < 3; ++copy) {
      offsets.push_back(static_cast<uint32_t>(buffer.size()));
      lengths.push_back(length);
      for (uint32_t k = 0; k < length; ++k) buffer.push_back(static_cast<char>(random()));
    }
  }
  buffer.append(15, '\xAB');  // readable bytes after the last token, as the function requires
  for (const size_t count : {offsets.size(), size_t{1}, size_t{17}}) {
    std::vector<uint64_t> hashes(count, 0xDEADBEEF'00000000ULL);
    Xxh32Avx512(buffer.data(), offsets.data(), lengths.data(), count, hashes.data());
    for (size_t i = 0; i < count; ++i) {
      EXPECT_EQ(hashes[i], HashToken(HashFunction::kXxh32, std::string_view(buffer).substr(offsets[i], lengths[i])))
          << "length " << lengths[i];
    }
  }
}

TEST(MinHasher, BatchOnAllThreadsEqualsOneByOne) {
  const testing::Corpus& fortunes = testing::Fortunes();
  std::vector<std::string_view> texts(fortunes.texts.begin(), fortunes.texts.begin() + 3000);
  MinHashConfig config;
  config.shingle = ShingleSpec::Parse("chars:7");
  const MinHasher hasher(config);
  const std::vector<uint32_t> batch = hasher.SignBatch(texts, 0);
  const std::vector<uint32_t> two_threads = hasher.SignBatch(texts, 2);
  ASSERT_EQ(batch.size(), texts.size() * 128);
  EXPECT_EQ(batch, two_threads);
  for (size_t i = 0; i < texts.size(); i += 97) {
    const std::vector<uint32_t> single = hasher.Sign(texts[i]);
    EXPECT_TRUE(std::equal(single.begin(), single.end(), batch.begin() + static_cast<std::ptrdiff_t>(i * 128))) << i;
  }
}

// Whole corpora (26 MB of copyright files with large non-ASCII texts, 15k fortunes): every kernel, including the
// vectorised xxh32 that only the AVX-512 kernel uses, gives the scalar reference signatures.
TEST(MinHasher, AllKernelsAgreeOnWholeCorpora) {
  for (const testing::Corpus* corpus : {&testing::Fortunes(), &testing::Copyrights()}) {
    const std::vector<std::string_view> texts(corpus->texts.begin(), corpus->texts.end());
    const std::vector<uint32_t> reference = MinHasher(MinHashConfig{}, MinHashKernel::kScalar).SignBatch(texts);
    for (const MinHashKernel kernel : SupportedKernels()) {
      EXPECT_EQ(MinHasher(MinHashConfig{}, kernel).SignBatch(texts), reference)
          << KernelName(kernel) << " on " << texts.size() << " docs";
    }
  }
}

TEST(MinHasher, BatchReportsInvalidTextAsInvalidArgument) {
  const MinHasher hasher(MinHashConfig{});
  const std::vector<std::string_view> texts = {"fine text", "bad \xFF byte"};
  EXPECT_THROW(hasher.SignBatch(texts), MinHashError);
}

// Synthetic sets with known Jaccard J: the estimate is unbiased and its RMSE is close to sqrt(J(1-J)/P), so it
// shrinks like 1/sqrt(P).
TEST(EstimatedJaccard, IsUnbiasedWithErrorShrinkingLikeInverseSqrtNumPerm) {
  constexpr int kTrials = 150;
  constexpr size_t kCommon = 300, kOnlyEach = 100;  // J = 300 / 500 = 0.6
  constexpr double kTrueJaccard = 0.6;
  std::mt19937_64 random(7);
  std::vector<double> rmse_by_num_perm;
  for (const int num_perm : {32, 128, 512}) {
    double sum = 0.0, sum_squared_error = 0.0;
    for (int trial = 0; trial < kTrials; ++trial) {
      const Permutations permutations = MakePermutations(num_perm, static_cast<uint32_t>(1000 + trial));
      std::vector<uint64_t> set_a, set_b;
      for (size_t i = 0; i < kCommon + 2 * kOnlyEach; ++i) {
        const uint64_t token = random() & 0xFFFFFFFFu;
        if (i < kCommon) {
          set_a.push_back(token), set_b.push_back(token);
        } else {
          (i < kCommon + kOnlyEach ? set_a : set_b).push_back(token);
        }
      }
      std::vector<uint32_t> signature_a(static_cast<size_t>(num_perm), 0xFFFFFFFFu), signature_b = signature_a;
      UpdateSignature(set_a, permutations, signature_a);
      UpdateSignature(set_b, permutations, signature_b);
      const double estimate = EstimatedJaccard(signature_a, signature_b);
      sum += estimate;
      sum_squared_error += (estimate - kTrueJaccard) * (estimate - kTrueJaccard);
    }
    const double mean = sum / kTrials;
    const double rmse = std::sqrt(sum_squared_error / kTrials);
    const double theory = std::sqrt(kTrueJaccard * (1 - kTrueJaccard) / num_perm);
    EXPECT_NEAR(mean, kTrueJaccard, 4 * theory / std::sqrt(kTrials)) << "num_perm=" << num_perm;
    EXPECT_GT(rmse, 0.75 * theory) << "num_perm=" << num_perm;
    EXPECT_LT(rmse, 1.3 * theory) << "num_perm=" << num_perm;
    rmse_by_num_perm.push_back(rmse);
  }
  // Each 4x in num_perm should halve the error (ratio 2, allow 1.5..2.7).
  for (size_t i = 1; i < rmse_by_num_perm.size(); ++i) {
    const double ratio = rmse_by_num_perm[i - 1] / rmse_by_num_perm[i];
    EXPECT_GT(ratio, 1.5);
    EXPECT_LT(ratio, 2.7);
  }
}

}  // namespace
}  // namespace leakgate::dedup
