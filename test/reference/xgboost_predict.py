"""Predicts with XGBoost 1.7 from a JSON model file, for the interoperability tests.

    /usr/bin/python3 test/reference/xgboost_predict.py MODEL.json X.bin ROWS COLS

X.bin holds ROWS × COLS float64 values in row-major order (NaN = missing). Prints one JSON object:
{"version", "margin", "pred", "contribs"} with the flattened outputs of
Booster.predict(output_margin=True), Booster.predict() and Booster.predict(pred_contribs=True),
or {"error": reason} when xgboost cannot be imported.
"""

import json
import sys

try:
    import numpy as np
    import xgboost as xgb
except ImportError as error:
    print(json.dumps({"error": f"cannot import xgboost: {error}"}))
    sys.exit(0)

model_path, x_path, rows, cols = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
X = np.fromfile(x_path, dtype=np.float64).reshape(rows, cols)
booster = xgb.Booster()
booster.load_model(model_path)
# A model saved with feature names only predicts a DMatrix with the same names.
data = xgb.DMatrix(X, missing=np.nan, feature_names=booster.feature_names)


def flat(values):
    return [float(v) for v in np.asarray(values, dtype=np.float64).ravel()]


print(
    json.dumps(
        {
            "version": xgb.__version__,
            "margin": flat(booster.predict(data, output_margin=True)),
            "pred": flat(booster.predict(data)),
            "contribs": flat(booster.predict(data, pred_contribs=True)),
        }
    )
)
