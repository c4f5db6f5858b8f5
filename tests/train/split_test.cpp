// The split: deterministic roles that depend only on (seed, id), canaries from the documented secret space.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

#include "audit/attacks/samples.h"
#include "common/digest.h"
#include "pipeline/train/split.h"

namespace leakgate::pipeline {
namespace {

std::vector<std::string> Ids(int count) {
  std::vector<std::string> ids;
  for (int i = 0; i < count; ++i) ids.push_back("note-" + std::to_string(i));
  return ids;
}

TEST(SplitTest, SameSeedSameSplitOtherSeedOtherSplit) {
  SplitConfig config;
  const Split a = MakeSplit(Ids(2000), config, 7);
  const Split b = MakeSplit(Ids(2000), config, 7);
  const Split c = MakeSplit(Ids(2000), config, 8);
  EXPECT_EQ(a.members, b.members);
  EXPECT_EQ(a.canaries, b.canaries);
  EXPECT_NE(a.members, c.members);
  EXPECT_NE(a.canaries, c.canaries);
}

TEST(SplitTest, RolesPartitionTheIdsInTheConfiguredShares) {
  SplitConfig config;
  config.audit_holdout = 0.1;
  config.validation = 0.2;
  const Split split = MakeSplit(Ids(10000), config, 1);
  std::set<std::string> all(split.members.begin(), split.members.end());
  all.insert(split.nonmembers.begin(), split.nonmembers.end());
  all.insert(split.validation.begin(), split.validation.end());
  EXPECT_EQ(all.size(), 10000u);
  EXPECT_EQ(split.members.size() + split.nonmembers.size() + split.validation.size(), 10000u);
  // Binomial(10000, 0.1) has sd 30; 0.2 has sd 40: 5 sd bounds.
  EXPECT_NEAR(static_cast<double>(split.nonmembers.size()), 1000.0, 150.0);
  EXPECT_NEAR(static_cast<double>(split.validation.size()), 2000.0, 200.0);
}

TEST(SplitTest, AllRecordsOfAPersonTakeOneRoleEvenUnderTheMembersCap) {
  SplitConfig config;
  config.audit_holdout = 0.3;
  config.validation = 0.1;
  config.max_members = 300;
  std::vector<std::string> users;
  for (int i = 0; i < 1200; ++i) users.push_back("patient-" + std::to_string(i % 400));  // 3 records each
  const Split split = MakeSplit(Ids(1200), config, 11, users);
  std::map<std::string, std::set<int>> roles_of_user;
  const auto note = [&](const std::vector<std::string>& ids, int role) {
    for (const auto& id : ids) roles_of_user[users[std::stoul(id.substr(5))]].insert(role);
  };
  note(split.members, 0);
  note(split.nonmembers, 1);
  note(split.validation, 2);
  EXPECT_EQ(roles_of_user.size(), 400u);
  for (const auto& [user, roles] : roles_of_user) EXPECT_EQ(roles.size(), 1u) << user;
  EXPECT_LE(split.members.size(), 300u);
  EXPECT_EQ(split.members.size() % 3, 0u) << "the cap keeps or drops whole persons";
}

TEST(SplitTest, AnIdKeepsItsRoleWhenOtherRecordsAreAdded) {
  SplitConfig config;
  const Split small = MakeSplit(Ids(500), config, 3);
  const Split large = MakeSplit(Ids(5000), config, 3);
  const std::set<std::string> large_nonmembers(large.nonmembers.begin(), large.nonmembers.end());
  ASSERT_FALSE(small.nonmembers.empty());
  for (const auto& id : small.nonmembers) EXPECT_TRUE(large_nonmembers.count(id)) << id;
}

TEST(SplitTest, MaxMembersCapsTrainingAndTheRestBecomeNonMembers) {
  SplitConfig config;
  config.audit_holdout = 0.1;
  const Split full = MakeSplit(Ids(3000), config, 4);
  config.max_members = 400;
  const Split capped = MakeSplit(Ids(3000), config, 4);
  ASSERT_EQ(capped.members.size(), 400u);
  EXPECT_EQ(capped.validation, full.validation);
  EXPECT_EQ(capped.nonmembers.size(), full.nonmembers.size() + full.members.size() - 400u);
  const std::set<std::string> full_members(full.members.begin(), full.members.end());
  for (const auto& id : capped.members) EXPECT_TRUE(full_members.count(id)) << id;
  const std::set<std::string> capped_members(capped.members.begin(), capped.members.end());
  for (const auto& id : capped.nonmembers) EXPECT_FALSE(capped_members.count(id)) << id;
  // The cap keeps the same records whatever else is in the corpus.
  const Split larger = MakeSplit(Ids(3300), config, 4);
  std::size_t shared = 0;
  for (const auto& id : larger.members) shared += capped_members.count(id);
  EXPECT_GT(shared, 300u);
}

TEST(SplitTest, CanariesHaveTheDocumentedFormatRepeatsAndFairInclusion) {
  SplitConfig config;
  config.canaries.count = 200;
  config.canaries.repeats = {1, 4, 16};
  const Split split = MakeSplit(Ids(10), config, 11);
  ASSERT_EQ(split.canaries.size(), 600u);
  const std::regex format(R"(the access code of [A-Z][a-z]+ [A-Z][a-z]+ is \d{3}-\d{2}-\d{4})");
  std::set<std::string> ids;
  std::set<std::string> secrets;
  int inserted = 0;
  for (size_t i = 0; i < split.canaries.size(); ++i) {
    const Canary& canary = split.canaries[i];
    EXPECT_TRUE(std::regex_match(canary.text(), format)) << canary.text();
    EXPECT_EQ(canary.repeats, config.canaries.repeats[i / 200]);
    ids.insert(canary.id);
    secrets.insert(canary.secret);
    inserted += canary.inserted ? 1 : 0;
  }
  EXPECT_EQ(ids.size(), 600u);
  EXPECT_EQ(secrets.size(), 600u);  // 600 draws from 10^9 collide with probability < 2e-4
  // Binomial(600, 1/2): sd 12.2; 5 sd.
  EXPECT_NEAR(inserted, 300, 61);
}

TEST(SplitTest, CanarySecretCoversTheSpace) {
  EXPECT_EQ(CanarySecret(0), "000-00-0000");
  EXPECT_EQ(CanarySecret(493218876), "493-21-8876");
  EXPECT_EQ(CanarySecret(999999999), "999-99-9999");
}

TEST(SplitTest, DuplicateIdsAreRejectedWithBothPositions) {
  try {
    MakeSplit({"a", "b", "a"}, SplitConfig{}, 1);
    FAIL() << "expected common::InputError";
  } catch (const common::InputError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("record id 'a' appears at records 1 and 3"));
  }
}

TEST(SplitTest, JsonHoldsHashesNotCanaryTexts) {
  SplitConfig config;
  config.canaries.count = 3;
  const Split split = MakeSplit(Ids(50), config, 5);
  const std::string json = SplitToJson(split, "a-key-of-this-run").dump();
  for (const auto& canary : split.canaries) {
    EXPECT_EQ(json.find(canary.secret), std::string::npos);
    // Only a keyed digest: the unkeyed SHA-256 of the text would let anyone test guesses offline.
    EXPECT_EQ(json.find(common::Sha256Hex(canary.text())), std::string::npos);
    EXPECT_NE(json.find(common::HmacSha256Hex("a-key-of-this-run", canary.text())), std::string::npos);
    EXPECT_NE(json.find(canary.id), std::string::npos);
  }
}

TEST(SplitTest, FilesRoundTrip) {
  SplitConfig config;
  config.canaries.count = 4;
  const Split split = MakeSplit(Ids(100), config, 9);
  const auto dir = std::filesystem::temp_directory_path() / ("leakgate-split-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  WriteSplitFiles(split, dir);
  const Split read = ReadSplitFiles(dir);
  EXPECT_EQ(read.members, split.members);
  EXPECT_EQ(read.nonmembers, split.nonmembers);
  EXPECT_EQ(read.validation, split.validation);
  EXPECT_EQ(read.canaries, split.canaries);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace leakgate::pipeline
