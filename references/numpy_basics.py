"""Lecture 0's numpy examples run in NumPy, float64 (what the slides print) and float32 (the
basis of the webgpu tolerances). Printed output: references/numpy_basics.txt.

Run: python3 references/numpy_basics.py > references/numpy_basics.txt
"""
import numpy as np

np.set_printoptions(linewidth=200)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    a = sigmoid(z)
    return a * (1 - a)


def softmax(x):
    x_exp = np.exp(x)
    return x_exp / np.sum(x_exp, axis=1, keepdims=True)


def normalize_rows(x):
    norm = np.linalg.norm(x, ord=2, axis=1, keepdims=True)
    return norm, x / norm


def max_dev(a, b):
    return float(np.max(np.abs(np.asarray(a, np.float64) - np.asarray(b, np.float64))))


for dt in (np.float64, np.float32):
    name = np.dtype(dt).name
    print(f"== {name}")
    z = np.array([-2, -1, 0, 1, 2], dtype=dt)
    s, ds = sigmoid(z), sigmoid_derivative(z)
    print("sigmoid(z) = " + str(s), "exact:", [float(v) for v in s])
    print("sigmoid_derivative(z) = " + str(ds), "exact:", [float(v) for v in ds])
    x = np.array([[0, 9, 3, 0], [3, 0, 8, 1]], dtype=dt)
    sm = softmax(x)
    print("softmax(x) = " + str(sm))
    print("  exact:", [float(v) for v in sm.ravel()])
    rows = np.array([[3, 2, 4], [1, 8, 2]], dtype=dt)
    norm, nr = normalize_rows(rows)
    print("x_norm = " + str(norm.ravel()), "exact:", [float(v) for v in norm.ravel()])
    print("normalizeRows(x) = " + str(nr))
    print("  exact:", [float(v) for v in nr.ravel()])
    yhat = np.array([.9, 0.2, 0.1, .4, .9], dtype=dt)
    y = np.array([1, 0, 0, 1, 1], dtype=dt)
    l1 = np.sum(np.abs(y - yhat))
    l2 = np.sum(np.dot(y - yhat, y - yhat))
    print("L1 = " + str(l1), "exact:", float(l1), "|L1 - 1.1| =", abs(float(l1) - 1.1))
    print("L2 = " + str(l2), "exact:", float(l2), "|L2 - 0.43| =", abs(float(l2) - 0.43))

print("== float32 deviations from the float64 figures")
z = np.array([-2, -1, 0, 1, 2])
for label, f in (("sigmoid", sigmoid), ("sigmoid_derivative", sigmoid_derivative)):
    print(label, max_dev(f(z.astype(np.float32)), f(z.astype(np.float64))))
x = np.array([[0, 9, 3, 0], [3, 0, 8, 1]])
print("softmax", max_dev(softmax(x.astype(np.float32)), softmax(x.astype(np.float64))))
rows = np.array([[3, 2, 4], [1, 8, 2]])
n32, r32 = normalize_rows(rows.astype(np.float32))
n64, r64 = normalize_rows(rows.astype(np.float64))
print("x_norm", max_dev(n32, n64), "normalizeRows", max_dev(r32, r64))

print("== broadcasting (lecture 0, Broadcasting in Python)")
col = np.array([[1], [2], [3]])
m = np.array([[1, 2, 3], [4, 5, 6]])
print("[1 2 3]^T + 10 =", (col + 10).ravel().tolist(), "shape", (col + 10).shape,
      "10 broadcast to", np.broadcast_to(np.array([[10]]), col.shape).shape)
print("m + [10 20 30] =", (m + np.array([[10, 20, 30]])).tolist())
print("m + [[10],[20]] =", (m + np.array([[10], [20]])).tolist())

print("== image2vector (lecture 0, Shape and Reshape Vectors and Matrices)")
image = np.array([[[0.139, 0.381], [0.982, 0.647], [0.251, 0.551]],
                  [[0.219, 0.647], [0.703, 0.845], [0.397, 0.313]],
                  [[0.855, 0.165], [0.313, 0.937], [0.279, 0.077]]])
v = image.reshape((image.shape[0] * image.shape[1] * image.shape[2]), 1)
print("image.shape", image.shape, "image2vector(image).shape", v.shape)
print("image2vector(image) =", v.ravel().tolist())
print("128x128x3 ->", np.zeros((128, 128, 3)).reshape(-1, 1).shape)

print("== rank-1 arrays vs column vectors (lecture 0, Lists vs. Vectors and Matrices)")
rng = np.random.default_rng(0)
a = rng.standard_normal(6)
b = rng.standard_normal((6, 1))
print("a.shape", a.shape, "a.T.shape", a.T.shape, "np.dot(a, a.T)", np.dot(a, a.T),
      "shape", np.shape(np.dot(a, a.T)), "== sum(a*a):", np.dot(a, a.T) == np.sum(a * a))
print("b.shape", b.shape, "b.T.shape", b.T.shape, "np.dot(b, b.T).shape", np.dot(b, b.T).shape,
      "np.dot(b.T, b).shape", np.dot(b.T, b).shape)
c = rng.standard_normal(5)
print("a5.shape", c.shape, "reshape((5,1)).shape", c.reshape((5, 1)).shape)

print("== x1, x2 (lecture 0, Vectorization of Dot / Outer / Element-Wise / General Dot Product)")
x1 = [5, 1, 0, 3, 8, 2, 5, 6, 0, 1, 2, 5, 9, 0, 7]
x2 = [2, 5, 2, 0, 3, 2, 2, 9, 1, 0, 2, 5, 4, 0, 9]
print("dot =", np.dot(x1, x2))
print("elementwise =", np.multiply(x1, x2))
print("outer row 0 =", np.outer(x1, x2)[0].tolist())
# The outer matrix the slide prints is that of the course assignment's vectors.
c1 = [9, 2, 5, 0, 0, 7, 5, 0, 0, 0, 9, 2, 5, 0, 0]
c2 = [9, 2, 2, 9, 0, 9, 2, 5, 0, 0, 9, 2, 5, 0, 0]
print("course x1, x2: dot =", np.dot(c1, c2), "outer row 0 =", np.outer(c1, c2)[0].tolist())
print("course outer rows 1, 2, 5:", [np.outer(c1, c2)[i].tolist() for i in (1, 2, 5)])
W = np.random.default_rng(1).random((3, len(x1)))
gdot_loop = np.zeros(W.shape[0])
for i in range(W.shape[0]):
    for j in range(len(x1)):
        gdot_loop[i] += W[i, i] * x1[i]  # the slide's loop, as printed
print("slide's loop gdot =", gdot_loop, "np.dot(W, x1) =", np.dot(W, x1),
      "15*W[i,i]*x1[i] =", [15 * W[i, i] * x1[i] for i in range(3)])
