// The last-layer extraction attack on a language model's log-probability API (Carlini et al. 2024, "Stealing Part
// of a Production Language Model"; Finlayson et al. 2024). Logits are the output layer applied to a hidden state of
// width d, so next-token log-probability vectors, each centred over the vocabulary (which removes the
// log-normaliser), span at most d dimensions. Stacking more than d of them, the singular values fall off a cliff
// after the d-th, and the top right singular vectors span the output layer up to an invertible linear map.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "audit/model.h"

namespace leakgate::audit {

// The next-token log-probabilities an API revealed after one prompt, by token id: every token's, a top k, or none.
using RevealedLogProbs = std::vector<std::pair<TokenId, double>>;
// Asks the API for the next-token log-probabilities after `prompt`.
using LogProbOracle = std::function<RevealedLogProbs(const std::vector<TokenId>& prompt)>;

struct LastLayerOptions {
  std::size_t queries = 0;        // prompts asked, at least 2
  std::size_t prompt_tokens = 12; // each prompt: 1..prompt_tokens random printable bytes
  std::uint64_t seed = 0;
};

struct LastLayerResult {
  std::size_t queries = 0;             // prompts asked
  std::size_t answered = 0;            // prompts whose answer revealed any log-probability
  std::size_t most_revealed = 0;       // the most tokens one answer revealed
  std::vector<TokenId> columns;        // the tokens every answer revealed: the matrix's columns
  // Of the answers' variation: each answer centred over the columns, then the mean answer taken off; descending.
  std::vector<double> singular_values;
  // The estimated hidden width: one more than the position of the largest drop between consecutive singular values
  // (the mean answer, taken off, is the one more), and that drop's ratio. None when too few answers or columns
  // leave nothing to compare.
  std::optional<std::size_t> width;
  double gap = 0.0;
  // The recovered output subspace: `width` orthonormal columns over `columns`, column-major.
  std::vector<double> basis;
  std::string reason;  // why no width was estimated
};

// Asks `oracle` options.queries random prompts and estimates the hidden width and output subspace from the answers.
// Throws AttackInputError for fewer than 2 queries or a prompt length of 0.
LastLayerResult ExtractLastLayer(const LogProbOracle& oracle, const LastLayerOptions& options);

// How far the recovered subspace is from the true output layer's span: the sine of the largest principal angle
// between result.basis and the span of `output_layer` (vocab rows by token id, `output_columns` columns, row-major:
// e.g. the head's weights beside its bias), both restricted to result.columns and centred over them. 0 when the
// recovered span lies inside the true one; 1 when some recovered direction is orthogonal to it.
double SubspaceError(const LastLayerResult& result, std::span<const double> output_layer,
                     std::size_t output_columns);

}  // namespace leakgate::audit
