"""Lecture 004's delta rule, Δw = η(t − o)i, for a linear unit o = w·x + b: (1) against central
finite differences of E_p = ½(t − o)² on the lecture's line data (t = 2x + 4, x = 1..8) at
w = 3, b = 2; (2) applied pattern by pattern (zero weights, file order, η = 0.01) for 1000
epochs; (3) the least-squares minimum of E = Σ E_p on lecture 002's standardised Iris
selection, which the summed rule (AdalineGD) must reach. NumPy float64 and float32.
Run: python3 references/delta_rule.py > references/delta_rule.json
"""
import json
import numpy as np

out = {}
for dt in (np.float64, np.float32):
    key = np.dtype(dt).name
    x = np.arange(1, 9, dtype=dt)
    t = dt(2) * x + dt(4)
    w, b, eta, h = dt(3), dt(2), dt(0.01), dt(1e-3)
    o = w * x + b
    rule = np.stack([eta * (t - o) * x, eta * (t - o)])  # Δw, Δb per pattern
    E = lambda ww, bb: dt(0.5) * (t - (ww * x + bb)) ** 2
    fd = np.stack([(E(w + h, b) - E(w - h, b)) / (dt(2) * h), (E(w, b + h) - E(w, b - h)) / (dt(2) * h)])
    rel = float(np.max(np.abs(rule + eta * fd)) / np.max(np.abs(rule)))
    # Online rule from zero weights.
    w, b = dt(0), dt(0)
    for _ in range(1000):
        for xi, ti in zip(x, t):
            e = ti - (w * xi + b)
            w = w + eta * e * xi
            b = b + eta * e
    E_final = float(dt(0.5) * ((t - (w * x + b)) ** 2).sum())
    out[key] = {"rule_vs_fd_relative": rel, "online_w_b": [float(w), float(b)], "online_E": E_final,
                "online_abs_error": [abs(float(w) - 2), abs(float(b) - 4)]}

rows = [l.strip().split(",") for l in open("data/iris/iris_uci.csv") if l.strip()][:100]
X = np.array([[float(r[0]), float(r[2])] for r in rows])
y = np.where(np.array([r[4] for r in rows]) == "Iris-setosa", -1.0, 1.0)
Xs = (X - X.mean(axis=0)) / X.std(axis=0)
A = np.hstack([np.ones((100, 1)), Xs])
wls = np.linalg.lstsq(A, y, rcond=None)[0]
out["iris_std_least_squares"] = {"weights": wls.tolist(), "min_sse_half": float(((y - A @ wls) ** 2).sum() / 2)}
for dt in (np.float64, np.float32):
    Xd, yd, eta = Xs.astype(dt), y.astype(dt), dt(0.01)
    w = np.zeros(3, dtype=dt)
    for _ in range(200):
        e = yd - (Xd @ w[1:] + w[0])
        w[1:] += eta * Xd.T @ e
        w[0] += eta * e.sum()
    e = yd - (Xd @ w[1:] + w[0])
    out["iris_std_summed_rule_200_" + np.dtype(dt).name] = float((e ** 2).sum() / dt(2))
print(json.dumps(out, indent=1))
