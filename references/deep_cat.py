"""The course's "Deep Neural Network for Image Classification: Application" (course 1, week 4) in
NumPy, as its notebook runs it, in float64 and in float32: the 2-layer model [12288, 7, 1]
(initialize_parameters: np.random.seed(1), randn * 0.01) and the L-layer model
[12288, 20, 7, 5, 1] (initialize_parameters_deep: np.random.seed(1), randn / sqrt(n_prev)),
ReLU hidden units and a sigmoid output, batch gradient descent on the cross-entropy cost,
lr 0.0075, 2500 iterations (and the 2-layer model for 1500, the notebook's early-stopping
note). The cost is recorded where the notebook prints it (i % 100 == 0,
and i == 2499 in the later version), the iterations whose cost is above the one before
("The cost should decrease on every iteration"), and the training and test accuracy (ŷ > 0.5) at
the end.

float32: the data and the initial weights (drawn in float64, as the notebook draws them) are cast
to float32 and every operation stays in float32. Two float32 variants of the backward pass's
first step: "course" (dAL = −(Y/AL − (1−Y)/(1−AL)), then sigmoid_backward, as the notebook) and
"direct" (dZ = AL − Y, as this project's Network computes it).

Data: the course's train_catvnoncat.h5 / test_catvnoncat.h5 (read with h5py; Debian:
`apt-get install python3-h5py`, run with /usr/bin/python3). OPENBLAS_NUM_THREADS=1 is set so
that the float sums do not depend on the thread count.

Prints one JSON document (references/deep_cat.json).
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import json  # noqa: E402
import sys  # noqa: E402

import h5py  # noqa: E402
import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def find_data(name):
    for d in [
        os.environ.get("HARNESS_DATA_DIR"),
        os.path.join(HERE, "..", "data"),
        os.path.join(HERE, "..", "..", "shared", "data"),
    ]:
        if d and os.path.isfile(os.path.join(d, "catvnoncat", name)):
            return os.path.join(d, "catvnoncat", name)
    sys.exit(f"catvnoncat/{name} not found")


def load():
    with h5py.File(find_data("train_catvnoncat.h5"), "r") as f:
        train_x = np.array(f["train_set_x"][:])
        train_y = np.array(f["train_set_y"][:]).reshape(1, -1)
    with h5py.File(find_data("test_catvnoncat.h5"), "r") as f:
        test_x = np.array(f["test_set_x"][:])
        test_y = np.array(f["test_set_y"][:]).reshape(1, -1)
    train_x = train_x.reshape(train_x.shape[0], -1).T / 255.0
    test_x = test_x.reshape(test_x.shape[0], -1).T / 255.0
    return train_x, train_y, test_x, test_y


def init_two_layer(dims):
    np.random.seed(1)
    n_x, n_h, n_y = dims
    return [
        (np.random.randn(n_h, n_x) * 0.01, np.zeros((n_h, 1))),
        (np.random.randn(n_y, n_h) * 0.01, np.zeros((n_y, 1))),
    ]


def init_deep(dims):
    np.random.seed(1)
    return [
        (np.random.randn(dims[l], dims[l - 1]) / np.sqrt(dims[l - 1]), np.zeros((dims[l], 1)))
        for l in range(1, len(dims))
    ]


def run(model, dtype, variant, X, Y, Xt, Yt, iterations=2500, lr=0.0075):
    dims = [12288, 7, 1] if model == "two-layer" else [12288, 20, 7, 5, 1]
    params = init_two_layer(dims) if model == "two-layer" else init_deep(dims)
    params = [[W.astype(dtype), b.astype(dtype)] for W, b in params]
    X, Y, Xt = X.astype(dtype), Y.astype(dtype), Xt.astype(dtype)
    m = X.shape[1]
    L = len(params)
    one = dtype(1)
    inv_m = dtype(1.0 / m)  # the notebook's 1./m, a Python float cast to the arrays' dtype

    def forward(A):
        caches = []
        for l, (W, b) in enumerate(params):
            Z = np.dot(W, A) + b
            A_prev = A
            A = one / (one + np.exp(-Z)) if l == L - 1 else np.maximum(0, Z)
            caches.append((A_prev, Z))
        return A, caches

    costs = {}
    rises = []  # iterations whose cost is above the previous iteration's
    previous = None
    for i in range(iterations):
        AL, caches = forward(X)
        cost = float(np.squeeze(
            inv_m * (-np.dot(Y, np.log(AL).T) - np.dot(one - Y, np.log(one - AL).T))
        ))
        if previous is not None and cost > previous:
            rises.append(i)
        previous = cost
        if i % 100 == 0 or i == iterations - 1:
            costs[i] = cost
        if variant == "course":
            dA = -(np.divide(Y, AL) - np.divide(one - Y, one - AL))
            s = one / (one + np.exp(-caches[-1][1]))
            dZ = dA * s * (one - s)
        else:
            dZ = AL - Y
        grads = [None] * L
        for l in reversed(range(L)):
            A_prev, Z = caches[l]
            W = params[l][0]
            if l < L - 1:
                dZ = np.array(dA, copy=True)
                dZ[Z <= 0] = 0
            grads[l] = (inv_m * np.dot(dZ, A_prev.T), inv_m * np.sum(dZ, axis=1, keepdims=True))
            dA = np.dot(W.T, dZ)
        for l in range(L):
            params[l][0] = params[l][0] - dtype(lr) * grads[l][0]
            params[l][1] = params[l][1] - dtype(lr) * grads[l][1]
        assert params[0][0].dtype == dtype

    def correct(Xs, Ys):
        AL, _ = forward(Xs)
        return int(np.sum((AL > 0.5).astype(int) == Ys))

    return {
        "model": model,
        "iterations": iterations,
        "dtype": np.dtype(dtype).name,
        "variant": variant,
        "costs": {str(k): v for k, v in costs.items()},
        "costRises": len(rises),
        "firstRises": rises[:10],
        "trainCorrect": correct(X, Y),
        "trainCount": int(m),
        "testCorrect": correct(Xt, Yt),
        "testCount": int(Xt.shape[1]),
    }


def main():
    X, Y, Xt, Yt = load()
    runs = []
    for model in ["two-layer", "l-layer"]:
        runs.append(run(model, np.float64, "course", X, Y, Xt, Yt))
        runs.append(run(model, np.float32, "course", X, Y, Xt, Yt))
        runs.append(run(model, np.float32, "direct", X, Y, Xt, Yt))
    # The notebook's note: "running the model on fewer iterations (say 1500) gives better
    # accuracy on the test set".
    for dtype, variant in [(np.float64, "course"), (np.float32, "course"), (np.float32, "direct")]:
        runs.append(run("two-layer", dtype, variant, X, Y, Xt, Yt, iterations=1500))
    json.dump({"numpy": np.__version__, "runs": runs}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
