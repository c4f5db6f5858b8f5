#include "pipeline/sample_key.h"

#include <fstream>

#include "audit/attacks/samples.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/run_files.h"

namespace leakgate::pipeline {

std::string RunSampleKey(const std::filesystem::path& run_dir) {
  namespace fs = std::filesystem;
  const fs::path path = run_dir / common::kSampleKeyFile;
  const fs::file_status status = fs::symlink_status(path);
  if (fs::exists(status)) {
    constexpr fs::perms kOthers = fs::perms::group_all | fs::perms::others_all;
    if (!fs::is_regular_file(status) || (status.permissions() & kOthers) != fs::perms::none) {
      throw common::InputError(path.string(), 0,
                               "is not an owner-only regular file, so the key may be known to others",
                               "delete it; the next audit makes a new key (and new digests)");
    }
    std::ifstream in(path);
    std::string key;
    std::getline(in, key);
    if (!key.empty()) return key;
  }
  const std::string key = audit::NewSampleKey();
  common::WriteFileAtomically(path, key + "\n");
  return key;
}

}  // namespace leakgate::pipeline
