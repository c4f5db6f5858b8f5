#include "serve/keys.h"

#include <gtest/gtest.h>

#include "common/digest.h"
#include "common/errors.h"
#include "tests/support/temp_dir.h"

namespace leakgate::serve {
namespace {

class KeyStoreFile : public leakgate::testing::TempDirTest {};

TEST_F(KeyStoreFile, StoresOnlyTheHashAndAuthenticatesTheKey) {
  KeyStore store;
  const std::string alice = store.Add("alice", "public");
  const std::string bob = store.Add("bob", "partner");
  EXPECT_NE(alice, bob);
  EXPECT_GE(alice.size(), 64u);
  store.Write(dir_ / "keys.json");

  const std::string file = leakgate::testing::ReadWholeFile(dir_ / "keys.json");
  EXPECT_EQ(file.find(alice), std::string::npos);
  EXPECT_NE(file.find(common::Sha256Hex(alice)), std::string::npos);

  const KeyStore read = KeyStore::Read(dir_ / "keys.json");
  const ApiKey* found = read.Authenticate(alice);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->id, "alice");
  EXPECT_EQ(found->tier, "public");
  EXPECT_EQ(read.Authenticate(bob)->id, "bob");
  EXPECT_EQ(read.Authenticate(alice + "x"), nullptr);
  EXPECT_EQ(read.Authenticate(""), nullptr);
  EXPECT_EQ(read.Authenticate(common::Sha256Hex(alice)), nullptr) << "the stored hash is not a key";
}

TEST(KeyStore, RefusesATakenId) {
  KeyStore store;
  store.Add("alice", "public");
  EXPECT_THROW(store.Add("alice", "partner"), common::InputError);
  EXPECT_THROW(store.Add("", "partner"), common::InputError);
}

TEST_F(KeyStoreFile, BadFilesNameTheEntryAndField) {
  auto expect_error = [&](const std::string& text, const std::string& where) {
    Write("keys.json", text);
    try {
      KeyStore::Read(dir_ / "keys.json");
      ADD_FAILURE() << "accepted: " << text;
    } catch (const common::InputError& error) {
      EXPECT_NE(std::string(error.what()).find(where), std::string::npos) << error.what();
    }
  };
  const std::string hash(64, 'a');
  expect_error("{\"keys\": [{\"id\": \"a\", \"tier\": \"t\", \"sha256\": \"xyz\"}]}", "keys[0].sha256");
  expect_error("{\"keys\": [{\"id\": \"a\", \"tier\": \"t\", \"sha256\": \"" + hash + "\", \"key\": \"k\"}]}",
               "keys[0].key");
  expect_error("{\"keys\": [{\"id\": \"a\", \"sha256\": \"" + hash + "\"}]}", "keys[0].tier");
  expect_error("{\"keys\": [{\"id\": \"a\", \"tier\": \"t\", \"sha256\": \"" + hash +
                   "\"}, {\"id\": \"a\", \"tier\": \"t\", \"sha256\": \"" + std::string(64, 'b') + "\"}]}",
               "keys[1].id");
  expect_error("[1, 2]", "expected {\"keys\"");
  expect_error("{\"keys\": [", "not JSON");
  EXPECT_THROW(KeyStore::Read(dir_ / "missing.json"), common::InputError);
}

}  // namespace
}  // namespace leakgate::serve
