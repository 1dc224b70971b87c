#!/usr/bin/env python3
"""Train the reference digits models and export them in the gauntlet.model/v1 JSON format.

Reads scenarios/data/digits.csv (split,label,px0..px63), trains on the `train` rows with a
StandardScaler fit on them, and writes for each model

    models/<name>/<version>/model.json             weights (format: models/README.md)
    models/<name>/<version>/test-predictions.json  sklearn's class and predict_proba per test row

Before writing, it re-implements the forward pass in numpy from the exported document and
asserts that it matches scikit-learn on all test rows (equal classes, probabilities within
1e-6). Run from anywhere: python models/train.py  (see models/README.md for the venv).

With --export-sklearn it also writes, next to them (git-ignored, not part of the model format),

    models/<name>/<version>/sklearn.joblib         Pipeline(StandardScaler, estimator), joblib

the fitted scikit-learn objects themselves, for serving the same model from Python (MLServer's
scikit-learn runtime in Benchmarks/peers/serve_compare.py). The pipeline is checked to give
exactly the classes and probabilities written to test-predictions.json. The JSON outputs are the
same with or without the option; joblib files only load under the scikit-learn version that
wrote them.
"""

import os

# One thread: deterministic and light on the CPU. Set before numpy is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

FORMAT = "gauntlet.model/v1"
VERSION = "1"
SEED = 0
PROBABILITY_TOLERANCE = 1e-6

MODELS_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(MODELS_DIR)
DATA_RELPATH = "scenarios/data/digits.csv"
DATA_PATH = os.path.join(REPO_DIR, DATA_RELPATH)


def load_digits_csv(path):
    """Rows of the CSV split into (X_train, y_train, X_test, y_test), file order kept."""
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        expected = ["split", "label"] + [f"px{i}" for i in range(64)]
        if header != expected:
            raise SystemExit(f"{path}: unexpected header {header[:4]}…")
        parts = {"train": ([], []), "test": ([], [])}
        for row in reader:
            xs, ys = parts[row[0]]
            ys.append(int(row[1]))
            xs.append([float(v) for v in row[2:]])
    (xtr, ytr), (xte, yte) = parts["train"], parts["test"]
    return (np.array(xtr, dtype=np.float64), np.array(ytr, dtype=np.int64),
            np.array(xte, dtype=np.float64), np.array(yte, dtype=np.int64))


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def floats(a):
    """A numpy array as nested lists of Python floats (json writes them with repr precision)."""
    return np.asarray(a, dtype=np.float64).tolist()


def export_document(name, kind, classes, scaler, layers, training):
    return {
        "format": FORMAT,
        "name": name,
        "version": VERSION,
        "kind": kind,
        "inputs": [{"name": "input-0", "datatype": "FP32", "shape": [-1, 64]}],
        "outputs": [
            {"name": "label", "datatype": "INT64", "shape": [-1, 1]},
            {"name": "probabilities", "datatype": "FP32", "shape": [-1, len(classes)]},
        ],
        "classes": [int(c) for c in classes],
        "standardization": {"mean": floats(scaler.mean_), "scale": floats(scaler.scale_)},
        "layers": [
            {"weights": floats(w), "bias": floats(b), "activation": act}
            for (w, b, act) in layers
        ],
        "training": training,
    }


def logreg_layers(model):
    # Multinomial LR: coef_ is classes×features (already out×in), intercept_ is classes.
    return [(model.coef_, model.intercept_, "softmax")]


def mlp_layers(model):
    # sklearn's coefs_[i] is in×out: transpose to out×in. Hidden layers use model.activation,
    # the output layer softmax (model.out_activation_).
    assert model.out_activation_ == "softmax", model.out_activation_
    n = len(model.coefs_)
    return [
        (w.T, b, "softmax" if i == n - 1 else model.activation)
        for i, (w, b) in enumerate(zip(model.coefs_, model.intercepts_))
    ]


def forward(doc, x):
    """The documented forward pass, from the exported document alone, in float64."""
    # Inputs arrive as FP32: round-trip through float32 like a server decoding the tensor would.
    x = np.asarray(x, dtype=np.float32).astype(np.float64)
    std = doc["standardization"]
    a = (x - np.array(std["mean"])) / np.array(std["scale"])
    for layer in doc["layers"]:
        w, b = np.array(layer["weights"]), np.array(layer["bias"])
        z = a @ w.T + b
        if layer["activation"] == "relu":
            a = np.maximum(z, 0.0)
        elif layer["activation"] == "softmax":
            e = np.exp(z - z.max(axis=1, keepdims=True))
            a = e / e.sum(axis=1, keepdims=True)
        else:
            raise ValueError(f"unknown activation {layer['activation']!r}")
    labels = np.array(doc["classes"])[np.argmax(a, axis=1)]  # ties: lowest index
    return labels, a


def round_trip(doc):
    """The document as a reader of the written file sees it."""
    return json.loads(json.dumps(doc))


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = json.dumps(obj, separators=(",", ":"), allow_nan=False)
    with open(path, "w") as f:
        f.write(text + "\n")
    return os.path.getsize(path)


