"""Golden vectors for the scalers and the linear comparison models (scikit-learn 1.2.1).

Run with the Debian interpreter that has python3-sklearn 1.2.1:

    /usr/bin/python3 test/reference/linear_models_vectors.py

It writes test/reference/linear_models_vectors.json next to this script. The scaler cases store
their small input matrices; the model cases name a synthetic problem ("problem": seed, rows,
columns, classes, separation) that test/ml/linear/syntheticClasses.ts rebuilds bit for bit from
the integer hash below, split into the first `train` rows and the rest, standardised with
StandardScaler fitted on the training rows. Floats are written with repr precision; NaN and
infinities as the strings "nan", "inf", "-inf".
"""

import json
import math
import os
import warnings

import numpy as np
import sklearn
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import MinMaxScaler, RobustScaler, StandardScaler
from sklearn.svm import LinearSVC

assert sklearn.__version__ == "1.2.1", sklearn.__version__

HERE = os.path.dirname(os.path.abspath(__file__))
M32 = 0xFFFFFFFF


def hash_uniform(seed, index):
    """Wellons' lowbias32 of a seed/index mix, as a double in [0, 1)."""
    h = (seed * 0x9E3779B1 + index * 0x85EBCA77 + 0x165667B1) & M32
    h ^= h >> 16
    h = (h * 0x7FEB352D) & M32
    h ^= h >> 15
    h = (h * 0x846CA68B) & M32
    h ^= h >> 16
    return h / 4294967296.0


def synthetic(seed, rows, cols, classes, separation):
    """Class means from the hash, plus Irwin-Hall noise with a moving-average link between columns."""
    means = np.empty((classes, cols))
    for k in range(classes):
        for j in range(cols):
            means[k, j] = (hash_uniform(seed + 1, k * cols + j) - 0.5) * separation
    X = np.empty((rows, cols))
    y = np.empty(rows, dtype=np.int64)
    for i in range(rows):
        y[i] = int(hash_uniform(seed + 2, i) * classes)
        previous = 0.0
        for j in range(cols):
            b = (i * cols + j) * 4
            z = (
                hash_uniform(seed, b)
                + hash_uniform(seed, b + 1)
                + hash_uniform(seed, b + 2)
                + hash_uniform(seed, b + 3)
            ) - 2.0
            X[i, j] = means[y[i], j] + z + 0.5 * previous
            previous = z
    return X, y


def encode(value):
    """Floats (nested lists too) with NaN and infinities as strings."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [encode(v) for v in value]
    if value is None:
        return None
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def problem(seed, rows, cols, classes, separation, train):
    """The split and standardised synthetic problem plus its description for the JSON."""
    X, y = synthetic(seed, rows, cols, classes, separation)
    scaler = StandardScaler().fit(X[:train])
    description = dict(seed=seed, rows=rows, cols=cols, classes=classes, separation=separation, train=train)
    return description, scaler.transform(X[:train]), y[:train], scaler.transform(X[train:]), y[train:], X, y


def fit_quietly(model, X, y):
    """Fits without the ConvergenceWarning that capped runs (max_iter reached) raise by design."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)


# ---------------------------------------------------------------- scalers


def scaler_matrices():
    """A fit matrix with NaN, a constant column, a large offset, zero IQR, an all-NaN column and ties."""
    rows = 31
    X = np.empty((rows, 7))
    for i in range(rows):
        u = [hash_uniform(101, i * 7 + j) for j in range(7)]
        X[i, 0] = (u[0] - 0.3) * 17.0
        X[i, 1] = np.nan if i % 5 == 2 else u[1] * 3.0 - 1.0
        X[i, 2] = 3.7
        X[i, 3] = 1e6 + u[3] * 1e-3
        X[i, 4] = 5.0 if i % 9 != 0 else 5.0 + u[4] * 40.0
        X[i, 5] = np.nan
        X[i, 6] = float(int(u[6] * 6))
    Z = np.empty((9, 7))
    for i in range(9):
        for j in range(7):
            Z[i, j] = (hash_uniform(202, i * 7 + j) - 0.5) * 30.0
            if j in (3, 4):
                Z[i, j] += X[i, j]
    Z[2, 0] = np.nan
    Z[4, 3] = np.nan
    Z[5, 1] = -1e3
    return X, Z


