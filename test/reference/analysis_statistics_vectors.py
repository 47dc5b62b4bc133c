"""Golden vectors for src/analysis/{statistics,embedding,regression}.

Run with the Debian interpreter that has SciPy 1.10.1, statsmodels 0.13, scikit-learn 1.2.1:

    /usr/bin/python3 test/reference/analysis_statistics_vectors.py

It writes analysis_statistics_vectors.json next to this script. Floats that JSON cannot hold are
the strings "nan", "inf" and "-inf" (see loadVectors.ts). Sections:

- ndtr: scipy.special.ndtr on a grid including the far tails (the normal CDF behind every
  asymptotic p-value).
- mannwhitneyu: scipy.stats.mannwhitneyu on small/large samples, ties, every alternative, each
  method, with and without continuity correction, plus a case with U = 4 like the paper's
  -SEA vs +SEA synapse frequencies.
- wilcoxon: scipy.stats.wilcoxon (one sample = differences) with zeros, ties, each zero method,
  each alternative, continuity correction, exact and normal approximation.
- fdr_bh: statsmodels multipletests(method="fdr_bh"); NaN entries are removed before the call and
  put back as NaN / not rejected (what our function documents).
- effect sizes (Cliff's delta by brute force over all pairs), log2 fold changes, np.median,
  scipy.stats.entropy (nats) per row, scipy.stats.spearmanr, sklearn r2_score.
- pca: sklearn PCA(svd_solver="full"), components, scores, variances.
- lasso / ridge: sklearn Lasso / Ridge coefficients and intercepts.
- logo: leave-one-group-out CV with an inner leave-one-group-out choice of alpha, written here
  with sklearn's StandardScaler + Lasso/Ridge + r2_score + scipy spearmanr, as the TypeScript
  function does it.
"""

import json
import math
import os
import warnings

import numpy as np
import scipy
import sklearn
import statsmodels
from scipy import special, stats
from sklearn.decomposition import PCA
from sklearn.linear_model import Lasso, Ridge
from sklearn.metrics import r2_score
from sklearn.preprocessing import StandardScaler
from statsmodels.stats.multitest import multipletests

assert scipy.__version__ == "1.10.1", scipy.__version__
assert sklearn.__version__ == "1.2.1", sklearn.__version__
assert statsmodels.__version__.startswith("0.13"), statsmodels.__version__

warnings.simplefilter("ignore")
rng = np.random.default_rng(20240917)


