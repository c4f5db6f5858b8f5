// Language models for the attack tests that need no training: a byte-level n-gram model whose counts come from the
// texts it is "trained" on (so it memorises them, more with repetitions), interpolated down to a uniform
// distribution so that unseen text gets smooth, tie-free probabilities.
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "audit/model.h"

namespace leakgate::audit::testing {

class NgramModel : public LanguageModel {
 public:
  static constexpr TokenId kEnd = 256;
  static constexpr int kVocabulary = 257;

  // backoff_weight: how much a context with counts still trusts the shorter context (the smaller, the more a single
  // training occurrence is memorised).
  NgramModel(const std::vector<std::string>& training_texts, std::size_t order, double backoff_weight = 0.1)
      : order_(order), backoff_weight_(backoff_weight) {
    for (const auto& text : training_texts) {
      const std::vector<TokenId> tokens = Encode(text);
      for (std::size_t t = 0; t <= tokens.size(); ++t) {
        for (std::size_t length = 0; length <= order_; ++length) {
          Counts& counts = table_[Context(tokens, t, length)];
          counts.next[t < tokens.size() ? tokens[t] : kEnd] += 1.0;
          counts.total += 1.0;
        }
      }
    }
  }

  std::vector<TokenId> Encode(std::string_view text) const override {
    return std::vector<TokenId>(reinterpret_cast<const unsigned char*>(text.data()),
                                reinterpret_cast<const unsigned char*>(text.data()) + text.size());
  }
  std::string Decode(std::span<const TokenId> tokens) const override {
    std::string text;
    for (TokenId token : tokens) {
      if (token < 256) text += static_cast<char>(token);
    }
    return text;
  }
  std::size_t context_length() const override { return 4096; }

  std::vector<double> ExampleLosses(std::span<const std::string> texts) override {
    std::vector<double> losses;
    for (const auto& text : texts) {
      std::vector<TokenId> tokens = Encode(text);
      double total = 0.0;
      for (std::size_t t = 0; t <= tokens.size(); ++t) {
        total -= LogProb(tokens, t, t < tokens.size() ? tokens[t] : kEnd);
      }
      losses.push_back(total / static_cast<double>(tokens.size() + 1));
    }
    return losses;
  }
  std::vector<std::vector<double>> TokenLogProbs(std::span<const std::string> texts) override {
    std::vector<std::vector<double>> result;
    for (const auto& text : texts) {
      const std::vector<TokenId> tokens = Encode(text);
      std::vector<double> log_probs;
      for (std::size_t t = 0; t < tokens.size(); ++t) log_probs.push_back(LogProb(tokens, t, tokens[t]));
      result.push_back(log_probs);
    }
    return result;
  }
  std::vector<std::vector<CalibratedLogProb>> CalibratedTokenLogProbs(std::span<const std::string> texts) override {
    std::vector<std::vector<CalibratedLogProb>> result;
    for (const auto& text : texts) {
      const std::vector<TokenId> tokens = Encode(text);
      std::vector<CalibratedLogProb> scored;
      for (std::size_t t = 0; t < tokens.size(); ++t) {
        double mean = 0.0, second_moment = 0.0;
        for (TokenId token = 0; token < kVocabulary; ++token) {
          const double log_prob = LogProb(tokens, t, token);
          mean += std::exp(log_prob) * log_prob;
          second_moment += std::exp(log_prob) * log_prob * log_prob;
        }
        scored.push_back({LogProb(tokens, t, tokens[t]), mean, std::max(0.0, second_moment - mean * mean)});
      }
      result.push_back(scored);
    }
    return result;
  }
  std::vector<double> ContinuationLogLikelihoods(const std::string& prefix,
                                                 std::span<const std::string> continuations) override {
    std::vector<double> result;
    for (const auto& continuation : continuations) {
      const std::vector<TokenId> tokens = Encode(prefix + continuation);
      double total = 0.0;
      for (std::size_t t = prefix.size(); t < tokens.size(); ++t) total += LogProb(tokens, t, tokens[t]);
      result.push_back(total);
    }
    return result;
  }
  std::vector<std::vector<TokenId>> GreedyContinuations(std::span<const std::vector<TokenId>> prefixes,
                                                        std::size_t max_new_tokens) override {
    return Continue(prefixes, max_new_tokens, [&](const std::vector<double>& probabilities) {
      return static_cast<TokenId>(std::max_element(probabilities.begin(), probabilities.end()) -
                                  probabilities.begin());
    });
  }
  std::vector<std::vector<TokenId>> SampledContinuations(std::span<const std::vector<TokenId>> prefixes,
                                                         std::size_t max_new_tokens, double temperature,
                                                         uint64_t seed) override {
    std::mt19937_64 generator(seed);
    return Continue(prefixes, max_new_tokens, [&](const std::vector<double>& probabilities) {
      std::vector<double> weights;
      for (double p : probabilities) weights.push_back(std::pow(p, 1.0 / temperature));
      return static_cast<TokenId>(std::discrete_distribution<int>(weights.begin(), weights.end())(generator));
    });
  }
  std::vector<std::vector<double>> NextTokenLogProbs(std::span<const std::vector<TokenId>> prefixes) override {
    std::vector<std::vector<double>> result;
    for (const auto& prefix : prefixes) {
      std::vector<double> log_probs(kVocabulary);
      for (TokenId token = 0; token < kVocabulary; ++token) log_probs[token] = LogProb(prefix, prefix.size(), token);
      result.push_back(std::move(log_probs));
    }
    return result;
  }
  std::size_t vocab_size() const override { return kVocabulary; }
  TokenId end_token() const override { return kEnd; }

