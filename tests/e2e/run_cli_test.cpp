// `leakgate run` end to end: run directory and manifest, stage caching, protection of a run made from another
// config, exit code 2 for bad configs, and the whole pipeline's verdict as exit code 0 or 1.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <set>

#include "tests/e2e/command.h"

namespace leakgate {
namespace {

namespace fs = std::filesystem;
using ::leakgate::testing::CommandResult;
using ::leakgate::testing::ReadWholeFile;
using ::leakgate::testing::RunLeakgate;
using ::testing::HasSubstr;

class RunCliTest : public ::leakgate::testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    std::string corpus;
    for (int i = 0; i < 300; ++i) {
      corpus += "{\"id\": \"n" + std::to_string(i) + "\", \"text\": \"note " + std::to_string(i % 250) +
                " about the weather in a small town near the river\"}\n";
    }
    Write("corpus.jsonl", corpus);
  }
  // Only the hygiene stage: these tests are about the orchestration, not about training.
  static std::string Run(const std::string& arguments) { return "run --stages hygiene " + arguments; }
  std::string Config(const std::string& extra = "") const {
    return Write("c.yaml", "run: {name: e2e}\ndata: {input: " + Path("corpus.jsonl") + "}\n" + extra);
  }
};

TEST_F(RunCliTest, HygieneStageWritesTheRunDirectoryAndIsSkippedWhenUnchanged) {
  const auto config = Config();
  auto result = RunLeakgate(Run(config + " --out " + Path("run")));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto manifest = nlohmann::json::parse(ReadWholeFile(Path("run/manifest.json")));
  EXPECT_EQ(manifest["tool"]["name"], "leakgate");
  EXPECT_EQ(manifest["inputs"][Path("corpus.jsonl")].get<std::string>().size(), 64u);
  EXPECT_EQ(manifest["stages"]["hygiene"]["summary"]["records_in"], 300);
  // Ids 250..299 repeat the texts of 0..49 exactly.
  EXPECT_EQ(manifest["stages"]["hygiene"]["summary"]["records_out"], 250);
  const auto hygiene = nlohmann::json::parse(ReadWholeFile(Path("run/hygiene.json")));
  EXPECT_EQ(hygiene["dedup"]["exact_duplicates_removed"], 50);

  result = RunLeakgate(Run(config + " --out " + Path("run")));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("hygiene: unchanged since"));

  // A changed output file is not trusted: the stage runs again.
  Write("run/hygiene.json", "{}");
  result = RunLeakgate(Run(config + " --out " + Path("run")));
  EXPECT_THAT(result.err, HasSubstr("hygiene: running"));
}

TEST_F(RunCliTest, HygieneDeduplicatesTheScrubbedTextTheModelWillSee) {
  // Three notes that differ only in the identifiers scrubbing replaces, and one that differs in its content.
  Write("notes.jsonl",
        "{\"id\": \"a\", \"text\": \"Patient called from 617-555-0134 about her refill of metformin.\"}\n"
        "{\"id\": \"b\", \"text\": \"Patient called from 212-555-0199 about her refill of metformin.\"}\n"
        "{\"id\": \"c\", \"text\": \"Patient called from 415-555-0101 about her refill of metformin.\"}\n"
        "{\"id\": \"d\", \"text\": \"Patient called from 415-555-0101 about swelling in both ankles.\"}\n");
  const auto config =
      Write("s.yaml", "run: {name: e2e}\ndata: {input: " + Path("notes.jsonl") +
                          "}\nhygiene: {scrub: {enabled: true, entities: [PHONE], operator: placeholder}}\n");
  const auto result = RunLeakgate(Run(config + " --out " + Path("run")));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto hygiene = nlohmann::json::parse(ReadWholeFile(Path("run/hygiene.json")));
  EXPECT_EQ(hygiene["order"], "scrub, then deduplicate");
  EXPECT_EQ(hygiene["records_in"], 4);
  EXPECT_EQ(hygiene["dedup"]["exact_duplicates_removed"], 2);
  EXPECT_EQ(hygiene["records_out"], 2);
  // The scrubbed intermediate corpus is not left behind.
  EXPECT_FALSE(fs::exists(Path("run/corpus.scrubbed.jsonl.zst")));
}

