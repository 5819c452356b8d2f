"""How NumPy prints float32 values to a number of places, for the `rounds` check's float32 reading
(harness/verdict.ts printedFloat32). Writes tests/fixtures/float32_printed.json:
[[value as float64, decimals, NumPy's printed text], ...] with
np.format_float_positional(np.float32(v), precision=decimals, unique=True)."""
import json
import numpy as np

rng = np.random.RandomState(0)
values = [0.2148195058107376, -0.6800000071525574, -0.6800000667572021, 0.125, 0.375, 2.5, -0.0625,
          0.5, 1.5, 0.693147182464599, 1e-7, 3.0517578125e-05]
mags = 10.0 ** rng.uniform(-5, 3, size=400)
values += list((mags * rng.choice([-1, 1], size=400)).astype(np.float32).astype(float))
# values whose shortest decimal sits on a tie at some place count
values += [float(np.float32(x)) for x in rng.randint(0, 10**6, size=100) / 10**6 + 5e-7]
rows = []
for v in values:
    f = np.float32(v)
    for d in range(0, 9):
        rows.append([float(f), d, np.format_float_positional(f, precision=d, unique=True)])
json.dump(rows, open("tests/fixtures/float32_printed.json", "w"))
print(len(rows), "rows")
