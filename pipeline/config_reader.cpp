#include "pipeline/config_reader.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include <yaml-cpp/eventhandler.h>

#include "corpus/corpus.h"

namespace leakgate::pipeline {

namespace {

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitution});
    }
  }
  return row[b.size()];
}

std::string DescribeNode(const YAML::Node& node) {
  if (node.IsNull()) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return "'" + node.Scalar() + "'";
}

std::string At(const std::string& name, const YAML::Mark& mark) {
  return name + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

// yaml-cpp keeps the first of two equal keys and drops the other silently (epochs: 4 then epochs: 400; a second
// privacy: block): refuse them, naming both places. A node reached again through an alias is checked once.
void RejectDuplicateKeys(const YAML::Node& node, const std::string& name,
                         std::set<std::pair<int, int>>& checked) {
  if (!node.IsMap() && !node.IsSequence()) return;
  if (!checked.insert({node.Mark().line, node.Mark().column}).second) return;
  if (node.IsSequence()) {
    for (const auto& item : node) RejectDuplicateKeys(item, name, checked);
    return;
  }
  std::map<std::string, YAML::Mark> seen;
  for (const auto& entry : node) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    const auto [first, inserted] = seen.emplace(key, entry.first.Mark());
    if (!inserted) {
      throw common::ConfigError(At(name, entry.first.Mark()) + ": duplicate key '" + key + "' (first at line " +
                        std::to_string(first->second.line + 1) + "; YAML would silently keep only one of them)");
    }
    RejectDuplicateKeys(entry.second, name, checked);
  }
}

}  // namespace

ConfigMap::ConfigMap(YAML::Node node, std::string file, std::string path,
                     std::shared_ptr<std::vector<std::string>> missing)
    : node_(std::move(node)), file_(std::move(file)), path_(std::move(path)), missing_(std::move(missing)) {
  if (node_.IsDefined() && !node_.IsNull() && !node_.IsMap()) {
    throw common::ConfigError(Where(node_.Mark()) + ": '" + (path_.empty() ? "the config" : path_) +
                      "' must be a mapping of keys to values");
  }
}

