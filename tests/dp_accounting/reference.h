// Loads the Opacus reference values (tests/data/opacus/accountants.json) shared by the accounting tests.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace leakgate::dp::testing {

inline const nlohmann::json& OpacusReference() {
  static const nlohmann::json reference = [] {
    const std::string path = std::string(LEAKGATE_TEST_DATA_DIR) + "/opacus/accountants.json";
    std::ifstream file(path);
    if (!file) throw std::runtime_error("cannot open " + path);
    return nlohmann::json::parse(file);
  }();
  return reference;
}

}  // namespace leakgate::dp::testing
