// API keys of `leakgate serve`: the keys file holds each key's id, tier and SHA-256, never the key itself, so a copy
// of the file (or of a log) does not let anyone call the server.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace leakgate::serve {

struct ApiKey {
  std::string id;      // names the caller in logs and metrics
  std::string tier;    // which output policy and rate limit apply
  std::string sha256;  // hex SHA-256 of the key
};

class KeyStore {
 public:
  // {"keys": [{"id": ..., "tier": ..., "sha256": <64 hex digits>}]}. A missing file, bad JSON, a missing or unknown
  // field or a repeated id throws common::InputError naming the file and the field.
  static KeyStore Read(const std::filesystem::path& path);

  // The key a caller presented, or nullptr when no stored hash matches.
  const ApiKey* Authenticate(std::string_view presented) const;
  // Adds a key with a fresh random secret (256 bits from the system CSPRNG) and returns the secret, which is stored
  // nowhere. Throws common::InputError when the id is taken or id or tier is empty.
  std::string Add(const std::string& id, const std::string& tier);
  // Writes the file atomically (temporary file, then rename).
  void Write(const std::filesystem::path& path) const;

  const std::vector<ApiKey>& keys() const { return keys_; }

 private:
  void Insert(ApiKey key, const std::string& where);
  std::vector<ApiKey> keys_;
  std::unordered_map<std::string, std::size_t> by_hash_;
};

}  // namespace leakgate::serve
