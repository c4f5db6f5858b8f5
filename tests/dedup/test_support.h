// Shared fixtures for the MinHash/LSH tests: reference JSON, the two corpora, SHA-256 hex.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace leakgate::dedup::testing {

struct Corpus {
  std::vector<std::string> ids;
  std::vector<std::string> texts;
  std::unordered_map<std::string, size_t> index_of_id;
};

// tests/data/<relative_path> parsed as JSON (cached).
const nlohmann::json& ReferenceJson(const std::string& relative_path);
// tests/data/corpora/fortunes.jsonl and copyrights.jsonl.zst (cached).
const Corpus& Fortunes();
const Corpus& Copyrights();

}  // namespace leakgate::dedup::testing