// Names the recognizers do not know ("Radomir Adebayo") survive scrubbing; the independent sweep finds them, and by
// default their records are withheld from training. With action keep they are trained on and counted as residual PII.
// The learned name tagger finds these two names, so it is switched off to stand for the names it misses.
TEST_F(RunCliTest, TheResidualSweepWithholdsRecordsWhereNamesSurvivedScrubbing) {
  std::string corpus = ReadWholeFile(Path("corpus.jsonl"));
  corpus += "{\"id\": \"sw1\", \"text\": \"Radomir Adebayo lives alone near the river\"}\n"
            "{\"id\": \"sw2\", \"text\": \"visit note: Thandiwe Oyelaran reports less pain in the town\"}\n";
  Write("corpus.jsonl", corpus);
  ASSERT_EQ(RunLeakgate(Run(Config("hygiene: {scrub: {name_model: false}}\n") + " --out " + Path("drop"))).exit_code,
            0);
  const auto dropped = nlohmann::json::parse(ReadWholeFile(Path("drop/hygiene.json")));
  EXPECT_EQ(dropped["scrub"]["residual_sweep"]["records_flagged"], 2);
  EXPECT_EQ(dropped["scrub"]["residual_sweep"]["flagged_ids"], nlohmann::json({"sw1", "sw2"}));
  EXPECT_EQ(dropped["scrub"]["residual_total"], 0);
  EXPECT_EQ(dropped["records_out"], 250);
  EXPECT_FALSE(dropped["scrub"]["residual_sweep"]["cannot_see"].empty());

  const std::string keep = Write("keep.yaml", "run: {name: e2e}\ndata: {input: " + Path("corpus.jsonl") +
                                                  "}\nhygiene: {scrub: {name_model: false, residual_sweep: {action: keep}}}\n");
  ASSERT_EQ(RunLeakgate(Run(keep + " --out " + Path("keep"))).exit_code, 0);
  const auto kept = nlohmann::json::parse(ReadWholeFile(Path("keep/hygiene.json")));
  EXPECT_EQ(kept["scrub"]["residual_total"], 2) << "two name runs left in the training text";
  EXPECT_EQ(kept["records_out"], 252);
}

TEST_F(RunCliTest, TheNameTaggerScrubsNamesTheGazetteerDoesNotKnow) {
  Write("corpus.jsonl", "{\"id\": \"t1\", \"text\": \"Radomir Adebayo lives alone near the river\"}\n");
  ASSERT_EQ(RunLeakgate(Run(Config() + " --out " + Path("run"))).exit_code, 0);
  const auto hygiene = nlohmann::json::parse(ReadWholeFile(Path("run/hygiene.json")));
  EXPECT_EQ(hygiene["scrub"]["findings_per_type"]["NAME"], 1);
  EXPECT_EQ(hygiene["scrub"]["name_model"]["enabled"], true);
  EXPECT_EQ(hygiene["scrub"]["residual_sweep"]["records_flagged"], 0);
  EXPECT_EQ(hygiene["records_out"], 1);
}

TEST_F(RunCliTest, AnEditedConfigRerunsWhatChangedAndAnotherRunNeedsForce) {
  ASSERT_EQ(RunLeakgate(Run(Config() + " --out " + Path("run"))).exit_code, 0);
  auto result = RunLeakgate(Run(Config("hygiene: {near_dedup: {threshold: 0.5}}\n") + " --out " + Path("run")));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("hygiene: running"));

  const std::string other_run =
      Write("other.yaml", "run: {name: other}\ndata: {input: " + Path("corpus.jsonl") + "}\n");
  result = RunLeakgate(Run(other_run + " --out " + Path("run")));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("holds the run 'e2e', not 'other'"));
  result = RunLeakgate(Run(other_run + " --out " + Path("run") + " --force"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("hygiene: running"));
}

