// The error model at the command line: what an action throws decides the exit code and the one line on stderr.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "audit/metrics/roc.h"
#include "cli/cli.h"
#include "common/errors.h"

namespace leakgate::cli {
namespace {

struct Outcome {
  int exit_code;
  std::string stderr_text;
};

Outcome RunCaptured(const std::function<int()>& action, const std::string& command = "run") {
  testing::internal::CaptureStderr();
  const int exit_code = cli::RunAction(action, command);
  return {exit_code, testing::internal::GetCapturedStderr()};
}

TEST(ExitCodes, ActionResultPassesThrough) {
  EXPECT_EQ(RunCaptured([] { return 0; }).exit_code, 0);
  EXPECT_EQ(RunCaptured([] { return 1; }).exit_code, 1);
}

TEST(ExitCodes, BadInputAndBadConfigExitTwoWithTheirMessage) {
  const Outcome input = RunCaptured([]() -> int { throw common::InputError("corpus.jsonl", 7, "invalid UTF-8", "fix it"); });
  EXPECT_EQ(input.exit_code, 2);
  EXPECT_NE(input.stderr_text.find("corpus.jsonl:7: invalid UTF-8 (fix it)"), std::string::npos) << input.stderr_text;
  EXPECT_EQ(input.stderr_text.find("internal"), std::string::npos);

  const Outcome config = RunCaptured([]() -> int { throw common::ConfigError("demo.yaml:3:5: train.epsilon must be > 0"); });
  EXPECT_EQ(config.exit_code, 2);
  EXPECT_NE(config.stderr_text.find("train.epsilon"), std::string::npos);
}

TEST(ExitCodes, LibraryMisuseIsAnInternalErrorNamingWhereItWasDetected) {
  // A real contract violation: the ROC of scores without labels. Nothing a user typed can cause it, so the command
  // line must not blame the input.
  const Outcome outcome = RunCaptured([]() -> int {
    audit::roc_curve(std::vector<double>{0.5, 0.7}, std::vector<bool>{true});
    return 0;
  });
  EXPECT_EQ(outcome.exit_code, 3);
  EXPECT_NE(outcome.stderr_text.find("internal error at audit/metrics/roc.cpp:"), std::string::npos)
      << outcome.stderr_text;
  EXPECT_NE(outcome.stderr_text.find(" (leakgate::audit::"), std::string::npos) << outcome.stderr_text;
  EXPECT_NE(outcome.stderr_text.find("please report"), std::string::npos);
}

TEST(ExitCodes, StrayStandardExceptionIsAnInternalErrorNamingTheCommand) {
  const Outcome outcome = RunCaptured([]() -> int { return static_cast<int>(std::stod("not a number")); }, "dedup run");
  EXPECT_EQ(outcome.exit_code, 3);
  EXPECT_NE(outcome.stderr_text.find("internal error in `leakgate dedup run`: stod"), std::string::npos)
      << outcome.stderr_text;
}

TEST(ExitCodes, InternalErrorRecordsItsThrowSite) {
  try {
    throw common::InternalError("ledger out of order");
  } catch (const common::InternalError& error) {
    EXPECT_EQ(error.what_only(), "ledger out of order");
    EXPECT_NE(error.where().find("tests/cli/exit_codes_test.cpp:"), std::string::npos) << error.where();
    EXPECT_EQ(error.exit_code(), common::ExitCode::kInternal);
  }
}

}  // namespace
}  // namespace leakgate::cli
