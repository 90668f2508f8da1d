import keras
import tensorflow as tf

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])  # expects 4 features per example
X = tf.ones((3, 5))  # but each of the 3 examples has 5

try:
    model(X)
except ValueError as e:  # a long message; it names the layer, the size it expected and the shape it got
    message = str(e)
    print(type(e).__name__)  # ValueError
    print("layer 'dense'" in message, "value 4" in message, "shape (3, 5)" in message)  # True True True
