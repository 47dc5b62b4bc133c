"""Golden vectors for src/ml/metrics and src/ml/split, from scikit-learn 1.2.1 and SciPy 1.10.1.

Run with the Debian interpreter that has these versions:

    /usr/bin/python3 test/reference/metrics_split_vectors.py

It writes metrics_split_vectors.json next to this script, with four parts:

- "metrics": label vectors (random, imbalanced and edge cases: absent classes, a single class,
  perfect and worst predictions, n = 1) with every metric of the report as scikit-learn computes
  it, both for its default label set (the classes present in y_true or y_pred) and for all
  classes (labels=range(K)); the text of classification_report; the no-information rate and
  scipy.stats.binomtest(correct, n, NIR, alternative="greater").pvalue.
- "binomial": upper binomial tails P(X >= k) from scipy.stats.binomtest and an exact value summed
  with mpmath at 60 digits (the independent reference for our tail).
- "approximateMode": sklearn.utils._approximate_mode outcomes over 30 NumPy seeds plus the
  structure that every outcome shares (the floor plus the certain additions, and the tie group in
  which ties are broken at random), checked against the outcomes here.
- "splits": per-stratum counts of train_test_split(stratify=...) (one stage) and of the two-stage
  split (test first, then validation from the rest), for many sizes and class balances; a stage
  whose counts depend on a random tie-break is marked and carries the allowed structure instead.
  Strata with one member make scikit-learn raise; these cases hold what our documented rule gives
  (such rows go to train, the rest is split by scikit-learn).
- "groups": LeaveOneGroupOut and GroupKFold test folds.

Floats that are NaN or infinite are written as "nan", "inf", "-inf".
"""

import json
import math
import os
import warnings
from fractions import Fraction

import mpmath
import numpy as np
import scipy
import sklearn
from scipy.stats import binomtest
from sklearn.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    classification_report,
    cohen_kappa_score,
    confusion_matrix,
    matthews_corrcoef,
    precision_recall_fscore_support,
)
from sklearn.model_selection import GroupKFold, LeaveOneGroupOut, train_test_split
from sklearn.utils import _approximate_mode

assert sklearn.__version__ == "1.2.1", sklearn.__version__
assert scipy.__version__ == "1.10.1", scipy.__version__

warnings.simplefilter("ignore")
rng = np.random.default_rng(20240801)


