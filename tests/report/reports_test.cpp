// The report files from fixture run directories: schema validity, JUnit structure, Markdown and HTML content,
// escaping, redaction and the choice of formats.
#include "report/reports.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <vector>

#include "tests/report/fixtures.h"
#include "tests/report/schema_validator.h"

namespace leakgate::report {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::ReadFile;

json Schema() { return json::parse(ReadFile(LEAKGATE_REPORT_SCHEMA)); }

std::string Joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

size_t Occurrences(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++count;
  return count;
}

// Well-formedness for the XML we write: every tag closes in order, attributes are quoted, '&' starts an entity.
std::string XmlProblem(const std::string& xml) {
  std::vector<std::string> open;
  size_t i = xml.rfind("?>", 100);
  if (xml.rfind("<?xml", 0) != 0 || i == std::string::npos) return "no XML declaration";
  for (i += 2; i < xml.size(); ++i) {
    if (xml[i] == '&') {
      static const std::regex entity("^&(amp|lt|gt|quot|#39);");
      if (!std::regex_search(xml.substr(i, 8), entity)) return "bare & at " + std::to_string(i);
    }
    if (xml[i] != '<') continue;
    const size_t end = xml.find('>', i);
    if (end == std::string::npos) return "unclosed tag";
    std::string tag = xml.substr(i + 1, end - i - 1);
    if (tag.find('<') != std::string::npos) return "'<' inside a tag";
    if (Occurrences(tag, "\"") % 2 != 0) return "unbalanced quotes in <" + tag + ">";
    const bool closing = tag[0] == '/', self_closing = tag.back() == '/';
    const std::string name = tag.substr(closing, tag.find_first_of(" /", closing) - closing);
    if (closing) {
      if (open.empty() || open.back() != name) return "</" + name + "> closes nothing open";
      open.pop_back();
    } else if (!self_closing) {
      open.push_back(name);
    }
    i = end;
  }
  return open.empty() ? "" : "<" + open.back() + "> never closed";
}

class ReportFiles : public ::testing::Test {
 protected:
  static GateResult Evaluate(const std::filesystem::path& dir) { return EvaluateGate(dir, GateConfig{}); }
};

TEST_F(ReportFiles, WritesEveryConfiguredFormat) {
  const auto dir = testing::WriteRunDirectory("all_formats", true);
  WriteReports(dir, Evaluate(dir), ReportConfig{});
  for (const char* name : {"report.json", "report.md", "report.html", "junit.xml"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / name)) << name;
  }
  const auto only = testing::WriteRunDirectory("two_formats", true);
  ReportConfig config;
  config.formats = {"md", "junit"};
  WriteReports(only, Evaluate(only), config);
  EXPECT_TRUE(std::filesystem::exists(only / "report.md"));
  EXPECT_TRUE(std::filesystem::exists(only / "junit.xml"));
  EXPECT_FALSE(std::filesystem::exists(only / "report.json"));
  EXPECT_FALSE(std::filesystem::exists(only / "report.html"));
}

TEST_F(ReportFiles, ReportJsonValidatesAgainstTheSchema) {
  const json schema = Schema();
  for (const bool private_training : {true, false}) {
    const auto dir = testing::WriteRunDirectory(private_training ? "schema_pass" : "schema_fail", private_training);
    WriteReports(dir, Evaluate(dir), ReportConfig{});
    const json report = json::parse(ReadFile(dir / "report.json"));
    EXPECT_EQ(report["schema_version"], kReportSchemaVersion);
    EXPECT_EQ(report["verdict"], private_training ? "pass" : "fail");
    EXPECT_EQ(Joined(testing::ValidateAgainstSchema(report, schema)), "") << "private_training=" << private_training;
  }
  // A run with no documents at all: every section null, still valid.
  const auto empty = testing::FreshDirectory("schema_empty");
  WriteReports(empty, Evaluate(empty), ReportConfig{});
  const json report = json::parse(ReadFile(empty / "report.json"));
  EXPECT_TRUE(report["privacy"].is_null());
  EXPECT_TRUE(report["hygiene"].is_null());
  EXPECT_EQ(Joined(testing::ValidateAgainstSchema(report, schema)), "");
}