std::string ConfigMap::Where(const YAML::Mark& mark) const {
  if (mark.is_null()) return file_;
  return file_ + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

void ConfigMap::Fail(const std::string& key, const std::string& problem) const {
  if (mode_ != Mode::kRead) {
    throw common::InternalError("the declaration of config key " + Name(key) + " rejected a value it was given: " +
                                problem);
  }
  const YAML::Node value = node_.IsMap() ? node_[key] : YAML::Node();
  const YAML::Mark mark = value.IsDefined() ? value.Mark() : node_.Mark();
  throw common::ConfigError(Where(mark) + ": " + Name(key) + " " + problem);
}

bool ConfigMap::Has(const std::string& key) const {
  return mode_ != Mode::kRead || (node_.IsMap() && node_[key].IsDefined());
}

YAML::Node ConfigMap::Lookup(const std::string& key) {
  known_.insert(key);
  // An absent key must read as undefined; a default-constructed YAML::Node is a defined null.
  const YAML::Node value = node_.IsMap() ? node_[key] : YAML::Node(YAML::NodeType::Undefined);
  if (!value.IsDefined() && missing_) missing_->push_back(Name(key));
  return value;
}

template <typename T>
T ConfigMap::Convert(const std::string& key, const YAML::Node& node, const char* type_name) {
  if (!node.IsScalar()) Fail(key, std::string("must be ") + type_name + ", got " + DescribeNode(node));
  try {
    return node.as<T>();
  } catch (const YAML::BadConversion&) {
    Fail(key, std::string("must be ") + type_name + ", got " + DescribeNode(node));
  }
}

ConfigMap ConfigMap::Echo(nlohmann::json* json) {
  ConfigMap map;
  map.mode_ = Mode::kEcho;
  map.json_ = json;
  return map;
}

ConfigMap ConfigMap::Describe(std::vector<KeyDoc>* keys) {
  ConfigMap map;
  map.mode_ = Mode::kDescribe;
  map.keys_ = keys;
  return map;
}

template <typename T>
void ConfigMap::Read(const std::string& key, T& value) {
  const YAML::Node node = Lookup(key);
  if (!node.IsDefined()) return;
  if constexpr (std::is_same_v<T, bool>) {
    value = Convert<bool>(key, node, "true or false");
  } else if constexpr (std::is_integral_v<T>) {
    value = Convert<T>(key, node, "an integer");
  } else if constexpr (std::is_floating_point_v<T>) {
    value = Convert<T>(key, node, "a number");
  } else if constexpr (std::is_same_v<T, std::string>) {
    value = node.IsNull() ? std::string() : Convert<std::string>(key, node, "a string");
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    value.clear();
    if (node.IsScalar()) {
      value.push_back(node.Scalar());  // a single string stands for a list of one
      return;
    }
    if (!node.IsSequence()) Fail(key, "must be a list of strings, got " + DescribeNode(node));
    for (const auto& item : node) value.push_back(Convert<std::string>(key, item, "a list of strings"));
  } else if constexpr (std::is_same_v<T, std::map<std::string, std::string>>) {
    if (node.IsNull()) return;
    if (!node.IsMap()) Fail(key, "must be a mapping of names to strings, got " + DescribeNode(node));
    value.clear();
    for (const auto& entry : node) {
      value[entry.first.Scalar()] = Convert<std::string>(key + "." + entry.first.Scalar(), entry.second, "a string");
    }
  } else if constexpr (std::is_same_v<T, std::vector<int>> || std::is_same_v<T, std::vector<double>>) {
    using Element = typename T::value_type;
    const char* what = std::is_same_v<Element, int> ? "a list of integers" : "a list of numbers";
    if (!node.IsSequence()) Fail(key, std::string("must be ") + what + ", got " + DescribeNode(node));
    value.clear();
    for (const auto& item : node) value.push_back(Convert<Element>(key, item, what));
  } else {
    static_assert(sizeof(T) == 0, "unsupported config value type");
  }
}

template <typename T>
std::string ConfigMap::TypeName() {
  if constexpr (std::is_same_v<T, bool>) {
    return "true or false";
  } else if constexpr (std::is_integral_v<T>) {
    return "an integer";
  } else if constexpr (std::is_floating_point_v<T>) {
    return "a number";
  } else if constexpr (std::is_same_v<T, std::string>) {
    return "a string";
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    return "a list of strings";
  } else if constexpr (std::is_same_v<T, std::vector<int>>) {
    return "a list of integers";
  } else if constexpr (std::is_same_v<T, std::vector<double>>) {
    return "a list of numbers";
  } else {
    static_assert(std::is_same_v<T, std::map<std::string, std::string>>, "unsupported config value type");
    return "a mapping of names to strings";
  }
}

#define LEAKGATE_CONFIG_VALUE_TYPE(T)                          \
  template void ConfigMap::Read(const std::string&, T&);       \
  template std::string ConfigMap::TypeName<T>();
LEAKGATE_CONFIG_VALUE_TYPE(bool)
LEAKGATE_CONFIG_VALUE_TYPE(int)
LEAKGATE_CONFIG_VALUE_TYPE(int64_t)
LEAKGATE_CONFIG_VALUE_TYPE(uint64_t)
LEAKGATE_CONFIG_VALUE_TYPE(double)
LEAKGATE_CONFIG_VALUE_TYPE(std::string)
LEAKGATE_CONFIG_VALUE_TYPE(std::vector<std::string>)
LEAKGATE_CONFIG_VALUE_TYPE(std::vector<int>)
LEAKGATE_CONFIG_VALUE_TYPE(std::vector<double>)
using NameMap = std::map<std::string, std::string>;
LEAKGATE_CONFIG_VALUE_TYPE(NameMap)
#undef LEAKGATE_CONFIG_VALUE_TYPE

template <typename Number>
void ConfigMap::GetNumberOrAuto(const std::string& key, std::optional<Number>& value, bool (*valid)(Number),
                                const std::string& expected, std::string_view help) {
  const auto as_json = [&] { return value ? nlohmann::json(*value) : nlohmann::json("auto"); };
  switch (mode_) {
    case Mode::kRead: {
      const YAML::Node node = Lookup(key);
      if (!node.IsDefined()) return;
      if (node.IsScalar() && node.Scalar() == "auto") {
        value.reset();
        return;
      }
      value = Convert<Number>(key, node, expected.c_str());
      if (!valid(*value)) Fail(key, "must be " + expected);
      return;
    }
    case Mode::kEcho:
      (*json_)[key] = as_json();
      return;
    case Mode::kDescribe:
      keys_->push_back({Name(key), std::is_integral_v<Number> ? "auto or an integer" : "auto or a number", as_json(),
                        expected, std::string(help)});
      return;
  }
}

template void ConfigMap::GetNumberOrAuto(const std::string&, std::optional<int>&, bool (*)(int), const std::string&,
                                         std::string_view);
template void ConfigMap::GetNumberOrAuto(const std::string&, std::optional<double>&, bool (*)(double),
                                         const std::string&, std::string_view);

ConfigMap ConfigMap::Section(const std::string& key, std::string_view help) {
  switch (mode_) {
    case Mode::kRead:
      return ConfigMap(Lookup(key), file_, Name(key), missing_);
    case Mode::kEcho:
      return Echo(&((*json_)[key] = nlohmann::json::object()));
    case Mode::kDescribe:
      break;
  }
  keys_->push_back({Name(key), "a section", nlohmann::json::object(), "", std::string(help)});
  ConfigMap section = Describe(keys_);
  section.path_ = Name(key);
  return section;
}

std::vector<ConfigMap> ConfigMap::ReadList(const std::string& key) {
  const YAML::Node node = Lookup(key);
  std::vector<ConfigMap> sections;
  if (!node.IsDefined() || node.IsNull()) return sections;
  if (!node.IsSequence()) Fail(key, "must be a list of mappings, got " + DescribeNode(node));
  for (size_t i = 0; i < node.size(); ++i) {
    sections.emplace_back(node[i], file_, Name(key) + "[" + std::to_string(i) + "]", nullptr);
  }
  return sections;
}

void ConfigMap::Finish() {
  if (mode_ != Mode::kRead || !node_.IsMap()) return;
  for (const auto& entry : node_) {
    const std::string key = entry.first.Scalar();
    if (known_.count(key)) continue;
    std::string suggestion;
    size_t best = 3;
    for (const auto& candidate : known_) {
      const size_t distance = EditDistance(key, candidate);
      if (distance < best) {
        best = distance;
        suggestion = candidate;
      }
    }
    std::string hint = suggestion.empty() ? "" : "did you mean '" + Name(suggestion) + "'? ";
    std::string known_list;
    for (const auto& candidate : known_) known_list += (known_list.empty() ? "" : ", ") + candidate;
    throw common::ConfigError(Where(entry.first.Mark()) + ": unknown key '" + Name(key) + "' (" + hint +
                      "known keys here: " + known_list + ")");
  }
}

namespace {

// Where each YAML document starts, read with the event parser and at most two documents deep. yaml-cpp 0.7 reports
// a stray ',' at the top level as an endless run of empty documents that never consume it (upstream issue 1040), so
// YAML::LoadAll would allocate until the process dies; two documents starting at one place show that loop.
class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts;
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

}  // namespace

void ReadConfigText(const std::string& text, const std::string& name, const std::function<void(ConfigMap&)>& read,
                    std::vector<std::string>* missing_keys) {
  // Every value ends up in JSON (manifest, reports), which holds only UTF-8.
  if (const auto bad = corpus::FindInvalidUtf8(text)) {
    const std::string_view before = std::string_view(text).substr(0, *bad);
    const size_t line = static_cast<size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
    const size_t last_newline = before.rfind('\n');
    const size_t column = last_newline == std::string_view::npos ? *bad + 1 : *bad - last_newline;
    throw common::ConfigError(name + ":" + std::to_string(line) + ":" + std::to_string(column) +
                      ": invalid UTF-8 (a config must be UTF-8 text)");
  }
  YAML::Node root;
  try {
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    DocumentStarts documents;
    while (documents.starts.size() < 2 && parser.HandleNextDocument(documents)) {
    }
    if (documents.starts.size() == 2) {
      const YAML::Mark& second = documents.starts[1];
      if (second.pos == documents.starts[0].pos) {
        throw common::ConfigError(At(name, second) + ": invalid YAML: unexpected '" + text.substr(second.pos, 1) + "'");
      }
      throw common::ConfigError(At(name, second) +
                        ": a second YAML document (after '---'); a config is one document, and the second would be "
                        "ignored");
    }
    root = YAML::Load(text);
  } catch (const YAML::Exception& error) {
    throw common::ConfigError(At(name, error.mark) + ": invalid YAML: " + error.msg);
  }
  if (!root.IsDefined() || root.IsNull()) throw common::ConfigError(name + ": the config is empty");
  std::set<std::pair<int, int>> checked;
  RejectDuplicateKeys(root, name, checked);
  auto missing = std::make_shared<std::vector<std::string>>();
  ConfigMap map(root, name, "", missing);
  read(map);
  if (missing_keys) *missing_keys = *missing;
}

void ReadConfigFile(const std::string& path, const std::function<void(ConfigMap&)>& read,
                    std::vector<std::string>* missing_keys) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw common::ConfigError(path + ": cannot open the config file");
  std::stringstream text;
  text << in.rdbuf();
  ReadConfigText(text.str(), path, read, missing_keys);
}

}  // namespace leakgate::pipeline
