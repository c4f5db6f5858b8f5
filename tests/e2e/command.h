// Runs the leakgate binary for end-to-end tests: exit code, stdout and stderr.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "tests/support/temp_dir.h"

namespace leakgate::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `command_line` in the shell; stderr is captured through a temp file.
inline CommandResult RunCommand(const std::string& command_line) {
  const auto err_path = std::filesystem::temp_directory_path() /
                        ("leakgate_e2e_stderr_" + std::to_string(::getpid()) + ".txt");
  const std::string command = command_line + " 2>" + err_path.string();
  CommandResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[65536];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.err = ReadWholeFile(err_path);
  std::filesystem::remove(err_path);
  return result;
}

// `arguments` is appended to the binary's path as shell words.
inline CommandResult RunLeakgate(const std::string& arguments) {
  return RunCommand(std::string(LEAKGATE_BINARY) + " " + arguments);
}

}  // namespace leakgate::testing