TEST_F(ReportFiles, TheSchemaValidatorRejectsBrokenReports) {
  const json schema = Schema();
  const json good = ReportJson(EvaluateGate(testing::Documents(true), GateConfig{}), ReportConfig{});
  ASSERT_EQ(Joined(testing::ValidateAgainstSchema(good, schema)), "");
  json missing = good;
  missing.erase("verdict");
  EXPECT_THAT(Joined(testing::ValidateAgainstSchema(missing, schema)), HasSubstr("required property \"verdict\""));
  json bad_status = good;
  bad_status["checks"][2]["status"] = "maybe";
  EXPECT_THAT(Joined(testing::ValidateAgainstSchema(bad_status, schema)), HasSubstr("/checks/2/status"));
  json extra = good;
  extra["hygiene"]["surprise"] = 1;
  EXPECT_THAT(Joined(testing::ValidateAgainstSchema(extra, schema)), HasSubstr("oneOf"));
  json bad_sha = good;
  bad_sha["provenance"]["inputs"]["x"] = "not a hash";
  EXPECT_THAT(Joined(testing::ValidateAgainstSchema(bad_sha, schema)), HasSubstr("/provenance/inputs/x"));
}

TEST_F(ReportFiles, JunitHasOneTestCasePerCheckWithFailuresAndSkips) {
  const auto dir = testing::WriteRunDirectory("junit_fail", false);
  const GateResult result = Evaluate(dir);
  ReportConfig config;
  config.formats = {"junit"};
  WriteReports(dir, result, config);
  const std::string xml = ReadFile(dir / "junit.xml");
  EXPECT_EQ(XmlProblem(xml), "");
  EXPECT_EQ(Occurrences(xml, "<testcase "), result.checks.size());
  EXPECT_EQ(Occurrences(xml, "<failure "), static_cast<size_t>(result.Count(CheckStatus::kFail)));
  EXPECT_GE(result.Count(CheckStatus::kFail), 6);
  EXPECT_THAT(xml, HasSubstr("tests=\"13\" failures=\"" + std::to_string(result.Count(CheckStatus::kFail)) + "\""));
  EXPECT_THAT(xml, HasSubstr("name=\"mia_auc\""));

  const auto empty = testing::FreshDirectory("junit_empty");
  WriteReports(empty, Evaluate(empty), config);
  const std::string skipped = ReadFile(empty / "junit.xml");
  EXPECT_EQ(XmlProblem(skipped), "");
  EXPECT_EQ(Occurrences(skipped, "<skipped "), 13u);
  EXPECT_EQ(Occurrences(skipped, "<failure "), 0u);
}

TEST_F(ReportFiles, ClassifierRunReportsCloningAndNotApplicableChecksInEveryFormat) {
  const auto dir = testing::WriteClassifierRunDirectory("classifier", false);
  const GateResult result = Evaluate(dir);
  WriteReports(dir, result, ReportConfig{});

  const json report = json::parse(ReadFile(dir / "report.json"));
  EXPECT_EQ(Joined(testing::ValidateAgainstSchema(report, Schema())), "");
  EXPECT_EQ(report["task"], "classifier");
  EXPECT_EQ(report["summary"]["not_applicable"], 1);
  EXPECT_THAT(report["verdict_sentence"].get<std::string>(), HasSubstr("all 12 applicable checks passed"));
  const json& clone = report["clone"];
  // Three serving policies, then the adversary's own labels.
  ASSERT_EQ(clone["policies"].size(), 4u);
  EXPECT_EQ(clone["policies"][3]["policy"], "own_labels");
  EXPECT_EQ(clone["serving"], (json{{"policy", "label"}, {"budget", 200}}));
  EXPECT_EQ(clone["policies"][2]["policy"], "label");
  EXPECT_EQ(clone["policies"][2]["points"].size(), 3u);
  EXPECT_EQ(clone["policies"][2]["points"][2]["budget"], 800);
  // label-only answers reach 0.8 - 0.3 * 50 / 800 = 78.1% at the largest budget, probabilities 93.1%.
  EXPECT_EQ(clone["sentence"].get<std::string>(),
            "Cloning is most expensive when the model returns only label answers: with the largest budget of 800 "
            "queries the adversary's substitute agrees with the model on 78.1% (74.1%\xE2\x80\x93" "81.1%) of held-out "
            "records, against 93.1% with probabilities answers.");

  const std::string md = ReadFile(dir / "report.md");
  EXPECT_THAT(md, HasSubstr("### Model cloning"));
  EXPECT_THAT(md, HasSubstr("| label | 800 | 78.1% (74.1%\xE2\x80\x93" "81.1%) |"));
  EXPECT_THAT(md, HasSubstr("not applicable"));

  const std::string html = ReadFile(dir / "report.html");
  EXPECT_THAT(html, HasSubstr("<h2>Model cloning</h2>"));
  EXPECT_THAT(html, HasSubstr("aria-label=\"Cloning fidelity against the query budget"));
  EXPECT_EQ(Occurrences(html, "<span class=\"status not_applicable\">not applicable</span>"), 1u);
  EXPECT_THAT(html, HasSubstr("<p>Not applicable: A classifier answers with labels, not text, so it cannot be prompted "
                              "to repeat a training record.</p>"));
  // One line per policy in the fidelity plot, beside the ROC curves and the random-guess curve.
  const size_t plot = html.find("Cloning fidelity against");
  ASSERT_NE(plot, std::string::npos);
  const std::string svg = html.substr(plot, html.find("</svg>", plot) - plot);
  EXPECT_EQ(Occurrences(svg, "<polyline "), 4u);

  const std::string xml = ReadFile(dir / "junit.xml");
  EXPECT_EQ(XmlProblem(xml), "");
  EXPECT_EQ(Occurrences(xml, "<skipped message=\"not applicable: "), 1u);
  EXPECT_THAT(xml, HasSubstr("failures=\"0\" errors=\"0\" skipped=\"1\""));
}

