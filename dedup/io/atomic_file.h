// An output file that appears only when complete: bytes go to a temp file beside the target, renamed on Commit().
// Outputs are created readable and writable by their owner only (0600), whatever the umask.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace leakgate::dedup {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  // Without Commit() (an error, an exception) the temp file is removed and the target is untouched.
  ~AtomicFile();

  void Write(std::string_view bytes);
  // Flushes, fsyncs and renames the temp file onto the target.
  void Commit();

  const std::filesystem::path& target() const { return target_; }

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::FILE* file_ = nullptr;
};

// Writes a whole small file (JSON, reports) atomically.
void WriteFileAtomically(const std::filesystem::path& target, std::string_view bytes);

}  // namespace leakgate::dedup
