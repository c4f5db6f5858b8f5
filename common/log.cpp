#include "common/log.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <utility>

namespace leakgate::common {

namespace {
bool g_quiet = false;
bool g_json = false;
thread_local std::string t_label;

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarning: return "warning";
    case LogLevel::kError: return "error";
  }
  return "info";
}

// The statuses of the live progress lines and what is on the terminal's last line; every write to stderr takes its
// mutex, so messages and redraws from several threads do not interleave.
struct StatusBoard {
  std::mutex mutex;
  std::vector<std::pair<const ProgressLine*, std::string>> statuses;
  bool drawn = false;
  std::chrono::steady_clock::time_point last_draw{};

  auto Find(const ProgressLine* line) {
    return std::find_if(statuses.begin(), statuses.end(), [&](const auto& entry) { return entry.first == line; });
  }
  void Clear() {
    if (!drawn) return;
    std::fputs("\r\033[K", stderr);
    drawn = false;
  }
  void Draw() {
    if (statuses.empty()) return;
    std::vector<std::string> texts;
    for (const auto& entry : statuses) texts.push_back(entry.second);
    winsize size{};
    const std::size_t columns = ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 1 ? size.ws_col : 80;
    const std::string line = JoinStatuses(texts, columns - 1);
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    drawn = true;
    last_draw = std::chrono::steady_clock::now();
  }
};

// Never destroyed: a progress line or message at exit, after static destructors began, still finds it.
StatusBoard& Board() {
  static StatusBoard* const board = new StatusBoard;
  return *board;
}
}  // namespace

void ConfigureLogging(bool quiet, bool json_lines) {
  g_quiet = quiet;
  g_json = json_lines;
}

void Log(LogLevel level, std::string_view message) {
  if (level == LogLevel::kInfo && g_quiet) return;
  const std::string labelled = t_label.empty() ? std::string(message) : "[" + t_label + "] " + std::string(message);
  std::string line;
  if (g_json) {
    line = nlohmann::json{{"level", LevelName(level)}, {"message", labelled}}.dump();
  } else {
    line = std::string("leakgate: ") + (level == LogLevel::kInfo ? "" : std::string(LevelName(level)) + ": ");
    line.append(labelled);
  }
  line.push_back('\n');
  StatusBoard& board = Board();
  std::lock_guard lock(board.mutex);
  const bool redraw = board.drawn;
  board.Clear();
  std::fwrite(line.data(), 1, line.size(), stderr);
  if (redraw) board.Draw();
  std::fflush(stderr);
}

ScopedLogLabel::ScopedLogLabel(std::string label) : previous_(std::exchange(t_label, std::move(label))) {}

ScopedLogLabel::~ScopedLogLabel() { t_label = std::move(previous_); }

ProgressLine::ProgressLine() : ProgressLine(!g_quiet && !g_json && isatty(STDERR_FILENO)) {}

ProgressLine::ProgressLine(bool enabled) : enabled_(enabled) {}

ProgressLine::~ProgressLine() { Finish(); }

void ProgressLine::Update(std::string_view status) {
  if (!enabled_) return;
  StatusBoard& board = Board();
  std::lock_guard lock(board.mutex);
  const auto mine = board.Find(this);
  if (mine == board.statuses.end()) {
    board.statuses.emplace_back(this, std::string(status));
  } else {
    mine->second.assign(status);
  }
  if (board.drawn && std::chrono::steady_clock::now() - board.last_draw < std::chrono::milliseconds(200)) return;
  board.Draw();
  std::fflush(stderr);
}

void ProgressLine::Finish() {
  if (!enabled_) return;
  StatusBoard& board = Board();
  std::lock_guard lock(board.mutex);
  const auto mine = board.Find(this);
  if (mine == board.statuses.end()) return;
  board.statuses.erase(mine);
  board.Clear();
  board.Draw();
  std::fflush(stderr);
}

std::string JoinStatuses(const std::vector<std::string>& statuses, std::size_t width) {
  std::string line;
  for (const std::string& status : statuses) {
    if (!line.empty()) line += " | ";
    line += status;
  }
  if (line.size() <= width) return line;
  std::size_t cut = width;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  line.resize(cut);
  return line;
}

}  // namespace leakgate::common