TEST_F(ReportFiles, CloningSentenceSaysWhenPoliciesDoNotDifferMeasurably) {
  json audit = testing::ClassifierAuditJson(false);
  for (auto& point : audit["clone"]["points"]) point["fidelity"] = 0.9;
  const json clone = CloneReportJson(Document(audit, "audit.json"));
  EXPECT_THAT(clone["sentence"].get<std::string>(),
              HasSubstr("Every serving policy lets the model be cloned equally well: with the largest budget of 800"));
  for (auto& point : audit["clone"]["points"]) {
    point["fidelity"] = point["policy"] == "label" ? 0.85 : 0.9;
    point["fidelity_interval"] = {{"lower", point["fidelity"].get<double>() - 0.06},
                                  {"upper", point["fidelity"].get<double>() + 0.06}};
  }
  EXPECT_THAT(CloneReportJson(Document(audit, "audit.json"))["sentence"].get<std::string>(),
              HasSubstr("only label answers: with the largest budget of 800 queries the adversary's substitute agrees "
                        "with the model on 85% (79%\xE2\x80\x93" "91%) of held-out records, against 90% with "
                        "probabilities answers, a difference within the confidence intervals."));
  EXPECT_TRUE(CloneReportJson(Document(testing::AuditJson(false), "audit.json")).is_null());
}

TEST_F(ReportFiles, XmlCheckerCatchesMalformedXml) {
  EXPECT_NE(XmlProblem("<?xml version=\"1.0\"?>\n<a><b></a></b>"), "");
  EXPECT_NE(XmlProblem("<?xml version=\"1.0\"?>\n<a>fish & chips</a>"), "");
  EXPECT_EQ(XmlProblem("<?xml version=\"1.0\"?>\n<a x=\"1\"><b/>fish &amp; chips</a>"), "");
}

TEST_F(ReportFiles, MarkdownHasVerdictTableAndEpsilonInPlainWords) {
  const std::string pass = ReportMarkdown(EvaluateGate(testing::Documents(true), GateConfig{}));
  EXPECT_THAT(pass, HasSubstr("PASS"));
  EXPECT_THAT(pass, HasSubstr("| Check | Status | Measured | Limit | Why |"));
  EXPECT_EQ(Occurrences(pass, "\n| "), 14u);  // header and thirteen checks
  EXPECT_THAT(pass, HasSubstr("\xCE\xB5 = 3.97"));
  EXPECT_THAT(pass, HasSubstr("at most 98.1% sure"));  // e^3.97 / (1 + e^3.97)
  const std::string fail = ReportMarkdown(EvaluateGate(testing::Documents(false), GateConfig{}));
  EXPECT_THAT(fail, HasSubstr("FAIL"));
  EXPECT_THAT(fail, HasSubstr("WITHOUT differential privacy"));
  EXPECT_THAT(fail, HasSubstr("infinite (no DP)"));
}

