// Runs a small training job in its own process so the resume tests can SIGKILL it mid-run.
// Usage: train_worker lm|classifier MODEL_DIR STEP_DELAY_MS; writes MODEL_DIR/privacy.json and metrics.json at the end.
#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "tests/train/keyword_notes.h"
#include "tests/train/tiny_job.h"

int main(int argc, char** argv) {
  if (argc != 4) return 2;
  using namespace leakgate::pipeline;
  const std::string task = argv[1];
  const bool classifier = task == "classifier";
  if (!classifier && task != "lm") return 2;
  TrainingJob job = classifier ? testing::KeywordClassifierJob(argv[2], /*private_training=*/true, /*epochs=*/2)
                               : testing::TinyJob(argv[2], /*private_training=*/true);
  job.train.checkpoint_every = 4;
  const int delay_ms = std::stoi(argv[3]);
  job.on_step = [&](const TrainingProgress&) { std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms)); };
  const TrainingResult result =
      classifier ? TrainTextClassifier(testing::KeywordNotes(300, 11), testing::KeywordNotes(60, 12), job)
                 : TrainLanguageModel(testing::TinyTexts(120), testing::TinyTexts(30, 500), job);
  std::ofstream(job.model_dir / "privacy.json") << result.privacy.dump(2);
  std::ofstream(job.model_dir / "metrics.json") << result.metrics.dump(2);
  return 0;
}
