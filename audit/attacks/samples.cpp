#include "audit/attacks/samples.h"

#include <openssl/sha.h>

#include <array>

namespace leakgate::audit {

std::string Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest.data());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : digest) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 15];
  }
  return hex;
}

std::string QuoteSample(std::string_view text, bool redact) {
  return redact ? "sha256:" + Sha256Hex(text) : std::string(text);
}

}  // namespace leakgate::audit
