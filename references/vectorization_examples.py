"""Lecture 0's small vectorisation examples (x1, x2 of 15 integers) in NumPy: the dot, outer and
elementwise products the slides print, the outer product of the course assignment's vectors
(whose rows the slide prints), and the general dot with W = np.random.RandomState(1).rand(3, 15)
(the experiment's seed-1 draw), by the slide's loop as printed and by np.dot, in float64 and
float32.

Run: python3 references/vectorization_examples.py > references/vectorization_examples.txt
"""
import numpy as np

x1 = [5, 1, 0, 3, 8, 2, 5, 6, 0, 1, 2, 5, 9, 0, 7]
x2 = [2, 5, 2, 0, 3, 2, 2, 9, 1, 0, 2, 5, 4, 0, 9]
print("dot =", np.dot(x1, x2))
print("elementwise =", np.multiply(x1, x2).tolist())
print("outer(x1, x2) row 0 =", np.outer(x1, x2)[0].tolist())
c1 = [9, 2, 5, 0, 0, 7, 5, 0, 0, 0, 9, 2, 5, 0, 0]
c2 = [9, 2, 2, 9, 0, 9, 2, 5, 0, 0, 9, 2, 5, 0, 0]
print("course assignment x1, x2: dot =", np.dot(c1, c2),
      "elementwise =", np.multiply(c1, c2).tolist())
for i, r in enumerate(np.outer(c1, c2).tolist()):
    print(f"course outer row {i} =", r)

W = np.random.RandomState(1).rand(3, len(x1))


def slide_loop(W, x):
    gdot = np.zeros(W.shape[0], W.dtype)
    for i in range(W.shape[0]):
        for j in range(len(x)):
            gdot[i] += W[i, i] * x[i]  # as the slide prints it
    return gdot


def loop(W, x):
    gdot = np.zeros(W.shape[0], W.dtype)
    for i in range(W.shape[0]):
        for j in range(len(x)):
            gdot[i] += W[i, j] * x[j]
    return gdot


for dt in (np.float64, np.float32):
    Wd, xd = W.astype(dt), np.array(x1, dt)
    vec, sl, lp = np.dot(Wd, xd), slide_loop(Wd, xd), loop(Wd, xd)
    rel = lambda a: float(np.max(np.abs(np.float64(a) - np.dot(W, np.array(x1, float))))
                          / np.max(np.abs(np.dot(W, np.array(x1, float)))))
    print(np.dtype(dt).name, "np.dot(W, x1) =", vec.tolist(), "rel to float64:", rel(vec))
    print(np.dtype(dt).name, "slide's loop =", sl.tolist(), "rel:", rel(sl))
    print(np.dtype(dt).name, "loop W[i,j]*x1[j] =", lp.tolist(), "rel:", rel(lp))