// Two commands in one run directory would interleave their stages; the second is refused while the first runs.
TEST_F(RunCliTest, ASecondRunInTheSameDirectoryIsRefusedWhileTheFirstHoldsIt) {
  fs::create_directories(Path("run"));
  const int fd = ::open((Path("run") + "/.leakgate.lock").c_str(), O_RDWR | O_CREAT, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  const CommandResult busy = RunLeakgate(Run(Config() + " --out " + Path("run")));
  EXPECT_EQ(busy.exit_code, 2);
  EXPECT_THAT(busy.err, HasSubstr("another leakgate command is running in this run directory"));
  EXPECT_FALSE(fs::exists(Path("run/manifest.json")));
  ::close(fd);
  EXPECT_EQ(RunLeakgate(Run(Config() + " --out " + Path("run"))).exit_code, 0);
}

// --stages skips stages, but never onto outputs made for another config: the split would be drawn from a clean
// corpus the edited hygiene settings no longer produce.
TEST_F(RunCliTest, ALaterStageRefusesOutputsOfAnEarlierStageMadeForAnotherConfig) {
  ASSERT_EQ(RunLeakgate("run --stages hygiene " + Config() + " --out " + Path("run")).exit_code, 0);
  const std::string edited = Config("hygiene: {near_dedup: {threshold: 0.5}}\n");
  const CommandResult stale = RunLeakgate("run --stages split " + edited + " --out " + Path("run"));
  EXPECT_EQ(stale.exit_code, 2);
  EXPECT_THAT(stale.err, HasSubstr("the hygiene stage's outputs were made from another config"));
  EXPECT_FALSE(fs::exists(Path("run/split.json")));
  EXPECT_EQ(RunLeakgate("run --stages hygiene,split " + edited + " --out " + Path("run")).exit_code, 0);
  EXPECT_EQ(RunLeakgate("run --stages split " + edited + " --out " + Path("run")).exit_code, 0);
}

// Pseudonyms are keyed: rotating the HMAC key must re-run hygiene, not keep the old key's pseudonyms.
TEST_F(RunCliTest, AnotherHmacKeyRerunsHygiene) {
  const std::string config = Config("hygiene: {scrub: {operator: hmac, hmac_key_env: LEAKGATE_E2E_KEY}}\n");
  const std::string run = Run(config + " --out " + Path("run"));
  ::setenv("LEAKGATE_E2E_KEY", "first key of thirty-two characters or more", 1);
  ASSERT_EQ(RunLeakgate(run).exit_code, 0);
  EXPECT_THAT(RunLeakgate(run).err, HasSubstr("hygiene: unchanged since"));
  ::setenv("LEAKGATE_E2E_KEY", "second key of thirty-two characters or more", 1);
  const CommandResult rotated = RunLeakgate(run);
  ::unsetenv("LEAKGATE_E2E_KEY");
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  EXPECT_THAT(rotated.err, HasSubstr("hygiene: running"));
  EXPECT_THAT(ReadWholeFile(Path("run/manifest.json")), ::testing::Not(HasSubstr("thirty-two")));
}

TEST_F(RunCliTest, BadConfigsAndStagesExitTwo) {
  auto result = RunLeakgate(Run(Config("hygiene: {near_dedup: {thresold: 0.5}}\n") + " --out " + Path("run")));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("c.yaml:3:24: unknown key 'hygiene.near_dedup.thresold'"));
  EXPECT_FALSE(fs::exists(Path("run")));
  EXPECT_EQ(RunLeakgate(Run(Path("missing.yaml"))).exit_code, 2);
  EXPECT_EQ(RunLeakgate(Run(Config() + " --out " + Path("run") + " --stages hygene")).exit_code, 2);
  Write("corpus.jsonl", "{\"id\": \"a\", \"text\": \"fine\"}\n{\"id\": \"b\", \"text\": \"cut");
  result = RunLeakgate(Run(Config() + " --out " + Path("run")));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("corpus.jsonl:2: invalid JSON"));
}

TEST_F(RunCliTest, ACorpusInsideTheRunDirectoryIsRefusedNotReplaced) {
  // The corpus sits where hygiene writes its clean corpus: a run would replace the input with its own output.
  ASSERT_EQ(RunLeakgate(Run(Config() + " --out " + Path("first"))).exit_code, 0);
  fs::create_directories(Path("run"));
  fs::copy_file(Path("first/corpus.clean.jsonl.zst"), Path("run/corpus.clean.jsonl.zst"));
  const std::string corpus = ReadWholeFile(Path("run/corpus.clean.jsonl.zst"));
  const std::string config = Write("inside.yaml", "run: {name: e2e}\ndata: {input: " +
                                                      Path("run/corpus.clean.jsonl.zst") + "}\n");
  const auto result = RunLeakgate(Run(config + " --out " + Path("run")));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("is inside the run directory"));
  EXPECT_EQ(ReadWholeFile(Path("run/corpus.clean.jsonl.zst")), corpus);
  EXPECT_FALSE(fs::exists(Path("run/hygiene.json")));
}

