// The module stack, checked on the source tree: each folder includes only the folders below it, so no two folders
// include each other and nothing reaches up. A new dependency is a decision: make it here, in one place.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace leakgate::testing {
namespace {

namespace fs = std::filesystem;

// Folder (or sub-library) -> what it may include besides itself. A longer key wins over its parent folder.
const std::map<std::string, std::set<std::string>>& AllowedIncludes() {
  static const std::map<std::string, std::set<std::string>> kAllowed = {
      {"common", {}},
      {"corpus", {"common"}},
      {"dedup/minhash", {"common"}},
      {"dedup", {"common", "corpus", "dedup/minhash"}},
      {"scrub", {"common", "corpus"}},
      {"scrub/eval", {"common", "corpus", "scrub"}},
      {"dp/accounting", {"common"}},
      {"dp/engine", {"common", "dp/accounting"}},
      {"models", {"common", "dp/engine", "dp/accounting", "audit"}},
      {"audit/metrics", {"common"}},
      {"audit", {"common", "audit/metrics"}},
      {"report", {"common", "scrub", "audit/metrics", "audit"}},
      {"watermark", {"common"}},
      {"serve", {"common", "dedup/minhash", "audit/metrics", "audit", "watermark"}},
      {"pipeline", {"common", "corpus", "dedup", "dedup/minhash", "scrub", "dp/accounting", "dp/engine", "models",
                    "audit", "audit/metrics", "report", "watermark", "serve"}},
      {"cli", {"common", "corpus", "dedup", "dedup/minhash", "scrub", "scrub/eval", "dp/accounting", "dp/engine",
               "models", "audit", "audit/metrics", "report", "watermark", "serve", "pipeline"}},
  };
  return kAllowed;
}

// The longest key of AllowedIncludes that is `path` or a folder above it ("" when none is).
std::string ModuleOf(const std::string& path) {
  std::string best;
  for (const auto& [module, allowed] : AllowedIncludes()) {
    if ((path == module || path.rfind(module + "/", 0) == 0) && module.size() > best.size()) best = module;
  }
  return best;
}

std::vector<std::string> Violations() {
  const fs::path root = LEAKGATE_SOURCE_DIR;
  const std::regex include_line(R"(^\s*#\s*include\s+"([^"]+)\")");
  std::vector<std::string> violations;
  for (const auto& [module, allowed] : AllowedIncludes()) {
    if (module.find('/') != std::string::npos) continue;  // sub-libraries are walked with their top folder
    for (const auto& entry : fs::recursive_directory_iterator(root / module)) {
      const std::string extension = entry.path().extension().string();
      if (!entry.is_regular_file() || (extension != ".h" && extension != ".cpp")) continue;
      const std::string file = fs::relative(entry.path(), root).string();
      const std::string from = ModuleOf(file);
      std::ifstream in(entry.path());
      std::string line;
      for (int number = 1; std::getline(in, line); ++number) {
        std::smatch match;
        if (!std::regex_search(line, match, include_line)) continue;
        const std::string to = ModuleOf(match[1].str());
        if (to.empty() || to == from) continue;  // a system header, a generated one, or the module's own
        if (AllowedIncludes().at(from).count(to) == 0) {
          violations.push_back(file + ":" + std::to_string(number) + ": " + from + " includes " + to + " (" +
                               match[1].str() + ")");
        }
      }
    }
  }
  return violations;
}

TEST(Layout, EveryModuleIncludesOnlyTheModulesBelowIt) {
  const std::vector<std::string> violations = Violations();
  std::string listing;
  for (const std::string& violation : violations) listing += violation + "\n";
  EXPECT_TRUE(violations.empty()) << listing;
}

TEST(Layout, TheStackHasNoCycles) {
  // The allowed table itself must be a stack: a module never allows something that allows it back (directly or
  // through others), or the check above would bless a cycle.
  for (const auto& [module, allowed] : AllowedIncludes()) {
    std::set<std::string> reachable;
    std::vector<std::string> frontier(allowed.begin(), allowed.end());
    while (!frontier.empty()) {
      const std::string next = frontier.back();
      frontier.pop_back();
      if (!reachable.insert(next).second) continue;
      for (const std::string& below : AllowedIncludes().at(next)) frontier.push_back(below);
    }
    EXPECT_EQ(reachable.count(module), 0u) << module << " can reach itself";
  }
}

TEST(Layout, TheCheckSeesAViolation) {
  EXPECT_EQ(ModuleOf("dp/accounting/rdp.cpp"), "dp/accounting");
  EXPECT_EQ(ModuleOf("dp/engine/engine.h"), "dp/engine");
  EXPECT_EQ(ModuleOf("scrub/eval/labeled.h"), "scrub/eval");
  EXPECT_EQ(ModuleOf("tests/report/gate_test.cpp"), "");
  EXPECT_EQ(AllowedIncludes().at("dp/accounting").count("dp/engine"), 0u);
  EXPECT_EQ(AllowedIncludes().at("report").count("pipeline"), 0u);
}

}  // namespace
}  // namespace leakgate::testing
