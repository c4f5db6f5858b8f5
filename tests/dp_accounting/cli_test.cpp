// End to end: `leakgate privacy epsilon | noise` as a user runs them (needs the privacy commands registered in
// the leakgate binary).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "dp/accounting/accounting.h"

namespace leakgate::dp {
namespace {

struct CommandResult {
  int exit_code;
  std::string output;  // stdout only
};

CommandResult RunLeakgate(const std::string& arguments) {
  const std::string command = std::string(LEAKGATE_BINARY) + " " + arguments + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, ""};
  std::string output;
  std::array<char, 4096> buffer;
  while (size_t read = std::fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), read);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

TEST(PrivacyCli, EpsilonJsonMatchesTheLibrary) {
  const CommandResult result = RunLeakgate(
      "privacy epsilon --noise-multiplier 1.1 --delta 1e-5 --sample-rate 0.01 --steps 10000 --accountant rdp --json");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const nlohmann::json json = nlohmann::json::parse(result.output);
  const EpsilonReport expected = ComputeEpsilon({{1.1, 0.01, 10000}}, 1e-5, AccountantKind::kRdp);
  EXPECT_EQ(json.at("epsilon").get<double>(), expected.epsilon);
  EXPECT_EQ(json.at("delta").get<double>(), 1e-5);
  EXPECT_EQ(json.at("accountant"), "rdp");
  EXPECT_EQ(json.at("alpha").get<double>(), *expected.alpha);
  EXPECT_EQ(json.size(), 4u);
}

TEST(PrivacyCli, EpsilonFromEpochsWithPrvHasNoAlpha) {
  const CommandResult result =
      RunLeakgate("privacy epsilon --noise-multiplier 1.0 --delta 1e-5 --sample-rate 0.1 --epochs 3 --json");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const nlohmann::json json = nlohmann::json::parse(result.output);
  EXPECT_EQ(json.at("accountant"), "prv");
  EXPECT_FALSE(json.contains("alpha"));
  EXPECT_EQ(json.at("epsilon").get<double>(),
            ComputeEpsilon({{1.0, 0.1, StepsForEpochs(3, 0.1)}}, 1e-5, AccountantKind::kPrv).epsilon);
}

TEST(PrivacyCli, NoiseJsonReachesTheTarget) {
  const CommandResult result = RunLeakgate(
      "privacy noise --target-epsilon 3 --delta 1e-5 --sample-rate 0.01 --epochs 1 --accountant rdp --json");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const nlohmann::json json = nlohmann::json::parse(result.output);
  EXPECT_EQ(json.size(), 2u);
  EXPECT_EQ(json.at("noise_multiplier").get<double>(), GetNoiseMultiplier(3, 1e-5, 0.01, 100, AccountantKind::kRdp));
  EXPECT_LE(json.at("epsilon").get<double>(), 3.0);
  EXPECT_GE(json.at("epsilon").get<double>(), 3.0 - 0.01);
}

TEST(PrivacyCli, HumanSentenceNamesEpsilonAndAccountant) {
  const CommandResult result =
      RunLeakgate("privacy epsilon --noise-multiplier 1.1 --delta 1e-5 --sample-rate 0.01 --steps 100 --accountant rdp");
  ASSERT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.output.rfind("epsilon = ", 0), 0u) << result.output;
  EXPECT_NE(result.output.find("rdp accountant"), std::string::npos) << result.output;
}

TEST(PrivacyCli, BadParametersExitWithCodeTwo) {
  EXPECT_EQ(RunLeakgate("privacy epsilon --noise-multiplier 1.1 --delta 1e-5 --sample-rate 1.5 --steps 10").exit_code, 2);
  EXPECT_EQ(RunLeakgate("privacy epsilon --noise-multiplier 0 --delta 1e-5 --sample-rate 0.1 --steps 10").exit_code, 2);
  EXPECT_EQ(RunLeakgate("privacy noise --target-epsilon -1 --delta 1e-5 --sample-rate 0.1 --steps 10").exit_code, 2);
  EXPECT_EQ(RunLeakgate("privacy epsilon --noise-multiplier 1 --delta 1e-5 --sample-rate 0.1").exit_code, 2);
  EXPECT_EQ(
      RunLeakgate("privacy epsilon --noise-multiplier 1 --delta 1e-5 --sample-rate 0.1 --steps 3 --epochs 1").exit_code,
      2);
}

}  // namespace
}  // namespace leakgate::dp
