// Config loading: the reference file documents exactly the defaults; every mistake names file:line:column and key.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "pipeline/config.h"
#include "pipeline/config_reader.h"
#include "report/gate_config.h"

namespace leakgate::pipeline {
namespace {

std::string ErrorOf(const std::string& yaml) {
  try {
    ParseConfig(yaml, "c.yaml");
  } catch (const common::ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST(ConfigTest, ReferenceFileSetsEveryKeyToItsDefault) {
  const std::string path = std::string(LEAKGATE_CONFIGS_DIR) + "/reference.yaml";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::vector<std::string> missing;
  const Config reference = ParseConfig(text.str(), path, &missing);
  EXPECT_THAT(missing, ::testing::IsEmpty()) << "keys the reference does not document";
  Config defaults;
  defaults.data.input = reference.data.input;  // required, so it has no default
  EXPECT_TRUE(reference == defaults) << "configs/reference.yaml disagrees with the defaults in pipeline/config.h";
}

TEST(ConfigTest, EveryShippedConfigLoads) {
  std::size_t configs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(LEAKGATE_CONFIGS_DIR)) {
    if (entry.path().extension() != ".yaml") continue;
    ++configs;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NO_THROW(ParseConfig(text.str(), entry.path().string())) << entry.path();
  }
  EXPECT_GE(configs, 5u);
}

TEST(ConfigTest, EveryReferenceKeyHasACommentAbove) {
  std::ifstream in(std::string(LEAKGATE_CONFIGS_DIR) + "/reference.yaml");
  std::string line;
  std::string previous;
  const std::regex scalar_key(R"(^\s*[a-z_]+:\s*\S.*$)");
  while (std::getline(in, line)) {
    if (std::regex_match(line, scalar_key)) {
      EXPECT_THAT(previous, ::testing::MatchesRegex(R"(\s*#.*)")) << "undocumented: " << line;
    }
    previous = line;
  }
}

std::string FileText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Each key is declared once, in its section's reader; the reference config and the docs are that declaration's
// output, and stay so: regenerate them with `leakgate config reference` / `leakgate config docs`.
TEST(ConfigTest, ReferenceFileAndDocsAreGeneratedFromTheKeyDeclarations) {
  EXPECT_EQ(FileText(std::string(LEAKGATE_CONFIGS_DIR) + "/reference.yaml"), ReferenceConfigYaml())
      << "regenerate: build/leakgate config reference > configs/reference.yaml";
  EXPECT_EQ(FileText(std::string(LEAKGATE_DOCS_DIR) + "/CONFIG.md"), ConfigKeysMarkdown())
      << "regenerate: build/leakgate config docs > docs/CONFIG.md";
}

TEST(ConfigTest, EveryDeclaredKeyHasATypeAndHelpAndOneName) {
  const std::vector<KeyDoc> keys = DescribeConfig();
  EXPECT_GT(keys.size(), 100u);
  std::set<std::string> names;
  for (const KeyDoc& key : keys) {
    EXPECT_TRUE(names.insert(key.name).second) << "declared twice: " << key.name;
    EXPECT_FALSE(key.type.empty()) << key.name;
    EXPECT_GE(key.help.size(), 10u) << "no help for " << key.name;
  }
  for (const char* name : {"train.optimizer.lr", "privacy.target_epsilon", "gate.max_delta",
                           "hygiene.scrub.user_patterns[].regex", "audit.extraction.samples"}) {
    EXPECT_EQ(names.count(name), 1u) << name;
  }
}

// The JSON echo is written by the declarations that read the config, so it reads back into the same config: every
// shipped config and one that sets the list, auto and map-valued keys.
TEST(ConfigTest, TheJsonEchoReadsBackIntoTheSameConfig) {
  std::vector<std::pair<std::string, std::string>> configs = {{"custom.yaml", R"(
data: {input: c.jsonl}
hygiene:
  scrub:
    entities: [EMAIL, SSN]
    operators: {NAME: hmac, SSN: drop_record}
    user_patterns:
      - {name: employee, type: EMPLOYEE_ID, regex: "E-[0-9]{6}", context: [employee], score: 0.7}
audit: {extraction: {samples: 40}}
gate: {max_delta: 1.0e-6}
privacy: {delta: "1e-7"}
)"}};
  for (const auto& entry : std::filesystem::directory_iterator(LEAKGATE_CONFIGS_DIR)) {
    if (entry.path().extension() == ".yaml") configs.emplace_back(entry.path().string(), FileText(entry.path()));
  }
  for (const auto& [name, text] : configs) {
    Config config = ParseConfig(text, name);
    const nlohmann::json echo = ConfigToJson(config);
    const Config reread = ParseConfig(echo.dump(), name + " (echo)");  // JSON is YAML
    config.run.out_dir = config.OutDir();  // the echo names the resolved directory
    EXPECT_TRUE(reread == config) << name << ": " << echo.dump();
    // The report module writes and reads the gate section itself (it cannot see pipeline/): the same JSON.
    EXPECT_EQ(report::ToJson(config.gate), echo["gate"]) << name;
    EXPECT_TRUE(report::GateConfigFromJson(echo["gate"]) == config.gate) << name;
    EXPECT_TRUE(report::ReportConfigFromJson(echo["report"]) == config.report) << name;
  }
}

TEST(ConfigTest, MinimalConfigUsesDefaults) {
  const Config config = ParseConfig("data: {input: corpus.jsonl}\n", "c.yaml");
  EXPECT_EQ(config.data.input, "corpus.jsonl");
  EXPECT_EQ(config.hygiene.near_dedup.num_perm, 128);
  EXPECT_EQ(config.OutDir(), "runs/demo");
  EXPECT_EQ(config.DedupOptions().threshold, 0.8);
}

TEST(ConfigTest, UnknownKeyNamesLineColumnAndSuggestion) {
  EXPECT_EQ(ErrorOf("data:\n  input: a.jsonl\nhygiene:\n  near_dedup:\n    thresold: 0.7\n"),
            "c.yaml:5:5: unknown key 'hygiene.near_dedup.thresold' (did you mean 'hygiene.near_dedup.threshold'? "
            "known keys here: enabled, hash, nfkc, num_perm, seed, shingle, threshold, weights)");
  EXPECT_THAT(ErrorOf("data: {input: a}\nmodel: {}\n"), ::testing::StartsWith("c.yaml:2:1: unknown key 'model'"));
}

TEST(ConfigTest, WrongTypesAndRangesNameTheKey) {
  EXPECT_EQ(ErrorOf("data: {input: a}\nhygiene: {near_dedup: {num_perm: many}}\n"),
            "c.yaml:2:34: hygiene.near_dedup.num_perm must be an integer, got 'many'");
  EXPECT_EQ(ErrorOf("data: {input: a}\nhygiene: {near_dedup: {threshold: 1.5}}\n"),
            "c.yaml:2:35: hygiene.near_dedup.threshold must be in (0, 1]");
  EXPECT_THAT(ErrorOf("data: {input: a}\nhygiene: {near_dedup: {shingle: lines:3}}\n"),
              ::testing::HasSubstr("hygiene.near_dedup.shingle must be words:N or chars:N"));
  EXPECT_THAT(ErrorOf("data: {input: a, on_bad_record: ignore}\n"),
              ::testing::HasSubstr("data.on_bad_record must be fail or skip"));
  EXPECT_THAT(ErrorOf("data: {input: a}\nrun: {threads: -1}\n"), ::testing::HasSubstr("run.threads must be between"));
  EXPECT_THAT(ErrorOf("data: {input: a}\nhygiene: {near_dedup: {weights: [0.7, 0.7]}}\n"),
              ::testing::HasSubstr("hygiene.near_dedup.weights must be"));
  EXPECT_THAT(ErrorOf("data: {input: a}\nhygiene: [1, 2]\n"), ::testing::HasSubstr("'hygiene' must be a mapping"));
}

TEST(ConfigTest, MissingInputEmptyAndInvalidYamlAreErrors) {
  EXPECT_THAT(ErrorOf("run: {name: x}\n"), ::testing::HasSubstr("data.input is required"));
  EXPECT_EQ(ErrorOf(""), "c.yaml: the config is empty");
  EXPECT_THAT(ErrorOf("data: {input: [unclosed\n"), ::testing::MatchesRegex("c\\.yaml:[0-9]+:[0-9]+: invalid YAML.*"));
  EXPECT_THROW(LoadConfig("/nonexistent/leakgate.yaml"), common::ConfigError);
}

// yaml-cpp 0.7 reads a top-level ',' as endless empty documents; loading all of them ran out of memory (found by the
// input fuzz driver).
TEST(ConfigTest, AStrayTopLevelCommaIsAnErrorNotAnEndlessLoad) {
  EXPECT_EQ(ErrorOf(","), "c.yaml:1:1: invalid YAML: unexpected ','");
  EXPECT_EQ(ErrorOf("  , data: {input: a}\n"), "c.yaml:1:3: invalid YAML: unexpected ','");
  EXPECT_THAT(ErrorOf("data: {input: a}\n,\n"), ::testing::MatchesRegex("c\\.yaml:2:1: invalid YAML.*"));
}

// yaml-cpp keeps one of two equal keys silently; a second document is ignored silently. Both are errors.
TEST(ConfigTest, DuplicateKeysASecondDocumentBadBytesAndNonFiniteValuesAreErrors) {
  EXPECT_EQ(ErrorOf("data: {input: a}\ntrain:\n  epochs: 4\n  epochs: 400\n"),
            "c.yaml:4:3: duplicate key 'epochs' (first at line 3; YAML would silently keep only one of them)");
  EXPECT_THAT(ErrorOf("data: {input: a}\nprivacy: {enabled: true}\nprivacy: {enabled: false}\n"),
              ::testing::HasSubstr("c.yaml:3:1: duplicate key 'privacy'"));
  EXPECT_THAT(ErrorOf("data: {input: a}\n---\nprivacy: {enabled: false}\n"),
              ::testing::HasSubstr("a second YAML document"));
  EXPECT_EQ(ErrorOf("data: {input: a}\nrun: {name: \"x\xff\"}\n"), "c.yaml:2:15: invalid UTF-8 (a config must be UTF-8 text)");
  for (const char* name : {"..", ".", "\"a\\0b\"", "\"a\\tb\""}) {
    EXPECT_THAT(ErrorOf(std::string("data: {input: a}\nrun: {name: ") + name + "}\n"),
                ::testing::HasSubstr("run.name must be a non-empty name without")) << name;
  }
  for (const char* key : {"max_grad_norm", "max_noise_multiplier"}) {
    EXPECT_THAT(ErrorOf(std::string("data: {input: a}\nprivacy: {") + key + ": .inf}\n"),
                ::testing::HasSubstr("a finite number > 0")) << key;
  }
  EXPECT_THAT(ErrorOf("data: {input: a}\ntrain: {optimizer: {weight_decay: .inf}}\n"),
              ::testing::HasSubstr("a finite number >= 0"));
  // The same mapping reached twice through an alias is not a duplicate.
  EXPECT_EQ(ParseConfig("data: &d {input: a}\nsplit: {canaries: {count: 1}}\n", "c.yaml").data.input, "a");
}

TEST(ConfigTest, SplitTrainAndPrivacyValuesAreChecked) {
  EXPECT_THAT(ErrorOf("data: {input: a}\nsplit: {audit_holdout: 0.6}\n"),
              ::testing::HasSubstr("split.audit_holdout must be in [0, 0.5)"));
  EXPECT_THAT(ErrorOf("data: {input: a}\nsplit: {canaries: {repeats: []}}\n"),
              ::testing::HasSubstr("split.canaries.repeats must be a non-empty list"));
  EXPECT_THAT(ErrorOf("data: {input: a}\ntrain: {model: {d_model: 100, heads: 3}}\n"),
              ::testing::HasSubstr("train.model.heads must divide train.model.d_model (100)"));
  EXPECT_THAT(ErrorOf("data: {input: a}\ntrain: {optimizer: {kind: rmsprop}}\n"),
              ::testing::HasSubstr("train.optimizer.kind must be adam or sgd"));
  EXPECT_THAT(ErrorOf("data: {input: a}\ntrain: {task: regression}\n"),
              ::testing::HasSubstr("train.task must be lm or classifier"));
  EXPECT_THAT(ErrorOf("data: {input: a}\ntrain: {task: classifier}\n"),
              ::testing::HasSubstr("c.yaml:2:15: train.task is classifier, which needs data.label_field"));
  EXPECT_THAT(ErrorOf("data: {input: a, label_field: kind}\ntrain: {task: classifier}\n"),
              ::testing::HasSubstr("which needs train.classes"));
  EXPECT_THAT(ErrorOf("data: {input: a, label_field: kind}\ntrain: {task: classifier, classes: [a, a]}\n"),
              ::testing::HasSubstr("distinct"));
  const Config classifier =
      ParseConfig("data: {input: a, label_field: kind}\ntrain: {task: classifier, classes: [b, a]}\n", "c.yaml");
  EXPECT_EQ(classifier.train.task, Task::kClassifier);
  EXPECT_EQ(classifier.train.classes, (std::vector<std::string>{"b", "a"}));
  EXPECT_THAT(ErrorOf("data: {input: a}\nprivacy: {delta: often}\n"),
              ::testing::HasSubstr("privacy.delta must be auto"));
  EXPECT_THAT(ErrorOf("data: {input: a}\nprivacy: {delta: 1.5}\n"), ::testing::HasSubstr("privacy.delta must be"));
  EXPECT_THAT(ErrorOf("data: {input: a}\nprivacy: {accountant: gdp}\n"),
              ::testing::HasSubstr("privacy.accountant must be rdp or prv"));
  const Config config = ParseConfig("data: {input: a}\nprivacy: {delta: 1.0e-6, enabled: false}\n", "c.yaml");
  EXPECT_EQ(config.privacy.delta, 1.0e-6);
  EXPECT_FALSE(config.privacy.enabled);
  EXPECT_EQ(ConfigToJson(config)["privacy"]["delta"], 1.0e-6);
}

TEST(ConfigTest, TheTiersARunRedTeamsAreTiersTheGateRequires) {
  Config config = ParseConfig("data: {input: a}\nredteam: {serve_config: s.yaml, tiers: [public, partner]}\n"
                              "gate: {redteam_tiers: [partner, gold]}\n",
                              "c.yaml");
  EXPECT_EQ(config.redteam.tiers, (std::vector<std::string>{"public", "partner"}));
  EXPECT_EQ(config.gate.redteam_tiers, (std::vector<std::string>{"partner", "gold", "public"}));
  // The echo keeps the union, and reads back into the same config.
  const Config reread = ParseConfig(ConfigToJson(config).dump(), "echo.json");
  config.run.out_dir = config.OutDir();  // the echo names the resolved directory
  EXPECT_TRUE(reread == config);
  EXPECT_THAT(ErrorOf("data: {input: a}\nredteam: {serve_config: s.yaml}\n"),
              ::testing::HasSubstr("redteam.tiers is empty while serve_config is set"));
  EXPECT_THAT(ErrorOf("data: {input: a}\nredteam: {tiers: [public]}\n"),
              ::testing::HasSubstr("redteam.serve_config is empty while tiers are listed"));
  EXPECT_THAT(ErrorOf("data: {input: a}\nredteam: {serve_config: s.yaml, tiers: [a b]}\n"),
              ::testing::HasSubstr("redteam.tiers must be a list of distinct tier names"));
  EXPECT_TRUE(ParseConfig("data: {input: a}\n", "c.yaml").gate.redteam_tiers.empty());
}

}  // namespace
}  // namespace leakgate::pipeline
