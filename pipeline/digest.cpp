#include "pipeline/digest.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <vector>

#include "audit/attacks/samples.h"
#include "dedup/io/atomic_file.h"
#include "dedup/io/errors.h"

namespace leakgate::pipeline {

namespace {

class Sha256 {
 public:
  Sha256() : context_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1) {
      throw std::runtime_error("OpenSSL: cannot initialise SHA-256");
    }
  }
  void Update(const void* data, size_t size) { EVP_DigestUpdate(context_.get(), data, size); }
  std::string HexDigest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(context_.get(), digest, &length);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
      hex.push_back(kHex[digest[i] >> 4]);
      hex.push_back(kHex[digest[i] & 15]);
    }
    return hex;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context_;
};

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  Sha256 sha;
  sha.Update(bytes.data(), bytes.size());
  return sha.HexDigest();
}

std::string Sha256OfFile(const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, decltype(&std::fclose)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw dedup::InputError(path.string(), 0, std::string("cannot open: ") + std::strerror(errno));
  Sha256 sha;
  std::vector<char> buffer(1 << 20);
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0) sha.Update(buffer.data(), n);
  if (std::ferror(file.get())) throw dedup::InputError(path.string(), 0, "read failed");
  return sha.HexDigest();
}

std::string RunSampleKey(const std::filesystem::path& run_dir) {
  namespace fs = std::filesystem;
  const fs::path path = run_dir / "sample.key";
  const fs::file_status status = fs::symlink_status(path);
  if (fs::exists(status)) {
    constexpr fs::perms kOthers = fs::perms::group_all | fs::perms::others_all;
    if (!fs::is_regular_file(status) || (status.permissions() & kOthers) != fs::perms::none) {
      throw dedup::InputError(path.string(), 0,
                              "is not an owner-only regular file, so the key may be known to others",
                              "delete it; the next audit makes a new key (and new digests)");
    }
    std::ifstream in(path);
    std::string key;
    std::getline(in, key);
    if (!key.empty()) return key;
  }
  const std::string key = audit::NewSampleKey();
  dedup::WriteFileAtomically(path, key + "\n");
  return key;
}

}  // namespace leakgate::pipeline
