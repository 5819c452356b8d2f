"""NumPy float64 peer of the learning-rate sweep (bench/sweep.ts): the course's logistic
regression on the cat images (w, b zeros; A = sigmoid(w.T X + b); dw = X (A - Y).T / m;
db = mean(A - Y); the cost every LOG_EVERY iterations) for each learning rate, run two ways:

- "loop": one training after another, as a user's loop over the rates would;
- "stacked": the rates' weight vectors as the columns of one 12288 x k matrix W, so that each
  step is one product W.T X and one product X dZ.T for all k (what `--batch auto` does).

    python3 bench/peers/sweep_numpy.py DIR '{"rates": [...], "iterations": 500, "logEvery": 10,
                                           "runs": 3}'

DIR holds X.f64 (12288 x m, row-major, pixels / 255), Y.f64 (1 x m) and layers.json, written by
bench/cat.ts. Prints one JSON line per way: {"way", "ms" (median), "runs", "finalCosts" (the
last logged cost per rate), "numpy", "blas"}.
"""
import json
import sys
import time

import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def glog(x):
    """log(max(x, 1e-12)): the guard of our backends' losses (LOG_GUARD), so that the large
    rates' saturated sigmoids give a large finite cost, as ours do."""
    return np.log(np.maximum(x, 1e-12))


def bce_rows(A, Y):
    m = Y.shape[1]
    return -np.sum(Y * glog(A) + (1 - Y) * glog(1 - A), axis=1) / m


def loop(X, Y, rates, iterations, log_every):
    finals = []
    m = X.shape[1]
    for lr in rates:
        w = np.zeros((X.shape[0], 1))
        b = 0.0
        cost = None
        for i in range(iterations):
            A = sigmoid(w.T @ X + b)
            if i % log_every == 0 or i == iterations - 1:
                cost = float(bce_rows(A, Y)[0])
            dZ = A - Y
            w = w - lr * (X @ dZ.T / m)
            b = b - lr * float(np.sum(dZ) / m)
        finals.append(cost)
    return finals


def stacked(X, Y, rates, iterations, log_every):
    m = X.shape[1]
    k = len(rates)
    lr = np.array(rates).reshape(1, k)
    W = np.zeros((X.shape[0], k))
    B = np.zeros((k, 1))
    costs = None
    for i in range(iterations):
        A = sigmoid(W.T @ X + B)
        if i % log_every == 0 or i == iterations - 1:
            costs = bce_rows(A, Y)
        dZ = A - Y
        W = W - lr * (X @ dZ.T / m)
        B = B - lr.T * (np.sum(dZ, axis=1, keepdims=True) / m)
    return [float(c) for c in costs]


def blas_name():
    try:
        return np.show_config(mode="dicts")["Build Dependencies"]["blas"]["name"]
    except Exception:
        return "unknown"


def main():
    d = sys.argv[1]
    req = json.loads(sys.argv[2])
    dims = json.load(open(d + "/layers.json"))
    X = np.fromfile(d + "/X.f64", dtype="<f8").reshape(dims[0], -1)
    Y = np.fromfile(d + "/Y.f64", dtype="<f8").reshape(1, -1)
    rates = req["rates"]
    iterations = int(req["iterations"])
    log_every = int(req.get("logEvery", 10))
    runs = int(req.get("runs", 1))
    for way, fn in [("loop", loop), ("stacked", stacked)]:
        times = []
        finals = None
        for _ in range(runs):
            t0 = time.perf_counter()
            finals = fn(X, Y, rates, iterations, log_every)
            times.append((time.perf_counter() - t0) * 1000)
        print(json.dumps({"way": way, "ms": round(sorted(times)[len(times) // 2], 2),
                          "runs": [round(t, 1) for t in times], "finalCosts": finals,
                          "numpy": np.__version__, "blas": blas_name()}), flush=True)


if __name__ == "__main__":
    main()
