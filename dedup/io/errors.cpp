#include "dedup/io/errors.h"

namespace leakgate::dedup {

namespace {
std::string FormatInputError(const std::string& file, uint64_t line, const std::string& what,
                             const std::string& hint) {
  std::string message = file;
  if (line > 0) message += ":" + std::to_string(line);
  message += ": " + what;
  if (!hint.empty()) message += " (" + hint + ")";
  return message;
}
}  // namespace

InputError::InputError(const std::string& file, uint64_t line, const std::string& what, const std::string& hint)
    : std::invalid_argument(FormatInputError(file, line, what, hint)), file_(file), line_(line) {}

}  // namespace leakgate::dedup
