"""NumPy reference for experiments/logistic-gradients.ts, in float64 and float32: the same draws
(RandomState(1): x1, x2, w1, w2, b of the single examples, theta on the planar flower, then
w = randn(12288) * 0.01 on the cat images) and the same computations:

- singleRelErr: the lectures' derivative formulas computed in the dtype, against fourth-order
  central differences (h = 1e-3) of the float64 loss, largest relative error;
- costGradientRelErr: (1/m) X dZ^T and (1/m) sum(dZ) in the dtype on the planar flower against
  differences of J;
- stepDiff: lecture 001's for-loop over the examples (sequential sums in the dtype, then /= m)
  against the vectorised step (np.dot in the dtype, times 1/m): [dw, db, J] differences, each
  scaled by the largest |vectorised value|.

These are the basis of the module's float32 tolerances. Run from the repository root:
python3 references/logistic_gradients.py > references/logistic_gradients.json (needs h5py).
"""
import json

import h5py
import numpy as np

P = 20
H = 1e-3


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


def cat():
    f = h5py.File("data/catvnoncat/train_catvnoncat.h5", "r")
    X = np.array(f["train_set_x"][:]).reshape(209, -1).T / 255.0
    Y = np.array(f["train_set_y"][:]).reshape(1, -1).astype(float)
    return X, Y


def sig(z):
    return 1 / (1 + np.exp(-z))


def loss(a, y):
    return -(y * np.log(a) + (1 - y) * np.log(1 - a))


def diff(f, x, h):
    return (f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h)


def rel(formula, fd):
    return float(np.max(np.abs(formula - fd) / np.abs(fd)))


def scaled(a, b):
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


def loop_step(dt, X, Y, w, b):
    n, m = X.shape
    J, dw, db = dt(0), np.zeros(n, dt), dt(0)
    for i in range(m):
        x, y = X[:, i], Y[0, i]
        a = dt(1) / (dt(1) + np.exp(-(np.dot(w, x) + b)))
        J = dt(J - (y * np.log(a) + (dt(1) - y) * np.log(dt(1) - a)))
        dz = a - y
        dw = dw + x * dz
        db = dt(db + dz)
    return dw / dt(m), db / dt(m), J / dt(m)


def vec_step(dt, X, Y, w, b):
    m = X.shape[1]
    A = dt(1) / (dt(1) + np.exp(-(w @ X + b)))
    dZ = A - Y
    terms = Y * np.log(A) + (dt(1) - Y) * np.log(dt(1) - A)
    return (X @ dZ.T).ravel() * dt(1 / m), np.sum(dZ) * dt(1 / m), np.sum(terms) * dt(-1 / m)


def main():
    rs = np.random.RandomState(1)
    x1, x2, w1, w2, bb = (rs.randn(P) for _ in range(5))
    y = np.array([(i + 1) % 2 for i in range(P)], float)
    theta = rs.randn(3)
    cw = rs.randn(12288) * 0.01
    PX, PY = planar()
    CX, CY = cat()
    z = w1 * x1 + w2 * x2 + bb
    a64 = sig(z)
    fd = {
        "da": np.array([diff(lambda v: loss(v, y[i]), a64[i], H * min(a64[i], 1 - a64[i])) for i in range(P)]),
        "dz": np.array([diff(lambda v: loss(sig(v), y[i]), z[i], H) for i in range(P)]),
        "dw1": np.array([diff(lambda v: loss(sig(v * x1[i] + w2[i] * x2[i] + bb[i]), y[i]), w1[i], H) for i in range(P)]),
        "dw2": np.array([diff(lambda v: loss(sig(w1[i] * x1[i] + v * x2[i] + bb[i]), y[i]), w2[i], H) for i in range(P)]),
        "db": np.array([diff(lambda v: loss(sig(w1[i] * x1[i] + w2[i] * x2[i] + v), y[i]), bb[i], H) for i in range(P)]),
    }

    def J(t):
        return float(np.mean(loss(sig(t[0] * PX[0] + t[1] * PX[1] + t[2]), PY[0])))

    cost_fd = np.array([diff(lambda v: J([v if k == j else theta[k] for k in range(3)]), theta[j], H) for j in range(3)])
    out = {}
    for name, dt in (("float64", np.float64), ("float32", np.float32)):
        X1, X2, W1, W2, B, Yd = (v.astype(dt) for v in (x1, x2, w1, w2, bb, y))
        a = dt(1) / (dt(1) + np.exp(-(W1 * X1 + W2 * X2 + B)))
        dz = a - Yd
        da1 = dz / (a * (dt(1) - a))
        da2 = -(Yd / a) + (dt(1) - Yd) / (dt(1) - a)
        single = {
            "dz": rel(dz, fd["dz"]),
            "daLecture1": rel(da1, fd["da"]),
            "daLecture2": rel(da2, fd["da"]),
            "dw1": rel(X1 * dz, fd["dw1"]),
            "dw2": rel(X2 * dz, fd["dw2"]),
            "db": rel(dz, fd["db"]),
        }
        px, py = PX.astype(dt), PY.astype(dt)
        pw, pb = theta[:2].astype(dt), dt(theta[2])
        vdw, vdb, vJ = vec_step(dt, px, py, pw, pb)
        cost_grad = rel(np.r_[vdw.astype(float), float(vdb)], cost_fd)
        ldw, ldb, lJ = loop_step(dt, px, py, pw, pb)
        planar_diff = [scaled(ldw, vdw), abs(float(ldb - vdb)) / abs(float(vdb)), abs(float(lJ - vJ)) / abs(float(vJ))]
        cx, cy, cwd = CX.astype(dt), CY.astype(dt), cw.astype(dt)
        vdw, vdb, vJ = vec_step(dt, cx, cy, cwd, dt(0))
        ldw, ldb, lJ = loop_step(dt, cx, cy, cwd, dt(0))
        cat_diff = [scaled(ldw, vdw), abs(float(ldb - vdb)) / abs(float(vdb)), abs(float(lJ - vJ)) / abs(float(vJ))]
        out[name] = {
            "singleRelErr": single,
            "costGradientRelErr": cost_grad,
            "stepDiff": {"planar": planar_diff, "cat": cat_diff},
        }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
