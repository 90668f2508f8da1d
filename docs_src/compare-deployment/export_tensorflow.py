import os
import tempfile

import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(2)])
X = np.random.randn(3, 4).astype("float32")

path = os.path.join(tempfile.mkdtemp(), "model")
model.export(path, verbose=False)  # a SavedModel folder: graph and weights

reloaded = tf.saved_model.load(path)  # no Python class of the model needed
print(np.allclose(reloaded.serve(X), model(X)))  # True
