// Attack parameters or inputs that cannot work on the user's data (no records long enough, a prefix beyond the
// context, an unknown attack name): a bad-input error (exit 2) with a one-line message.
#pragma once

#include <string>

#include "common/errors.h"

namespace leakgate::audit {

class AttackInputError : public common::InputError {
 public:
  explicit AttackInputError(const std::string& what) : common::InputError("audit: " + what) {}
};

}  // namespace leakgate::audit
