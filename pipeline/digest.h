// SHA-256 digests for provenance (manifest, reports) and for the stage cache keys.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace leakgate::pipeline {

std::string Sha256Hex(std::string_view bytes);
// Streams the file; throws dedup::InputError when it cannot be read.
std::string Sha256OfFile(const std::filesystem::path& path);

}  // namespace leakgate::pipeline
