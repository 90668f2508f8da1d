import keras
import tensorflow as tf

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])  # expects 4 features per example
X = tf.ones((3, 5))  # but each of the 3 examples has 5

try:
    model(X)
except ValueError as e:  # the message names the layer, the expected 4 and the shape (3, 5)
    print(type(e).__name__)  # ValueError