 private:
  struct Counts {
    std::map<TokenId, double> next;
    double total = 0.0;
  };

  // The `length` tokens before position t as a string key; when fewer precede t, all of them after a start marker.
  static std::string Context(const std::vector<TokenId>& tokens, std::size_t t, std::size_t length) {
    std::string key = t < length ? "\x01" : "";
    for (std::size_t i = t < length ? 0 : t - length; i < t; ++i) key += static_cast<char>(tokens[i]);
    return key;
  }

  // p_n(token) = (count_n(token) + w p_{n-1}(token)) / (count_n + w) from the uniform distribution up to `order`
  // tokens of context, stopping at the first context never seen in training.
  double LogProb(const std::vector<TokenId>& tokens, std::size_t t, TokenId token) const {
    double probability = 1.0 / kVocabulary;
    for (std::size_t length = 0; length <= order_; ++length) {
      const auto found = table_.find(Context(tokens, t, length));
      if (found == table_.end()) break;
      const auto next = found->second.next.find(token);
      const double count = next == found->second.next.end() ? 0.0 : next->second;
      probability = (count + backoff_weight_ * probability) / (found->second.total + backoff_weight_);
    }
    return std::log(probability);
  }

  template <typename Choose>
  std::vector<std::vector<TokenId>> Continue(std::span<const std::vector<TokenId>> prefixes,
                                             std::size_t max_new_tokens, Choose choose) {
    std::vector<std::vector<TokenId>> result;
    for (const auto& prefix : prefixes) {
      std::vector<TokenId> tokens = prefix;
      std::vector<TokenId> generated;
      for (std::size_t step = 0; step < max_new_tokens; ++step) {
        std::vector<double> probabilities(kVocabulary);
        for (TokenId token = 0; token < kVocabulary; ++token) {
          probabilities[token] = std::exp(LogProb(tokens, tokens.size(), token));
        }
        const TokenId next = choose(probabilities);
        if (next == kEnd) break;
        tokens.push_back(next);
        generated.push_back(next);
      }
      result.push_back(generated);
    }
    return result;
  }