def enc(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def encs(values):
    return [enc(v) for v in np.asarray(values, dtype=np.float64).ravel()]


# ---------------------------------------------------------------------------------------------
# Normal CDF.
ndtr_x = np.concatenate(
    [
        np.linspace(-40, 40, 321),
        [-38.5, -37.6, -37.5, -30, -26.55, -20, -10.1, -8.0001, -8, -7.9999, -1.5, -1.4142135623730951],
        [-1.0e-300, 0.0, -0.0, 1e-10, 0.7071067811865476, 0.70710678118654757, 1.4142135623730951],
        rng.standard_normal(200) * 4,
        [np.inf, -np.inf, np.nan],
    ]
)
ndtr_section = {"x": encs(ndtr_x), "ndtr": encs(special.ndtr(ndtr_x))}


# ---------------------------------------------------------------------------------------------
# Mann-Whitney U.
mwu_cases = []


def mwu(name, x, y, alternative="two-sided", method="auto", use_continuity=True):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    # SciPy 1.10's rankdata sees NaN when a sample holds both +inf and -inf (it tests
    # isnan(sum)), so the reference runs on the same ranks with finite stand-ins.
    big = np.finfo(np.float64).max
    res = stats.mannwhitneyu(
        np.clip(x, -big, big), np.clip(y, -big, big),
        use_continuity=use_continuity, alternative=alternative, method=method,
    )
    mwu_cases.append(
        {
            "name": name,
            "x": encs(x),
            "y": encs(y),
            "alternative": alternative,
            "method": method,
            "use_continuity": use_continuity,
            "statistic": enc(res.statistic),
            "pvalue": enc(res.pvalue),
        }
    )


alternatives = ["two-sided", "less", "greater"]
# Textbook example from the SciPy docs (exact and asymptotic).
males = [19, 22, 16, 29, 24]
females = [20, 11, 17, 12]
for alt in alternatives:
    mwu(f"docs_exact_{alt}", males, females, alt, "exact")
    mwu(f"docs_asymptotic_{alt}", males, females, alt, "asymptotic")
mwu("docs_no_continuity", males, females, "two-sided", "asymptotic", False)
# Small samples without ties: auto picks exact.
for (n1, n2) in [(1, 1), (1, 5), (3, 4), (5, 5), (7, 3), (8, 8), (4, 30), (8, 60)]:
    x = rng.permutation(n1 + n2)[:n1] + rng.random(n1) * 0.1
    y = np.setdiff1d(np.arange(n1 + n2), np.floor(x)) + rng.random(n2) * 0.1
    for alt in alternatives:
        mwu(f"small_exact_{n1}x{n2}_{alt}", x, y, alt, "auto")
# Complete separation, exact tails.
mwu("separated_exact_less", [1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12, 13], "less")
mwu("separated_exact_two_sided", [21, 22, 23], [1, 2, 3, 4, 5, 6, 7, 8], "two-sided")
# U exactly at the centre: the doubled survival function exceeds one and is clipped.
mwu("centre_exact_clipped", [1, 4, 5, 8], [2, 3, 6, 7], "two-sided", "exact")
# Small samples with ties: auto switches to the normal approximation.
mwu("small_ties_auto", [1, 2, 2, 3, 5], [2, 4, 4, 6], "two-sided")
mwu("small_ties_auto_less", [1, 2, 2, 3, 5], [2, 4, 4, 6], "less")
# Exact forced with ties: SciPy truncates the half-integer U before the exact distribution.
mwu("small_ties_exact_forced", [1, 2, 2, 3, 5], [2, 4, 4, 6], "two-sided", "exact")
mwu("small_ties_exact_forced_greater", [1, 2, 2, 3, 5], [2, 4, 4, 6], "greater", "exact")
# All values equal: zero variance, z = -inf, p = 1.
mwu("all_tied", [1, 1, 1], [1, 1, 1, 1])
# Large samples: asymptotic.
for (n1, n2) in [(9, 9), (20, 25), (100, 80), (500, 700)]:
    x = rng.standard_normal(n1)
    y = rng.standard_normal(n2) + 0.3
    for alt in alternatives:
        mwu(f"large_{n1}x{n2}_{alt}", x, y, alt, "auto")
    mwu(f"large_{n1}x{n2}_no_continuity", x, y, "two-sided", "asymptotic", False)
# Large samples with many ties (integer-valued data, like counts).
x = rng.integers(0, 5, 60).astype(float)
y = rng.integers(1, 6, 75).astype(float)
for alt in alternatives:
    mwu(f"large_ties_{alt}", x, y, alt)
mwu("large_ties_no_continuity", x, y, "greater", "asymptotic", False)
# Heavy ties: most values zero, as sparse features are.
x = np.where(rng.random(300) < 0.8, 0.0, rng.random(300))
y = np.where(rng.random(250) < 0.6, 0.0, rng.random(250))
mwu("zero_inflated", x, y)
# Far tail: complete separation of large samples (p around 1e-30).
mwu("large_separated_tail", np.arange(40.0), np.arange(40.0) + 100, "two-sided")
mwu("large_separated_tail_greater", np.arange(40.0) + 100, np.arange(40.0), "greater")
# One sample small and the other big: auto stays exact.
mwu("exact_one_small_8x200", rng.standard_normal(8), rng.standard_normal(200) + 0.5, "two-sided")
mwu("exact_one_small_8x500", rng.standard_normal(8), rng.standard_normal(500) + 0.5, "two-sided")
mwu("exact_one_small_450x3_less", rng.standard_normal(450) + 0.5, rng.standard_normal(3), "less")
# Both big but exact forced: binomial coefficient beyond SciPy's multiplication formula.
mwu("exact_forced_20x25", rng.standard_normal(20), rng.standard_normal(25) + 0.4, "two-sided", "exact")
mwu("exact_forced_30x30", rng.standard_normal(30), rng.standard_normal(30) + 0.4, "less", "exact")
# Asymptotic forced on small tie-free samples.
mwu("asymptotic_forced_small", [0.5, 3.2, 1.1], [2.2, 4.4, 5.1, 6.3], "less", "asymptotic")
# Infinite values are ordinary extremes (see the note in mwu()).
mwu("infinities", [1.0, 2.0, np.inf, 3.5], [-np.inf, 0.5, 1.5, 9.0, 10.0], "two-sided", "asymptotic")
# The paper: -SEA vs +SEA Synapses_with_signaling frequencies (%), U = 4.
sea_minus = [0.35, 0.61, 1.12, 0.62, 1.95, 1.08]  # mean 0.955 %
sea_plus = [1.05, 1.90, 3.52, 2.71, 3.10, 2.79]  # mean 2.51 %
mwu("paper_sea_u4", sea_minus, sea_plus, "two-sided")
assert mwu_cases[-1]["statistic"] == 4.0, mwu_cases[-1]
mwu_nan_case = {"x": encs([1.0, np.nan, 3.0]), "y": encs([2.0, 4.0])}
assert np.isnan(stats.mannwhitneyu([1.0, np.nan, 3.0], [2.0, 4.0]).pvalue)


# ---------------------------------------------------------------------------------------------
# Wilcoxon signed-rank (one sample of differences).
wilcoxon_cases = []


def wil(name, d, alternative="two-sided", zero_method="wilcox", correction=False, method="auto"):
    d = np.asarray(d, dtype=np.float64)
    res = stats.wilcoxon(d, zero_method=zero_method, correction=correction, alternative=alternative, method=method)
    wilcoxon_cases.append(
        {
            "name": name,
            "d": encs(d),
            "alternative": alternative,
            "zero_method": zero_method,
            "correction": correction,
            "method": method,
            "statistic": enc(res.statistic),
            "pvalue": enc(res.pvalue),
            "zstatistic": enc(getattr(res, "zstatistic", np.nan)),
        }
    )


corn = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]
for alt in alternatives:
    wil(f"corn_exact_{alt}", corn, alt)
    wil(f"corn_approx_{alt}", corn, alt, method="approx")
    wil(f"corn_approx_correction_{alt}", corn, alt, correction=True, method="approx")
