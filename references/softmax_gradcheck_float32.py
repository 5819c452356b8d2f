"""The float32 basis of experiments/multiclass-iris.ts's softmax-rule-is-gradient claim: the
softmax regression update rule (dZ = A - Y, dW = (1/m) dZ X^T, db = (1/m) sum dZ) against two-sided
differences of J = (1/m) sum -sum_j y_j log a_j (nn/gradcheck.ts), at the experiment's random
point (W = randn(3, 4), b = randn(3, 1) from RandomState(1)), on the 150 UCI Iris flowers with
standardised features. NumPy float64 at eps = 1e-7 and float32 at eps = 1e-7 and 1e-2; and a
wrong rule (dZ = exp(Z) - Y, the softmax's normalisation left out) at the same eps, to show what
the check gives for a wrong derivation.

Run: python3 references/softmax_gradcheck_float32.py > references/softmax_gradcheck_float32.json
"""
import csv
import json
import pathlib

import numpy as np

SPECIES = ["Iris-setosa", "Iris-versicolor", "Iris-virginica"]
GUARD = 1e-12  # kernels/backend.ts LOG_GUARD


def data():
    path = pathlib.Path(__file__).resolve().parent.parent / "data" / "iris" / "iris_uci.csv"
    rows = [r for r in csv.reader(open(path)) if r]
    X = np.array([[float(v) for v in r[:4]] for r in rows]).T  # 4 x 150
    X = (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)
    labels = np.array([SPECIES.index(r[4]) for r in rows])
    Y = np.zeros((3, len(rows)))
    Y[labels, np.arange(len(rows))] = 1
    return X, Y


def softmax(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def cost(W, b, X, Y):
    A = softmax(W @ X + b)
    return -np.sum(Y * np.log(np.maximum(A, X.dtype.type(GUARD)))) / X.dtype.type(X.shape[1])


def grads(W, b, X, Y, wrong=False):
    Z = W @ X + b
    dZ = (np.exp(Z) if wrong else softmax(Z)) - Y
    m = X.shape[1]
    return [(dZ @ X.T) * X.dtype.type(1 / m), np.mean(dZ, axis=1, keepdims=True)]


def gradcheck(W64, b64, X64, Y64, dtype, eps, wrong=False):
    params = [W64.astype(dtype), b64.astype(dtype)]
    X, Y = X64.astype(dtype), Y64.astype(dtype)
    analytic = [g.astype(np.float64).ravel() for g in grads(*params, X, Y, wrong)]
    num2 = g2 = a2 = 0.0
    for p, theta32 in enumerate(params):
        theta = theta32.astype(np.float64).ravel()
        for i in range(theta.size):
            probe = theta.copy()
            probe[i] = theta[i] + eps
            params[p] = probe.reshape(theta32.shape).astype(dtype)
            plus = float(cost(*params, X, Y))
            probe[i] = theta[i] - eps
            params[p] = probe.reshape(theta32.shape).astype(dtype)
            minus = float(cost(*params, X, Y))
            params[p] = theta32
            approx = (plus - minus) / (2 * eps)
            d = analytic[p][i] - approx
            num2 += d * d
            g2 += analytic[p][i] ** 2
            a2 += approx * approx
    return float(np.sqrt(num2) / (np.sqrt(g2) + np.sqrt(a2)))


def main():
    X, Y = data()
    rng = np.random.RandomState(1)
    W = rng.randn(12).reshape(3, 4)
    b = rng.randn(3).reshape(3, 1)
    print(json.dumps({
        "numpy": np.__version__,
        "float64_eps1e-7": gradcheck(W, b, X, Y, np.float64, 1e-7),
        "float32_eps1e-7": gradcheck(W, b, X, Y, np.float32, 1e-7),
        "float32_eps1e-2": gradcheck(W, b, X, Y, np.float32, 1e-2),
        "wrong_rule_float64_eps1e-7": gradcheck(W, b, X, Y, np.float64, 1e-7, True),
        "wrong_rule_float32_eps1e-2": gradcheck(W, b, X, Y, np.float32, 1e-2, True),
    }, indent=1))


main()
