"""The course's "Regularization" assignment in NumPy, as its notebook and reg_utils.py run it:
the 2-D data (data/reg2d/train.csv, 211 points, and test.csv, 200 points), layers [2, 20, 3, 1]
(ReLU, ReLU, sigmoid), initialize_parameters (randn / sqrt(n_prev) after np.random.seed(3)),
lr 0.3, 30000 iterations, "Cost after iteration i: {cost}" every 10000, and "Accuracy: …" on
the train and test sets; without regularisation, with L2 (lambd = 0.7) and with dropout
(keep_prob = 0.86, np.random.seed(1) at the start of every forward pass).

Runs the course's code in float64 and in float32 (every array float32: the webgpu backend's
arithmetic) and prints one JSON document (references/regularization.json) with the costs, the
accuracies and sum ||W||^2 before and after training.
"""
import csv
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "reg2d")


def load(name):
    with open(os.path.join(DATA, name + ".csv")) as f:
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
        p["W" + str(l)] = np.random.randn(dims[l], dims[l - 1]) / np.sqrt(dims[l - 1])
        p["b" + str(l)] = np.zeros((dims[l], 1))
    return p


def forward(X, p, keep_prob):
    D1 = D2 = None
    if keep_prob < 1:
        np.random.seed(1)
    Z1 = np.dot(p["W1"], X) + p["b1"]
    A1 = relu(Z1)
    if keep_prob < 1:
        D1 = np.random.rand(A1.shape[0], A1.shape[1]) < keep_prob
        A1 = A1 * D1
        A1 = A1 / keep_prob
    Z2 = np.dot(p["W2"], A1) + p["b2"]
    A2 = relu(Z2)
    if keep_prob < 1:
        D2 = np.random.rand(A2.shape[0], A2.shape[1]) < keep_prob
        A2 = A2 * D2
        A2 = A2 / keep_prob
    Z3 = np.dot(p["W3"], A2) + p["b3"]
    A3 = sigmoid(Z3)
    return A3, (A1, D1, A2, D2, A3)


def compute_cost(a3, Y):
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    return 1. / m * np.nansum(logprobs)


def backward(X, Y, cache, p, lambd, keep_prob):
    m = X.shape[1]
    A1, D1, A2, D2, A3 = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T) + (lambd / m * p["W3"] if lambd else 0)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(p["W3"].T, dZ3)
    if keep_prob < 1:
        dA2 = dA2 * D2
        dA2 = dA2 / keep_prob
    dZ2 = np.multiply(dA2, mask(A2))
    dW2 = 1. / m * np.dot(dZ2, A1.T) + (lambd / m * p["W2"] if lambd else 0)
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(p["W2"].T, dZ2)
    if keep_prob < 1:
        dA1 = dA1 * D1
        dA1 = dA1 / keep_prob
    dZ1 = np.multiply(dA1, mask(A1))
    dW1 = 1. / m * np.dot(dZ1, X.T) + (lambd / m * p["W1"] if lambd else 0)
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


def sum_sq(p):
    return float(sum(np.sum(np.square(p["W" + str(l)])) for l in range(1, 4)))


def model(X, Y, dtype, lambd=0, keep_prob=1, lr=0.3, iterations=30000):
    p = initialize_parameters([X.shape[0], 20, 3, 1])
    if dtype == "float32":
        p = {k: v.astype(np.float32) for k, v in p.items()}
        X = X.astype(np.float32)
        Y = Y.astype(np.float32)
        lr = np.float32(lr)
    w0 = sum_sq(p)
    m = Y.shape[1]
    costs = []
    for i in range(iterations):
        a3, cache = forward(X, p, keep_prob)
        assert a3.dtype == np.dtype(dtype), a3.dtype
        cost = compute_cost(a3, Y)
        if lambd:
            cost = cost + (1. / m * lambd / 2) * sum_sq(p)
        g = backward(X, Y, cache, p, lambd, keep_prob)
        for l in range(1, 4):
            p["W" + str(l)] = p["W" + str(l)] - lr * g["dW" + str(l)]
            p["b" + str(l)] = p["b" + str(l)] - lr * g["db" + str(l)]
        if i % 10000 == 0:
            costs.append(float(cost))
    return p, costs, w0, sum_sq(p)


def accuracy(X, Y, p):
    a3, _ = forward(X.astype(p["W1"].dtype), p, 1)
    return float(np.mean((a3 > 0.5)[0, :] == (Y[0, :] == 1)))


def main():
    train_X, train_Y = load("train")
    test_X, test_Y = load("test")
    out = {"numpy": np.__version__, "runs": {}}
    for dtype in ["float64", "float32"]:
        for name, lambd, keep in [("none", 0, 1), ("l2", 0.7, 1), ("dropout", 0, 0.86)]:
            p, costs, w0, w1 = model(train_X, train_Y, dtype, lambd, keep)
            r = {
                "costs": [repr(c) for c in costs],
                "train_accuracy": accuracy(train_X, train_Y, p),
                "test_accuracy": accuracy(test_X, test_Y, p),
                "sum_sq_weights": [w0, w1],
            }
            out["runs"][f"{name}/{dtype}"] = r
            print(name, dtype, r, file=sys.stderr)
    print(json.dumps(out, indent=1))


main()
