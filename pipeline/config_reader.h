// Strict reading of a YAML mapping into typed values: unknown keys, wrong types and out-of-range values are errors
// that name the key and its line:column.
#pragma once

#include <yaml-cpp/yaml.h>

#include "common/errors.h"

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace leakgate::pipeline {

// One mapping of the config (the root or a section). Read every key you know with Get/Section, then call Finish(),
// which rejects the keys nobody asked for. `missing` collects the dotted names of known keys that were absent.
class ConfigMap {
 public:
  ConfigMap(YAML::Node node, std::string file, std::string path, std::shared_ptr<std::vector<std::string>> missing);

  template <typename T>
  void Get(const std::string& key, T& value);
  // Like Get, then `valid(value)` must hold; `expected` says what a valid value is.
  template <typename T, typename Predicate>
  void Get(const std::string& key, T& value, Predicate valid, const std::string& expected) {
    Get(key, value);
    if (!valid(value)) Fail(key, "must be " + expected);
  }
  // A nested mapping (an empty one when the key is absent).
  ConfigMap Section(const std::string& key);
  // A list of mappings, each named key[i] (empty when the key is absent).
  std::vector<ConfigMap> SectionList(const std::string& key);
  bool Has(const std::string& key) const;
  void Finish();

  [[noreturn]] void Fail(const std::string& key, const std::string& problem) const;
  std::string Where(const YAML::Mark& mark) const;
  std::string Name(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

 private:
  YAML::Node Lookup(const std::string& key);
  template <typename T>
  T Convert(const std::string& key, const YAML::Node& node, const char* type_name);

  YAML::Node node_;
  std::string file_;
  std::string path_;
  std::set<std::string> known_;
  std::shared_ptr<std::vector<std::string>> missing_;
};

// Loads a YAML file (or text, for tests) and hands its root mapping to `read`; parse errors name line:column.
void ReadConfigFile(const std::string& path, const std::function<void(ConfigMap&)>& read,
                    std::vector<std::string>* missing_keys = nullptr);
void ReadConfigText(const std::string& text, const std::string& name, const std::function<void(ConfigMap&)>& read,
                    std::vector<std::string>* missing_keys = nullptr);

}  // namespace leakgate::pipeline
