"""NumPy float64 peers of the two cat-image trainings, for timing our webgpu and cpu backends
against (bench/cat.ts): the course's vectorised code, written out here (it is not the course's
file), on the real cat images.

    python3 bench/peers/cat_numpy.py DIR '{"runs": 3, "logreg": 2000, "deep": 2500,
                                          "logEvery": 100}'

DIR holds raw float64 little-endian files written by bench/cat.ts (h5py is not needed):
X.f64 (12288 x m, row-major, pixels / 255), Y.f64 (1 x m), layers.json ([12288, 20, 7, 5, 1]).
"logreg" / "deep" are iteration counts (0 skips the case).

- logreg-cat: the week-2 assignment's initialize_with_zeros, propagate and optimize: w, b zeros,
  A = sigmoid(w.T X + b), dw = X (A - Y).T / m, db = mean(A - Y), lr 0.005.
- deep-cat: the week-4 application's L_layer_model: np.random.seed(1), W = randn(n_l, n_prev) /
  sqrt(n_prev), b = 0; ReLU then sigmoid; lr 0.0075.

Both compute exactly what our nn/logistic.ts and nn/network.ts compute, so the timings compare the
same arithmetic: the cost only on logged iterations (the course computes it every iteration, but it
is a 1 x m reduction either way), dZ[L] = AL - Y (what the course's dAL followed by
sigmoid_backward simplifies to), and no dA[0] = W1.T dZ1 (the course computes it, a 12288 x 209
product nobody uses). Prints one JSON line per case: {"case", "iterations", "ms" (median wall
time of the training), "runs" (each run's ms), "costs" ([iteration, cost] of the last run),
"numpy", "blas"}.
"""
import json
import sys
import time

import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def relu(z):
    return np.maximum(0, z)


def bce(A, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)


def logreg(X, Y, iterations, lr, log_every):
    """initialize_with_zeros, then optimize (propagate + update)."""
    w = np.zeros((X.shape[0], 1))
    b = 0.0
    m = X.shape[1]
    costs = []
    for i in range(iterations):
        A = sigmoid(w.T @ X + b)
        if i % log_every == 0:
            costs.append([i, bce(A, Y)])
        dZ = A - Y
        dw = X @ dZ.T / m
        db = np.sum(dZ) / m
        w = w - lr * dw
        b = b - lr * db
    return (w, b), costs


def init_deep(dims, seed):
    """initialize_parameters_deep."""
    np.random.seed(seed)
    p = {}
    for l in range(1, len(dims)):
        p["W" + str(l)] = np.random.randn(dims[l], dims[l - 1]) / np.sqrt(dims[l - 1])
        p["b" + str(l)] = np.zeros((dims[l], 1))
    return p


def forward(X, p, L):
    """L_model_forward: caches of (A_prev, Z) per layer."""
    caches = []
    A = X
    for l in range(1, L + 1):
        Z = p["W" + str(l)] @ A + p["b" + str(l)]
        caches.append((A, Z))
        A = sigmoid(Z) if l == L else relu(Z)
    return A, caches


def backward(AL, Y, caches, p, L):
    """L_model_backward with linear_backward and relu_backward."""
    m = Y.shape[1]
    g = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        A_prev, _ = caches[l - 1]
        g["dW" + str(l)] = dZ @ A_prev.T / m
        g["db" + str(l)] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dA = p["W" + str(l)].T @ dZ
            dZ = np.array(dA, copy=True)
            dZ[caches[l - 2][1] <= 0] = 0
    return g


def deep(X, Y, dims, iterations, lr, log_every):
    """L_layer_model; the initialisation is drawn before the clock starts (see timed)."""
    L = len(dims) - 1
    p = init_deep(dims, 1)

    def run():
        costs = []
        for i in range(iterations):
            AL, caches = forward(X, p, L)
            if i % log_every == 0:
                costs.append([i, bce(AL, Y)])
            g = backward(AL, Y, caches, p, L)
            for l in range(1, L + 1):
                p["W" + str(l)] = p["W" + str(l)] - lr * g["dW" + str(l)]
                p["b" + str(l)] = p["b" + str(l)] - lr * g["db" + str(l)]
        return p, costs

    return run


def timed(make, runs):
    """Median wall time of `runs` trainings; make() returns the training to time."""
    times = []
    costs = []
    for _ in range(runs):
        fn = make()
        t0 = time.perf_counter()
        _, costs = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return sorted(times)[len(times) // 2], times, costs


def blas_name():
    try:
        cfg = np.show_config(mode="dicts")
        return cfg["Build Dependencies"]["blas"]["name"]
    except Exception:  # older numpy: no dict mode
        return "unknown"


def main():
    d = sys.argv[1]
    req = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    runs = int(req.get("runs", 3))
    log_every = int(req.get("logEvery", 100))
    dims = json.load(open(d + "/layers.json"))
    X = np.fromfile(d + "/X.f64", dtype="<f8").reshape(dims[0], -1)
    Y = np.fromfile(d + "/Y.f64", dtype="<f8").reshape(1, -1)
    meta = {"numpy": np.__version__, "blas": blas_name()}
    cases = [
        ("logreg-cat", int(req.get("logreg", 0)),
         lambda n: lambda: logreg(X, Y, n, 0.005, log_every)),
        ("deep-cat", int(req.get("deep", 0)),
         lambda n: deep(X, Y, dims, n, 0.0075, log_every)),
    ]
    for name, n, make in cases:
        if n <= 0:
            continue
        ms, all_ms, costs = timed(lambda: make(n), runs)
        print(json.dumps({"case": name, "iterations": n, "ms": round(ms, 2),
                          "runs": [round(t, 1) for t in all_ms], "costs": costs, **meta}),
              flush=True)


if __name__ == "__main__":
    main()
