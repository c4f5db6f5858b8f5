// `leakgate-torch`: the same command line with the pipeline stages (and LibTorch) linked in; leakgate runs it for
// run, train, audit and serve.
#include "cli/cli.h"
#include "pipeline/serve_model.h"

int main(int argc, char** argv) {
  return leakgate::cli::RunCli(argc, argv, leakgate::pipeline::RunPipeline,
                               [argv] { return leakgate::cli::ExecMpiBinaryIfLaunched(argv); },
                               leakgate::pipeline::ServeModel);
}
