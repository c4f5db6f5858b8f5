// A call to the audit metrics outside their contract (empty arrays, mismatched sizes, values out of range). The
// pipeline validates what users give before it reaches the metrics, so one that escapes is an internal error (exit 3).
#pragma once

#include <source_location>
#include <string>

#include "common/errors.h"

namespace leakgate::audit {

class MetricsInputError : public common::InternalError {
 public:
  explicit MetricsInputError(const std::string& what, std::source_location place = std::source_location::current())
      : common::InternalError("audit metrics: " + what, place) {}
};

}  // namespace leakgate::audit
