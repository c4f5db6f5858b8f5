// The run's secret key for the keyed digests that stand in for sensitive text in the run's files.
#pragma once

#include <filesystem>
#include <string>

namespace leakgate::pipeline {

// sample.key in the run directory, made on first use, owner-only: the data's owner can check a guess against a
// digest, a reader of the run's files cannot. Throws common::InputError when sample.key exists but others may read it.
std::string RunSampleKey(const std::filesystem::path& run_dir);

}  // namespace leakgate::pipeline