def scaler_cases():
    X, Z = scaler_matrices()
    cases = []
    variants = [
        ("standard", {}, StandardScaler()),
        ("standard", {"withMean": False}, StandardScaler(with_mean=False)),
        ("standard", {"withStd": False}, StandardScaler(with_std=False)),
        ("standard", {"withMean": False, "withStd": False}, StandardScaler(with_mean=False, with_std=False)),
        ("minmax", {}, MinMaxScaler()),
        ("minmax", {"featureRange": [-1, 2]}, MinMaxScaler(feature_range=(-1, 2))),
        ("minmax", {"clip": True}, MinMaxScaler(clip=True)),
        ("robust", {}, RobustScaler()),
        ("robust", {"quantileRange": [10, 90]}, RobustScaler(quantile_range=(10, 90))),
        ("robust", {"quantileRange": [0, 100]}, RobustScaler(quantile_range=(0, 100))),
        ("robust", {"withCentering": False}, RobustScaler(with_centering=False)),
        ("robust", {"withScaling": False}, RobustScaler(with_scaling=False)),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for kind, options, scaler in variants:
            scaler.fit(X)
            attributes = {}
            for name in ("mean_", "var_", "scale_", "min_", "data_min_", "data_max_", "center_"):
                if hasattr(scaler, name):
                    value = getattr(scaler, name)
                    attributes[name] = None if value is None else encode(value)
            cases.append(
                dict(
                    kind=kind,
                    options=options,
                    attributes=attributes,
                    fit_transform=encode(scaler.transform(X)),
                    transform=encode(scaler.transform(Z)),
                )
            )
    # Large-offset columns where the naive variance formula would lose every digit.
    offset = np.array([[1e9 + 0.5 * i + 0.25 * (i % 3), -3e8 + 1e-3 * i * i] for i in range(50)])
    big = StandardScaler().fit(offset)
    return dict(
        fit=encode(X),
        new=encode(Z),
        cases=cases,
        offset=dict(
            fit=encode(offset),
            mean_=encode(big.mean_),
            var_=encode(big.var_),
            scale_=encode(big.scale_),
            transform=encode(big.transform(offset)),
        ),
    )


# ---------------------------------------------------------------- models

PROBA_ROWS = 120


def lda_cases():
    cases = {}
    for name, seed, classes, extra, rows, train in [
        ("multiclass", 11, 9, None, 900, 600),
        ("binary", 12, 2, None, 900, 600),
        ("collinear", 13, 5, "collinear", 900, 600),
        # Fewer training rows than features: the within-class SVD is of a wide matrix.
        ("wide", 14, 3, None, 90, 30),
    ]:
        X, y = synthetic(seed, rows, 40, classes, 1.0)
        if extra == "collinear":
            # A duplicated column, an exact linear combination and a constant column: the
            # within-class scatter is singular and the tol cut-off and std == 0 rule matter.
            X = np.column_stack([X, X[:, 3], 2.0 * X[:, 5] - X[:, 7], np.full(len(X), 4.25)])
        model = LinearDiscriminantAnalysis()
        fit_quietly(model, X[:train], y[:train])
        cases[name] = dict(
            problem=dict(seed=seed, rows=rows, cols=40, classes=classes, separation=1.0, train=train),
            extraColumns=extra,
            priors=encode(model.priors_),
            means=encode(model.means_),
            xbar=encode(model.xbar_),
            coef=encode(model.coef_),
            intercept=encode(model.intercept_),
            explainedVarianceRatio=encode(model.explained_variance_ratio_),
            components=int(model.scalings_.shape[1]),
            proba=encode(model.predict_proba(X[train:][:PROBA_ROWS])),
            predict=model.predict(X[train:]).tolist(),
            accuracy=float((model.predict(X[train:]) == y[train:]).mean()),
        )
    return cases


def multinomial_objective(model, X, y, penalty):
    """Σ −log p(y) + the penalty of the fitted model on its training rows."""
    P = model.predict_proba(X)
    loss = -np.log(P[np.arange(len(y)), y]).sum()
    coef = model.coef_
    if model.multi_class == "multinomial" and coef.shape[0] == 1:
        # scikit-learn keeps only row 1 of the two symmetric multinomial rows (row 0 = −row 1).
        coef = np.vstack([-coef, coef])
    if penalty == "l1":
        return float(loss + np.abs(coef).sum() / model.C)
    return float(loss + 0.5 * (coef**2).sum() / model.C)


def lr_cases():
    cases = {}
    description, Xtr, ytr, Xte, yte, _, _ = problem(7, 2700, 50, 9, 0.9, 1800)
    binary_description, bXtr, bytr, bXte, byte, _, _ = problem(8, 1200, 30, 2, 0.5, 800)
    runs = [
        ("l2", description, Xtr, ytr, Xte, yte, {}, {}),
        ("l2_C0.05", description, Xtr, ytr, Xte, yte, {"C": 0.05}, {"C": 0.05}),
        ("l2_binary", binary_description, bXtr, bytr, bXte, byte, {}, {}),
        (
            "l2_binary_multinomial",
            binary_description,
            bXtr,
            bytr,
            bXte,
            byte,
            {"multi_class": "multinomial"},
            {"multiClass": "multinomial"},
        ),
    ]
    for name, desc, A, b, T, t, sk, ours in runs:
        model = LogisticRegression(**sk)
        fit_quietly(model, A, b)
        cases[name] = dict(
            problem=desc,
            options=ours,
            coef=encode(model.coef_),
            intercept=encode(model.intercept_),
            nIter=int(model.n_iter_[0]),
            objective=multinomial_objective(model, A, b, "l2"),
            proba=encode(model.predict_proba(T[:PROBA_ROWS])),
            predict=model.predict(T).tolist(),
            accuracy=float((model.predict(T) == t).mean()),
        )
    # L1: saga is stochastic and stops loosely; the tight run is the optimum to compare with.
    for name, desc, A, b, T, t in [
        ("l1", description, Xtr, ytr, Xte, yte),
        ("l1_binary", binary_description, bXtr, bytr, bXte, byte),
    ]:
        tight = LogisticRegression(penalty="l1", solver="saga", tol=1e-8, max_iter=20000, random_state=0)
        fit_quietly(tight, A, b)
        default = LogisticRegression(penalty="l1", solver="saga", random_state=0)
        fit_quietly(default, A, b)
        cases[name] = dict(
            problem=desc,
            options={"penalty": "l1"},
            coef=encode(tight.coef_),
            intercept=encode(tight.intercept_),
            zeroWeights=int((tight.coef_ == 0).sum()),
            objective=multinomial_objective(tight, A, b, "l1"),
            predict=tight.predict(T).tolist(),
            accuracy=float((tight.predict(T) == t).mean()),
            defaultObjective=multinomial_objective(default, A, b, "l1"),
            defaultPredict=default.predict(T).tolist(),
            defaultAccuracy=float((default.predict(T) == t).mean()),
        )
    return cases


def svc_objectives(model, X, y):
    """½‖w̃‖² + C Σ max(0, 1 − y w̃·x̃)² per one-vs-rest problem (w̃ includes the bias weight)."""
    coef = model.coef_
    bias_weight = model.intercept_ / model.intercept_scaling
    decision = X @ coef.T + model.intercept_
    objectives = []
    for k in range(coef.shape[0]):
        positive = model.classes_[1] if coef.shape[0] == 1 else model.classes_[k]
        signs = np.where(y == positive, 1.0, -1.0)
        hinge = np.maximum(0.0, 1.0 - signs * decision[:, k])
        objectives.append(
            float(0.5 * (coef[k] @ coef[k] + bias_weight[k] ** 2) + model.C * (hinge**2).sum())
        )
    return objectives


def svc_cases():
    cases = {}
    description, Xtr, ytr, Xte, yte, _, _ = problem(7, 2700, 50, 9, 0.9, 1800)
    binary_description, bXtr, bytr, bXte, byte, _, _ = problem(8, 1200, 30, 2, 0.5, 800)
    for name, desc, A, b, T, t in [
        ("multiclass", description, Xtr, ytr, Xte, yte),
        ("binary", binary_description, bXtr, bytr, bXte, byte),
    ]:
        tight = LinearSVC(random_state=0, tol=1e-10, max_iter=200000)
        fit_quietly(tight, A, b)
        default = LinearSVC(random_state=0)
        fit_quietly(default, A, b)
        cases[name] = dict(
            problem=desc,
            coef=encode(tight.coef_),
            intercept=encode(tight.intercept_),
            objectives=svc_objectives(tight, A, b),
            decision=encode(tight.decision_function(T[:PROBA_ROWS])),
            predict=tight.predict(T).tolist(),
            accuracy=float((tight.predict(T) == t).mean()),
            nIter=int(tight.n_iter_),
            defaultObjectives=svc_objectives(default, A, b),
            defaultPredict=default.predict(T).tolist(),
            defaultAccuracy=float((default.predict(T) == t).mean()),
            defaultIter=int(default.n_iter_),
        )
    return cases


def lbfgs_cases():
    """SciPy's L-BFGS-B on the Rosenbrock function, the control flow our L-BFGS reproduces."""
    from scipy.optimize import minimize, rosen, rosen_der

    cases = []
    for x0 in ([-1.2, 1.0], [-1.2, 1.0, -1.2, 1.0, 0.5]):
        for options in ({}, {"gtol": 1e-10, "ftol": 0.0}, {"maxiter": 7}):
            result = minimize(
                lambda x: (rosen(x), rosen_der(x)), np.array(x0), jac=True, method="L-BFGS-B", options=options
            )
            cases.append(
                dict(
                    x0=x0,
                    gtol=options.get("gtol", 1e-5),
                    ftol=options.get("ftol", 2.220446049250313e-09),
                    maxiter=options.get("maxiter", 15000),
                    nit=int(result.nit),
                    nfev=int(result.nfev),
                    x=encode(result.x),
                    fun=float(result.fun),
                    message=str(result.message),
                )
            )
    return cases


def main():
    vectors = dict(
        versions=dict(sklearn=sklearn.__version__, numpy=np.__version__),
        lbfgs=lbfgs_cases(),
        scalers=scaler_cases(),
        lda=lda_cases(),
        logisticRegression=lr_cases(),
        linearSvc=svc_cases(),
    )
    with open(os.path.join(HERE, "linear_models_vectors.json"), "w") as handle:
        json.dump(vectors, handle, separators=(",", ":"))
        handle.write("\n")


if __name__ == "__main__":
    main()
