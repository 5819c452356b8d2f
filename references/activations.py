"""Reference values and float32/float64 error bounds for experiments/activations.ts.

Run: python3 references/activations.py > references/activations.json

1. g(z) of every activation the lectures define, computed in float64 NumPy with the lectures'
   own expressions (lecture 000's code for sigmoid, tanh, ReLU, leaky ReLU and softplus;
   lecture 002's table for the unit step and the linear unit; lecture 004's formulas for leaky
   ReLU max(0.1x, x), ELU, maxout and softmax), on the experiment's grid z = -8 ... 8 in steps of
   1/16. The backend's kernels are compared with these values.
2. The bound a value computed in each arithmetic is held to: 4 ulp of the largest |g| on the
   grid, r * max|g| with r = 4 * 2^-52 (float64) or 4 * 2^-23 (float32), and what the lecture's
   own code measures when NumPy runs it in float32 (its largest error from float64), to show the
   bound is the size of float32 rounding and not wider.
3. The bound on a central difference (g(z + h) - g(z - h)) / 2h against the exact derivative:
   truncation h^2 / 6 * max|g'''| plus rounding r * max|g| / h (each g value within 4 ulp),
   with h = 2^-17 (float64) and 2^-7 (float32), as the experiment uses; and the error NumPy
   measures when it takes that difference of its own g in each arithmetic.
4. The float32 value of the leaky-ReLU slopes 0.01 and 0.1 and half a float32 ulp at each (the
   backend holds the slope as a float32 number, so g' on z < 0 is that number).
"""
import json

import numpy as np

Z_MAX, Z_STEP = 8.0, 1.0 / 16
N = int(round(2 * Z_MAX / Z_STEP)) + 1
z64 = -Z_MAX + np.arange(N) * Z_STEP
H = {"float64": 2.0**-17, "float32": 2.0**-7}
R = {"float64": 4 * 2.0**-52, "float32": 4 * 2.0**-23}
DT = {"float64": np.float64, "float32": np.float32}


# Lecture 000, "Activation Functions" (the code as printed, slope passed in).
def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def tanh(x):
    return np.tanh(x)


def relu(x):
    return np.maximum(0, x)


def leakyrelu(x, slope):
    return np.maximum(x * slope, x)


def softplus(x):
    return np.log(1 + np.exp(x))


# Lecture 002, "Activation functions can be ...": unit step (1 if z >= 0, -1 otherwise), linear.
def unit_step(x):
    return np.where(x >= 0, x.dtype.type(1), x.dtype.type(-1))


def linear(x):
    return x


# Lecture 004: ELU (x if x >= 0, alpha (e^x - 1) otherwise), alpha = 1 as the backend's default.
def elu(x, alpha=1.0):
    a = x.dtype.type(alpha)
    return np.where(x >= 0, x, a * (np.exp(x) - 1))


FUNCTIONS = {
    "sigmoid": sigmoid,
    "tanh": tanh,
    "relu": relu,
    "leaky_relu": lambda x: leakyrelu(x, x.dtype.type(0.01)),
    "leaky_relu_0.1": lambda x: leakyrelu(x, x.dtype.type(0.1)),
    "softplus": softplus,
    "unit_step": unit_step,
    "linear": linear,
    "elu": elu,
}

# Exact derivatives (float64) for the central-difference bounds, and |g'''| on the grid +- h.
DERIV = {
    "sigmoid": lambda x: sigmoid(x) * (1 - sigmoid(x)),
    "tanh": lambda x: 1 - np.tanh(x) ** 2,
    "softplus": sigmoid,
    "elu": lambda x: np.where(x > 0, 1.0, np.exp(x)),
}


def third(name, x):
    if name == "sigmoid":
        s = sigmoid(x)
        return s * (1 - s) * (1 - 6 * s * (1 - s))
    if name == "tanh":
        t = np.tanh(x)
        return -2 * (1 - t**2) * (1 - 3 * t**2)
    if name == "softplus":
        s = sigmoid(x)
        return s * (1 - s) * (1 - 2 * s)
    if name == "elu":
        return np.where(x > 0, 0.0, np.exp(x))
    raise KeyError(name)


