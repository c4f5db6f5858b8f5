#!/usr/bin/python3
"""Golden scores from the reference implementations of the reference-model attacks, run unmodified on fixed signal
arrays with Debian's numpy, scipy and scikit-learn (python3-numpy, python3-scipy, python3-sklearn):

  LiRA: compute_score_lira and calculate_statistic of TF Privacy (tensorflow_privacy/privacy/privacy_tests/
        membership_inference_attack/advanced_mia.py), the LiRA authors' library version;
  RMIA: run_rmia of privacy_meter (modules/mia/attacks/rmia.py), the RMIA authors' tool.

The reference code is not part of this repository. Check out both and point the script at them; it loads the two
files by path (TF Privacy's package __init__, which needs TensorFlow, is not run) and records their commits:

  /usr/bin/python3 scripts/gen_reference_mia_fixtures.py --tf-privacy DIR --tf-privacy-commit SHA \\
      --privacy-meter DIR --privacy-meter-commit SHA

Writes tests/data/audit/reference_mia.json, which tests/audit/reference_mia_test.cpp compares leakgate's scores with.
"""
import argparse
import importlib.util
import json
import pathlib
import sys
import types

import numpy as np
import sklearn.metrics

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "audit" / "reference_mia.json"
CANDIDATES, POPULATION, REFERENCES = 48, 64, 8


def load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_tf_privacy(root):
    """advanced_mia.py imports its sibling utils.py through the package; register the packages as empty shells."""
    tests_dir = pathlib.Path(root) / "tensorflow_privacy" / "privacy" / "privacy_tests"
    for package, directory in [("tensorflow_privacy", tests_dir.parent.parent), ("tensorflow_privacy.privacy",
                                tests_dir.parent), ("tensorflow_privacy.privacy.privacy_tests", tests_dir)]:
        shell = types.ModuleType(package)
        shell.__path__ = [str(directory)]
        sys.modules[package] = shell
    load_module("tensorflow_privacy.privacy.privacy_tests.utils", tests_dir / "utils.py")
    return load_module("advanced_mia", tests_dir / "membership_inference_attack" / "advanced_mia.py")


def half_in(rng, rows):
    """Each row IN for exactly half of the reference models, as leakgate's reference models are trained."""
    mask = np.zeros((rows, REFERENCES), dtype=bool)
    for row in mask:
        row[rng.permutation(REFERENCES)[: REFERENCES // 2]] = True
    return mask


def losses(rng, shape, member_shift=None):
    values = rng.gamma(2.0, 0.5, shape) + 0.01
    return values if member_shift is None else values * member_shift


def logit_statistic(advanced_mia, loss):
    """TF Privacy's "logit" statistic log(p / (1 - p)) from two-class probability vectors [p, 1 - p]."""
    flat = np.asarray(loss, dtype=np.float64).ravel()
    probabilities = np.stack([np.exp(-flat), -np.expm1(-flat)], axis=1)
    statistic = advanced_mia.calculate_statistic(probabilities, np.zeros(flat.size, dtype=int), is_logits=False,
                                                 option="logit")
    return statistic.reshape(np.shape(loss))


def lira_cases(advanced_mia, target_loss, reference_loss, reference_in):
    target = logit_statistic(advanced_mia, target_loss)[:, None]
    reference = logit_statistic(advanced_mia, reference_loss)
    stat_in = [reference[i][reference_in[i]][:, None] for i in range(len(target))]
    stat_out = [reference[i][~reference_in[i]][:, None] for i in range(len(target))]
    cases = {}
    for fix_variance in (False, True):
        for option in ("both", "out"):
            scores = advanced_mia.compute_score_lira(target, stat_in, stat_out, option=option,
                                                     fix_variance=fix_variance, median_or_mean="median")
            cases[f"{option}{'_fix_variance' if fix_variance else ''}"] = scores.tolist()
    return cases


def rmia_cases(rmia, target_loss, reference_loss, reference_in, population_target, population_reference,
               population_in):
    signals = np.exp(-target_loss)
    reference_signals = np.exp(-reference_loss)
    z_signals = np.exp(-population_target)
    z_reference = np.exp(-population_reference)
    # Offline: the population's OUT reference models, REFERENCES / 2 of them per sample.
    z_out = np.stack([row[~mask] for row, mask in zip(z_reference, population_in)])
    cases = {}
    for a in (0.3, 0.7, 1.0):
        cases[f"offline_a_{a}"] = rmia.run_rmia(signals, reference_signals, reference_in, z_signals, z_out, a,
                                                REFERENCES // 2).tolist()
    # Online: every reference model for x and z (no membership), Pr(x) their plain mean (a = 1).
    cases["online"] = rmia.run_rmia(signals, reference_signals, np.zeros_like(reference_in), z_signals, z_reference,
                                    1.0, REFERENCES).tolist()
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tf-privacy", required=True)
    parser.add_argument("--tf-privacy-commit", required=True)
    parser.add_argument("--privacy-meter", required=True)
    parser.add_argument("--privacy-meter-commit", required=True)
    args = parser.parse_args()
    advanced_mia = load_tf_privacy(args.tf_privacy)
    rmia = load_module("rmia", pathlib.Path(args.privacy_meter) / "modules" / "mia" / "attacks" / "rmia.py")

    rng = np.random.default_rng(20261204)
    is_member = np.arange(CANDIDATES) % 2 == 0
    target_loss = np.where(is_member, losses(rng, CANDIDATES, 0.6), losses(rng, CANDIDATES))
    reference_in = half_in(rng, CANDIDATES)
    reference_loss = np.where(reference_in, losses(rng, (CANDIDATES, REFERENCES), 0.6),
                              losses(rng, (CANDIDATES, REFERENCES)))
    population_target = losses(rng, POPULATION)
    population_in = half_in(rng, POPULATION)
    population_reference = np.where(population_in, losses(rng, (POPULATION, REFERENCES), 0.6),
                                    losses(rng, (POPULATION, REFERENCES)))
    fixture = {
        "sources": {"tf_privacy": args.tf_privacy_commit, "privacy_meter": args.privacy_meter_commit,
                    "numpy": np.__version__},
        "target_loss": target_loss.tolist(),
        "reference_loss": reference_loss.tolist(),
        "reference_in": reference_in.tolist(),
        "is_member": is_member.tolist(),
        "population_target_loss": population_target.tolist(),
        "population_reference_loss": population_reference.tolist(),
        "population_reference_in": population_in.tolist(),
        "lira": lira_cases(advanced_mia, target_loss, reference_loss, reference_in),
        "rmia": rmia_cases(rmia, target_loss, reference_loss, reference_in, population_target, population_reference,
                           population_in),
    }
    # scikit-learn's AUC of each reference score, oriented so that members score high (LiRA's scores are low).
    fixture["auc"] = {f"lira_{name}": sklearn.metrics.roc_auc_score(is_member, -np.array(scores))
                      for name, scores in fixture["lira"].items() if name.startswith("both")}
    fixture["auc"].update({f"rmia_{name}": sklearn.metrics.roc_auc_score(is_member, scores)
                           for name, scores in fixture["rmia"].items()})
    OUT.write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
