#include "report/gate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>

#include "audit/metrics/stats.h"
#include "common/digest.h"
#include "common/run_files.h"
#include "report/format.h"

namespace leakgate::report {

namespace {

constexpr double kFprTolerance = 1e-9;

// Fills measured/threshold, their texts and the status of a check that compares measured <= threshold.
GateCheck Compare(std::string name, std::string title, std::string source, double measured, double threshold,
                  std::string explanation) {
  GateCheck check;
  check.name = std::move(name);
  check.title = std::move(title);
  check.source = std::move(source);
  check.measured = measured;
  check.threshold = threshold;
  check.measured_text = FormatNumber(measured);
  check.threshold_text = FormatNumber(threshold);
  check.status = measured <= threshold ? CheckStatus::kPass : CheckStatus::kFail;
  check.explanation = std::move(explanation);
  return check;
}

// A check without a comparable number: not evaluated, or decided without one (training without DP).
GateCheck Unmeasured(std::string name, std::string title, std::string source, CheckStatus status,
                     std::string measured_text, std::string threshold_text, std::string explanation) {
  GateCheck check;
  check.name = std::move(name);
  check.title = std::move(title);
  check.source = std::move(source);
  check.status = status;
  check.measured_text = std::move(measured_text);
  check.threshold_text = std::move(threshold_text);
  check.explanation = std::move(explanation);
  return check;
}

GateCheck NotEvaluated(std::string name, std::string title, std::string source, std::string threshold_text,
                       std::string explanation) {
  return Unmeasured(std::move(name), std::move(title), std::move(source), CheckStatus::kNotEvaluated, "not evaluated",
                    std::move(threshold_text), std::move(explanation));
}

std::string Percent(double fraction) { return FormatPercent(fraction); }

// The task the run trained for, from the configuration in manifest.json ("lm" when it does not say).
std::string Task(const RunDocuments& docs) {
  return docs.manifest.String("/config/train/task").value_or("lm");
}

// The check as not applicable when this kind of model has nothing it could measure, decided by the gate from the
// task and never from the audit's own word: a language model that audit.json calls "not applicable" for `part` gets
// no pass for it, and its check goes on to find what was measured (or fail as not evaluated, saying so).
std::optional<GateCheck> NotApplicable(const RunDocuments& docs, const std::string& part, const std::string& name,
                                       const std::string& title, std::string threshold_text) {
  if (Task(docs) != "classifier") return std::nullopt;
  static const std::map<std::string, std::string> kClassifierReasons = {
      {"extraction", "A classifier answers with labels, not text, so it cannot be prompted to repeat a training "
                     "record."}};
  const auto reason = kClassifierReasons.find(part);
  if (reason == kClassifierReasons.end()) return std::nullopt;
  return Unmeasured(name, title, common::kManifestFile, CheckStatus::kNotApplicable, "not applicable",
                    std::move(threshold_text), reason->second);
}

// " audit.json calls this not applicable (its reason), which the gate does not accept for a language model.", or "".
std::string RefusedClaim(const Document& audit, const std::string& part) {
  const std::optional<std::string> claim = audit.String("/not_applicable/" + part);
  if (!claim) return "";
  return " audit.json calls this not applicable (\"" + *claim +
         "\"), which the gate does not accept for a language model.";
}

// privacy.json: nullopt when absent; otherwise whether training was private.
std::optional<bool> PrivacyEnabled(const Document& privacy) {
  if (!privacy.present()) return std::nullopt;
  const auto enabled = privacy.Bool("/enabled");
  if (!enabled) privacy.Fail("/enabled", "present (true or false)");
  return *enabled;
}

// Why a run that trained with DP-SGD still has no DP guarantee (seeded noise), or nullopt when it has one.
std::optional<std::string> NotDifferentiallyPrivate(const Document& privacy) {
  if (privacy.Bool("/differentially_private").value_or(true)) return std::nullopt;
  return privacy.String("/not_dp_reason").value_or("privacy.json says the run is not differentially private");
}

GateCheck EpsilonCheck(const RunDocuments& docs, const GateConfig& config) {
  const std::string name = "epsilon", title = "Formal privacy budget \xCE\xB5 (accountant)";
  const std::optional<bool> enabled = PrivacyEnabled(docs.privacy);
  if (!enabled) {
    return NotEvaluated(name, title, common::kPrivacyFile, FormatNumber(config.max_epsilon),
                        "privacy.json is missing, so the training stage did not run and no privacy budget is known.");
  }
  if (!*enabled) {
    GateCheck check = Unmeasured(name, title, common::kPrivacyFile, CheckStatus::kFail, "infinite (no DP)",
                                 FormatNumber(config.max_epsilon),
                                 "The model was trained without differential privacy, so there is no bound on what "
                                 "it reveals about any single record.");
    check.threshold = config.max_epsilon;
    return check;
  }
  if (const auto reason = NotDifferentiallyPrivate(docs.privacy)) {
    GateCheck check = Unmeasured(name, title, common::kPrivacyFile, CheckStatus::kFail, "not DP (seeded noise)",
                                 FormatNumber(config.max_epsilon),
                                 "NOT DIFFERENTIALLY PRIVATE: " + *reason +
                                     ". The accountant's number describes noise that can be reconstructed, so it "
                                     "bounds nothing.");
    check.threshold = config.max_epsilon;
    return check;
  }
  const double epsilon = docs.privacy.RequiredNumber("/epsilon");
  const std::string accountant = docs.privacy.String("/accountant").value_or("the accountant");
  const bool pass = epsilon <= config.max_epsilon;
  return Compare(name, title, common::kPrivacyFile, epsilon, config.max_epsilon,
                 "Training spent \xCE\xB5 = " + FormatNumber(epsilon) + " (" + accountant + "), " +
                     (pass ? "within" : "above") + " the maximum of " + FormatNumber(config.max_epsilon) + ".");
}

GateCheck DeltaCheck(const RunDocuments& docs, const GateConfig& config) {
  const std::string name = "delta", title = "Formal failure probability \xCE\xB4";
  const std::optional<bool> enabled = PrivacyEnabled(docs.privacy);
  std::string threshold_text = config.max_delta ? FormatNumber(*config.max_delta) : "1/(10 n)";
  if (!enabled) {
    return NotEvaluated(name, title, common::kPrivacyFile, threshold_text,
                        "privacy.json is missing, so the training stage did not run and no \xCE\xB4 is known.");
  }
  if (!*enabled) {
    return Unmeasured(name, title, common::kPrivacyFile, CheckStatus::kFail, "1 (no DP)", threshold_text,
                      "The model was trained without differential privacy, so no \xCE\xB4 guarantee holds.");
  }
  const double delta = docs.privacy.RequiredNumber("/delta");
  double threshold = 0.0;
  std::string rule;
  if (config.max_delta) {
    threshold = *config.max_delta;
    rule = "the maximum of " + FormatNumber(threshold);
  } else {
    const double units = docs.privacy.RequiredNumber("/dataset_size");
    if (units < 1) docs.privacy.Fail("/dataset_size", "at least 1");
    threshold = 1.0 / (10.0 * units);
    threshold_text = "1/(10\xC2\xB7" + FormatNumber(units, 12) + ")";
    rule = "1 / (10 \xC2\xB7 " + FormatNumber(units, 12) +
           " privacy units): a \xCE\xB4 near 1/n would allow publishing one unit's data outright with "
           "non-negligible probability";
  }
  const bool pass = delta <= threshold;
  GateCheck check =
      Compare(name, title, common::kPrivacyFile, delta, threshold,
              "Training used \xCE\xB4 = " + FormatNumber(delta) + ", " + (pass ? "within " : "above ") + rule + ".");
  check.threshold_text = threshold_text;
  check.status = pass ? CheckStatus::kPass : CheckStatus::kFail;
  return check;
}

// The strongest attack's upper confidence bound on one membership metric, read by `bound_of` from each attack.
struct WorstAttack {
  std::string attack;
  double upper = -1.0;
  double point = 0.0;
  double confidence = 0.95;
};

template <typename BoundOf>
std::optional<WorstAttack> Worst(const Document& audit, BoundOf bound_of) {
  const nlohmann::json* membership = audit.Find("/membership");
  if (!membership) return std::nullopt;
  if (!membership->is_object()) audit.Fail("/membership", "an object of attack name -> metrics");
  std::optional<WorstAttack> worst;
  for (const auto& [attack, metrics] : membership->items()) {
    const std::string where = "/membership/" + attack;
    if (!metrics.is_object()) audit.Fail(where, "an object (MembershipMetrics)");
    const Document view(metrics, audit.file() + " " + where);
    const std::optional<std::pair<double, double>> point_and_upper = bound_of(view);
    if (!point_and_upper) continue;
    if (!worst || point_and_upper->second > worst->upper) {
      worst = WorstAttack{attack, point_and_upper->second, point_and_upper->first,
                          view.Number("/bootstrap/confidence").value_or(0.95)};
    }
  }
  return worst;
}

std::string ConfidenceText(double confidence) { return FormatNumber(confidence * 100.0) + "%"; }

// The fewest `role` ("members" or "non_members") among the membership attacks (each scores the same sample), or
// nullopt.
std::optional<double> SampleSize(const Document& audit, const char* role) {
  const nlohmann::json* membership = audit.Find("/membership");
  if (!membership || !membership->is_object()) return std::nullopt;
  std::optional<double> fewest;
  for (const auto& [attack, metrics] : membership->items()) {
    const auto found = metrics.find(role);
    if (found == metrics.end() || !found->is_number()) continue;
    fewest = std::min(fewest.value_or(found->get<double>()), found->get<double>());
  }
  return fewest;
}

// " (measured on M members and N non-members)", or nothing when audit.json does not say; then the membership attacks
// the configuration asked for that did not run, with audit.json's reason, so the strongest attack is known to be
// the strongest of those that ran.
std::string OnSample(const Document& audit) {
  std::string text;
  const auto members = SampleSize(audit, "members");
  const auto non_members = SampleSize(audit, "non_members");
  if (members && non_members) {
    text = " (measured on " + FormatNumber(*members, 12) + " members and " + FormatNumber(*non_members, 12) +
           " non-members)";
  }
  const nlohmann::json* not_run = audit.Find("/not_run");
  if (!not_run || !not_run->is_object()) return text;
  std::map<std::string, std::vector<std::string>> attacks_by_reason;
  for (const auto& [part, reason] : not_run->items()) {
    if (part != "clone" && reason.is_string()) attacks_by_reason[reason.get<std::string>()].push_back(part);
  }
  for (const auto& [reason, attacks] : attacks_by_reason) {
    std::string names;
    for (const std::string& attack : attacks) names += (names.empty() ? "" : ", ") + attack;
    text += ". Requested but not run: " + names + " (" + reason + ")";
  }
  return text;
}

GateCheck AucCheck(const RunDocuments& docs, const GateConfig& config) {
  const std::string name = "mia_auc", title = "Membership inference AUC (upper confidence bound)";
  // Direction-free: an attack that ranks members below non-members tells them apart just as well (AUC 0.3 is 0.7).
  const auto worst = Worst(docs.audit, [](const Document& m) -> std::optional<std::pair<double, double>> {
    const double auc = m.RequiredNumber("/auc");
    const double lower = m.Number("/auc_interval/lower").value_or(auc);
    const double upper = m.Number("/auc_interval/upper").value_or(auc);
    return std::make_pair(std::max(auc, 1.0 - auc), std::max(upper, 1.0 - lower));
  });
  if (!worst) {
    return NotEvaluated(name, title, common::kAuditFile, FormatNumber(config.max_mia_auc),
                        docs.audit.present() ? "audit.json holds no membership-inference results."
                                             : "audit.json is missing, so no membership-inference attack was run.");
  }
  const bool pass = worst->upper <= config.max_mia_auc;
  return Compare(name, title, common::kAuditFile, worst->upper, config.max_mia_auc,
                 "The strongest attack (" + worst->attack + ") tells members from non-members with AUC " +
                     FormatNumber(worst->point) + ", at most " + FormatNumber(worst->upper) + " with " +
                     ConfidenceText(worst->confidence) + " confidence, " + (pass ? "within" : "above") +
                     " the maximum of " + FormatNumber(config.max_mia_auc) + OnSample(docs.audit) +
                     " (0.5 is guessing; an AUC below 0.5 counts as 1 - AUC, since reversing the attack's ranking "
                     "separates as well).");
}

}  // namespace

double NonMembersToResolve(double fpr, double confidence) {
  return std::ceil(std::log(1.0 - confidence) / std::log1p(-fpr));
}

namespace {

GateCheck TprCheck(const RunDocuments& docs, double fpr, double maximum, const std::string& name,
                   const std::string& fpr_text, const GateConfig& config) {
  const std::string title = "Membership inference TPR at " + fpr_text + " FPR (upper confidence bound)";
  // With n non-members and no false positive, the 95% upper bound on the FPR is 1 - 0.05^(1/n): below the needed n
  // the threshold that keeps the FPR at the target cannot be told from one that does not.
  const std::optional<double> non_members = SampleSize(docs.audit, "non_members");
  const double needed = NonMembersToResolve(fpr, 0.95);
  if (non_members && *non_members < needed) {
    GateCheck check = Unmeasured(
        name, title, common::kAuditFile, config.accept_unresolvable ? CheckStatus::kNotApplicable : CheckStatus::kNotEvaluated,
        "not resolvable", Percent(maximum),
        "Not resolvable: the attacks scored " + FormatNumber(*non_members, 12) + " non-members, and telling a " +
            fpr_text + " false-positive rate apart from a higher one with 95% confidence takes at least " +
            FormatNumber(needed, 12) + " (hold out more data: split.audit_holdout and audit.mia.non_members)." +
            (config.accept_unresolvable ? " The configuration accepts that (gate.accept_unresolvable: true)."
                                        : ""));
    return check;
  }
  const auto worst = Worst(docs.audit, [&](const Document& m) -> std::optional<std::pair<double, double>> {
    const nlohmann::json* points = m.Find("/tpr_at_fpr");
    if (!points) return std::nullopt;
    if (!points->is_array()) m.Fail("/tpr_at_fpr", "a list of {fpr, tpr, interval}");
    for (const auto& point : *points) {
      const Document view(point, m.file() + " /tpr_at_fpr[]");
      if (std::fabs(view.RequiredNumber("/fpr") - fpr) > kFprTolerance) continue;
      const double tpr = view.RequiredNumber("/tpr");
      return std::make_pair(tpr, view.Number("/interval/upper").value_or(tpr));
    }
    return std::nullopt;
  });
  if (!worst) {
    return NotEvaluated(name, title, common::kAuditFile, Percent(maximum),
                        "No membership-inference attack in audit.json reports the true-positive rate at " + fpr_text +
                            " false positives.");
  }
  const bool pass = worst->upper <= maximum;
  GateCheck check = Compare(name, title, common::kAuditFile, worst->upper, maximum,
                            "Accepting " + fpr_text + " false accusations, the strongest attack (" + worst->attack +
                                ") identifies " + Percent(worst->point) + " of the training records, at most " +
                                Percent(worst->upper) + " with " + ConfidenceText(worst->confidence) + " confidence, " +
                                (pass ? "within" : "above") + " the maximum of " + Percent(maximum) +
                                OnSample(docs.audit) + ".");
  check.measured_text = Percent(worst->upper);
  check.threshold_text = Percent(maximum);
  return check;
}

// The strongest empirical lower bound on epsilon among the audit's tests, with the largest epsilon any of them could
// have refuted (its power).
struct EmpiricalEpsilon {
  double bound = 0.0;
  std::string test;
  double power = 0.0;
  double confidence = 0.95;
};

std::optional<EmpiricalEpsilon> EmpiricalBound(const Document& audit) {
  std::optional<EmpiricalEpsilon> best;
  const std::pair<const char*, const char*> tests[] = {{"/one_run", "the one-run audit"},
                                                       {"/reconstruction", "canary reconstruction"},
                                                       {"/gradient_canaries", "white-box gradient canaries"}};
  for (const auto& [where, test] : tests) {
    if (!audit.Find(std::string(where) + "/epsilon_lower_bound")) continue;
    const double bound = audit.RequiredNumber(std::string(where) + "/epsilon_lower_bound");
    const double power = audit.Number(std::string(where) + "/power").value_or(bound);
    if (!best) best = EmpiricalEpsilon{bound, test, power, audit.Number(std::string(where) + "/confidence").value_or(0.95)};
    if (bound > best->bound) {
      best->bound = bound;
      best->test = test;
      best->confidence = audit.Number(std::string(where) + "/confidence").value_or(0.95);
    }
    best->power = std::max(best->power, power);
  }
  return best;
}

std::string PowerSentence(const EmpiricalEpsilon& empirical, std::optional<double> claimed) {
  std::string sentence = " The largest \xCE\xB5 these tests could have refuted is " + FormatNumber(empirical.power);
  if (claimed && empirical.power < *claimed) {
    sentence += ", below the claim: this audit cannot contradict it, so a low bound is no confirmation.";
  } else {
    sentence += ".";
  }
  return sentence;
}

// How the audit split its confidence between its tests of the claim (empty when audit.json does not say).
std::string FamilySentence(const Document& audit) {
  const nlohmann::json* tests = audit.Find("/empirical_privacy_family/tests");
  const std::optional<double> alpha = audit.Number("/empirical_privacy_family/alpha");
  const std::optional<double> per_test = audit.Number("/empirical_privacy_family/alpha_per_test");
  if (!tests || !alpha || !per_test) return "";
  return " Each of the audit's " + FormatNumber(static_cast<double>(tests->size())) + " tests of the claim runs at " +
         ConfidenceText(1.0 - *per_test) + " confidence, so together they refute a correct training with probability " +
         "at most " + FormatNumber(*alpha) + ".";
}

GateCheck OneRunCheck(const RunDocuments& docs, const GateConfig& config, GateResult& result) {
  const std::string name = "one_run_epsilon", title = "Empirical \xCE\xB5 lower bound within the claimed \xCE\xB5";
  const std::optional<EmpiricalEpsilon> empirical = EmpiricalBound(docs.audit);
  if (PrivacyEnabled(docs.privacy) == false && !empirical) {
    return Unmeasured(name, title, common::kPrivacyFile, CheckStatus::kPass, "no claim", "infinite (no DP)",
                      "Training made no privacy claim, so there is nothing to contradict.");
  }
  if (!empirical) {
    return NotEvaluated(name, title, common::kAuditFile, "accountant \xCE\xB5",
                        "No one-run audit, canary reconstruction or gradient-canary result in audit.json, so the "
                        "privacy claim was not tested empirically." + RefusedClaim(docs.audit, "one_run"));
  }
  const double bound = empirical->bound;
  const std::string shows = "the audit (" + empirical->test + ") shows \xCE\xB5 \xE2\x89\xA5 " + FormatNumber(bound) +
                            " with " + ConfidenceText(empirical->confidence) + " confidence";
  const std::optional<bool> enabled = PrivacyEnabled(docs.privacy);
  if (!enabled) {
    return NotEvaluated(name, title, "audit.json, privacy.json", "accountant \xCE\xB5",
                        "privacy.json is missing, so there is no accountant \xCE\xB5 to compare the empirical bound " +
                            FormatNumber(bound) + " with.");
  }
  if (!*enabled) {
    GateCheck check =
        Unmeasured(name, title, "audit.json, privacy.json", CheckStatus::kPass, FormatNumber(bound), "infinite (no DP)",
                   "Training made no privacy claim, so there is nothing to contradict; " + shows + ".");
    check.measured = bound;
    return check;
  }
  const double epsilon = docs.privacy.RequiredNumber("/epsilon");
  GateCheck check = Compare(name, title, "audit.json, privacy.json", bound, epsilon, "");
  if (check.status == CheckStatus::kPass && empirical->power < epsilon) {
    // A test that could not have refuted the claim says nothing about it: like a TPR the sample cannot resolve.
    check.status = config.accept_unresolvable ? CheckStatus::kNotApplicable : CheckStatus::kNotEvaluated;
    check.measured_text = "not resolvable";
    check.explanation = "Not resolvable: " + shows + "." + PowerSentence(*empirical, epsilon) +
                        " Run the white-box gradient canaries (privacy.gradient_canaries, from the first step of the "
                        "training) to test the claim." +
                        (config.accept_unresolvable ? " The configuration accepts that (gate.accept_unresolvable: true)."
                                                    : "");
  } else if (check.status == CheckStatus::kPass) {
    check.explanation = "Consistent with the accountant's \xCE\xB5 = " + FormatNumber(epsilon) + ": " + shows + "." +
                        PowerSentence(*empirical, epsilon) + FamilySentence(docs.audit);
  } else {
    result.dp_implementation_failure = true;
    check.explanation = "DP IMPLEMENTATION FAILURE: " + shows + ", more than the accountant's \xCE\xB5 = " +
                        FormatNumber(epsilon) +
                        ", so the DP-SGD implementation or its accounting is wrong and the privacy claim must not be "
                        "trusted." + FamilySentence(docs.audit);
  }
  return check;
}

// The accountant's epsilon holds only for batches Poisson-sampled at its rate q; the gradient canaries are units the
// training's sampler drew, so their participation counts test that assumption without touching a real record.
GateCheck SamplingCheck(const RunDocuments& docs, const GateConfig& config, GateResult& result) {
  const std::string name = "sampling_as_accounted", title = "Batches sampled as the accountant assumes (Poisson at q)";
  const std::string source = "audit.json, privacy.json";
  const std::optional<bool> enabled = PrivacyEnabled(docs.privacy);
  if (enabled == false) {
    return Unmeasured(name, title, source, CheckStatus::kPass, "no claim", "Poisson at q",
                      "Training made no privacy claim, so no sampling assumption to check.");
  }
  if (!docs.audit.Find("/gradient_canaries/sampling/consistent")) {
    GateCheck check = NotEvaluated(name, title, source, "Poisson at q",
                                   "No sampler record in audit.json: the white-box gradient canaries, whose "
                                   "participation counts it is, did not run (privacy.gradient_canaries, from the "
                                   "first step of the training).");
    if (config.accept_unresolvable) {
      check.status = CheckStatus::kNotApplicable;
      check.explanation += " The configuration accepts that (gate.accept_unresolvable: true).";
    }
    return check;
  }
  const std::string at = "/gradient_canaries/sampling";
  const double distance = docs.audit.RequiredNumber(at + "/distance");
  const double critical = docs.audit.RequiredNumber(at + "/critical_distance");
  const std::string measured_on =
      " over " + FormatNumber(docs.audit.RequiredNumber(at + "/units")) + " canaries and " +
      FormatNumber(docs.audit.RequiredNumber(at + "/steps")) + " steps (q = " +
      FormatNumber(docs.audit.RequiredNumber(at + "/sample_rate")) + ", drawn at " +
      FormatNumber(docs.audit.RequiredNumber(at + "/observed_rate")) + " per step)";
  GateCheck check = Compare(name, title, source, distance, critical, "");
  check.measured_text = "CDF gap " + FormatNumber(distance);
  check.threshold_text = FormatNumber(critical);
  const std::string false_alarm = FormatNumber(docs.audit.RequiredNumber(at + "/alpha"));
  if (docs.audit.Bool(at + "/consistent").value_or(false) && check.status == CheckStatus::kPass) {
    check.explanation = "The canaries' participation counts" + measured_on +
                        " match Binomial(steps, q): their CDF is within " + FormatNumber(distance) +
                        " of it, below the " + FormatNumber(critical) + " a Poisson sampler exceeds with probability " +
                        "at most " + false_alarm + ". A sampler whose counts' CDF differs by less could be missed.";
  } else {
    check.status = CheckStatus::kFail;
    result.dp_implementation_failure = true;
    check.explanation = "DP IMPLEMENTATION FAILURE: the training's sampler is not Poisson at the accountant's rate: "
                        "the canaries' participation counts" + measured_on + " differ from Binomial(steps, q) by " +
                        FormatNumber(distance) + " in CDF (a Poisson sampler exceeds " + FormatNumber(critical) +
                        " with probability at most " + false_alarm + "), so the accountant's \xCE\xB5 does not describe "
                        "this training.";
  }
  return check;
}

GateCheck TotalEpsilonCheck(const RunDocuments& docs, const GateConfig& config) {
  const std::string name = "total_epsilon", title = "Privacy budget of the dataset (every training on it)";
  const std::string threshold_text = FormatNumber(config.max_total_epsilon);
  const Document& ledger = docs.ledger;
  if (!ledger.present()) {
    return NotEvaluated(name, title, common::kDatasetLedgerFile, threshold_text,
                        "dataset_ledger.json is missing, so the trainings on this dataset were not composed.");
  }
  const nlohmann::json* recorded = ledger.Find("/trainings");
  const double trainings = static_cast<double>(recorded ? recorded->size() : 0);
  const std::string dataset = ledger.String("/name").value_or("this dataset");
  // What the check cannot see: trainings recorded elsewhere, or nowhere.
  const std::string scope = " Only trainings recorded in " + ledger.String("/ledger_file").value_or("the ledger") +
                            " count: runs with another privacy.ledger, a deleted ledger, or training outside leakgate "
                            "are not seen.";
  if (!ledger.Bool("/bounded").value_or(false)) {
    GateCheck check = Unmeasured(name, title, common::kDatasetLedgerFile, CheckStatus::kFail, "infinite", threshold_text,
                                 "At least one of the " + FormatNumber(trainings) + " trainings recorded on " +
                                     dataset + " was not differentially private, so their composition bounds nothing." +
                                     scope);
    check.threshold = config.max_total_epsilon;
    return check;
  }
  const double total = ledger.RequiredNumber("/total_epsilon");
  const bool pass = total <= config.max_total_epsilon;
  return Compare(name, title, common::kDatasetLedgerFile, total, config.max_total_epsilon,
                 "The " + FormatNumber(trainings) + " private trainings recorded on " + dataset +
                     " (this run, earlier runs and retries, audit reference models) compose to \xCE\xB5 = " +
                     FormatNumber(total) + " at \xCE\xB4 = " + FormatNumber(ledger.RequiredNumber("/delta")) + ", " +
                     (pass ? "within" : "above") + " the maximum of " + threshold_text + "." + scope);
}

// Successes and trials of one exact-match rate in audit.json.
struct Count {
  size_t successes = 0;
  size_t trials = 0;
};

Count CountAt(const Document& audit, const std::string& pointer) {
  const double successes = audit.RequiredNumber(pointer + "/successes");
  const double trials = audit.RequiredNumber(pointer + "/trials");
  if (!(successes >= 0 && successes <= trials && trials == std::floor(trials))) {
    audit.Fail(pointer, "successes and trials with 0 <= successes <= trials");
  }
  return {static_cast<size_t>(successes), static_cast<size_t>(trials)};
}

GateCheck ExtractionCheck(const RunDocuments& docs, const GateConfig& config) {
  const std::string name = "extraction_rate",
                    title = "Training-data extraction rate (excess over non-members, upper confidence bound)";
  const auto& audit = docs.audit;
  const std::string threshold_text = Percent(config.max_extraction_rate);
  if (auto not_applicable = NotApplicable(docs, "extraction", name, title, threshold_text)) return *not_applicable;
  if (!audit.Find("/extraction/combined/members")) {
    return NotEvaluated(name, title, common::kAuditFile, threshold_text,
                        "No extraction result in audit.json, so nobody tried to make the model repeat its training "
                        "text." + RefusedClaim(audit, "extraction"));
  }
  const Count members = CountAt(audit, "/extraction/combined/members");
  if (members.trials == 0) {
    return NotEvaluated(name, title, common::kAuditFile, threshold_text, "The extraction attack had no member to try.");
  }
  const Count baseline = audit.Find("/extraction/combined/non_members/trials")
                             ? CountAt(audit, "/extraction/combined/non_members")
                             : Count{};
  const bool has_baseline = baseline.trials > 0;
  // Each two-sided 95% Clopper-Pearson interval leaves 2.5% on each side, so the member rate's upper end minus the
  // baseline's lower end bounds the excess with at least 95% confidence (and the reverse difference bounds it from
  // below).
  const audit::Interval member_rate = audit::clopper_pearson(members.successes, members.trials);
  const audit::Interval baseline_rate =
      has_baseline ? audit::clopper_pearson(baseline.successes, baseline.trials) : audit::Interval{};
  const double excess_upper = std::max(0.0, member_rate.upper - baseline_rate.lower);
  const double excess_lower = std::max(0.0, member_rate.lower - baseline_rate.upper);
  const double member_point = static_cast<double>(members.successes) / static_cast<double>(members.trials);
  const std::string samples = FormatNumber(audit.RequiredNumber("/extraction/discoverable/samples"), 12);
  const std::string probability = Percent(audit.RequiredNumber("/extraction/discoverable/probability"));
  std::string measured =
      audit.Find("/extraction/span_choice")
          ? "Asked for each record's most record-specific span (text that held-out records share, such as a form's "
            "headings, set aside), greedy decoding completed it exactly, or " + samples +
                " sampled continuations would reproduce it with probability at least " + probability
          : "Given the start of a training record, greedy decoding completed it exactly, or " + samples +
                " sampled continuations would reproduce a span drawn at random among its first " +
                FormatNumber(audit.RequiredNumber("/extraction/discoverable/max_spans"), 12) +
                " with probability at least " + probability;
  measured += ", for " +
                         FormatNumber(static_cast<double>(members.successes), 12) + " of " +
                         FormatNumber(static_cast<double>(members.trials), 12) + " (" + Percent(member_point) + ")";
  if (has_baseline) {
    measured += " against " + FormatNumber(static_cast<double>(baseline.successes), 12) + " of " +
                FormatNumber(static_cast<double>(baseline.trials), 12) + " records it never saw";
  } else {
    measured += "; with no non-member baseline, all of it counts as extraction";
  }
  const std::optional<std::size_t> needed = audit::trials_to_bound_rate(config.max_extraction_rate);
  if (excess_lower <= config.max_extraction_rate && (!needed || members.trials < *needed)) {
    const std::string takes =
        needed ? " with 95% confidence takes at least " + FormatNumber(static_cast<double>(*needed), 12) +
                     " member trials even when none succeeds (audit.extraction.samples: auto tries that many when "
                     "the training set has that many members)."
               : " cannot be shown with any number of trials.";
    return Unmeasured(
        name, title, common::kAuditFile,
        config.accept_unresolvable ? CheckStatus::kNotApplicable : CheckStatus::kNotEvaluated, "not resolvable",
        threshold_text,
        "Not resolvable: " + measured + ". Showing an excess of at most " + threshold_text + takes +
            (config.accept_unresolvable ? " The configuration accepts that (gate.accept_unresolvable: true)." : ""));
  }
  const bool pass = excess_upper <= config.max_extraction_rate;
  GateCheck check =
      Compare(name, title, common::kAuditFile, excess_upper, config.max_extraction_rate,
              measured + ". With 95% confidence the excess is between " + Percent(excess_lower) + " and " +
                  Percent(excess_upper) + ", " + (pass ? "within" : "above") + " the maximum of " + threshold_text +
                  ".");
  check.measured_text = Percent(excess_upper);
  check.threshold_text = threshold_text;
  return check;
}

std::string Times(double repetitions) {
  return repetitions == 1 ? std::string("once") : FormatNumber(repetitions, 12) + " times";
}

// A classifier's canaries carry labels drawn at random, which the model can learn only from the canary itself: the
// check fails when the inserted canaries of any repetition count get their planted label as the top class more often
// than the never-inserted ones, beyond chance. Each group's excess is bounded by two Clopper-Pearson intervals at
// 1 - 0.05 / groups, so the groups together raise a false alarm with probability at most 5%.
GateCheck PlantedLabelCheck(const RunDocuments& docs) {
  const std::string name = "canary_exposure", title = "Canaries: planted labels learned (worst repetition group)";
  const auto& audit = docs.audit;
  const std::string threshold_text = "no excess over never-inserted canaries";
  const nlohmann::json* groups = audit.Find("/canaries/extraction");
  if (groups && !groups->is_array()) audit.Fail("/canaries/extraction", "a list of {repetitions, exact_match}");
  if (!groups || groups->empty() || !audit.Find("/canaries/not_inserted_extraction/trials")) {
    return NotEvaluated(name, title, common::kAuditFile, threshold_text,
                        "No inserted and never-inserted canaries in audit.json, so nobody tested whether the model "
                        "learns a label it could only have seen in one record (split.canaries).");
  }
  const Count baseline = CountAt(audit, "/canaries/not_inserted_extraction");
  const double confidence = 1.0 - 0.05 / static_cast<double>(groups->size());
  const audit::Interval baseline_rate = audit::clopper_pearson(baseline.successes, baseline.trials, confidence);
  double worst_lower = 0.0, worst_upper = 0.0;
  std::string per_group;
  for (const auto& group : *groups) {
    const Document view(group, audit.file() + " /canaries/extraction[]");
    const Count inserted = CountAt(view, "/exact_match");
    if (inserted.trials == 0) continue;
    const audit::Interval rate = audit::clopper_pearson(inserted.successes, inserted.trials, confidence);
    worst_lower = std::max(worst_lower, rate.lower - baseline_rate.upper);
    worst_upper = std::max(worst_upper, rate.upper - baseline_rate.lower);
    per_group += (per_group.empty() ? "" : ", ") + FormatNumber(static_cast<double>(inserted.successes), 12) +
                 " of " + FormatNumber(static_cast<double>(inserted.trials), 12) + " canaries inserted " +
                 Times(view.RequiredNumber("/repetitions"));
  }
  const bool pass = worst_lower <= 0.0;
  GateCheck check = Compare(
      name, title, common::kAuditFile, worst_lower, 0.0,
      "Canaries are synthetic texts given a label drawn at random from the " +
          FormatNumber(audit.Number("/canaries/classes").value_or(0.0), 12) +
          " classes. The model's top class is the planted label for " + per_group + ", against " +
          FormatNumber(static_cast<double>(baseline.successes), 12) + " of " +
          FormatNumber(static_cast<double>(baseline.trials), 12) +
          " never inserted (chance). With 95% confidence over all groups, the most-learned group's excess over "
          "chance is between " + Percent(worst_lower) + " and " + Percent(std::max(0.0, worst_upper)) +
          (pass ? ": no planted label is shown to be learned; an excess below the upper end could have been missed."
                : ": the model learned labels it saw only in the canaries."));
  check.measured_text = Percent(worst_lower) + " excess (lower bound)";
  check.threshold_text = threshold_text;
  return check;
}

// The worst inserted canary, not a group's median: a model that memorised 3 of 8 canaries leaks those 3. And any
// inserted canary the model writes out verbatim: a secret drawn uniformly from 2^b values is reproduced by a model that
// never saw it with probability 2^-b, which the never-inserted canaries check empirically.
GateCheck CanaryCheck(const RunDocuments& docs, const GateConfig& config) {
  const std::string name = "canary_exposure", title = "Canary exposure (worst inserted canary) and verbatim extraction";
  const auto& audit = docs.audit;
  const std::string threshold_text = FormatNumber(config.max_canary_exposure_bits) + " bits, no canary extracted";
  if (Task(docs) == "classifier") return PlantedLabelCheck(docs);
  const nlohmann::json* groups = audit.Find("/canaries/exposure");
  if (groups && !groups->is_array()) audit.Fail("/canaries/exposure", "a list of {repetitions, exposure_bits}");
  if (!groups || groups->empty()) {
    return NotEvaluated(name, title, common::kAuditFile, threshold_text,
                        "No canary exposure in audit.json, so inserted secrets were not tested." +
                            RefusedClaim(audit, "canaries"));
  }
  double worst = -1.0, worst_repetitions = 0.0, inserted = 0.0;
  for (const auto& group : *groups) {
    const Document view(group, audit.file() + " /canaries/exposure[]");
    const double highest = view.RequiredNumber("/exposure_bits/max");
    inserted += view.Number("/exposure_bits/count").value_or(0.0);
    if (highest > worst) {
      worst = highest;
      worst_repetitions = view.RequiredNumber("/repetitions");
    }
  }
  size_t extracted = 0, extraction_trials = 0;
  if (const nlohmann::json* extraction = audit.Find("/canaries/extraction")) {
    if (!extraction->is_array()) audit.Fail("/canaries/extraction", "a list of {repetitions, exact_match}");
    for (const auto& group : *extraction) {
      const Count count = CountAt(Document(group, audit.file() + " /canaries/extraction[]"), "/exact_match");
      extracted += count.successes;
      extraction_trials += count.trials;
    }
  }
  const std::optional<double> control_worst = audit.Number("/canaries/not_inserted_exposure_bits/max");
  const std::optional<double> control_count = audit.Number("/canaries/not_inserted_exposure_bits/count");
  const std::optional<double> control_extracted = audit.Number("/canaries/not_inserted_extraction/successes");
  const std::optional<double> secret_bits = audit.Number("/canaries/candidate_space_bits");

  const bool exposure_pass = worst <= config.max_canary_exposure_bits;
  std::string explanation = "The most exposed of " + FormatNumber(inserted, 12) + " inserted canaries (inserted " +
                            Times(worst_repetitions) + ") has " + FormatNumber(worst) + " bits of exposure, " +
                            (exposure_pass ? "within" : "above") + " the maximum of " +
                            FormatNumber(config.max_canary_exposure_bits) + " bits; each bit halves the guesses an "
                            "attacker needs";
  if (control_worst && control_count) {
    explanation += " (the most exposed of " + FormatNumber(*control_count, 12) +
                   " canaries that were never inserted, pure chance, has " + FormatNumber(*control_worst) + " bits)";
  }
  explanation += ". ";
  if (extraction_trials == 0) {
    explanation += "Verbatim extraction of canaries was not tried.";
  } else {
    explanation += "Given its prefix, the model wrote " + FormatNumber(static_cast<double>(extracted), 12) + " of " +
                   FormatNumber(static_cast<double>(extraction_trials), 12) + " inserted canaries' secrets verbatim";
    if (control_extracted) {
      explanation += " and " + FormatNumber(*control_extracted, 12) + " never-inserted ones";
    }
    if (secret_bits) {
      explanation += "; a model that never saw a secret writes it with probability 2^-" + FormatNumber(*secret_bits);
    }
    explanation += ".";
  }
  GateCheck check = Compare(name, title, common::kAuditFile, worst, config.max_canary_exposure_bits, explanation);
  if (extracted > 0) check.status = CheckStatus::kFail;
  check.measured_text = FormatNumber(worst) + " bits, " + FormatNumber(static_cast<double>(extracted), 12) +
                        " extracted";
  check.threshold_text = threshold_text;
  return check;
}

// The point of a "clone" points list with this policy and budget, or nullptr.
const nlohmann::json* ClonePoint(const nlohmann::json& points, const std::string& policy, double budget) {
  for (const auto& point : points) {
    if (point.value("policy", "") == policy && point.value("budget", -1.0) == budget) return &point;
  }
  return nullptr;
}

// A classifier served under its policy: how much closer to the model a substitute trained on `budget` answers gets
// than one trained on the adversary's own labels of the same queries (what cloning achieves without the model).
// The advantage's upper bound is the served clone's fidelity upper end minus the baseline's lower end.
GateCheck CloneAdvantageCheck(const RunDocuments& docs, const GateConfig& config) {
  const std::string name = "clone_advantage",
                    title = "Cloning through the serving policy (fidelity gained over the adversary's own labels)";
  const std::string threshold_text = Percent(config.max_clone_advantage);
  if (Task(docs) != "classifier") {
    return Unmeasured(name, title, common::kManifestFile, CheckStatus::kNotApplicable, "not applicable", threshold_text,
                      "The cloning audit covers classifiers; a language model distilled from its served completions "
                      "is measured by the serving red team (its clone_agreement check, `leakgate redteam`).");
  }
  const auto& audit = docs.audit;
  const std::optional<std::string> policy = audit.String("/clone/serving/policy");
  const std::optional<double> budget = audit.Number("/clone/serving/budget");
  if (!policy || !budget) {
    return NotEvaluated(name, title, common::kAuditFile, threshold_text,
                        "No cloning result for the serving policy in audit.json, so nobody tried to copy the model "
                        "through its endpoint." +
                            std::string(audit.String("/not_run/clone") ? " " + *audit.String("/not_run/clone") + "."
                                                                       : ""));
  }
  const nlohmann::json* points = audit.Find("/clone/points");
  const nlohmann::json* baselines = audit.Find("/clone/baseline");
  const nlohmann::json* served = points ? ClonePoint(*points, *policy, *budget) : nullptr;
  const nlohmann::json* own = baselines ? ClonePoint(*baselines, "own_labels", *budget) : nullptr;  // audit::kOwnLabels
  if (!served || !own) {
    return NotEvaluated(name, title, common::kAuditFile, threshold_text,
                        "The cloning audit has no substitute at the query budget of " + FormatNumber(*budget, 12) +
                            " under '" + *policy + "' with its own-label baseline: the adversary's pool held only " +
                            FormatNumber(audit.Number("/clone/pool_size").value_or(0.0), 12) +
                            " texts (more audit non-members, or a smaller audit.clone.query_budget).");
  }
  const Document served_view(*served, audit.file() + " /clone/points[]");
  const Document own_view(*own, audit.file() + " /clone/baseline[]");
  const double fidelity = served_view.RequiredNumber("/fidelity");
  const double baseline = own_view.RequiredNumber("/fidelity");
  const double upper = served_view.RequiredNumber("/fidelity_interval/upper") -
                       own_view.RequiredNumber("/fidelity_interval/lower");
  const double advantage_upper = std::max(0.0, upper);
  const bool pass = advantage_upper <= config.max_clone_advantage;
  GateCheck check = Compare(
      name, title, common::kAuditFile, advantage_upper, config.max_clone_advantage,
      "An adversary with " + FormatNumber(*budget, 12) + " queries answered under '" + *policy +
          "' trained a substitute that agrees with the model on " + Percent(fidelity) + " of " +
          FormatNumber(audit.Number("/clone/evaluation_size").value_or(0.0), 12) +
          " held-out records; labelling the same queries itself gives " + Percent(baseline) +
          ". With 95% confidence the model's answers add at most " + Percent(advantage_upper) + ", " +
          (pass ? "within" : "above") + " the maximum of " + threshold_text + ".");
  check.measured_text = Percent(advantage_upper) + " (upper bound)";
  check.threshold_text = threshold_text;
  return check;
}

GateCheck ResidualPiiCheck(const RunDocuments& docs, const GateConfig& config) {
  const std::string name = "residual_pii", title = "PII left after scrubbing (residual scan)";
  const std::string threshold_text = FormatNumber(static_cast<double>(config.max_residual_pii), 12);
  if (!docs.hygiene.present()) {
    return NotEvaluated(name, title, common::kHygieneFile, threshold_text,
                        "hygiene.json is missing, so the corpus was not scrubbed by this run.");
  }
  if (!docs.hygiene.Find("/scrub") || docs.hygiene.Bool("/scrub/enabled") == false) {
    return NotEvaluated(name, title, common::kHygieneFile, threshold_text,
                        "PII scrubbing did not run, so personal data may remain in the training text.");
  }
  if (docs.hygiene.Bool("/scrub/residual_scan") == false) {
    return NotEvaluated(name, title, common::kHygieneFile, threshold_text,
                        "The residual scan after scrubbing was switched off, so what scrubbing missed is unknown.");
  }
  const double residual = docs.hygiene.RequiredNumber("/scrub/residual_total");
  const double found = docs.hygiene.Number("/scrub/findings_total").value_or(0);
  const bool pass = residual <= static_cast<double>(config.max_residual_pii);
  std::string sweep_text =
      " No independent sweep for names ran (hygiene.scrub.residual_sweep), so names the recognizers do not know may "
      "remain.";
  if (const auto flagged = docs.hygiene.Number("/scrub/residual_sweep/records_flagged")) {
    const bool withheld = docs.hygiene.Number("/scrub/residual_sweep/records_withheld").value_or(0) > 0;
    sweep_text = " An independent sweep for names the recognizers left flagged " + FormatNumber(*flagged, 12) +
                 " records" + (withheld ? ", withheld from training." : (*flagged > 0 ? ", counted here." : "."));
  }
  GateCheck check = Compare(name, title, common::kHygieneFile, residual, static_cast<double>(config.max_residual_pii),
                            "Scrubbing replaced " + FormatNumber(found, 12) +
                                " identifiers; what is left in the training text by a second scan and the name "
                                "sweep: " +
                                FormatNumber(residual, 12) + ", " + (pass ? "within" : "above") + " the maximum of " +
                                threshold_text + "." + sweep_text);
  check.measured_text = FormatNumber(residual, 12);
  check.threshold_text = threshold_text;
  return check;
}

GateCheck NearDuplicateCheck(const RunDocuments& docs, const GateConfig& config) {
  const std::string name = "near_duplicate_rate", title = "Near duplicates left in the training data";
  const std::string threshold_text = Percent(config.max_near_duplicate_rate);
  const nlohmann::json* measured = docs.audit.Find("/ground_truth/training_near_duplicates");
  if (!measured) {
    return NotEvaluated(name, title, common::kAuditFile, threshold_text,
                        "audit.json does not say how many training records still have a near duplicate among the "
                        "others, so repeated records (which models memorise first) may remain.");
  }
  const double members = docs.audit.RequiredNumber("/ground_truth/training_near_duplicates/members");
  const double with_twin = docs.audit.RequiredNumber("/ground_truth/training_near_duplicates/with_near_duplicate");
  const double rate = members > 0 ? with_twin / members : 0.0;
  const double removed = docs.hygiene.Number("/dedup/near_duplicates_removed").value_or(0) +
                         docs.hygiene.Number("/dedup/exact_duplicates_removed").value_or(0);
  const std::optional<double> threshold = docs.manifest.Number("/config/hygiene/near_dedup/threshold");
  const bool pass = rate <= config.max_near_duplicate_rate;
  GateCheck check = Compare(
      name, title, common::kAuditFile, rate, config.max_near_duplicate_rate,
      "Among the " + FormatNumber(members, 12) + " training records, " + FormatNumber(with_twin, 12) +
          " have another with the same text or a MinHash Jaccard estimate" +
          (threshold ? " of at least " + FormatNumber(*threshold) : std::string()) + " on what the model reads (" +
          Percent(rate) + ", " + (pass ? "within" : "above") + " the maximum of " + threshold_text +
          "); hygiene had removed " + FormatNumber(removed, 12) +
          " duplicates. The canary copies are repeated on purpose and not counted.");
  check.measured_text = Percent(rate);
  check.threshold_text = threshold_text;
  return check;
}

// How the red team decides a check (serve/red_team.cpp, serve/lm_red_team.cpp), which the gate decides again from
// the result's numbers, and how the numbers read.
enum class RedTeamRule { kBelow, kAtMost, kNotEqual };
enum class RedTeamUnit { kPValue, kShare, kCount, kWidth };

// One kind of red-team check: its name up to the first ':' ("width_hidden" of "width_hidden:128"), what it measures
// in a title, and what passing it means, for readers who do not know the attack.
struct RedTeamKind {
  const char* family;
  const char* title;
  const char* meaning;
  RedTeamRule rule;
  RedTeamUnit unit;
};

constexpr RedTeamKind kRedTeamKinds[] = {
    {"width_hidden", "Hidden width kept secret from the served log-probabilities",
     "Stacking the next-token distributions an API returns reveals a language model's hidden width and its output "
     "layer up to a linear map (Carlini et al. 2024); this passes when the attacker's singular-value gap does not "
     "show the true width.",
     RedTeamRule::kNotEqual, RedTeamUnit::kWidth},
    {"watermark_detected", "Watermark found in the served completions",
     "Completions carry a keyed green-list watermark (Kirchenbauer et al. 2023), so text copied from the API can be "
     "shown to come from this model; the measured value is the chance that unwatermarked text looks this marked (a "
     "p-value), and it must be at most the false-positive rate.",
     RedTeamRule::kAtMost, RedTeamUnit::kPValue},
    {"watermark_false_positives", "Watermark never claims text the model did not mark",
     "The watermark test run on the model's own unwatermarked completions and on the held-out records must call none "
     "of them watermarked, or a proof of theft could point at innocent text.",
     RedTeamRule::kAtMost, RedTeamUnit::kCount},
    {"clone_agreement", "Distilled clone of the language model stays below the fidelity limit",
     "An attacker trains a student on the tier's completions (and their log-probabilities where the tier returns "
     "them); the measured value is how often the closest student picks the model's next token on held-out text, and "
     "a copy that close to the model must not be this cheap to make. The student is small and briefly trained: a "
     "stronger attacker could come closer.",
     RedTeamRule::kBelow, RedTeamUnit::kShare},
    {"watermark_in_clone", "A clone distilled from the served completions carries the watermark",
     "The watermark must survive distillation, so that a stolen copy can be proven to be one (Gu et al. 2024): the "
     "student's own text is tested, and its p-value must be at most the false-positive rate.",
     RedTeamRule::kAtMost, RedTeamUnit::kPValue},
    {"flagged_before_clone", "Extraction attacker flagged before its clone is close",
     "Attackers query the classifier through the guarded server with their own keys; the extraction monitor must "
     "flag each before the substitute it trains agrees with the model on the configured share of customers' texts.",
     RedTeamRule::kBelow, RedTeamUnit::kShare},
    {"customer_false_alarms", "Customers wrongly flagged by the extraction monitor",
     "Benign customers replay held-out records through the same door; the measured value is the 95% upper bound on "
     "the share of them the monitor flags.",
     RedTeamRule::kAtMost, RedTeamUnit::kShare},
    {"advised_quota_holds", "The advised daily quota keeps clones away from the model",
     "The red team advises a per-key daily quota from its attackers' fidelity curves and re-attacks at that quota "
     "over several seeds; the measured value counts the seeds whose clone came within 10 points of the limit.",
     RedTeamRule::kAtMost, RedTeamUnit::kCount},
};

// The kind of a check by its name, or nullptr for one the gate does not know.
const RedTeamKind* KindOf(const std::string& check) {
  const std::string family = check.substr(0, check.find(':'));
  for (const RedTeamKind& kind : kRedTeamKinds) {
    if (family == kind.family) return &kind;
  }
  return nullptr;
}

bool Holds(RedTeamRule rule, double measured, double threshold) {
  switch (rule) {
    case RedTeamRule::kBelow:
      return measured < threshold;
    case RedTeamRule::kAtMost:
      return measured <= threshold;
    case RedTeamRule::kNotEqual:
      return measured != threshold;
  }
  return false;
}

// "p = 1.27e-37", "22.8%", "width estimate 64" or the count, as the check's unit reads.
std::string RedTeamNumberText(RedTeamUnit unit, double value) {
  switch (unit) {
    case RedTeamUnit::kPValue:
      return "p = " + FormatNumber(value);
    case RedTeamUnit::kShare:
      return Percent(value);
    case RedTeamUnit::kCount:
      return FormatNumber(value, 12);
    case RedTeamUnit::kWidth:
      return value > 0 ? "width estimate " + FormatNumber(value, 12) : "no width estimated";
  }
  return FormatNumber(value);
}

// A red-team check as a gate check. The gate decides it again from its numbers: a result that calls a failure a pass
// fails, and so does a kind of check the gate does not know (it cannot tell what the numbers mean).
GateCheck RedTeamCheck(const std::string& tier, const std::string& file, const std::string& policy,
                       const Document& entry) {
  const std::optional<std::string> check = entry.String("/name");
  const std::optional<bool> passed = entry.Bool("/passed");
  if (!check || !passed) entry.Fail(check ? "/passed" : "/name", "present");
  const double measured = entry.RequiredNumber("/measured");
  const double threshold = entry.RequiredNumber("/threshold");
  const RedTeamKind* kind = KindOf(*check);
  const bool consistent = kind && Holds(kind->rule, measured, threshold) == *passed;
  GateCheck gate_check;
  gate_check.name = "redteam." + tier + "." + *check;
  gate_check.title = (kind ? std::string(kind->title) : "Red-team check " + *check) + " (tier '" + tier + "')";
  if (kind && std::string(kind->family) == "flagged_before_clone") {
    gate_check.title += ": " + check->substr(check->rfind(':') + 1);
  }
  gate_check.source = file;
  gate_check.measured = measured;
  gate_check.threshold = threshold;
  gate_check.measured_text = kind ? RedTeamNumberText(kind->unit, measured) : FormatNumber(measured);
  gate_check.threshold_text =
      !kind                                    ? FormatNumber(threshold)
      : kind->rule == RedTeamRule::kNotEqual ? "not " + FormatNumber(threshold, 12) + " (the true width)"
                                               : RedTeamNumberText(kind->unit, threshold);
  gate_check.status = *passed && consistent ? CheckStatus::kPass : CheckStatus::kFail;
  gate_check.explanation =
      "Through the guarded server, as customers of '" + tier + "' receive answers (" + policy +
      "): " + entry.String("/detail").value_or("no detail") + ". " +
      (kind ? kind->meaning : "The gate does not know this kind of check, so it cannot pass it.") +
      (kind && !consistent ? " The result's verdict, which its own numbers contradict, does not count." : "");
  return gate_check;
}

// The serving red team's result for one tier: each of its checks as a gate check, provided it attacked the model and
// the serving config the run has now. A tier the gate requires fails without such a result; another tier's stale
// result is not evaluated.
void AddRedTeamChecks(const RunDocuments& docs, const std::string& tier, const Document* result, bool required,
                      std::vector<GateCheck>& checks) {
  const std::string file = common::RedTeamFile(tier);
  const std::string name = "redteam." + tier;
  const std::string title = "Serving red team of tier '" + tier + "'";
  const std::string rerun = " Run `leakgate redteam " + docs.run_dir.string() + " --config SERVE.yaml --tier " + tier +
                            "` (or the run's redteam stage).";
  const std::optional<std::string> stale =
      result ? RedTeamStaleReason(docs.run_dir, *result)
             : std::optional<std::string>("No red team has attacked this run's model through tier '" + tier + "'.");
  if (stale) {
    checks.push_back(Unmeasured(name, title, file, required ? CheckStatus::kFail : CheckStatus::kNotEvaluated,
                                result ? "stale" : "missing", "a result for this model",
                                *stale + (required ? " The gate requires this tier (gate.redteam_tiers)." : "") +
                                    rerun));
    return;
  }
  const nlohmann::json* listed = result->Find("/checks");
  if (!listed || !listed->is_array() || listed->empty()) {
    checks.push_back(Unmeasured(name, title, file, CheckStatus::kFail, "no checks", "a result for this model",
                                "The red team's result holds no checks, so nothing was measured." + rerun));
    return;
  }
  const std::string policy = result->String("/policy").value_or("its output policy");
  for (std::size_t i = 0; i < listed->size(); ++i) {
    checks.push_back(
        RedTeamCheck(tier, file, policy, Document((*listed)[i], file + " /checks/" + std::to_string(i))));
  }
}

// Every tier the gate requires and every tier with a result, in that order. A result's tier is its file's
// (redteam-<tier>.json), and the tier it names inside must be the same.
void RedTeamChecks(const RunDocuments& docs, const GateConfig& config, std::vector<GateCheck>& checks) {
  std::map<std::string, const Document*> results;
  for (const Document& result : docs.redteam) {
    const std::string stem = std::filesystem::path(result.file()).stem().string();
    const std::string tier = stem.substr(std::string("redteam-").size());
    if (result.String("/tier") != tier) result.Fail("/tier", "the tier its file is named after, '" + tier + "'");
    results[tier] = &result;
  }
  auto required = [&](const std::string& tier) {
    return std::find(config.redteam_tiers.begin(), config.redteam_tiers.end(), tier) != config.redteam_tiers.end();
  };
  for (const std::string& tier : config.redteam_tiers) {
    const auto found = results.find(tier);
    AddRedTeamChecks(docs, tier, found == results.end() ? nullptr : found->second, true, checks);
  }
  for (const auto& [tier, result] : results) {
    if (!required(tier)) AddRedTeamChecks(docs, tier, result, false, checks);
  }
}

}  // namespace

std::optional<std::string> RedTeamStaleReason(const std::filesystem::path& run_dir, const Document& result) {
  const nlohmann::json* attacked = result.Find("/model");
  if (!attacked || !attacked->is_object()) {
    return std::string("The result does not say which model it attacked, so it cannot vouch for this one.");
  }
  std::map<std::string, std::string> recorded;
  for (const auto& [path, digest] : attacked->items()) {
    if (!digest.is_string()) result.Fail("/model/" + path, "a SHA-256 in hex");
    recorded[path] = digest.get<std::string>();
  }
  if (recorded != common::Sha256OfFilesUnder(run_dir, common::kModelDir)) {
    return "The red team attacked a model other than the one in " + (run_dir / common::kModelDir).string() +
           " now (its files differ), so its result says nothing about this release.";
  }
  const std::optional<std::string> config = result.String("/serve_config/path");
  const std::optional<std::string> digest = result.String("/serve_config/sha256");
  if (!config || !digest) return std::string("The result does not say which serving config it attacked through.");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(*config, ec)) {
    return "The serving config it attacked through, " + *config + ", is not there to confirm it is unchanged.";
  }
  if (common::Sha256OfFile(*config) != *digest) {
    return "The serving config " + *config + " changed after the red team attacked through it.";
  }
  return std::nullopt;
}

