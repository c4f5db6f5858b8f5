// `leakgate watermark detect --key-env NAME texts.jsonl`: tests each text, and all of them pooled, for the green-list
// watermark `leakgate serve` embeds in its completions.
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/log.h"
#include "corpus/corpus.h"
#include "watermark/watermark.h"

namespace leakgate::cli {
namespace {

struct DetectFlags {
  std::string input;
  std::string key_env;
  std::string config;
  std::string text_field = "text";
  std::string out;
  double false_positive_rate = 1e-6;
  watermark::WatermarkParameters parameters;
};

nlohmann::ordered_json DetectionJson(const watermark::Detection& detection, double false_positive_rate) {
  return {{"tokens", detection.tokens},
          {"scored", detection.scored},
          {"green", detection.green},
          {"z", detection.z},
          {"p_value", detection.p_value},
          {"watermarked", detection.p_value <= false_positive_rate}};
}

int Detect(const DetectFlags& flags) {
  watermark::WatermarkParameters parameters = flags.parameters;
  if (!flags.config.empty()) parameters = pipeline::LoadServeConfig(flags.config).settings.watermark;
  const watermark::Watermark mark(pipeline::SecretFromEnvironment(flags.key_env, "the completions' watermark"),
                                  parameters);
  corpus::CorpusOptions options;
  options.text_field = flags.text_field;
  options.id_field = "";
  corpus::CorpusReader reader(flags.input, options);
  std::unique_ptr<common::AtomicFile> out;
  if (!flags.out.empty()) {
    RefuseOverlappingPaths({{"input", flags.input}}, {{"--out", flags.out}});
    out = std::make_unique<common::AtomicFile>(flags.out);
  }
  watermark::Detector pooled(mark);
  std::size_t texts = 0, watermarked = 0;
  corpus::Record record;
  while (reader.Next(record)) {
    const std::vector<watermark::TokenId> tokens = watermark::ByteTokens(record.text);
    const watermark::Detection detection = mark.Detect(tokens);
    pooled.AddText(tokens);
    ++texts;
    watermarked += detection.p_value <= flags.false_positive_rate;
    if (out) {
      nlohmann::ordered_json line = {{"line", record.line}};
      line.update(DetectionJson(detection, flags.false_positive_rate));
      out->Write(line.dump() + "\n");
    }
  }
  if (texts == 0) throw common::InputError(flags.input, 0, "no texts to test");
  if (out) out->Commit();
  const watermark::Detection all = pooled.Result();
  nlohmann::ordered_json summary = {{"texts", texts},
                                    {"watermarked", watermarked},
                                    {"false_positive_rate", flags.false_positive_rate},
                                    {"green_fraction", parameters.green_fraction},
                                    {"context_tokens", parameters.context_tokens},
                                    {"pooled", DetectionJson(all, flags.false_positive_rate)}};
  std::printf("%s\n", summary.dump(2).c_str());
  const bool pooled_carries = all.p_value <= flags.false_positive_rate;
  common::LogInfo("watermark: " + std::to_string(watermarked) + " of " + std::to_string(texts) +
                  " texts carry the watermark at false-positive rate " +
                  nlohmann::json(flags.false_positive_rate).dump() + "; pooled, the texts " +
                  (pooled_carries ? "do" : "do not"));
  return 0;
}

}  // namespace

void AddWatermarkCommands(CLI::App& root, CliContext& context) {
  CLI::App* group = root.add_subcommand("watermark", "The green-list watermark of served completions");
  group->require_subcommand(1);
  CLI::App* detect = group->add_subcommand(
      "detect", "Test each text of a JSONL file, and all of them pooled, for the watermark (one-sided test: the "
                "share of green tokens against the green fraction; p-values from the exact binomial tail)");
  auto flags = std::make_shared<DetectFlags>();
  detect->add_option("texts", flags->input, "JSONL file of texts (plain or .zst)")
      ->required()
      ->check(CLI::ExistingFile);
  detect->add_option("--key-env", flags->key_env, "Environment variable holding the watermark's key")->required();
  detect->add_option("--config", flags->config,
                     "The serving config whose `watermark` section gives the parameters (else the flags below)")
      ->check(CLI::ExistingFile);
  detect->add_option("--green-fraction", flags->parameters.green_fraction, "Share of the vocabulary green (gamma)")
      ->check(CLI::Range(1e-6, 1.0 - 1e-6))
      ->capture_default_str();
  detect->add_option("--context-tokens", flags->parameters.context_tokens, "Tokens that key each green list (h)")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  detect->add_option("--fpr", flags->false_positive_rate,
                     "A text is watermarked when its p-value is at most this: the chance that a text written "
                     "without the key is called watermarked")
      ->check(CLI::Range(1e-300, 0.5))
      ->capture_default_str();
  detect->add_option("--field", flags->text_field, "The texts' field (a dotted path)")->capture_default_str();
  detect->add_option("--out", flags->out, "Write one JSON line per text (its line number and test, not the text)");
  SetAction(context, detect, [flags] { return Detect(*flags); });
}

}  // namespace leakgate::cli
