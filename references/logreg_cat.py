"""The course's logistic regression on the cat images (assignment "Logistic Regression with a
Neural Network mindset"), in NumPy float64 (the course's arithmetic) and float32 (the basis of
the webgpu figures): w, b zeros, X = pixels / 255 flattened to 12288 x m, batch gradient descent
on the cross-entropy, the cost every 100 iterations, accuracy 100 - mean|Y_pred - Y| * 100.

Run: python3 references/logreg_cat.py > references/logreg_cat.txt
"""
import h5py
import numpy as np

with h5py.File("data/catvnoncat/train_catvnoncat.h5", "r") as f:
    train_x, train_y = np.array(f["train_set_x"]), np.array(f["train_set_y"]).reshape(1, -1)
with h5py.File("data/catvnoncat/test_catvnoncat.h5", "r") as f:
    test_x, test_y = np.array(f["test_set_x"]), np.array(f["test_set_y"]).reshape(1, -1)
train_flat = train_x.reshape(train_x.shape[0], -1).T
test_flat = test_x.reshape(test_x.shape[0], -1).T
print("train_set_x_flatten shape:", train_flat.shape, "train_set_y shape:", train_y.shape)
print("test_set_x_flatten shape:", test_flat.shape, "test_set_y shape:", test_y.shape)
print("sanity check after reshaping:", train_flat[0:5, 0])


def model(dt, lr, iterations):
    X, Y = (train_flat / 255.).astype(dt), train_y.astype(dt)
    Xt, Yt = (test_flat / 255.).astype(dt), test_y.astype(dt)
    m = X.shape[1]
    w, b = np.zeros((X.shape[0], 1), dt), dt(0)
    costs = []
    for i in range(iterations):
        A = 1 / (1 + np.exp(-(np.dot(w.T, X) + b)))
        cost = -(1 / m) * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
        dw = (1 / m) * np.dot(X, (A - Y).T)
        db = (1 / m) * np.sum(A - Y)
        w = w - dt(lr) * dw
        b = b - dt(lr) * db
        if i % 100 == 0:
            costs.append(float(cost))
    pred = lambda XX: (1 / (1 + np.exp(-(np.dot(w.T, XX) + b))) > 0.5).astype(np.float64)
    acc = lambda XX, YY: 100 - np.mean(np.abs(pred(XX) - YY.astype(np.float64))) * 100
    return costs, acc(X, Y), acc(Xt, Yt)


for dt in (np.float64, np.float32):
    for lr, it in ((0.005, 2000), (0.01, 1500), (0.001, 1500), (0.0001, 1500)):
        costs, tr, te = model(dt, lr, it)
        print(f"== {np.dtype(dt).name} lr {lr} iterations {it}")
        print("costs %f:", " ".join(f"{c:f}" for c in costs))
        print("costs:", costs)
        print(f"train accuracy: {tr} %")
        print(f"test accuracy: {te} %")
