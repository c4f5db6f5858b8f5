#include "pipeline/config.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <thread>

#include "dedup/minhash/errors.h"
#include "pipeline/config_reader.h"
#include "pipeline/report_sections.h"

namespace leakgate::pipeline {

namespace {

bool OneOf(const std::string& value, std::initializer_list<const char*> choices) {
  for (const char* choice : choices) {
    if (value == choice) return true;
  }
  return false;
}

void ReadRun(ConfigMap map, RunConfig& run) {
  // The name becomes a directory under runs/ and appears in logs and reports: no path tricks, no control bytes.
  map.Get("name", run.name, [](const std::string& v) {
    return !v.empty() && v != "." && v != ".." && v.find('/') == std::string::npos &&
           std::none_of(v.begin(), v.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
  }, "a non-empty name without '/', control characters, or '.' / '..' alone");
  map.Get("out_dir", run.out_dir);
  map.Get("seed", run.seed);
  map.Get("threads", run.threads, [](int v) { return v >= 0 && v <= 1024; }, "between 0 (all cores) and 1024");
  map.Finish();
}

void ReadData(ConfigMap map, DataConfig& data, bool input_required) {
  if (input_required && !map.Has("input")) map.Fail("input", "is required (the JSONL or .jsonl.zst corpus)");
  if (map.Has("input")) map.Get("input", data.input, [](const std::string& v) { return !v.empty(); }, "a file path");
  map.Get("text_field", data.text_field, [](const std::string& v) { return !v.empty(); }, "a field name");
  map.Get("id_field", data.id_field);
  map.Get("label_field", data.label_field);
  map.Get("user_field", data.user_field);
  map.Get("max_record_bytes", data.max_record_bytes, [](uint64_t v) { return v >= 1; }, ">= 1");
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
    } catch (const dedup::MinHashError&) {
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
  ReadScrubSection(map.Section("scrub"), hygiene.scrub);
  map.Finish();
}

void ReadSplit(ConfigMap map, SplitConfig& split) {
  map.Get("audit_holdout", split.audit_holdout, [](double v) { return v >= 0.0 && v < 0.5; }, "in [0, 0.5)");
  map.Get("validation", split.validation, [](double v) { return v >= 0.0 && v < 0.5; }, "in [0, 0.5)");
  map.Get("max_members", split.max_members, [](int64_t v) { return v >= 0; }, ">= 0 (0: no limit)");
  ConfigMap canaries = map.Section("canaries");
  canaries.Get("count", split.canaries.count, [](int v) { return v >= 0 && v <= 100000; }, "between 0 and 100000");
  canaries.Get("repeats", split.canaries.repeats, [](const std::vector<int>& v) {
    for (int r : v) {
      if (r < 1 || r > 10000) return false;
    }
    return !v.empty();
  }, "a non-empty list of repetition counts between 1 and 10000");
  canaries.Finish();
  map.Finish();
}

bool IsNumberOrAuto(const std::string& text) {
  if (text == "auto") return true;
  try {
    size_t used = 0;
    const double value = std::stod(text, &used);
    return used == text.size() && value > 0.0 && value < 1.0;
  } catch (const std::exception&) {
    return false;
  }
}

void ReadTrain(ConfigMap map, TrainConfig& train) {
  std::string task = TaskName(train.task);
  map.Get("task", task, [](const std::string& v) { return ParseTask(v).has_value(); }, "lm or classifier");
  train.task = *ParseTask(task);
  map.Get("classes", train.classes, [](const std::vector<std::string>& v) {
    std::vector<std::string> sorted = v;
    std::sort(sorted.begin(), sorted.end());
    return std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end() &&
           std::none_of(v.begin(), v.end(), [](const std::string& c) { return c.empty(); });
  }, "a list of distinct, non-empty class names");
  ConfigMap model = map.Section("model");
  model.Get("kind", train.model.kind, [](const std::string& v) { return v == "transformer"; }, "transformer");
  model.Get("d_model", train.model.d_model, [](int v) { return v >= 8 && v <= 4096; }, "between 8 and 4096");
  model.Get("layers", train.model.layers, [](int v) { return v >= 1 && v <= 64; }, "between 1 and 64");
  model.Get("heads", train.model.heads, [](int v) { return v >= 1 && v <= 64; }, "between 1 and 64");
  model.Get("seq_len", train.model.seq_len, [](int v) { return v >= 8 && v <= 8192; }, "between 8 and 8192");
  model.Get("ffn", train.model.ffn, [](int v) { return v >= 8 && v <= 65536; }, "between 8 and 65536");
  if (train.model.d_model % train.model.heads != 0) {
    model.Fail("heads", "must divide train.model.d_model (" + std::to_string(train.model.d_model) + ")");
  }
  model.Finish();
  ConfigMap optimizer = map.Section("optimizer");
  optimizer.Get("kind", train.optimizer.kind, [](const std::string& v) { return OneOf(v, {"adam", "sgd"}); },
                "adam or sgd");
  optimizer.Get("lr", train.optimizer.lr, [](double v) { return v > 0.0 && v <= 10.0; }, "in (0, 10]");
  optimizer.Get("momentum", train.optimizer.momentum, [](double v) { return v >= 0.0 && v < 1.0; }, "in [0, 1)");
  optimizer.Get("weight_decay", train.optimizer.weight_decay, [](double v) { return v >= 0.0 && std::isfinite(v); },
                "a finite number >= 0");
  optimizer.Finish();
  map.Get("lr_schedule", train.lr_schedule, [](const std::string& v) { return OneOf(v, {"constant", "cosine"}); },
          "constant or cosine");
  map.Get("warmup_steps", train.warmup_steps, [](int v) { return v >= 0; }, ">= 0");
  map.Get("epochs", train.epochs, [](double v) { return v > 0.0 && v <= 10000.0; }, "in (0, 10000]");
  map.Get("batch_size", train.batch_size, [](int v) { return v >= 1; }, ">= 1");
  map.Get("physical_batch", train.physical_batch, [](int v) { return v >= 1; }, ">= 1");
  map.Get("eval_every", train.eval_every, [](int v) { return v >= 1; }, ">= 1 (steps)");
  map.Get("eval_records", train.eval_records, [](int v) { return v >= 1; }, ">= 1");
  map.Get("checkpoint_every", train.checkpoint_every, [](int v) { return v >= 1; }, ">= 1 (steps)");
  map.Finish();
}

void ReadPrivacy(ConfigMap map, PrivacyConfig& privacy) {
  map.Get("enabled", privacy.enabled);
  map.Get("target_epsilon", privacy.target_epsilon, [](double v) { return v > 0.0 && v <= 1000.0; },
          "in (0, 1000]");
  map.Get("delta", privacy.delta, IsNumberOrAuto, "auto (1 / (100 * privacy units)) or a number in (0, 1)");
  map.Get("max_grad_norm", privacy.max_grad_norm, [](double v) { return v > 0.0 && std::isfinite(v); },
          "a finite number > 0 (an infinite bound clips nothing, so the noise protects nothing)");
  map.Get("accountant", privacy.accountant, [](const std::string& v) { return OneOf(v, {"rdp", "prv"}); },
          "rdp or prv");
  map.Get("clipping", privacy.clipping, [](const std::string& v) { return OneOf(v, {"ghost", "materialized"}); },
          "ghost or materialized");
  map.Get("max_noise_multiplier", privacy.max_noise_multiplier, [](double v) { return v > 0.0 && std::isfinite(v); },
          "a finite number > 0");
  map.Get("secure_rng", privacy.secure_rng);
  map.Get("ledger", privacy.ledger, [](const std::string& v) { return !v.empty(); }, "auto or a file path");
  map.Get("dataset_name", privacy.dataset_name);
  map.Get("gradient_canaries", privacy.gradient_canaries, [](int64_t v) { return v >= 0 && v <= 10000000; },
          "between 0 (no white-box audit) and 10000000");
  map.Finish();
}

void ReadConfig(ConfigMap& root, Config& config, bool input_required = true) {
  ReadRun(root.Section("run"), config.run);
  ReadData(root.Section("data"), config.data, input_required);
  ReadHygiene(root.Section("hygiene"), config.hygiene);
  ReadSplit(root.Section("split"), config.split);
  const ConfigMap train = root.Section("train");
  ReadTrain(train, config.train);
  if (config.train.task == Task::kClassifier && config.data.label_field.empty()) {
    train.Fail("task", "is classifier, which needs data.label_field (the field holding each record's class)");
  }
  if (config.train.task == Task::kClassifier && config.train.classes.size() < 2) {
    train.Fail("task", "is classifier, which needs train.classes: the list of at least two classes, written in the "
                       "config (a label set read from the private records would reveal them)");
  }
  ReadPrivacy(root.Section("privacy"), config.privacy);
  ReadAuditConfig(root.Section("audit"), config.audit, config.train.task);
  ReadGateConfig(root.Section("gate"), config.gate);
  ReadReportConfig(root.Section("report"), config.report);
  root.Finish();
}

}  // namespace

corpus::CorpusOptions Config::CorpusOptions() const {
  corpus::CorpusOptions options;
  options.text_field = data.text_field;
  options.id_field = data.id_field;
  options.label_field = data.label_field;
  options.user_field = data.user_field;
  options.on_bad_record = corpus::ParseBadRecordPolicy(data.on_bad_record);
  options.max_record_bytes = data.max_record_bytes;
  return options;
}

std::string Config::LedgerPath(const std::filesystem::path& run_dir) const {
  if (privacy.ledger != "auto") return privacy.ledger;
  const std::filesystem::path out = run_dir.lexically_normal();
  const std::filesystem::path parent = out.has_parent_path() ? out.parent_path() : std::filesystem::path(".");
  return (parent / "privacy-ledger.json").string();
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
  const auto& split = config.split;
  const auto& train = config.train;
  const auto& privacy = config.privacy;
  return {
      {"run", {{"name", config.run.name}, {"out_dir", config.OutDir()}, {"seed", config.run.seed},
               {"threads", config.run.threads}}},
      {"data", {{"input", config.data.input}, {"text_field", config.data.text_field},
                {"id_field", config.data.id_field}, {"label_field", config.data.label_field},
                {"user_field", config.data.user_field}, {"max_record_bytes", config.data.max_record_bytes},
                {"on_bad_record", config.data.on_bad_record}}},
      {"hygiene", {{"exact_dedup", config.hygiene.exact_dedup},
                   {"keep", config.hygiene.keep},
                   {"near_dedup", {{"enabled", near.enabled}, {"num_perm", near.num_perm}, {"seed", near.seed},
                                   {"hash", near.hash}, {"shingle", near.shingle}, {"nfkc", near.nfkc},
                                   {"threshold", near.threshold}, {"weights", near.weights}}},
                   {"scrub", ScrubSectionToJson(config.hygiene.scrub)}}},
      {"split", {{"audit_holdout", split.audit_holdout}, {"validation", split.validation},
                 {"max_members", split.max_members},
                 {"canaries", {{"count", split.canaries.count}, {"repeats", split.canaries.repeats}}}}},
      {"train", {{"task", TaskName(train.task)}, {"classes", train.classes},
                 {"model", {{"kind", train.model.kind}, {"d_model", train.model.d_model},
                            {"layers", train.model.layers}, {"heads", train.model.heads},
                            {"seq_len", train.model.seq_len}, {"ffn", train.model.ffn}}},
                 {"optimizer", {{"kind", train.optimizer.kind}, {"lr", train.optimizer.lr},
                                {"momentum", train.optimizer.momentum},
                                {"weight_decay", train.optimizer.weight_decay}}},
                 {"lr_schedule", train.lr_schedule}, {"warmup_steps", train.warmup_steps},
                 {"epochs", train.epochs}, {"batch_size", train.batch_size},
                 {"physical_batch", train.physical_batch}, {"eval_every", train.eval_every},
                 {"eval_records", train.eval_records}, {"checkpoint_every", train.checkpoint_every}}},
      {"privacy", {{"enabled", privacy.enabled}, {"target_epsilon", privacy.target_epsilon},
                   {"delta", privacy.delta}, {"max_grad_norm", privacy.max_grad_norm},
                   {"accountant", privacy.accountant}, {"clipping", privacy.clipping},
                   {"max_noise_multiplier", privacy.max_noise_multiplier}, {"secure_rng", privacy.secure_rng},
                   {"ledger", privacy.ledger}, {"dataset_name", privacy.dataset_name},
                   {"gradient_canaries", privacy.gradient_canaries}}},
      {"audit", AuditConfigToJson(config.audit)},
      {"gate", ToJson(config.gate)},
      {"report", ToJson(config.report)},
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

ScrubSection LoadScrubSection(const std::string& path) {
  Config config;
  ReadConfigFile(path, [&](ConfigMap& root) { ReadConfig(root, config, /*input_required=*/false); });
  return config.hygiene.scrub;
}

}  // namespace leakgate::pipeline
