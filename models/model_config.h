// The shape of the networks leakgate trains, as a plain struct (no LibTorch): the config's train.model section
// holds one, and the byte-level LM and text classifier are built from it.
#pragma once

#include <string>

namespace leakgate::models {

struct ModelConfig {
  std::string kind = "transformer";
  int d_model = 128;  // the LM's width; the classifier's embedding, channels and hidden width
  int layers = 2;
  int heads = 4;
  int seq_len = 128;  // the LM's window in tokens; the most bytes the classifier reads of a text
  int ffn = 512;
  bool operator==(const ModelConfig&) const = default;
};

}  // namespace leakgate::models
