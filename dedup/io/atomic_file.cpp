#include "dedup/io/atomic_file.h"

#include <fcntl.h>
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
  // The rename at Commit() would replace whatever the target is: a directory fails late, and a device, FIFO or
  // symlink (/dev/null, /dev/stdout) would silently become a regular file. Only regular files are replaced.
  std::error_code status_error;
  const auto status = std::filesystem::symlink_status(target_, status_error);
  if (!status_error && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    const char* kind = std::filesystem::is_directory(status) ? "a directory"
                       : std::filesystem::is_symlink(status) ? "a symbolic link"
                                                             : "a special file (device, FIFO or socket)";
    throw InputError(target_.string(), 0, std::string("is ") + kind + "; outputs are written to a temporary file and "
                     "renamed into place, so only a regular file (or a new path) can be an output",
                     "name a file path");
  }
  const auto parent = target_.parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) throw InputError(target_.string(), 0, "cannot create output directory: " + ec.message());
  }
  // O_EXCL | O_NOFOLLOW: never write through a file or link someone placed at the temporary path. Owner-only from
  // the start: outputs hold training data, models, canary secrets and keys, and no umask makes them readable.
  const int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  file_ = fd < 0 ? nullptr : ::fdopen(fd, "wb");
  if (file_ == nullptr) {
    const int saved_errno = errno;
    if (fd >= 0) ::close(fd);
    throw InputError(target_.string(), 0, std::string("cannot write: ") + std::strerror(saved_errno));
  }
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
    throw InputError(target_.string(), 0, std::string("write failed: ") + std::strerror(errno),
                     "check the free space and permissions there");
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
    throw InputError(target_.string(), 0,
                     std::string("cannot finish writing: ") + (flushed ? ec.message() : std::strerror(saved_errno)),
                     "check the free space and permissions there");
  }
}

void WriteFileAtomically(const std::filesystem::path& target, std::string_view bytes) {
  AtomicFile file(target);
  file.Write(bytes);
  file.Commit();
}

}  // namespace leakgate::dedup
