"""Lecture 004's learning-rule test problem (p1 = [1, 2], t = 1; p2 = [-1, 2], t = 0;
p3 = [0, -1], t = 0; w from [1.0, -0.8], a = hardlim(w·p), w += (t - a)·p) in NumPy float64 and
float32: the float32 basis of perceptron-learning-rule.
Run: python3 references/perceptron_rule.py > references/perceptron_rule.json
"""
import json
import numpy as np

P = [[1, 2], [-1, 2], [0, -1]]
T = [1, 0, 0]
out = {}
for dt in (np.float64, np.float32):
    w = np.array([1.0, -0.8], dtype=dt)
    net, hist = [], []
    for p, t in zip(P, T):
        p = np.array(p, dtype=dt)
        n = w.dot(p)
        a = 1 if n >= 0 else 0
        w = w + dt(t - a) * p
        net.append(float(n))
        hist.append(w.astype(float).tolist())
    out[np.dtype(dt).name] = {"net_inputs": net, "history": hist}
expected = {"net_inputs": [-0.6, 0.4, 0.8], "history": [[2.0, 1.2], [3.0, -0.8], [3.0, 0.2]]}
for k in ("float64", "float32"):
    o = out[k]
    flat = o["net_inputs"] + sum(o["history"], [])
    ref = expected["net_inputs"] + sum(expected["history"], [])
    o["max_abs_error"] = max(abs(a - b) for a, b in zip(flat, ref))
print(json.dumps(out, indent=1))
