#include "tests/report/schema_validator.h"

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>
#include <stdexcept>

namespace leakgate::testing {

namespace {

using nlohmann::json;

class Validator {
 public:
  explicit Validator(const json& root) : root_(root) {}

  void Check(const json& value, const json& schema, const std::string& where) {
    if (!schema.is_object()) throw std::invalid_argument("schema at " + where + " is not an object");
    static const std::set<std::string> known = {"$schema",
                                                "$id",
                                                "$defs",
                                                "title",
                                                "description",
                                                "type",
                                                "const",
                                                "enum",
                                                "properties",
                                                "required",
                                                "additionalProperties",
                                                "items",
                                                "minItems",
                                                "minLength",
                                                "minimum",
                                                "maximum",
                                                "pattern",
                                                "oneOf",
                                                "$ref"};
    for (const auto& [keyword, argument] : schema.items()) {
      if (!known.count(keyword)) throw std::invalid_argument("unsupported schema keyword '" + keyword + "'");
    }
    if (schema.contains("$ref")) Check(value, Resolve(schema["$ref"].get<std::string>()), where);
    if (schema.contains("type") && !TypeMatches(value, schema["type"])) {
      Error(where, "has type " + std::string(value.type_name()) + ", expected " + schema["type"].dump());
      return;
    }
    if (schema.contains("const") && value != schema["const"]) Error(where, "must equal " + schema["const"].dump());
    if (schema.contains("enum")) {
      const auto& choices = schema["enum"];
      if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
        Error(where, "is " + value.dump() + ", not one of " + choices.dump());
      }
    }
    if (schema.contains("oneOf")) {
      int matches = 0;
      for (const auto& option : schema["oneOf"]) matches += Matches(value, option);
      if (matches != 1) Error(where, "matches " + std::to_string(matches) + " of the oneOf options, not exactly 1");
    }
    if (value.is_number()) {
      const double number = value.get<double>();
      if (schema.contains("minimum") && number < schema["minimum"].get<double>()) Error(where, "is below minimum");
      if (schema.contains("maximum") && number > schema["maximum"].get<double>()) Error(where, "is above maximum");
    }
    if (value.is_string()) {
      const auto& text = value.get_ref<const std::string&>();
      if (schema.contains("minLength") && text.size() < schema["minLength"].get<size_t>()) {
        Error(where, "is shorter than minLength");
      }
      if (schema.contains("pattern") && !std::regex_search(text, std::regex(schema["pattern"].get<std::string>()))) {
        Error(where, "does not match " + schema["pattern"].get<std::string>());
      }
    }
    if (value.is_array()) {
      if (schema.contains("minItems") && value.size() < schema["minItems"].get<size_t>()) {
        Error(where, "has fewer than minItems items");
      }
      if (schema.contains("items")) {
        for (size_t i = 0; i < value.size(); ++i) Check(value[i], schema["items"], where + "/" + std::to_string(i));
      }
    }
    if (value.is_object()) CheckObject(value, schema, where);
  }

  const std::vector<std::string>& errors() const { return errors_; }

 private:
  void CheckObject(const json& value, const json& schema, const std::string& where) {
    if (schema.contains("required")) {
      for (const auto& key : schema["required"]) {
        if (!value.contains(key.get<std::string>())) Error(where, "lacks required property " + key.dump());
      }
    }
    const json properties = schema.value("properties", json::object());
    for (const auto& [key, member] : value.items()) {
      if (properties.contains(key)) {
        Check(member, properties[key], where + "/" + key);
      } else if (schema.contains("additionalProperties")) {
        const json& additional = schema["additionalProperties"];
        if (additional == false)
          Error(where, "has property '" + key + "' the schema does not allow");
        else if (additional.is_object())
          Check(member, additional, where + "/" + key);
      }
    }
  }

  bool Matches(const json& value, const json& schema) {
    Validator probe(root_);
    probe.Check(value, schema, "");
    return probe.errors().empty();
  }

  const json& Resolve(const std::string& reference) const {
    const std::string prefix = "#/$defs/";
    if (reference.rfind(prefix, 0) != 0) throw std::invalid_argument("unsupported $ref " + reference);
    const std::string name = reference.substr(prefix.size());
    if (!root_.contains("$defs") || !root_["$defs"].contains(name)) {
      throw std::invalid_argument("unresolved $ref " + reference);
    }
    return root_["$defs"][name];
  }

  static bool TypeMatches(const json& value, const json& type) {
    if (type.is_array()) {
      return std::any_of(type.begin(), type.end(), [&](const json& one) { return TypeMatches(value, one); });
    }
    const std::string name = type.get<std::string>();
    if (name == "object") return value.is_object();
    if (name == "array") return value.is_array();
    if (name == "string") return value.is_string();
    if (name == "boolean") return value.is_boolean();
    if (name == "null") return value.is_null();
    if (name == "number") return value.is_number();
    if (name == "integer") {
      return value.is_number_integer() ||
             (value.is_number_float() && std::floor(value.get<double>()) == value.get<double>());
    }
    throw std::invalid_argument("unsupported type " + name);
  }

  void Error(const std::string& where, const std::string& problem) {
    errors_.push_back((where.empty() ? "/" : where) + " " + problem);
  }

  const json& root_;
  std::vector<std::string> errors_;
};

}  // namespace

std::vector<std::string> ValidateAgainstSchema(const json& instance, const json& schema) {
  Validator validator(schema);
  validator.Check(instance, schema, "");
  return validator.errors();
}

}  // namespace leakgate::testing
