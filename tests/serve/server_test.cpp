// The guarded server over loopback, with a small deterministic classifier standing in for a trained model.
#include "serve/server.h"

// Eigen (in fake_models.h) before httplib.h: the <resolv.h> it includes defines _res, a name Eigen's headers use.
#include <Eigen/Dense>
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "common/errors.h"
#include "tests/audit_attacks/fake_models.h"
#include "tests/support/temp_dir.h"

namespace leakgate::serve {
namespace {

// "billing" when the text mentions an invoice, else "clinical"; three classes, fixed probabilities.
class FakeClassifier : public audit::Classifier {
 public:
  std::vector<std::vector<audit::ClassProbability>> TopKClasses(std::span<const std::string> texts,
                                                                std::size_t k) override {
    std::vector<std::vector<audit::ClassProbability>> answers;
    for (const std::string& text : texts) {
      std::vector<audit::ClassProbability> answer =
          text.find("invoice") != std::string::npos
              ? std::vector<audit::ClassProbability>{{"billing", 0.7}, {"clinical", 0.2}, {"other", 0.1}}
              : std::vector<audit::ClassProbability>{{"clinical", 0.8}, {"billing", 0.15}, {"other", 0.05}};
      answer.resize(std::min(k, answer.size()));
      answers.push_back(std::move(answer));
    }
    calls += texts.size();
    return answers;
  }
  std::atomic<std::size_t> calls{0};
};

const std::string kSecret = "0123456789abcdef0123456789abcdef-test";
constexpr double kStart = 19000.0 * 86400.0 + 600.0;

class ServerTest : public leakgate::testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    alice_ = keys_.Add("alice", "public");
    bob_ = keys_.Add("bob", "partner");
    settings_.port = 0;
    settings_.max_body_bytes = 4096;
    settings_.max_texts = 8;
    settings_.request_log = dir_ / "requests.jsonl";
    settings_.tiers = {{"public", {{audit::OutputPolicyKind::kLabelOnly}, 0.0}, {1.0, 3.0, 0}, {}},
                       {"partner", {{audit::OutputPolicyKind::kProbabilities}, 0.05}, {100.0, 100.0, 0}, {}}};
  }
  void Start() {
    server_ = std::make_unique<GuardedServer>(settings_, keys_, model_, kSecret, [this] { return now_.load(); });
    Listen();
  }
  // The partner tier may see the top 5 log-probabilities per token, to 2 decimals; the public tier text alone.
  void StartLanguageModel() {
    settings_.tiers[1].completion.top_logprobs = 5;
    settings_.tiers[1].completion.logprob_decimals = 2;
    server_ = std::make_unique<GuardedServer>(settings_, keys_, language_model_, kSecret,
                                              [this] { return now_.load(); });
    Listen();
  }
  void Listen() {
    port_ = server_->Bind();
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
    TempDirTest::TearDown();
  }
  httplib::Result Classify(const std::string& key, const std::string& body) {
    httplib::Client client("127.0.0.1", port_);
    httplib::Headers headers;
    if (!key.empty()) headers.emplace("Authorization", "Bearer " + key);
    return client.Post("/v1/classify", headers, body, "application/json");
  }
  httplib::Result CompleteCall(const std::string& key, const std::string& body) {
    httplib::Client client("127.0.0.1", port_);
    return client.Post("/v1/complete", {{"Authorization", "Bearer " + key}}, body, "application/json");
  }
  std::vector<nlohmann::json> LogLines() const {
    std::vector<nlohmann::json> lines;
    std::ifstream file(settings_.request_log);
    for (std::string line; std::getline(file, line);) lines.push_back(nlohmann::json::parse(line));
    return lines;
  }

