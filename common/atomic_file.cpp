#include "common/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <signal.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <random>
#include <stdexcept>

#include "common/errors.h"

namespace leakgate::common {

namespace {

std::filesystem::path TempPathBeside(const std::filesystem::path& target) {
  std::random_device entropy;
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, ".tmp.%d.%08x", static_cast<int>(getpid()), entropy());
  return std::filesystem::path(target.string() + suffix);
}

// Temporaries in flight, in fixed buffers a signal handler can read without allocating or locking. A slot is
// claimed (kFilling), filled, published (kLive) and released (kFree); the handler unlinks only kLive slots.
enum SlotState : int { kFree, kFilling, kLive };
constexpr size_t kSlots = 64;
constexpr size_t kPathBytes = 4096;
struct TempSlot {
  std::atomic<int> state{kFree};
  char path[kPathBytes];
};
std::array<TempSlot, kSlots> g_temp_slots;

// The slot now tracking `path`, or -1 when all are taken or the path is too long (then only Commit/destructor
// clean it up).
int TrackTemporary(const std::filesystem::path& path) {
  const std::string& text = path.native();
  if (text.size() >= kPathBytes) return -1;
  for (size_t i = 0; i < kSlots; ++i) {
    int expected = kFree;
    if (!g_temp_slots[i].state.compare_exchange_strong(expected, kFilling)) continue;
    std::memcpy(g_temp_slots[i].path, text.c_str(), text.size() + 1);
    g_temp_slots[i].state.store(kLive);
    return static_cast<int>(i);
  }
  return -1;
}

void ReleaseSlot(int slot) {
  if (slot >= 0) g_temp_slots[static_cast<size_t>(slot)].state.store(kFree);
}

// "<anything>.tmp.<pid>.<8 hex>": the pid, or -1 when `name` is not one of our temporaries.
long TemporaryOwner(const std::string& name) {
  const size_t marker = name.rfind(".tmp.");
  if (marker == std::string::npos) return -1;
  const std::string tail = name.substr(marker + 5);
  const size_t dot = tail.find('.');
  if (dot == std::string::npos || dot == 0 || tail.size() - dot - 1 != 8) return -1;
  const std::string pid = tail.substr(0, dot), hex = tail.substr(dot + 1);
  if (pid.find_first_not_of("0123456789") != std::string::npos || pid.size() > 9) return -1;
  if (hex.find_first_not_of("0123456789abcdef") != std::string::npos) return -1;
  return std::stol(pid);
}

}  // namespace

void RemoveUnfinishedOutputs() noexcept {
  for (TempSlot& slot : g_temp_slots) {
    if (slot.state.load() == kLive) ::unlink(slot.path);
  }
}

size_t SweepStaleTemporaries(const std::filesystem::path& dir) {
  size_t removed = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const long owner = TemporaryOwner(it->path().filename().string());
    if (owner <= 0) continue;
    // Alive (or not ours to signal) means in use: leave it.
    if (::kill(static_cast<pid_t>(owner), 0) == 0 || errno == EPERM) continue;
    std::error_code remove_error;
    if (std::filesystem::remove(it->path(), remove_error)) ++removed;
  }
  return removed;
}

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
  slot_ = TrackTemporary(temp_);
}

AtomicFile::~AtomicFile() {
  if (file_ != nullptr) {
    std::fclose(file_);
    std::error_code ignored;
    std::filesystem::remove(temp_, ignored);
  }
  ReleaseSlot(slot_);
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
  ReleaseSlot(slot_);
  slot_ = -1;
  if (!flushed || ec) {
    std::filesystem::remove(temp_, ec);
    throw InputError(target_.string(), 0,
                     std::string("cannot finish writing: ") + (flushed ? ec.message() : std::strerror(saved_errno)),
                     "check the free space and permissions there");
  }
  // The rename is durable only once the directory entry is: without this a power cut can lose a finished file.
  const std::filesystem::path parent = target_.has_parent_path() ? target_.parent_path() : ".";
  const int directory = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (directory >= 0) {
    ::fsync(directory);
    ::close(directory);
  }
}

void WriteFileAtomically(const std::filesystem::path& target, std::string_view bytes) {
  AtomicFile file(target);
  file.Write(bytes);
  file.Commit();
}

}  // namespace leakgate::common
