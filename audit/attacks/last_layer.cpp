#include "audit/attacks/last_layer.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <set>

#include "audit/attacks/errors.h"

namespace leakgate::audit {
namespace {

std::vector<TokenId> RandomPrompt(std::size_t most_tokens, std::mt19937_64& random) {
  constexpr TokenId kFirstPrintable = 32, kLastPrintable = 126;
  std::uniform_int_distribution<std::size_t> length(1, most_tokens);
  std::uniform_int_distribution<TokenId> byte(kFirstPrintable, kLastPrintable);
  std::vector<TokenId> prompt(length(random));
  for (TokenId& token : prompt) token = byte(random);
  return prompt;
}

// Rows centred over their columns: the log-normaliser, the same for every token of a row, disappears.
void CentreRows(Eigen::MatrixXd& matrix) { matrix.colwise() -= matrix.rowwise().mean(); }

}  // namespace

LastLayerResult ExtractLastLayer(const LogProbOracle& oracle, const LastLayerOptions& options) {
  if (options.queries < 2) throw AttackInputError("last-layer extraction needs at least 2 queries");
  if (options.prompt_tokens == 0) throw AttackInputError("last-layer extraction needs prompts of at least 1 token");
  LastLayerResult result;
  std::mt19937_64 random(options.seed);
  std::vector<std::map<TokenId, double>> answers;
  std::set<TokenId> in_every;
  for (std::size_t q = 0; q < options.queries; ++q) {
    const RevealedLogProbs revealed = oracle(RandomPrompt(options.prompt_tokens, random));
    ++result.queries;
    std::map<TokenId, double> answer;
    for (const auto& [token, log_prob] : revealed) {
      if (std::isfinite(log_prob)) answer[token] = log_prob;
    }
    if (answer.empty()) continue;
    result.most_revealed = std::max(result.most_revealed, answer.size());
    if (answers.empty()) {
      for (const auto& entry : answer) in_every.insert(entry.first);
    } else {
      std::erase_if(in_every, [&](TokenId token) { return answer.count(token) == 0; });
    }
    answers.push_back(std::move(answer));
  }
  result.answered = answers.size();
  result.columns.assign(in_every.begin(), in_every.end());
  if (result.answered < 2 || result.columns.size() < 2) {
    result.reason = result.answered == 0
                        ? "no answer revealed a log-probability"
                        : std::to_string(result.answered) + " answers revealed log-probabilities, " +
                              std::to_string(result.columns.size()) +
                              " tokens were in every answer: nothing to stack (at least 2 of each are needed)";
    return result;
  }
  Eigen::MatrixXd matrix(static_cast<Eigen::Index>(answers.size()), static_cast<Eigen::Index>(result.columns.size()));
  for (std::size_t r = 0; r < answers.size(); ++r) {
    for (std::size_t c = 0; c < result.columns.size(); ++c) {
      matrix(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = answers[r].at(result.columns[c]);
    }
  }
  CentreRows(matrix);
  // Every answer also carries an offset common to all (the head's bias, the hidden states' mean), which dominates
  // the first singular value and would pass for the largest drop. The width is read from the answers' variation
  // around their mean, which spans one dimension fewer; the subspace from the answers themselves.
  Eigen::MatrixXd variation = matrix;
  variation.rowwise() -= matrix.colwise().mean();
  const Eigen::VectorXd values = Eigen::BDCSVD<Eigen::MatrixXd>(variation).singularValues();
  result.singular_values.assign(values.data(), values.data() + values.size());
  // The largest ratio between consecutive singular values. Values within double rounding of 0 (the usual numerical
  // rank tolerance) are 0: the first of them ends the comparison with an infinite ratio. Each centring takes one
  // dimension: the last singular value of either side is 0 by construction, not by the model, so comparisons stop
  // before it.
  const double zero = values.size() > 0 ? values(0) * static_cast<double>(std::max(matrix.rows(), matrix.cols())) *
                                              std::numeric_limits<double>::epsilon()
                                        : 0.0;
  const Eigen::Index informative = std::min(matrix.rows() - 1, matrix.cols() - 1);
  std::optional<std::size_t> varying;
  double best = 0.0;
  for (Eigen::Index i = 0; i + 1 < informative && values(i) > zero; ++i) {
    const double ratio = values(i + 1) > zero ? values(i) / values(i + 1) : std::numeric_limits<double>::infinity();
    if (ratio > best) {
      best = ratio;
      varying = static_cast<std::size_t>(i + 1);
    }
    if (values(i + 1) <= zero) break;
  }
  if (!varying) {
    result.reason = std::to_string(result.answered) + " answers leave no drop to read: their variation spans at most " +
                    "one dimension";
    return result;
  }
  result.width = *varying + 1;
  result.gap = best;
  const Eigen::BDCSVD<Eigen::MatrixXd> svd(matrix, Eigen::ComputeThinV);
  const Eigen::MatrixXd basis = svd.matrixV().leftCols(static_cast<Eigen::Index>(*result.width));
  result.basis.assign(basis.data(), basis.data() + basis.size());
  return result;
}

double SubspaceError(const LastLayerResult& result, std::span<const double> output_layer,
                     std::size_t output_columns) {
  if (!result.width || output_columns == 0) return 1.0;
  const auto rows = static_cast<Eigen::Index>(result.columns.size());
  Eigen::MatrixXd truth(rows, static_cast<Eigen::Index>(output_columns));
  for (Eigen::Index r = 0; r < rows; ++r) {
    const auto token = static_cast<std::size_t>(result.columns[static_cast<std::size_t>(r)]);
    if ((token + 1) * output_columns > output_layer.size())
      throw AttackInputError("the output layer has no row for token " + std::to_string(token));
    for (std::size_t c = 0; c < output_columns; ++c)
      truth(r, static_cast<Eigen::Index>(c)) = output_layer[token * output_columns + c];
  }
  // Centred over the tokens, as the answers were: each column loses its mean over the rows.
  truth.rowwise() -= truth.colwise().mean();
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(truth, Eigen::ComputeThinU);
  const Eigen::VectorXd& values = svd.singularValues();
  Eigen::Index rank = 0;
  while (rank < values.size() && values(rank) > 1e-10 * values(0)) ++rank;
  const Eigen::MatrixXd span = svd.matrixU().leftCols(rank);
  const Eigen::Map<const Eigen::MatrixXd> basis(result.basis.data(), rows, static_cast<Eigen::Index>(*result.width));
  const Eigen::MatrixXd outside = basis - span * (span.transpose() * basis);
  return std::min(1.0, Eigen::JacobiSVD<Eigen::MatrixXd>(outside).singularValues()(0));
}

}  // namespace leakgate::audit
