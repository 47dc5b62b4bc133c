"""Golden vectors for the random forest and the feature-selection kernels.

Run with the Debian interpreter (scikit-learn 1.2.1, SciPy 1.10.1, pandas 1.5, NumPy):

    /usr/bin/python3 test/reference/forest_selection_vectors.py

It writes test/reference/forest_selection_vectors.json next to this script:

- "synthetic": random-forest accuracy, macro F1 and importances of scikit-learn's
  RandomForestClassifier (defaults, random_state 0..4) on the integer-hash data set defined by
  `synthetic()` below, which the TypeScript test rebuilds bit for bit (first 2,000 rows train,
  the remaining 1,000 test).
- "exact_tree": single trees of RandomForestClassifier(n_estimators=1, bootstrap=False,
  max_features=None) on another `synthetic()` data set, node by node.
- "correlation": pandas DataFrame.corr() (Pearson) and corr("spearman") of small matrices with
  ties, a constant column and missing values.
- "linkage": scipy.cluster.hierarchy.linkage of condensed matrices (with and without tied
  distances) for average, complete and weighted linkage, fcluster(maxclust) labels and cut_tree.
- "mutual_information": mutual_info_classif with random_state 0 together with the standard normal
  draws NumPy makes for its jitter (so the test can inject them), plus the values for seeds 0..19
  to show how much the jitter alone moves the estimate.
- "digamma": scipy.special.digamma at integers and fractions.
Floats are written with repr (shortest round trip); NaN as "nan".
"""

import json
import math
import os

import numpy as np
import pandas as pd
import scipy
import sklearn
from scipy.cluster import hierarchy
from scipy.special import digamma
from sklearn.ensemble import RandomForestClassifier
from sklearn.feature_selection import mutual_info_classif
from sklearn.metrics import f1_score

assert sklearn.__version__ == "1.2.1", sklearn.__version__
assert scipy.__version__ == "1.10.1", scipy.__version__

HERE = os.path.dirname(os.path.abspath(__file__))
M32 = 0xFFFFFFFF
SQRT3 = math.sqrt(3.0)


def mix32(x):
    """A 32-bit integer hash (xor-shift-multiply, "lowbias32")."""
    x &= M32
    x ^= x >> 16
    x = (x * 0x7FEB352D) & M32
    x ^= x >> 15
    x = (x * 0x846CA68B) & M32
    x ^= x >> 16
    return x


def uniform(seed, i, j, k):
    """A uniform number in [0, 1) with 32 random bits, a pure function of its four integers."""
    h = mix32(seed)
    h = mix32(h + i)
    h = mix32(h + j)
    h = mix32(h + k)
    return h / 4294967296.0


def normal(seed, i, j):
    """An approximately standard normal number: the centred sum of four uniforms times sqrt(3)."""
    s = uniform(seed, i, j, 0) + uniform(seed, i, j, 1) + uniform(seed, i, j, 2) + uniform(seed, i, j, 3)
    return (s - 2.0) * SQRT3


def synthetic(rows, cols, classes, informative, redundant, seed):
    """Classes with shifted means on `informative` columns, `redundant` averages of pairs of them,
    one integer-valued column (floor(2 x0), ties), the rest pure noise."""
    y = np.array([int(uniform(seed, i, 0, 99) * classes) for i in range(rows)])
    centres = [[(uniform(seed, 1000 + c, j, 7) * 2.0 - 1.0) * 1.5 for j in range(informative)] for c in range(classes)]
    X = np.empty((rows, cols))
    for i in range(rows):
        for j in range(cols):
            if j < informative:
                X[i, j] = centres[y[i]][j] + normal(seed, i, j)
            elif j < informative + redundant:
                a = j - informative
                X[i, j] = X[i, a % informative] * 0.5 + X[i, (a + 1) % informative] * 0.5
            elif j == cols - 1:
                X[i, j] = math.floor(X[i, 0] * 2.0)
            else:
                X[i, j] = normal(seed, i, j)
    return X, y


def enc(value):
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def encs(values):
    return [enc(v) for v in np.asarray(values, dtype=float).ravel()]