TEST_F(ReportFiles, ASeededRunIsLabelledNotDifferentiallyPrivateInEveryFormat) {
  RunDocuments docs = testing::Documents(true);
  json privacy = docs.privacy.json();
  privacy["secure_rng"] = false;
  privacy["differentially_private"] = false;
  privacy["not_dp_reason"] = "privacy.secure_rng is false: noise came from the run seed";
  docs.privacy = Document(privacy, "privacy.json");
  const auto dir = testing::WriteDocumentsDirectory("seeded", docs);
  const GateResult result = Evaluate(dir);
  WriteReports(dir, result, ReportConfig{});
  const json report = json::parse(ReadFile(dir / "report.json"));
  EXPECT_EQ(Joined(testing::ValidateAgainstSchema(report, Schema())), "");
  EXPECT_EQ(report["verdict"], "fail");
  EXPECT_EQ(report["privacy"]["differentially_private"], false);
  EXPECT_THAT(report["privacy"]["plain_words"][0].get<std::string>(), HasSubstr("NOT differentially private"));
  const std::string html = ReadFile(dir / "report.html");
  EXPECT_THAT(html, HasSubstr("NOT DIFFERENTIALLY PRIVATE: privacy.secure_rng is false"));
  EXPECT_THAT(ReadFile(dir / "report.md"), HasSubstr("not DP (seeded noise)"));
  EXPECT_THAT(ReadFile(dir / "junit.xml"), HasSubstr("NOT DIFFERENTIALLY PRIVATE"));
}

TEST_F(ReportFiles, ThePrivacySectionNamesTheUnitWhatEpsilonCoversAndTheDatasetBudget) {
  const std::string record_level = ReportMarkdown(EvaluateGate(testing::Documents(true), GateConfig{}));
  EXPECT_THAT(record_level, HasSubstr("one training example (one record after deduplication and scrubbing; each "
                                      "canary copy counts separately)"));
  EXPECT_THAT(record_level, HasSubstr("group privacy"));
  EXPECT_THAT(record_level, HasSubstr("composes to \xCE\xB5 = 5.2"));
  RunDocuments docs = testing::Documents(true);
  json privacy = docs.privacy.json();
  privacy["privacy_unit"] = "person";
  privacy["covers"] = {"model/weights.pt"};
  privacy["not_covered"] = {"split.json"};
  docs.privacy = Document(privacy, "privacy.json");
  const std::string person_level = ReportMarkdown(EvaluateGate(docs, GateConfig{}));
  EXPECT_THAT(person_level, HasSubstr("The protected unit is one person"));
  EXPECT_THAT(person_level, Not(HasSubstr("group privacy")));
  EXPECT_THAT(person_level, HasSubstr("\xCE\xB5 covers: model/weights.pt."));
  EXPECT_THAT(person_level, HasSubstr("Not covered by \xCE\xB5 (keep these files private): split.json."));
}

TEST_F(ReportFiles, HtmlIsSelfContainedAndShowsTheVerdictAndEverySection) {
  const auto dir = testing::WriteRunDirectory("html_pass", true);
  WriteReports(dir, Evaluate(dir), ReportConfig{});
  const std::string html = ReadFile(dir / "report.html");
  EXPECT_THAT(html, HasSubstr("Release gate: PASS"));
  for (const char* forbidden : {"<script", "src=", "http://", "https://", "url(", "@import", "<link", "<iframe"}) {
    EXPECT_THAT(html, Not(HasSubstr(forbidden))) << forbidden;
  }
  EXPECT_EQ(Occurrences(html, "<svg "), 2u);  // ROC curves and loss histogram
  EXPECT_THAT(html, HasSubstr("log scale"));
  for (const char* section :
       {"The privacy guarantee", "Data hygiene", "Membership inference", "Empirical privacy (one-run audit)",
        "Training-data extraction and canaries", "HIPAA Safe Harbor identifiers", "Art. 5(1)(c)", "Art. 25", "Art. 32",
        "Art. 35", "Provenance"}) {
    EXPECT_THAT(html, HasSubstr(section)) << section;
  }
  // 18 Safe Harbor rows; NAME findings counted from hygiene.json.
  const std::regex safe_harbor_row(
      "<tr><td class=\"num\">[0-9]+</td><td>[^<]+</td><td>(auto|partial|not detected)</td>");
  EXPECT_EQ(std::distance(std::sregex_iterator(html.begin(), html.end(), safe_harbor_row), std::sregex_iterator()), 18);
  EXPECT_THAT(html, HasSubstr("<td>Names</td><td>partial</td><td>NAME: replaced by the placeholder [NAME]"));
  EXPECT_THAT(html, HasSubstr(std::string(64, 'b')));  // input SHA-256
  EXPECT_THAT(html, HasSubstr(std::string(64, 'd')));  // model SHA-256
}

