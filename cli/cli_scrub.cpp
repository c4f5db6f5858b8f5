// `leakgate scrub run | eval | train-names`.
#include <chrono>
#include <fstream>
#include <iterator>
#include <map>
#include <cstdio>
#include <set>

#include "cli/cli.h"
#include "common/atomic_file.h"
#include "common/digest.h"
#include "common/errors.h"
#include "common/log.h"
#include "corpus/corpus.h"
#include "pipeline/config.h"
#include "scrub/eval/evaluation.h"
#include "scrub/eval/labeled.h"
#include "scrub/name_tagger.h"
#include "scrub/report.h"
#include "scrub/scrub_corpus.h"
#include "scrub/scrubber.h"

namespace leakgate::cli {

namespace {


// The scrub settings: a config file's hygiene.scrub section, then command-line flags on top.
struct ScrubFlags {
  std::string config;
  std::vector<std::string> entities;
  std::string operator_name;
  std::string hmac_key_env;
  int mask_keep_last = -1;
  bool no_residual_scan = false;

  void Add(CLI::App& command) {
    command.add_option("--config", config, "YAML config whose hygiene.scrub section sets the scrubber");
    command.add_option("--entities", entities, "Entity types to find (default all), e.g. EMAIL,SSN")->delimiter(',');
    command.add_option("--operator", operator_name, "placeholder, mask, hmac or drop_record")
        ->check(CLI::IsMember({"placeholder", "mask", "hmac", "drop_record"}));
    command.add_option("--hmac-key-env", hmac_key_env, "Environment variable holding the HMAC key");
    command.add_option("--mask-keep-last", mask_keep_last, "mask: characters left visible at the end")
        ->check(CLI::Range(0, 64));
    command.add_flag("--no-residual-scan", no_residual_scan, "Do not re-scan the scrubbed text");
  }
  scrub::ScrubConfig Config() const {
    scrub::ScrubConfig scrub = config.empty() ? scrub::ScrubConfig{} : pipeline::LoadScrubSection(config).settings;
    if (!entities.empty()) scrub.entities = entities;
    if (!operator_name.empty()) scrub.default_operator.kind = scrub::ParseOperator(operator_name, "--operator");
    if (!hmac_key_env.empty()) scrub.hmac_key_env = hmac_key_env;
    if (mask_keep_last >= 0) {
      scrub.default_operator.mask_keep_last = mask_keep_last;
      for (auto& [type, spec] : scrub.operator_overrides) spec.mask_keep_last = mask_keep_last;
    }
    if (no_residual_scan) scrub.residual_scan = false;
    return scrub;
  }
};

struct RunFlags {
  std::string input;
  std::string output;
  std::string report;
  std::string text_field = "text";
  std::string id_field = "id";
  std::string on_bad_record = "fail";
  unsigned threads = 0;
  ScrubFlags scrub;
};

int RunScrub(const RunFlags& flags) {
  RefuseOverlappingPaths({{"--input", flags.input}}, {{"--output", flags.output}, {"--report", flags.report}});
  // Builds the scrubber (and checks config, user regexes and the HMAC key) before reading a byte.
  const scrub::Scrubber scrubber(flags.scrub.Config());
  corpus::CorpusOptions options;
  options.text_field = flags.text_field;
  options.id_field = flags.id_field;
  options.on_bad_record = corpus::ParseBadRecordPolicy(flags.on_bad_record);
  const auto start = std::chrono::steady_clock::now();
  corpus::CorpusReader reader(flags.input, options);
  corpus::CorpusWriter writer(flags.output);
  scrub::ScrubCorpusOptions scrub_options;
  scrub_options.threads = flags.threads;
  const scrub::ScrubStats stats = scrub::ScrubCorpus(reader, writer, scrubber, scrub_options);
  if (stats.records_in == 0) {
    throw common::InputError(flags.input, 0, "the corpus has no records",
                            reader.bad_records().count ? "every record was bad and skipped" : "the file is empty");
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  nlohmann::ordered_json report = scrub::ScrubReportJson(stats, scrubber);
  report["input"] = flags.input;
  report["output"] = flags.output;
  report["bad_records"] = reader.bad_records().count;
  report["seconds"] = seconds;
  // The report is written first so that a failure there leaves no scrubbed corpus without its report.
  common::WriteFileAtomically(flags.report, report.dump(2) + "\n");
  writer.Commit();
  char summary[256];
  std::snprintf(summary, sizeof summary,
                "scrub: %llu records in, %llu out (%llu dropped), %llu findings, %llu residual, %.1f MB/s",
                static_cast<unsigned long long>(stats.records_in), static_cast<unsigned long long>(stats.records_out),
                static_cast<unsigned long long>(stats.records_dropped),
                static_cast<unsigned long long>(stats.findings_total()),
                static_cast<unsigned long long>(stats.residual_total()),
                seconds > 0 ? static_cast<double>(stats.bytes_in) / 1e6 / seconds : 0.0);
  common::LogInfo(summary);
  return 0;
}

struct EvalFlags {
  std::string input;
  bool json = false;
  bool errors = false;
  std::string id_prefix;
  std::string name_model;
  ScrubFlags scrub;
};

int RunEval(const EvalFlags& flags) {
  if (!flags.name_model.empty()) {
    std::ifstream in(flags.name_model, std::ios::binary);
    if (!in) throw common::InputError(flags.name_model, 0, "cannot read the name model");
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    scrub::NameTagger::ReplaceShipped(bytes, flags.name_model);
  }
  const scrub::Scrubber scrubber(flags.scrub.Config());
  std::vector<scrub::LabeledRecord> records = scrub::ReadLabeledJsonl(flags.input);
  if (records.empty()) throw common::InputError(flags.input, 0, "the labeled file has no records");
  std::erase_if(records, [&](const scrub::LabeledRecord& record) { return !record.id.starts_with(flags.id_prefix); });
  if (records.empty()) throw common::InputError(flags.input, 0, "no record id starts with '" + flags.id_prefix + "'");
  const scrub::EvaluationResult result = scrub::Evaluate(scrubber, records);
  std::string out;
  if (flags.json) {
    nlohmann::ordered_json json = scrub::ToJson(result);
    if (flags.errors) json["errors"] = scrub::ErrorsJson(result, records);
    out = json.dump(2) + "\n";
  } else {
    out = scrub::FormatTable(result) + (flags.errors ? scrub::FormatErrors(result, records) : "");
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

struct TrainNamesFlags {
  std::string data;
  std::string word_lists;
  std::string out;
  scrub::NameTaggerTraining training;
};

// Lines "class<TAB>word", class one of first, surname, place, word; "first-withheld" and the like mark a word left off
// the lists while training and listed in the model (ListedWord::withheld).
std::vector<scrub::ListedWord> ReadWordLists(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw common::InputError(path, 0, "cannot read the word lists");
  static const std::map<std::string, std::uint8_t, std::less<>> kClasses = {
      {"first", scrub::ListedWord::kFirstName}, {"surname", scrub::ListedWord::kSurname},
      {"place", scrub::ListedWord::kPlace}, {"word", scrub::ListedWord::kOrdinaryWord}};
  constexpr std::string_view kWithheld = "-withheld";
  std::vector<scrub::ListedWord> words;
  std::string line;
  for (std::uint64_t number = 1; std::getline(in, line); ++number) {
    std::size_t tab = line.find('\t');
    std::string_view name = tab == std::string::npos ? std::string_view() : std::string_view(line).substr(0, tab);
    bool withheld = name.ends_with(kWithheld);
    if (withheld) name.remove_suffix(kWithheld.size());
    auto found = kClasses.find(name);
    if (tab == std::string::npos || found == kClasses.end()) {
      throw common::InputError(path, number,
                               "expected class<TAB>word with class first, surname, place or word, each optionally "
                               "followed by -withheld");
    }
    words.push_back({line.substr(tab + 1), found->second, withheld});
  }
  return words;
}

int RunTrainNames(const TrainNamesFlags& flags) {
  RefuseOverlappingPaths({{"--data", flags.data}, {"--word-lists", flags.word_lists}}, {{"--out", flags.out}});
  const std::vector<scrub::LabeledRecord> records = scrub::ReadLabeledJsonl(flags.data);
  if (records.empty()) throw common::InputError(flags.data, 0, "no labeled records to train on");
  std::vector<scrub::NameExample> examples;
  examples.reserve(records.size());
  std::size_t names = 0;
  for (const scrub::LabeledRecord& record : records) {
    scrub::NameExample example{record.text, {}};
    for (const scrub::LabeledSpan& span : record.spans) {
      if (span.type == "NAME") example.names.emplace_back(span.start, span.end);
    }
    names += example.names.size();
    examples.push_back(std::move(example));
  }
  common::LogInfo("train-names: " + std::to_string(examples.size()) + " records, " + std::to_string(names) +
                  " names, " + std::to_string(flags.training.epochs) + " epochs");
  const std::vector<scrub::ListedWord> words = ReadWordLists(flags.word_lists);
  auto progress = [&](int epoch, std::size_t mistakes) {
    common::LogInfo("train-names: epoch " + std::to_string(epoch) + ": " + std::to_string(mistakes) + " of " +
                    std::to_string(examples.size()) + " records labelled wrongly");
  };
  const std::string model = scrub::TrainNameTagger(examples, words, flags.training, progress);
  common::WriteFileAtomically(flags.out, model);
  common::LogInfo("train-names: wrote " + flags.out + " (" + std::to_string(model.size()) + " bytes, sha256 " +
                  common::Sha256Hex(model) + ")");
  return 0;
}

}  // namespace

void AddScrubCommands(CLI::App& root, CliContext& context) {
  CLI::App* scrub = root.add_subcommand("scrub", "Find and replace personal identifiers (HIPAA Safe Harbor, GDPR)");
  scrub->require_subcommand(1);

  auto run_flags = std::make_shared<RunFlags>();
  CLI::App* run = scrub->add_subcommand("run", "Scrub a JSONL corpus and write the scrubbed corpus and a report");
  run->add_option("--input", run_flags->input, "Corpus: JSONL, plain or .jsonl.zst")->required();
  run->add_option("--output", run_flags->output, "Scrubbed corpus (.jsonl or .jsonl.zst), written atomically")
      ->required();
  run->add_option("--report", run_flags->report, "Report JSON: counts per type, residual, Safe Harbor coverage")
      ->required();
  run->add_option("--text-field", run_flags->text_field, "Dotted path of the text field")->capture_default_str();
  run->add_option("--id-field", run_flags->id_field, "Dotted path of the id field (empty: line number)")
      ->capture_default_str();
  run->add_option("--on-bad-record", run_flags->on_bad_record, "fail or skip")
      ->check(CLI::IsMember({"fail", "skip"}))
      ->capture_default_str();
  run->add_option("--threads", run_flags->threads, "Worker threads (0: all cores)")->capture_default_str();
  run_flags->scrub.Add(*run);
  SetAction(context, run, [run_flags] { return RunScrub(*run_flags); });

  auto eval_flags = std::make_shared<EvalFlags>();
  CLI::App* eval = scrub->add_subcommand("eval", "Precision, recall and F2 per entity type on a labeled JSONL file");
  eval->add_option("--input", eval_flags->input, "Labeled JSONL: id, text, spans [{start, end, type}]")->required();
  eval->add_flag("--json", eval_flags->json, "Print JSON (overlap variant at the top level) instead of a table");
  eval->add_flag("--errors", eval_flags->errors, "Also print each missed span and wrong finding, with context");
  eval->add_option("--id-prefix", eval_flags->id_prefix, "Score only the records whose id starts with this");
  eval->add_option("--name-model", eval_flags->name_model,
                   "Score with this name tagger model (written by train-names) instead of the shipped one");
  eval_flags->scrub.Add(*eval);
  SetAction(context, eval, [eval_flags] { return RunEval(*eval_flags); });

  auto train_flags = std::make_shared<TrainNamesFlags>();
  CLI::App* train = scrub->add_subcommand(
      "train-names",
      "Train the learned name recognizer on labeled JSONL (scripts/name_tagger/retrain.sh makes the data)");
  train->add_option("--data", train_flags->data, "Labeled JSONL; its NAME spans are the targets")->required();
  train->add_option("--word-lists", train_flags->word_lists,
                    "Words the features consult: lines class<TAB>word, class first, surname, place or word")
      ->required();
  train->add_option("--out", train_flags->out, "Model file to write (the shipped one: scrub/models/name_tagger.lgnt)")
      ->required();
  train->add_option("--epochs", train_flags->training.epochs, "Passes over the data")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  train->add_option("--seed", train_flags->training.seed, "Seed of the visiting order")->capture_default_str();
  train->add_option("--hash-bits", train_flags->training.hash_bits, "2^bits feature buckets")
      ->check(CLI::Range(8, 26))
      ->capture_default_str();
  SetAction(context, train, [train_flags] { return RunTrainNames(*train_flags); });
}

}  // namespace leakgate::cli
