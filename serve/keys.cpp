#include "serve/keys.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/atomic_file.h"
#include "common/digest.h"
#include "common/errors.h"

namespace leakgate::serve {
namespace {

bool IsLowerHex(std::string_view text) {
  return text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::string StringField(const nlohmann::json& entry, const char* field, const std::string& where) {
  if (!entry.contains(field) || !entry[field].is_string() || entry[field].get<std::string>().empty())
    throw common::InputError(where + "." + field + ": expected a non-empty string");
  return entry[field].get<std::string>();
}

}  // namespace

KeyStore KeyStore::Read(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw common::InputError(path.string() + ": cannot read the keys file");
  std::stringstream bytes;
  bytes << file.rdbuf();
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(bytes.str());
  } catch (const nlohmann::json::exception& error) {
    throw common::InputError(path.string() + ": not JSON (" + error.what() + ")");
  }
  if (!document.is_object() || !document.contains("keys") || !document["keys"].is_array() || document.size() != 1)
    throw common::InputError(path.string() + ": expected {\"keys\": [...]} and nothing else");
  KeyStore store;
  for (std::size_t i = 0; i < document["keys"].size(); ++i) {
    const nlohmann::json& entry = document["keys"][i];
    const std::string where = path.string() + ": keys[" + std::to_string(i) + "]";
    if (!entry.is_object()) throw common::InputError(where + ": expected an object");
    for (const auto& [field, value] : entry.items()) {
      if (field != "id" && field != "tier" && field != "sha256")
        throw common::InputError(where + "." + field + ": unknown field (expected id, tier and sha256)");
    }
    ApiKey key{StringField(entry, "id", where), StringField(entry, "tier", where), StringField(entry, "sha256", where)};
    if (key.sha256.size() != 64 || !IsLowerHex(key.sha256))
      throw common::InputError(where + ".sha256: expected 64 lower-case hex digits (the key's SHA-256)");
    store.Insert(std::move(key), where);
  }
  return store;
}

void KeyStore::Insert(ApiKey key, const std::string& where) {
  for (const ApiKey& existing : keys_) {
    if (existing.id == key.id) throw common::InputError(where + ".id: '" + key.id + "' is already a key's id");
  }
  if (!by_hash_.emplace(key.sha256, keys_.size()).second)
    throw common::InputError(where + ".sha256: the same key is stored twice");
  keys_.push_back(std::move(key));
}

const ApiKey* KeyStore::Authenticate(std::string_view presented) const {
  if (presented.empty()) return nullptr;
  const auto found = by_hash_.find(common::Sha256Hex(presented));
  return found == by_hash_.end() ? nullptr : &keys_[found->second];
}

std::string KeyStore::Add(const std::string& id, const std::string& tier) {
  if (id.empty() || tier.empty()) throw common::InputError("a key needs a non-empty id and tier");
  const std::string secret = "lg_" + common::RandomHexKey(32);
  Insert({id, tier, common::Sha256Hex(secret)}, "key");
  return secret;
}

void KeyStore::Write(const std::filesystem::path& path) const {
  nlohmann::ordered_json document = {{"keys", nlohmann::ordered_json::array()}};
  for (const ApiKey& key : keys_) {
    document["keys"].push_back({{"id", key.id}, {"tier", key.tier}, {"sha256", key.sha256}});
  }
  common::WriteFileAtomically(path, document.dump(2) + "\n");
}

}  // namespace leakgate::serve
