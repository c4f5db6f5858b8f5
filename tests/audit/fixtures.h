// Loads the reference values that scripts/gen_audit_fixtures.py computed with scikit-learn and SciPy.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace leakgate::audit::testing {

// Keep the result in a variable before iterating: `for (auto& c : load_fixture(x)["cases"])` dangles.
inline nlohmann::json load_fixture(const std::string& name) {
  const std::string path = std::string(LEAKGATE_TEST_DATA_DIR) + "/audit/" + name + ".json";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open fixture " + path);
  return nlohmann::json::parse(in);
}

}  // namespace leakgate::audit::testing
