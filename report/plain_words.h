// Sentences that explain the verdict and the privacy guarantee to a reader who is not a privacy researcher.
#pragma once

#include <string>
#include <vector>

#include "report/gate.h"

namespace leakgate::report {

// "The release gate PASSED: all 10 checks passed." and the like, naming failures first.
std::string VerdictSentence(const GateResult& result);

// What the accountant's (epsilon, delta) means, a few sentences from privacy.json: whom it protects (one person or
// one training example), the likelihood ratio e^epsilon, the best confidence an attacker starting at 50/50 can
// reach, the TPR ceiling at 1% FPR, what epsilon covers, and (from dataset_ledger.json) the budget every training
// on the dataset has spent. Training without DP, seeded noise, or no privacy.json gets sentences saying so.
std::vector<std::string> PrivacyInPlainWords(const Document& privacy, const Document& ledger);

}  // namespace leakgate::report
