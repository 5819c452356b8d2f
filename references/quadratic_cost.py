"""Lecture 004's quadratic cost example, gradient descent from w = 3, b = 2 (lr 0.03, 5000 steps)
on t = 2x + 4, x = 1..8, in NumPy float64 and float32: the float32 basis of quadratic-cost.
Run: python3 references/quadratic_cost.py > references/quadratic_cost.json
"""
import json
import numpy as np

out = {}
for dt in (np.float64, np.float32):
    x = np.arange(1, 9, dtype=dt)
    t = dt(2) * x + dt(4)
    w, b, lr, n = dt(3), dt(2), dt(0.03), dt(8)
    for _ in range(5000):
        a = w * x + b
        dA = (a - t) / n  # ½·∂MSE/∂a
        w = w - lr * (dA * x).sum()
        b = b - lr * dA.sum()
    a = w * x + b
    out[np.dtype(dt).name] = {
        "w": float(w),
        "b": float(b),
        "final_cost": float(((t - a) ** 2).sum() / (dt(2) * n)),
        "abs_error": [abs(float(w) - 2), abs(float(b) - 4)],
    }
print(json.dumps(out, indent=1))
