// Sentences that explain the verdict and the privacy guarantee to a reader who is not a privacy researcher.
#pragma once

#include <string>
#include <vector>

#include "pipeline/report/gate.h"

namespace leakgate::pipeline {

// "The release gate PASSED: all 10 checks passed." and the like, naming failures first.
std::string VerdictSentence(const GateResult& result);

// What the accountant's (epsilon, delta) means, a few sentences from privacy.json: the likelihood ratio e^epsilon,
// the best confidence an attacker starting at 50/50 can reach, and the TPR ceiling at 1% FPR. Training without DP,
// or no privacy.json, gets a sentence saying so.
std::vector<std::string> PrivacyInPlainWords(const Document& privacy);

}  // namespace leakgate::pipeline