  std::size_t order_;
  double backoff_weight_;
  std::unordered_map<std::string, Counts> table_;
};

// An n-gram model whose next-token distributions are memoised by the last `order` tokens (which is all they depend on
// once the prefix is that long): a thousand completions in a second.
class MemoisedNgramModel : public NgramModel {
 public:
  MemoisedNgramModel(const std::vector<std::string>& texts, std::size_t order)
      : NgramModel(texts, order), order_(order) {}
  std::vector<std::vector<double>> NextTokenLogProbs(std::span<const std::vector<TokenId>> prefixes) override {
    std::vector<std::vector<double>> result;
    for (const std::vector<TokenId>& prefix : prefixes) {
      const std::vector<TokenId> key(prefix.end() - static_cast<std::ptrdiff_t>(std::min(order_, prefix.size())),
                                     prefix.end());
      auto [entry, inserted] = cache_.try_emplace(key);
      if (inserted) entry->second = NgramModel::NextTokenLogProbs(std::span(&prefix, 1))[0];
      result.push_back(entry->second);
    }
    return result;
  }

 private:
  std::size_t order_;
  std::map<std::vector<TokenId>, std::vector<double>> cache_;
};

// A language model whose next-token logits are what a transformer's output layer computes, W (gamma * n + beta) + b,
// where n, a layer norm's output (mean 0, norm sqrt(width)), is seeded by the context. Centred over the vocabulary,
// its log-probabilities span exactly `width` dimensions: the layer norm's mean removes one, the bias adds one. Its
// other scores are those of an n-gram model that saw no text.
class LowRankLanguageModel : public NgramModel {
 public:
  LowRankLanguageModel(int width, std::uint64_t seed)
      : NgramModel({}, 0), weights_(kVocabulary, width), bias_(kVocabulary), gamma_(width), beta_(width) {
    std::mt19937_64 random(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    for (int r = 0; r < kVocabulary; ++r) {
      for (int c = 0; c < width; ++c) weights_(r, c) = normal(random) * 0.5;
      bias_(r) = normal(random);
    }
    for (int c = 0; c < width; ++c) {
      gamma_(c) = 1.0 + 0.1 * normal(random);
      beta_(c) = 0.1 * normal(random);
    }
  }

  std::vector<std::vector<double>> NextTokenLogProbs(std::span<const std::vector<TokenId>> prefixes) override {
    std::vector<std::vector<double>> result;
    for (const auto& prefix : prefixes) {
      std::mt19937_64 random(std::hash<std::string>{}(std::string(prefix.begin(), prefix.end())));
      std::normal_distribution<double> normal(0.0, 1.0);
      Eigen::VectorXd hidden(gamma_.size());
      for (Eigen::Index c = 0; c < hidden.size(); ++c) hidden(c) = normal(random);
      hidden.array() -= hidden.mean();
      hidden *= std::sqrt(static_cast<double>(hidden.size())) / hidden.norm();
      const Eigen::VectorXd logits = weights_ * (gamma_.cwiseProduct(hidden) + beta_) + bias_;
      const double top = logits.maxCoeff();
      const Eigen::VectorXd log_probs = logits.array() - (top + std::log((logits.array() - top).exp().sum()));
      result.emplace_back(log_probs.data(), log_probs.data() + log_probs.size());
    }
    return result;
  }

  // [W b], row-major, a row per token id: the span a last-layer extraction should recover.
  std::vector<double> OutputLayer() const {
    std::vector<double> layer;
    for (Eigen::Index r = 0; r < weights_.rows(); ++r) {
      for (Eigen::Index c = 0; c < weights_.cols(); ++c) layer.push_back(weights_(r, c));
      layer.push_back(bias_(r));
    }
    return layer;
  }
  std::size_t width() const { return static_cast<std::size_t>(gamma_.size()); }

 private:
  Eigen::MatrixXd weights_;
  Eigen::VectorXd bias_, gamma_, beta_;
};

// Random lower-case "sentences" of dictionary-free words: no two share a long substring by chance.
inline std::vector<std::string> RandomTexts(std::size_t count, std::size_t words, uint64_t seed) {
  std::mt19937_64 generator(seed);
  std::uniform_int_distribution<int> letter('a', 'z');
  std::uniform_int_distribution<int> length(2, 7);
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < count; ++i) {
    std::string text;
    for (std::size_t w = 0; w < words; ++w) {
      if (w > 0) text += ' ';
      const int letters = length(generator);
      for (int c = 0; c < letters; ++c) text += static_cast<char>(letter(generator));
    }
    texts.push_back(text + ".");
  }
  return texts;
}

}  // namespace leakgate::audit::testing
