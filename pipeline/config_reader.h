// The config's keys, each declared once in its section's reader and used three ways: strict reading of YAML
// (unknown keys, wrong types and out-of-range values are errors that name the key and its line:column), the JSON
// echo of a resolved config, and the description of every key (reference config, docs).
#pragma once

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "common/errors.h"

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace leakgate::pipeline {

// What the config declares about one key: its dotted name, type, default, valid values and meaning.
struct KeyDoc {
  std::string name;      // e.g. train.optimizer.lr; a list item's keys are named list[].key
  std::string type;      // "a number", "a list of strings", ...; "a section" for a mapping of keys
  nlohmann::json value;  // the value it was described with (the default, when describing defaults)
  std::string expected;  // the valid values; empty: any value of the type
  std::string help;
};

// One mapping of the config (the root or a section). Each section's keys are declared once, in one reader function
// (name, type through the value, valid values, help), and the same declarations serve three modes:
// - kRead reads YAML strictly: unknown keys, wrong types and out-of-range values are errors naming the key and its
//   line:column. Read every key you know with Get/Section/List, then call Finish(), which rejects the rest.
// - kEcho writes the current values as JSON (the resolved config of a manifest or a cache key).
// - kDescribe lists every key with its type, current value, valid values and help (the reference config, the docs).
class ConfigMap {
 public:
  enum class Mode { kRead, kEcho, kDescribe };

  // kRead over `node`; `missing` collects the dotted names of known keys that were absent.
  ConfigMap(YAML::Node node, std::string file, std::string path, std::shared_ptr<std::vector<std::string>> missing);
  // kEcho into *json.
  static ConfigMap Echo(nlohmann::json* json);
  // kDescribe into *keys.
  static ConfigMap Describe(std::vector<KeyDoc>* keys);

  Mode mode() const { return mode_; }

  template <typename T>
  void Get(const std::string& key, T& value, std::string_view help) {
    Get(key, value, [](const T&) { return true; }, "", help);
  }
  // `valid(value)` must hold after reading; `expected` says what a valid value is.
  template <typename T, typename Predicate>
  void Get(const std::string& key, T& value, Predicate valid, const std::string& expected, std::string_view help) {
    switch (mode_) {
      case Mode::kRead:
        Read(key, value);
        if (!valid(value)) Fail(key, "must be " + expected);
        return;
      case Mode::kEcho:
        (*json_)[key] = value;
        return;
      case Mode::kDescribe:
        keys_->push_back({Name(key), TypeName<T>(), value, expected, std::string(help)});
        return;
    }
  }
  // A number or the word auto (nullopt), with `valid` checked on numbers.
  template <typename Number>
  void GetNumberOrAuto(const std::string& key, std::optional<Number>& value, bool (*valid)(Number),
                       const std::string& expected, std::string_view help);
  // One of `choices`, written as name_of(choice) (the enum's own names, so each is spelled once).
  template <typename Enum, typename NameOf>
  void GetChoice(const std::string& key, Enum& value, std::initializer_list<Enum> choices, NameOf name_of,
                 std::string_view help) {
    std::string expected;
    for (size_t i = 0; i < choices.size(); ++i) {
      expected += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + std::string(name_of(choices.begin()[i]));
    }
    std::string name(name_of(value));
    Get(key, name, [&](const std::string& v) {
      return std::any_of(choices.begin(), choices.end(), [&](Enum choice) { return name_of(choice) == v; });
    }, expected, help);
    for (Enum choice : choices) {
      if (name_of(choice) == name) value = choice;
    }
  }
  // A nested mapping (an empty one when the key is absent).
  ConfigMap Section(const std::string& key, std::string_view help);
  // A list of mappings, each item read by read_item(ConfigMap item, Item& value) into `items` (kRead: as many as the
  // YAML lists; kEcho: each current item; kDescribe: one default item, its keys named key[].name).
  template <typename Item, typename ReadItem>
  void List(const std::string& key, std::vector<Item>& items, std::string_view help, ReadItem read_item) {
    switch (mode_) {
      case Mode::kRead: {
        std::vector<ConfigMap> maps = ReadList(key);
        items.assign(maps.size(), Item{});
        for (size_t i = 0; i < maps.size(); ++i) read_item(maps[i], items[i]);
        return;
      }
      case Mode::kEcho: {
        nlohmann::json& list = (*json_)[key] = nlohmann::json::array();
        for (Item& item : items) {
          nlohmann::json entry = nlohmann::json::object();
          read_item(Echo(&entry), item);
          list.push_back(std::move(entry));
        }
        return;
      }
      case Mode::kDescribe: {
        keys_->push_back({Name(key), "a list of mappings", nlohmann::json::array(), "", std::string(help)});
        Item item{};
        ConfigMap described = Describe(keys_);
        described.path_ = Name(key) + "[]";
        read_item(described, item);
        return;
      }
    }
  }
  // kRead: whether the YAML sets `key`; in the other modes every key is there.
  bool Has(const std::string& key) const;
  void Finish();

  [[noreturn]] void Fail(const std::string& key, const std::string& problem) const;
  // A check across keys: kRead fails naming `key`; echo and describe do not judge values again (they were read
  // before, or set in code).
  void Reject(const std::string& key, const std::string& problem) const {
    if (mode_ == Mode::kRead) Fail(key, problem);
  }
  std::string Where(const YAML::Mark& mark) const;
  std::string Name(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

 private:
  ConfigMap() = default;
  YAML::Node Lookup(const std::string& key);
  template <typename T>
  void Read(const std::string& key, T& value);
  template <typename T>
  T Convert(const std::string& key, const YAML::Node& node, const char* type_name);
  std::vector<ConfigMap> ReadList(const std::string& key);
  template <typename T>
  static std::string TypeName();

  Mode mode_ = Mode::kRead;
  YAML::Node node_;
  std::string file_;
  std::string path_;
  std::set<std::string> known_;
  std::shared_ptr<std::vector<std::string>> missing_;
  nlohmann::json* json_ = nullptr;
  std::vector<KeyDoc>* keys_ = nullptr;
};

// Loads a YAML file (or text, for tests) and hands its root mapping to `read`; parse errors name line:column.
void ReadConfigFile(const std::string& path, const std::function<void(ConfigMap&)>& read,
                    std::vector<std::string>* missing_keys = nullptr);
void ReadConfigText(const std::string& text, const std::string& name, const std::function<void(ConfigMap&)>& read,
                    std::vector<std::string>* missing_keys = nullptr);

}  // namespace leakgate::pipeline
