// The audit.json document: the sections and fields the gate and report read, and redaction of quoted text.
#include <gtest/gtest.h>

#include <random>

#include "audit/attacks/errors.h"
#include "audit/attacks/lm_audit.h"
#include "audit/attacks/samples.h"
#include "tests/audit_attacks/fake_models.h"

namespace leakgate::audit {
namespace {

using testing::NgramModel;
using testing::RandomTexts;

class LanguageModelAuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    inputs_.members = RandomTexts(60, 12, 21);
    inputs_.non_members = RandomTexts(60, 12, 22);
    inputs_.extraction_members = inputs_.members;
    inputs_.extraction_non_members = inputs_.non_members;
    inputs_.secret_format = "ddd";
    std::mt19937_64 generator(23);
    std::vector<std::string> training = inputs_.members;
    const auto names = RandomTexts(40, 2, 24);
    for (std::size_t i = 0; i < names.size(); ++i) {
      CanaryProbe canary{"secret of " + names[i] + " is ", SecretFormat("ddd").Secret(generator() % 1000),
                         i % 2 == 0 ? 1u : 16u, (generator() & 1) == 1};
      for (std::size_t copy = 0; canary.inserted && copy < canary.repetitions; ++copy) {
        training.push_back(canary.prefix + canary.secret);
      }
      inputs_.canaries.push_back(canary);
    }
    model_ = std::make_unique<NgramModel>(training, 10);
    options_.membership.metrics.bootstrap_resamples = 100;
    options_.extraction = {16, 16};
    options_.sample_key = "test key";
  }

  LanguageModelAuditInputs inputs_;
  LanguageModelAuditOptions options_;
  std::unique_ptr<NgramModel> model_;
};

TEST_F(LanguageModelAuditTest, WritesEverySectionTheGateReads) {
  const nlohmann::json audit = AuditLanguageModel(*model_, inputs_, options_);
  for (const char* attack : {"loss", "zlib", "min_k", "min_k_plus_plus"}) {
    ASSERT_TRUE(audit["membership"].contains(attack)) << attack;
    EXPECT_GT(audit["membership"][attack]["auc"].get<double>(), 0.9) << attack;
    EXPECT_EQ(audit["membership"][attack]["tpr_at_fpr"].size(), 2u);
  }
  EXPECT_EQ(audit["loss_histogram"]["bin_edges"].size(), audit["loss_histogram"]["members"].size() + 1);
  EXPECT_GT(audit["one_run"]["epsilon_lower_bound"].get<double>(), 0.0);
  // Only the 20 single-copy canaries test epsilon itself; the 20 inserted 16 times (as 16 records) would test 16 epsilon.
  EXPECT_EQ(audit["one_run"]["counts"]["canaries"].get<std::size_t>(), 20u);
  EXPECT_GE(audit["one_run"]["power"].get<double>(), audit["one_run"]["epsilon_lower_bound"].get<double>());
  // The n-gram model reproduces the inserted secrets: the reconstruction test refutes far more than one-run can.
  EXPECT_GT(audit["reconstruction"]["epsilon_lower_bound"].get<double>(),
            audit["one_run"]["epsilon_lower_bound"].get<double>());
  EXPECT_DOUBLE_EQ(audit["one_run"]["confidence"].get<double>(), 0.95);
  EXPECT_GT(audit["extraction"]["members"]["exact_match"]["rate"].get<double>(), 0.9);
  EXPECT_EQ(audit["extraction"]["non_members"]["exact_match"]["successes"].get<std::size_t>(), 0u);
  EXPECT_EQ(audit["extraction"]["prefix_tokens"].get<std::size_t>(), 16u);
  EXPECT_EQ(audit["extraction"]["samples"].size(), 5u);

  const auto& canaries = audit["canaries"];
  EXPECT_EQ(canaries["method"], "exact");
  ASSERT_EQ(canaries["exposure"].size(), 2u);
  EXPECT_EQ(canaries["exposure"][0]["repetitions"].get<std::size_t>(), 1u);
  EXPECT_EQ(canaries["exposure"][1]["repetitions"].get<std::size_t>(), 16u);
  EXPECT_NEAR(canaries["exposure"][1]["exposure_bits"]["median"].get<double>(), std::log2(1000.0), 1e-9);
  EXPECT_LT(canaries["not_inserted_exposure_bits"]["median"].get<double>(), 5.0);
  ASSERT_EQ(canaries["extraction"].size(), 2u);
  EXPECT_DOUBLE_EQ(canaries["extraction"][1]["exact_match"]["rate"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(canaries["not_inserted_extraction"]["rate"].get<double>(), 0.0);
  for (const char* part : {"membership", "extraction", "canaries"}) {
    EXPECT_GE(audit["seconds_by_part"][part].get<double>(), 0.0) << part;
  }
}

TEST_F(LanguageModelAuditTest, QuotesTrainingTextOnlyAsHashesUnlessAllowed) {
  const nlohmann::json redacted = AuditLanguageModel(*model_, inputs_, options_);
  const std::string dump = redacted.dump();
  for (const auto& member : inputs_.members) EXPECT_EQ(dump.find(member.substr(0, 16)), std::string::npos);
  for (const auto& canary : inputs_.canaries) EXPECT_EQ(dump.find(canary.prefix), std::string::npos);
  const auto& sample = redacted["extraction"]["samples"][0];
  EXPECT_EQ(sample["prefix"].get<std::string>().rfind("hmac-sha256:", 0), 0u);
  EXPECT_EQ(redacted["canaries"]["samples"][0]["text"].get<std::string>().size(), 12u + 64u);

  options_.redact_samples = false;
  const nlohmann::json quoted = AuditLanguageModel(*model_, inputs_, options_);
  const auto& canary_sample = quoted["canaries"]["samples"][0];
  EXPECT_EQ(QuoteSample(canary_sample["text"].get<std::string>(), true, options_.sample_key),
            redacted["canaries"]["samples"][0]["text"].get<std::string>());
  EXPECT_NE(canary_sample["text"].get<std::string>().find(" is "), std::string::npos);
}

TEST_F(LanguageModelAuditTest, LeavesOutSectionsWithoutInputsAndRejectsTooLongExtraction) {
  inputs_.canaries.clear();
  inputs_.extraction_members.clear();
  const nlohmann::json audit = AuditLanguageModel(*model_, inputs_, options_);
  EXPECT_TRUE(audit.contains("membership"));
  EXPECT_FALSE(audit.contains("one_run"));
  EXPECT_FALSE(audit.contains("canaries"));
  EXPECT_FALSE(audit.contains("extraction"));

  inputs_.extraction_members = inputs_.members;
  options_.extraction = {500, 500};
  EXPECT_THROW(AuditLanguageModel(*model_, inputs_, options_), AttackInputError);
}

TEST(QuoteSampleTest, QuotesWithHmacSha256UnderTheKey) {
  EXPECT_EQ(QuoteSample("what do ya want for nothing?", true, "Jefe"),
            "hmac-sha256:5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_NE(QuoteSample("abc", true, "key one"), QuoteSample("abc", true, "key two"));
  EXPECT_EQ(QuoteSample("abc", false, "key one"), "abc");
}

TEST(QuoteSampleTest, NewKeysAreRandom) {
  const std::string key = NewSampleKey();
  EXPECT_EQ(key.size(), 64u);
  EXPECT_NE(key, NewSampleKey());
}

}  // namespace
}  // namespace leakgate::audit
