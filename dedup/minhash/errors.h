// Errors of the MinHash/LSH module caused by the caller's input (bad spec, parameter, or text).
#pragma once

#include <string>

#include "common/errors.h"

namespace leakgate::dedup {

// A user input or parameter the MinHash/LSH code cannot accept (exit 2); what() is one line naming it.
class MinHashError : public common::InputError {
 public:
  explicit MinHashError(const std::string& what) : common::InputError(what) {}
};

}  // namespace leakgate::dedup