  KeyStore keys_;
  std::string alice_, bob_;
  ServeSettings settings_;
  FakeClassifier model_;
  audit::testing::NgramModel language_model_{{"patient Marisol Quintanilla was seen on monday.",
                                              "the patient called about a refill."},
                                             4};
  std::atomic<double> now_{kStart};
  std::unique_ptr<GuardedServer> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(ServerTest, RefusesCallersWithoutAValidKey) {
  Start();
  auto none = Classify("", R"({"texts": ["hello"]})");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer");
  auto wrong = Classify(alice_ + "0", R"({"texts": ["hello"]})");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(model_.calls, 0u);
}

TEST_F(ServerTest, EachTierSeesWhatItsPolicyReveals) {
  Start();
  auto label = Classify(alice_, R"({"texts": ["the invoice is late"]})");
  ASSERT_TRUE(label);
  ASSERT_EQ(label->status, 200) << label->body;
  const auto labelled = nlohmann::json::parse(label->body);
  EXPECT_EQ(labelled["tier"], "public");
  ASSERT_EQ(labelled["results"][0].size(), 1u);
  EXPECT_EQ(labelled["results"][0][0], nlohmann::json({{"label", "billing"}}));

  const std::string body = R"({"texts": ["the invoice is late", "pain in the left knee"]})";
  auto first = Classify(bob_, body);
  auto again = Classify(bob_, body);
  ASSERT_TRUE(first);
  ASSERT_TRUE(again);
  ASSERT_EQ(first->status, 200);
  EXPECT_EQ(first->body, again->body) << "a repeated question gets the same noise";
  const auto noised = nlohmann::json::parse(first->body)["results"];
  ASSERT_EQ(noised.size(), 2u);
  ASSERT_EQ(noised[0].size(), 3u);
  EXPECT_NE(noised[0][0]["probability"].get<double>(), 0.7) << "the partner tier's answers are noised";
  EXPECT_NEAR(noised[0][0]["probability"].get<double>(), 0.7, 0.3);
}

TEST_F(ServerTest, RateLimitAnswers429WithRetryAfterUntilTheBucketRefills) {
  Start();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Classify(alice_, R"({"texts": ["q"]})")->status, 200) << i;
  auto refused = Classify(alice_, R"({"texts": ["q"]})");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429);
  EXPECT_EQ(refused->get_header_value("Retry-After"), "1");
  EXPECT_EQ(Classify(alice_, R"({"texts": ["a", "b", "c", "d"]})")->status, 429) << "more than the burst at once";
  EXPECT_EQ(Classify(bob_, R"({"texts": ["q"]})")->status, 200) << "another key is not limited by alice's bucket";
  now_ = kStart + 1.0;
  EXPECT_EQ(Classify(alice_, R"({"texts": ["q"]})")->status, 200);
  EXPECT_EQ(model_.calls, 5u);
}

TEST_F(ServerTest, BadBodiesGet4xxWithAReason) {
  Start();
  for (const std::string& body :
       {std::string("not json"), std::string(R"({"texts": "one"})"), std::string(R"({"texts": [1]})"),
        std::string(R"({"texts": []})"), std::string(R"({"texts": ["a"], "top_k": 3})"), std::string("[\"a\"]"),
        std::string(R"({"texts": ["a","b","c","d","e","f","g","h","i"]})"), std::string("{\"texts\": [\"\xff\"]}")}) {
    auto response = Classify(bob_, body);
    ASSERT_TRUE(response) << body;
    EXPECT_EQ(response->status, 400) << body;
    EXPECT_FALSE(nlohmann::json::parse(response->body)["error"].get<std::string>().empty());
  }
  auto huge = Classify(bob_, R"({"texts": [")" + std::string(5000, 'a') + R"("]})");
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
  EXPECT_EQ(model_.calls, 0u);
}

TEST_F(ServerTest, FuzzedBodiesNeverCrashTheServer) {
  Start();
  std::mt19937 random(7);
  const std::string seed = R"({"texts": ["the invoice", "knee"]})";
  for (int i = 0; i < 300; ++i) {
    std::string body = seed;
    const int edits = 1 + static_cast<int>(random() % 6);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = random() % (body.size() + 1);
      switch (random() % 3) {
        case 0: body.insert(at, 1, static_cast<char>(random() % 256)); break;
        case 1: if (at < body.size()) body.erase(at, 1); break;
        default: if (at < body.size()) body[at] = static_cast<char>(random() % 256); break;
      }
    }
    auto response = Classify(bob_, body);
    ASSERT_TRUE(response) << "request " << i;
    EXPECT_TRUE(response->status == 200 || response->status == 400) << response->status << " for request " << i;
  }
  httplib::Client client("127.0.0.1", port_);
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST_F(ServerTest, SlowClientsHoldingConnectionsDoNotStarveOthers) {
  Start();
  std::vector<int> slow;
  for (int i = 0; i < 16; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port_));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    const std::string partial = "POST /v1/classify HTTP/1.1\r\nHost: localhost\r\nContent-Le";
    ASSERT_EQ(::send(fd, partial.data(), partial.size(), 0), static_cast<ssize_t>(partial.size()));
    slow.push_back(fd);
  }
  const auto start = std::chrono::steady_clock::now();
  auto response = Classify(bob_, R"({"texts": ["q"]})");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  // Starved, it would wait for a slow connection's 5 s read timeout.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
  for (int fd : slow) ::close(fd);
}