const char* StatusName(CheckStatus status) {
  switch (status) {
    case CheckStatus::kPass:
      return "pass";
    case CheckStatus::kFail:
      return "fail";
    case CheckStatus::kNotEvaluated:
      return "not_evaluated";
    case CheckStatus::kNotApplicable:
      return "not_applicable";
  }
  return "not_evaluated";
}

int GateResult::Count(CheckStatus status) const {
  return static_cast<int>(
      std::count_if(checks.begin(), checks.end(), [&](const GateCheck& c) { return c.status == status; }));
}

const GateCheck* GateResult::Find(const std::string& name) const {
  for (const GateCheck& check : checks) {
    if (check.name == name) return &check;
  }
  return nullptr;
}

GateResult EvaluateGate(RunDocuments documents, const GateConfig& config) {
  GateResult result;
  result.config = config;
  result.documents = std::move(documents);
  const RunDocuments& docs = result.documents;
  auto& checks = result.checks;
  checks.push_back(EpsilonCheck(docs, config));
  checks.push_back(DeltaCheck(docs, config));
  checks.push_back(TotalEpsilonCheck(docs, config));
  checks.push_back(AucCheck(docs, config));
  checks.push_back(TprCheck(docs, 0.001, config.max_tpr_at_0_1pct_fpr, "mia_tpr_at_0.1pct_fpr", "0.1%", config));
  checks.push_back(TprCheck(docs, 0.01, config.max_tpr_at_1pct_fpr, "mia_tpr_at_1pct_fpr", "1%", config));
  if (config.empirical_eps_within_claim) {
    checks.push_back(OneRunCheck(docs, config, result));
    checks.push_back(SamplingCheck(docs, config, result));
  }
  checks.push_back(ExtractionCheck(docs, config));
  checks.push_back(CanaryCheck(docs, config));
  checks.push_back(CloneAdvantageCheck(docs, config));
  checks.push_back(ResidualPiiCheck(docs, config));
  checks.push_back(NearDuplicateCheck(docs, config));
  RedTeamChecks(docs, config, checks);
  result.passed = result.Count(CheckStatus::kFail) == 0 &&
                  (!config.fail_on_not_evaluated || result.Count(CheckStatus::kNotEvaluated) == 0);
  return result;
}

