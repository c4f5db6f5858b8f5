// SHA-256 digests for provenance (manifest, reports) and for the stage cache keys.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace leakgate::pipeline {

std::string Sha256Hex(std::string_view bytes);
// Streams the file; throws dedup::InputError when it cannot be read.
std::string Sha256OfFile(const std::filesystem::path& path);

// The run's secret key (sample.key in the run directory, made on first use, owner-only) for the HMAC digests that
// stand in for sensitive text in the run's files: the data's owner can check a guess, a reader of the files cannot.
// Throws dedup::InputError when sample.key exists but others may read it.
std::string RunSampleKey(const std::filesystem::path& run_dir);

}  // namespace leakgate::pipeline
