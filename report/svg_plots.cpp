#include "report/svg_plots.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "report/format.h"

namespace leakgate::report {

namespace {

// The plotting area inside an SVG of kWidth x kHeight, leaving margins for axis labels.
constexpr double kWidth = 560, kHeight = 380;
constexpr double kLeft = 64, kRight = 16, kTop = 16, kBottom = 52;
constexpr double kPlotWidth = kWidth - kLeft - kRight, kPlotHeight = kHeight - kTop - kBottom;
const char* const kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"};

std::string Num(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

std::string Open(const std::string& label) {
  return "<svg viewBox=\"0 0 " + Num(kWidth) + " " + Num(kHeight) + "\" width=\"" + Num(kWidth) + "\" height=\"" +
         Num(kHeight) + "\" role=\"img\" aria-label=\"" + EscapeMarkup(label) +
         "\" font-family=\"sans-serif\" font-size=\"12\">\n" + "<rect x=\"" + Num(kLeft) + "\" y=\"" + Num(kTop) +
         "\" width=\"" + Num(kPlotWidth) + "\" height=\"" + Num(kPlotHeight) + "\" fill=\"#fff\" stroke=\"#444\"/>\n";
}

std::string Text(double x, double y, const std::string& text, const char* anchor, const std::string& extra = "") {
  return "<text x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" text-anchor=\"" + anchor + "\"" + extra + ">" +
         EscapeMarkup(text) + "</text>\n";
}

std::string Line(double x1, double y1, double x2, double y2, const char* style) {
  return "<line x1=\"" + Num(x1) + "\" y1=\"" + Num(y1) + "\" x2=\"" + Num(x2) + "\" y2=\"" + Num(y2) + "\" " + style +
         "/>\n";
}

std::string AxisTitles(const std::string& x_title, const std::string& y_title) {
  return Text(kLeft + kPlotWidth / 2, kHeight - 10, x_title, "middle") +
         Text(16, kTop + kPlotHeight / 2, y_title, "middle",
              " transform=\"rotate(-90 16 " + Num(kTop + kPlotHeight / 2) + ")\"");
}

std::string Legend(const std::vector<std::pair<std::string, std::string>>& entries, double x, double y) {
  std::string svg;
  for (size_t i = 0; i < entries.size(); ++i) {
    const double row = y + 16.0 * static_cast<double>(i);
    svg += "<rect x=\"" + Num(x) + "\" y=\"" + Num(row - 9) + "\" width=\"14\" height=\"10\" fill=\"" +
           entries[i].second + "\"/>\n";
    svg += Text(x + 20, row, entries[i].first, "start");
  }
  return svg;
}

}  // namespace

std::string RocCurveSvg(const std::vector<RocSeries>& series, double min_fpr) {
  const double log_min = std::log10(min_fpr);
  auto x_of = [&](double fpr) { return kLeft + (std::log10(fpr) - log_min) / -log_min * kPlotWidth; };
  auto y_of = [&](double tpr) { return kTop + (1.0 - tpr) * kPlotHeight; };
  std::string svg = Open("ROC curves of the membership-inference attacks, log-scale false-positive rate");
  for (int decade = static_cast<int>(std::ceil(log_min)); decade <= 0; ++decade) {
    const double x = x_of(std::pow(10.0, decade));
    svg += Line(x, kTop, x, kTop + kPlotHeight, "stroke=\"#ddd\"");
    svg += Text(x, kTop + kPlotHeight + 16, decade == 0 ? "1" : "1e" + std::to_string(decade), "middle");
  }
  for (int tenth = 0; tenth <= 10; tenth += 2) {
    const double y = y_of(tenth / 10.0);
    svg += Line(kLeft, y, kLeft + kPlotWidth, y, "stroke=\"#ddd\"");
    svg += Text(kLeft - 6, y + 4, FormatNumber(tenth / 10.0), "end");
  }
  // Random guessing, TPR = FPR, is a curve on the log axis.
  std::string guess;
  for (int step = 0; step <= 60; ++step) {
    const double fpr = std::pow(10.0, log_min * (1.0 - step / 60.0));
    guess += (step ? " " : "") + Num(x_of(fpr)) + "," + Num(y_of(fpr));
  }
  svg += "<polyline points=\"" + guess + "\" fill=\"none\" stroke=\"#888\" stroke-dasharray=\"5 4\"/>\n";
  std::vector<std::pair<std::string, std::string>> legend;
  for (size_t s = 0; s < series.size(); ++s) {
    const char* color = kPalette[s % std::size(kPalette)];
    std::string points;
    for (size_t i = 0; i < series[s].fpr.size() && i < series[s].tpr.size(); ++i) {
      if (series[s].fpr[i] < min_fpr) continue;
      points += (points.empty() ? "" : " ") + Num(x_of(series[s].fpr[i])) + "," + Num(y_of(series[s].tpr[i]));
    }
    svg += "<polyline points=\"" + points + "\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\"/>\n";
    legend.emplace_back(series[s].label, color);
  }
  legend.emplace_back("random guess", "#888");
  svg += Legend(legend, kLeft + 12, kTop + 18);
  svg += AxisTitles("false-positive rate (non-members accused), log scale", "true-positive rate (members found)");
  return svg + "</svg>\n";
}

std::string LossHistogramSvg(const LossHistogram& histogram) {
  const size_t bins = std::min({histogram.members.size(), histogram.non_members.size(),
                                histogram.bin_edges.empty() ? size_t{0} : histogram.bin_edges.size() - 1});
  std::string svg = Open("Histogram of per-example loss for training members and non-members");
  if (bins == 0) return svg + "</svg>\n";
  auto normalised = [&](const std::vector<double>& counts) {
    double total = 0;
    for (size_t i = 0; i < bins; ++i) total += counts[i];
    std::vector<double> shares(bins, 0.0);
    for (size_t i = 0; i < bins && total > 0; ++i) shares[i] = counts[i] / total;
    return shares;
  };
  const auto members = normalised(histogram.members);
  const auto non_members = normalised(histogram.non_members);
  const double top = std::max(*std::max_element(members.begin(), members.end()),
                              *std::max_element(non_members.begin(), non_members.end()));
  const double low = histogram.bin_edges.front(), high = histogram.bin_edges[bins];
  auto x_of = [&](double loss) { return kLeft + (loss - low) / (high - low) * kPlotWidth; };
  auto y_of = [&](double share) { return kTop + (1.0 - share / (top > 0 ? top : 1.0)) * kPlotHeight; };
  for (int tick = 0; tick <= 4; ++tick) {
    const double share = top * tick / 4.0;
    svg += Line(kLeft, y_of(share), kLeft + kPlotWidth, y_of(share), "stroke=\"#ddd\"");
    svg += Text(kLeft - 6, y_of(share) + 4, FormatPercent(share, 2), "end");
  }
  for (int tick = 0; tick <= 5; ++tick) {
    const double loss = low + (high - low) * tick / 5.0;
    svg += Text(x_of(loss), kTop + kPlotHeight + 16, FormatNumber(loss), "middle");
  }
  auto bars = [&](const std::vector<double>& shares, const char* color) {
    std::string rects;
    for (size_t i = 0; i < bins; ++i) {
      const double x = x_of(histogram.bin_edges[i]), width = x_of(histogram.bin_edges[i + 1]) - x;
      rects += "<rect x=\"" + Num(x) + "\" y=\"" + Num(y_of(shares[i])) + "\" width=\"" + Num(width) + "\" height=\"" +
               Num(kTop + kPlotHeight - y_of(shares[i])) + "\" fill=\"" + color + "\" fill-opacity=\"0.5\"/>\n";
    }
    return rects;
  };
  svg += bars(non_members, kPalette[0]);
  svg += bars(members, kPalette[1]);
  svg += Legend({{"members (trained on)", kPalette[1]}, {"non-members (held out)", kPalette[0]}},
                kLeft + kPlotWidth - 190, kTop + 18);
  svg += AxisTitles("per-example loss", "share of the group");
  return svg + "</svg>\n";
}

std::string CloningFidelitySvg(const std::vector<FidelitySeries>& series) {
  double low = 0, high = 0;
  for (const auto& line : series) {
    for (const double budget : line.budgets) {
      if (budget <= 0) continue;
      low = low > 0 ? std::min(low, budget) : budget;
      high = std::max(high, budget);
    }
  }
  std::string svg = Open("Cloning fidelity against the query budget, one line per output policy, log-scale budget");
  if (low <= 0) return svg + "</svg>\n";
  // Half a step of margin on the log axis either side, so the end points' error bars stay inside.
  const double log_low = std::floor(std::log10(low) * 4) / 4 - 0.1, log_high = std::log10(high) + 0.1;
  auto x_of = [&](double budget) { return kLeft + (std::log10(budget) - log_low) / (log_high - log_low) * kPlotWidth; };
  auto y_of = [&](double fidelity) { return kTop + (1.0 - fidelity) * kPlotHeight; };
  for (int tenth = 0; tenth <= 10; tenth += 2) {
    const double y = y_of(tenth / 10.0);
    svg += Line(kLeft, y, kLeft + kPlotWidth, y, "stroke=\"#ddd\"");
    svg += Text(kLeft - 6, y + 4, FormatPercent(tenth / 10.0, 2), "end");
  }
  std::vector<double> ticks;
  for (const auto& line : series) ticks.insert(ticks.end(), line.budgets.begin(), line.budgets.end());
  std::sort(ticks.begin(), ticks.end());
  ticks.erase(std::unique(ticks.begin(), ticks.end()), ticks.end());
  for (const double budget : ticks) {
    if (budget <= 0) continue;
    svg += Line(x_of(budget), kTop, x_of(budget), kTop + kPlotHeight, "stroke=\"#eee\"");
    svg += Text(x_of(budget), kTop + kPlotHeight + 16, FormatNumber(budget, 12), "middle");
  }
  std::vector<std::pair<std::string, std::string>> legend;
  for (size_t s = 0; s < series.size(); ++s) {
    const char* color = kPalette[s % std::size(kPalette)];
    const FidelitySeries& line = series[s];
    const size_t count = std::min({line.budgets.size(), line.fidelity.size(), line.lower.size(), line.upper.size()});
    std::string points;
    std::string bars;
    for (size_t i = 0; i < count; ++i) {
      if (line.budgets[i] <= 0) continue;
      const double x = x_of(line.budgets[i]);
      points += (points.empty() ? "" : " ") + Num(x) + "," + Num(y_of(line.fidelity[i]));
      const std::string stroke = "stroke=\"" + std::string(color) + "\" stroke-width=\"1.5\"";
      bars += Line(x, y_of(line.lower[i]), x, y_of(line.upper[i]), stroke.c_str());
      bars += Line(x - 4, y_of(line.lower[i]), x + 4, y_of(line.lower[i]), stroke.c_str());
      bars += Line(x - 4, y_of(line.upper[i]), x + 4, y_of(line.upper[i]), stroke.c_str());
    }
    svg += "<polyline points=\"" + points + "\" fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\"/>\n" + bars;
    legend.emplace_back(line.label, color);
  }
  svg += Legend(legend, kLeft + kPlotWidth - 150, kTop + kPlotHeight - 16.0 * static_cast<double>(legend.size()));
  svg += AxisTitles("queries the adversary made (log scale)", "fidelity (agreement with the model)");
  return svg + "</svg>\n";
}

}  // namespace leakgate::report
