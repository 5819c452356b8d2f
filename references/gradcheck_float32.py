"""The float32 basis of experiments/backprop-gradcheck.ts: the same networks, the same draws
(numpy's RandomState(1), in the experiment's order) and the same gradient check (nn/gradcheck.ts,
the course's gradient_check_n), in NumPy float64 at the course's eps = 1e-7 and in NumPy
float32 at eps = 1e-7 and eps = 1e-2. Also the control the experiment runs (a backward pass
without g'), to show what a wrong formula gives at the same eps.

Run: python3 references/gradcheck_float32.py > references/gradcheck_float32.json
"""
import json

import numpy as np

SWEEP = [
    ("logistic", "sigmoid"),
    ("one-hidden", "sigmoid"),
    ("one-hidden", "tanh"),
    ("one-hidden", "relu"),
    ("one-hidden", "leaky_relu"),
    ("deep-l5", "relu"),
    ("fc-5-3-1", "sigmoid"),
]
DIMS = {"logistic": [2, 1], "one-hidden": [3, 4, 1], "deep-l5": [2, 3, 5, 4, 2, 1],
        "fc-5-3-1": [5, 3, 1]}
M = 10
GUARD = 1e-12  # kernels/backend.ts LOG_GUARD


def g(kind, z):
    if kind == "sigmoid":
        return 1 / (1 + np.exp(-z))
    if kind == "tanh":
        return np.tanh(z)
    if kind == "relu":
        return np.maximum(z, 0)
    if kind == "leaky_relu":
        return np.where(z > 0, z, z * z.dtype.type(0.01))
    raise ValueError(kind)


def g_prime(kind, z):
    one = z.dtype.type(1)
    if kind == "sigmoid":
        s = g("sigmoid", z)
        return s * (one - s)
    if kind == "tanh":
        t = np.tanh(z)
        return one - t * t
    if kind == "relu":
        return (z > 0).astype(z.dtype)
    if kind == "leaky_relu":
        return np.where(z >= 0, one, z.dtype.type(0.01))
    raise ValueError(kind)


def draws(net):
    """Parameters and data as the experiment draws them from RandomState(1), in float64."""
    rng = np.random.RandomState(1)
    dims = DIMS[net]
    if net == "logistic":
        w = rng.randn(dims[0]).reshape(dims[0], 1)
        b = rng.uniform(-0.5, 0.5, 1).reshape(1, 1)
        params = [w, b]
    else:
        Ws = [rng.randn(dims[l] * dims[l - 1]).reshape(dims[l], dims[l - 1]) * np.sqrt(1 / dims[l - 1])
              for l in range(1, len(dims))]
        bs = [rng.uniform(-0.5, 0.5, dims[l]).reshape(dims[l], 1) for l in range(1, len(dims))]
        params = [p for pair in zip(Ws, bs) for p in pair]
    X = rng.randn(dims[0] * M).reshape(dims[0], M)
    Y = rng.randint(0, 2, M).reshape(1, M).astype(np.float64)
    return params, X, Y


def cost(net, hidden, params, X, Y):
    dt = X.dtype.type
    if net == "logistic":
        A = g("sigmoid", params[0].T @ X + params[1])
    else:
        A = X
        L = len(params) // 2
        for l in range(L):
            A = g(hidden if l < L - 1 else "sigmoid", params[2 * l] @ A + params[2 * l + 1])
    m = X.shape[1]
    logs = Y * np.log(np.maximum(A, dt(GUARD))) + (dt(1) - Y) * np.log(np.maximum(dt(1) - A, dt(GUARD)))
    return -np.sum(logs) / dt(m)


def grads(net, hidden, params, X, Y, with_g_prime=True):
    dt = X.dtype.type
    m = X.shape[1]
    if net == "logistic":
        A = g("sigmoid", params[0].T @ X + params[1])
        dZ = A - Y
        return [(X @ dZ.T) * dt(1 / m), np.array([[np.mean(dZ)]], dtype=X.dtype)]
    L = len(params) // 2
    caches = []
    A = X
    for l in range(L):
        Z = params[2 * l] @ A + params[2 * l + 1]
        caches.append((A, Z))
        A = g(hidden if l < L - 1 else "sigmoid", Z)
    out = [None] * (2 * L)
    dZ = A - Y
    for l in range(L - 1, -1, -1):
        A_prev, _ = caches[l]
        out[2 * l] = (dZ @ A_prev.T) * dt(1 / m)
        out[2 * l + 1] = np.mean(dZ, axis=1, keepdims=True)
        if l == 0:
            break
        dA = params[2 * l].T @ dZ
        dZ = dA * g_prime(hidden, caches[l - 1][1]) if with_g_prime else dA
    return out


def gradcheck(net, hidden, params64, X64, Y64, dtype, eps, with_g_prime=True):
    """nn/gradcheck.ts: perturb in float64, store in `dtype`, J in `dtype`, sums in float64."""
    params = [p.astype(dtype) for p in params64]
    X, Y = X64.astype(dtype), Y64.astype(dtype)
    analytic = [gr.astype(np.float64).ravel() for gr in grads(net, hidden, params, X, Y, with_g_prime)]
    num2 = g2 = a2 = 0.0
    for p, theta32 in enumerate(params):
        theta = theta32.astype(np.float64).ravel()
        for i in range(theta.size):
            probe = theta.copy()
            probe[i] = theta[i] + eps
            params[p] = probe.reshape(theta32.shape).astype(dtype)
            plus = float(cost(net, hidden, params, X, Y))
            probe[i] = theta[i] - eps
            params[p] = probe.reshape(theta32.shape).astype(dtype)
            minus = float(cost(net, hidden, params, X, Y))
            params[p] = theta32
            approx = (plus - minus) / (2 * eps)
            d = analytic[p][i] - approx
            num2 += d * d
            g2 += analytic[p][i] ** 2
            a2 += approx * approx
    denom = np.sqrt(g2) + np.sqrt(a2)
    return 0.0 if denom == 0 else float(np.sqrt(num2) / denom)


def main():
    rows = []
    for net, hidden in SWEEP:
        params, X, Y = draws(net)
        row = {"net": net, "hidden": hidden}
        for label, Xs, Ys in [("oneExample", X[:, :1], Y[:, :1]), ("mExamples", X, Y)]:
            row[label] = {
                "float64_eps1e-7": gradcheck(net, hidden, params, Xs, Ys, np.float64, 1e-7),
                "float32_eps1e-7": gradcheck(net, hidden, params, Xs, Ys, np.float32, 1e-7),
                "float32_eps1e-2": gradcheck(net, hidden, params, Xs, Ys, np.float32, 1e-2),
            }
        if net != "logistic":
            row["withoutGPrime"] = {
                "float64_eps1e-7": gradcheck(net, hidden, params, X, Y, np.float64, 1e-7, False),
                "float32_eps1e-2": gradcheck(net, hidden, params, X, Y, np.float32, 1e-2, False),
            }
        rows.append(row)
    f32 = [r[k]["float32_eps1e-2"] for r in rows for k in ("oneExample", "mExamples")]
    ctrl = [r["withoutGPrime"]["float32_eps1e-2"] for r in rows if "withoutGPrime" in r]
    print(json.dumps({
        "numpy": np.__version__,
        "m": M,
        "rows": rows,
        "float32_eps1e-2_max": max(f32),
        "control_float32_eps1e-2_min": min(ctrl),
    }, indent=1))


main()
