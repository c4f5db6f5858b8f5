#include "common/run_files.h"
#include "report/run_documents.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace leakgate::report {

namespace {

namespace fs = std::filesystem;

Document ReadDocument(const fs::path& run_dir, const std::string& name) {
  const fs::path path = run_dir / name;
  std::error_code ec;
  if (!fs::exists(path, ec)) return Document(nullptr, path.string());
  std::ifstream in(path, std::ios::binary);
  if (!in) throw common::InputError(path.string() + ": cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& error) {
    throw common::InputError(path.string() + ": is not valid JSON (byte " + std::to_string(error.byte) + ")");
  }
  if (!json.is_object()) throw common::InputError(path.string() + ": must hold a JSON object");
  return Document(std::move(json), path.string());
}

// redteam/redteam-<tier>.json in run_dir, sorted (the request logs and students beside them are not results).
std::vector<fs::path> RedTeamResultFiles(const fs::path& run_dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(run_dir / common::kRedTeamDir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_regular_file(ec) && name.starts_with("redteam-") && name.ends_with(".json")) {
      files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<Document> ReadRedTeamDocuments(const fs::path& run_dir) {
  std::vector<Document> documents;
  for (const fs::path& path : RedTeamResultFiles(run_dir)) {
    documents.push_back(ReadDocument(run_dir, path.lexically_relative(run_dir).string()));
  }
  return documents;
}

}  // namespace

const nlohmann::json* Document::Find(std::string_view pointer) const {
  if (!present()) return nullptr;
  const nlohmann::json* node = &json_;
  // Walks the pointer by hand so that a missing step or a scalar on the way reads as "absent".
  size_t start = 1;
  while (start <= pointer.size()) {
    const size_t end = std::min(pointer.find('/', start), pointer.size());
    const std::string key(pointer.substr(start, end - start));
    if (!node->is_object()) return nullptr;
    const auto found = node->find(key);
    if (found == node->end()) return nullptr;
    node = &*found;
    start = end + 1;
  }
  return node->is_null() ? nullptr : node;
}

void Document::Fail(std::string_view pointer, std::string_view expected) const {
  throw common::InputError(file_ + ": " + std::string(pointer) + " must be " + std::string(expected));
}

std::optional<double> Document::Number(std::string_view pointer) const {
  const nlohmann::json* node = Find(pointer);
  if (!node) return std::nullopt;
  if (!node->is_number()) Fail(pointer, "a number");
  return node->get<double>();
}

std::optional<bool> Document::Bool(std::string_view pointer) const {
  const nlohmann::json* node = Find(pointer);
  if (!node) return std::nullopt;
  if (!node->is_boolean()) Fail(pointer, "true or false");
  return node->get<bool>();
}

std::optional<std::string> Document::String(std::string_view pointer) const {
  const nlohmann::json* node = Find(pointer);
  if (!node) return std::nullopt;
  if (!node->is_string()) Fail(pointer, "a string");
  return node->get<std::string>();
}

double Document::RequiredNumber(std::string_view pointer) const {
  const auto value = Number(pointer);
  if (!value) Fail(pointer, "present (a number)");
  return *value;
}

RunDocuments LoadRunDocuments(const fs::path& run_dir) {
  std::error_code ec;
  if (!fs::is_directory(run_dir, ec)) throw common::InputError(run_dir.string() + ": is not a run directory");
  return {run_dir,
          ReadDocument(run_dir, common::kManifestFile),
          ReadDocument(run_dir, common::kHygieneFile),
          ReadDocument(run_dir, common::kPrivacyFile),
          ReadDocument(run_dir, common::kAuditFile),
          ReadDocument(run_dir, common::kDatasetLedgerFile),
          ReadRedTeamDocuments(run_dir)};
}

}  // namespace leakgate::report
