// `leakgate dedup signatures | lsh-params | run`.
#include <algorithm>
#include <chrono>
#include <thread>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/threads.h"
#include "corpus/corpus.h"
#include "dedup/dedup.h"
#include "pipeline/hygiene.h"

namespace leakgate::cli {

namespace {


struct CorpusFlags {
  std::string input;
  std::string text_field = "text";
  std::string id_field = "id";
  std::string on_bad_record = "fail";
  uint64_t max_record_bytes = corpus::CorpusOptions{}.max_record_bytes;

  void Add(CLI::App& command) {
    command.add_option("--input", input, "Corpus: JSONL, plain or .jsonl.zst")->required();
    command.add_option("--text-field", text_field, "Dotted path of the text field")->capture_default_str();
    command.add_option("--id-field", id_field, "Dotted path of the id field (empty: line number)")
        ->capture_default_str();
    command.add_option("--on-bad-record", on_bad_record, "fail or skip")
        ->check(CLI::IsMember({"fail", "skip"}))
        ->capture_default_str();
    command.add_option("--max-record-bytes", max_record_bytes, "Longest record (line) accepted")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
  }
  corpus::CorpusOptions Options() const {
    corpus::CorpusOptions options;
    options.text_field = text_field;
    options.id_field = id_field;
    options.on_bad_record = corpus::ParseBadRecordPolicy(on_bad_record);
    options.max_record_bytes = max_record_bytes;
    return options;
  }
};

// Defaults from the dedup engine (dedup::DedupOptions), as the config's are.
struct MinHashFlags {
  int num_perm = dedup::DedupOptions{}.num_perm;
  uint32_t seed = dedup::DedupOptions{}.seed;
  std::string hash = std::string(dedup::HashFunctionName(dedup::DedupOptions{}.hash));
  std::string shingle = dedup::DedupOptions{}.shingle.ToString();
  bool nfkc = dedup::DedupOptions{}.nfkc;
  int threads = 0;