# Maxout (lecture 004): max(w1.x + b1, w2.x + b2) on x = (z, z^2/8 - 2), with dyadic weights so
# that every piece is exact in float32 too.
MAXOUT_W = [[1.0, -0.5], [-0.75, 0.25]]
MAXOUT_B = [0.5, -0.25]


def maxout_input(z):
    return np.stack([z, z * z / 8 - 2])


def maxout(X, dtype):
    W = np.array(MAXOUT_W, dtype=dtype)
    b = np.array(MAXOUT_B, dtype=dtype)[:, None]
    P = W @ X + b
    return np.maximum(P[0], P[1])


# Softmax (lecture 004): sigma(z)_i = e^{z_i} / sum_j e^{z_j}, K = 3 rows, one column per grid z.
def softmax_input(z):
    return np.stack([z, -z / 2, z / 4 + 1])


def softmax(Z):
    e = np.exp(Z)
    return e / np.sum(e, axis=0, keepdims=True)


def main():
    out = {
        "grid": {"min": -Z_MAX, "step": Z_STEP, "n": N},
        "values": {},
        "bound": {},
        "numpyFloat32Error": {},
        "fd": {},
        "maxout": {"W": MAXOUT_W, "b": MAXOUT_B, "input": "x = (z, z^2/8 - 2)"},
        "softmax": {"input": "rows z, -z/2, z/4 + 1"},
        "slopes": {},
    }
    z32 = z64.astype(np.float32)
    for name, g in FUNCTIONS.items():
        v64 = g(z64)
        v32 = g(z32).astype(np.float64)
        m = float(np.max(np.abs(v64)))
        out["values"][name] = [float(v) for v in v64]
        out["bound"][name] = {d: R[d] * m for d in R}
        out["numpyFloat32Error"][name] = float(np.max(np.abs(v32 - v64)))
    X64 = maxout_input(z64)
    mx64 = maxout(X64, np.float64)
    mx32 = maxout(X64.astype(np.float32), np.float32).astype(np.float64)
    out["values"]["maxout"] = [float(v) for v in mx64]
    out["numpyFloat32Error"]["maxout"] = float(np.max(np.abs(mx32 - mx64)))
    Z64 = softmax_input(z64)
    sm64 = softmax(Z64)
    sm32 = softmax(Z64.astype(np.float32)).astype(np.float64)
    out["values"]["softmax"] = [[float(v) for v in row] for row in sm64]
    out["bound"]["softmax"] = {d: R[d] * 1.0 for d in R}
    out["numpyFloat32Error"]["softmax"] = float(np.max(np.abs(sm32 - sm64)))

    # Central differences: the bound, and what NumPy measures on its own g in each arithmetic.
    for name in DERIV:
        g = FUNCTIONS[name]
        entry = {}
        for d, h in H.items():
            fine = np.linspace(-Z_MAX - h, Z_MAX + h, 20001)
            m3 = float(np.max(np.abs(third(name, fine))))
            m0 = float(np.max(np.abs(g(fine))))
            bound = h * h / 6 * m3 + R[d] * m0 / h
            zz = z64.astype(DT[d])
            hh = DT[d](h)
            fd = (g(zz + hh).astype(np.float64) - g(zz - hh).astype(np.float64)) / (2 * h)
            err = np.abs(fd - DERIV[name](z64))
            if name == "elu":
                err = err[z64 != 0]  # the kink of g'' at 0
            entry[d] = {"h": h, "maxThird": m3, "maxAbs": m0, "bound": bound,
                        "numpyError": float(np.max(err))}
        out["fd"][name] = entry

    for s in (0.01, 0.1):
        f = float(np.float32(s))
        ulp = float(np.spacing(np.float32(s)))
        out["slopes"][str(s)] = {"float32": f, "float32Error": abs(f - s), "halfUlp32": ulp / 2}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
