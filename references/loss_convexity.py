"""NumPy reference for experiments/loss-convexity.ts, in float64 and float32.

Part 1: the convexity inequality along the module's random lines through w = 0 on the cat images
(the same directions: RandomState(1).randn(12288) per line). Part 2: gradient descent on the planar
flower from the module's 9 starts. It also gives the cross-entropy's convexity figures on lines reaching |z| = 16 and 40, where the
computed 1 - sigma(z) loses its digits and the guard log(max(p, 1e-12)) flattens the computed cost.
Part 3: the ratio log(prod p(y|x)) / (-m J) - 1 at the
cross-entropy solution, with y_hat and J computed in the given dtype (the basis of the module's
float32 tolerance for `ce-is-negative-log-likelihood`).

Run from the repository root: python3 references/loss_convexity.py > references/loss_convexity.json
(needs numpy and h5py).
"""
import json

import h5py
import numpy as np

GUARD = 1e-12


def cat():
    f = h5py.File("data/catvnoncat/train_catvnoncat.h5", "r")
    X = np.array(f["train_set_x"][:]).reshape(209, -1).T / 255.0
    Y = np.array(f["train_set_y"][:]).reshape(1, -1).astype(float)
    return X, Y


def planar():
    np.random.seed(1)
    m, N = 400, 200
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1))
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2
        r = 4 * np.sin(4 * t) + np.random.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def gaps(t, hs):
    worst, bad, total = -np.inf, 0, 0
    for h in hs:
        for i in range(len(t)):
            for k in range(i + 2, len(t)):
                j = np.arange(i + 1, k)
                lam = (t[k] - t[j]) / (t[k] - t[i])
                g = h[j] - (lam * h[i] + (1 - lam) * h[k])
                worst = max(worst, g.max())
                bad += int((g > 0).sum())
                total += len(j)
    return {"maxGap": float(worst), "violations": bad, "triples": total}


def convexity(dt, X, Y, lines=8, points=33, zmax=8.0):
    rs = np.random.RandomState(1)
    half = (points - 1) / 2
    t = (np.arange(points) - half) / half
    Xd, Yd = X.astype(dt), Y.astype(dt)
    costs = {k: [] for k in ("se", "l1", "ce")}
    for _ in range(lines):
        d = rs.randn(X.shape[0]).astype(dt)
        p = d @ Xd
        s = dt(zmax / np.abs(p).max())
        A = 1 / (1 + np.exp(-np.outer(t.astype(dt), p * s)))
        E = A - Yd
        costs["se"].append((0.5 * (E * E).mean(1)).astype(float))
        costs["l1"].append(np.abs(E).mean(1).astype(float))
        ce = -(Yd * np.log(np.maximum(A, dt(GUARD))) + (1 - Yd) * np.log(np.maximum(1 - A, dt(GUARD)))).mean(1)
        costs["ce"].append(ce.astype(float))
    return {k: gaps(t, v) for k, v in costs.items()}


def descent(dt, X, Y, loss, radius=10.0, alpha=1.0, iterations=2000):
    starts = [[0.0, 0.0]] + [[radius * np.cos(2 * np.pi * k / 8), radius * np.sin(2 * np.pi * k / 8)] for k in range(8)]
    W = np.array(starts, dtype=dt)
    B = np.zeros((len(starts), 1), dtype=dt)
    Xd, Yd, m = X.astype(dt), Y.astype(dt), X.shape[1]
    for _ in range(iterations):
        A = 1 / (1 + np.exp(-(W @ Xd + B)))
        dZ = A - Yd if loss == "ce" else (A - Yd) * A * (1 - A)
        W = W - dt(alpha) * ((dZ @ Xd.T) * dt(1 / m))
        B = B - dt(alpha) * dZ.mean(1, keepdims=True)
    A = 1 / (1 + np.exp(-(W @ Xd + B)))
    if loss == "ce":
        cost = -(Yd * np.log(np.maximum(A, dt(GUARD))) + (1 - Yd) * np.log(np.maximum(1 - A, dt(GUARD)))).mean(1)
    else:
        cost = 0.5 * ((A - Yd) ** 2).mean(1)
    return W, B, [float(c) for c in cost]


def likelihood_ratio(dt, X, Y, w, b):
    A = (1 / (1 + np.exp(-(w.astype(dt) @ X.astype(dt) + dt(b))))).ravel()
    y = Y.ravel().astype(dt)
    J = -(y * np.log(np.maximum(A, dt(GUARD))) + (1 - y) * np.log(np.maximum(1 - A, dt(GUARD)))).mean()
    a = A.astype(float)
    p = np.prod(a ** Y.ravel() * (1 - a) ** (1 - Y.ravel()))
    return float(np.log(p) / (-X.shape[1] * float(J)) - 1)


def main():
    X, Y = cat()
    PX, PY = planar()
    out = {}
    for name, dt in (("float64", np.float64), ("float32", np.float32)):
        W, B, ce = descent(dt, PX, PY, "ce")
        _, _, se = descent(dt, PX, PY, "se")
        out[name] = {
            "convexity": convexity(dt, X, Y),
            "planarFinalCost": {"se": se, "ce": ce},
            "likelihoodRatioMinus1": likelihood_ratio(dt, PX, PY, W[0:1].astype(np.float64), float(B[0, 0])),
            # The computed cross-entropy on longer lines, where 1 - sigma(z) loses its digits.
            "crossEntropyAtLargerZmax": {str(z): convexity(dt, X, Y, zmax=z)["ce"] for z in (16.0, 40.0)},
        }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
