#include "pipeline/serve_config.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace leakgate::pipeline {
namespace {

ServeConfig Read(const std::string& text) {
  ServeConfig config;
  ReadConfigText(text, "serve.yaml", [&](ConfigMap& map) { ReadServeConfig(map, config); });
  return config;
}

std::string ErrorOf(const std::string& text) {
  try {
    Read(text);
  } catch (const common::ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST(ServeConfig, ReadsTiersWithTheirPoliciesAndLimits) {
  const ServeConfig config = Read(R"(
port: 9090
keys: keys.json
tiers:
  - {name: public, policy: label, texts_per_second: 2, burst: 20, daily_quota: 5000}
  - {name: partner, policy: top3, noise: 0.02, texts_per_second: 50, burst: 200}
)");
  EXPECT_EQ(config.settings.port, 9090);
  EXPECT_EQ(config.keys, "keys.json");
  ASSERT_EQ(config.settings.tiers.size(), 2u);
  EXPECT_EQ(config.settings.tiers[0].policy.output.kind, audit::OutputPolicyKind::kLabelOnly);
  EXPECT_EQ(config.settings.tiers[0].limit.daily_quota, 5000u);
  EXPECT_EQ(config.settings.tiers[1].policy.output.kind, audit::OutputPolicyKind::kTopK);
  EXPECT_EQ(config.settings.tiers[1].policy.output.top_k, 3u);
  EXPECT_DOUBLE_EQ(config.settings.tiers[1].policy.noise_stddev, 0.02);
  EXPECT_DOUBLE_EQ(config.settings.tiers[1].limit.burst, 200.0);
}

TEST(ServeConfig, ReadsTheMonitor) {
  const std::string tier = "tiers:\n  - {name: public, policy: label, texts_per_second: 2, burst: 20}\n";
  EXPECT_FALSE(Read(tier).settings.monitor.enabled);
  const ServeConfig config = Read(tier + R"(
monitor:
  enabled: true
  benign_texts_per_false_alarm: 100000
  boundary_margin: 0.2
  boundary_benign_rate: 0.08
  boundary_attack_rate: 0.6
  sweep_jaccard: 0.7
  history: 64
  daily_texts: 300
  action: throttle
  throttle_factor: 0.25
)");
  const serve::MonitorSettings& monitor = config.settings.monitor;
  EXPECT_TRUE(monitor.enabled);
  EXPECT_DOUBLE_EQ(monitor.benign_texts_per_false_alarm, 1e5);
  EXPECT_DOUBLE_EQ(monitor.boundary_margin, 0.2);
  EXPECT_DOUBLE_EQ(monitor.boundary.benign, 0.08);
  EXPECT_DOUBLE_EQ(monitor.boundary.attack, 0.6);
  EXPECT_DOUBLE_EQ(monitor.sweep_jaccard, 0.7);
  EXPECT_EQ(monitor.history, 64u);
  EXPECT_EQ(monitor.daily_texts, 300u);
  EXPECT_EQ(monitor.action, serve::MonitorAction::kThrottle);
  EXPECT_DOUBLE_EQ(monitor.throttle_factor, 0.25);
  EXPECT_DOUBLE_EQ(config.red_team_gate.max_fidelity_at_flag, 0.8);
  EXPECT_DOUBLE_EQ(Read(tier + "redteam: {max_fidelity_at_flag: 0.6, max_false_alarm_rate: 0.001}\n")
                       .red_team_gate.max_false_alarm_rate,
                   0.001);
  EXPECT_NE(ErrorOf(tier + "redteam: {max_fidelity_at_flag: 1.5}\n").find("redteam.max_fidelity_at_flag"),
            std::string::npos);
  EXPECT_NE(ErrorOf(tier + "monitor: {action: ban}\n").find("monitor.action"), std::string::npos);
  EXPECT_NE(ErrorOf(tier + "monitor: {sweep_benign_rate: 0.6}\n").find("sweep_attack_rate"), std::string::npos);
  EXPECT_NE(ErrorOf(tier + "monitor: {enable: true}\n").find("enable"), std::string::npos);
}

TEST(ServeConfig, ReadsTheWatermarkAndWhichTiersCarryIt) {
  const ServeConfig config = Read(
      "tiers:\n  - {name: public, policy: label, texts_per_second: 2, burst: 20, watermark: true}\n"
      "  - {name: partner, policy: top3, texts_per_second: 2, burst: 20}\n"
      "watermark: {key_env: MARK_KEY, green_fraction: 0.5, bias: 3, context_tokens: 2}\n");
  EXPECT_TRUE(config.settings.tiers[0].completion.watermark);
  EXPECT_FALSE(config.settings.tiers[1].completion.watermark);
  EXPECT_EQ(config.watermark_key_env, "MARK_KEY");
  EXPECT_DOUBLE_EQ(config.settings.watermark.green_fraction, 0.5);
  EXPECT_DOUBLE_EQ(config.settings.watermark.bias, 3.0);
  EXPECT_EQ(config.settings.watermark.context_tokens, 2u);
  EXPECT_TRUE(config.settings.watermark_key.empty()) << "the key never comes from the file";
  const std::string tier = "tiers:\n  - {name: public, policy: label, texts_per_second: 2, burst: 20}\n";
  EXPECT_NE(ErrorOf(tier + "watermark: {green_fraction: 1}\n").find("watermark.green_fraction"), std::string::npos);
  EXPECT_NE(ErrorOf(tier + "watermark: {context_tokens: 0}\n").find("watermark.context_tokens"), std::string::npos);
  EXPECT_NE(ErrorOf(tier + "watermark: {key: abc}\n").find("watermark.key"), std::string::npos);
}

TEST(ServeConfig, TheShippedServingConfigLoadsWithPathsBesideIt) {
  const ServeConfig config = LoadServeConfig(std::string(LEAKGATE_CONFIGS_DIR) + "/serving/serve.yaml");
  EXPECT_EQ(config.keys, std::filesystem::path(LEAKGATE_CONFIGS_DIR) / "serving" / "serve-keys.json");
  EXPECT_EQ(config.settings.request_log.parent_path(), std::filesystem::path(LEAKGATE_CONFIGS_DIR) / "serving");
  ASSERT_EQ(config.settings.tiers.size(), 2u);
  EXPECT_EQ(config.settings.tiers[0].policy.output.kind, audit::OutputPolicyKind::kLabelOnly);
}

TEST(ServeConfig, MistakesNameTheKeyAndLine) {
  const std::string tier = "tiers:\n  - {name: public, policy: label, texts_per_second: 2, burst: 20}\n";
  EXPECT_NE(ErrorOf("prot: 80\n" + tier).find("prot"), std::string::npos);
  EXPECT_NE(ErrorOf("tiers:\n  - {name: public, policy: top0, texts_per_second: 2, burst: 20}\n").find("policy"),
            std::string::npos);
  EXPECT_NE(ErrorOf("tiers:\n  - {name: public, policy: label, texts_per_second: 0, burst: 20}\n")
                .find("texts_per_second"),
            std::string::npos);
  EXPECT_NE(ErrorOf(tier + "  - {name: public, policy: label, texts_per_second: 1, burst: 1}\n").find("twice"),
            std::string::npos);
  EXPECT_NE(ErrorOf("port: 80\n").find("at least one tier"), std::string::npos);
  EXPECT_NE(ErrorOf("tiers:\n  - {name: public, policy: label, texts_per_second: 2, burst: 20, rpm: 3}\n").find("rpm"),
            std::string::npos);
}

}  // namespace
}  // namespace leakgate::pipeline
