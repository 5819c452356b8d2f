"""The course's planar assignment ("Planar data classification with one hidden layer") in NumPy
float64 (and float32), as its notebook runs it: load_planar_dataset after np.random.seed(1), nn_model with
tanh hidden units (initialize_parameters seeds 2), lr 1.2, the n_h = 4 run for 10000 iterations
printing the cost every 1000, and the hidden-size sweep 1, 2, 3, 4, 5, 20, 50 for 5000 iterations.

It also runs the same computation with the two arithmetic choices this project's cpu backend
makes differently from the notebook, to measure which figures depend on the last bits:
  - "db_div": db = sum(dZ) / m (kernels/cpu.ts `mean`) instead of (1/m) * sum(dZ);
  - "seq": every sum over the 400 examples added left to right (cpu.ts matmul and sum) instead of
    OpenBLAS's blocked dot products and NumPy's pairwise sums;
and both together ("seq+db_div"), the order the cpu backend computes in; and the course's
code with every array in float32 ("float32", the webgpu backend's arithmetic, with OpenBLAS's
float32 sums).

Prints one JSON document (references/planar.json).
"""
import json
import sys

import numpy as np


def load_planar_dataset():
    np.random.seed(1)
    m = 400
    N = int(m / 2)
    D = 2
    X = np.zeros((m, D))
    Y = np.zeros((m, 1), dtype="uint8")
    a = 4
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2
        r = a * np.sin(4 * t) + np.random.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def seq_dot_t(A, B):
    """A · Bᵀ with each element's sum over the last axis added left to right."""
    prod = A[:, None, :] * B[None, :, :]
    return np.cumsum(prod, axis=2)[:, :, -1]


def seq_sum_rows(A):
    return np.cumsum(A, axis=1)[:, -1:]


def nn_model(X, Y, n_h, num_iterations, variant="course", print_every=None):
    m = X.shape[1]
    np.random.seed(3)
    n_x, n_y = X.shape[0], Y.shape[0]
    np.random.seed(2)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    if variant == "float32":
        # Everything in float32: data, weights, the constants 1/m and lr (NumPy keeps float32
        # when a Python float multiplies a float32 array).
        X = X.astype(np.float32)
        Y = Y.astype(np.float32)
        W1, b1, W2, b2 = (a.astype(np.float32) for a in (W1, b1, W2, b2))
    seq = variant.startswith("seq")
    div = variant.endswith("db_div")
    costs = []
    for i in range(num_iterations):
        Z1 = np.dot(W1, X) + b1
        A1 = np.tanh(Z1)
        Z2 = np.dot(W2, A1) + b2
        A2 = sigmoid(Z2)
        if print_every and i % print_every == 0:
            logprobs = np.multiply(np.log(A2), Y) + np.multiply((1 - Y), np.log(1 - A2))
            costs.append(float(np.squeeze(-np.sum(logprobs) / m)))
        if variant == "float32":
            assert A2.dtype == np.float32, A2.dtype
        dZ2 = A2 - Y
        if seq:
            dW2 = (1 / m) * seq_dot_t(dZ2, A1)
            s2 = seq_sum_rows(dZ2)
        else:
            dW2 = (1 / m) * np.dot(dZ2, A1.T)
            s2 = np.sum(dZ2, axis=1, keepdims=True)
        db2 = s2 / m if div else (1 / m) * s2
        dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
        if seq:
            dW1 = (1 / m) * seq_dot_t(dZ1, X)
            s1 = seq_sum_rows(dZ1)
        else:
            dW1 = (1 / m) * np.dot(dZ1, X.T)
            s1 = np.sum(dZ1, axis=1, keepdims=True)
        db1 = s1 / m if div else (1 / m) * s1
        W1 = W1 - 1.2 * dW1
        b1 = b1 - 1.2 * db1
        W2 = W2 - 1.2 * dW2
        b2 = b2 - 1.2 * db2
    A2 = sigmoid(np.dot(W2, np.tanh(np.dot(W1, X) + b1)) + b2)
    predictions = A2 > 0.5
    correct = int(np.sum(predictions == (Y == 1)))
    return {"accuracy": correct / Y.size * 100, "costs": costs}


def main():
    X, Y = load_planar_dataset()
    out = {"numpy": np.__version__, "python": sys.version.split()[0], "variants": {}}
    for variant in ["course", "db_div", "seq", "seq+db_div", "float32"]:
        r4 = nn_model(X, Y, 4, 10000, variant, print_every=1000)
        sweep = {n_h: nn_model(X, Y, n_h, 5000, variant)["accuracy"] for n_h in [1, 2, 3, 4, 5, 20, 50]}
        out["variants"][variant] = {
            "n_h4_10000": {"costs": r4["costs"], "printed_costs": ["%f" % c for c in r4["costs"]],
                           "accuracy": r4["accuracy"]},
            "sweep_5000": sweep,
        }
        print(variant, sweep, ["%f" % c for c in r4["costs"]], r4["accuracy"], file=sys.stderr)
    print(json.dumps(out, indent=1))


main()