// The whole pipeline on a tiny private model. The first gate is lenient and passes; the second differs only in its
// gate section, so hygiene to audit are reused from the cache and the stricter epsilon limit fails the gate.
TEST_F(RunCliTest, TheGateVerdictIsTheExitCode) {
  const std::string pipeline =
      "run: {name: e2e-gate, threads: 2}\ndata: {input: " + Path("corpus.jsonl") +
      "}\n"
      "split: {audit_holdout: 0.3, validation: 0.05, canaries: {count: 8, repeats: [1]}}\n"
      "train:\n  model: {d_model: 32, layers: 1, heads: 2, seq_len: 64, ffn: 64}\n"
      "  epochs: 2\n  batch_size: 32\n  physical_batch: 32\n  eval_every: 1000\n  checkpoint_every: 1000\n"
      "privacy: {enabled: true, target_epsilon: 4.0}\n"
      "audit:\n  mia: {members: 100, non_members: 100, bootstrap_resamples: 100}\n"
      "  extraction: {prefix_tokens: 8, suffix_tokens: 8, samples: 20}\n  canaries: {candidates: 100}\n";
  const std::string lenient_gate =
      "gate: {max_epsilon: 8, max_mia_auc: 1.0, max_tpr_at_0_1pct_fpr: 1.0, max_tpr_at_1pct_fpr: 1.0, "
      "max_extraction_rate: 1.0, max_canary_exposure_bits: 100, accept_unresolvable: true}\n";
  const std::string run_dir = Path("run");

  CommandResult result = RunLeakgate("run " + Write("pass.yaml", pipeline + lenient_gate) + " --out " + run_dir);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("gate: PASS"));
  EXPECT_THAT(result.err, HasSubstr("report: " + run_dir + "/report.html"));
  for (const char* file : {"report.json", "report.md", "report.html", "junit.xml", "audit.json", "manifest.json"}) {
    EXPECT_TRUE(fs::exists(fs::path(run_dir) / file)) << file;
  }

  const std::string strict_gate = "gate: {max_epsilon: 1.0, max_mia_auc: 1.0, max_tpr_at_0_1pct_fpr: 1.0, "
                                  "max_tpr_at_1pct_fpr: 1.0, max_extraction_rate: 1.0, "
                                  "max_canary_exposure_bits: 100}\n";
  result = RunLeakgate("run " + Write("fail.yaml", pipeline + strict_gate) + " --out " + run_dir);
  ASSERT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.err, HasSubstr("gate: FAIL"));
  EXPECT_THAT(result.err, HasSubstr("train: unchanged since"));
  const auto report = nlohmann::json::parse(ReadWholeFile(fs::path(run_dir) / "report.json"));
  EXPECT_EQ(report["verdict"], "fail");
  EXPECT_THAT(ReadWholeFile(fs::path(run_dir) / "junit.xml"), HasSubstr("<failure"));
}

// The red-team stage serves the trained model behind the guard and attacks it through the tier; the gate requires the
// tier's result and reads its checks; an unchanged run skips the stage.
TEST_F(RunCliTest, TheRedTeamStageAttacksTheServedModelAndTheGateReadsIt) {
  Write("serve.yaml", "port: 0\ntiers:\n  - {name: public, policy: label, texts_per_second: 2, burst: 20, "
                      "max_tokens: 16}\nredteam: {max_clone_agreement: 0.99}\n");
  const std::string config = Write(
      "redteam.yaml",
      "run: {name: e2e-redteam, threads: 2}\ndata: {input: " + Path("corpus.jsonl") +
          "}\n"
          "split: {audit_holdout: 0.3, validation: 0.1, canaries: {count: 8, repeats: [1]}}\n"
          "train:\n  model: {d_model: 32, layers: 1, heads: 2, seq_len: 64, ffn: 64}\n"
          "  epochs: 1\n  batch_size: 32\n  physical_batch: 32\n  eval_every: 1000\n  checkpoint_every: 1000\n"
          "privacy: {enabled: true, target_epsilon: 4.0}\n"
          "audit:\n  mia: {members: 100, non_members: 100, bootstrap_resamples: 100}\n"
          "  extraction: {prefix_tokens: 8, suffix_tokens: 8, samples: 20}\n  canaries: {candidates: 100}\n"
          "redteam: {serve_config: " + Path("serve.yaml") + ", tiers: [public]}\n"
          "gate: {max_epsilon: 8, max_mia_auc: 1.0, max_tpr_at_0_1pct_fpr: 1.0, max_tpr_at_1pct_fpr: 1.0, "
          "max_extraction_rate: 1.0, max_canary_exposure_bits: 100, accept_unresolvable: true}\n");
  const std::string run_dir = Path("run");
  CommandResult result = RunLeakgate("run " + config + " --out " + run_dir);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("redteam: running"));
  const auto manifest = nlohmann::json::parse(ReadWholeFile(fs::path(run_dir) / "manifest.json"));
  EXPECT_TRUE(manifest["stages"]["redteam"]["outputs"].contains("redteam/redteam-public.json")) << manifest.dump(1);
  const auto gate = nlohmann::json::parse(ReadWholeFile(fs::path(run_dir) / "gate.json"));
  std::set<std::string> names;
  for (const auto& check : gate["checks"]) names.insert(check["name"].get<std::string>());
  EXPECT_TRUE(names.count("redteam.public.width_hidden:64")) << gate.dump(1);
  EXPECT_TRUE(names.count("redteam.public.clone_agreement")) << gate.dump(1);
  EXPECT_EQ(gate["verdict"], "pass");

  result = RunLeakgate("run " + config + " --out " + run_dir);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("redteam: unchanged since"));

  // Without its result, the required tier fails the release.
  fs::remove(fs::path(run_dir) / "redteam" / "redteam-public.json");
  result = RunLeakgate("run --stages gate,report " + config + " --out " + run_dir);
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.err, HasSubstr("redteam.public        missing (limit a result for this model)"));
}

