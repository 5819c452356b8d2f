"""NumPy float64 peers of the course's small-network trainings, for timing the fused webgpu path
(nn/fused.ts) against: the course's own code shape (forward with caches, cost every iteration,
backward, update), one training per setup, median wall time of a few runs.

    python3 bench/peers/fused_mlp_numpy.py [runs]

Setups (as the course runs them):
  planar   [2,4,1] tanh, 400 points, lr 1.2, 10000 iterations (nn_model)
  circles  [2,10,5,1] relu, He init, 300 points, lr 0.01, 15000 iterations
  moons    [2,5,2,1] relu, He init, 300 points, Adam lr 0.0007, mini-batches of 64, 10000 epochs
  reg-l2   [2,20,3,1] relu, 211 points, lr 0.3, lambd 0.7, 30000 iterations
  reg-drop [2,20,3,1] relu, 211 points, lr 0.3, keep_prob 0.86, 30000 iterations
The data are stand-ins of the same shapes (timing does not depend on the values). Prints one JSON
line per setup: {"setup", "ms" (median wall), "cpu_ms" (median process time), "runs",
"us_per_step"}.
"""
import json
import sys
import time

import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def init(dims, kind, seed):
    rs = np.random.RandomState(seed)
    p = {}
    for l in range(1, len(dims)):
        w = rs.randn(dims[l], dims[l - 1])
        p["W" + str(l)] = w * (0.01 if kind == "small" else np.sqrt(2 / dims[l - 1]))
        p["b" + str(l)] = np.zeros((dims[l], 1))
    return p


def forward(X, p, L, act, keep=1.0):
    caches = []
    A = X
    if keep < 1:
        np.random.seed(1)  # the course re-seeds before drawing the masks, every forward pass
    for l in range(1, L + 1):
        Z = p["W" + str(l)] @ A + p["b" + str(l)]
        if l == L:
            An = sigmoid(Z)
            D = None
        else:
            An = np.tanh(Z) if act == "tanh" else np.maximum(0, Z)
            D = None
            if keep < 1:
                D = np.random.rand(*An.shape) < keep
                An = An * D / keep
        caches.append((A, Z, An, D))
        A = An
    return A, caches


def cost(AL, Y, p, L, lambd):
    m = Y.shape[1]
    J = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    if lambd > 0:
        J += lambd / (2 * m) * sum(np.sum(np.square(p["W" + str(l)])) for l in range(1, L + 1))
    return J


def backward(AL, Y, caches, p, L, act, lambd, keep):
    m = Y.shape[1]
    g = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        A_prev, _, _, _ = caches[l - 1]
        g["dW" + str(l)] = dZ @ A_prev.T / m + (lambd / m) * p["W" + str(l)]
        g["db" + str(l)] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dA = p["W" + str(l)].T @ dZ
            _, Zp, Ap, Dp = caches[l - 2]
            if Dp is not None:
                dA = dA * Dp / keep
            dZ = dA * (1 - np.power(Ap, 2)) if act == "tanh" else dA * (Zp > 0)
    return g


def train_batch(X, Y, dims, act, kind, lr, iters, lambd=0.0, keep=1.0):
    L = len(dims) - 1
    p = init(dims, kind, 3)
    for _ in range(iters):
        AL, caches = forward(X, p, L, act, keep)
        cost(AL, Y, p, L, lambd)
        g = backward(AL, Y, caches, p, L, act, lambd, keep)
        for l in range(1, L + 1):
            p["W" + str(l)] -= lr * g["dW" + str(l)]
            p["b" + str(l)] -= lr * g["db" + str(l)]
    return p


def random_mini_batches(X, Y, size, seed):
    np.random.seed(seed)
    m = X.shape[1]
    perm = list(np.random.permutation(m))
    sx, sy = X[:, perm], Y[:, perm]
    return [(sx[:, k:k + size], sy[:, k:k + size]) for k in range(0, m, size)]


def train_adam(X, Y, dims, lr, epochs, size, b1=0.9, b2=0.999, eps=1e-8):
    L = len(dims) - 1
    p = init(dims, "he", 3)
    v = {k: np.zeros_like(a) for k, a in p.items()}
    s = {k: np.zeros_like(a) for k, a in p.items()}
    t = 0
    seed = 10
    m = X.shape[1]
    for _ in range(epochs):
        seed += 1
        total = 0.0
        for mx, my in random_mini_batches(X, Y, size, seed):
            AL, caches = forward(mx, p, L, "relu")
            total += cost(AL, my, p, L, 0.0) * my.shape[1]
            g = backward(AL, my, caches, p, L, "relu", 0.0, 1.0)
            t += 1
            for k in p:
                d = g["d" + k]
                v[k] = b1 * v[k] + (1 - b1) * d
                s[k] = b2 * s[k] + (1 - b2) * d * d
                vc = v[k] / (1 - b1 ** t)
                sc = s[k] / (1 - b2 ** t)
                p[k] -= lr * vc / (np.sqrt(sc) + eps)
        total / m
    return p


def data(m, seed):
    rs = np.random.RandomState(seed)
    X = rs.randn(2, m)
    Y = (rs.rand(1, m) > 0.5).astype(float)
    return X, Y


def timed(fn, runs):
    times, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return sorted(times)[len(times) // 2], times, sorted(cpu)[len(cpu) // 2]


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    only = sys.argv[2].split(",") if len(sys.argv) > 2 else None
    Xp, Yp = data(400, 1)
    Xc, Yc = data(300, 2)
    Xm, Ym = data(300, 3)
    Xr, Yr = data(211, 4)
    setups = {
        "planar": (lambda: train_batch(Xp, Yp, [2, 4, 1], "tanh", "small", 1.2, 10000), 10000),
        "circles": (lambda: train_batch(Xc, Yc, [2, 10, 5, 1], "relu", "he", 0.01, 15000), 15000),
        "moons-adam": (lambda: train_adam(Xm, Ym, [2, 5, 2, 1], 0.0007, 10000, 64), 50000),
        "reg-l2": (lambda: train_batch(Xr, Yr, [2, 20, 3, 1], "relu", "he", 0.3, 30000, lambd=0.7),
                   30000),
        "reg-dropout": (lambda: train_batch(Xr, Yr, [2, 20, 3, 1], "relu", "he", 0.3, 30000,
                                            keep=0.86), 30000),
    }
    for name, (fn, steps) in setups.items():
        if only and name not in only:
            continue
        ms, all_ms, cpu_ms = timed(fn, runs)
        print(json.dumps({"setup": name, "ms": round(ms, 1), "cpu_ms": round(cpu_ms, 1),
                          "runs": [round(t) for t in all_ms],
                          "us_per_step": round(1000 * ms / steps, 2)}))


if __name__ == "__main__":
    main()
