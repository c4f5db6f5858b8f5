// The one logger: messages and progress on stderr; progress lines only when stderr is a terminal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace leakgate::common {

enum class LogLevel { kInfo, kWarning, kError };

// Set once, from the command line's global options: quiet hides info messages, json_lines writes one JSON object per
// line.
void ConfigureLogging(bool quiet, bool json_lines);
// Safe from any thread. A message clears the progress line, and the line is drawn again below it.
void Log(LogLevel level, std::string_view message);
inline void LogInfo(std::string_view message) { Log(LogLevel::kInfo, message); }
inline void LogWarning(std::string_view message) { Log(LogLevel::kWarning, message); }

// While it lives, this thread's messages start with "[label] ": work running side by side (an audit's reference
// models) says which part of it speaks.
class ScopedLogLabel {
 public:
  explicit ScopedLogLabel(std::string label);
  ~ScopedLogLabel();
  ScopedLogLabel(const ScopedLogLabel&) = delete;
  ScopedLogLabel& operator=(const ScopedLogLabel&) = delete;

 private:
  std::string previous_;
};

// A status line redrawn in place at most a few times a second; silent when stderr is not a terminal. Lines alive at
// the same time, on any threads, share the terminal's last line, in the order they were first updated.
class ProgressLine {
 public:
  ProgressLine();
  // Drawn (enabled) or silent whatever stderr is: for tests of the drawing.
  explicit ProgressLine(bool enabled);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  void Update(std::string_view status);
  void Finish();

 private:
  bool enabled_;
};

// The shared progress line: the statuses joined by " | ", cut to `width` bytes (at a UTF-8 character boundary) so
// that it never wraps.
std::string JoinStatuses(const std::vector<std::string>& statuses, std::size_t width);

}  // namespace leakgate::common
