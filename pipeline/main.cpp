#include "pipeline/cli.h"

int main(int argc, char** argv) { return leakgate::pipeline::RunCli(argc, argv); }
