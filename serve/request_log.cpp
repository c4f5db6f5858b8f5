#include "serve/request_log.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "common/errors.h"
#include "common/log.h"

namespace leakgate::serve {
namespace {

bool EndsWithNewline(const std::filesystem::path& path, std::uint64_t size) {
  if (size == 0) return true;
  std::ifstream file(path, std::ios::binary);
  file.seekg(static_cast<std::streamoff>(size - 1));
  return file.get() == '\n';
}

}  // namespace

RequestLog::RequestLog(std::filesystem::path path, std::uint64_t max_bytes, int keep)
    : path_(std::move(path)), max_bytes_(max_bytes), keep_(keep) {
  Open();
}

RequestLog::~RequestLog() {
  if (file_ != nullptr) std::fclose(file_);
}

void RequestLog::Open() {
  file_ = std::fopen(path_.c_str(), "ab");
  if (file_ == nullptr)
    throw common::InputError(path_.string() + ": cannot open the request log (" + std::strerror(errno) + ")");
  std::error_code error;
  const auto size = std::filesystem::file_size(path_, error);
  size_ = error ? 0 : size;
}

void RequestLog::Rotate() {
  std::fclose(file_);
  file_ = nullptr;
  auto numbered = [&](int i) { return std::filesystem::path(path_.string() + "." + std::to_string(i)); };
  std::error_code ignored;
  std::filesystem::remove(numbered(keep_), ignored);
  for (int i = keep_ - 1; i >= 1; --i) std::filesystem::rename(numbered(i), numbered(i + 1), ignored);
  std::error_code moved;
  if (keep_ >= 1) std::filesystem::rename(path_, numbered(1), moved);
  else std::filesystem::remove(path_, moved);
  Open();
  if (moved) {
    // The file stays where it is and grows; trying again at every line would redo the renames under the lock.
    common::LogWarning(path_.string() + ": cannot rotate the request log (" + moved.message() +
                       "); writing on and trying again after another request_log_max_bytes");
    size_ = 0;
  }
}

void RequestLog::Append(const nlohmann::ordered_json& line) {
  std::string text = line.dump() + "\n";
  std::lock_guard<std::mutex> lock(mutex_);
  // After a failed open or write the file is reopened here; a line the failure may have cut short is ended first.
  if (file_ == nullptr) {
    Open();
    if (!EndsWithNewline(path_, size_)) text.insert(0, "\n");
  }
  if (size_ > 0 && size_ + text.size() > max_bytes_) Rotate();
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size() || std::fflush(file_) != 0) {
    const std::string reason = std::strerror(errno);
    std::fclose(file_);
    file_ = nullptr;
    throw std::runtime_error(path_.string() + ": cannot write the request log (" + reason + ")");
  }
  size_ += text.size();
}

}  // namespace leakgate::serve