TEST_F(ServerTest, TheRequestLogHoldsKeyedHashesNeverTheTexts) {
  Start();
  const std::string secret_text = "patient Marisol Quintanilla-Oyelaran called about the invoice";
  Classify(bob_, nlohmann::json({{"texts", {secret_text}}}).dump());
  Classify("", nlohmann::json({{"texts", {secret_text}}}).dump());
  Classify(bob_, nlohmann::json({{"texts", {secret_text}}}).dump());
  server_->Stop();
  thread_.join();
  const std::string raw = leakgate::testing::ReadWholeFile(settings_.request_log);
  EXPECT_EQ(raw.find("Quintanilla"), std::string::npos);
  EXPECT_EQ(raw.find(bob_), std::string::npos) << "keys never appear in the log";
  const auto lines = LogLines();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["key_id"], "bob");
  EXPECT_EQ(lines[0]["status"], 200);
  EXPECT_EQ(lines[1]["key_id"], nullptr);
  EXPECT_EQ(lines[1]["status"], 401);
  ASSERT_EQ(lines[0]["text_hmacs"].size(), 1u);
  EXPECT_EQ(lines[0]["text_hmacs"], lines[2]["text_hmacs"]) << "the same text, the same keyed hash";
  EXPECT_EQ(lines[0]["policy"], "partner: probabilities, noise 0.05");
}

TEST_F(ServerTest, MetricsCountRequestsAndRefusals) {
  Start();
  Classify(alice_, R"({"texts": ["q"]})");
  Classify("", R"({"texts": ["q"]})");
  Classify(bob_, "nope");
  httplib::Client client("127.0.0.1", port_);
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->body.find("leakgate_requests_total{endpoint=\"/v1/classify\",code=\"200\"} 1"), std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("leakgate_refusals_total{reason=\"unauthorized\"} 1"), std::string::npos);
  EXPECT_NE(metrics->body.find("leakgate_refusals_total{reason=\"bad_request\"} 1"), std::string::npos);
  EXPECT_NE(metrics->body.find("leakgate_texts_answered_total 1"), std::string::npos);
}

TEST_F(ServerTest, CompletionsRevealLogProbabilitiesOnlyWhereTheTierAllows) {
  StartLanguageModel();
  auto text = CompleteCall(alice_, R"({"prompt": "the patient called about a re", "max_tokens": 20})");
  ASSERT_TRUE(text);
  ASSERT_EQ(text->status, 200) << text->body;
  const auto answered = nlohmann::json::parse(text->body);
  EXPECT_EQ(answered["completion"], "fill.");
  EXPECT_EQ(answered["finish_reason"], "stop");
  EXPECT_FALSE(answered.contains("logprobs"));

  auto refused = CompleteCall(alice_, R"({"prompt": "the patient", "logprobs": 1})");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_NE(refused->body.find("at most 0 log-probabilities"), std::string::npos) << refused->body;
  EXPECT_EQ(CompleteCall(bob_, R"({"prompt": "the patient", "logprobs": 6})")->status, 400) << "above the tier's 5";

  auto revealed = CompleteCall(bob_, R"({"prompt": "the pa", "max_tokens": 4, "logprobs": 3})");
  ASSERT_TRUE(revealed);
  ASSERT_EQ(revealed->status, 200) << revealed->body;
  const auto steps = nlohmann::json::parse(revealed->body)["logprobs"];
  ASSERT_EQ(steps.size(), 4u);
  std::vector<audit::TokenId> context = language_model_.Encode("the pa");
  for (const auto& step : steps) {
    const std::vector<double> full = language_model_.NextTokenLogProbs(std::span(&context, 1))[0];
    ASSERT_EQ(step["top"].size(), 3u);
    for (const auto& entry : step["top"]) {
      const double shown = entry["logprob"].get<double>();
      EXPECT_NEAR(shown, std::round(full[entry["token_id"].get<int>()] * 100.0) / 100.0, 1e-12);
    }
    context.push_back(step["token_id"].get<audit::TokenId>());
  }
  EXPECT_EQ(language_model_.Decode(std::span(context).subspan(6)), "tien");

  const std::string sampled = R"({"prompt": "the", "max_tokens": 30, "temperature": 1.0})";
  auto first = CompleteCall(bob_, sampled);
  auto again = CompleteCall(bob_, sampled);
  ASSERT_TRUE(first && again);
  EXPECT_EQ(first->body, again->body) << "sampling is seeded by the key and the question";
  EXPECT_EQ(Classify(bob_, R"({"texts": ["q"]})")->status, 404) << "this server serves a language model";

  server_->Stop();
  thread_.join();
  const std::string log = leakgate::testing::ReadWholeFile(settings_.request_log);
  EXPECT_EQ(log.find("patient"), std::string::npos) << "prompts appear only as keyed hashes";
  EXPECT_EQ(log.find("fill"), std::string::npos);
}

