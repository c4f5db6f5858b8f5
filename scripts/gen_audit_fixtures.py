#!/usr/bin/python3
"""Reference values for the audit-metrics tests, computed with scikit-learn and SciPy (Debian packages
python3-sklearn, python3-scipy). Writes tests/data/audit/*.json; the C++ tests only read those files.

Run from the repository root: /usr/bin/python3 scripts/gen_audit_fixtures.py
"""
import json
import math
import pathlib
import zlib

import numpy as np
import scipy.optimize
import scipy.special
import scipy.stats
import sklearn
import sklearn.metrics

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "audit"
FPR_TARGETS = [0.0, 0.001, 0.01, 0.05, 0.1, 1.0 / 3.0, 0.5, 1.0]


def tpr_at(fpr, tpr, target):
    """TPR at an FPR: linear between the ROC points around it; at a vertical step exactly there, the top of it."""
    last = np.searchsorted(fpr, target, side="right") - 1
    if fpr[last] == target or last + 1 == len(fpr):
        return float(tpr[last])
    w = (target - fpr[last]) / (fpr[last + 1] - fpr[last])
    return float(tpr[last] + w * (tpr[last + 1] - tpr[last]))


def roc_case(name, scores, labels):
    fpr, tpr, thr = sklearn.metrics.roc_curve(labels, scores, drop_intermediate=False)
    return {
        "name": name,
        "scores": [float(s) for s in scores],
        "labels": [int(l) for l in labels],
        "fpr": fpr.tolist(),
        "tpr": tpr.tolist(),
        # sklearn >= 1.3 starts at +inf, older versions at max + 1; the first threshold is not compared.
        "thresholds": [None] + thr[1:].tolist(),
        "auc": float(sklearn.metrics.roc_auc_score(labels, scores)),
        "tpr_at_fpr": [{"fpr": t, "tpr": tpr_at(fpr, tpr, t)} for t in FPR_TARGETS],
        "advantage": float(np.max(tpr - fpr)),
    }


def roc_fixture():
    rng = np.random.default_rng(20231123)
    cases = [roc_case("tiny_with_ties", [0.9, 0.8, 0.8, 0.7, 0.5, 0.5, 0.5, 0.1], [1, 1, 0, 1, 0, 1, 0, 0])]
    labels = rng.integers(0, 2, 300)
    scores = np.round(rng.normal(0.0, 1.0, 300) + 0.8 * labels, 1)  # rounding makes many ties
    cases.append(roc_case("gaussian_shift_rounded", scores, labels))
    labels = (rng.random(800) < 0.3).astype(int)
    scores = rng.normal(0.0, 1.0, 800) + 1.5 * labels
    cases.append(roc_case("imbalanced_continuous", scores, labels))
    return {"sklearn_version": sklearn.__version__, "cases": cases}


def stats_fixture():
    incomplete_beta = []
    for a, b, x in [(0.5, 0.5, 0.3), (2.0, 3.0, 0.4), (10.0, 20.0, 0.25), (1.0, 1.0, 0.77), (50.0, 5.0, 0.95),
                    (200.0, 300.0, 0.41), (3.0, 1000.0, 0.001), (0.1, 10.0, 0.9999)]:
        incomplete_beta.append({"a": a, "b": b, "x": x, "value": float(scipy.special.betainc(a, b, x))})
    clopper_pearson = []
    for k, n, conf in [(0, 10, 0.95), (1, 10, 0.95), (5, 10, 0.95), (10, 10, 0.95), (3, 1000, 0.95),
                       (500, 1000, 0.99), (1, 1000000, 0.95), (99, 100, 0.9), (7, 50, 0.5)]:
        alpha = 1.0 - conf
        lo = 0.0 if k == 0 else float(scipy.stats.beta.ppf(alpha / 2, k, n - k + 1))
        hi = 1.0 if k == n else float(scipy.stats.beta.ppf(1 - alpha / 2, k + 1, n - k))
        clopper_pearson.append({"successes": k, "trials": n, "confidence": conf, "lower": lo, "upper": hi})
    binomial_tail = []
    for v, r, q in [(5, 10, 0.5), (90, 100, 0.8), (1, 1000, 0.001), (60, 100, 0.5), (1000, 1000, 0.999)]:
        binomial_tail.append({"successes": v, "trials": r, "p": q, "value": float(scipy.stats.binom.sf(v - 1, r, q))})
    return {"scipy_version": scipy.__version__, "incomplete_beta": incomplete_beta,
            "clopper_pearson": clopper_pearson, "binomial_upper_tail": binomial_tail}


def one_run_p_value(m, r, v, eps, delta):
    """Steinke-Nasr-Jagielski 2023 main theorem: the probability bound on >= v correct out of r guesses."""
    q = 1.0 / (1.0 + math.exp(-eps))
    tail = scipy.stats.binom.sf(v - 1, r, q)
    if delta == 0.0:
        return min(tail, 1.0)
    pmf = scipy.stats.binom.pmf(np.arange(v - 1, -1, -1), r, q)  # P[X = v-1], P[X = v-2], ...
    averages = np.cumsum(pmf) / np.arange(1, v + 1)
    return min(tail + 2.0 * m * delta * float(np.max(averages)), 1.0)


def one_run_fixture():
    cases = []
    for m, r, v, delta, beta in [(1000, 100, 100, 0.0, 0.05), (1000, 100, 90, 0.0, 0.05), (1000, 200, 150, 0.0, 0.05),
                                 (10000, 1000, 700, 0.0, 0.05), (1000, 100, 55, 0.0, 0.05),
                                 (1000, 100, 95, 1e-5, 0.05), (10000, 1000, 800, 1e-6, 0.01),
                                 (1000, 500, 400, 1e-4, 0.05)]:
        f = lambda eps: one_run_p_value(m, r, v, eps, delta) - beta
        eps = 0.0 if f(0.0) >= 0 else float(scipy.optimize.brentq(f, 0.0, 60.0, xtol=1e-12))
        cases.append({"canaries": m, "guesses": r, "correct": v, "delta": delta, "beta": beta,
                      "epsilon_lower_bound": eps,
                      "p_value_at_1": one_run_p_value(m, r, v, 1.0, delta)})
    return {"cases": cases}


def skew_normal_fixture():
    cases = []
    for shape, loc, scale in [(0.0, 0.0, 1.0), (4.0, -2.0, 3.0), (-3.0, 10.0, 0.5), (1.5, 100.0, 20.0)]:
        for z in [-3.0, -1.0, 0.0, 0.7, 2.0, 4.0, 6.0, 9.0]:
            x = loc + z * scale
            cases.append({"shape": shape, "location": loc, "scale": scale, "x": x,
                          "survival": float(scipy.stats.skewnorm.sf(x, shape, loc=loc, scale=scale))})
    return {"cases": cases}


def zlib_fixture():
    texts = ["", "a", "hello world", "the quick brown fox jumps over the lazy dog " * 20,
             "Patient John Doe, born 1970-01-01, SSN 123-45-6789.", "\u00e9t\u00e9 \u65e5\u672c\u8a9e \U0001F600"]
    return {"cases": [{"text": t, "bits": 8 * len(zlib.compress(t.encode("utf-8")))} for t in texts]}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, fixture in [("roc", roc_fixture()), ("stats", stats_fixture()), ("one_run", one_run_fixture()),
                          ("skew_normal", skew_normal_fixture()), ("zlib", zlib_fixture())]:
        path = OUT / f"{name}.json"
        path.write_text(json.dumps(fixture, indent=1) + "\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
