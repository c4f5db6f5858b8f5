// Runs the tiny training job in its own process so the resume test can SIGKILL it mid-run.
// Usage: train_worker MODEL_DIR STEP_DELAY_MS; writes MODEL_DIR/privacy.json at the end.
#include <chrono>
#include <fstream>
#include <thread>

#include "tests/train/tiny_job.h"

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  using namespace leakgate::pipeline;
  TrainingJob job = testing::TinyJob(argv[1], /*private_training=*/true);
  const int delay_ms = std::stoi(argv[2]);
  job.on_step = [&](const TrainingProgress&) { std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms)); };
  const TrainingResult result = TrainLanguageModel(testing::TinyTexts(120), testing::TinyTexts(30, 500), job);
  std::ofstream(job.model_dir / "privacy.json") << result.privacy.dump(2);
  return 0;
}
