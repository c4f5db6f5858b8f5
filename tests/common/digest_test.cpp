// The shared digests against published test vectors.
#include "common/digest.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "common/errors.h"

namespace leakgate::common {
namespace {

TEST(Digest, Sha256MatchesFips180Vectors) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Digest, Sha256OfFileStreamsTheFileAndNamesAMissingOne) {
  const std::filesystem::path path = std::filesystem::path(testing::TempDir()) / "digest_test_abc.txt";
  std::ofstream(path) << "abc";
  EXPECT_EQ(Sha256OfFile(path), Sha256Hex("abc"));
  std::filesystem::remove(path);
  try {
    Sha256OfFile(path);
    FAIL() << "a missing file must be an input error";
  } catch (const InputError& error) {
    EXPECT_EQ(error.file(), path.string());
  }
}

TEST(Digest, HmacSha256MatchesRfc4231) {
  // RFC 4231, test case 2.
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_NE(HmacSha256Hex("key one", "abc"), HmacSha256Hex("key two", "abc"));
}

TEST(Digest, HexAndRandomKeys) {
  const unsigned char bytes[] = {0x00, 0x0f, 0xa5, 0xff};
  EXPECT_EQ(HexEncode(bytes, 4), "000fa5ff");
  std::set<std::string> keys;
  for (int i = 0; i < 8; ++i) keys.insert(RandomHexKey(16));
  EXPECT_EQ(keys.size(), 8u);
  EXPECT_EQ(keys.begin()->size(), 32u);
}

}  // namespace
}  // namespace leakgate::common
