// Text helpers every report format shares: numbers for people, escaping for HTML/XML and Markdown, redaction.
#pragma once

#include <string>
#include <string_view>

namespace leakgate::report {

// With `significant` digits, no exponent between 1e-4 and 1e6 ("0.0012", "55.3", "1.2e-07").
std::string FormatNumber(double value, int significant = 3);
// A fraction as a percentage with `significant` digits: 0.0123 -> "1.23%".
std::string FormatPercent(double fraction, int significant = 3);

// Escapes & < > " ' for HTML and XML text and attributes, and replaces the control characters XML 1.0 forbids
// (everything below 0x20 except tab, newline and carriage return) by U+FFFD.
std::string EscapeMarkup(std::string_view text);

// For a Markdown table cell: & < > as entities (GitHub renders raw HTML), Markdown syntax characters and '|'
// backslash-escaped, line breaks turned into spaces.
std::string EscapeMarkdownCell(std::string_view text);

// What a report shows in place of a sample (memorised text, a canary, PII) when samples are redacted: the length
// only. No hash, since short secrets such as a 9-digit code could be recovered from an unsalted hash by brute force.
std::string RedactSample(std::string_view text);

}  // namespace leakgate::report
