"""NumPy reference for experiments/gradient-descent-basics.ts, claim descent-reaches-2: 200 steps of
w <- w - alpha * (2w - 4) at alpha = 0.1 from w = 5 and w = -1, in float64 and float32, computed as
the backends do (g = 2w - 4, then w - alpha * g, each rounded to the dtype). Once
alpha * |2(w - 2)| is below half a unit in the last place of 2, w stops moving: |w - 2| < 2.5 ulp(2),
which is 1.1e-15 in float64 and 6.0e-7 in float32.

Run from the repository root: python3 references/quadratic_descent.py > references/quadratic_descent.json
"""
import json

import numpy as np

out = {}
for name, dt in (("float64", np.float64), ("float32", np.float32)):
    finals = {}
    for start in (5, -1):
        w = dt(start)
        alpha = dt(0.1)
        for _ in range(200):
            g = dt(2) * w - dt(4)
            w = dt(w - alpha * g)
        finals[str(start)] = {"final": float(w), "minus2": float(w - dt(2)), "ulpsFrom2": float((w - dt(2)) / np.spacing(dt(2)))}
    out[name] = {"finals": finals, "ulpOf2": float(np.spacing(dt(2))), "bound2.5ulp": float(2.5 * np.spacing(dt(2)))}
print(json.dumps(out, indent=2))
