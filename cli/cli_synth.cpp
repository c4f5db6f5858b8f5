// `leakgate synth`: the deterministic synthetic clinical-notes corpus (demo data and labeled eval data).
#include <memory>

#include "cli/cli.h"
#include "common/log.h"
#include "corpus/corpus.h"
#include "scrub/eval/synthetic_notes.h"

namespace leakgate::cli {

namespace {

struct SynthFlags {
  std::string out;
  uint64_t records = 3000;
  uint64_t seed = 20240601;
  bool labeled = false;
  std::string templates = "demo";
  double copy_forward = 0.25;
};

int RunSynth(const SynthFlags& flags) {
  scrub::SyntheticOptions options;
  options.seed = flags.seed;
  options.copy_forward_rate = flags.copy_forward;
  options.templates =
      flags.templates == "demo" ? scrub::SyntheticTemplates::kDemo : scrub::SyntheticTemplates::kEvaluation;
  scrub::SyntheticNoteGenerator generator(options);
  corpus::CorpusWriter writer(flags.out);
  for (uint64_t i = 0; i < flags.records; ++i) writer.WriteLine(scrub::ToJsonLine(generator.Next(), flags.labeled));
  writer.Commit();
  common::LogInfo("synth: wrote " + std::to_string(flags.records) + " notes to " + flags.out);
  return 0;
}

}  // namespace

void AddSynthCommands(CLI::App& root, CliContext& context) {
  auto flags = std::make_shared<SynthFlags>();
  CLI::App* synth = root.add_subcommand(
      "synth", "Generate synthetic clinical notes with fake patients (same seed, same file, bit for bit)");
  synth->add_option("--out", flags->out, "Output JSONL (.jsonl or .jsonl.zst), written atomically")->required();
  synth->add_option("--records", flags->records, "Number of notes")->check(CLI::Range(1, 100000000))
      ->capture_default_str();
  synth->add_option("--seed", flags->seed, "Random seed")->capture_default_str();
  synth->add_flag("--labeled", flags->labeled, "Add the gold PII spans to every record (for scrub eval)");
  synth->add_option("--templates", flags->templates, "demo or evaluation (two disjoint template sets)")
      ->check(CLI::IsMember({"demo", "evaluation"}))
      ->capture_default_str();
  synth->add_option("--copy-forward", flags->copy_forward, "Share of notes copied forward from an earlier note")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  SetAction(context, synth, [flags] { return RunSynth(*flags); });
}

}  // namespace leakgate::cli