// Each generated step reveals another distribution: a request for log-probabilities costs its max_tokens, one for text
// a single text. The temperature is read on a grid of tenths.
TEST_F(ServerTest, ALogProbabilityRequestCostsOneTextPerStep) {
  StartLanguageModel();  // the partner tier: burst 100, and the clock stands still
  EXPECT_EQ(CompleteCall(bob_, R"({"prompt": "the pa", "max_tokens": 101, "logprobs": 5})")->status, 429);
  EXPECT_EQ(CompleteCall(bob_, R"({"prompt": "the pa", "max_tokens": 101})")->status, 200);
  EXPECT_EQ(CompleteCall(bob_, R"({"prompt": "the pa", "max_tokens": 60, "logprobs": 5})")->status, 200);
  EXPECT_EQ(CompleteCall(bob_, R"({"prompt": "the pa", "max_tokens": 60, "logprobs": 5})")->status, 429)
      << "61 of the burst's 100 texts are spent";
  const auto at = [&](const std::string& temperature) {
    return nlohmann::json::parse(
        CompleteCall(bob_, R"({"prompt": "the pa", "max_tokens": 20, "temperature": )" + temperature + "}")->body);
  };
  EXPECT_EQ(at("0.73")["completion"], at("0.7")["completion"]);
}

TEST_F(ServerTest, BadCompletionBodiesGet400WithAReason) {
  StartLanguageModel();
  for (const std::string& body :
       {std::string(R"({"prompt": 3})"), std::string(R"({"texts": ["a"]})"),
        std::string(R"({"prompt": "a", "max_tokens": 0})"), std::string(R"({"prompt": "a", "max_tokens": 257})"),
        std::string(R"({"prompt": "a", "max_tokens": -1})"), std::string(R"({"prompt": "a", "max_tokens": 2.5})"),
        std::string(R"({"prompt": "a", "temperature": -1})"), std::string(R"({"prompt": "a", "temperature": "hot"})"),
        std::string(R"({"prompt": "a", "logprobs": 99999999999999999999})"),
        std::string(R"({"prompt": "a", "logit_bias": {}})"), std::string(R"(["a"])")}) {
    auto response = CompleteCall(bob_, body);
    ASSERT_TRUE(response) << body;
    EXPECT_EQ(response->status, 400) << body;
    EXPECT_FALSE(nlohmann::json::parse(response->body)["error"].get<std::string>().empty()) << body;
  }
}

// A sweep: one 30-word sentence with one word changed per request.
std::string SweepBody(int variant) {
  std::string text;
  for (int word = 0; word < 30; ++word) {
    const std::string token = word == variant % 30 ? "v" + std::to_string(variant) : "w" + std::to_string(word);
    text += (word == 0 ? "" : " ") + token;
  }
  return nlohmann::json({{"texts", {text}}}).dump();
}

