// Human text for tests: the fortunes corpus of tests/data/corpora, in file order.
#pragma once

#include <cstddef>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace leakgate::testing {

// The first `count` fortunes of at least `min_bytes` bytes (fewer when the file has fewer).
inline std::vector<std::string> Fortunes(std::size_t count, std::size_t min_bytes) {
  std::ifstream file(std::string(LEAKGATE_TEST_DATA_DIR) + "/corpora/fortunes.jsonl");
  std::vector<std::string> texts;
  std::string line;
  while (texts.size() < count && std::getline(file, line)) {
    std::string text = nlohmann::json::parse(line)["text"].get<std::string>();
    if (text.size() >= min_bytes) texts.push_back(std::move(text));
  }
  return texts;
}

}  // namespace leakgate::testing
