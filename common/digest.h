// Digests shared by every module: SHA-256 (provenance, cache keys), HMAC-SHA256 (keyed digests that stand in for
// sensitive text), hex encoding, and random keys from the system CSPRNG.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace leakgate::common {

std::string HexEncode(const unsigned char* bytes, size_t count);

std::string Sha256Hex(std::string_view bytes);
// Streams the file; throws InputError when it cannot be read.
std::string Sha256OfFile(const std::filesystem::path& path);

// HMAC-SHA256 of bytes under key, hex-encoded (64 hex digits).
std::string HmacSha256Hex(std::string_view key, std::string_view bytes);

// `bytes` random bytes from the system CSPRNG, hex-encoded.
std::string RandomHexKey(size_t bytes);

}  // namespace leakgate::common
