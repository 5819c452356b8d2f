"""The course's "Optimization methods" assignment in NumPy, as its notebook and opt_utils.py run
it: make_moons (300 points, noise 0.2, after np.random.seed(3); read from
tests/fixtures/data/generated/moons.csv, which numpy and scikit-learn wrote), layers [2, 5, 2, 1]
(ReLU, ReLU, sigmoid), He initialisation after np.random.seed(3), lr 0.0007, mini-batches of 64
from random_mini_batches(X, Y, 64, seed) with seed = 10 + 1 + epoch, gradient descent, momentum
(beta 0.9) or Adam (0.9, 0.999, 1e-8), 10000 epochs.

Every 1000 epochs it records both figures the notebook's versions print: the 2017 version's cost
of the epoch's last mini-batch and the 2021 version's cost_total / m; and the training accuracy
np.mean(p == y) after 5000 epochs (the 2021 run's end) and after 10000 (the 2017 run's). Runs in
float64 and in float32 (every array float32: the webgpu backend's arithmetic) and prints one JSON
document (references/optimizers_moons.json).
"""
import csv
import json
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "tests", "fixtures", "data", "generated")


def load(name):
    with open(os.path.join(GOLDEN, name + ".csv")) as f:
        rows = list(csv.reader(f))[1:]
    X = np.array([[float(r[0]), float(r[1])] for r in rows]).T
    Y = np.array([[float(r[2]) for r in rows]])
    return X, Y


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu(x):
    return np.maximum(0, x)


def mask(a):
    """The course's np.int64(a > 0) in a's dtype (the same 0/1 factors, no float64 promotion)."""
    return (a > 0).astype(a.dtype)


def initialize_parameters(dims):
    np.random.seed(3)
    p = {}
    for l in range(1, len(dims)):
        p["W" + str(l)] = np.random.randn(dims[l], dims[l - 1]) * np.sqrt(2 / dims[l - 1])
        p["b" + str(l)] = np.zeros((dims[l], 1))
    return p


def forward(X, p):
    z1 = np.dot(p["W1"], X) + p["b1"]
    a1 = relu(z1)
    z2 = np.dot(p["W2"], a1) + p["b2"]
    a2 = relu(z2)
    z3 = np.dot(p["W3"], a2) + p["b3"]
    a3 = sigmoid(z3)
    return a3, (a1, a2, a3)


def backward(X, Y, cache, p):
    m = X.shape[1]
    a1, a2, a3 = cache
    dz3 = 1. / m * (a3 - Y)
    dW3 = np.dot(dz3, a2.T)
    db3 = np.sum(dz3, axis=1, keepdims=True)
    da2 = np.dot(p["W3"].T, dz3)
    dz2 = np.multiply(da2, mask(a2))
    dW2 = np.dot(dz2, a1.T)
    db2 = np.sum(dz2, axis=1, keepdims=True)
    da1 = np.dot(p["W2"].T, dz2)
    dz1 = np.multiply(da1, mask(a1))
    dW1 = np.dot(dz1, X.T)
    db1 = np.sum(dz1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


def cost_total(a3, Y):
    logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    return np.sum(logprobs)


def random_mini_batches(X, Y, size, seed):
    np.random.seed(seed)
    m = X.shape[1]
    permutation = list(np.random.permutation(m))
    sX = X[:, permutation]
    sY = Y[:, permutation].reshape((1, m))
    out = []
    for k in range(math.floor(m / size)):
        out.append((sX[:, k * size:(k + 1) * size], sY[:, k * size:(k + 1) * size]))
    if m % size != 0:
        out.append((sX[:, (m // size) * size:], sY[:, (m // size) * size:]))
    return out


def accuracy(X, Y, p):
    a3, _ = forward(X, p)
    return float(np.mean((a3 > 0.5)[0, :] == (Y[0, :] == 1)))


def model(X, Y, optimizer, dtype, lr=0.0007, size=64, beta=0.9, beta1=0.9, beta2=0.999,
          epsilon=1e-8, epochs=10000):
    p = initialize_parameters([X.shape[0], 5, 2, 1])
    if dtype == "float32":
        p = {k: v.astype(np.float32) for k, v in p.items()}
        X = X.astype(np.float32)
        Y = Y.astype(np.float32)
        lr, beta, beta1, beta2, epsilon = (np.float32(v) for v in (lr, beta, beta1, beta2, epsilon))
    v = {k: np.zeros_like(a) for k, a in p.items()}
    s = {k: np.zeros_like(a) for k, a in p.items()}
    t = 0
    seed = 10
    m = X.shape[1]
    last, average, acc = [], [], {}
    for i in range(epochs):
        if i == 5000:
            acc["5000"] = accuracy(X, Y, p)
        seed = seed + 1
        total = 0
        for mb_X, mb_Y in random_mini_batches(X, Y, size, seed):
            a3, cache = forward(mb_X, p)
            assert a3.dtype == np.dtype(dtype), a3.dtype
            c = cost_total(a3, mb_Y)
            total += c
            batch_cost = c / mb_Y.shape[1]
            g = backward(mb_X, mb_Y, cache, p)
            if optimizer == "adam":
                t += 1
            for k in p:
                d = g["d" + k]
                if optimizer == "gd":
                    p[k] = p[k] - lr * d
                elif optimizer == "momentum":
                    v[k] = beta * v[k] + (1 - beta) * d
                    p[k] = p[k] - lr * v[k]
                else:
                    v[k] = beta1 * v[k] + (1 - beta1) * d
                    vc = v[k] / (1 - np.power(beta1, t))
                    s[k] = beta2 * s[k] + (1 - beta2) * np.power(d, 2)
                    sc = s[k] / (1 - np.power(beta2, t))
                    p[k] = p[k] - lr * vc / (np.sqrt(sc) + epsilon)
        if i % 1000 == 0:
            last.append(float(batch_cost))
            average.append(float(total / m))
    acc["10000"] = accuracy(X, Y, p)
    return {"last_batch_cost": ["%f" % c for c in last], "average_cost": ["%f" % c for c in average],
            "last_batch_cost_raw": last, "average_cost_raw": average, "accuracy": acc}


def main():
    X, Y = load("moons")
    out = {"numpy": np.__version__, "runs": {}}
    for dtype in ["float64", "float32"]:
        for opt in ["gd", "momentum", "adam"]:
            r = model(X, Y, opt, dtype)
            out["runs"][f"{opt}/{dtype}"] = r
            print(opt, dtype, r["last_batch_cost"], r["average_cost"][:5], r["accuracy"],
                  file=sys.stderr)
    print(json.dumps(out, indent=1))


main()
