// `leakgate serve RUN_DIR --config serve.yaml`: the run's model behind the guarded HTTP server; and
// `leakgate redteam RUN_DIR --config serve.yaml --tier T`: extraction attackers and customers through that server;
// `leakgate serve-keys add`: a new API key, stored as its hash in the keys file and shown once.
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/cli.h"
#include "common/log.h"
#include "serve/keys.h"

namespace leakgate::cli {

void AddServeCommands(CLI::App& root, CliContext& context) {
  CLI::App* serve = root.add_subcommand(
      "serve", "Serve a trained classifier over HTTP behind API keys, per-key rate limits, a per-tier output policy "
               "and a request log (see serve/README.md)");
  auto options = std::make_shared<pipeline::ServeOptions>();
  serve->add_option("run_dir", options->run_dir, "A trained run directory (its model/ is served)")
      ->required()
      ->check(CLI::ExistingDirectory);
  serve->add_option("--config", options->config_path, "The serving config (see configs/serving/serve.yaml)")
      ->required()
      ->check(CLI::ExistingFile);
  serve->add_option("--port", options->port, "Listen on this port instead of the config's (0: any free port)")
      ->check(CLI::Range(0, 65535));
  SetAction(context, serve, [options, server = context.serve_model] { return server(*options); });

  CLI::App* red_team = root.add_subcommand(
      "redteam", "Attack a trained classifier through the guarded server on loopback, as customers receive it: "
                 "extraction attackers and benign customers with their own keys; reports when the extraction "
                 "monitor flags each (see serve/README.md)");
  auto red_options = std::make_shared<pipeline::ServeOptions>();
  auto plan = std::make_shared<serve::RedTeamOptions>();
  auto split_keys = std::make_shared<std::size_t>(10);
  red_team->add_option("run_dir", red_options->run_dir, "A trained run directory (its model/ is attacked)")
      ->required()
      ->check(CLI::ExistingDirectory);
  red_team->add_option("--config", red_options->config_path, "The serving config whose tiers and monitor apply")
      ->required()
      ->check(CLI::ExistingFile);
  red_team->add_option("--tier", plan->tier, "The tier every red-team key belongs to")->required();
  red_team->add_option("--budget", plan->attack_budget, "Texts each attacker sends, over all of its keys")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  red_team->add_option("--split-keys", *split_keys, "Keys of the attackers that split their queries")
      ->check(CLI::Range(2, 1000))
      ->capture_default_str();
  red_team->add_option("--customers", plan->benign_users, "Benign customers, one key each")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  red_team->add_option("--texts-per-customer", plan->benign_texts_per_user, "Mean texts a customer sends")
      ->check(CLI::Range(1.0, 1e6))
      ->capture_default_str();
  red_team->add_option("--seed", plan->seed, "Seeds the attackers' and customers' choices")->capture_default_str();
  SetAction(context, red_team, [red_options, plan, split_keys, server = context.serve_model] {
    for (serve::AttackerPlan& attacker : plan->attackers) {
      if (attacker.keys > 1) attacker.keys = *split_keys;
    }
    red_options->red_team = *plan;
    return server(*red_options);
  });

  CLI::App* keys = root.add_subcommand("serve-keys", "Manage the API keys of `leakgate serve`");
  keys->require_subcommand(1);
  CLI::App* add = keys->add_subcommand(
      "add", "Create a key for a caller: prints it once on stdout and stores only its SHA-256 in the keys file");
  auto file = std::make_shared<std::string>();
  auto id = std::make_shared<std::string>();
  auto tier = std::make_shared<std::string>();
  add->add_option("--keys", *file, "The keys file (created if missing)")->required();
  add->add_option("--id", *id, "Who the key is for (appears in logs and metrics)")->required();
  add->add_option("--tier", *tier, "The tier of the serving config whose policy and limits apply")->required();
  SetAction(context, add, [file, id, tier] {
    serve::KeyStore store = std::filesystem::exists(*file) ? serve::KeyStore::Read(*file) : serve::KeyStore();
    const std::string secret = store.Add(*id, *tier);
    store.Write(*file);
    common::LogInfo("serve-keys: added key '" + *id + "' (tier " + *tier + ") to " + *file +
                    "; the key below is stored nowhere: hand it to its holder now");
    std::printf("%s\n", secret.c_str());
    return 0;
  });
}

}  // namespace leakgate::cli