TEST_F(ReportFiles, FailingRunExplainsWhyInHtml) {
  const std::string html = ReportHtml(EvaluateGate(testing::Documents(false), GateConfig{}), ReportConfig{});
  EXPECT_THAT(html, HasSubstr("Release gate: FAIL"));
  EXPECT_THAT(html, HasSubstr("checks failed (epsilon, delta, total_epsilon, mia_auc"));
  EXPECT_THAT(html, HasSubstr("<span class=\"status fail\">fail</span>"));
  // Canaries inserted 16 times: 18 of 20 reproduced verbatim; never-inserted canaries give the baseline exposure.
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">90%</td></tr>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">never (baseline)</td>"));
}

TEST_F(ReportFiles, SamplesAreRedactedUnlessConfiguredOtherwise) {
  const GateResult result = EvaluateGate(testing::Documents(false), GateConfig{});
  const std::string redacted = ReportHtml(result, ReportConfig{}) + ReportJson(result, ReportConfig{}).dump() +
                               ReportMarkdown(result) + ReportJunit(result);
  EXPECT_THAT(redacted, Not(HasSubstr("493-21-8876")));
  EXPECT_THAT(redacted, Not(HasSubstr("MRN 1234567")));
  EXPECT_THAT(redacted, HasSubstr("[redacted: 42 characters]"));
  ReportConfig clear;
  clear.redact_samples = false;
  EXPECT_THAT(ReportHtml(result, clear), HasSubstr(testing::kSecretCanary));
  EXPECT_THAT(ReportJson(result, clear).dump(), HasSubstr(testing::kSecretCanary));

  // Samples that audit.json already replaced by hashes are not described by the hash's length.
  RunDocuments docs = testing::Documents(false);
  json audit = docs.audit.json();
  audit["samples_redacted"] = true;
  audit["canaries"]["samples"][0]["text"] = "sha256:" + std::string(64, 'f');
  docs.audit = Document(audit, "audit.json");
  const json upstream = ReportJson(EvaluateGate(docs, GateConfig{}), ReportConfig{});
  EXPECT_EQ(upstream["canaries"]["samples"][0]["text"], "[redacted in audit.json]");
  EXPECT_EQ(upstream["canaries"]["samples"][0]["repetitions"], 16);
}