wil("one_value", [3.0])
wil("one_negative_value_less", [-3.0], "less")
wil("alternating_signs", [1, -2, 3, -4, 5, -6, 7, 8, -9, -10])
wil("exact_centre_value", [1, -2, -3, 4])  # r_plus = 5 = (11 - 1) // 2: p is exactly 1
for n in [5, 12, 25, 50]:
    d = rng.standard_normal(n) + 0.4
    for alt in alternatives:
        wil(f"exact_n{n}_{alt}", d, alt)
d51 = rng.standard_normal(51) + 0.3
wil("auto_approx_n51", d51)
wil("auto_approx_n51_less", d51, "less")
wil("approx_n200_correction", rng.standard_normal(200) + 0.1, "two-sided", correction=True)
# Ties without zeros: exact keeps the exact distribution (with a truncated half-integer r_plus).
ties = [1.5, -2, 2, 2, 0.5, 3, -1.5, 4, 4, 4]
wil("ties_exact", ties)
wil("ties_exact_greater", ties, "greater")
wil("ties_approx", ties, method="approx")
wil("ties_approx_correction_less", ties, "less", correction=True, method="approx")
# Zeros: auto switches to the normal approximation; each zero method.
zeros = [0, 0, 1.2, -0.7, 2.5, 3.1, -0.2, 0, 1.9, 4.0, 2.2, -1.1]
for zm in ["wilcox", "pratt", "zsplit"]:
    for alt in alternatives:
        wil(f"zeros_{zm}_{alt}", zeros, alt, zm)
    wil(f"zeros_{zm}_correction", zeros, "two-sided", zm, True)
# Zeros and ties together (log2 fold changes of equal frequencies give exact zeros).
zt = [0, 0, 1, 1, -1, 2, 2, 2, -2, 3, 0.5, 0.5]
for zm in ["wilcox", "pratt", "zsplit"]:
    wil(f"zeros_ties_{zm}", zt, "two-sided", zm)
wil("zsplit_all_zero", [0, 0, 0], "two-sided", "zsplit")
# Seven and six donors, as the paired fold-change tests of the study.
wil("seven_donors", [1.2, 0.4, 2.73, 1.9, -0.3, 2.2, 0.8])
wil("six_donors", [2.73, 2.04, 1.99, 3.1, 2.5, 2.8])
wil("six_donors_negative", [-0.77, -0.5, -1.2, 0.1, -0.9, -0.6])
wilcoxon_nan_case = {"d": encs([1.0, np.nan, 2.0])}


# ---------------------------------------------------------------------------------------------
# Benjamini-Hochberg.
bh_cases = []


