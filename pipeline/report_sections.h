// Reading the gate: and report: sections of the YAML config into the report module's settings.
#pragma once

#include "pipeline/config_reader.h"
#include "report/gate_config.h"

namespace leakgate::pipeline {

// Both call map.Finish(), so unknown keys are errors; pipeline/config.cpp calls them with root.Section("gate") and
// root.Section("report").
void ReadGateConfig(ConfigMap map, report::GateConfig& gate);
void ReadReportConfig(ConfigMap map, report::ReportConfig& report);

}  // namespace leakgate::pipeline
