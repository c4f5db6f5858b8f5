#include "common/errors.h"

#include <string_view>

namespace leakgate::common {

namespace {

std::string FormatInputError(const std::string& file, uint64_t line, const std::string& what,
                             const std::string& hint) {
  std::string message = file;
  if (line > 0) message += ":" + std::to_string(line);
  message += ": " + what;
  if (!hint.empty()) message += " (" + hint + ")";
  return message;
}

// "dir/file.cpp:42 (leakgate::audit::roc_curve)": the file from the repository root (the build may name it relative
// to a build directory inside the checkout, "../dir/file.cpp"), and the function's qualified name without the return
// type and parameters the compiler spells out.
std::string Place(const std::source_location& place) {
  std::string_view file = place.file_name();
  while (file.starts_with("../") || file.starts_with("./")) file.remove_prefix(file.find('/') + 1);
  std::string function = place.function_name();
  function = function.substr(0, function.find('('));
  function = function.substr(function.rfind(' ') + 1);
  return std::string(file) + ":" + std::to_string(place.line()) + " (" + function + ")";
}

}  // namespace

InputError::InputError(const std::string& file, uint64_t line, const std::string& what, const std::string& hint)
    : Error(FormatInputError(file, line, what, hint), ExitCode::kBadInput), file_(file), line_(line) {}

InputError::InputError(const std::string& message) : Error(message, ExitCode::kBadInput) {}

InternalError::InternalError(const std::string& what, std::source_location place)
    : Error("internal error at " + Place(place) + ": " + what, ExitCode::kInternal),
      where_(Place(place)),
      what_only_(what) {}

}  // namespace leakgate::common
