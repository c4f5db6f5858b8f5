#include "common/log.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace leakgate::common {
namespace {

TEST(JoinStatusesTest, JoinsInOrderAndCutsToTheWidth) {
  EXPECT_EQ(JoinStatuses({"a 1/4", "b 2/4"}, 80), "a 1/4 | b 2/4");
  EXPECT_EQ(JoinStatuses({"a 1/4", "b 2/4"}, 7), "a 1/4 |");
  EXPECT_EQ(JoinStatuses({}, 80), "");
  // "é" is two bytes: a cut between them would leave half a character on the terminal.
  EXPECT_EQ(JoinStatuses({"caf\xC3\xA9"}, 4), "caf");
  EXPECT_EQ(JoinStatuses({"caf\xC3\xA9"}, 5), "caf\xC3\xA9");
}

TEST(ScopedLogLabelTest, LabelsThisThreadsMessagesOnlyWhileItLives) {
  ConfigureLogging(false, false);
  testing::internal::CaptureStderr();
  {
    ScopedLogLabel label("reference 2/4");
    LogInfo("train: step 10/50");
    std::thread other([] { LogInfo("from another thread"); });
    other.join();
    {
      ScopedLogLabel inner("inner");
      LogWarning("nested");
    }
    LogInfo("outer again");
  }
  LogInfo("after");
  const std::string out = testing::internal::GetCapturedStderr();
  EXPECT_EQ(out,
            "leakgate: [reference 2/4] train: step 10/50\n"
            "leakgate: from another thread\n"
            "leakgate: warning: [inner] nested\n"
            "leakgate: [reference 2/4] outer again\n"
            "leakgate: after\n");
}

TEST(ScopedLogLabelTest, JsonLinesCarryTheLabelInTheMessage) {
  ConfigureLogging(false, true);
  testing::internal::CaptureStderr();
  {
    ScopedLogLabel label("reference 1/2");
    LogInfo("done");
  }
  const std::string out = testing::internal::GetCapturedStderr();
  ConfigureLogging(false, false);
  EXPECT_EQ(out, "{\"level\":\"info\",\"message\":\"[reference 1/2] done\"}\n");
}

}  // namespace
}  // namespace leakgate::common
