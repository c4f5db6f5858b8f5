// The request log of `leakgate serve`: one JSON line per request (key id, time, keyed hashes of the texts, never the
// texts, status, policy), appended under a lock by every server thread and rotated by size.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>

namespace leakgate::serve {

class RequestLog {
 public:
  // Appends to `path` (created if missing). When a line would take the file past max_bytes it is renamed to path.1
  // (path.1 to path.2, ..., dropping path.<keep>) and a new file begun. Throws common::InputError when it cannot
  // be opened.
  RequestLog(std::filesystem::path path, std::uint64_t max_bytes, int keep);
  ~RequestLog();
  RequestLog(const RequestLog&) = delete;
  RequestLog& operator=(const RequestLog&) = delete;

  // Writes one line and flushes it to the operating system, so a killed server loses no line it answered. Throws
  // when the line cannot be written (or the file reopened after a failure); the next call tries again.
  void Append(const nlohmann::ordered_json& line);

 private:
  void Open();
  void Rotate();
  std::filesystem::path path_;
  std::uint64_t max_bytes_;
  int keep_;
  std::mutex mutex_;
  std::FILE* file_ = nullptr;  // null after a failed reopen or write
  std::uint64_t size_ = 0;
};

}  // namespace leakgate::serve