TEST_F(ServerTest, TheMonitorBlocksASweepingKeyAndLeavesOthersAlone) {
  settings_.monitor.enabled = true;
  settings_.monitor.action = MonitorAction::kBlock;
  Start();
  int answered = 0;
  for (int variant = 0; variant < 40; ++variant) {
    auto result = Classify(bob_, SweepBody(variant));
    ASSERT_TRUE(result);
    if (result->status != 200) {
      EXPECT_EQ(result->status, 403) << result->body;
      break;
    }
    ++answered;
  }
  EXPECT_GE(answered, 7) << "six sweep events reach the default threshold, after a first text to compare with";
  EXPECT_LE(answered, 12);
  EXPECT_EQ(model_.calls, static_cast<std::size_t>(answered)) << "a blocked request never reaches the model";
  EXPECT_EQ(Classify(bob_, R"({"texts": ["an ordinary question"]})")->status, 403) << "the block stays";
  EXPECT_EQ(Classify(alice_, R"({"texts": ["an ordinary question"]})")->status, 200);

  const std::vector<nlohmann::json> lines = LogLines();
  ASSERT_EQ(lines.size(), static_cast<std::size_t>(answered) + 3);
  EXPECT_FALSE(lines.front().contains("monitor_flags"));
  EXPECT_EQ(lines[answered - 1]["monitor_flags"], nlohmann::json({"sweep"})) << "the request that raised the flag";
  EXPECT_EQ(lines[answered]["status"], 403);
  EXPECT_EQ(lines[answered]["monitor_flags"], nlohmann::json({"sweep"}));
  EXPECT_FALSE(lines.back().contains("monitor_flags")) << "alice is not flagged";

  httplib::Client client("127.0.0.1", port_);
  const std::string metrics = client.Get("/metrics")->body;
  EXPECT_NE(metrics.find("leakgate_monitor_flags_total{signal=\"sweep\"} 1"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("leakgate_refusals_total{reason=\"monitor_block\"} 2"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("leakgate_monitor_texts_total " + std::to_string(answered + 1)), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("leakgate_monitor_events_total{signal=\"boundary\"} 0"), std::string::npos) << metrics;
}

TEST_F(ServerTest, TheMonitorThrottlesAFlaggedKeysRateAndBurst) {
  settings_.monitor.enabled = true;
  settings_.monitor.action = MonitorAction::kThrottle;
  settings_.monitor.daily_texts = 20;
  settings_.max_texts = 16;
  Start();
  const std::string eight = nlohmann::json({{"texts", std::vector<std::string>(8, "the same question")}}).dump();
  EXPECT_EQ(Classify(bob_, eight)->status, 200);
  EXPECT_EQ(Classify(bob_, eight)->status, 200);
  EXPECT_EQ(Classify(bob_, eight)->status, 200) << "the request that crosses 20 texts is answered, then flagged";
  auto refused = Classify(bob_, nlohmann::json({{"texts", std::vector<std::string>(11, "q")}}).dump());
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429) << "the burst of 100 is now 10";
  EXPECT_EQ(Classify(bob_, nlohmann::json({{"texts", std::vector<std::string>(8, "q")}}).dump())->status, 200);
  EXPECT_EQ(Classify(bob_, nlohmann::json({{"texts", std::vector<std::string>(8, "q")}}).dump())->status, 429)
      << "the bucket refills at 10 texts/s, not 100";
}

TEST_F(ServerTest, AKeyOfAnUndefinedTierIsAConfigError) {
  keys_.Add("carol", "gold");
  EXPECT_THROW(GuardedServer(settings_, keys_, model_, kSecret), common::ConfigError);
}

// A watermarking tier needs the watermark's key to serve a language model; a classifier's tiers never watermark.
TEST_F(ServerTest, AWatermarkingTierWithoutItsKeyIsAConfigErrorForALanguageModel) {
  settings_.tiers[0].completion.watermark = true;
  EXPECT_THROW(GuardedServer(settings_, keys_, language_model_, kSecret), common::ConfigError);
  EXPECT_NO_THROW(GuardedServer(settings_, keys_, model_, kSecret));
  settings_.watermark_key = "0123456789abcdef0123456789abcdef-watermark";
  EXPECT_NO_THROW(GuardedServer(settings_, keys_, language_model_, kSecret));
  settings_.watermark_key = "too short";
  EXPECT_THROW(GuardedServer(settings_, keys_, language_model_, kSecret), common::ConfigError);
}

TEST_F(ServerTest, StopBeforeRunReturnsAtOnce) {
  server_ = std::make_unique<GuardedServer>(settings_, keys_, model_, kSecret);
  server_->Bind();
  server_->Stop();
  server_->Run();
}

}  // namespace
}  // namespace leakgate::serve
