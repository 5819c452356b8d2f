"""Lecture 002's Adaline code (AdalineGD, AdalineSGD, and Raschka's shuffled AdalineSGD) run in
NumPy on the lecture's Iris selection, in float64 and float32: the expected figures and float32
bases of adaline-learning-rate, adaline-sgd, feature-scaling, gradient-descent-variants and
local-minima. Run: python3 references/adaline_iris.py > references/adaline_iris.json
"""
import json
import numpy as np

rows = [l.strip().split(",") for l in open("data/iris/iris_uci.csv") if l.strip()][:100]
X64 = np.array([[float(r[0]), float(r[2])] for r in rows])
y64 = np.where(np.array([r[4] for r in rows]) == "Iris-setosa", -1.0, 1.0)
Xstd64 = (X64 - X64.mean(axis=0)) / X64.std(axis=0)


def gd(X, y, eta, epochs, dt):
    """The lecture's AdalineGD.train."""
    X, y = X.astype(dt), y.astype(dt)
    eta = dt(eta)
    w = np.zeros(1 + X.shape[1], dtype=dt)
    cost = []
    for _ in range(epochs):
        errors = y - (X.dot(w[1:]) + w[0])
        w[1:] += eta * X.T.dot(errors)
        w[0] += eta * errors.sum()
        cost.append(float((errors ** 2).sum() / dt(2.0)))
    return w, cost


def sgd(X, y, eta, epochs, dt, shuffle, initial, cost_kind, batch=1, seed=1):
    """Raschka's AdalineSGD (rgen = RandomState(random_state): initial weights normal(0, 0.01)
    then one compounding permutation per epoch) generalised to mini-batches; with shuffle=False,
    initial="zeros", cost_kind="sse" it is the lecture's AdalineSGD.train."""
    X, y = X.astype(dt), y.astype(dt)
    eta = dt(eta)
    rgen = np.random.RandomState(seed)
    if initial == "normal":
        w = rgen.normal(loc=0.0, scale=0.01, size=1 + X.shape[1]).astype(dt)
    else:
        w = np.zeros(1 + X.shape[1], dtype=dt)
    m = len(y)
    costs = []
    for _ in range(epochs):
        if shuffle:
            r = rgen.permutation(m)
            X, y = X[r], y[r]
        total = dt(0)
        for k in range(0, m, batch):
            xb, yb = X[k:k + batch], y[k:k + batch]
            errors = yb - (xb.dot(w[1:]) + w[0])
            w[1:] += eta * xb.T.dot(errors)
            w[0] += eta * errors.sum()
            total += dt(0.5) * (errors ** 2).sum() / dt(m)
        if cost_kind == "sse":
            e = y - (X.dot(w[1:]) + w[0])
            total = (e ** 2).sum() / dt(2.0)
        costs.append(float(total))
    return w, costs


out = {}
Xa = np.hstack([np.ones((100, 1)), X64])
w_ls = np.linalg.lstsq(Xa, y64, rcond=None)[0]
out["raw_least_squares"] = {
    "weights": w_ls.tolist(),
    "min_sse_half": float(((y64 - Xa @ w_ls) ** 2).sum() / 2),
    "hessian_eigenvalues": np.linalg.eigvalsh(Xa.T @ Xa).tolist(),
}
for name, X, eta, epochs in [
    ("raw_0.01", X64, 0.01, 10),
    ("raw_0.0001", X64, 0.0001, 10),
    ("std_0.01", Xstd64, 0.01, 15),
]:
    w64, c64 = gd(X, y64, eta, epochs, np.float64)
    w32, c32 = gd(X, y64, eta, epochs, np.float32)
    out["gd_" + name] = {
        "float64": {"weights": w64.tolist(), "costs": c64},
        "float32": {"weights": w32.astype(float).tolist(), "costs": c32},
        "final_abs_diff_32_64": abs(c32[-1] - c64[-1]),
    }

for name, kw in [
    ("raschka", dict(shuffle=True, initial="normal", cost_kind="average")),
    ("lecture", dict(shuffle=False, initial="zeros", cost_kind="sse")),
]:
    r = {}
    for dt, key in [(np.float64, "float64"), (np.float32, "float32")]:
        w, c = sgd(Xstd64, y64, 0.01, 15, dt, **kw)
        r[key] = {"weights": w.astype(float).tolist(), "costs": c}
    _, batch = gd(Xstd64, y64, 0.01, 15, np.float64)
    if kw["cost_kind"] == "average":
        batch = [c / 100 for c in batch]
    r["batch_costs_same_scale"] = batch
    out["sgd_" + name] = r

# gradient-descent-variants: zero weights, a RandomState(1) per method, SSE/2 after each epoch.
for name, batch in [("mini-batch", 10), ("SGD", 1)]:
    r = {}
    for dt, key in [(np.float64, "float64"), (np.float32, "float32")]:
        _, c = sgd(Xstd64, y64, 0.01, 15, dt, True, "zeros", "sse", batch=batch)
        r[key] = c
    r["max_abs_diff_32_64"] = max(abs(a - b) for a, b in zip(r["float64"], r["float32"]))
    out["variants_" + name] = r

print(json.dumps(out, indent=1))
