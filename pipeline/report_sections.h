// Reading the gate: and report: sections of the YAML config into the report module's settings.
#pragma once

#include "pipeline/config_reader.h"
#include "report/gate_config.h"

namespace leakgate::pipeline {

// The declarations of both sections' keys (ConfigMap); pipeline/config.cpp calls them with root.Section("gate") and
// root.Section("report"). report::ToJson and report::GateConfigFromJson spell the same keys for the report module,
// which cannot see pipeline/; tests/pipeline/config_test.cpp keeps them equal to these declarations.
void ReadGateConfig(ConfigMap map, report::GateConfig& gate);
void ReadReportConfig(ConfigMap map, report::ReportConfig& report);
// The names of serving tiers: distinct, each letters, digits, '-' and '_' (serve::IsTierName).
bool AreTierNames(const std::vector<std::string>& tiers);

}  // namespace leakgate::pipeline
