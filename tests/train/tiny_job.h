// A small corpus and training job shared by the training tests and the worker process the resume test kills.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/train/lm.h"

namespace leakgate::pipeline::testing {

// Short templated notes: learnable structure, so a tiny model beats the unigram baseline in a few dozen steps.
inline std::vector<std::string> TinyTexts(int count, int offset = 0) {
  const char* names[] = {"ada", "bo", "cy", "di", "ed", "flo", "gus"};
  const char* findings[] = {"stable", "improving", "febrile", "resting"};
  std::vector<std::string> texts;
  for (int i = offset; i < offset + count; ++i) {
    texts.push_back("pt " + std::string(names[i % 7]) + " day " + std::to_string(i % 10) + ": " +
                    findings[(i / 7) % 4] + ".");
  }
  return texts;
}

// The job is seeded (privacy.secure_rng false) so that resumption can be compared bit for bit: a reproducibility
// run, not a differentially private one. Tests of the private default set secure_rng back to true.
inline TrainingJob TinyJob(const std::filesystem::path& model_dir, bool private_training) {
  TrainingJob job;
  job.train.model.d_model = 32;
  job.train.model.layers = 1;
  job.train.model.heads = 2;
  job.train.model.ffn = 64;
  job.train.model.seq_len = 32;
  job.train.optimizer.lr = 3e-3;
  job.train.warmup_steps = 2;
  job.train.epochs = 6;
  job.train.batch_size = 24;
  job.train.physical_batch = 8;
  job.train.eval_every = 10;
  job.train.checkpoint_every = 4;
  job.privacy.enabled = private_training;
  job.privacy.target_epsilon = 8.0;
  job.privacy.max_grad_norm = 1.0;
  job.privacy.secure_rng = false;
  job.seed = 42;
  job.threads = 1;
  job.model_dir = model_dir;
  job.fingerprint = "tiny";
  return job;
}

}  // namespace leakgate::pipeline::testing