def forest_case():
    rows, cols, classes, informative, redundant, seed = 3000, 40, 9, 8, 4, 1
    X, y = synthetic(rows, cols, classes, informative, redundant, seed)
    train, test = slice(0, 2000), slice(2000, rows)
    accuracies, f1s, importances = [], [], []
    for random_state in range(5):
        model = RandomForestClassifier(random_state=random_state).fit(X[train], y[train])
        predicted = model.predict(X[test])
        accuracies.append(float(np.mean(predicted == y[test])))
        f1s.append(float(f1_score(y[test], predicted, average="macro")))
        importances.append(model.feature_importances_)
    return {
        "rows": rows,
        "cols": cols,
        "classes": classes,
        "informative": informative,
        "redundant": redundant,
        "seed": seed,
        "train_rows": 2000,
        "checksum_X": enc(X.sum()),
        "first_row": encs(X[0]),
        "y_head": [int(v) for v in y[:20]],
        "accuracy": accuracies,
        "macro_f1": f1s,
        "importances_mean": encs(np.mean(importances, axis=0)),
    }


def exact_tree_cases():
    """One tree without bootstrap on all features: sklearn's tree is then fixed by the data and the
    order in which its splitter visits the features, which only matters for exactly tied splits;
    `rand_r_seed` lets the test replay that order."""
    X, y = synthetic(400, 7, 4, 4, 2, 3)
    X = X[:, :6]  # drop the integer column: its splits tie with those of column 0
    cases = []
    settings = [
        ("full", {}, {}),
        ("depth4_leaf5", {"max_depth": 4, "min_samples_leaf": 5}, {"maxDepth": 4, "minSamplesLeaf": 5}),
        ("split12_depth8", {"min_samples_split": 12, "max_depth": 8}, {"minSamplesSplit": 12, "maxDepth": 8}),
        ("balanced_depth6", {"class_weight": "balanced", "max_depth": 6}, {"classWeight": "balanced", "maxDepth": 6}),
        ("entropy_full", {"criterion": "entropy"}, {"criterion": "entropy"}),
        (
            "log_loss_depth4_leaf5",
            {"criterion": "log_loss", "max_depth": 4, "min_samples_leaf": 5},
            {"criterion": "log_loss", "maxDepth": 4, "minSamplesLeaf": 5},
        ),
    ]
    for name, params, options in settings:
        model = RandomForestClassifier(n_estimators=1, bootstrap=False, max_features=None, random_state=0, **params)
        model.fit(X, y)
        estimator = model.estimators_[0]
        tree = estimator.tree_
        value = tree.value[:, 0, :]
        # The seed of the splitter's own generator (sklearn's our_rand_r), which orders the features.
        rand_r_seed = int(np.random.RandomState(estimator.random_state).randint(0, 0x7FFFFFFF))
        cases.append(
            {
                "name": name,
                "options": options,
                "rand_r_seed": rand_r_seed,
                "children_left": [int(v) for v in tree.children_left],
                "children_right": [int(v) for v in tree.children_right],
                "feature": [int(v) for v in tree.feature],
                "threshold": encs(tree.threshold),
                "weighted_n_node_samples": encs(tree.weighted_n_node_samples),
                "impurity": encs(tree.impurity),
                "probabilities": encs(value / value.sum(axis=1, keepdims=True)),
                "importances": encs(model.feature_importances_),
                "predict_proba": encs(model.predict_proba(X[:40] * 1.01)),
            }
        )
    return {"rows": 400, "cols": 6, "classes": 4, "seed": 3, "cases": cases}


def correlation_cases():
    rng = np.random.RandomState(7)
    cases = []
    ties = rng.randint(0, 6, size=(60, 6)).astype(float)
    ties[:, 3] = ties[:, 0] * 2 + rng.randint(0, 2, size=60)
    ties[:, 5] = 4.0  # constant column
    cases.append(("ties", ties))
    continuous = rng.randn(100, 8)
    continuous[:, 1] = continuous[:, 0] * 0.9 + rng.randn(100) * 0.1
    continuous[:, 2] = np.exp(continuous[:, 0])
    cases.append(("continuous", continuous))
    missing = rng.randn(50, 5)
    missing[rng.rand(50, 5) < 0.15] = np.nan
    missing[:, 4] = np.round(missing[:, 4], 0)
    cases.append(("missing", missing))
    out = []
    for name, X in cases:
        frame = pd.DataFrame(X)
        out.append(
            {
                "name": name,
                "rows": X.shape[0],
                "cols": X.shape[1],
                "X": encs(X),
                "pearson": encs(frame.corr().to_numpy()),
                "spearman": encs(frame.corr(method="spearman").to_numpy()),
            }
        )
    return out