  void Add(CLI::App& command) {
    command.add_option("--num-perm", num_perm, "Permutations per signature")
        ->check(CLI::Range(2, 4096))
        ->capture_default_str();
    command.add_option("--seed", seed, "Permutation seed (datasketch MinHash seed)")->capture_default_str();
    command.add_option("--hash", hash, "Token hash: xxh32, xxh64 or sha1")
        ->check(CLI::IsMember({"xxh32", "xxh64", "sha1"}))
        ->capture_default_str();
    command.add_option("--shingle", shingle, "words:N or chars:N")->capture_default_str();
    command.add_flag("--nfkc", nfkc, "NFKC-normalise text before lowercasing");
    command.add_option("--threads", threads, "Worker threads (0: all cores)")
        ->check(CLI::Range(0, 1024))
        ->capture_default_str();
  }
  dedup::MinHashConfig Config() const {
    return dedup::MinHashConfig{num_perm, seed, dedup::ParseHashFunction(hash), dedup::ShingleSpec::Parse(shingle),
                                nfkc};
  }
};

int RunSignatures(const CorpusFlags& corpus, const MinHashFlags& flags) {
  const dedup::MinHasher hasher(flags.Config());
  corpus::CorpusReader reader(corpus.input, corpus.Options());
  std::vector<std::string> ids;
  std::vector<std::string> texts;
  auto flush = [&] {
    std::vector<std::string_view> views(texts.begin(), texts.end());
    const auto signatures = hasher.SignBatch(views, flags.threads);
    std::string out;
    for (size_t i = 0; i < ids.size(); ++i) {
      const auto* row = signatures.data() + i * flags.num_perm;
      nlohmann::json line = {{"id", ids[i]}, {"hashvalues", std::vector<uint32_t>(row, row + flags.num_perm)}};
      out += line.dump();
      out += '\n';
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    ids.clear();
    texts.clear();
  };
  corpus::Record record;
  while (reader.Next(record)) {
    ids.push_back(record.id);
    texts.push_back(std::move(record.text));
    if (texts.size() == 4096) flush();
  }
  flush();
  return 0;
}

struct RunFlags {
  CorpusFlags corpus;
  MinHashFlags minhash;
  std::string output;
  std::string clusters;
  std::string stats;
  double threshold = dedup::DedupOptions{}.threshold;
  std::string keep = "first";
  bool no_exact = false;
};

dedup::DedupOptions DedupOptionsOf(const RunFlags& flags) {
  RefuseOverlappingPaths({{"--input", flags.corpus.input}},
                         {{"--output", flags.output}, {"--clusters", flags.clusters}, {"--stats", flags.stats}});
  dedup::DedupOptions options;
  const dedup::MinHashConfig minhash = flags.minhash.Config();
  options.exact = !flags.no_exact;
  options.num_perm = minhash.num_perm;
  options.seed = minhash.seed;
  options.hash = minhash.hash;
  options.shingle = minhash.shingle;
  options.nfkc = minhash.nfkc;
  options.threshold = flags.threshold;
  options.keep = dedup::ParseKeepPolicy(flags.keep);
  options.threads = flags.minhash.threads;
  // Validates threshold and weights before reading a single byte.
  dedup::OptimalLshParams(options.threshold, options.num_perm, options.weight_fp, options.weight_fn);
  return options;
}

int RunDedup(const RunFlags& flags, const RankConnector& connect_ranks) {
  dedup::DedupOptions options;
  try {
    options = DedupOptionsOf(flags);
  } catch (const common::Error&) {
    // Every rank of an MPI job fails these checks alike: rank 0 alone reports it, so it is printed once.
    if (MpiLaunchedRank() > 0) {
      ExitQuietlyAsMpiPeer();
      return 0;
    }
    throw;
  }
  // Under an MPI launcher every rank sketches its share of the corpus; rank 0 clusters and writes the outputs.
  const std::unique_ptr<dedup::Communicator> ranks = connect_ranks ? connect_ranks() : nullptr;
  // By default the ranks on one machine share its cores (or each takes the cores the launcher bound it to).
  if (ranks && options.threads == 0) {
    const int machine_share =
        static_cast<int>(std::thread::hardware_concurrency()) / ranks->ranks_on_this_machine();
    options.threads = std::max(1, std::min(common::UsableCores(), machine_share));
  }
  common::ProgressLine progress;
  const auto show_progress = [&](const dedup::DedupProgress& p) {
    char status[160];
    const double percent = p.file_size ? 100.0 * p.file_bytes_consumed / p.file_size : 0.0;
    std::snprintf(status, sizeof status, "dedup: %s %llu records (%.0f%%)", p.phase,
                  static_cast<unsigned long long>(p.records), percent);
    progress.Update(status);
  };
  std::optional<dedup::DedupPlan> planned;
  if (ranks) {
    try {
      planned = dedup::PlanDeduplicationAcrossRanks(*ranks, flags.corpus.input, flags.corpus.Options(), options,
                                                    ranks->rank() == 0 ? dedup::DedupProgressFn(show_progress)
                                                                       : dedup::DedupProgressFn());
    } catch (const dedup::PeerFailed&) {
      // The job's exit code is the reporting rank's. Exiting non-zero here would let mpirun stop the job before
      // that rank has printed the failure.
      ExitQuietlyAsMpiPeer();
      return 0;
    }
    if (!planned) return 0;
  } else {
    planned = dedup::PlanDeduplication(flags.corpus.input, flags.corpus.Options(), options, show_progress);
  }
  const dedup::DedupPlan& plan = *planned;
  progress.Update("dedup: writing");
  const auto write_start = std::chrono::steady_clock::now();
  corpus::CorpusWriter writer(flags.output);
  dedup::WriteKeptLines(flags.corpus.input, flags.corpus.Options(), plan, writer, options.threads);
  writer.Commit();
  const double seconds_write =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - write_start).count();
  progress.Finish();

  if (!flags.clusters.empty()) pipeline::WriteClustersFile(flags.clusters, plan);
  const auto stats = pipeline::DedupStatsJson(plan.stats, seconds_write);
  if (!flags.stats.empty()) common::WriteFileAtomically(flags.stats, stats.dump(2) + "\n");
  common::LogInfo("dedup: " + std::to_string(plan.stats.records_in) + " records in, " +
          std::to_string(plan.stats.records_out) + " out (" + std::to_string(plan.stats.exact_duplicates) +
          " exact and " + std::to_string(plan.stats.near_duplicates) + " near duplicates removed, " +
          std::to_string(plan.stats.clusters) + " clusters) -> " + flags.output);
  if (plan.stats.bad_records.count) {
    common::LogWarning(std::to_string(plan.stats.bad_records.count) + " bad records skipped (first at line " +
               std::to_string(plan.stats.bad_records.first_lines.front()) + ")");
  }
  return 0;
}

}  // namespace

void AddDedupCommands(CLI::App& root, CliContext& context) {
  CLI::App* dedup = root.add_subcommand("dedup", "Remove exact and near-duplicate records (MinHash + LSH)");
  dedup->require_subcommand(1);

  CLI::App* signatures =
      dedup->add_subcommand("signatures", "Print each record's MinHash signature as a JSON line (datasketch-exact)");
  auto signature_corpus = std::make_shared<CorpusFlags>();
  auto signature_minhash = std::make_shared<MinHashFlags>();
  signature_corpus->Add(*signatures);
  signature_minhash->Add(*signatures);
  SetAction(context, signatures, [=] { return RunSignatures(*signature_corpus, *signature_minhash); });

  CLI::App* lsh = dedup->add_subcommand("lsh-params", "Print datasketch's optimal LSH bands and rows");
  auto threshold = std::make_shared<double>(0.8);
  auto num_perm = std::make_shared<int>(128);
  auto weights = std::make_shared<std::pair<double, double>>(0.5, 0.5);
  lsh->add_option("--threshold", *threshold, "Jaccard threshold")->required();
  // The same range as dedup run: the optimisation is quadratic in num_perm.
  lsh->add_option("--num-perm", *num_perm, "Permutations per signature")->required()->check(CLI::Range(2, 4096));
  lsh->add_option("--weights", *weights, "False-positive and false-negative weights, e.g. 0.5,0.5")->delimiter(',');
  SetAction(context, lsh, [=] {
    const auto params = dedup::OptimalLshParams(*threshold, *num_perm, weights->first, weights->second);
    std::printf("%s\n", nlohmann::json{{"b", params.bands}, {"r", params.rows}}.dump().c_str());
    return 0;
  });

  CLI::App* run = dedup->add_subcommand("run", "Write the corpus without exact and near duplicates");
  auto flags = std::make_shared<RunFlags>();
  flags->corpus.Add(*run);
  flags->minhash.Add(*run);
  run->add_option("--output", flags->output, "Deduplicated corpus (.jsonl or .jsonl.zst), written atomically")
      ->required();
  run->add_option("--threshold", flags->threshold, "Estimated Jaccard at or above which records are near duplicates")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  run->add_option("--keep", flags->keep, "Which record of a cluster survives: first or longest")
      ->check(CLI::IsMember({"first", "longest"}))
      ->capture_default_str();
  run->add_flag("--no-exact", flags->no_exact, "Skip the exact-duplicate pass");
  run->add_option("--clusters", flags->clusters, "Write the clusters (JSON lines) here");
  run->add_option("--stats", flags->stats, "Write the statistics (JSON) here");
  SetAction(context, run, [flags, &context] { return RunDedup(*flags, context.connect_ranks); });
}

}  // namespace leakgate::cli
