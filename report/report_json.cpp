// report.json: the gate result plus the figures every other format renders, read once from the run documents.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "report/format.h"
#include "report/plain_words.h"
#include "report/reports.h"

namespace leakgate::report {

namespace {

using nlohmann::json;

json OrNull(const std::optional<double>& value) { return value ? json(*value) : json(nullptr); }
json OrNull(const std::optional<std::string>& value) { return value ? json(*value) : json(nullptr); }
json OrNull(const std::optional<bool>& value) { return value ? json(*value) : json(nullptr); }

json NumberMap(const Document& doc, const char* pointer) {
  json map = json::object();
  const json* found = doc.Find(pointer);
  if (!found) return map;
  if (!found->is_object()) doc.Fail(pointer, "an object of name -> count");
  for (const auto& [name, value] : found->items()) {
    if (!value.is_number()) doc.Fail(std::string(pointer) + "/" + name, "a number");
    map[name] = value;
  }
  return map;
}

json StringMap(const Document& doc, const char* pointer) {
  json map = json::object();
  const json* found = doc.Find(pointer);
  if (!found) return map;
  if (!found->is_object()) doc.Fail(pointer, "an object of name -> text");
  for (const auto& [name, value] : found->items()) {
    if (!value.is_string()) doc.Fail(std::string(pointer) + "/" + name, "a string");
    map[name] = value;
  }
  return map;
}

json StringList(const Document& doc, const char* pointer) {
  json list = json::array();
  const json* found = doc.Find(pointer);
  if (!found) return list;
  if (!found->is_array()) doc.Fail(pointer, "an array of strings");
  for (const json& item : *found) {
    if (!item.is_string()) doc.Fail(pointer, "an array of strings");
    list.push_back(item);
  }
  return list;
}

// The dataset's budget from dataset_ledger.json: every training on the same data, composed.
json DatasetBudget(const Document& ledger) {
  if (!ledger.present()) return nullptr;
  const json* trainings = ledger.Find("/trainings");
  return {{"name", OrNull(ledger.String("/name"))},
          {"trainings", trainings && trainings->is_array() ? trainings->size() : 0},
          {"total_epsilon", OrNull(ledger.Number("/total_epsilon"))},
          {"bounded", ledger.Bool("/bounded").value_or(false)},
          {"delta", OrNull(ledger.Number("/delta"))}};
}

json PrivacySection(const Document& privacy, const Document& ledger) {
  if (!privacy.present()) return nullptr;
  return {{"enabled", OrNull(privacy.Bool("/enabled"))},
          {"epsilon", OrNull(privacy.Number("/epsilon"))},
          {"delta", OrNull(privacy.Number("/delta"))},
          {"accountant", OrNull(privacy.String("/accountant"))},
          {"noise_multiplier", OrNull(privacy.Number("/noise_multiplier"))},
          {"sample_rate", OrNull(privacy.Number("/sample_rate"))},
          {"steps", OrNull(privacy.Number("/steps"))},
          {"max_grad_norm", OrNull(privacy.Number("/max_grad_norm"))},
          {"dataset_size", OrNull(privacy.Number("/dataset_size"))},
          {"target_epsilon", OrNull(privacy.Number("/target_epsilon"))},
          {"secure_rng", OrNull(privacy.Bool("/secure_rng"))},
          {"differentially_private", privacy.Bool("/differentially_private")
                                         .value_or(privacy.Bool("/enabled").value_or(false))},
          {"not_dp_reason", OrNull(privacy.String("/not_dp_reason"))},
          {"privacy_unit", privacy.String("/privacy_unit").value_or("record")},
          {"covers", StringList(privacy, "/covers")},
          {"not_covered", StringList(privacy, "/not_covered")},
          {"dataset_budget", DatasetBudget(ledger)},
          {"plain_words", PrivacyInPlainWords(privacy, ledger)}};
}

json HygieneSection(const Document& hygiene) {
  if (!hygiene.Find("/dedup")) return nullptr;
  json section = {{"records_in", hygiene.Number("/records_in").value_or(hygiene.RequiredNumber("/dedup/records_in"))},
                  {"records_out", hygiene.RequiredNumber("/dedup/records_out")},
                  {"order", hygiene.String("/order").value_or("deduplicate, then scrub")},
                  {"exact_duplicates_removed", hygiene.RequiredNumber("/dedup/exact_duplicates_removed")},
                  {"near_duplicates_removed", hygiene.RequiredNumber("/dedup/near_duplicates_removed")},
                  {"near_duplicate_rate", hygiene.Number("/dedup/near_duplicate_rate").value_or(0.0)},
                  {"clusters", hygiene.Number("/dedup/clusters").value_or(0.0)},
                  {"bad_records", hygiene.Number("/dedup/bad_records/count").value_or(0.0)},
                  {"pii", nullptr}};
  if (hygiene.Find("/scrub")) {
    json types = json::array();
    if (const json* found = hygiene.Find("/scrub/entity_types")) {
      if (!found->is_array()) hygiene.Fail("/scrub/entity_types", "a list of entity type names");
      types = *found;
    }
    section["pii"] = {{"findings_total", hygiene.Number("/scrub/findings_total").value_or(0.0)},
                      {"findings_per_type", NumberMap(hygiene, "/scrub/findings_per_type")},
                      {"residual_scan", hygiene.Bool("/scrub/residual_scan").value_or(false)},
                      {"residual_total", hygiene.Number("/scrub/residual_total").value_or(0.0)},
                      {"residual_per_type", NumberMap(hygiene, "/scrub/residual_per_type")},
                      {"operators", StringMap(hygiene, "/scrub/operators")},
                      {"entity_types", types}};
    if (const json* sweep = hygiene.Find("/scrub/residual_sweep")) {
      if (!sweep->is_object()) hygiene.Fail("/scrub/residual_sweep", "an object");
      json summary = *sweep;
      summary.erase("flagged_ids");  // record ids stay in hygiene.json, beside the data, not in reports
      section["pii"]["residual_sweep"] = summary;
    }
  }
  return section;
}

json MembershipSection(const Document& audit) {
  json attacks = json::array();
  const json* membership = audit.Find("/membership");
  if (!membership) return attacks;
  if (!membership->is_object()) audit.Fail("/membership", "an object of attack name -> metrics");
  for (const auto& [attack, metrics] : membership->items()) {
    const Document m(metrics, audit.file() + " /membership/" + attack);
    const double auc = m.RequiredNumber("/auc");
    json tprs = json::array();
    if (const json* points = m.Find("/tpr_at_fpr")) {
      if (!points->is_array()) m.Fail("/tpr_at_fpr", "a list of {fpr, tpr, interval}");
      for (const auto& point : *points) {
        const Document p(point, m.file() + " /tpr_at_fpr[]");
        const double tpr = p.RequiredNumber("/tpr");
        tprs.push_back(
            {{"fpr", p.RequiredNumber("/fpr")}, {"tpr", tpr}, {"upper", p.Number("/interval/upper").value_or(tpr)}});
      }
    }
    json roc = json::array();
    if (const json* points = m.Find("/roc")) {
      if (!points->is_array()) m.Fail("/roc", "a list of {fpr, tpr}");
      for (const auto& point : *points) {
        const Document p(point, m.file() + " /roc[]");
        roc.push_back({{"fpr", p.RequiredNumber("/fpr")}, {"tpr", p.RequiredNumber("/tpr")}});
      }
    }
    attacks.push_back({{"attack", attack},
                       {"members", m.Number("/members").value_or(0.0)},
                       {"non_members", m.Number("/non_members").value_or(0.0)},
                       {"auc", auc},
                       {"auc_lower", m.Number("/auc_interval/lower").value_or(auc)},
                       {"auc_upper", m.Number("/auc_interval/upper").value_or(auc)},
                       {"advantage", m.Number("/advantage").value_or(0.0)},
                       {"confidence", m.Number("/bootstrap/confidence").value_or(0.95)},
                       {"tpr_at_fpr", tprs},
                       {"roc", roc}});
  }
  return attacks;
}

json LossHistogramSection(const Document& audit) {
  if (!audit.Find("/loss_histogram")) return nullptr;
  json section;
  for (const char* key : {"bin_edges", "members", "non_members"}) {
    const std::string pointer = std::string("/loss_histogram/") + key;
    const json* values = audit.Find(pointer);
    if (!values || !values->is_array()) audit.Fail(pointer, "a list of numbers");
    for (const auto& value : *values) {
      if (!value.is_number()) audit.Fail(pointer, "a list of numbers");
    }
    section[key] = *values;
  }
  if (section["bin_edges"].size() != section["members"].size() + 1 ||
      section["members"].size() != section["non_members"].size()) {
    audit.Fail("/loss_histogram", "k + 1 bin_edges with k members and k non_members counts");
  }
  return section;
}

json OneRunSection(const Document& audit) {
  if (!audit.Find("/one_run")) return nullptr;
  return {{"epsilon_lower_bound", audit.RequiredNumber("/one_run/epsilon_lower_bound")},
          {"confidence", audit.Number("/one_run/confidence").value_or(0.95)},
          {"canaries", audit.Number("/one_run/counts/canaries").value_or(0.0)},
          {"guesses", audit.Number("/one_run/counts/guesses").value_or(0.0)},
          {"correct", audit.Number("/one_run/counts/correct").value_or(0.0)}};
}

// Copies the listed text fields of each sample, redacted unless the config says otherwise, and its numbers.
json Samples(const Document& audit, const char* pointer, const std::vector<std::string>& text_fields,
             const ReportConfig& config) {
  json samples = json::array();
  const json* found = audit.Find(pointer);
  if (!found) return samples;
  if (!found->is_array()) audit.Fail(pointer, "a list of samples");
  // audit.json may have redacted its samples already (hashes); their length says nothing about the sample's.
  const bool redacted_upstream = audit.Bool("/samples_redacted").value_or(false);
  for (const auto& sample : *found) {
    if (!sample.is_object()) audit.Fail(pointer, "a list of objects");
    json copy = json::object();
    for (const auto& [key, value] : sample.items()) {
      const bool is_text = std::find(text_fields.begin(), text_fields.end(), key) != text_fields.end();
      if (is_text && !value.is_string()) audit.Fail(std::string(pointer) + "[]/" + key, "a string");
      if (is_text && config.redact_samples) {
        copy[key] = redacted_upstream ? "[redacted in audit.json]" : RedactSample(value.get<std::string>());
      } else if (is_text) {
        copy[key] = value;
      }
      if (!is_text && value.is_number()) copy[key] = value;
    }
    samples.push_back(copy);
  }
  return samples;
}

json ExtractionSection(const Document& audit, const ReportConfig& config) {
  if (!audit.Find("/extraction/members")) return nullptr;
  return {{"member_rate", audit.RequiredNumber("/extraction/members/exact_match/rate")},
          {"member_successes", audit.Number("/extraction/members/exact_match/successes").value_or(0.0)},
          {"member_trials", audit.Number("/extraction/members/exact_match/trials").value_or(0.0)},
          {"member_upper", OrNull(audit.Number("/extraction/members/exact_match/interval/upper"))},
          {"non_member_rate", OrNull(audit.Number("/extraction/non_members/exact_match/rate"))},
          {"member_edit_similarity_median", OrNull(audit.Number("/extraction/members/edit_similarity/median"))},
          {"non_member_edit_similarity_median", OrNull(audit.Number("/extraction/non_members/edit_similarity/median"))},
          {"prefix_tokens", OrNull(audit.Number("/extraction/prefix_tokens"))},
          {"suffix_tokens", OrNull(audit.Number("/extraction/suffix_tokens"))},
          {"discovery_samples", OrNull(audit.Number("/extraction/discoverable/samples"))},
          {"discovery_probability", OrNull(audit.Number("/extraction/discoverable/probability"))},
          {"discovery_spans", OrNull(audit.Number("/extraction/discoverable/max_spans"))},
          {"discoverable_member_rate", OrNull(audit.Number("/extraction/discoverable/members/discoverable/rate"))},
          {"discoverable_non_member_rate",
           OrNull(audit.Number("/extraction/discoverable/non_members/discoverable/rate"))},
          {"samples", Samples(audit, "/extraction/samples", {"prefix", "expected", "generated"}, config)}};
}

json CanarySection(const Document& audit, const ReportConfig& config) {
  const json* groups = audit.Find("/canaries/exposure");
  if (!groups) return nullptr;
  if (!groups->is_array()) audit.Fail("/canaries/exposure", "a list of {repetitions, exposure_bits}");
  // Verbatim extraction of canaries per repetition count, when the audit tried it.
  std::map<double, double> extracted;
  if (const json* rates = audit.Find("/canaries/extraction")) {
    if (!rates->is_array()) audit.Fail("/canaries/extraction", "a list of {repetitions, exact_match}");
    for (const auto& rate : *rates) {
      const Document r(rate, audit.file() + " /canaries/extraction[]");
      extracted[r.RequiredNumber("/repetitions")] = r.RequiredNumber("/exact_match/rate");
    }
  }
  json exposure = json::array();
  for (const auto& group : *groups) {
    const Document g(group, audit.file() + " /canaries/exposure[]");
    const double repetitions = g.RequiredNumber("/repetitions");
    const auto found = extracted.find(repetitions);
    exposure.push_back({{"repetitions", repetitions},
                        {"count", g.Number("/exposure_bits/count").value_or(0.0)},
                        {"median_bits", g.RequiredNumber("/exposure_bits/median")},
                        {"max_bits", OrNull(g.Number("/exposure_bits/max"))},
                        {"extracted_rate", found == extracted.end() ? json(nullptr) : json(found->second)}});
  }
  return {{"exposure", exposure},
          {"not_inserted_median_bits", OrNull(audit.Number("/canaries/not_inserted_exposure_bits/median"))},
          {"candidate_space_bits", OrNull(audit.Number("/canaries/candidate_space_bits"))},
          {"samples", Samples(audit, "/canaries/samples", {"text"}, config)}};
}

// The policy whose substitute agrees least with the model at its largest budget (cloning is most expensive under
// it) and the one that agrees most, noting when their intervals overlap; or, when they agree equally, that no policy
// makes a difference.
std::string CloningSentence(const json& policies) {
  const json* hardest = nullptr;
  const json* easiest = nullptr;
  for (const json& policy : policies) {
    if (policy["points"].empty()) continue;
    const double fidelity = policy["points"].back()["fidelity"].get<double>();
    if (!hardest || fidelity < (*hardest)["points"].back()["fidelity"].get<double>()) hardest = &policy;
    if (!easiest || fidelity > (*easiest)["points"].back()["fidelity"].get<double>()) easiest = &policy;
  }
  if (!hardest) return "The cloning audit trained no substitute.";
  const json& worst = (*hardest)["points"].back();
  const json& best = (*easiest)["points"].back();
  const bool all_equal = worst["fidelity"] == best["fidelity"];
  std::string sentence =
      (all_equal ? std::string("Every serving policy lets the model be cloned equally well")
                 : "Cloning is most expensive when the model returns only " + (*hardest)["policy"].get<std::string>() +
                       " answers") +
      ": with the largest budget of " + FormatNumber(worst["budget"].get<double>(), 12) +
      " queries the adversary's substitute agrees with the model on " +
      FormatPercent(worst["fidelity"].get<double>()) + " (" + FormatPercent(worst["fidelity_lower"].get<double>()) +
      "\xE2\x80\x93" + FormatPercent(worst["fidelity_upper"].get<double>()) + ") of held-out records";
  if (!all_equal) {
    sentence += ", against " + FormatPercent(best["fidelity"].get<double>()) + " with " +
                (*easiest)["policy"].get<std::string>() + " answers";
    if (worst["fidelity_upper"].get<double>() >= best["fidelity_lower"].get<double>()) {
      sentence += ", a difference within the confidence intervals";
    }
  }
  return sentence + ".";
}

}  // namespace

namespace {

// The points of an audit.json cloning list (`pointer`), grouped by policy in their order.
json ClonePolicies(const Document& audit, const std::string& pointer) {
  json policies = json::array();
  const json* points = audit.Find(pointer);
  if (!points) return policies;
  if (!points->is_array()) audit.Fail(pointer, "a list of cloning points");
  for (const json& point : *points) {
    const Document p(point, audit.file() + " " + pointer + "[]");
    const std::optional<std::string> policy = p.String("/policy");
    if (!policy) p.Fail("/policy", "present (an output policy name)");
    if (policies.empty() || policies.back()["policy"] != *policy) {
      policies.push_back({{"policy", *policy}, {"points", json::array()}});
    }
    const double fidelity = p.RequiredNumber("/fidelity");
    const double accuracy = p.RequiredNumber("/accuracy");
    policies.back()["points"].push_back(
        {{"budget", p.RequiredNumber("/budget")},
         {"labels_discovered", p.Number("/labels_discovered").value_or(0.0)},
         {"fidelity", fidelity},
         {"fidelity_lower", p.Number("/fidelity_interval/lower").value_or(fidelity)},
         {"fidelity_upper", p.Number("/fidelity_interval/upper").value_or(fidelity)},
         {"accuracy", accuracy},
         {"accuracy_lower", p.Number("/accuracy_interval/lower").value_or(accuracy)},
         {"accuracy_upper", p.Number("/accuracy_interval/upper").value_or(accuracy)}});
  }
  return policies;
}

}  // namespace

json CloneReportJson(const Document& audit) {
  if (!audit.Find("/clone")) return nullptr;
  if (!audit.Find("/clone/points")) audit.Fail("/clone/points", "a list of cloning points");
  json policies = ClonePolicies(audit, "/clone/points");
  const std::string sentence = CloningSentence(policies);
  // The substitutes on the adversary's own labels follow the policies, as the line the served answers are judged by.
  for (json& baseline : ClonePolicies(audit, "/clone/baseline")) policies.push_back(std::move(baseline));
  json classes = json::array();
  if (const json* labels = audit.Find("/clone/labels")) {
    if (!labels->is_array()) audit.Fail("/clone/labels", "a list of labels");
    classes = *labels;
  }
  json serving = nullptr;
  if (const auto policy = audit.String("/clone/serving/policy")) {
    serving = {{"policy", *policy}, {"budget", audit.RequiredNumber("/clone/serving/budget")}};
  }
  return {{"labels", classes},
          {"pool_size", audit.RequiredNumber("/clone/pool_size")},
          {"evaluation_size", audit.RequiredNumber("/clone/evaluation_size")},
          {"target_accuracy", OrNull(audit.Number("/clone/target_accuracy"))},
          {"confidence", audit.Number("/clone/confidence").value_or(0.95)},
          {"adversary_pool", OrNull(audit.String("/clone/adversary_pool"))},
          {"serving", serving},
          {"policies", policies},
          {"sentence", sentence}};
}

namespace {

json ProvenanceSection(const Document& manifest) {
  json outputs = json::object(), model = json::object();
  if (const json* stages = manifest.Find("/stages")) {
    if (!stages->is_object()) manifest.Fail("/stages", "an object of stage name -> record");
    for (const auto& [stage, record] : stages->items()) {
      const Document r(record, manifest.file() + " /stages/" + stage);
      const json stage_outputs = StringMap(r, "/outputs");
      for (const auto& [file, sha] : stage_outputs.items()) {
        outputs[file] = sha;
        if (stage == "train") model[file] = sha;
      }
    }
  }
  const json* config = manifest.Find("/config");
  return {{"tool_version", OrNull(manifest.String("/tool/version"))},
          {"config_path", OrNull(manifest.String("/config_path"))},
          {"config_sha256", OrNull(manifest.String("/config_sha256"))},
          {"seed", OrNull(manifest.Number("/seed"))},
          {"config", config ? *config : json(nullptr)},
          {"inputs", StringMap(manifest, "/inputs")},
          {"model", model},
          {"outputs", outputs}};
}

// One line of a red-team figures table: what was measured, in words, and the result.
json Figure(std::string label, std::string value) { return {{"label", std::move(label)}, {"value", std::move(value)}}; }

// A count as digits ("4032", not "4.03e+03").
std::string Whole(double value) { return FormatNumber(value, 15); }

// The list at `pointer` of a red team's result, or nullptr when absent.
const json* ListAt(const Document& result, const char* pointer) {
  const json* list = result.Find(pointer);
  if (list && !list->is_array()) result.Fail(pointer, "a list");
  return list;
}

// "flagged after N <unit> by <signal>" or "not flagged by the monitor", from a red-team attacker's `until_flag` field
// (absent in results written before the red team read the monitor's flags: "monitor not read").
std::string MonitorVerdict(const Document& attacker, const std::string& until_flag, const char* unit) {
  if (!attacker.json().contains(json::json_pointer(until_flag))) return "monitor not read";
  const std::string base = until_flag.substr(0, until_flag.rfind('/'));
  if (const auto flagged_after = attacker.Number(until_flag)) {
    return "flagged after " + Whole(*flagged_after) + " " + unit + " by " +
           attacker.String(base + "/flagged_by").value_or("the monitor");
  }
  return "not flagged by the monitor";
}

// A language model's red team: the last-layer extraction at each budget, the watermark, the distillation clone.
json LanguageModelFigures(const Document& result) {
  json figures = json::array();
  const double width = result.RequiredNumber("/true_width");
  if (const json* extractions = ListAt(result, "/extractions")) {
    for (std::size_t i = 0; i < extractions->size(); ++i) {
      const Document e((*extractions)[i], result.file() + " /extractions/" + std::to_string(i));
      const std::string label = "Last-layer extraction, " + Whole(e.RequiredNumber("/budget")) + " prompts (" +
                                Whole(e.Number("/answered").value_or(0)) + " answered with log-probabilities)";
      if (e.Bool("/width_recovered").value_or(false)) {
        figures.push_back(Figure(label, "the true width " + Whole(width) + " recovered; output subspace error " +
                                            FormatNumber(e.Number("/subspace_error").value_or(0.0))));
      } else {
        figures.push_back(Figure(label, "width " + Whole(width) + " kept hidden (" +
                                            e.String("/reason").value_or("no clear singular-value gap") + ")"));
      }
      figures.back()["value"] = figures.back()["value"].get<std::string>() + "; " +
                                MonitorVerdict(e, "/prompts_until_flag", "prompts");
    }
  }
  if (result.Find("/watermark")) {
    const double completions = result.RequiredNumber("/watermark/completions");
    figures.push_back(Figure(
        "Watermark in " + Whole(completions) + " served completions",
        "pooled p = " + FormatNumber(result.RequiredNumber("/watermark/pooled/p_value")) + "; " +
            Whole(result.RequiredNumber("/watermark/detected")) + " carry it alone at a false-positive rate of " +
            FormatNumber(result.RequiredNumber("/watermark/false_positive_rate")) + " (median " +
            FormatNumber(result.Number("/watermark/median_tokens_to_detect").value_or(0.0)) + " tokens)"));
    const double marked = result.RequiredNumber("/watermark/perplexity_served");
    const double plain = result.RequiredNumber("/watermark/perplexity_unwatermarked");
    figures.push_back(Figure("Quality cost of the watermark (the completions' perplexity under the unmarked model)",
                             FormatNumber(marked) + " served against " + FormatNumber(plain) + " unwatermarked (" +
                                 (marked >= plain ? "+" : "") + FormatPercent(marked / plain - 1.0) + ")"));
    figures.push_back(Figure("Unwatermarked texts called watermarked",
                             Whole(result.RequiredNumber("/watermark/unwatermarked_detected")) + " of " +
                                 Whole(result.RequiredNumber("/watermark/unwatermarked"))));
  }
  if (result.Find("/clone")) {
    const std::string targets = result.String("/clone/targets").value_or("text");
    std::string agreement = "picks the model's next token at " +
                            FormatPercent(result.RequiredNumber("/clone/agreement")) + " of " +
                            Whole(result.RequiredNumber("/clone/positions")) + " held-out positions, against " +
                            FormatPercent(result.RequiredNumber("/clone/baseline_agreement")) +
                            " from the prompts alone";
    figures.push_back(Figure("Distillation clone from " + Whole(result.RequiredNumber("/clone/queries")) +
                                 " completions" + (targets == "text" ? "" : " and their " + targets),
                             agreement));
    if (const json* curve = ListAt(result, "/clone/curve"); curve && curve->size() > 1) {
      std::string points;
      for (std::size_t i = 0; i < curve->size(); ++i) {
        const Document point((*curve)[i], result.file() + " /clone/curve/" + std::to_string(i));
        points += (points.empty() ? "" : ", ") + Whole(point.RequiredNumber("/queries")) + " queries " +
                  FormatPercent(point.RequiredNumber("/agreement"));
        if (const auto text_only = point.Number("/text_only_agreement"))
          points += " (text alone " + FormatPercent(*text_only) + ")";
      }
      figures.push_back(Figure("The clone's agreement against the queries it took", points));
    }
    if (const auto keys = result.Number("/clone/keys")) {
      figures.push_back(Figure("The monitor on the distilling attacker (" + Whole(*keys) + " keys)",
                               MonitorVerdict(result, "/clone/queries_until_flag", "queries")));
    }
    if (const auto p = result.Number("/clone/student_watermark/p_value")) {
      figures.push_back(Figure("Watermark in the clone's own text", "p = " + FormatNumber(*p)));
    }
  }
  return figures;
}

// A classifier's red team: when the monitor flagged each attacker, the customers' false alarms, the advised quota.
json ClassifierFigures(const Document& result) {
  json figures = json::array();
  if (const json* attackers = ListAt(result, "/attackers")) {
    for (std::size_t i = 0; i < attackers->size(); ++i) {
      const Document a((*attackers)[i], result.file() + " /attackers/" + std::to_string(i));
      const std::string label = "Attacker " + a.String("/attack").value_or("?") + " over " +
                                Whole(a.RequiredNumber("/keys")) + " key(s)";
      if (const auto flagged_after = a.Number("/texts_until_flag")) {
        figures.push_back(Figure(label, "flagged after " + Whole(*flagged_after) + " texts by " +
                                            a.String("/flagged_by").value_or("the monitor") +
                                            ", its clone then at " +
                                            FormatPercent(a.RequiredNumber("/fidelity_at_flag")) + " fidelity"));
      } else {
        figures.push_back(Figure(label, "never flagged in " + Whole(a.RequiredNumber("/texts_answered")) + " texts"));
      }
    }
  }
  if (result.Find("/benign")) {
    figures.push_back(Figure(
        "Customers replaying held-out records",
        Whole(result.RequiredNumber("/benign/false_alarms")) + " of " + Whole(result.RequiredNumber("/benign/users")) +
            " flagged (95% upper bound " +
            FormatPercent(result.Number("/benign/false_alarm_interval/upper").value_or(1.0)) + ")"));
  }
  const auto quota = result.Number("/advised_daily_quota");
  figures.push_back(Figure("Advised daily quota per key",
                           quota ? Whole(*quota) + " texts" : "none: even 5 texts bring a clone too close"));
  return figures;
}

// The serving red team's results, one per tier, as figures in words; the gate's checks carry the verdicts.
json RedTeamSection(const RunDocuments& docs) {
  json tiers = json::array();
  for (const Document& result : docs.redteam) {
    const std::optional<std::string> stale = RedTeamStaleReason(docs.run_dir, result);
    // Results written before they named their kind (and so stale: they name no model either) are told by their fields.
    const std::string kind =
        result.String("/kind").value_or(result.Find("/true_width") ? "language_model" : "classifier");
    if (kind != "language_model" && kind != "classifier") result.Fail("/kind", "classifier or language_model");
    tiers.push_back({{"tier", OrNull(result.String("/tier"))},
                     {"kind", kind},
                     {"policy", OrNull(result.String("/policy"))},
                     {"passed", OrNull(result.Bool("/passed"))},
                     {"seconds", OrNull(result.Number("/seconds"))},
                     {"serve_config", OrNull(result.String("/serve_config/path"))},
                     {"stale", OrNull(stale)},
                     {"figures", kind == "language_model" ? LanguageModelFigures(result) : ClassifierFigures(result)}});
  }
  return tiers;
}

}  // namespace

json ReportJson(const GateResult& result, const ReportConfig& config) {
  const RunDocuments& docs = result.documents;
  json report = ToJson(result);
  report["schema_version"] = kReportSchemaVersion;
  report["run_name"] = OrNull(docs.manifest.String("/config/run/name"));
  report["verdict_sentence"] = VerdictSentence(result);
  report["gate_config"] = ToJson(result.config);
  report["samples_redacted"] = config.redact_samples;
  report["privacy"] = PrivacySection(docs.privacy, docs.ledger);
  report["hygiene"] = HygieneSection(docs.hygiene);
  report["membership"] = MembershipSection(docs.audit);
  report["loss_histogram"] = LossHistogramSection(docs.audit);
  report["one_run"] = OneRunSection(docs.audit);
  report["extraction"] = ExtractionSection(docs.audit, config);
  report["canaries"] = CanarySection(docs.audit, config);
  report["task"] = OrNull(docs.audit.String("/task"));
  report["clone"] = CloneReportJson(docs.audit);
  report["redteam"] = RedTeamSection(docs);
  report["provenance"] = ProvenanceSection(docs.manifest);
  return report;
}

}  // namespace leakgate::report
