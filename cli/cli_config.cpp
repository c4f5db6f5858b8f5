// `leakgate config`: the config keys as declared in pipeline/, as a reference config file or as documentation.
#include <iostream>

#include "cli/cli.h"
#include "pipeline/config.h"

namespace leakgate::cli {

void AddConfigCommands(CLI::App& root, CliContext& context) {
  CLI::App* config = root.add_subcommand("config", "Every config key with its type, default, valid values and meaning");
  config->require_subcommand(1);
  CLI::App* reference =
      config->add_subcommand("reference", "Print the reference config (configs/reference.yaml): every key and default");
  SetAction(context, reference, [] {
    std::cout << pipeline::ReferenceConfigYaml();
    return 0;
  });
  CLI::App* docs = config->add_subcommand("docs", "Print the config keys as Markdown tables (docs/CONFIG.md)");
  SetAction(context, docs, [] {
    std::cout << pipeline::ConfigKeysMarkdown();
    return 0;
  });
}

}  // namespace leakgate::cli
