// Ground truth of the audits: non-members that share their scored text with a member (exactly or nearly) are found.
#include "pipeline/audit_stage/disjoint.h"

#include <gtest/gtest.h>

namespace leakgate::pipeline {
namespace {

dedup::DedupOptions WordShingles() {
  dedup::DedupOptions options;
  options.shingle = dedup::ShingleSpec::Parse("words:3");
  options.threshold = 0.5;  // one word changed at the end of 15 keeps J = 10/16 of the 3-word shingles
  return options;
}

const std::vector<std::string> kMembers = {
    "the patient reports intermittent headaches after climbing stairs and poor appetite for ten days",
    "follow up for chronic kidney disease stage three with apixaban and a low salt diet advised today",
    "social work visit about transport to dialysis three times weekly and help with groceries at home"};

TEST(MemberOverlapIndex, ExcludesExactAndNearCopiesOfMembersOnly) {
  const MemberOverlapIndex index(kMembers, WordShingles());
  const std::vector<std::string> ids = {"copy", "near", "other"};
  const std::vector<std::string> views = {
      kMembers[1],
      // One word changed at the end: most 3-word shingles are shared.
      "the patient reports intermittent headaches after climbing stairs and poor appetite for ten weeks",
      "portal message about a new cell number and dizziness that is better after the medication change"};
  Overlap overlap;
  EXPECT_EQ(index.Disjoint(ids, views, overlap), std::vector<std::string>{"other"});
  EXPECT_EQ(overlap.exact, 1u);
  EXPECT_EQ(overlap.near, 1u);
}

TEST(MemberOverlapIndex, CountsMembersThatHaveATwinAmongTheOtherMembers) {
  EXPECT_EQ(MemberOverlapIndex(kMembers, WordShingles()).MembersWithTwin(), 0u);
  std::vector<std::string> with_copies = kMembers;
  with_copies.push_back(kMembers[0]);                                        // exact twin of member 0
  with_copies.push_back(kMembers[2].substr(0, kMembers[2].size() - 4) + "work");  // near twin of member 2
  EXPECT_EQ(MemberOverlapIndex(with_copies, WordShingles()).MembersWithTwin(), 4u);
}

}  // namespace
}  // namespace leakgate::pipeline