GateResult EvaluateGate(const std::filesystem::path& run_dir, const GateConfig& config) {
  return EvaluateGate(LoadRunDocuments(run_dir), config);
}

nlohmann::json ToJson(const GateResult& result) {
  nlohmann::json checks = nlohmann::json::array();
  for (const GateCheck& check : result.checks) {
    checks.push_back({{"name", check.name},
                      {"title", check.title},
                      {"status", StatusName(check.status)},
                      {"measured", check.measured ? nlohmann::json(*check.measured) : nlohmann::json(nullptr)},
                      {"threshold", check.threshold ? nlohmann::json(*check.threshold) : nlohmann::json(nullptr)},
                      {"measured_text", check.measured_text},
                      {"threshold_text", check.threshold_text},
                      {"explanation", check.explanation},
                      {"source", check.source}});
  }
  return {{"verdict", result.passed ? "pass" : "fail"},
          {"dp_implementation_failure", result.dp_implementation_failure},
          {"fail_on_not_evaluated", result.config.fail_on_not_evaluated},
          {"summary",
           {{"pass", result.Count(CheckStatus::kPass)},
            {"fail", result.Count(CheckStatus::kFail)},
            {"not_evaluated", result.Count(CheckStatus::kNotEvaluated)},
            {"not_applicable", result.Count(CheckStatus::kNotApplicable)}}},
          {"checks", checks}};
}

