#include "common/digest.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "common/errors.h"

namespace leakgate::common {

namespace {

class Sha256 {
 public:
  Sha256() : context_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1) {
      throw InternalError("OpenSSL cannot initialise SHA-256");
    }
  }
  void Update(const void* data, size_t size) { EVP_DigestUpdate(context_.get(), data, size); }
  std::string HexDigest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(context_.get(), digest, &length);
    return HexEncode(digest, length);
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context_;
};

}  // namespace

std::string HexEncode(const unsigned char* bytes, size_t count) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * count);
  for (size_t i = 0; i < count; ++i) {
    hex.push_back(kHex[bytes[i] >> 4]);
    hex.push_back(kHex[bytes[i] & 15]);
  }
  return hex;
}

std::string Sha256Hex(std::string_view bytes) {
  Sha256 sha;
  sha.Update(bytes.data(), bytes.size());
  return sha.HexDigest();
}

std::string Sha256OfFile(const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, decltype(&std::fclose)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw InputError(path.string(), 0, std::string("cannot open: ") + std::strerror(errno));
  Sha256 sha;
  std::vector<char> buffer(1 << 20);
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0) sha.Update(buffer.data(), n);
  if (std::ferror(file.get())) throw InputError(path.string(), 0, "read failed");
  return sha.HexDigest();
}

std::vector<std::string> FilesUnder(const std::filesystem::path& root, const std::string& folder) {
  std::vector<std::string> files;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(root / folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) files.push_back(it->path().lexically_relative(root).generic_string());
  }
  if (ec && ec != std::errc::no_such_file_or_directory) {
    throw InputError((root / folder).string(), 0, "cannot be listed: " + ec.message());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::map<std::string, std::string> Sha256OfFilesUnder(const std::filesystem::path& root, const std::string& folder) {
  std::map<std::string, std::string> digests;
  for (const std::string& file : FilesUnder(root, folder)) digests[file] = Sha256OfFile(root / file);
  return digests;
}

std::string HmacSha256Hex(std::string_view key, std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(bytes.data()),
       bytes.size(), digest.data(), &size);
  return HexEncode(digest.data(), size);
}

std::string RandomHexKey(size_t bytes) {
  std::vector<unsigned char> key(bytes);
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
    throw InternalError("the system random generator failed to produce a key");
  }
  return HexEncode(key.data(), key.size());
}

}  // namespace leakgate::common
