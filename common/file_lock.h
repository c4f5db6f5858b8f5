// An exclusive flock(2) on a lock file, held until the FileLock is destroyed: one run per run directory, one
// writer of a privacy ledger at a time. The lock goes with the process, so a killed run never leaves it held.
#pragma once

#include <filesystem>
#include <optional>

namespace leakgate::common {

class FileLock {
 public:
  // Waits until the lock is free.
  static FileLock Acquire(const std::filesystem::path& lock_file);
  // nullopt when another process (or another FileLock here) holds it.
  static std::optional<FileLock> TryAcquire(const std::filesystem::path& lock_file);

  FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  FileLock& operator=(FileLock&&) = delete;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace leakgate::common
