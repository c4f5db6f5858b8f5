// The one error model of leakgate: what went wrong decides the exit code. Bad input and bad config exit 2 (the user
// can fix them); an internal error exits 3 and names the place in the code where it was detected.
#pragma once

#include <cstdint>
#include <source_location>
#include <stdexcept>
#include <string>

namespace leakgate::common {

enum class ExitCode : int { kSuccess = 0, kGateFailed = 1, kBadInput = 2, kInternal = 3 };

class Error : public std::runtime_error {
 public:
  ExitCode exit_code() const { return exit_code_; }

 protected:
  Error(const std::string& message, ExitCode exit_code) : std::runtime_error(message), exit_code_(exit_code) {}

 private:
  ExitCode exit_code_;
};

// A problem with something the user gave: a file, a record, a field, a flag. `file:line: what (hint)`; line 0
// means the whole file. The one-argument form is for problems that already name their file in the message.
class InputError : public Error {
 public:
  InputError(const std::string& file, uint64_t line, const std::string& what, const std::string& hint = "");
  explicit InputError(const std::string& message);

  const std::string& file() const { return file_; }
  uint64_t line() const { return line_; }

 private:
  std::string file_;
  uint64_t line_ = 0;
};

// A config value (or combination of values) that cannot work; the message names the key and, where known, its
// file and line:column.
class ConfigError : public Error {
 public:
  explicit ConfigError(const std::string& message) : Error(message, ExitCode::kBadInput) {}
};

// A broken assumption inside leakgate (a library called outside its contract, a corrupt internal state): never the
// user's fault. The message starts with "internal error", and where() is the throwing file:line and function.
// Libraries derive their precondition errors from it, so a misuse that escapes to the command line exits 3.
class InternalError : public Error {
 public:
  explicit InternalError(const std::string& what, std::source_location place = std::source_location::current());

  const std::string& where() const { return where_; }
  // The message without the "internal error at ...: " prefix.
  const std::string& what_only() const { return what_only_; }

 private:
  std::string where_;
  std::string what_only_;
};

}  // namespace leakgate::common
