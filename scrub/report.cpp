#include "scrub/report.h"

#include <algorithm>

#include "scrub/name_tagger.h"

namespace leakgate::scrub {

const std::vector<SafeHarborIdentifier>& SafeHarborCoverage() {
  static const std::vector<SafeHarborIdentifier> table{
      {1, "Names", "partial", {"NAME"},
       "Gazetteer of common US given names and surnames plus titles and cue words, and a learned name tagger for "
       "names without cues, in capitals or lower case, \"Last, First\" and with diacritics. On hand-written "
       "held-out notes it finds about 90% of names (59-80% of lower-case ones); see docs/BENCHMARKS.md."},
      {2, "Geographic subdivisions smaller than a state", "partial", {"ADDRESS", "ZIP"},
       "Street addresses as the US, Britain, Ireland, Australia and continental Europe write them, PO boxes, the "
       "towns, district and state that close an address line, US ZIP codes after a state or a ZIP cue, British, "
       "Canadian and Irish postcodes, and other postcodes after a street, a state or a cue word; a city, county or "
       "postcode on its own is not found."},
      {3, "Dates (except year) related to an individual, and ages over 89", "auto", {"DATE", "AGE"},
       "Numeric and month-name dates that exist in the calendar (month names in any case and in several languages, "
       "weekdays with a day, days written in words, Hijri dates in Latin letters), a month and year, a day and month "
       "without a year after a word such as 'on', and ages 90-124 stated as years old, y/o or aged; a year alone is "
       "kept, as Safe Harbor allows."},
      {4, "Telephone numbers", "auto", {"PHONE"},
       "North American numbers with separators, E.164 international numbers, national numbers with a trunk 0 in "
       "two or more groups, mobiles with a trunk 0 and no separators, bracketed area codes, toll-free numbers with "
       "letters, local numbers with an extension, and, after a phone cue, 10-digit numbers, numbers in groups, "
       "seven-digit local numbers and numbers read out in words."},
      {5, "Fax numbers", "auto", {"PHONE"}, "Found like telephone numbers (same formats), reported as PHONE."},
      {6, "Email addresses", "auto", {"EMAIL"}, "Any local@domain.tld address."},
      {7, "Social Security numbers", "auto", {"SSN"},
       "NNN-NN-NNNN with the SSA area/group/serial rules, and 9 digits or spaced forms after an SSN cue."},
      {8, "Medical record numbers", "partial", {"MRN"},
       "Only after a cue such as MRN, MR#, medical record number, chart number or patient ID."},
      {9, "Health plan beneficiary numbers", "partial", {"HEALTH_PLAN"},
       "Only after a cue such as member ID, policy number, insurance, Medicare or Medicaid."},
      {10, "Account numbers", "partial", {"ACCOUNT", "CREDIT_CARD", "IBAN"},
       "Payment cards (issuer prefix and Luhn) and IBANs (mod-97) anywhere; other account numbers only after an "
       "account cue."},
      {11, "Certificate/license numbers", "partial", {"LICENSE"},
       "Only after a cue such as license, DL, DEA, NPI, certificate or permit, with at least three digits."},
      {12, "Vehicle identifiers and serial numbers, including license plates", "partial", {"VIN", "PLATE"},
       "VINs with a valid check digit anywhere; plates only after a plate cue."},
      {13, "Device identifiers and serial numbers", "partial", {"DEVICE_ID"},
       "Serials after a cue such as serial number, S/N, device ID, UDI or IMEI, and MAC addresses anywhere."},
      {14, "Web URLs", "auto", {"URL"}, "http(s)/ftp URLs and www. addresses; a bare domain name is not found."},
      {15, "IP addresses", "auto", {"IP_ADDRESS"},
       "IPv4 with valid octets and IPv6 in any form inet_pton accepts."},
      {16, "Biometric identifiers, including finger and voice prints", "not detected", {},
       "Biometric data is not text; descriptions of it are not recognised."},
      {17, "Full-face photographs and comparable images", "not detected", {},
       "leakgate scrubs text only; images must be removed before."},
      {18, "Any other unique identifying number, characteristic or code", "partial", {},
       "Only what user patterns in hygiene.scrub.user_patterns describe."},
  };
  return table;
}

void ScrubStats::Add(std::size_t input_bytes, const ScrubbedText& result) {
  ++records_in;
  bytes_in += input_bytes;
  if (result.dropped) ++records_dropped;
  else ++records_out;
  if (!result.findings.empty()) ++records_with_findings;
  for (const Finding& finding : result.findings) ++findings_per_type[finding.type];
  for (const Finding& finding : result.residual) ++residual_per_type[finding.type];
}

uint64_t ScrubStats::residual_total() const {
  uint64_t total = 0;
  for (const auto& [type, count] : residual_per_type) total += count;
  return total;
}

uint64_t ScrubStats::findings_total() const {
  uint64_t total = 0;
  for (const auto& [type, count] : findings_per_type) total += count;
  return total;
}

nlohmann::ordered_json ScrubReportJson(const ScrubStats& stats, const Scrubber& scrubber) {
  const ScrubConfig& config = scrubber.config();
  nlohmann::ordered_json json;
  json["records_in"] = stats.records_in;
  json["records_out"] = stats.records_out;
  json["records_dropped"] = stats.records_dropped;
  json["records_with_findings"] = stats.records_with_findings;
  json["bytes_in"] = stats.bytes_in;
  json["findings_total"] = stats.findings_total();
  json["findings_per_type"] = stats.findings_per_type;
  json["residual_scan"] = config.residual_scan;
  json["residual_total"] = stats.residual_total();
  json["residual_per_type"] = stats.residual_per_type;
  nlohmann::ordered_json operators;
  operators["default"] = OperatorName(config.default_operator.kind);
  for (const auto& [type, spec] : config.operator_overrides) operators[type] = OperatorName(spec.kind);
  json["operators"] = operators;
  bool uses_hmac = config.default_operator.kind == OperatorKind::kHmac;
  for (const auto& [type, spec] : config.operator_overrides) uses_hmac |= spec.kind == OperatorKind::kHmac;
  if (uses_hmac) json["hmac_key_env"] = config.hmac_key_env;
  json["entity_types"] = scrubber.ActiveTypes();
  json["min_score"] = config.min_score;
  const std::vector<std::string> types = scrubber.ActiveTypes();
  const bool names = std::find(types.begin(), types.end(), "NAME") != types.end();
  json["name_model"] = {{"enabled", config.name_model && names}, {"sha256", NameTagger::ShippedDigest()}};
  nlohmann::ordered_json coverage = nlohmann::ordered_json::array();
  for (const SafeHarborIdentifier& id : SafeHarborCoverage()) {
    coverage.push_back({{"number", id.number},
                        {"identifier", id.identifier},
                        {"coverage", id.coverage},
                        {"entity_types", id.types},
                        {"note", id.note}});
  }
  json["hipaa_safe_harbor_coverage"] = coverage;
  return json;
}

}  // namespace leakgate::scrub
