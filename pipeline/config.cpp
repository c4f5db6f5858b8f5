#include "pipeline/config.h"

#include <cmath>
#include <thread>

#include "pipeline/config_reader.h"

namespace leakgate::pipeline {

namespace {

bool OneOf(const std::string& value, std::initializer_list<const char*> choices) {
  for (const char* choice : choices) {
    if (value == choice) return true;
  }
  return false;
}

void ReadRun(ConfigMap map, RunConfig& run) {
  map.Get("name", run.name, [](const std::string& v) { return !v.empty() && v.find('/') == std::string::npos; },
          "a non-empty name without '/'");
  map.Get("out_dir", run.out_dir);
  map.Get("seed", run.seed);
  map.Get("threads", run.threads, [](int v) { return v >= 0 && v <= 1024; }, "between 0 (all cores) and 1024");
  map.Finish();
}

void ReadData(ConfigMap map, DataConfig& data) {
  if (!map.Has("input")) map.Fail("input", "is required (the JSONL or .jsonl.zst corpus)");
  map.Get("input", data.input, [](const std::string& v) { return !v.empty(); }, "a file path");
  map.Get("text_field", data.text_field, [](const std::string& v) { return !v.empty(); }, "a field name");
  map.Get("id_field", data.id_field);
  map.Get("label_field", data.label_field);
  map.Get("on_bad_record", data.on_bad_record, [](const std::string& v) { return OneOf(v, {"fail", "skip"}); },
          "fail or skip");
  map.Finish();
}

void ReadNearDedup(ConfigMap map, NearDedupConfig& near) {
  map.Get("enabled", near.enabled);
  map.Get("num_perm", near.num_perm, [](int v) { return v >= 2 && v <= 4096; }, "between 2 and 4096");
  map.Get("seed", near.seed, [](uint64_t v) { return v <= 0xFFFFFFFFull; }, "between 0 and 2^32-1");
  map.Get("hash", near.hash, [](const std::string& v) { return OneOf(v, {"xxh32", "xxh64", "sha1"}); },
          "xxh32, xxh64 or sha1");
  map.Get("shingle", near.shingle, [](const std::string& v) {
    try {
      dedup::ShingleSpec::Parse(v);
      return true;
    } catch (const std::invalid_argument&) {
      return false;
    }
  }, "words:N or chars:N with 1 <= N <= 4096");
  map.Get("nfkc", near.nfkc);
  map.Get("threshold", near.threshold, [](double v) { return v > 0.0 && v <= 1.0; }, "in (0, 1]");
  map.Get("weights", near.weights, [](const std::vector<double>& v) {
    return v.size() == 2 && v[0] >= 0 && v[1] >= 0 && v[0] + v[1] == 1.0;
  }, "[false_positive_weight, false_negative_weight], each in [0, 1], summing to 1");
  map.Finish();
}

void ReadHygiene(ConfigMap map, HygieneConfig& hygiene) {
  map.Get("exact_dedup", hygiene.exact_dedup);
  map.Get("keep", hygiene.keep, [](const std::string& v) { return OneOf(v, {"first", "longest"}); },
          "first or longest");
  ReadNearDedup(map.Section("near_dedup"), hygiene.near_dedup);
  map.Finish();
}

void ReadConfig(ConfigMap& root, Config& config) {
  ReadRun(root.Section("run"), config.run);
  ReadData(root.Section("data"), config.data);
  ReadHygiene(root.Section("hygiene"), config.hygiene);
  root.Finish();
}

}  // namespace

dedup::CorpusOptions Config::CorpusOptions() const {
  dedup::CorpusOptions options;
  options.text_field = data.text_field;
  options.id_field = data.id_field;
  options.label_field = data.label_field;
  options.on_bad_record = dedup::ParseBadRecordPolicy(data.on_bad_record);
  return options;
}

dedup::DedupOptions Config::DedupOptions() const {
  dedup::DedupOptions options;
  options.exact = hygiene.exact_dedup;
  options.near = hygiene.near_dedup.enabled;
  options.num_perm = hygiene.near_dedup.num_perm;
  options.seed = hygiene.near_dedup.seed;
  options.hash = dedup::ParseHashFunction(hygiene.near_dedup.hash);
  options.shingle = dedup::ShingleSpec::Parse(hygiene.near_dedup.shingle);
  options.nfkc = hygiene.near_dedup.nfkc;
  options.threshold = hygiene.near_dedup.threshold;
  options.weight_fp = hygiene.near_dedup.weights[0];
  options.weight_fn = hygiene.near_dedup.weights[1];
  options.keep = dedup::ParseKeepPolicy(hygiene.keep);
  options.threads = run.threads;
  return options;
}

nlohmann::json ConfigToJson(const Config& config) {
  const auto& near = config.hygiene.near_dedup;
  return {
      {"run", {{"name", config.run.name}, {"out_dir", config.OutDir()}, {"seed", config.run.seed},
               {"threads", config.run.threads}}},
      {"data", {{"input", config.data.input}, {"text_field", config.data.text_field},
                {"id_field", config.data.id_field}, {"label_field", config.data.label_field},
                {"on_bad_record", config.data.on_bad_record}}},
      {"hygiene", {{"exact_dedup", config.hygiene.exact_dedup},
                   {"keep", config.hygiene.keep},
                   {"near_dedup", {{"enabled", near.enabled}, {"num_perm", near.num_perm}, {"seed", near.seed},
                                   {"hash", near.hash}, {"shingle", near.shingle}, {"nfkc", near.nfkc},
                                   {"threshold", near.threshold}, {"weights", near.weights}}}}},
  };
}

Config ParseConfig(const std::string& yaml, const std::string& name, std::vector<std::string>* missing_keys) {
  Config config;
  ReadConfigText(yaml, name, [&](ConfigMap& root) { ReadConfig(root, config); }, missing_keys);
  return config;
}

Config LoadConfig(const std::string& path) {
  Config config;
  ReadConfigFile(path, [&](ConfigMap& root) { ReadConfig(root, config); });
  return config;
}

}  // namespace leakgate::pipeline
