"""NumPy peer for `deno task bench`: times matrix products and elementwise adds in float32 and
float64 with the same shapes and repetition counts the TypeScript benchmarks use.

    python3 bench/peers/numpy_matmul.py < request.json

The request is one JSON object:
  {"reps": 5, "matmul": [{"id", "m", "k", "n", "transA", "transB"}, ...],
   "elementwise": [{"id", "size"}, ...]}
Operands are stored as the backends store them (A as [k, m] when transA, B as [n, k] when
transB) and multiplied through transposed views, as the lectures' numpy code does. Each timing is
the median of `reps` runs after one warm-up run. Prints one JSON object:
  {"numpy": version, "blas": name, "threads": n or null,
   "matmul": {id: {"float32": s, "float64": s}}, "elementwise": {id: {"float32": s, ...}}}
"""
import json
import sys
import time

import numpy as np


def median_time(fn, reps):
    fn()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2]


def blas_info():
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg.get("Build Dependencies", {}).get("blas", {})
        return f'{blas.get("name", "?")} {blas.get("version", "")}'.strip()
    except Exception:  # older numpy: no dict mode
        return "unknown"


def main():
    req = json.load(sys.stdin)
    reps = int(req.get("reps", 5))
    rng = np.random.default_rng(0)
    out = {"numpy": np.__version__, "blas": blas_info(), "matmul": {}, "elementwise": {}}
    for s in req.get("matmul", []):
        m, k, n = s["m"], s["k"], s["n"]
        res = {}
        for dt in ("float32", "float64"):
            a = rng.uniform(-1, 1, (k, m) if s["transA"] else (m, k)).astype(dt)
            b = rng.uniform(-1, 1, (n, k) if s["transB"] else (k, n)).astype(dt)
            opa = a.T if s["transA"] else a
            opb = b.T if s["transB"] else b
            res[dt] = median_time(lambda: opa @ opb, reps)
        out["matmul"][s["id"]] = res
    for s in req.get("elementwise", []):
        res = {}
        for dt in ("float32", "float64"):
            x = rng.uniform(-1, 1, s["size"]).astype(dt)
            y = rng.uniform(-1, 1, s["size"]).astype(dt)
            res[dt] = median_time(lambda: x + y, reps)
        out["elementwise"][s["id"]] = res
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