namespace {

CheckStatus ParseStatus(const std::string& name, const std::string& file) {
  for (CheckStatus status :
       {CheckStatus::kPass, CheckStatus::kFail, CheckStatus::kNotEvaluated, CheckStatus::kNotApplicable}) {
    if (name == StatusName(status)) return status;
  }
  throw common::InputError(file, 0, "unknown check status '" + name + "'");
}

std::optional<double> OptionalNumber(const nlohmann::json& value) {
  if (value.is_null()) return std::nullopt;
  return value.get<double>();
}

}  // namespace

GateResult ReadGateResult(const std::filesystem::path& run_dir, const GateConfig& config) {
  const std::string file = (run_dir / common::kGateFile).string();
  std::ifstream in(file);
  if (!in) throw common::InputError(file, 0, "missing", "run the gate stage first: leakgate run CONFIG");
  GateResult result;
  try {
    const nlohmann::json json = nlohmann::json::parse(in);
    result.passed = json.at("verdict").get<std::string>() == "pass";
    result.dp_implementation_failure = json.at("dp_implementation_failure").get<bool>();
    for (const nlohmann::json& entry : json.at("checks")) {
      GateCheck check;
      check.name = entry.at("name").get<std::string>();
      check.title = entry.at("title").get<std::string>();
      check.status = ParseStatus(entry.at("status").get<std::string>(), file);
      check.measured = OptionalNumber(entry.at("measured"));
      check.threshold = OptionalNumber(entry.at("threshold"));
      check.measured_text = entry.at("measured_text").get<std::string>();
      check.threshold_text = entry.at("threshold_text").get<std::string>();
      check.explanation = entry.at("explanation").get<std::string>();
      check.source = entry.at("source").get<std::string>();
      result.checks.push_back(std::move(check));
    }
  } catch (const nlohmann::json::exception& error) {
    throw common::InputError(file, 0, std::string("malformed: ") + error.what(), "rerun the gate stage");
  }
  result.config = config;
  result.documents = LoadRunDocuments(run_dir);
  return result;
}

