"""Lecture 3's collapse of a 2-layer network with linear activations to Wx + b, in NumPy:
the network [3, 4, 1] with randn weights, biases and 1000 randn inputs, evaluated layer by layer
in float32 and in float64, against the collapsed model W = W2·W1, b = W2·b1 + b2 in float64.
The figure is the experiment's: max |network - Wx - b| over the largest magnitude the network
sums, sum |W2|(|W1||x| + |b1|) + |b2|.

Run: python3 references/linear_collapse.py > references/linear_collapse.txt
"""
import numpy as np

nx, h, m = 3, 4, 1000
worst = {np.float64: 0.0, np.float32: 0.0}
for seed in range(20):
    rng = np.random.RandomState(seed)
    W1, b1 = rng.randn(h, nx), rng.randn(h, 1)
    W2, b2 = rng.randn(1, h), rng.randn(1, 1)
    X = rng.randn(nx, m)
    W, b = W2 @ W1, W2 @ b1 + b2
    collapsed = W @ X + b
    scale = np.max(np.abs(W2) @ (np.abs(W1) @ np.abs(X) + np.abs(b1)) + np.abs(b2))
    for dt in (np.float64, np.float32):
        net = W2.astype(dt) @ (W1.astype(dt) @ X.astype(dt) + b1.astype(dt)) + b2.astype(dt)
        rel = float(np.max(np.abs(net.astype(np.float64) - collapsed)) / scale)
        worst[dt] = max(worst[dt], rel)
for dt, v in worst.items():
    print(f"{np.dtype(dt).name}: max relative difference over 20 seeds = {v:.3e}")
print("a-priori rounding bound, 12 roundings of the inputs, products and sums:",
      f"float64 {12 * 2**-53:.2e}, float32 {12 * 2**-24:.2e}")
