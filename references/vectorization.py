"""Lecture 0's vectorisation comparison (Efficiency of Vectorization): how far the loop's and the
vectorised values may differ in float64 and float32. The relative difference is the
experiment's: max |vectorised - loop| / max |loop|, the loop a sequential float64 sum.

Run: python3 references/vectorization.py > references/vectorization.txt
"""
import numpy as np

printed_for, printed_vec = 250265.1416426372, 250265.14164263124
print("lecture: |dot for - dot vec| / dot for =", abs(printed_for - printed_vec) / printed_for)


def rel(a, ref):
    a, ref = np.asarray(a, np.float64), np.asarray(ref, np.float64)
    return float(np.max(np.abs(a - ref)) / np.max(np.abs(ref)))


def seq_dot(a, b):
    s = 0.0
    for x, y in zip(a.tolist(), b.tolist()):
        s += x * y
    return s


for seed in (1, 2, 3):
    rng = np.random.default_rng(seed)
    n, k = 1_000_000, 1000
    a, b = rng.random(n), rng.random(n)
    x1, x2 = rng.random(k), rng.random(k)
    W, x = rng.random((k, k)), rng.random(k)
    loop = seq_dot(a, b)
    a32, b32 = a.astype(np.float32), b.astype(np.float32)
    prod32 = a32 * b32
    print(f"seed {seed}:")
    print("  float64 np.dot(a, b) vs sequential loop:", rel(np.dot(a, b), loop))
    print("  float32 np.dot(a, b) (BLAS):", rel(np.dot(a32, b32), loop))
    print("  float32 pairwise np.sum(a*b):", rel(np.sum(prod32), loop))
    print("  float32 sequential sum of a*b:", rel(np.cumsum(prod32)[-1], loop))
    print("  float32 elementwise a*b:", rel(prod32, a * b))
    print("  float32 outer(x1, x2):", rel(np.outer(x1.astype(np.float32), x2.astype(np.float32)),
                                          np.outer(x1, x2)))
    print("  float32 np.dot(W, x) (BLAS):", rel(np.dot(W.astype(np.float32), x.astype(np.float32)),
                                                np.dot(W, x)))
    g32 = np.zeros(k, np.float32)
    W32, xx32 = W.astype(np.float32), x.astype(np.float32)
    for j in range(k):
        g32 += W32[:, j] * xx32[j]
    print("  float32 sequential W·x:", rel(g32, np.dot(W, x)))