// An audit that ends before writing audit.json (a kill, a power cut) is restarted from the start, and must come to the
// same audit.json: its samples are seeded, and reference models already scored are not trained again (that would spend
// privacy budget and, with fresh noise, give other losses).
TEST_F(RunCliTest, ARestartedAuditReproducesAuditJsonWithoutRetrainingReferences) {
  const std::string config = Write(
      "thorough.yaml",
      "run: {name: e2e-restart, threads: 2}\ndata: {input: " + Path("corpus.jsonl") +
          "}\n"
          "split: {audit_holdout: 0.3, validation: 0.2, canaries: {count: 8, repeats: [1]}}\n"
          "train:\n  model: {d_model: 32, layers: 1, heads: 2, seq_len: 64, ffn: 64}\n"
          "  epochs: 2\n  batch_size: 32\n  physical_batch: 32\n  eval_every: 1000\n  checkpoint_every: 1000\n"
          "privacy: {enabled: true, target_epsilon: 4.0, gradient_canaries: 0}\n"
          "audit:\n  profile: thorough\n  mia: {members: 60, non_members: 60, bootstrap_resamples: 100, "
          "reference_models: 4}\n"
          "  extraction: {prefix_tokens: 8, suffix_tokens: 8, samples: 10}\n  canaries: {candidates: 100}\n");
  const std::string run_dir = Path("run");
  const std::string stages = " --stages hygiene,split,train,audit --out " + run_dir;
  ASSERT_EQ(RunLeakgate("run " + config + stages).exit_code, 0);
  const auto trainings = [&] {
    const CommandResult listed = RunLeakgate("privacy ledger " + config + " --out " + run_dir + " --json");
    return nlohmann::json::parse(listed.out)["trainings"].size();
  };
  const std::size_t trainings_before = trainings();
  EXPECT_EQ(trainings_before, 5u) << "the target and four reference models";
  // Each reference trains on half the records with the target's sampling rate, steps and noise, not a plan
  // recalibrated for its own size (LiRA's IN/OUT fits must describe the target's training).
  const auto listed = nlohmann::json::parse(RunLeakgate("privacy ledger " + config + " --out " + run_dir + " --json").out);
  const auto privacy = nlohmann::json::parse(ReadWholeFile(fs::path(run_dir) / "privacy.json"));
  for (const auto& training : listed["trainings"]) {
    ASSERT_EQ(training["ledger"]["phases"].size(), 1u) << training.dump();
    const auto& phase = training["ledger"]["phases"][0];
    EXPECT_EQ(phase["sample_rate"], privacy["sample_rate"]) << training["purpose"];
    EXPECT_EQ(phase["steps"], privacy["steps"]) << training["purpose"];
    EXPECT_EQ(phase["noise_multiplier"], privacy["noise_multiplier"]) << training["purpose"];
  }
  const auto without_timings = [](nlohmann::json audit) {
    audit.erase("seconds");
    audit.erase("seconds_by_part");
    audit["reference_models"].erase("training_seconds");
    audit["reference_models"].erase("scoring_seconds");
    audit["reference_models"].erase("wall_seconds");
    audit["reference_models"].erase("trained_at_once");  // none when every reference's losses are reused
    audit["reference_models"].erase("threads_each");
    return audit;
  };
  const auto first = without_timings(nlohmann::json::parse(ReadWholeFile(fs::path(run_dir) / "audit.json")));
  ASSERT_TRUE(first.contains("membership") && first.contains("reference_models"));

  fs::remove(fs::path(run_dir) / "audit.json");  // as a run killed before the audit's last rename leaves it
  const CommandResult again = RunLeakgate("run " + config + stages);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.err, HasSubstr("its losses are reused, not retrained"));
  EXPECT_EQ(without_timings(nlohmann::json::parse(ReadWholeFile(fs::path(run_dir) / "audit.json"))), first);
  EXPECT_EQ(trainings(), trainings_before) << "a restarted audit must not train its reference models again";
}

