#include "common/log.h"

#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

namespace leakgate::common {

namespace {
bool g_quiet = false;
bool g_json = false;

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarning: return "warning";
    case LogLevel::kError: return "error";
  }
  return "info";
}
}  // namespace

void ConfigureLogging(bool quiet, bool json_lines) {
  g_quiet = quiet;
  g_json = json_lines;
}

void Log(LogLevel level, std::string_view message) {
  if (level == LogLevel::kInfo && g_quiet) return;
  std::string line;
  if (g_json) {
    line = nlohmann::json{{"level", LevelName(level)}, {"message", message}}.dump();
  } else {
    line = std::string("leakgate: ") + (level == LogLevel::kInfo ? "" : std::string(LevelName(level)) + ": ");
    line.append(message);
  }
  line.push_back('\n');
  std::fwrite(line.data(), 1, line.size(), stderr);
}

ProgressLine::ProgressLine() : enabled_(!g_quiet && !g_json && isatty(STDERR_FILENO)) {}

ProgressLine::~ProgressLine() { Finish(); }

void ProgressLine::Update(std::string_view status) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  drawn_ = true;
  std::fprintf(stderr, "\r\033[K%.*s", static_cast<int>(status.size()), status.data());
  std::fflush(stderr);
}

void ProgressLine::Finish() {
  if (!drawn_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace leakgate::common
