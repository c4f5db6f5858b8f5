#include "pipeline/train/split.h"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <numeric>
#include <fstream>
#include <unordered_map>

#include "audit/attacks/samples.h"
#include "common/atomic_file.h"
#include "common/digest.h"
#include "common/run_files.h"
#include "pipeline/sample_key.h"

namespace leakgate::pipeline {

namespace {

namespace fs = std::filesystem;

uint64_t SplitMix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Uniform in [0, 1) from the top 53 bits.
double UnitInterval(uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

// Fake names for canaries; none is meant to be a real person.
constexpr std::array<const char*, 24> kFirstNames = {
    "Orla",  "Teodor", "Wren",   "Caspian", "Mirela", "Anselm", "Ysolde", "Barnaby", "Liesel", "Quill",  "Saoirse", "Thaddeus",
    "Ione",  "Ferris", "Odalys", "Lucan",   "Perpetua", "Ambrose", "Zinnia", "Evander", "Marisol", "Hollis", "Rosamund", "Ignatius"};
constexpr std::array<const char*, 24> kLastNames = {
    "Vantreight", "Oakhollow", "Pemberwick", "Quillon",   "Ashgrove",  "Marchetti", "Thistlewood", "Kowalczuk",
    "Brackenridge", "Dunmore", "Ellingsworth", "Fairweather", "Gallowglass", "Hartigan", "Ingleby",  "Juniper",
    "Kettleborough", "Lindqvist", "Mossbrook", "Northcott",  "Ormsby",    "Penhaligon", "Rookwood",   "Stillwater"};

}  // namespace

uint64_t DeriveSeed(uint64_t seed, std::string_view purpose, uint64_t index) {
  return SplitMix64(SplitMix64(seed ^ XXH64(purpose.data(), purpose.size(), 0)) + index);
}

std::string CanarySecret(uint64_t index) {
  char digits[10];
  std::snprintf(digits, sizeof digits, "%09llu", static_cast<unsigned long long>(index % 1000000000ull));
  return std::string(digits, 3) + "-" + std::string(digits + 3, 2) + "-" + std::string(digits + 5, 4);
}

Split MakeSplit(const std::vector<std::string>& ids, const SplitConfig& config, uint64_t seed,
                const std::vector<std::string>& users, const std::vector<std::string>& canary_classes) {
  if (!users.empty() && users.size() != ids.size()) {
    throw common::InputError("MakeSplit: " + std::to_string(users.size()) + " users for " + std::to_string(ids.size()) + " ids");
  }
  Split split;
  const uint64_t role_seed = DeriveSeed(seed, "split.roles");
  std::unordered_map<std::string_view, size_t> seen;
  std::vector<std::pair<double, std::string>> members;  // (role draw, id)
  for (size_t i = 0; i < ids.size(); ++i) {
    const std::string& id = ids[i];
    const auto [previous, fresh] = seen.emplace(id, i);
    if (!fresh) {
      throw common::InputError("corpus.clean.jsonl.zst: record id '" + id + "' appears at records " +
                       std::to_string(previous->second + 1) + " and " + std::to_string(i + 1) +
                       " (the split needs unique ids; fix data.id_field or the input)");
    }
    // A person's records share one draw, so all of them take the same role.
    const std::string& key = users.empty() ? id : users[i];
    const double u = UnitInterval(SplitMix64(XXH64(key.data(), key.size(), role_seed ^ (users.empty() ? 0 : 1))));
    if (u < config.audit_holdout) {
      split.nonmembers.push_back(id);
    } else if (u < config.audit_holdout + config.validation) {
      split.validation.push_back(id);
    } else {
      members.emplace_back(u, id);
    }
  }
  // Capped: the members with the lowest role draws train, the others were never trained on and join the audit
  // non-members; which ones depends only on (seed, id), like every role.
  // A person's records share a draw, so the cut keeps or drops them together (at most max_members records).
  const size_t kept = config.max_members > 0 ? std::min(members.size(), static_cast<size_t>(config.max_members))
                                             : members.size();
  std::vector<size_t> order(members.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return members[a].first < members[b].first; });
  std::vector<bool> keep(members.size(), false);
  const double cut = kept < members.size() ? members[order[kept]].first : 2.0;
  for (size_t rank = 0; rank < kept && members[order[rank]].first < cut; ++rank) keep[order[rank]] = true;
  for (size_t i = 0; i < members.size(); ++i) {
    (keep[i] ? split.members : split.nonmembers).push_back(std::move(members[i].second));
  }
  uint64_t canary_index = 0;
  for (int repeats : config.canaries.repeats) {
    for (int i = 0; i < config.canaries.count; ++i, ++canary_index) {
      const auto draw = [&](std::string_view what) { return DeriveSeed(seed, what, canary_index); };
      Canary canary;
      canary.id = "canary-r" + std::to_string(repeats) + "-" + std::to_string(i);
      canary.prefix = std::string("the access code of ") + kFirstNames[draw("canary.first") % kFirstNames.size()] +
                      " " + kLastNames[draw("canary.last") % kLastNames.size()] + " is ";
      canary.secret = CanarySecret(draw("canary.secret") % 1000000000ull);
      canary.repeats = repeats;
      canary.inserted = (draw("canary.inserted") & 1) == 1;
      if (!canary_classes.empty()) canary.label = canary_classes[draw("canary.label") % canary_classes.size()];
      split.canaries.push_back(std::move(canary));
    }
  }
  return split;
}

nlohmann::json SplitToJson(const Split& split, std::string_view key) {
  nlohmann::json canaries = nlohmann::json::array();
  for (const Canary& canary : split.canaries) {
    canaries.push_back({{"id", canary.id},
                        {"repeats", canary.repeats},
                        {"inserted", canary.inserted},
                        {"hmac_sha256", common::HmacSha256Hex(key, canary.text())}});
  }
  return {{"version", 1},
          {"members", split.members},
          {"nonmembers", split.nonmembers},
          {"validation", split.validation},
          {"canaries", {{"format", std::string("the access code of <first> <last> is ") + kCanarySecretFormat},
                        {"secret_space_size", kCanarySecretSpaceSize},
                        {"inclusion_probability", 0.5},
                        {"texts", common::kCanariesFile},
                        {"items", canaries}}}};
}

void WriteSplitFiles(const Split& split, const fs::path& run_dir) {
  common::WriteFileAtomically(run_dir / common::kSplitFile, SplitToJson(split, RunSampleKey(run_dir)).dump(1) + "\n");
  std::string lines;
  for (const Canary& canary : split.canaries) {
    nlohmann::json item = {{"id", canary.id},         {"text", canary.text()},     {"prefix", canary.prefix},
                           {"secret", canary.secret}, {"repeats", canary.repeats}, {"inserted", canary.inserted}};
    if (!canary.label.empty()) item["label"] = canary.label;
    lines += item.dump();
    lines += "\n";
  }
  common::WriteFileAtomically(run_dir / common::kCanariesFile, lines);
}

Split ReadSplitFiles(const fs::path& run_dir) {
  const fs::path split_path = run_dir / common::kSplitFile;
  const fs::path canaries_path = run_dir / common::kCanariesFile;
  std::ifstream split_in(split_path);
  std::ifstream canaries_in(canaries_path);
  if (!split_in || !canaries_in) {
    throw common::InputError(run_dir.string() + ": split.json or canaries.jsonl is missing (run the split stage first: "
                     "leakgate run CONFIG --stages split)");
  }
  Split split;
  try {
    const auto json = nlohmann::json::parse(split_in);
    split.members = json.at("members").get<std::vector<std::string>>();
    split.nonmembers = json.at("nonmembers").get<std::vector<std::string>>();
    split.validation = json.at("validation").get<std::vector<std::string>>();
    std::string line;
    while (std::getline(canaries_in, line)) {
      const auto item = nlohmann::json::parse(line);
      split.canaries.push_back(Canary{item.at("id"), item.at("prefix"), item.at("secret"), item.at("repeats"),
                                      item.at("inserted"), item.value("label", "")});
    }
  } catch (const nlohmann::json::exception& error) {
    throw common::InputError(run_dir.string() + ": split.json or canaries.jsonl is malformed (" + error.what() +
                     "); re-run the split stage");
  }
  return split;
}

}  // namespace leakgate::pipeline