std::string VerdictTable(const GateResult& result) {
  size_t width = 0;
  for (const GateCheck& check : result.checks) width = std::max(width, check.name.size());
  std::string table;
  for (const GateCheck& check : result.checks) {
    char line[512];
    std::snprintf(line, sizeof line, "  %-14s %-*s %s (limit %s)\n", StatusName(check.status), static_cast<int>(width),
                  check.name.c_str(), check.measured_text.c_str(), check.threshold_text.c_str());
    table += line;
  }
  if (result.dp_implementation_failure) {
    table += "  DP IMPLEMENTATION FAILURE: the empirical epsilon bound exceeds the accountant's epsilon\n";
  }
  table += result.passed ? "gate: PASS" : "gate: FAIL";
  table +=
      " (" + std::to_string(result.Count(CheckStatus::kPass)) + " passed, " +
      std::to_string(result.Count(CheckStatus::kFail)) + " failed, " +
      std::to_string(result.Count(CheckStatus::kNotApplicable)) + " not applicable, " +
      std::to_string(result.Count(CheckStatus::kNotEvaluated)) + " not evaluated" +
      (result.config.fail_on_not_evaluated ? ", which fail the gate" : ", allowed by fail_on_not_evaluated: false") +
      ")\n";
  return table;
}

}  // namespace leakgate::report
