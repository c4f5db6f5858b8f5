// The run configuration (one YAML file): typed sections with the defaults documented in configs/reference.yaml.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dedup/dedup.h"
#include "dedup/io/corpus.h"

namespace leakgate::pipeline {

struct RunConfig {
  std::string name = "demo";
  std::string out_dir;  // empty: runs/<name>
  uint64_t seed = 1234;
  int threads = 0;  // 0: all cores
  bool operator==(const RunConfig&) const = default;
};

struct DataConfig {
  std::string input;  // required
  std::string text_field = "text";
  std::string id_field = "id";
  std::string label_field;
  std::string on_bad_record = "fail";
  bool operator==(const DataConfig&) const = default;
};

struct NearDedupConfig {
  bool enabled = true;
  int num_perm = 128;
  uint64_t seed = 1;
  std::string hash = "xxh32";
  std::string shingle = "words:5";
  bool nfkc = false;
  double threshold = 0.8;
  std::vector<double> weights = {0.5, 0.5};
  bool operator==(const NearDedupConfig&) const = default;
};

struct HygieneConfig {
  bool exact_dedup = true;
  std::string keep = "first";
  NearDedupConfig near_dedup;
  bool operator==(const HygieneConfig&) const = default;
};

struct Config {
  RunConfig run;
  DataConfig data;
  HygieneConfig hygiene;
  bool operator==(const Config&) const = default;

  // The directory this run writes to: run.out_dir, or runs/<run.name>.
  std::string OutDir() const { return run.out_dir.empty() ? "runs/" + run.name : run.out_dir; }
  dedup::CorpusOptions CorpusOptions() const;
  dedup::DedupOptions DedupOptions() const;
};

// The resolved config (defaults filled in) as JSON, for the manifest, cache keys and reports.
nlohmann::json ConfigToJson(const Config& config);

// Reads and validates a config file; any problem is a ConfigError naming file:line:column and the key.
Config LoadConfig(const std::string& path);
// For tests: the same from YAML text; `missing_keys` receives the known keys the text did not set.
Config ParseConfig(const std::string& yaml, const std::string& name, std::vector<std::string>* missing_keys = nullptr);

}  // namespace leakgate::pipeline
