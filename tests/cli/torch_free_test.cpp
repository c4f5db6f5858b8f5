// The command line's two halves: leakgate links no LibTorch (so the commands that do not train start without
// loading it), and hands run/train/audit to leakgate-torch beside it, saying so when that half is missing.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

Outcome RunCommand(const std::string& command) {
  Outcome outcome;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return outcome;
  std::array<char, 4096> buffer;
  while (fgets(buffer.data(), buffer.size(), pipe) != nullptr) outcome.output += buffer.data();
  const int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

const fs::path kBinary = LEAKGATE_BINARY;
const fs::path kTorchBinary = kBinary.parent_path() / "leakgate-torch";

TEST(TorchFreeCommandLine, LeakgateLinksNoLibTorchAndLeakgateTorchDoes) {
  const Outcome core = RunCommand("ldd " + kBinary.string());
  ASSERT_EQ(core.exit_code, 0) << core.output;
  EXPECT_EQ(core.output.find("libtorch"), std::string::npos) << core.output;
  EXPECT_EQ(core.output.find("libc10"), std::string::npos) << core.output;
  // The same check sees LibTorch where it is linked.
  const Outcome torch = RunCommand("ldd " + kTorchBinary.string());
  ASSERT_EQ(torch.exit_code, 0) << torch.output;
  EXPECT_NE(torch.output.find("libtorch"), std::string::npos) << torch.output;
}

// leakgate alone in a directory: the torch-free commands work, the training ones name the missing half and exit 3.
TEST(TorchFreeCommandLine, WithoutLeakgateTorchTheOtherCommandsStillRunAndTrainingSaysWhatIsMissing) {
  const fs::path dir = fs::temp_directory_path() / ("leakgate-alone-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(kBinary, dir / "leakgate");
  std::ofstream(dir / "c.yaml") << "data: {input: corpus.jsonl}\n";

  const Outcome epsilon = RunCommand((dir / "leakgate").string() + " privacy epsilon --noise-multiplier 1.0 --sample-rate 0.01 --steps 100 --delta 1e-5");
  EXPECT_EQ(epsilon.exit_code, 0) << epsilon.output;
  const Outcome version = RunCommand((dir / "leakgate").string() + " --version");
  EXPECT_EQ(version.exit_code, 0) << version.output;

  const Outcome train = RunCommand((dir / "leakgate").string() + " train " + (dir / "c.yaml").string());
  EXPECT_EQ(train.exit_code, 3) << train.output;
  EXPECT_NE(train.output.find("leakgate-torch is missing"), std::string::npos) << train.output;
  fs::remove_all(dir);
}

// Through the hand-over, leakgate-torch parses the same arguments and its errors reach the user unchanged (the
// config is read by the stages, so this error comes from leakgate-torch).
TEST(TorchFreeCommandLine, TrainingCommandsKeepTheirArgumentsAndExitCodesAcrossTheHandOver) {
  const fs::path config = fs::temp_directory_path() / ("leakgate-handover-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(config) << "data: {input: x.jsonl}\ntrain: {epochs: -1}\n";
  const Outcome bad = RunCommand(kBinary.string() + " train " + config.string());
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("train.epochs"), std::string::npos) << bad.output;
  fs::remove(config);
}

}  // namespace
