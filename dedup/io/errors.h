// Errors caused by the user's input (a file, a record, a field): the CLI reports them on one line, exit code 2.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace leakgate::dedup {

// `file:line: what (hint)`; line 0 means the whole file.
class InputError : public std::invalid_argument {
 public:
  InputError(const std::string& file, uint64_t line, const std::string& what, const std::string& hint = "");

  const std::string& file() const { return file_; }
  uint64_t line() const { return line_; }

 private:
  std::string file_;
  uint64_t line_;
};

}  // namespace leakgate::dedup
