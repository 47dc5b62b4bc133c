"""Golden vectors for GradientBoostedTrees: models trained by XGBoost 1.7 (tree_method hist).

Run with the Debian interpreter that has python3-xgboost 1.7.4:

    /usr/bin/python3 test/reference/xgboost_training_vectors.py

It writes test/reference/xgboost_training_vectors.json next to this script. Each case names its
data ("fixture": X.csv / y.csv of ../shared/fixtures/xgboost; "generated": the integer formula
below, which the TypeScript test rebuilds bit for bit), the XGBoost parameters, the number of
rounds and the trees XGBoost grew (the arrays of its JSON model that define predictions and
TreeSHAP), floats written as their shortest float32 text.
"""

import json
import os

import numpy as np
import pandas as pd
import xgboost as xgb

assert xgb.__version__ == "1.7.4", xgb.__version__

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "..", "shared", "fixtures", "xgboost")


def generated(rows, cols):
    """x[i, j] = u / 37 - 135 with u an integer hash; NaN in columns 1 and 3 now and then."""
    X = np.empty((rows, cols))
    U = np.empty((rows, cols), dtype=np.int64)
    for i in range(rows):
        for j in range(cols):
            u = (i * 7919 + j * 104729 + ((i * i) % 1009) * (j + 1)) % 10007
            U[i, j] = u
            if j == 4:
                X[i, j] = float(u % 5)
            elif j in (1, 3) and (i * 31 + j * 17) % 23 == 0:
                X[i, j] = np.nan
            else:
                X[i, j] = u / 37 - 135
    y_multi = np.empty(rows)
    y_binary = np.empty(rows)
    y_regression = np.empty(rows)
    for i in range(rows):
        label = (1 if U[i, 0] > 5000 else 0) + (2 if U[i, 1] > 3000 else 0)
        if i % 10 == 0:
            label = (label + 1) % 4
        y_multi[i] = label
        y_binary[i] = 1.0 if (U[i, 0] + U[i, 2] > 10007) != (i % 9 == 0) else 0.0
        y_regression[i] = U[i, 0] / 1000 + (2.0 if U[i, 1] > 5000 else 0.0) + (i % 7) / 10
    return X, {"multi:softprob": y_multi, "binary:logistic": y_binary, "reg:squarederror": y_regression}


def fixture():
    X = pd.read_csv(os.path.join(FIXTURES, "X.csv")).values
    y = pd.read_csv(os.path.join(FIXTURES, "y.csv")).values
    return X, {"multi:softprob": y[:, 0], "binary:logistic": y[:, 1], "reg:squarederror": y[:, 2]}


CASES = [
    ("fixture", "multi:softprob", {"max_depth": 4}, 10),
    ("fixture", "binary:logistic", {"max_depth": 4}, 10),
    ("fixture", "reg:squarederror", {"max_depth": 4}, 10),
    (
        "fixture",
        "multi:softprob",
        {"max_depth": 3, "eta": 0.1, "max_bin": 7, "lambda": 2.5, "alpha": 0.5, "gamma": 0.3, "min_child_weight": 3},
        10,
    ),
    ("generated", "multi:softprob", {"max_depth": 5, "max_bin": 16}, 4),
    ("generated", "binary:logistic", {"max_depth": 5}, 6),
    ("generated", "reg:squarederror", {"max_depth": 5, "max_bin": 64, "min_child_weight": 0}, 6),
]
KEPT = ["left_children", "right_children", "split_indices", "split_conditions", "default_left", "sum_hessian", "base_weights"]

def compact(values):
    return [v if isinstance(v, int) else float(str(np.float32(v))) for v in values]


data = {"fixture": fixture(), "generated": generated(2500, 6)}
out = {"xgboost_version": xgb.__version__, "generated_shape": [2500, 6], "cases": []}
for source, objective, params, rounds in CASES:
    X, labels = data[source]
    full = {"objective": objective, "tree_method": "hist", "nthread": 1, **params}
    if objective == "multi:softprob":
        full["num_class"] = 4
    train = xgb.DMatrix(X, label=labels[objective])
    booster = xgb.train(full, train, rounds)
    model = json.loads(booster.save_raw("json"))
    trees = model["learner"]["gradient_booster"]["model"]["trees"]
    out["cases"].append(
        {
            "data": source,
            "objective": objective,
            "params": params,
            "rounds": rounds,
            "trees": [{k: compact(tree[k]) for k in KEPT} for tree in trees],
        }
    )

with open(os.path.join(HERE, "xgboost_training_vectors.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
