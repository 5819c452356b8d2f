"""The course's "Initialization" assignment in NumPy, as its notebook and init_utils.py run it:
make_circles (300 training points after np.random.seed(1), 100 test points after
np.random.seed(2), noise 0.05; read from tests/fixtures/data/generated/, which numpy and
scikit-learn wrote), layers [2, 10, 5, 1] (ReLU, ReLU, sigmoid), initialize_parameters_zeros /
_random (randn * 10 after np.random.seed(3)) / _he (randn * sqrt(2 / n_prev) after
np.random.seed(3)), lr 0.01, 15000 iterations, "Cost after iteration i: {cost}" every 1000, and
"Accuracy: {np.mean(p == y)}" on the train and test sets.

Runs the course's code in float64 and in float32 (every array float32: the webgpu backend's
arithmetic) and prints one JSON document (references/init_circles.json). For the large random
initialisation it also counts the training points whose first prediction a[3] is exactly 0 or 1
on the wrong side, which make the course's first cost log(0) = inf.
"""
import csv
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "tests", "fixtures", "data", "generated")


def load(name):
    with open(os.path.join(GOLDEN, name + ".csv")) as f:
        rows = list(csv.reader(f))[1:]
    X = np.array([[float(r[0]), float(r[1])] for r in rows]).T
    Y = np.array([[int(float(r[2])) for r in rows]])
    return X, Y


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu(x):
    return np.maximum(0, x)


def init(kind, dims):
    params = {}
    if kind != "zeros":
        np.random.seed(3)
    for l in range(1, len(dims)):
        if kind == "zeros":
            params["W" + str(l)] = np.zeros((dims[l], dims[l - 1]))
        elif kind == "random":
            params["W" + str(l)] = np.random.randn(dims[l], dims[l - 1]) * 10
        else:
            params["W" + str(l)] = np.random.randn(dims[l], dims[l - 1]) * np.sqrt(2. / dims[l - 1])
        params["b" + str(l)] = np.zeros((dims[l], 1))
    return params


def forward(X, p):
    z1 = np.dot(p["W1"], X) + p["b1"]
    a1 = relu(z1)
    z2 = np.dot(p["W2"], a1) + p["b2"]
    a2 = relu(z2)
    z3 = np.dot(p["W3"], a2) + p["b3"]
    a3 = sigmoid(z3)
    return a3, (z1, a1, z2, a2, z3, a3)


def compute_loss(a3, Y):
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    return 1. / m * np.nansum(logprobs)


def mask(a):
    """The course's np.int64(a > 0), in a's dtype: the same 0/1 factors, without promoting a
    float32 run to float64."""
    return (a > 0).astype(a.dtype)


def backward(X, Y, cache, p):
    m = X.shape[1]
    (z1, a1, z2, a2, z3, a3) = cache
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


def model(X, Y, kind, dtype, lr=0.01, iterations=15000):
    p = init(kind, [X.shape[0], 10, 5, 1])
    if dtype == "float32":
        p = {k: v.astype(np.float32) for k, v in p.items()}
        X = X.astype(np.float32)
        Y = Y.astype(np.float32)
        lr = np.float32(lr)
    a3, _ = forward(X, p)
    wrong_saturated = int(np.sum(((a3 == 1) & (Y == 0)) | ((a3 == 0) & (Y == 1))))
    costs = []
    for i in range(iterations):
        a3, cache = forward(X, p)
        assert a3.dtype == np.dtype(dtype), a3.dtype
        cost = compute_loss(a3, Y)
        g = backward(X, Y, cache, p)
        for l in range(1, 4):
            p["W" + str(l)] = p["W" + str(l)] - lr * g["dW" + str(l)]
            p["b" + str(l)] = p["b" + str(l)] - lr * g["db" + str(l)]
        if i % 1000 == 0:
            costs.append(float(cost))
    return p, costs, wrong_saturated


def accuracy(X, Y, p, dtype):
    if dtype == "float32":
        X = X.astype(np.float32)
    a3, _ = forward(X, p)
    pred = (a3 > 0.5).astype(int)
    return float(np.mean(pred[0, :] == Y[0, :]))


def main():
    train_X, train_Y = load("circles_train")
    test_X, test_Y = load("circles_test")
    out = {"numpy": np.__version__, "runs": {}}
    for dtype in ["float64", "float32"]:
        for kind in ["zeros", "random", "he"]:
            p, costs, sat = model(train_X, train_Y, kind, dtype)
            r = {
                "costs": [repr(c) for c in costs],
                "train_accuracy": accuracy(train_X, train_Y, p, dtype),
                "test_accuracy": accuracy(test_X, test_Y, p, dtype),
                "wrong_side_saturated_at_init": sat,
            }
            out["runs"][f"{kind}/{dtype}"] = r
            print(kind, dtype, r, file=sys.stderr)
    print(json.dumps(out, indent=1))


main()
