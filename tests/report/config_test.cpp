// The gate: and report: config sections: defaults, every key, validation messages, JSON form.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pipeline/config_reader.h"
#include "pipeline/report_sections.h"

namespace leakgate::report {
namespace {

using ::testing::HasSubstr;

struct Sections {
  GateConfig gate;
  ReportConfig report;
};

Sections Read(const std::string& yaml) {
  Sections sections;
  pipeline::ReadConfigText(yaml, "test.yaml", [&](pipeline::ConfigMap& root) {
    pipeline::ReadGateConfig(root.Section("gate", "the gate section"), sections.gate);
    pipeline::ReadReportConfig(root.Section("report", "the report section"), sections.report);
    root.Finish();
  });
  return sections;
}

std::string ErrorOf(const std::string& yaml) {
  try {
    Read(yaml);
  } catch (const common::ConfigError& error) {
    return error.what();
  }
  return "no error";
}

TEST(GateConfig, AbsentSectionsKeepTheDocumentedDefaults) {
  const Sections sections = Read("gate: {}\n");
  EXPECT_EQ(sections.gate, GateConfig{});
  EXPECT_EQ(sections.report, ReportConfig{});
  EXPECT_DOUBLE_EQ(sections.gate.max_epsilon, 8.0);
  EXPECT_DOUBLE_EQ(sections.gate.max_mia_auc, 0.60);
  EXPECT_DOUBLE_EQ(sections.gate.max_tpr_at_1pct_fpr, 0.03);
  EXPECT_DOUBLE_EQ(sections.gate.max_extraction_rate, 0.001);
  EXPECT_DOUBLE_EQ(sections.gate.max_canary_exposure_bits, 10.0);
  EXPECT_EQ(sections.gate.max_residual_pii, 0);
  EXPECT_FALSE(sections.gate.max_delta.has_value());
  EXPECT_TRUE(sections.gate.fail_on_not_evaluated);
  EXPECT_TRUE(sections.report.redact_samples);
  EXPECT_EQ(sections.report.formats, (std::vector<std::string>{"json", "md", "html", "junit"}));
}

TEST(GateConfig, ReadsEveryKey) {
  const Sections sections = Read(R"(gate:
  max_epsilon: 4
  max_delta: 1.0e-6
  max_mia_auc: 0.55
  max_tpr_at_0_1pct_fpr: 0.005
  max_tpr_at_1pct_fpr: 0.02
  max_extraction_rate: 0.002
  max_canary_exposure_bits: 8
  empirical_eps_within_claim: false
  max_residual_pii: 3
  max_near_duplicate_rate: 0.05
  fail_on_not_evaluated: false
report:
  formats: [json, junit]
  redact_samples: false
)");
  const GateConfig& gate = sections.gate;
  EXPECT_DOUBLE_EQ(gate.max_epsilon, 4.0);
  ASSERT_TRUE(gate.max_delta.has_value());
  EXPECT_DOUBLE_EQ(*gate.max_delta, 1e-6);
  EXPECT_DOUBLE_EQ(gate.max_mia_auc, 0.55);
  EXPECT_DOUBLE_EQ(gate.max_tpr_at_0_1pct_fpr, 0.005);
  EXPECT_DOUBLE_EQ(gate.max_tpr_at_1pct_fpr, 0.02);
  EXPECT_DOUBLE_EQ(gate.max_extraction_rate, 0.002);
  EXPECT_DOUBLE_EQ(gate.max_canary_exposure_bits, 8.0);
  EXPECT_FALSE(gate.empirical_eps_within_claim);
  EXPECT_EQ(gate.max_residual_pii, 3);
  EXPECT_DOUBLE_EQ(gate.max_near_duplicate_rate, 0.05);
  EXPECT_FALSE(gate.fail_on_not_evaluated);
  EXPECT_EQ(sections.report.formats, (std::vector<std::string>{"json", "junit"}));
  EXPECT_FALSE(sections.report.redact_samples);
}

TEST(GateConfig, MaxDeltaAutoAndBackToANumber) {
  EXPECT_FALSE(Read("gate: {max_delta: auto}\n").gate.max_delta.has_value());
  EXPECT_DOUBLE_EQ(*Read("gate: {max_delta: 0.0001}\n").gate.max_delta, 1e-4);
}

TEST(GateConfig, InvalidValuesNameTheKeyAndLocation) {
  EXPECT_THAT(ErrorOf("gate:\n  max_mia_auc: 0.3\n"),
              HasSubstr("test.yaml:2:16: gate.max_mia_auc must be in [0.5, 1]"));
  EXPECT_THAT(ErrorOf("gate: {max_delta: often}\n"), HasSubstr("gate.max_delta must be auto"));
  EXPECT_THAT(ErrorOf("gate: {max_delta: 1.5}\n"), HasSubstr("gate.max_delta must be auto"));
  EXPECT_THAT(ErrorOf("gate: {max_delta: }\n"), HasSubstr("gate.max_delta must be auto"));
  EXPECT_THAT(ErrorOf("gate: {max_epsilon: -1}\n"), HasSubstr("gate.max_epsilon must be a positive number"));
  EXPECT_THAT(ErrorOf("gate: {max_residual_pii: -1}\n"), HasSubstr("gate.max_residual_pii must be a count"));
  EXPECT_THAT(ErrorOf("gate: {max_tpr_at_1pct_fpr: 3}\n"), HasSubstr("gate.max_tpr_at_1pct_fpr must be in [0, 1]"));
  EXPECT_THAT(ErrorOf("gate: {fail_on_not_evaluated: maybe}\n"), HasSubstr("must be true or false"));
  EXPECT_THAT(ErrorOf("gate: {max_epsilom: 3}\n"), HasSubstr("did you mean 'gate.max_epsilon'?"));
  EXPECT_THAT(ErrorOf("gate: {redteam_tiers: [public, public]}\n"), HasSubstr("gate.redteam_tiers must be a list"));
  EXPECT_THAT(ErrorOf("gate: {redteam_tiers: [../x]}\n"), HasSubstr("letters, digits, '-', '_'"));
  EXPECT_THAT(ErrorOf("report: {formats: [json, pdf]}\n"), HasSubstr("report.formats must be a list of distinct"));
  EXPECT_THAT(ErrorOf("report: {formats: [json, json]}\n"), HasSubstr("report.formats must be a list of distinct"));
  EXPECT_THAT(ErrorOf("report: {redact: true}\n"), HasSubstr("unknown key 'report.redact'"));
}

TEST(GateConfig, ToJsonWritesEveryKey) {
  GateConfig gate;
  const nlohmann::json automatic = ToJson(gate);
  EXPECT_EQ(automatic["max_delta"], "auto");
  EXPECT_EQ(automatic.size(), 15u);
  EXPECT_EQ(automatic["redteam_tiers"], nlohmann::json::array());
  gate.max_delta = 1e-6;
  gate.max_residual_pii = 4;
  EXPECT_DOUBLE_EQ(ToJson(gate)["max_delta"].get<double>(), 1e-6);
  EXPECT_EQ(ToJson(gate)["max_residual_pii"], 4);
  const nlohmann::json report = ToJson(ReportConfig{});
  EXPECT_EQ(report["formats"].size(), 4u);
  EXPECT_EQ(report["redact_samples"], true);
}

TEST(GateConfig, FromJsonInvertsToJson) {
  const Sections sections = Read(R"(gate: {max_epsilon: 2.5, max_delta: 1.0e-7, max_residual_pii: 2,
               empirical_eps_within_claim: false, fail_on_not_evaluated: false, redteam_tiers: [public, b-2]}
report: {formats: [html], redact_samples: false}
)");
  EXPECT_EQ(GateConfigFromJson(ToJson(sections.gate)), sections.gate);
  EXPECT_EQ(ReportConfigFromJson(ToJson(sections.report)), sections.report);
  EXPECT_EQ(GateConfigFromJson(ToJson(GateConfig{})), GateConfig{});
  EXPECT_EQ(GateConfigFromJson(nullptr), GateConfig{});
  EXPECT_THROW(GateConfigFromJson({{"max_epsilon", "big"}}), common::InputError);
  EXPECT_THROW(GateConfigFromJson({{"max_residual_pii", 1.5}}), common::InputError);
  EXPECT_THROW(GateConfigFromJson({{"max_delta", "sometimes"}}), common::InputError);
  EXPECT_THROW(ReportConfigFromJson({{"formats", "html"}}), common::InputError);
}

}  // namespace
}  // namespace leakgate::report
