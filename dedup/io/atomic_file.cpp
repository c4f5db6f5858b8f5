#include "dedup/io/atomic_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <stdexcept>

#include "dedup/io/errors.h"

namespace leakgate::dedup {

namespace {
std::filesystem::path TempPathBeside(const std::filesystem::path& target) {
  std::random_device entropy;
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, ".tmp.%d.%08x", static_cast<int>(getpid()), entropy());
  return std::filesystem::path(target.string() + suffix);
}
}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)), temp_(TempPathBeside(target_)) {
  const auto parent = target_.parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) throw InputError(target_.string(), 0, "cannot create output directory: " + ec.message());
  }
  file_ = std::fopen(temp_.c_str(), "wb");
  if (file_ == nullptr) throw InputError(target_.string(), 0, std::string("cannot write: ") + std::strerror(errno));
}

AtomicFile::~AtomicFile() {
  if (file_ != nullptr) {
    std::fclose(file_);
    std::error_code ignored;
    std::filesystem::remove(temp_, ignored);
  }
}

void AtomicFile::Write(std::string_view bytes) {
  if (file_ == nullptr) throw std::logic_error("AtomicFile::Write after Commit");
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    throw std::runtime_error(target_.string() + ": write failed: " + std::strerror(errno));
  }
}

void AtomicFile::Commit() {
  if (file_ == nullptr) throw std::logic_error("AtomicFile::Commit twice");
  const bool flushed = std::fflush(file_) == 0 && fsync(fileno(file_)) == 0;
  const int saved_errno = errno;
  std::fclose(file_);
  file_ = nullptr;
  std::error_code ec;
  if (flushed) std::filesystem::rename(temp_, target_, ec);
  if (!flushed || ec) {
    std::filesystem::remove(temp_, ec);
    throw std::runtime_error(target_.string() + ": cannot finish writing: " +
                             (flushed ? ec.message() : std::strerror(saved_errno)));
  }
}

void WriteFileAtomically(const std::filesystem::path& target, std::string_view bytes) {
  AtomicFile file(target);
  file.Write(bytes);
  file.Commit();
}

}  // namespace leakgate::dedup
