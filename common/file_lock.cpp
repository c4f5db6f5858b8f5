#include "common/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "common/errors.h"

namespace leakgate::common {

namespace {

int OpenLockFile(const std::filesystem::path& lock_file) {
  const int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    throw InputError(lock_file.string(), 0, std::string("cannot open the lock file: ") + std::strerror(errno),
                            "check the directory's permissions");
  }
  return fd;
}

[[noreturn]] void FailToLock(int fd, const std::filesystem::path& lock_file) {
  const std::string cause = std::strerror(errno);
  ::close(fd);
  throw InputError(lock_file.string(), 0, "cannot lock: " + cause, "check the file system supports flock");
}

}  // namespace

FileLock FileLock::Acquire(const std::filesystem::path& lock_file) {
  const int fd = OpenLockFile(lock_file);
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno != EINTR) FailToLock(fd, lock_file);
  }
  return FileLock(fd);
}

std::optional<FileLock> FileLock::TryAcquire(const std::filesystem::path& lock_file) {
  const int fd = OpenLockFile(lock_file);
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return FileLock(fd);
  if (errno != EWOULDBLOCK) FailToLock(fd, lock_file);
  ::close(fd);
  return std::nullopt;
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace leakgate::common