def bh(name, p, alpha=0.05):
    p = np.asarray(p, dtype=np.float64)
    keep = ~np.isnan(p)
    adjusted = np.full(p.shape, np.nan)
    reject = np.zeros(p.shape, dtype=bool)
    if keep.any():
        r, a, _, _ = multipletests(p[keep], alpha=alpha, method="fdr_bh")
        adjusted[keep] = a
        reject[keep] = r
    bh_cases.append(
        {"name": name, "p": encs(p), "alpha": alpha, "adjusted": encs(adjusted), "reject": reject.tolist()}
    )


bh("random_20", rng.random(20) ** 3)
bh("random_200_alpha_10", rng.random(200) ** 4, 0.10)
bh("random_1000", np.concatenate([rng.random(900), rng.random(100) * 1e-4]))
bh("ties", [0.01, 0.01, 0.01, 0.04, 0.04, 0.2, 0.2, 0.5])
bh("all_significant", [1e-10, 2e-8, 1e-6, 0.001, 0.002])
bh("none_significant", [0.3, 0.5, 0.9, 0.07, 0.6])
bh("at_threshold", [0.01, 0.02, 0.03, 0.04, 0.05])
bh("zero_and_one", [0.0, 1.0, 0.5, 0.0, 1.0])
bh("single", [0.03])
bh("with_nan", [0.01, np.nan, 0.04, 0.03, np.nan, 0.5])
bh("all_nan", [np.nan, np.nan])
bh("empty", [])
bh("step_up_rescue", [0.001, 0.013, 0.014, 0.015, 0.9])  # a larger p rescues smaller ones


# ---------------------------------------------------------------------------------------------
# Effect sizes, fold changes, medians, entropy, correlation, R².
def cliffs_delta(x, y):
    x = np.asarray(x, dtype=float)[:, None]
    y = np.asarray(y, dtype=float)[None, :]
    return ((x > y).sum() - (x < y).sum()) / (x.size * y.size)


effect_cases = []
for name, (x, y) in {
    "separated": ([5, 6, 7], [1, 2, 3, 4]),
    "reverse": ([1, 2, 3, 4], [5, 6, 7]),
    "ties": ([1, 2, 2, 3, 5], [2, 4, 4, 6]),
    "equal": ([1, 1, 1], [1, 1]),
    "random": (rng.standard_normal(40), rng.standard_normal(33) + 0.5),
    "integers": (rng.integers(0, 4, 50), rng.integers(0, 4, 70)),
}.items():
    u = stats.mannwhitneyu(x, y, method="asymptotic").statistic
    effect_cases.append(
        {
            "name": name,
            "x": encs(x),
            "y": encs(y),
            "cliffs_delta": enc(cliffs_delta(x, y)),
            "u": enc(u),
            "rank_biserial": enc(1 - 2 * u / (len(x) * len(y))),
        }
    )

fold_treatment = np.array([2.58, 1.0, 0.0, 0.5, 3.0, 0.0, 7.7])
fold_control = np.array([0.95, 1.0, 0.5, 0.0, 1.5, 0.0, 0.3])
fold_section = {
    "treatment": encs(fold_treatment),
    "control": encs(fold_control),
    "log2": encs(np.log2(fold_treatment / fold_control)),
    "pseudocount": 0.01,
    "log2_pseudocount": encs(np.log2((fold_treatment + 0.01) / (fold_control + 0.01))),
}

median_cases = []
for name, values in {
    "odd": [3.0, 1.0, 2.0],
    "even": [4.0, 1.0, 3.0, 2.0],
    "even_rounding": [0.1, 0.7, 0.30000000000000004, 1e16],
    "single": [5.5],
    "random": rng.standard_normal(1001) * 1e3,
    "random_even": rng.standard_normal(1000),
    "nan": [1.0, np.nan, 3.0],
    "empty": [],
    "infinite": [1.0, np.inf, 3.0, -np.inf],
}.items():
    median_cases.append({"name": name, "values": encs(values), "median": enc(np.median(np.asarray(values, float)))})

probabilities = np.vstack(
    [
        [1.0, 0.0, 0.0, 0.0],
        [0.25, 0.25, 0.25, 0.25],
        [0.7, 0.2, 0.1, 0.0],
        rng.dirichlet(np.ones(4)),
        rng.dirichlet(np.ones(4) * 0.3),
        [0.5, 0.5, 0.0, 0.0],
        [0.2, 0.2, 0.2, 0.3],  # does not sum to 1: scipy normalises
        [0.0, 0.0, 0.0, 0.0],
        [0.3, np.nan, 0.3, 0.4],
    ]
)
entropy_section = {
    "rows": probabilities.shape[0],
    "cols": probabilities.shape[1],
    "probabilities": encs(probabilities),
    "entropy": encs([stats.entropy(row) for row in probabilities]),
}