def enc(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def encs(values):
    return [enc(v) for v in values]


# ---------------------------------------------------------------- exact binomial upper tail


def exact_upper_tail(k, n, p):
    """P(X >= k) for X ~ Binomial(n, p), p the exact value of the float, summed at 60 digits."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    mpmath.mp.dps = 60
    p = mpmath.mpf(p)
    q = 1 - p
    if p == 1:
        return 1.0
    if p == 0:
        return 0.0

    def pmf(x):
        return mpmath.binomial(n, x) * p**x * q ** (n - x)

    mean = n * p
    tiny = mpmath.mpf(10) ** -45
    if k > mean:
        # Terms decrease from k upwards.
        total = mpmath.mpf(0)
        term = pmf(k)
        x = k
        while True:
            total += term
            if x == n or term < tiny * total:
                break
            term = term * (n - x) / (x + 1) * p / q
            x += 1
        return float(total)
    # Complement: the lower tail P(X <= k - 1), terms decreasing from k - 1 downwards.
    total = mpmath.mpf(0)
    x = k - 1
    term = pmf(x)
    while True:
        total += term
        if x == 0 or term < tiny * total:
            break
        term = term * x / (n - x + 1) * q / p
        x -= 1
    return float(1 - total)


# ---------------------------------------------------------------- metrics


def names_for(k):
    base = [
        "B_cell",
        "T_cell",
        "T_cell_with_signaling",
        "T_cell_with_B_cell_fragments",
        "B_T_cell_in_one_layer",
        "Synapses_without_signaling",
        "Synapses_with_signaling",
        "No_cell_cell_interaction",
        "Multiplets",
    ]
    if k <= len(base):
        return base[:k]
    return [f"class_{i}" for i in range(k)]


def noisy(y_true, k, accuracy):
    """Predictions equal to y_true with probability `accuracy`, else a random other class."""
    y_pred = y_true.copy()
    wrong = rng.random(y_true.size) >= accuracy
    shift = rng.integers(1, max(k, 2), y_true.size)
    y_pred[wrong] = (y_true[wrong] + shift[wrong]) % k
    return y_pred


def prf_block(y_true, y_pred, labels):
    out = {}
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, average=None)
    out["perClass"] = {"precision": encs(p), "recall": encs(r), "f1": encs(f), "support": [int(v) for v in s]}
    for average in ("macro", "micro", "weighted"):
        p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, labels=labels, average=average)
        out[average] = {"precision": enc(p), "recall": enc(r), "f1": enc(f)}
    kappa = {}
    for weights in (None, "linear", "quadratic"):
        kappa[weights or "none"] = enc(cohen_kappa_score(y_true, y_pred, labels=labels, weights=weights))
    out["kappa"] = kappa
    return out


def metric_case(name, y_true, y_pred, k):
    y_true = np.asarray(y_true, dtype=np.int64)
    y_pred = np.asarray(y_pred, dtype=np.int64)
    names = names_for(k)
    present = sorted(set(y_true.tolist()) | set(y_pred.tolist()))
    all_labels = list(range(k))
    n = y_true.size
    correct = int(np.sum(y_true == y_pred))
    nir = np.bincount(y_true, minlength=k).max() / n
    case = {
        "name": name,
        "classCount": k,
        "classNames": names,
        "yTrue": y_true.tolist(),
        "yPred": y_pred.tolist(),
        "presentLabels": present,
        "accuracy": enc(accuracy_score(y_true, y_pred)),
        "balancedAccuracy": enc(balanced_accuracy_score(y_true, y_pred)),
        "matthews": enc(matthews_corrcoef(y_true, y_pred)),
        "confusionMatrix": confusion_matrix(y_true, y_pred, labels=all_labels).tolist(),
        "noInformationRate": enc(nir),
        "accuracyPValue": enc(binomtest(correct, n, nir, alternative="greater").pvalue),
        "accuracyPValueExact": enc(exact_upper_tail(correct, n, nir)),
        "present": prf_block(y_true, y_pred, present),
        "all": prf_block(y_true, y_pred, all_labels),
        "reportPresent": classification_report(
            y_true, y_pred, target_names=[names[i] for i in present], digits=2
        ),
        "reportPresentDigits4": classification_report(
            y_true, y_pred, target_names=[names[i] for i in present], digits=4
        ),
        "reportAll": classification_report(y_true, y_pred, labels=all_labels, target_names=names, digits=2),
    }
    # The default label set must be what sklearn's functions use without labels=.
    p_default = precision_recall_fscore_support(y_true, y_pred, average="macro")[0]
    assert enc(p_default) == case["present"]["macro"]["precision"], name
    assert enc(cohen_kappa_score(y_true, y_pred)) == case["present"]["kappa"]["none"], name
    return case


metric_cases = []


def add_metric(name, y_true, y_pred, k):
    metric_cases.append(metric_case(name, y_true, y_pred, k))


paper_priors = np.array([0.13, 0.12, 0.1, 0.05, 0.12, 0.13, 0.13, 0.1, 0.12])
paper_priors = paper_priors / paper_priors.sum()

y = rng.integers(0, 3, 30)
add_metric("perfect_3", y, y, 3)
add_metric("worst_3", y, (y + 1) % 3, 3)
y = rng.choice(9, 300, p=paper_priors)
add_metric("perfect_9", y, y, 9)
add_metric("worst_9", y, (y + 4) % 9, 9)
for k, n in [(2, 20), (2, 500), (3, 20), (3, 100), (5, 100), (5, 500), (9, 200), (9, 1000)]:
    y = rng.integers(0, k, n)
    add_metric(f"random_uniform_k{k}_n{n}", y, rng.integers(0, k, n), k)
for k, n, acc in [(3, 60, 0.8), (5, 250, 0.7), (9, 500, 0.9)]:
    y = rng.integers(0, k, n)
    add_metric(f"noisy_k{k}_n{n}_acc{acc}", y, noisy(y, k, acc), k)
y = rng.choice(9, 1567, p=paper_priors)
add_metric("paper_like_k9_n1567", y, noisy(y, 9, 0.92), 9)
y = rng.choice(9, 20000, p=paper_priors)
add_metric("large_k9_n20000", y, noisy(y, 9, 0.85), 9)
y = rng.integers(0, 20, 3000)
add_metric("many_classes_k20", y, noisy(y, 20, 0.6), 20)
y = rng.integers(0, 130, 2600)
add_metric("very_many_classes_k130", y, noisy(y, 130, 0.5), 130)
# Imbalance: geometric priors and a class with one member.
priors = 0.5 ** np.arange(6)
y = rng.choice(6, 400, p=priors / priors.sum())
y[0] = 5
add_metric("imbalanced_k6", y, noisy(y, 6, 0.75), 6)
y = np.array([0] * 95 + [1] * 5)
add_metric("binary_imbalanced", y, noisy(y, 2, 0.9), 2)
add_metric("binary_all_majority", y, np.zeros(100, dtype=int), 2)
y = rng.integers(0, 2, 40)
add_metric("binary_perfect", y, y, 2)
add_metric("binary_all_wrong", y, 1 - y, 2)
# Absent classes.
y = rng.integers(0, 3, 50)
p = noisy(y, 4, 0.6)
p[:3] = 3
add_metric("absent_in_true", y, p, 4)
y = rng.integers(0, 4, 80)
add_metric("absent_in_pred", y, np.where(noisy(y, 4, 0.7) == 2, 0, noisy(y, 4, 0.7)), 4)
y = rng.choice([0, 2, 4], 60)
add_metric("absent_from_both", y, np.where(rng.random(60) < 0.7, y, rng.choice([0, 2, 4], 60)), 5)
y = rng.choice([1, 3], 30)
add_metric("absent_from_both_gaps_weighted_kappa", y, rng.choice([1, 3, 4], 30), 5)
add_metric("constant_prediction", rng.integers(0, 4, 70), np.full(70, 2), 4)
# A single class.
add_metric("single_class_perfect", np.zeros(12, dtype=int), np.zeros(12, dtype=int), 1)
add_metric("single_class_of_three_perfect", np.ones(7, dtype=int), np.ones(7, dtype=int), 3)
add_metric("single_true_class_two_predicted", np.zeros(10, dtype=int), np.array([0] * 6 + [1] * 4), 2)
add_metric("single_true_class_all_wrong", np.zeros(10, dtype=int), np.full(10, 2), 3)
# Tiny inputs.
add_metric("one_sample_correct", [1], [1], 3)
add_metric("one_sample_wrong", [1], [2], 3)
add_metric("two_samples", [0, 1], [1, 1], 2)
# Values like 0.125 and 0.375 round half to even in the text table.
add_metric("exact_halves_for_rounding", [0] * 8 + [1] * 8 + [2] * 8, [0] + [1] * 7 + [1] * 3 + [0] * 5 + [2] * 8, 3)
add_metric(
    "exact_halves_625",
    [0] * 8 + [1] * 8,
    [0] * 5 + [1] * 3 + [1] * 8,
    2,
)

# ---------------------------------------------------------------- binomial tails

binomial_cases = []


def add_binomial(k, n, p):
    binomial_cases.append(
        {
            "k": k,
            "n": n,
            "p": enc(p),
            "scipy": enc(binomtest(k, n, p, alternative="greater").pvalue),
            "exact": enc(exact_upper_tail(k, n, p)),
        }
    )


for k, n, p in [
    (0, 10, 0.3),
    (1, 10, 0.3),
    (3, 10, 0.3),
    (10, 10, 0.3),
    (5, 10, 0.5),
    (6, 10, 0.5),
    (1, 1, 0.5),
    (0, 1, 0.5),
    (1, 1, 1.0),
    (7, 10, 1.0),
    (10, 10, 1.0),
    (1440, 1567, 209 / 1567),
    (300, 1567, 0.13),
    (205, 1567, 204 / 1567),
    (200, 1567, 204 / 1567),
    (190, 1567, 204 / 1567),
    (230, 1567, 204 / 1567),
    (260, 1567, 204 / 1567),
    (1567, 1567, 0.9),
    (5000, 5000, 0.9),
    (4480, 5000, 0.9),
    (4520, 5000, 0.9),
    (4600, 5000, 0.9),
    (4400, 5000, 0.9),
    (33000, 100000, 1 / 3),
    (33500, 100000, 1 / 3),
    (34000, 100000, 1 / 3),
    (32000, 100000, 1 / 3),
    (500000, 1000000, 0.5),
    (500800, 1000000, 0.5),
    (502500, 1000000, 0.5),
    (499000, 1000000, 0.5),
    (3, 1000000, 1e-6),
    (10, 1000000, 1e-6),
    (1000, 1000, 0.999),
    (995, 1000, 0.999),
    (40, 100, 0.13),
    (13, 100, 0.13),
    (14, 100, 0.13),
    (60, 100, 0.13),
    (90, 100, 0.13),
    (92, 100, 0.13),
]:
    add_binomial(k, n, p)

# ---------------------------------------------------------------- approximate mode


def mode_structure(class_counts, n_draws):
    """What every outcome of _approximate_mode shares: the floor plus the certain additions
    (lower), and the one tie group (indices, how many of them get +1) broken at random."""
    class_counts = np.asarray(class_counts)
    continuous = class_counts / class_counts.sum() * n_draws
    floored = np.floor(continuous)
    need = int(n_draws - floored.sum())
    lower = floored.astype(int).copy()
    tied, picks = [], 0
    if need > 0:
        remainder = continuous - floored
        for value in np.sort(np.unique(remainder))[::-1]:
            (inds,) = np.where(remainder == value)
            if len(inds) <= need:
                lower[inds] += 1
                need -= len(inds)
            else:
                tied, picks = inds.tolist(), need
                need = 0
            if need == 0:
                break
    return lower.tolist(), tied, picks


def fits(outcome, lower, tied, picks):
    extra = np.asarray(outcome) - np.asarray(lower)
    if np.any(extra < 0) or np.any(extra > 1):
        return False
    if tied:
        mask = np.zeros(len(lower), dtype=bool)
        mask[tied] = True
        return not np.any(extra[~mask]) and int(extra[mask].sum()) == picks
    return not np.any(extra)


mode_cases = []


def add_mode(counts, draws):
    counts = np.asarray(counts)
    outcomes = sorted({tuple(int(v) for v in _approximate_mode(counts, draws, seed)) for seed in range(30)})
    lower, tied, picks = mode_structure(counts, draws)
    for outcome in outcomes:
        assert fits(outcome, lower, tied, picks), (counts, draws, outcome, lower, tied, picks)
    assert (len(outcomes) == 1) == (len(tied) == 0 or picks == 0)
    mode_cases.append(
        {
            "counts": counts.tolist(),
            "draws": int(draws),
            "lower": lower,
            "tied": tied,
            "picks": picks,
            "outcomes": [list(o) for o in outcomes],
        }
    )


for counts, draws in [
    ([4, 2], 3),
    ([5, 2], 4),
    ([2, 2, 2, 1], 2),
    ([10], 7),
    ([3, 3, 3], 3),
    ([3, 3, 3], 4),
    ([7, 11, 13, 17], 10),
    ([100, 1, 1, 1], 4),
    ([2] * 12, 7),
    ([5, 5, 5, 5, 5, 5, 5], 35),
    ([5, 5, 5, 5, 5, 5, 5], 0),
]:
    add_mode(counts, draws)
for i in range(30):
    k = int(rng.integers(2, 30))
    counts = rng.integers(1, 200, k) if i % 3 else rng.integers(2, 8, k)
    draws = int(rng.integers(0, counts.sum() + 1))
    add_mode(counts, draws)

# ---------------------------------------------------------------- stratified splits


def stratum_names(count):
    labels = names_for(9)
    names = []
    for i in range(count):
        names.append(f"{labels[i % 9]}|exp{(i // 9) % 4}|donor{i // 36}")
    return names


def expand(names, counts):
    """The key of every row, strata interleaved (the TypeScript test rebuilds the same order)."""
    keys = []
    remaining = list(counts)
    while any(remaining):
        for i, name in enumerate(names):
            if remaining[i]:
                keys.append(name)
                remaining[i] -= 1
    return np.array(keys, dtype=object)


def stage(keys, rows, test_size):
    """One train_test_split stage over `rows` with our singleton rule; per-stratum (train, test)
    counts of each outcome over seeds, plus the tie structure of the train allocation."""
    sub = keys[rows]
    uniq, inverse = np.unique(sub.astype(str), return_inverse=True)
    counts = np.bincount(inverse)
    eligible_mask = counts[inverse] >= 2
    eligible = rows[eligible_mask]
    singles = rows[~eligible_mask]
    e_uniq, e_inverse = np.unique(keys[eligible].astype(str), return_inverse=True)
    e_counts = np.bincount(e_inverse)
    n = eligible.size
    n_test = math.ceil(test_size * n)
    n_train = n - n_test
    lower, tied, picks = mode_structure(e_counts, n_train)
    outcomes = {}
    for seed in range(5):
        train, test = train_test_split(eligible, test_size=test_size, stratify=keys[eligible].astype(str), random_state=seed)
        train_all = np.concatenate([train, singles])
        outcomes[seed] = (train_all, test)
    return {
        "strata": e_uniq.tolist(),
        "counts": e_counts.tolist(),
        "trainLower": lower,
        "trainTied": tied,
        "trainPicks": picks,
        "tieFree": len(tied) == 0 or picks == 0,
        "singletonRows": int(singles.size),
    }, outcomes


def per_stratum(keys, names, rows):
    index = {name: i for i, name in enumerate(names)}
    out = [0] * len(names)
    for key in keys[rows]:
        out[index[key]] += 1
    return out


split_cases = []


def add_split(name, names, counts, test_size, validation_size):
    keys = expand(names, counts)
    rows = np.arange(keys.size)
    case = {"name": name, "strata": names, "counts": list(counts), "testSize": test_size}
    try:
        first, outcomes = stage(keys, rows, test_size)
    except ValueError as error:
        case["error"] = str(error)
        split_cases.append(case)
        return
    case["testStage"] = first
    test_counts = {tuple(per_stratum(keys, names, outcomes[s][1])) for s in outcomes}
    assert (len(test_counts) == 1) or not first["tieFree"]
    if first["tieFree"]:
        case["test"] = list(next(iter(test_counts)))
    if validation_size is not None:
        case["validationSize"] = validation_size
        if first["tieFree"]:
            rest = outcomes[0][0]
            try:
                second, outcomes2 = stage(keys, np.sort(rest), validation_size)
            except ValueError as error:
                case["validationError"] = str(error)
                split_cases.append(case)
                return
            case["validationStage"] = second
            if second["tieFree"]:
                val_counts = {tuple(per_stratum(keys, names, outcomes2[s][1])) for s in outcomes2}
                assert len(val_counts) == 1
                case["validation"] = list(next(iter(val_counts)))
                case["train"] = [c - t - v for c, t, v in zip(counts, case["test"], case["validation"])]
    split_cases.append(case)


# The paper's shape: 5,221 cells over 9 labels x (experiment, donor).
for i in range(6):
    names = stratum_names(9 * 12)
    weights = rng.dirichlet(np.ones(len(names)) * 0.8)
    counts = rng.multinomial(5221 - 2 * len(names), weights) + 2
    add_split(f"paper_shape_{i}", names, counts.tolist(), 0.3, 0.2)
for test_size in (0.1, 0.2, 0.25, 0.3, 1 / 3, 0.5, 0.7):
    for validation_size in (0.1, 0.2, 0.25):
        for balance in ("balanced", "imbalanced", "small", "distinct"):
            k = int(rng.integers(2, 24))
            names = stratum_names(k)
            if balance == "balanced":
                counts = [int(rng.integers(40, 60))] * k
                counts = [c + int(rng.integers(0, 3)) for c in counts]
            elif balance == "imbalanced":
                counts = np.maximum(2, (500 * 0.6 ** np.arange(k)).astype(int) + rng.integers(0, 5, k)).tolist()
            elif balance == "small":
                counts = rng.integers(3, 9, k).tolist()
            else:
                counts = rng.choice(np.arange(10, 400), k, replace=False).tolist()
            add_split(f"{balance}_k{k}_test{test_size:.3f}_val{validation_size}", names, counts, test_size, validation_size)
# Strata with a single member (ours: to train and reported; sklearn would raise).
names = stratum_names(7)
add_split("singletons_at_test_stage", names, [30, 1, 25, 1, 40, 12, 2], 0.3, 0.2)
add_split("two_member_strata", stratum_names(12), [2] * 10 + [50, 61], 0.3, 0.2)
add_split("singleton_only_at_validation_stage", stratum_names(3), [2, 41, 57], 0.3, 0.25)
# Errors sklearn raises (and we raise too): fewer test rows than strata.
add_split("too_many_strata_for_test", stratum_names(30), [2] * 30, 0.1, None)
add_split("empty_train", stratum_names(2), [2, 2], 0.9, None)

# ---------------------------------------------------------------- groups

group_cases = []
# Up to 16 groups NumPy's argsort is an insertion sort (stable), so equal group sizes are tested
# there; with more groups the sizes are distinct.
for n_groups, k, ties in [(4, 2, True), (6, 3, True), (12, 5, True), (16, 4, True), (25, 5, False), (3, 3, True)]:
    labels = [f"exp{g // 3}|donor{g % 3}" for g in range(n_groups)]
    if ties:
        sizes = rng.integers(1, 4, n_groups) * 5
    else:
        sizes = rng.permutation(np.arange(1, n_groups + 1)) * 3 + 1  # distinct sizes
    groups = np.repeat(np.array(labels, dtype=object), sizes)
    groups = groups[rng.permutation(groups.size)]
    logo = [test.tolist() for _, test in LeaveOneGroupOut().split(groups, groups=groups)]
    gkf = [test.tolist() for _, test in GroupKFold(n_splits=k).split(groups, groups=groups)]
    group_cases.append({"groups": groups.tolist(), "k": k, "leaveOneGroupOut": logo, "groupKFold": gkf})

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "metrics_split_vectors.json")
with open(path, "w") as f:
    json.dump(
        {
            "source": "scikit-learn 1.2.1 / SciPy 1.10.1 / NumPy 1.24 / mpmath",
            "metrics": metric_cases,
            "binomial": binomial_cases,
            "approximateMode": mode_cases,
            "splits": split_cases,
            "groups": group_cases,
        },
        f,
        separators=(",", ":"),
    )
print(
    f"wrote {len(metric_cases)} metric, {len(binomial_cases)} binomial, {len(mode_cases)} mode, "
    f"{len(split_cases)} split and {len(group_cases)} group cases to {path}"
)
print("split cases tie-free at both stages:", sum("train" in c for c in split_cases))
