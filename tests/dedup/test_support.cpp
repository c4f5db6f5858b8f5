#include "test_support.h"

#include "corpus/corpus.h"

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
  corpus::CorpusReader reader(path, corpus::CorpusOptions{});
  for (corpus::Record record; reader.Next(record);) {
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

}  // namespace leakgate::dedup::testing