TEST_F(ReportFiles, EverythingFromTheRunIsEscaped) {
  RunDocuments docs = testing::Documents(true);
  json manifest = docs.manifest.json();
  manifest["config"]["run"]["name"] = "<script>alert(1)</script>";
  manifest["inputs"] = {{"data/<b>&\"x\".jsonl", std::string(64, 'e')}};
  docs.manifest = Document(manifest, "manifest.json");
  json audit = docs.audit.json();
  audit["membership"]["<img onerror=x>"] = audit["membership"]["loss"];
  docs.audit = Document(audit, "audit.json");
  const GateResult result = EvaluateGate(docs, GateConfig{});
  const std::string html = ReportHtml(result, ReportConfig{});
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
  EXPECT_THAT(html, Not(HasSubstr("<img")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(html, HasSubstr("data/&lt;b&gt;&amp;&quot;x&quot;.jsonl"));
  const std::string xml = ReportJunit(result);
  EXPECT_EQ(XmlProblem(xml), "");
  EXPECT_THAT(ReportMarkdown(result), Not(HasSubstr("<img")));
}

TEST_F(ReportFiles, MalformedFiguresLeaveNoPartialReports) {
  const auto dir = testing::WriteRunDirectory("malformed", true);
  json audit = json::parse(ReadFile(dir / "audit.json"));
  audit["loss_histogram"]["members"].push_back(1);  // one count too many for the bin edges
  testing::WriteJson(dir / "audit.json", audit);
  const GateResult result = Evaluate(dir);
  EXPECT_THROW(WriteReports(dir, result, ReportConfig{}), common::InputError);
  for (const char* name : {"report.json", "report.md", "report.html", "junit.xml"}) {
    EXPECT_FALSE(std::filesystem::exists(dir / name)) << name;
  }
}

TEST_F(ReportFiles, TheRedTeamJoinsEveryReportAndTheRefreshRewritesTheVerdict) {
  const auto dir = testing::WriteRunDirectory("report_redteam", true);
  testing::WriteModelFiles(dir, "weights");
  std::filesystem::create_directories(dir / common::kRedTeamDir);
  testing::WriteJson(dir / common::RedTeamFile("public"), testing::LanguageModelRedTeamJson(dir, "public", 0.23));
  // A tier that returns log-probabilities: the clone learnt them, and a student of the same completions' text alone
  // stands beside each point.
  json partner = testing::LanguageModelRedTeamJson(dir, "partner", 0.3);
  partner["clone"]["targets"] = "top-5 log-probabilities";
  partner["clone"]["curve"][0]["text_only_agreement"] = 0.125;
  partner["clone"]["keys"] = 8;
  partner["clone"]["queries_until_flag"] = 151;
  partner["clone"]["flagged_by"] = "volume";
  partner["extractions"][0]["prompts_until_flag"] = nullptr;
  testing::WriteJson(dir / common::RedTeamFile("partner"), partner);
  EXPECT_TRUE(RefreshGateAndReports(dir).passed);
  EXPECT_EQ(json::parse(ReadFile(dir / common::kGateFile))["verdict"], "pass");
  const json report = json::parse(ReadFile(dir / "report.json"));
  EXPECT_EQ(Joined(testing::ValidateAgainstSchema(report, Schema())), "");
  ASSERT_EQ(report["redteam"].size(), 2u);
  const std::string partner_figures = report["redteam"][0]["figures"].dump();
  EXPECT_THAT(partner_figures, HasSubstr("from 400 completions and their top-5 log-probabilities"));
  EXPECT_THAT(partner_figures, HasSubstr("100 queries 18% (text alone 12.5%), 200 queries 20%, 400"));
  EXPECT_THAT(partner_figures, HasSubstr("The monitor on the distilling attacker (8 keys)"));
  EXPECT_THAT(partner_figures, HasSubstr("flagged after 151 queries by volume"));
  EXPECT_THAT(partner_figures, HasSubstr("no answer revealed a log-probability); not flagged by the monitor"));
  EXPECT_EQ(report["redteam"][1]["kind"], "language_model");
  EXPECT_TRUE(report["redteam"][1]["stale"].is_null());
  const std::string figures = report["redteam"][1]["figures"].dump();
  EXPECT_THAT(figures, HasSubstr("23% of 4032 held-out positions, against 16.5% from the prompts alone"));
  EXPECT_THAT(figures, HasSubstr("89.8 served against 78.2 unwatermarked (+14.8%)"));
  EXPECT_THAT(figures, HasSubstr("width 64 kept hidden (no answer revealed a log-probability)"));
  EXPECT_THAT(figures, HasSubstr("100 queries 18%, 200 queries 20%, 400 queries 23%"));
  const std::string html = ReadFile(dir / "report.html");
  EXPECT_THAT(html, HasSubstr("<h2>Serving red team</h2>"));
  EXPECT_THAT(html, HasSubstr("Distilled clone of the language model stays below the fidelity limit"));
  EXPECT_THAT(html, HasSubstr("Watermark in the clone&#39;s own text"));
  EXPECT_THAT(ReadFile(dir / "junit.xml"), HasSubstr("redteam.public.clone_agreement"));
  EXPECT_THAT(ReadFile(dir / "report.md"), HasSubstr("A clone distilled from the served completions carries"));

  // A clone that copies the model: the refreshed verdict fails, in gate.json and the reports alike.
  testing::WriteJson(dir / common::RedTeamFile("public"), testing::LanguageModelRedTeamJson(dir, "public", 0.93));
  EXPECT_FALSE(RefreshGateAndReports(dir).passed);
  EXPECT_EQ(json::parse(ReadFile(dir / common::kGateFile))["verdict"], "fail");
  EXPECT_EQ(json::parse(ReadFile(dir / "report.json"))["verdict"], "fail");

  const auto without = testing::WriteRunDirectory("report_no_redteam", true);
  EXPECT_THAT(ReportHtml(Evaluate(without), ReportConfig{}), HasSubstr("No red team has attacked this model"));
  std::filesystem::remove(without / "manifest.json");
  EXPECT_THROW(RefreshGateAndReports(without), common::InputError);
}

}  // namespace
}  // namespace leakgate::report
