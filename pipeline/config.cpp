#include "pipeline/config.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <regex>
#include <sstream>
#include <thread>

#include "dedup/minhash/errors.h"
#include "pipeline/config_reader.h"
#include "pipeline/report_sections.h"
#include "report/format.h"

namespace leakgate::pipeline {

namespace {

void ReadRun(ConfigMap map, RunConfig& run) {
  // The name becomes a directory under runs/ and appears in logs and reports: no path tricks, no control bytes.
  map.Get("name", run.name, [](const std::string& v) {
    return !v.empty() && v != "." && v != ".." && v.find('/') == std::string::npos &&
           std::none_of(v.begin(), v.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
  }, "a non-empty name without '/', control characters, or '.' / '..' alone",
      "Name of the run; the run directory defaults to runs/<name>.");
  map.Get("out_dir", run.out_dir,
      "Run directory (manifest, clean corpus, reports). Empty: runs/<name>.");
  map.Get("seed", run.seed,
      "Seed of every random choice (splits, sampling, noise unless secure), so a run is reproducible "
      "bit for bit.");
  map.Get("threads", run.threads, [](int v) { return v >= 0 && v <= 1024; }, "between 0 (all cores) and 1024",
      "Worker threads for hashing, scrubbing and training. 0: all cores.");
  map.Finish();
}

void ReadData(ConfigMap map, DataConfig& data, bool input_required) {
  if (input_required && !map.Has("input")) map.Fail("input", "is required (the JSONL or .jsonl.zst corpus)");
  if (map.Has("input")) map.Get("input", data.input, [](const std::string& v) { return !v.empty(); }, "a file path",
      "The corpus: JSONL, one JSON object per line, plain or zstd-compressed (.jsonl.zst). Required.");
  map.Get("text_field", data.text_field, [](const std::string& v) { return !v.empty(); }, "a field name",
      "Dotted path of the text field inside each record (e.g. note.body).");
  map.Get("id_field", data.id_field,
      "Dotted path of the record id. Empty: the line number is the id.");
  map.Get("label_field", data.label_field,
      "Dotted path of a class label, for the classifier task. Empty: no labels.");
  map.Get("user_field", data.user_field,
      "Dotted path of the person a record is about (a patient or account id), read before scrubbing. "
      "Set, it makes the person the privacy unit: persons are Poisson-sampled, each person's summed "
      "gradient is clipped once, and epsilon bounds what the model reveals about everything one "
      "person contributed. Empty: the unit is one training example (one record after deduplication "
      "and scrubbing; each canary copy counts separately).");
  map.Get("max_record_bytes", data.max_record_bytes, [](uint64_t v) { return v >= 1; }, ">= 1",
      "The longest record (line) accepted, in bytes; a longer one stops the run (parsing holds "
      "several copies of it).");
  map.GetChoice("on_bad_record", data.on_bad_record,
      {corpus::BadRecordPolicy::kFail, corpus::BadRecordPolicy::kSkip},
      corpus::BadRecordPolicyName,
      "What to do with a malformed record (bad JSON, invalid UTF-8, missing field): fail (stop with "
      "file:line, exit code 2) or skip (count it and list the first few lines in hygiene.json).");
  map.Finish();
}

void ReadNearDedup(ConfigMap map, NearDedupConfig& near) {
  map.Get("enabled", near.enabled,
      "Set false to keep near duplicates (exact duplicates are governed by exact_dedup).");
  map.Get("num_perm", near.num_perm, [](int v) { return v >= 2 && v <= 4096; }, "between 2 and 4096",
      "Permutations per signature (accuracy of the Jaccard estimate ~ 1/sqrt(num_perm)).");
  map.Get("seed", near.seed, [](uint64_t v) { return v <= 0xFFFFFFFFull; }, "between 0 and 2^32-1",
      "Seed of the permutations (datasketch's MinHash seed).");
  map.GetChoice("hash", near.hash,
      {dedup::HashFunction::kXxh32, dedup::HashFunction::kXxh64, dedup::HashFunction::kSha1Hash32},
      dedup::HashFunctionName,
      "Token hash: xxh32, xxh64 (xxHash, seed 0) or sha1 (datasketch's default sha1_hash32).");
  map.Get("shingle", near.shingle, [](const std::string& v) {
    try {
      dedup::ShingleSpec::Parse(v);
      return true;
    } catch (const dedup::MinHashError&) {
      return false;
    }
  }, "words:N or chars:N with 1 <= N <= 4096",
      "Shingles: words:N (N-word shingles of text.lower().split()) or chars:N (N-character shingles).");
  map.Get("nfkc", near.nfkc,
      "Apply Unicode NFKC normalisation before lowercasing.");
  map.Get("threshold", near.threshold, [](double v) { return v > 0.0 && v <= 1.0; }, "in (0, 1]",
      "Two records are near duplicates when their estimated Jaccard similarity is at least this.");
  map.Get("weights", near.weights, [](const std::vector<double>& v) {
    return v.size() == 2 && v[0] >= 0 && v[1] >= 0 && v[0] + v[1] == 1.0;
  }, "[false_positive_weight, false_negative_weight], each in [0, 1], summing to 1",
      "LSH banding is chosen to minimise weights[0]*false positives + weights[1]*false negatives.");
  map.Finish();
}

void ReadHygiene(ConfigMap map, HygieneConfig& hygiene) {
  map.Get("exact_dedup", hygiene.exact_dedup,
      "Drop records whose normalised text (lowercased, whitespace collapsed) equals an earlier "
      "record's.");
  map.GetChoice("keep", hygiene.keep, {dedup::KeepPolicy::kFirst, dedup::KeepPolicy::kLongest},
      dedup::KeepPolicyName,
      "Which record of a duplicate cluster survives: first (input order) or longest (most bytes; "
      "ties: first).");
  ReadNearDedup(map.Section("near_dedup",
      "Near-duplicate removal with MinHash + LSH, bit-compatible with datasketch."), hygiene.near_dedup);
  ReadScrubSection(map.Section("scrub",
      "Personal-data scrubbing (HIPAA Safe Harbor identifiers, GDPR personal data) of the "
      "deduplicated corpus."), hygiene.scrub);
  map.Finish();
}

void ReadSplit(ConfigMap map, SplitConfig& split) {
  map.Get("audit_holdout", split.audit_holdout, [](double v) { return v >= 0.0 && v < 0.5; }, "in [0, 0.5)",
      "Share of clean records held out of training as audit non-members (membership-inference "
      "negatives).");
  map.Get("validation", split.validation, [](double v) { return v >= 0.0 && v < 0.5; }, "in [0, 0.5)",
      "Share of clean records held out of training for the validation loss.");
  map.Get("max_members", split.max_members, [](int64_t v) { return v >= 0; }, ">= 0 (0: no limit)",
      "Train on at most this many records (0: all); the others join the audit non-members. For quick "
      "runs, or to show what a small training set leaks.");
  ConfigMap canaries = map.Section("canaries",
      "Canaries: synthetic secrets \"the access code of <fake name> is ddd-dd-dddd\" (secret space: "
      "10^9 codes). A classifier's canaries are these texts with a label drawn at random from "
      "train.classes (mislabelled examples).");
  canaries.Get("count", split.canaries.count, [](int v) { return v >= 0 && v <= 100000; }, "between 0 and 100000",
      "Canaries per repetition count; each is inserted with probability 1/2 (the others are never-"
      "inserted references).");
  canaries.Get("repeats", split.canaries.repeats, [](const std::vector<int>& v) {
    for (int r : v) {
      if (r < 1 || r > 10000) return false;
    }
    return !v.empty();
  }, "a non-empty list of repetition counts between 1 and 10000",
      "Copies of an inserted canary in the training set, one group of `count` canaries per entry.");
  canaries.Finish();
  map.Finish();
}

void ReadTrain(ConfigMap map, TrainConfig& train) {
  map.GetChoice("task", train.task, {Task::kLanguageModel, Task::kClassifier}, TaskName,
      "lm: byte-level next-token language model. classifier: byte-level text classifier (embedding, "
      "Conv1d, pooling, two Linear layers; d_model sets its widths, seq_len the bytes read) "
      "predicting data.label_field.");
  map.Get("classes", train.classes, [](const std::vector<std::string>& v) {
    std::vector<std::string> sorted = v;
    std::sort(sorted.begin(), sorted.end());
    return std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end() &&
           std::none_of(v.begin(), v.end(), [](const std::string& c) { return c.empty(); });
  }, "a list of distinct, non-empty class names",
      "The classifier's classes, in output order; required for task classifier. Written here, never "
      "read from the records: a label set taken from private data would reveal a record carrying a "
      "unique label. A record whose label is not listed is an input error.");
  ConfigMap model = map.Section("model",
      "The network: a decoder-only transformer for lm; its widths and read length for classifier.");
  model.Get("kind", train.model.kind, [](const std::string& v) { return v == "transformer"; }, "transformer",
      "transformer: decoder-only, causal self-attention, built from DP layers.");
  model.Get("d_model", train.model.d_model, [](int v) { return v >= 8 && v <= 4096; }, "between 8 and 4096",
      "Width of the token embeddings and of every block.");
  model.Get("layers", train.model.layers, [](int v) { return v >= 1 && v <= 64; }, "between 1 and 64",
      "Number of transformer blocks.");
  model.Get("heads", train.model.heads, [](int v) { return v >= 1 && v <= 64; }, "between 1 and 64",
      "Attention heads per block (must divide d_model).");
  model.Get("seq_len", train.model.seq_len, [](int v) { return v >= 8 && v <= 8192; }, "between 8 and 8192",
      "Tokens per example (BOS + bytes + EOS); a longer record is trained on its first seq_len "
      "tokens.");
  model.Get("ffn", train.model.ffn, [](int v) { return v >= 8 && v <= 65536; }, "between 8 and 65536",
      "Hidden width of each block's feed-forward layer.");
  if (train.model.d_model % train.model.heads != 0) {
    model.Reject("heads", "must divide train.model.d_model (" + std::to_string(train.model.d_model) + ")");
  }
  model.Finish();
  ConfigMap optimizer = map.Section("optimizer",
      "The optimizer of every step (private or not).");
  optimizer.GetChoice("kind", train.optimizer.kind, {dp::OptimizerKind::kAdam, dp::OptimizerKind::kSgd},
      dp::OptimizerName,
      "The optimizer: adam, or sgd (with train.optimizer.momentum).");
  optimizer.Get("lr", train.optimizer.lr, [](double v) { return v > 0.0 && v <= 10.0; }, "in (0, 10]",
      "Peak learning rate.");
  optimizer.Get("momentum", train.optimizer.momentum, [](double v) { return v >= 0.0 && v < 1.0; }, "in [0, 1)",
      "SGD momentum (ignored by adam).");
  optimizer.Get("weight_decay", train.optimizer.weight_decay, [](double v) { return v >= 0.0 && std::isfinite(v); },
                "a finite number >= 0",
      "L2 weight decay.");
  optimizer.Finish();
  map.GetChoice("lr_schedule", train.lr_schedule, {LrSchedule::kConstant, LrSchedule::kCosine},
      LrScheduleName,
      "Learning-rate schedule after warm-up: constant or cosine (decays to 0 at the last step).");
  map.Get("warmup_steps", train.warmup_steps, [](int v) { return v >= 0; }, ">= 0",
      "Steps of linear warm-up from 0 to lr.");
  map.Get("epochs", train.epochs, [](double v) { return v > 0.0 && v <= 10000.0; }, "in (0, 10000]",
      "Passes over the training set; private runs take floor(epochs / q) Poisson-sampled steps (q = "
      "batch_size / N).");
  map.Get("batch_size", train.batch_size, [](int v) { return v >= 1; }, ">= 1",
      "Expected logical batch size (records per optimizer step).");
  map.Get("physical_batch", train.physical_batch, [](int v) { return v >= 1; }, ">= 1",
      "Records per forward/backward pass; a logical batch is processed in physical batches of at most"
      " this size.");
  map.Get("eval_every", train.eval_every, [](int v) { return v >= 1; }, ">= 1 (steps)",
      "Evaluate the validation loss every this many steps (and after the last step).");
  map.Get("eval_records", train.eval_records, [](int v) { return v >= 1; }, ">= 1",
      "Validation records used per evaluation (the first ones of the validation split).");
  map.Get("checkpoint_every", train.checkpoint_every, [](int v) { return v >= 1; }, ">= 1 (steps)",
      "Write a checkpoint (model, optimizer, step, privacy ledger) every this many steps and after "
      "the last step.");
  map.Finish();
}

void ReadPrivacy(ConfigMap map, PrivacyConfig& privacy) {
  map.Get("enabled", privacy.enabled,
      "Train with DP-SGD (per-example clipping + Gaussian noise); false trains ordinarily, for "
      "comparison.");
  map.Get("target_epsilon", privacy.target_epsilon, [](double v) { return v > 0.0 && v <= 1000.0; },
          "in (0, 1000]",
      "The epsilon the run may spend; the noise multiplier is calibrated to reach it at the end of "
      "training.");
  map.GetNumberOrAuto<double>("delta", privacy.delta, [](double v) { return v > 0.0 && v < 1.0; },
      "auto (1 / (100 * privacy units)) or a number in (0, 1)",
      "auto: 1 / (100 * N), N the privacy units (persons with data.user_field, else training examples"
      " including canary copies), or a number in (0, 1). The gate requires delta <= 1 / (10 N): a "
      "delta near 1 / N would allow releasing one unit's data outright with non-negligible "
      "probability.");
  map.Get("max_grad_norm", privacy.max_grad_norm, [](double v) { return v > 0.0 && std::isfinite(v); },
          "a finite number > 0 (an infinite bound clips nothing, so the noise protects nothing)",
      "Per-example gradient clipping bound C (L2 norm).");
  map.GetChoice("accountant", privacy.accountant, {dp::AccountantKind::kRdp, dp::AccountantKind::kPrv},
      dp::AccountantName,
      "Privacy accountant: rdp (Renyi DP, Opacus's default orders) or prv (privacy random variables, "
      "tighter).");
  map.GetChoice("clipping", privacy.clipping, {dp::GradSampleMode::kGhost, dp::GradSampleMode::kMaterialized},
      dp::GradSampleModeName,
      "Per-example gradient norms: ghost (without forming per-example gradients where cheaper) or "
      "materialized.");
  map.Get("max_noise_multiplier", privacy.max_noise_multiplier, [](double v) { return v > 0.0 && std::isfinite(v); },
          "a finite number > 0",
      "Refuse a config that needs more noise than this to reach target_epsilon (the model would learn"
      " nothing).");
  map.Get("secure_rng", privacy.secure_rng,
      "Draw noise and Poisson sampling from OpenSSL's CSPRNG (the run is not reproducible, and no "
      "seed exists to leak). false derives them from run.seed: a reproducibility run that is NOT "
      "differentially private (anyone with the seed rebuilds the noise); the report says so and the "
      "gate's epsilon check fails.");
  map.Get("ledger", privacy.ledger, [](const std::string& v) { return !v.empty(); }, "auto or a file path",
      "The dataset's privacy ledger: every private training on the same input corpus (retries, other "
      "configs, audit reference models) is recorded and composed there; the gate checks the total "
      "against gate.max_total_epsilon. auto: privacy-ledger.json in the parent of the run directory "
      "(runs/privacy-ledger.json by default).");
  map.Get("dataset_name", privacy.dataset_name,
      "The owner's name for the dataset in the ledger; empty: the input's file name. The key is the "
      "input's SHA-256.");
  map.Get("gradient_canaries", privacy.gradient_canaries, [](int64_t v) { return v >= 0 && v <= 10000000; },
          "between 0 (no white-box audit) and 10000000",
      "White-box audit: synthetic units whose gradients live on coordinates of their own (not in the "
      "model), each included with probability 1/2, clipped and noised by the same engine. Their "
      "privatised sums must satisfy TPR <= e^epsilon FPR + delta; enough of them (200000) refute "
      "epsilon 8 when the noise or clipping is broken. The weights are unchanged. 0 switches it off "
      "(the gate's empirical check then has far less power).");
  map.Finish();
}

void ReadRedTeamStage(ConfigMap map, RedTeamStageConfig& redteam) {
  map.Get("serve_config", redteam.serve_config,
      "The serving config (tiers, limits, monitor, watermark) whose tiers the red team attacks, e.g. "
      "configs/serving/serve.yaml. Empty: no red team in this run (`leakgate redteam` can still run one).");
  map.Get("tiers", redteam.tiers, AreTierNames, "a list of distinct tier names (letters, digits, '-', '_')",
      "The tiers attacked, each through its own output policy, limits and watermark; the gate requires each "
      "tier's result (gate.redteam_tiers).");
  if (redteam.tiers.empty() != redteam.serve_config.empty()) {
    map.Reject(redteam.tiers.empty() ? "tiers" : "serve_config",
             redteam.tiers.empty() ? "is empty while serve_config is set: name the tiers to attack"
                                   : "is empty while tiers are listed: name the serving config");
  }
  map.Finish();
}

void ReadConfig(ConfigMap& root, Config& config, bool input_required = true) {
  ReadRun(root.Section("run",
      "The run: its name, directory, seed and threads."), config.run);
  ReadData(root.Section("data",
      "The input corpus and the fields read from each record."), config.data, input_required);
  ReadHygiene(root.Section("hygiene",
      "Deduplication and personal-data scrubbing of the corpus before any training."), config.hygiene);
  ReadSplit(root.Section("split",
      "How the clean corpus is split into training members, audit non-members and validation records."), config.split);
  const ConfigMap train = root.Section("train",
      "The model and its training.");
  ReadTrain(train, config.train);
  if (config.train.task == Task::kClassifier && config.data.label_field.empty()) {
    train.Reject("task", "is classifier, which needs data.label_field (the field holding each record's class)");
  }
  if (config.train.task == Task::kClassifier && config.train.classes.size() < 2) {
    train.Reject("task", "is classifier, which needs train.classes: the list of at least two classes, written in the "
                       "config (a label set read from the private records would reveal them)");
  }
  ReadPrivacy(root.Section("privacy",
      "DP-SGD and its accounting."), config.privacy);
  ReadAuditConfig(root.Section("audit",
      "The attacks run against the trained model."), config.audit, config.train.task);
  ReadRedTeamStage(root.Section("redteam",
      "The serving red team as a stage of the run: the trained model served behind the guard of a serving "
      "config and attacked through it, tier by tier (serve/README.md)."), config.redteam);
  ReadGateConfig(root.Section("gate",
      "The release gate: every threshold the measured leakage is compared with (exit code 1 when one "
      "fails)."), config.gate);
  // A tier the run red-teams is one the gate requires: a result missing or made on another model then counts.
  for (const std::string& tier : config.redteam.tiers) {
    auto& required = config.gate.redteam_tiers;
    if (std::find(required.begin(), required.end(), tier) == required.end()) required.push_back(tier);
  }
  ReadReportConfig(root.Section("report",
      "The reports written from the run directory."), config.report);
  root.Finish();
}

}  // namespace

corpus::CorpusOptions Config::CorpusOptions() const {
  corpus::CorpusOptions options;
  options.text_field = data.text_field;
  options.id_field = data.id_field;
  options.label_field = data.label_field;
  options.user_field = data.user_field;
  options.on_bad_record = data.on_bad_record;
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
  options.hash = hygiene.near_dedup.hash;
  options.shingle = dedup::ShingleSpec::Parse(hygiene.near_dedup.shingle);
  options.nfkc = hygiene.near_dedup.nfkc;
  options.threshold = hygiene.near_dedup.threshold;
  options.weight_fp = hygiene.near_dedup.weights[0];
  options.weight_fn = hygiene.near_dedup.weights[1];
  options.keep = hygiene.keep;
  options.threads = run.threads;
  return options;
}

nlohmann::json ConfigToJson(const Config& config) {
  nlohmann::json json = nlohmann::json::object();
  Config echoed = config;
  ConfigMap root = ConfigMap::Echo(&json);
  ReadConfig(root, echoed, /*input_required=*/false);
  json["run"]["out_dir"] = config.OutDir();
  return json;
}

std::vector<KeyDoc> DescribeConfig() {
  std::vector<KeyDoc> keys;
  Config defaults;
  defaults.data.input = kExampleInput;
  ConfigMap root = ConfigMap::Describe(&keys);
  ReadConfig(root, defaults, /*input_required=*/false);
  return keys;
}

namespace {

// A value as YAML flow text: plain words stay plain, anything YAML could read as another type is quoted.
std::string YamlValue(const nlohmann::json& value) {
  if (value.is_array()) {
    std::string text = "[";
    for (const auto& item : value) text += (text.size() > 1 ? ", " : "") + YamlValue(item);
    return text + "]";
  }
  if (value.is_object()) {
    std::string text = "{";
    for (const auto& [key, item] : value.items()) text += (text.size() > 1 ? ", " : "") + key + ": " + YamlValue(item);
    return text + "}";
  }
  if (!value.is_string()) return value.dump();
  const std::string& text = value.get_ref<const std::string&>();
  static const std::regex plain(R"([A-Za-z_][A-Za-z0-9_./:<>-]*)");
  static const std::regex reserved(R"(true|false|yes|no|on|off|null|y|n)", std::regex::icase);
  return std::regex_match(text, plain) && !std::regex_match(text, reserved) ? text : nlohmann::json(text).dump();
}

// `text` as comment lines of at most 118 columns, each starting with `indent` and "# ".
std::string CommentLines(const std::string& text, const std::string& indent) {
  std::string lines;
  std::string line;
  std::istringstream words(text);
  std::string word;
  const size_t width = 118 - indent.size() - 2;
  while (words >> word) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines += indent + "# " + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) lines += indent + "# " + line + "\n";
  return lines;
}

size_t Depth(const std::string& name) { return static_cast<size_t>(std::count(name.begin(), name.end(), '.')); }

std::string LastPart(const std::string& name) { return name.substr(name.rfind('.') + 1); }

}  // namespace

std::string ReferenceConfigYaml() {
  std::string yaml =
      "# leakgate reference configuration: every key with its default value, generated from the key declarations\n"
      "# in pipeline/ by `leakgate config reference` (a test keeps this file equal to that output).\n"
      "# A config file may set any subset; unknown keys are errors (reported with line and column).\n"
      "# Relative paths are relative to the directory leakgate is started from.\n";
  const std::vector<KeyDoc> keys = DescribeConfig();
  for (const KeyDoc& key : keys) {
    const bool list_item = key.name.find("[]") != std::string::npos;
    if (list_item) continue;  // described in the list's own comment below
    const std::string indent(2 * Depth(key.name), ' ');
    if (Depth(key.name) == 0) yaml += "\n";
    std::string help = key.help;
    if (key.name == "data.input") help += " (No default: the value below is an example.)";
    if (key.type == "a list of mappings") {
      help += " Each item:";
      for (const KeyDoc& item : keys) {
        if (item.name.rfind(key.name + "[].", 0) == 0) help += " " + LastPart(item.name) + ": " + item.help;
      }
    }
    yaml += CommentLines(help, indent);
    yaml += indent + LastPart(key.name) + ":" + (key.type == "a section" ? "" : " " + YamlValue(key.value)) + "\n";
  }
  return yaml;
}

std::string ConfigKeysMarkdown() {
  std::string markdown =
      "# Configuration keys\n\n"
      "Every key of a `leakgate run` config, generated from the key declarations in `pipeline/` by\n"
      "`leakgate config docs` (a test keeps this file equal to that output). `configs/reference.yaml` holds the same\n"
      "keys with their defaults as a config file. Unknown keys, wrong types and values outside the valid ones are\n"
      "errors naming the file, line, column and key (exit code 2).\n";
  for (const KeyDoc& key : DescribeConfig()) {
    if (Depth(key.name) == 0) {
      markdown += "\n## `" + key.name + "`\n\n" + key.help + "\n\n| key | type | default | valid values | meaning |\n" +
                  "|---|---|---|---|---|\n";
      continue;
    }
    const std::string value = key.type == "a section" ? "" : "`" + YamlValue(key.value) + "`";
    markdown += "| `" + key.name + "` | " + key.type + " | " + (key.name == "data.input" ? "(required)" : value) +
                " | " + report::EscapeMarkdownCell(key.expected) + " | " +
                report::EscapeMarkdownCell(key.help) + " |\n";
  }
  return markdown;
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
