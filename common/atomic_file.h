// An output file that appears only when complete: bytes go to a temp file beside the target, renamed on Commit().
// Outputs are created readable and writable by their owner only (0600), whatever the umask.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace leakgate::common {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  // Without Commit() (an error, an exception) the temp file is removed and the target is untouched.
  ~AtomicFile();

  void Write(std::string_view bytes);
  // Flushes, fsyncs and renames the temp file onto the target, then fsyncs the directory.
  void Commit();

  const std::filesystem::path& target() const { return target_; }

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::FILE* file_ = nullptr;
  int slot_ = -1;  // where RemoveUnfinishedOutputs finds temp_ (-1: not tracked)
};

// Unlinks the temporary file of every AtomicFile not yet committed or destroyed. Async-signal-safe: for the
// SIGINT/SIGTERM handler, so an interrupted run leaves no half-written temporaries behind.
void RemoveUnfinishedOutputs() noexcept;

// Removes, under `dir` (recursively), temporaries `<name>.tmp.<pid>.<8 hex digits>` whose process no longer runs
// (a crash or SIGKILL); returns how many were removed.
size_t SweepStaleTemporaries(const std::filesystem::path& dir);

// Writes a whole small file (JSON, reports) atomically.
void WriteFileAtomically(const std::filesystem::path& target, std::string_view bytes);

}  // namespace leakgate::common
