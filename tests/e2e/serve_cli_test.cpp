// `leakgate serve` end to end: a classifier trained here is served by the leakgate binary on loopback, called with
// and without a key made by `leakgate serve-keys add`, and stopped by SIGTERM.
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iterator>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "pipeline/train/classifier.h"
#include "tests/e2e/command.h"
#include "tests/train/keyword_notes.h"
#include "tests/train/tiny_job.h"

namespace leakgate::testing {
namespace {

// A child process running `leakgate serve`, its stderr read through a pipe.
class ServeProcess {
 public:
  explicit ServeProcess(const std::vector<std::string>& arguments) {
    int pipe_ends[2];
    if (::pipe(pipe_ends) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(pipe_ends[1], STDERR_FILENO);
      ::close(pipe_ends[0]);
      std::vector<char*> argv;
      std::string binary = LEAKGATE_BINARY;
      argv.push_back(binary.data());
      std::vector<std::string> copies = arguments;
      for (std::string& argument : copies) argv.push_back(argument.data());
      argv.push_back(nullptr);
      ::execv(binary.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(pipe_ends[1]);
    stderr_ = pipe_ends[0];
  }
  ~ServeProcess() {
    if (pid_ > 0 && !waited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (stderr_ >= 0) ::close(stderr_);
  }
  // Reads stderr until `pattern` matches it (returning the first group) or `seconds` pass ("" then).
  std::string WaitFor(const std::regex& pattern, int seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
      std::smatch match;
      if (std::regex_search(output_, match, pattern)) return match[1].str();
      pollfd readable{stderr_, POLLIN, 0};
      if (::poll(&readable, 1, 100) > 0) {
        char buffer[4096];
        const ssize_t n = ::read(stderr_, buffer, sizeof buffer);
        if (n <= 0) break;
        output_.append(buffer, static_cast<std::size_t>(n));
      }
    }
    return "";
  }
  // Sends SIGTERM and returns the exit code (128 + signal when killed by one).
  int Terminate() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    waited_ = true;
    char buffer[4096];
    for (ssize_t n; (n = ::read(stderr_, buffer, sizeof buffer)) > 0;) {
      output_.append(buffer, static_cast<std::size_t>(n));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  const std::string& output() const { return output_; }

 private:
  pid_t pid_ = -1;
  int stderr_ = -1;
  bool waited_ = false;
  std::string output_;
};

class ServeCli : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    ::setenv("LEAKGATE_SERVE_SECRET", "e2e-secret-0123456789abcdef0123456789", 1);
    Write("serve.yaml",
          "port: 0\nkeys: keys.json\nrequest_log: requests.jsonl\ntiers:\n"
          "  - {name: public, policy: label, texts_per_second: 100, burst: 100}\n");
  }
};

TEST_F(ServeCli, ServesATrainedClassifierBehindKeysAndStopsOnSigterm) {
  const auto notes = pipeline::testing::KeywordNotes(200, 3);
  const auto validation = pipeline::testing::KeywordNotes(40, 4);
  pipeline::TrainTextClassifier(notes, validation,
                                pipeline::testing::KeywordClassifierJob(dir_ / "run" / "model", false, 2));

  const CommandResult added =
      RunLeakgate("serve-keys add --keys " + Path("keys.json") + " --id alice --tier public");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const std::string key = added.out.substr(0, added.out.find('\n'));
  ASSERT_GE(key.size(), 64u);
  EXPECT_EQ(ReadWholeFile(Path("keys.json")).find(key), std::string::npos);

  ServeProcess server({"serve", Path("run"), "--config", Path("serve.yaml")});
  const std::string port = server.WaitFor(std::regex(R"(on http://127\.0\.0\.1:(\d+))"), 120);
  ASSERT_FALSE(port.empty()) << server.output();
  httplib::Client client("127.0.0.1", std::stoi(port));
  const std::string body = R"({"texts": ["patient reports chest pain since week", "seizure seen today"]})";
  auto refused = client.Post("/v1/classify", body, "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
  auto answered = client.Post("/v1/classify", {{"Authorization", "Bearer " + key}}, body, "application/json");
  ASSERT_TRUE(answered);
  ASSERT_EQ(answered->status, 200) << answered->body;
  const auto results = nlohmann::json::parse(answered->body)["results"];
  ASSERT_EQ(results.size(), 2u);
  for (const auto& result : results) {
    ASSERT_EQ(result.size(), 1u) << "the public tier reveals the label alone";
    const std::string label = result[0]["label"];
    EXPECT_TRUE(label == "cardiology" || label == "neurology" || label == "respiratory") << label;
    EXPECT_FALSE(result[0].contains("probability"));
  }

  EXPECT_EQ(server.Terminate(), 0) << server.output();
  EXPECT_NE(server.output().find("serve: stopped"), std::string::npos) << server.output();
  const std::string log = ReadWholeFile(Path("requests.jsonl"));
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 2);
  EXPECT_EQ(log.find("chest pain"), std::string::npos);
}

TEST_F(ServeCli, RedTeamAttacksARunThroughTheDoorAndKeepsItsTextsOutOfTheLog) {
  // Keyword notes made distinct by two numbers each, so that deduplication keeps them.
  std::string corpus;
  const auto notes = pipeline::testing::KeywordNotes(400, 5);
  for (std::size_t i = 0; i < notes.size(); ++i) {
    const std::string text = "visit " + std::to_string(i * 7919 % 100003) + " " + notes[i].text + " room " +
                             std::to_string(i * 31 % 977);
    corpus += nlohmann::json({{"id", "n" + std::to_string(i)}, {"text", text}, {"kind", notes[i].label}}).dump();
    corpus += "\n";
  }
  Write("corpus.jsonl", corpus);
  Write("run.yaml", "run: {name: e2e-redteam, seed: 3}\ndata: {input: " + Path("corpus.jsonl") +
                        ", label_field: kind}\nsplit: {audit_holdout: 0.3, validation: 0.2, canaries: {count: 0}}\n"
                        "train: {task: classifier, classes: [cardiology, neurology, respiratory], epochs: 1,\n"
                        "  model: {d_model: 32, layers: 1, heads: 2, ffn: 64, seq_len: 64},\n"
                        "  batch_size: 32, physical_batch: 32}\nprivacy: {enabled: false}\n");
  const CommandResult trained = RunLeakgate("run --stages hygiene,split,train " + Path("run.yaml") + " --out " +
                                            Path("run"));
  ASSERT_EQ(trained.exit_code, 0) << trained.err;
  Write("monitored.yaml",
        "port: 0\ntiers:\n  - {name: public, policy: label, texts_per_second: 2, burst: 20}\n"
        "monitor: {enabled: true, daily_texts: 100}\n");
  const std::string command = "redteam " + Path("run") + " --config " + Path("monitored.yaml");
  const CommandResult red = RunLeakgate(command + " --tier public --budget 150 --customers 50");
  EXPECT_NE(red.err.find("customers flagged"), std::string::npos) << red.err;

  const auto report = nlohmann::json::parse(ReadWholeFile(Path("run/redteam/redteam-public.json")));
  // 50 customers cannot show a false-alarm rate under the default 1%: the check fails, and so does the command.
  EXPECT_EQ(red.exit_code, 1) << red.err;
  EXPECT_FALSE(report["passed"].get<bool>());
  EXPECT_EQ(report["checks"].back()["name"], "customer_false_alarms");
  EXPECT_FALSE(report["checks"].back()["passed"].get<bool>());
  EXPECT_NE(red.err.find("FAIL customer_false_alarms"), std::string::npos) << red.err;
  EXPECT_EQ(report["tier"], "public");
  EXPECT_EQ(report["policy"], "label");
  EXPECT_NE(report["pool"].get<std::string>().find("audit non-members"), std::string::npos);
  ASSERT_EQ(report["attackers"].size(), 7u);
  EXPECT_EQ(report["attackers"][5]["attack"], "active_learning");
  // Random words are outside the training vocabulary: a coverage event each, flagged at the 6th (ln 10 each against
  // ln 1e6); the model may hesitate on them too, so the first flag named can be either.
  EXPECT_NE(red.err.find("serve: coverage signal:"), std::string::npos) << red.err;
  EXPECT_EQ(report["attackers"][6]["attack"], "random_text");
  EXPECT_EQ(report["attackers"][6]["texts_until_flag"], 6);
  EXPECT_EQ(report["attackers"][0]["attack"], "random_pool");
  EXPECT_EQ(report["attackers"][0]["texts_answered"], 150);
  EXPECT_EQ(report["attackers"][0]["flagged_by"], "volume");
  EXPECT_EQ(report["attackers"][0]["texts_until_flag"], 101);
  EXPECT_EQ(report["attackers"][1]["attack"], "sweep");
  EXPECT_FALSE(report["attackers"][1]["texts_until_flag"].is_null()) << report.dump(1);
  EXPECT_EQ(report["attackers"][3]["keys"], 10);
  EXPECT_EQ(report["benign"]["users"], 50);
  EXPECT_GE(report["benign"]["texts"].get<int>(), 50);
  EXPECT_EQ(report["kind"], "classifier");
  const std::filesystem::directory_iterator model_files(Path("run/model"));
  EXPECT_EQ(static_cast<std::ptrdiff_t>(report["model"].size()),
            std::distance(model_files, std::filesystem::directory_iterator()));
  EXPECT_EQ(report["serve_config"]["path"], Path("monitored.yaml"));

  // The run's gate and reports are evaluated again with the red team's checks in them.
  EXPECT_NE(red.err.find("gate and reports now include this result"), std::string::npos) << red.err;
  const auto gate = nlohmann::json::parse(ReadWholeFile(Path("run/gate.json")));
  const auto checks = gate["checks"];
  const auto false_alarms = std::find_if(checks.begin(), checks.end(), [](const nlohmann::json& check) {
    return check["name"] == "redteam.public.customer_false_alarms";
  });
  ASSERT_NE(false_alarms, checks.end()) << gate.dump(1);
  EXPECT_EQ((*false_alarms)["status"], "fail");
  EXPECT_NE(ReadWholeFile(Path("run/report.html")).find("<h2>Serving red team</h2>"), std::string::npos);

  const std::string log = ReadWholeFile(Path("run/redteam/redteam-requests.jsonl"));
  EXPECT_GT(std::count(log.begin(), log.end(), '\n'), 750);
  EXPECT_EQ(log.find("visit "), std::string::npos) << "the request log holds keyed hashes, never texts";
  EXPECT_NE(log.find("\"coverage\""), std::string::npos) << "the random-text attacker's key carries the flag";

  const CommandResult unknown = RunLeakgate(command + " --tier gold");
  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
  EXPECT_NE(unknown.err.find("no tier 'gold'"), std::string::npos) << unknown.err;
}

TEST_F(ServeCli, ServesATrainedLanguageModelTextOnlyOnThePublicTier) {
  pipeline::TrainLanguageModel(pipeline::testing::TinyTexts(120), pipeline::testing::TinyTexts(20, 300),
                               pipeline::testing::TinyJob(dir_ / "lm" / "model", false));
  const CommandResult added = RunLeakgate("serve-keys add --keys " + Path("keys.json") + " --id bo --tier public");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const std::string key = added.out.substr(0, added.out.find('\n'));

  ServeProcess server({"serve", Path("lm"), "--config", Path("serve.yaml")});
  const std::string port = server.WaitFor(std::regex(R"(on http://127\.0\.0\.1:(\d+))"), 120);
  ASSERT_FALSE(port.empty()) << server.output();
  EXPECT_NE(server.output().find("language model, POST /v1/complete"), std::string::npos) << server.output();
  httplib::Client client("127.0.0.1", std::stoi(port));
  const httplib::Headers headers = {{"Authorization", "Bearer " + key}};
  auto answered = client.Post("/v1/complete", headers, R"({"prompt": "pt ada day ", "max_tokens": 12})",
                              "application/json");
  ASSERT_TRUE(answered);
  ASSERT_EQ(answered->status, 200) << answered->body;
  const auto completion = nlohmann::json::parse(answered->body);
  EXPECT_FALSE(completion["completion"].get<std::string>().empty());
  EXPECT_FALSE(completion.contains("logprobs"));
  auto refused = client.Post("/v1/complete", headers, R"({"prompt": "pt ada", "logprobs": 5})", "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400) << "the public tier returns text alone";
  EXPECT_EQ(client.Post("/v1/classify", headers, R"({"texts": ["pt"]})", "application/json")->status, 404);
  EXPECT_EQ(server.Terminate(), 0) << server.output();
  EXPECT_EQ(ReadWholeFile(Path("requests.jsonl")).find("pt ada"), std::string::npos);

  // The last-layer extraction through the public tier gets text alone: nothing to stack, the width stays hidden.
  const CommandResult red_team = RunLeakgate("redteam " + Path("lm") + " --config " + Path("serve.yaml") +
                                             " --tier public");
  EXPECT_EQ(red_team.exit_code, 0) << red_team.err;
  const auto report = nlohmann::json::parse(ReadWholeFile(Path("lm/redteam/redteam-public.json")));
  EXPECT_EQ(report["true_width"], 32);
  ASSERT_EQ(report["extractions"].size(), 2u);
  EXPECT_EQ(report["extractions"][1]["budget"], 40 * 32);
  EXPECT_EQ(report["extractions"][1]["answered"], 0);
  EXPECT_TRUE(report["passed"].get<bool>());
}

TEST_F(ServeCli, AMissingOrUnknownModelIsExitTwo) {
  const CommandResult missing = RunLeakgate("serve " + dir_.string() + " --config " + Path("serve.yaml"));
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_NE(missing.err.find("no trained model"), std::string::npos) << missing.err;

  std::filesystem::create_directories(dir_ / "odd" / "model");
  Write("odd/model/model.json", R"({"kind": "byte_lm"})");
  const CommandResult unknown = RunLeakgate("serve " + Path("odd") + " --config " + Path("serve.yaml"));
  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
  EXPECT_NE(unknown.err.find("neither a text classifier"), std::string::npos) << unknown.err;
}

}  // namespace
}  // namespace leakgate::testing
