// Error for bad input to the audit metrics (empty arrays, mismatched sizes, values out of range):
// the CLI maps it to exit code 2 and prints its one-line message.
#pragma once

#include <stdexcept>
#include <string>

namespace leakgate::audit {

class MetricsInputError : public std::invalid_argument {
 public:
  explicit MetricsInputError(const std::string& what) : std::invalid_argument("audit metrics: " + what) {}
};

}  // namespace leakgate::audit
