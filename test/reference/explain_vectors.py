"""Golden vectors for src/explain/globalImportance.ts, from XGBoost 1.7.4 and scikit-learn 1.2.1.

Run with the Debian interpreter that has these versions:

    /usr/bin/python3 test/reference/explain_vectors.py

It writes explain_vectors.json next to this script, with two parts:

- "treeImportance": for each fixture model in ../shared/fixtures/xgboost (multiclass, binary,
  regression), `Booster.get_score(importance_type=t)` for t in weight, gain, cover, total_gain,
  total_cover as one value per feature (0 where get_score omits the feature) plus the features it
  lists, and XGBClassifier's `feature_importances_` normalisation of "gain" (float32 division by
  the float32 sum).
- "permutation": `sklearn.inspection.permutation_importance` of a fixed linear decision rule (no
  fitting, so TypeScript can apply the very same rule) on a small deterministic table, for three
  scorers, with the row orders scikit-learn's seeded shuffles amount to for every repeat. Each
  column is shuffled from a fresh RandomState(random_seed), so all columns share these orders;
  repeat r applies the composition of the first r shuffles to the original column. The script
  checks that re-scoring with these orders reproduces scikit-learn's scores.
"""

import json
import math
import os

import numpy as np
import sklearn
import xgboost
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.inspection import permutation_importance
from sklearn.metrics import accuracy_score, balanced_accuracy_score, f1_score
from sklearn.utils import check_random_state

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "..", "shared", "fixtures", "xgboost")
IMPORTANCE_TYPES = ["weight", "gain", "cover", "total_gain", "total_cover"]


def encode(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def tree_importance():
    out = {}
    for name in ["multiclass", "binary", "regression"]:
        booster = xgboost.Booster()
        booster.load_model(os.path.join(FIXTURES, f"{name}.model.json"))
        features = booster.feature_names or [f"f{i}" for i in range(booster.num_features())]
        entry = {"featureNames": features, "scores": {}, "used": {}}
        for kind in IMPORTANCE_TYPES:
            score = booster.get_score(importance_type=kind)
            entry["scores"][kind] = [encode(score.get(f, 0.0)) for f in features]
            entry["used"][kind] = [f in score for f in features]
        gain = np.array([booster.get_score(importance_type="gain").get(f, 0.0) for f in features], dtype=np.float32)
        total = gain.sum()
        entry["featureImportancesGain"] = [encode(v) for v in (gain / total if total != 0 else gain)]
        out[name] = entry
    return out


# A fixed rule: class = argmax(W x + b). Feature 3 has zero weight everywhere.
WEIGHTS = np.array(
    [[1.0, 0.5, 0.0, 0.0], [-1.0, 0.2, 0.3, 0.0], [0.0, -0.7, 0.1, 0.0]],
    dtype=np.float64,
)
INTERCEPTS = np.array([0.0, 0.1, -0.2])


class LinearRule(ClassifierMixin, BaseEstimator):
    def fit(self, X, y):
        self.classes_ = np.arange(3)
        return self

    def predict(self, X):
        return np.argmax(X @ WEIGHTS.T + INTERCEPTS, axis=1)


def permutation_table(rows=37, cols=4):
    X = np.empty((rows, cols))
    for i in range(rows):
        for j in range(cols):
            X[i, j] = ((i * 37 + j * 101 + (i * i * (j + 3)) % 53) % 97) / 19.0 - 2.5
    y = LinearRule().fit(X, None).predict(X)
    # Some labels disagree with the rule so that the baseline is not perfect.
    for i in range(0, rows, 5):
        y[i] = (y[i] + 1) % 3
    return X, y


def sklearn_row_orders(rows, n_repeats, random_state):
    rs = check_random_state(random_state)
    random_seed = rs.randint(np.iinfo(np.int32).max + 1)
    column_rs = check_random_state(random_seed)
    shuffling_idx = np.arange(rows)
    effective = np.arange(rows)
    orders = []
    for _ in range(n_repeats):
        column_rs.shuffle(shuffling_idx)
        effective = effective[shuffling_idx]
        orders.append(effective.copy())
    return orders


def permutation():
    X, y = permutation_table()
    model = LinearRule().fit(X, y)
    n_repeats, seed = 5, 3
    orders = sklearn_row_orders(X.shape[0], n_repeats, seed)
    scorers = {
        "accuracy": (None, accuracy_score),
        "macro_f1": ("f1_macro", lambda t, p: f1_score(t, p, average="macro")),
        "balanced_accuracy": ("balanced_accuracy", balanced_accuracy_score),
    }
    cases = []
    for name, (scoring, metric) in scorers.items():
        result = permutation_importance(model, X, y, scoring=scoring, n_repeats=n_repeats, random_state=seed)
        baseline = metric(y, model.predict(X))
        # The orders must reproduce scikit-learn's permuted scores exactly.
        for j in range(X.shape[1]):
            for r, order in enumerate(orders):
                Xp = X.copy()
                Xp[:, j] = X[order, j]
                assert baseline - metric(y, model.predict(Xp)) == result.importances[j, r], (name, j, r)
        cases.append(
            {
                "metric": name,
                "baseline": encode(baseline),
                "importances": [[encode(v) for v in row] for row in result.importances],
                "importancesMean": [encode(v) for v in result.importances_mean],
                "importancesStd": [encode(v) for v in result.importances_std],
            }
        )
    return {
        "X": [[encode(v) for v in row] for row in X],
        "y": [int(v) for v in y],
        "weights": WEIGHTS.tolist(),
        "intercepts": INTERCEPTS.tolist(),
        "nRepeats": n_repeats,
        "rowOrders": [[int(v) for v in order] for order in orders],
        "cases": cases,
    }


def main():
    out = {
        "versions": {"xgboost": xgboost.__version__, "sklearn": sklearn.__version__, "numpy": np.__version__},
        "treeImportance": tree_importance(),
        "permutation": permutation(),
    }
    with open(os.path.join(HERE, "explain_vectors.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
