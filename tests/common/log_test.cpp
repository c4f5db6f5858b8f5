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

TEST(ProgressLineTest, LinesAliveAtOnceShareOneLineThatMessagesClearAndRedraw) {
  ConfigureLogging(false, false);
  testing::internal::CaptureStderr();
  {
    ProgressLine first(true);
    ProgressLine second(true);
    first.Update("a 1");
    second.Update("b 1");  // may wait for the next redraw: at most one every 200 ms
    LogInfo("msg");
    first.Finish();
    second.Update("b 2");
  }
  const std::string out = testing::internal::GetCapturedStderr();
  const std::string clear = "\r\033[K";
  // The first draw; the message replaces the line and the line comes back below it with both statuses.
  EXPECT_EQ(out.rfind(clear + "a 1", 0), 0u) << out;
  const std::size_t message = out.find(clear + "leakgate: msg\n" + clear + "a 1 | b 1");
  ASSERT_NE(message, std::string::npos) << out;
  // When the first finishes, the second is drawn alone; when the second ends, the line is left empty.
  const std::size_t alone = out.find(clear + "b 1", message + 1);
  ASSERT_NE(alone, std::string::npos) << out;
  EXPECT_EQ(out.find("a 1", alone), std::string::npos) << out;
  EXPECT_EQ(out.substr(out.size() - clear.size()), clear) << out;
}

TEST(ProgressLineTest, ASilentLineWritesNothing) {
  testing::internal::CaptureStderr();
  {
    ProgressLine silent(false);
    silent.Update("hidden");
    silent.Finish();
  }
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

}  // namespace
}  // namespace leakgate::common
