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
