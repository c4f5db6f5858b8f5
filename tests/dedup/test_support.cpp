#include "test_support.h"

#include <openssl/evp.h>
#include <zstd.h>

#include <fstream>
#include <map>
#include <memory>
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

std::string Decompress(const std::string& compressed) {
  std::unique_ptr<ZSTD_DStream, decltype(&ZSTD_freeDStream)> stream(ZSTD_createDStream(), &ZSTD_freeDStream);
  ZSTD_initDStream(stream.get());
  std::string out;
  std::vector<char> buffer(ZSTD_DStreamOutSize());
  ZSTD_inBuffer input{compressed.data(), compressed.size(), 0};
  while (input.pos < input.size) {
    ZSTD_outBuffer output{buffer.data(), buffer.size(), 0};
    const size_t status = ZSTD_decompressStream(stream.get(), &output, &input);
    if (ZSTD_isError(status)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(status));
    out.append(buffer.data(), output.pos);
  }
  return out;
}

Corpus ParseJsonl(const std::string& content) {
  Corpus corpus;
  std::istringstream lines(content);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    const nlohmann::json record = nlohmann::json::parse(line);
    corpus.index_of_id[record.at("id").get<std::string>()] = corpus.ids.size();
    corpus.ids.push_back(record.at("id").get<std::string>());
    corpus.texts.push_back(record.at("text").get<std::string>());
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
  static const Corpus corpus = ParseJsonl(ReadFile(DataPath("corpora/fortunes.jsonl")));
  return corpus;
}

const Corpus& Copyrights() {
  static const Corpus corpus = ParseJsonl(Decompress(ReadFile(DataPath("corpora/copyrights.jsonl.zst"))));
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
