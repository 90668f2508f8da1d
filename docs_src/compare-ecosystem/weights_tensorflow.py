import os
import tempfile

import keras
import numpy as np


def build():
    return keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(2)])


model = build()
path = os.path.join(tempfile.mkdtemp(), "model.weights.h5")
model.save_weights(path)  # a published model is this file plus the code

fresh = build()
fresh.load_weights(path)  # the same architecture, filled with the saved weights
X = np.random.default_rng(0).normal(size=(3, 4))
print(fresh.count_params())  # 58
print(np.array_equal(model.predict(X, verbose=0), fresh.predict(X, verbose=0)))  # True
