"""The float32 basis of experiments/logistic-loop-vs-vectorized.ts: logistic regression's
gradient step on lecture 2's Iris data (first 100 flowers, sepal and petal length, y = 0 for
setosa), from w = 0, b = 0, 10 iterations at alpha = 0.00001, computed (1) with loops over the
examples and the features, accumulating in order, (2) with the loop over examples only, (3)
vectorised (np.dot, np.sum), in float64 and in float32. Differences are scaled as the experiment
scales them: J by J, dw_j by mean|x_j|, db by 1, w and b by alpha * t times those.

Run: python3 references/logistic_loops_float32.py > references/logistic_loops_float32.json
"""
import csv
import json
import pathlib

import numpy as np

ALPHA, ITERATIONS, GUARD = 0.00001, 10, 1e-12


def data():
    path = pathlib.Path(__file__).resolve().parent.parent / "data" / "iris" / "iris_uci.csv"
    rows = [r for r in csv.reader(open(path)) if r][:100]
    X = np.array([[float(r[0]), float(r[2])] for r in rows]).T
    Y = np.array([[0.0 if r[4] == "Iris-setosa" else 1.0 for r in rows]])
    return X, Y


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def loss(a, y):
    one = a.dtype.type(1)
    return -(y * np.log(np.maximum(a, a.dtype.type(GUARD))) + (one - y) * np.log(np.maximum(one - a, a.dtype.type(GUARD))))


def run(X, Y, version, dt):
    X, Y = X.astype(dt), Y.astype(dt)
    n, m = X.shape
    w, b = np.zeros((n, 1), dt), dt(0)
    alpha = dt(ALPHA)
    out = []
    for _ in range(ITERATIONS):
        if version == "vectorized":
            A = sigmoid(w.T @ X + b)
            J = np.sum(loss(A, Y)) / dt(m)
            dZ = A - Y
            dw = (X @ dZ.T) / dt(m)
            db = np.sum(dZ) / dt(m)
        else:
            J, db = dt(0), dt(0)
            dw = np.zeros((n, 1), dt)
            for i in range(m):
                x = X[:, i:i + 1]
                a = sigmoid((w.T @ x)[0, 0] + b)
                J += loss(a, Y[0, i])
                dz = a - Y[0, i]
                if version == "twoLoops":
                    for j in range(n):
                        dw[j, 0] += x[j, 0] * dz
                else:
                    dw += x * dz
                db += dz
            J, dw, db = J / dt(m), dw / dt(m), db / dt(m)
        w = w - alpha * dw
        b = b - alpha * db
        out.append([float(J), *map(float, dw.ravel()), float(db), *map(float, w.ravel()), float(b)])
    return out


def main():
    X, Y = data()
    mean_abs = np.abs(X).mean(axis=1)
    result = {"numpy": np.__version__}
    for name, dt in [("float64", np.float64), ("float32", np.float32)]:
        runs = {v: run(X, Y, v, dt) for v in ["twoLoops", "oneLoop", "vectorized"]}
        def between(u, v):
            worst = 0.0
            for t, (a, c) in enumerate(zip(runs[u], runs[v])):
                J = runs["vectorized"][t][0]
                scale = [J, *mean_abs, 1, *(ALPHA * (t + 1) * mean_abs), ALPHA * (t + 1)]
                worst = max(worst, max(abs(p - q) / s for p, q, s in zip(a, c, scale)))
            return worst
        result[name] = {
            "twoLoopsVsVectorized": between("twoLoops", "vectorized"),
            "oneLoopVsVectorized": between("oneLoop", "vectorized"),
            "twoLoopsVsOneLoop": between("twoLoops", "oneLoop"),
        }
    print(json.dumps(result, indent=1))


main()
