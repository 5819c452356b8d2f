"""Lecture 2's perceptron (Raschka's Perceptron.train) on the UCI Iris file, in float64 and
float32: the weights it prints after 10 epochs at eta = 0.1."""
import csv
import numpy as np

rows = [r for r in csv.reader(open("data/iris/iris_uci.csv")) if r]
y = np.where(np.array([r[4] for r in rows[:100]]) == "Iris-setosa", -1, 1)
X = np.array([[float(r[0]), float(r[2])] for r in rows[:100]])
for dt in (np.float64, np.float32):
    Xd, eta, w = X.astype(dt), dt(0.1), np.zeros(3, dtype=dt)
    for _ in range(10):
        for xi, t in zip(Xd, y):
            update = eta * dt(t - np.where(np.dot(xi, w[1:]) + w[0] >= 0.0, 1, -1))
            w[1:] += update * xi
            w[0] += update
    print(f"{dt.__name__}: print {w}, values {w.tolist()}")
