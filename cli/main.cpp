#include "cli/cli.h"

int main(int argc, char** argv) { return leakgate::cli::RunCli(argc, argv); }
