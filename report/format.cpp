#include "report/format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace leakgate::report {

std::string FormatNumber(double value, int significant) {
  if (!std::isfinite(value)) return std::isnan(value) ? "NaN" : (value > 0 ? "infinite" : "-infinite");
  char text[64];
  const double magnitude = std::fabs(value);
  if (value == 0.0 || (magnitude >= 1e-4 && magnitude < 1e6)) {
    // Fixed notation with as many decimals as the significant digits need, trailing zeros dropped.
    const int integer_digits = value == 0.0 ? 1 : static_cast<int>(std::floor(std::log10(magnitude))) + 1;
    const int decimals = std::max(0, significant - integer_digits);
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    std::string result = text;
    if (result.find('.') != std::string::npos) {
      while (result.back() == '0') result.pop_back();
      if (result.back() == '.') result.pop_back();
    }
    return result == "-0" ? "0" : result;
  }
  std::snprintf(text, sizeof text, "%.*g", significant, value);
  return text;
}

std::string FormatPercent(double fraction, int significant) {
  return FormatNumber(fraction * 100.0, significant) + "%";
}

std::string EscapeMarkup(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          escaped += "\xEF\xBF\xBD";
        } else {
          escaped += c;
        }
    }
  }
  return escaped;
}

std::string EscapeMarkdownCell(std::string_view text) {
  std::string escaped;
  for (const char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '\n':
      case '\r':
        escaped += ' ';
        break;
      case '|':
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
        escaped += '\\';
        escaped += c;
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string RedactSample(std::string_view text) {
  size_t characters = 0;
  for (const char c : text) characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return "[redacted: " + std::to_string(characters) + " characters]";
}

}  // namespace leakgate::report
