// report.html in headless Chromium (Debian package chromium): it renders to a non-trivial screenshot and the DOM
// holds the verdict. Skipped with a message when /usr/bin/chromium is not installed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include "report/reports.h"
#include "tests/report/fixtures.h"

namespace leakgate::report {
namespace {

using ::testing::HasSubstr;

const char* const kChromium = "/usr/bin/chromium";

// Runs headless Chromium with networking features off and a throwaway profile; returns its exit status.
int RunChromium(const std::filesystem::path& profile, const std::string& action, const std::filesystem::path& page,
                const std::filesystem::path& output) {
  const std::string command = std::string(kChromium) +
                              " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                              " --disable-background-networking --disable-component-update --disable-sync"
                              " --user-data-dir=" +
                              profile.string() + " --window-size=1200,2000 " + action + " file://" + page.string() +
                              " > " + output.string() + " 2>/dev/null";
  return std::system(command.c_str());
}

TEST(HtmlRender, ChromiumRendersTheReportAndShowsTheVerdict) {
  if (!std::filesystem::exists(kChromium)) {
    GTEST_SKIP() << kChromium << " is not installed (apt-get install chromium, or scripts/install-deps.sh)";
  }
  for (const bool private_training : {true, false}) {
    const auto dir = testing::WriteRunDirectory(private_training ? "render_pass" : "render_fail", private_training);
    ReportConfig config;
    config.formats = {"html"};
    WriteReports(dir, EvaluateGate(dir, GateConfig{}), config);
    const auto page = std::filesystem::absolute(dir / "report.html");

    const auto png = dir / "screenshot.png";
    ASSERT_EQ(RunChromium(dir / "profile", "--screenshot=" + png.string(), page, dir / "screenshot.log"), 0);
    ASSERT_TRUE(std::filesystem::exists(png));
    EXPECT_GT(std::filesystem::file_size(png), 50'000u) << "a blank 1200x2000 page compresses far smaller";
    EXPECT_EQ(testing::ReadFile(png).substr(1, 3), "PNG");

    const auto dom = dir / "dom.html";
    ASSERT_EQ(RunChromium(dir / "profile", "--dump-dom", page, dom), 0);
    const std::string text = testing::ReadFile(dom);
    EXPECT_THAT(text, HasSubstr(private_training ? "Release gate: PASS" : "Release gate: FAIL"));
    EXPECT_THAT(text, HasSubstr("HIPAA Safe Harbor identifiers"));
    EXPECT_THAT(text, HasSubstr("</svg>"));
    EXPECT_THAT(text, HasSubstr("</html>"));
  }
}

}  // namespace
}  // namespace leakgate::report
