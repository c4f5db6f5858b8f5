// A validator for the subset of JSON Schema 2020-12 that docs/report-schema.json uses (no C++ JSON Schema library is
// packaged in Debian). A keyword outside the subset is an error, so the schema cannot silently use one unchecked.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace leakgate::testing {

// Supported: type, const, enum, properties, required, additionalProperties, items, minItems, minLength, minimum,
// maximum, pattern, oneOf, $ref to "#/$defs/NAME"; annotations ($schema, $id, title, description) are ignored.
// Returns one message per violation, each naming the instance location ("/checks/3/status"); empty when valid.
std::vector<std::string> ValidateAgainstSchema(const nlohmann::json& instance, const nlohmann::json& schema);

}  // namespace leakgate::testing
