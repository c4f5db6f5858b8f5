// Errors of the MinHash/LSH module caused by the caller's input (bad spec, parameter, or text).
#pragma once

#include <stdexcept>
#include <string>

namespace leakgate::dedup {

// A user input or parameter the MinHash/LSH code cannot accept; what() is one line naming it.
class MinHashError : public std::invalid_argument {
 public:
  explicit MinHashError(const std::string& what) : std::invalid_argument(what) {}
};

}  // namespace leakgate::dedup
