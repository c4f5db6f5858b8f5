#include "serve/request_log.h"

#include <cerrno>
#include <cstring>

#include "common/errors.h"

namespace leakgate::serve {

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
  if (keep_ >= 1) std::filesystem::rename(path_, numbered(1), ignored);
  else std::filesystem::remove(path_, ignored);
  Open();
}

void RequestLog::Append(const nlohmann::ordered_json& line) {
  const std::string text = line.dump() + "\n";
  std::lock_guard<std::mutex> lock(mutex_);
  if (size_ > 0 && size_ + text.size() > max_bytes_) Rotate();
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size() || std::fflush(file_) != 0)
    throw std::runtime_error(path_.string() + ": cannot write the request log (" + std::strerror(errno) + ")");
  size_ += text.size();
}

}  // namespace leakgate::serve
