#include "serve/request_log.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>
#include <vector>

#include "tests/support/temp_dir.h"

namespace leakgate::serve {
namespace {

std::vector<nlohmann::json> Lines(const std::filesystem::path& path) {
  std::vector<nlohmann::json> lines;
  std::ifstream file(path);
  for (std::string line; std::getline(file, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

class RequestLogFile : public leakgate::testing::TempDirTest {};

TEST_F(RequestLogFile, RotatesBySizeKeepingTheNewestFiles) {
  const auto path = dir_ / "requests.jsonl";
  {
    RequestLog log(path, 4096, 2);
    for (int i = 0; i < 200; ++i) log.Append({{"request", i}, {"padding", std::string(60, 'x')}});
  }
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_TRUE(std::filesystem::exists(path.string() + ".1"));
  EXPECT_TRUE(std::filesystem::exists(path.string() + ".2"));
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".3"));
  for (const char* suffix : {"", ".1", ".2"}) EXPECT_LE(std::filesystem::file_size(path.string() + suffix), 4096u);
  // The newest line is last in the current file, and the files continue each other.
  const auto current = Lines(path), previous = Lines(path.string() + ".1");
  ASSERT_FALSE(current.empty());
  ASSERT_FALSE(previous.empty());
  EXPECT_EQ(current.back()["request"], 199);
  EXPECT_EQ(previous.back()["request"].get<int>() + 1, current.front()["request"].get<int>());
}

TEST_F(RequestLogFile, AFailedReopenThrowsAndALaterLineReopens) {
  const auto folder = dir_ / "logs";
  std::filesystem::create_directories(folder);
  const auto path = folder / "requests.jsonl";
  RequestLog log(path, 4096, 1);
  log.Append({{"request", 0}, {"padding", std::string(3000, 'x')}});
  std::filesystem::remove_all(folder);
  EXPECT_THROW(log.Append({{"request", 1}, {"padding", std::string(3000, 'x')}}), std::exception)
      << "rotating needs a folder to reopen the log in";
  EXPECT_THROW(log.Append({{"request", 2}}), std::exception) << "still no folder: an error, not a crash";
  std::filesystem::create_directories(folder);
  log.Append({{"request", 3}});
  const auto lines = Lines(path);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["request"], 3);
}

TEST_F(RequestLogFile, ConcurrentAppendsKeepWholeLines) {
  const auto path = dir_ / "requests.jsonl";
  {
    RequestLog log(path, 1u << 30, 1);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&log, t] {
        for (int i = 0; i < 250; ++i) log.Append({{"thread", t}, {"i", i}, {"padding", std::string(100, 'y')}});
      });
    }
    for (std::thread& thread : threads) thread.join();
  }
  EXPECT_EQ(Lines(path).size(), 1000u);  // each line parses
}

}  // namespace
}  // namespace leakgate::serve
