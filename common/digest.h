// Digests shared by every module: SHA-256 (provenance, cache keys), HMAC-SHA256 (keyed digests that stand in for
// sensitive text), hex encoding, and random keys from the system CSPRNG.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace leakgate::common {

std::string HexEncode(const unsigned char* bytes, size_t count);

std::string Sha256Hex(std::string_view bytes);
// Streams the file; throws InputError when it cannot be read.
std::string Sha256OfFile(const std::filesystem::path& path);
// The regular files under root/folder, as paths relative to root ("model/weights.pt"), sorted; empty when the folder
// does not exist. Throws InputError when it cannot be listed.
std::vector<std::string> FilesUnder(const std::filesystem::path& root, const std::string& folder);
// The SHA-256 of every regular file under root/folder, keyed by its path relative to root ("model/weights.pt"):
// what identifies a run's model. Empty when the folder does not exist.
std::map<std::string, std::string> Sha256OfFilesUnder(const std::filesystem::path& root, const std::string& folder);

// HMAC-SHA256 of bytes under key, hex-encoded (64 hex digits).
std::string HmacSha256Hex(std::string_view key, std::string_view bytes);

// `bytes` random bytes from the system CSPRNG, hex-encoded.
std::string RandomHexKey(size_t bytes);

}  // namespace leakgate::common
