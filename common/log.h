// The one logger: messages and progress on stderr; progress lines only when stderr is a terminal.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace leakgate::common {

enum class LogLevel { kInfo, kWarning, kError };

// Set once, from the command line's global options: quiet hides info messages, json_lines writes one JSON object per
// line.
void ConfigureLogging(bool quiet, bool json_lines);
void Log(LogLevel level, std::string_view message);
inline void LogInfo(std::string_view message) { Log(LogLevel::kInfo, message); }
inline void LogWarning(std::string_view message) { Log(LogLevel::kWarning, message); }

// A single status line redrawn in place at most a few times a second; silent when stderr is not a terminal.
class ProgressLine {
 public:
  ProgressLine();
  ~ProgressLine();
  void Update(std::string_view status);
  void Finish();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace leakgate::common