// Every private training on the same corpus lands in one ledger beside the run directories: a retry under another
// name and seed that replaces the run (--force) and a run of an edited config add to the budget rather than starting
// a fresh one, and the gate checks the sum. (Re-running an unchanged training resumes its finished checkpoint: no
// new noise is drawn, so nothing is added.)
TEST_F(RunCliTest, TheDatasetLedgerComposesRetriesAndEditedConfigsAndTheGateChecksTheTotal) {
  const auto config = [&](const std::string& run, int epochs, const std::string& gate = "") {
    return run + "\ndata: {input: " + Path("corpus.jsonl") +
           "}\n"
           "split: {audit_holdout: 0.3, validation: 0.05, canaries: {count: 0}}\n"
           "train:\n  model: {d_model: 16, layers: 1, heads: 2, seq_len: 32, ffn: 32}\n  epochs: " +
           std::to_string(epochs) +
           "\n  batch_size: 32\n  physical_batch: 32\n  eval_every: 1000\n  checkpoint_every: 1000\n"
           "privacy: {enabled: true, target_epsilon: 2.0, dataset_name: river-notes}\n" + gate;
  };
  const std::string first = Write("first.yaml", config("run: {name: e2e-ledger, threads: 2}", 1));
  const std::string retry = Write("retry.yaml", config("run: {name: e2e-ledger-retry, seed: 99, threads: 2}", 1));
  const std::string edited = Write("edited.yaml", config("run: {name: e2e-ledger-retry, seed: 99, threads: 2}", 2));
  const std::string run_dir = Path("run");
  const std::string stages = " --stages hygiene,split,train --out " + run_dir;
  ASSERT_EQ(RunLeakgate("run " + first + stages).exit_code, 0);
  ASSERT_EQ(RunLeakgate("run " + retry + stages).exit_code, 2) << "another run's directory needs --force";
  ASSERT_EQ(RunLeakgate("run " + retry + stages + " --force").exit_code, 0);
  ASSERT_EQ(RunLeakgate("run " + edited + stages).exit_code, 0);
  ASSERT_TRUE(fs::exists(Path("privacy-ledger.json"))) << "auto: the ledger sits beside the run directory";

  const CommandResult listed = RunLeakgate("privacy ledger " + edited + " --out " + run_dir + " --json");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const auto ledger = nlohmann::json::parse(listed.out);
  EXPECT_EQ(ledger["name"], "river-notes");
  ASSERT_EQ(ledger["trainings"].size(), 3u);
  std::set<std::string> ids;
  for (const auto& training : ledger["trainings"]) ids.insert(training["training_id"].get<std::string>());
  EXPECT_EQ(ids.size(), 3u);
  const double run_epsilon =
      nlohmann::json::parse(ReadWholeFile(fs::path(run_dir) / "privacy.json"))["epsilon"].get<double>();
  const double total = ledger["total_epsilon"].get<double>();
  EXPECT_GT(total, run_epsilon + 1.0) << "three trainings at about 2 each compose to clearly more than one";
  EXPECT_THAT(RunLeakgate("privacy ledger " + edited + " --out " + run_dir).out, HasSubstr("over 3 trainings"));

  const auto gate_with_total = [&](double maximum) {
    const std::string gated = Write("gate.yaml", config("run: {name: e2e-ledger-retry, seed: 99, threads: 2}", 2,
                                                        "gate: {max_total_epsilon: " + std::to_string(maximum) + "}\n"));
    return RunLeakgate("gate " + gated + " --out " + run_dir);
  };
  const CommandResult over = gate_with_total(total - 0.01);
  EXPECT_EQ(over.exit_code, 1);
  EXPECT_THAT(over.err, ::testing::ContainsRegex("fail +total_epsilon"));
  EXPECT_THAT(gate_with_total(total + 0.01).err, ::testing::ContainsRegex("pass +total_epsilon"));
}

}  // namespace
}  // namespace leakgate