correlation_cases = []
for name, (x, y) in {
    "random": (rng.standard_normal(30), rng.standard_normal(30)),
    "monotone": (np.arange(10.0), np.exp(np.arange(10.0))),
    "ties": ([1, 2, 2, 3, 4, 4, 4, 5], [2, 1, 3, 3, 5, 4, 6, 6]),
    "anti": ([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]),
    "constant": ([1, 1, 1, 1], [1, 2, 3, 4]),
}.items():
    rho = stats.spearmanr(x, y).correlation
    correlation_cases.append({"name": name, "x": encs(x), "y": encs(y), "spearman": enc(rho)})

r2_cases = []
for name, (t, p) in {
    "random": (rng.standard_normal(25), rng.standard_normal(25)),
    "good": (np.arange(10.0), np.arange(10.0) + rng.standard_normal(10) * 0.1),
    "perfect": ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]),
    "constant_truth_exact": ([2.0, 2.0, 2.0], [2.0, 2.0, 2.0]),
    "constant_truth_wrong": ([2.0, 2.0, 2.0], [1.0, 2.0, 3.0]),
}.items():
    r2_cases.append({"name": name, "y_true": encs(t), "y_pred": encs(p), "r2": enc(r2_score(t, p))})


# ---------------------------------------------------------------------------------------------
# PCA.
pca_cases = []


def pca_case(name, X, n_components, scale=False):
    X = np.asarray(X, dtype=np.float64)
    Z = StandardScaler().fit_transform(X) if scale else X
    model = PCA(n_components=n_components, svd_solver="full")
    scores = model.fit_transform(Z)
    pca_cases.append(
        {
            "name": name,
            "rows": X.shape[0],
            "cols": X.shape[1],
            "X": encs(X),
            "n_components": n_components,
            "scale": scale,
            "mean": encs(model.mean_),
            "components": encs(model.components_),
            "scores": encs(scores),
            "explained_variance": encs(model.explained_variance_),
            "explained_variance_ratio": encs(model.explained_variance_ratio_),
            "singular_values": encs(model.singular_values_),
            "noise_variance": enc(model.noise_variance_),
        }
    )


latent = rng.standard_normal((120, 3)) * [5.0, 2.0, 1.0]
loadings = rng.standard_normal((3, 8))
pca_case("tall_low_rank_noise", latent @ loadings + rng.standard_normal((120, 8)) * 0.1 + 10, 2)
pca_case("tall_all_components", rng.standard_normal((50, 5)) * [3, 2, 1.5, 1, 0.5], 5)
pca_case("scaled", rng.standard_normal((80, 6)) * [100, 1, 0.01, 5, 7, 3] + 3, 3, True)
pca_case("wide", rng.standard_normal((10, 25)) * np.linspace(3, 0.5, 25), 4)
pca_case("clusters", np.vstack([rng.standard_normal((30, 4)) + 5, rng.standard_normal((30, 4)) - 5]), 2)


# ---------------------------------------------------------------------------------------------
# Lasso and Ridge.
lasso_cases = []
ridge_cases = []
Xr = rng.standard_normal((60, 8))
true_coef = np.array([3.0, -2.0, 0.0, 0.0, 1.5, 0.0, 0.0, 0.5])
yr = Xr @ true_coef + rng.standard_normal(60) * 0.5 + 4
Xw = rng.standard_normal((15, 30))  # more features than samples
yw = Xw[:, 0] * 2 - Xw[:, 3] + rng.standard_normal(15) * 0.1
Xc = rng.standard_normal((40, 5))
Xc[:, 4] = Xc[:, 3] * 0.98 + rng.standard_normal(40) * 0.02  # nearly collinear pair
Xc[:, 2] = 0.0  # a constant (all-zero) column
yc = Xc[:, 3] + Xc[:, 0] + rng.standard_normal(40) * 0.3
regression_data = {"tall": (Xr, yr), "wide": (Xw, yw), "collinear": (Xc, yc)}
for data_name, (X, y) in regression_data.items():
    for alpha in [0.001, 0.05, 0.3, 5.0]:
        for fit_intercept in [True, False]:
            model = Lasso(alpha=alpha, fit_intercept=fit_intercept).fit(X, y)
            lasso_cases.append(
                {
                    "name": f"{data_name}_alpha{alpha}_intercept{fit_intercept}",
                    "data": data_name,
                    "alpha": alpha,
                    "fit_intercept": fit_intercept,
                    "coef": encs(model.coef_),
                    "intercept": enc(model.intercept_),
                    "n_iter": int(model.n_iter_),
                }
            )
            model = Ridge(alpha=alpha, fit_intercept=fit_intercept).fit(X, y)
            ridge_cases.append(
                {
                    "name": f"{data_name}_alpha{alpha}_intercept{fit_intercept}",
                    "data": data_name,
                    "alpha": alpha,
                    "fit_intercept": fit_intercept,
                    "coef": encs(model.coef_),
                    "intercept": enc(model.intercept_),
                }
            )