def export_sklearn(out_dir, scaler, model, X_test, pred, proba):
    """Dump Pipeline(scaler, model) with joblib after checking it answers exactly as the
    separately applied scaler and model did. Returns the file's size, or None if the check failed."""
    import joblib  # scikit-learn's own dependency

    pipeline = Pipeline([("standardize", scaler), ("model", model)])
    if not (np.array_equal(pipeline.predict(X_test), pred)
            and np.array_equal(pipeline.predict_proba(X_test), proba)):
        return None
    path = os.path.join(out_dir, "sklearn.joblib")
    joblib.dump(pipeline, path)
    return os.path.getsize(path)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Train and export the reference digits models.")
    ap.add_argument("--export-sklearn", action="store_true",
                    help="also write models/<name>/<version>/sklearn.joblib (git-ignored)")
    args = ap.parse_args(argv)

    X_train, y_train, X_test, y_test = load_digits_csv(DATA_PATH)
    print(f"data: {DATA_RELPATH} ({len(X_train)} train / {len(X_test)} test rows)")
    data_sha = sha256(DATA_PATH)

    scaler = StandardScaler().fit(X_train)
    Z_train, Z_test = scaler.transform(X_train), scaler.transform(X_test)

    specs = [
        ("digits-logreg", "logistic_regression",
         LogisticRegression(solver="lbfgs", C=1.0, max_iter=10000, tol=1e-6,
                            random_state=SEED),
         logreg_layers),
        ("digits-mlp", "mlp",
         MLPClassifier(hidden_layer_sizes=(128,), activation="relu", solver="adam",
                       alpha=1e-4, max_iter=2000, early_stopping=False,
                       random_state=SEED),
         mlp_layers),
    ]

    failed = False
    for name, kind, model, to_layers in specs:
        with warnings.catch_warnings():
            warnings.simplefilter("error", ConvergenceWarning)  # not converged: fail loudly
            model.fit(Z_train, y_train)
        iterations = int(np.max(model.n_iter_))
        proba = model.predict_proba(Z_test)
        pred = model.predict(Z_test)
        accuracy = float(np.mean(pred == y_test))
        print(f"{name}: test accuracy {accuracy:.4f} ({int(np.sum(pred == y_test))}/{len(y_test)}),"
              f" {iterations} iterations")

        params = {k: v for k, v in model.get_params().items()
                  if isinstance(v, (int, float, str, bool, tuple, type(None)))}
        training = {
            "data": DATA_RELPATH,
            "data_sha256": data_sha,
            "train_rows": int(len(X_train)),
            "test_rows": int(len(X_test)),
            "estimator": type(model).__name__,
            "params": {k: (list(v) if isinstance(v, tuple) else v) for k, v in sorted(params.items())},
            "iterations": iterations,
            "test_accuracy": accuracy,
            "sklearn_version": sklearn.__version__,
            "numpy_version": np.__version__,
        }
        doc = export_document(name, kind, model.classes_, scaler, to_layers(model), training)

        # Self-check: forward pass from the exported (JSON round-tripped) document.
        labels, probs = forward(round_trip(doc), X_test)
        mismatched = int(np.sum(labels != pred))
        max_diff = float(np.max(np.abs(probs - proba)))
        ok = mismatched == 0 and max_diff <= PROBABILITY_TOLERANCE
        failed |= not ok
        print(f"  check {name}: numpy forward pass from model.json vs sklearn on {len(X_test)} test rows:"
              f" classes equal {len(X_test) - mismatched}/{len(X_test)},"
              f" max |Δprobability| {max_diff:.3e} (tolerance {PROBABILITY_TOLERANCE:g})"
              f" -> {'OK' if ok else 'FAILED'}")
        if not ok:
            continue

        out_dir = os.path.join(MODELS_DIR, name, VERSION)
        size_model = write_json(os.path.join(out_dir, "model.json"), doc)
        size_preds = write_json(os.path.join(out_dir, "test-predictions.json"), {
            "format": "gauntlet.test-predictions/v1",
            "model": name,
            "version": VERSION,
            "data": DATA_RELPATH,
            "data_sha256": data_sha,
            "split": "test",
            "rows": int(len(X_test)),
            "classes": [int(c) for c in model.classes_],
            "tolerance": 1e-5,
            "labels": [int(v) for v in y_test],
            "predicted": [int(v) for v in pred],
            "probabilities": floats(proba),
        })
        rel = os.path.relpath(out_dir, REPO_DIR)
        print(f"  wrote {rel}/model.json ({size_model:,} bytes),"
              f" {rel}/test-predictions.json ({size_preds:,} bytes)")
        if args.export_sklearn:
            size_joblib = export_sklearn(out_dir, scaler, model, X_test, pred, proba)
            if size_joblib is None:
                failed = True
                print(f"  check {name}: Pipeline(scaler, model) differs from scaler + model -> FAILED")
            else:
                print(f"  wrote {rel}/sklearn.joblib ({size_joblib:,} bytes, scikit-learn {sklearn.__version__})")

    if failed:
        print("self-check FAILED: nothing written for the failing model(s)", file=sys.stderr)
        return 1
    print("self-check passed for all models")
    return 0


if __name__ == "__main__":
    sys.exit(main())
