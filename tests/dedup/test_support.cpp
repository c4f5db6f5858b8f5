#include "test_support.h"

#include "dedup/io/corpus.h"

#include <openssl/evp.h>

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace leakgate::dedup::testing {
namespace {

std::string DataPath(const std::string& relative_path) { return std::string(LEAKGATE_TEST_DATA_DIR) + "/" + relative_path; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

Corpus ReadCorpus(const std::string& path) {
  Corpus corpus;
  CorpusReader reader(path, CorpusOptions{});
  for (Record record; reader.Next(record);) {
    corpus.index_of_id[record.id] = corpus.ids.size();
    corpus.ids.push_back(record.id);
    corpus.texts.push_back(record.text);
  }
  return corpus;
}

}  // namespace

const nlohmann::json& ReferenceJson(const std::string& relative_path) {
  static std::map<std::string, nlohmann::json> cache;
  auto found = cache.find(relative_path);
  if (found == cache.end()) {
    found = cache.emplace(relative_path, nlohmann::json::parse(ReadFile(DataPath(relative_path)))).first;
  }
  return found->second;
}

const Corpus& Fortunes() {
  static const Corpus corpus = ReadCorpus(DataPath("corpora/fortunes.jsonl"));
  return corpus;
}

const Corpus& Copyrights() {
  static const Corpus corpus = ReadCorpus(DataPath("corpora/copyrights.jsonl.zst"));
  return corpus;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 15]);
  }
  return hex;
}

}  // namespace leakgate::dedup::testing
