// Inline SVG charts for report.html (no scripts, no external resources): ROC curves on a log-scale FPR axis,
// member / non-member loss histograms, and cloning fidelity against a log-scale query budget.
#pragma once

#include <string>
#include <vector>

namespace leakgate::report {

struct RocSeries {
  std::string label;        // the attack's name
  std::vector<double> fpr;  // ascending
  std::vector<double> tpr;
};

// FPR from min_fpr (> 0) to 1 on a log10 axis, TPR 0..1 linear, with the random-guess curve TPR = FPR and a legend.
// Points with FPR < min_fpr are left out.
std::string RocCurveSvg(const std::vector<RocSeries>& series, double min_fpr);

struct LossHistogram {
  std::vector<double> bin_edges;    // k + 1 ascending edges
  std::vector<double> members;      // k counts
  std::vector<double> non_members;  // k counts
};

// The two histograms overlaid, each normalised to its own total so different group sizes compare.
std::string LossHistogramSvg(const LossHistogram& histogram);

struct FidelitySeries {
  std::string label;            // the output policy
  std::vector<double> budgets;  // ascending, > 0
  std::vector<double> fidelity;
  std::vector<double> lower;  // confidence interval, drawn as error bars
  std::vector<double> upper;
};

// Fidelity 0..1 against the query budget on a log10 axis, one line with error bars per policy, and a legend.
std::string CloningFidelitySvg(const std::vector<FidelitySeries>& series);

}  // namespace leakgate::report