regression_section = {
    name: {"rows": X.shape[0], "cols": X.shape[1], "X": encs(X), "y": encs(y)}
    for name, (X, y) in regression_data.items()
}


# ---------------------------------------------------------------------------------------------
# Leave-one-group-out CV with an inner leave-one-group-out choice of alpha.
def fit_predict(model_name, alpha, X_train, y_train, X_test):
    scaler = StandardScaler().fit(X_train)
    model = (Lasso(alpha=alpha) if model_name == "lasso" else Ridge(alpha=alpha)).fit(scaler.transform(X_train), y_train)
    return model.predict(scaler.transform(X_test))


def logo(model_name, X, y, groups, alphas):
    labels = np.unique(groups)
    predictions = np.full(len(y), np.nan)
    chosen = []
    for held_out in labels:
        train = groups != held_out
        inner_labels = np.unique(groups[train])
        mean_mse = []
        for alpha in alphas:
            errors = []
            for inner in inner_labels:
                fit_rows = train & (groups != inner)
                val_rows = groups == inner
                pred = fit_predict(model_name, alpha, X[fit_rows], y[fit_rows], X[val_rows])
                errors.append(np.mean((y[val_rows] - pred) ** 2))
            mean_mse.append(np.mean(errors))
        mean_mse = np.array(mean_mse)
        best = min(range(len(alphas)), key=lambda i: (mean_mse[i], -alphas[i]))
        chosen.append(alphas[best])
        predictions[groups == held_out] = fit_predict(model_name, alphas[best], X[train], y[train], X[groups == held_out])
    return {
        "predictions": encs(predictions),
        "chosen_alphas": encs(chosen),
        "group_labels": labels.tolist(),
        "spearman": enc(stats.spearmanr(y, predictions).correlation),
        "r2": enc(r2_score(y, predictions)),
    }


donors = np.repeat(np.array(["D1", "D2", "D3", "D4", "D5", "D6"]), 4)
Xg = rng.standard_normal((24, 6))
Xg[:, 1] *= 30
yg = 2 * Xg[:, 0] - 0.05 * Xg[:, 1] + rng.standard_normal(24) * 0.5
logo_alphas = [0.01, 0.1, 0.5, 2.0]
logo_section = {
    "rows": 24,
    "cols": 6,
    "X": encs(Xg),
    "y": encs(yg),
    "groups": donors.tolist(),
    "alphas": logo_alphas,
    "lasso": logo("lasso", Xg, yg, donors, logo_alphas),
    "ridge": logo("ridge", Xg, yg, donors, [0.1, 1.0, 10.0, 100.0]),
    "ridge_alphas": [0.1, 1.0, 10.0, 100.0],
}

out = {
    "versions": {"scipy": scipy.__version__, "sklearn": sklearn.__version__, "statsmodels": statsmodels.__version__},
    "ndtr": ndtr_section,
    "mannwhitneyu": mwu_cases,
    "mannwhitneyu_nan": mwu_nan_case,
    "wilcoxon": wilcoxon_cases,
    "wilcoxon_nan": wilcoxon_nan_case,
    "fdr_bh": bh_cases,
    "effect_sizes": effect_cases,
    "fold_change": fold_section,
    "median": median_cases,
    "entropy": entropy_section,
    "spearman": correlation_cases,
    "r2": r2_cases,
    "pca": pca_cases,
    "regression_data": regression_section,
    "lasso": lasso_cases,
    "ridge": ridge_cases,
    "logo": logo_section,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "analysis_statistics_vectors.json")
with open(path, "w") as handle:
    json.dump(out, handle, separators=(",", ":"))
print(f"wrote {path}: {len(mwu_cases)} Mann-Whitney, {len(wilcoxon_cases)} Wilcoxon, {len(bh_cases)} BH cases")