def linkage_cases():
    rng = np.random.RandomState(11)
    cases = []
    cases.append(("uniform", rng.rand(25 * 24 // 2)))
    cases.append(("tied", np.round(rng.rand(20 * 19 // 2), 1)))
    data = rng.randn(80, 30)
    data[:, 1] = data[:, 0] + 0.1 * rng.randn(80)
    data[:, 2] = -data[:, 0] + 0.3 * rng.randn(80)
    data[:, 7] = data[:, 5] * 0.5 + data[:, 6] * 0.5
    rho = pd.DataFrame(data).corr(method="spearman").to_numpy()
    distance = 1 - rho * rho
    np.fill_diagonal(distance, 0)
    cases.append(("spearman", hierarchy.distance.squareform(distance, checks=False)))
    cases.append(("two", np.array([0.5])))
    out = []
    for name, condensed in cases:
        n = int(round((1 + math.sqrt(1 + 8 * len(condensed))) / 2))
        entry = {"name": name, "n": n, "condensed": encs(condensed), "methods": {}}
        for method in ("average", "complete", "weighted"):
            Z = hierarchy.linkage(condensed, method=method)
            ks = sorted({1, 2, 3, 5, 8, n - 1, n} & set(range(1, n + 1)))
            entry["methods"][method] = {
                "Z": encs(Z),
                "maxclust": {str(k): [int(v) for v in hierarchy.fcluster(Z, k, criterion="maxclust")] for k in ks},
                "cut_tree": {str(k): [int(v) for v in hierarchy.cut_tree(Z, n_clusters=k).ravel()] for k in ks},
            }
        out.append(entry)
    return out


def mutual_information_cases():
    rng = np.random.RandomState(5)
    out = []
    # Continuous columns; classes of 120, 100, 70, 5 (sklearn's brute-force path) and 1 (ignored).
    n = 296
    y = np.array([0] * 120 + [1] * 100 + [2] * 70 + [3] * 5 + [4] * 1)
    rng.shuffle(y)
    X = rng.randn(n, 6)
    X[:, 0] += y * 0.8
    X[:, 1] = X[:, 1] * 3 + (y == 2) * 2.5
    X[:, 2] *= 1e-3  # tiny scale
    X[:, 3] = 50 + 20 * X[:, 3] + 10 * (y == 1)
    X[:, 5] = -X[:, 0] + 0.01 * X[:, 5]
    out.append(("continuous", X, y))
    # Integer-valued columns: the jitter decides the order of the ties.
    n = 200
    y2 = rng.randint(0, 3, size=n)
    X2 = np.column_stack(
        [
            rng.randint(0, 6, size=n) + y2,
            rng.randint(0, 3, size=n),
            (rng.rand(n) < 0.5 + 0.2 * y2).astype(float),
            np.full(n, 2.0),
        ]
    ).astype(float)
    out.append(("ties", X2, y2))
    cases = []
    for name, X, y in out:
        noise = np.random.RandomState(0).standard_normal(size=X.shape)
        cases.append(
            {
                "name": name,
                "rows": X.shape[0],
                "cols": X.shape[1],
                "X": encs(X),
                "y": [int(v) for v in y],
                "noise_seed0": encs(noise),
                "mi_seed0": encs(mutual_info_classif(X, y, random_state=0)),
                "mi_seeds": [encs(mutual_info_classif(X, y, random_state=s)) for s in range(20)],
                "mi_seed0_k5": encs(mutual_info_classif(X, y, n_neighbors=5, random_state=0)),
            }
        )
    return cases


def digamma_values():
    xs = [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 37, 50, 296, 1000, 123456, 1e17, 2e17, 0.5, 0.25, 1.5, 2.5, 9.99, 10.5,
          123.456, 1e-3]
    return {"x": xs, "digamma": encs(digamma(np.array(xs, dtype=float)))}


def main():
    vectors = {
        "synthetic": forest_case(),
        "exact_tree": exact_tree_cases(),
        "correlation": correlation_cases(),
        "linkage": linkage_cases(),
        "mutual_information": mutual_information_cases(),
        "digamma": digamma_values(),
    }
    with open(os.path.join(HERE, "forest_selection_vectors.json"), "w") as handle:
        json.dump(vectors, handle, separators=(",", ":"))
        handle.write("\n")


if __name__ == "__main__":
    main()
