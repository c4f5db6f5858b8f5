// Error for attack parameters or inputs that cannot work (no records long enough, prefix beyond the context, an
// unknown attack name): the CLI maps it to exit code 2 and prints its one-line message.
#pragma once

#include <stdexcept>
#include <string>

namespace leakgate::audit {

class AttackInputError : public std::invalid_argument {
 public:
  explicit AttackInputError(const std::string& what) : std::invalid_argument("audit: " + what) {}
};

}  // namespace leakgate::audit
