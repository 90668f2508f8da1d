import tensorflow as tf
import keras

keras.mixed_precision.set_global_policy("mixed_bfloat16")  # "mixed_float16" on most GPUs
model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(4)])
X = tf.random.normal((16, 8))

out = model(X)  # the layer computes in bfloat16
print(out.dtype)  # <dtype: 'bfloat16'>
print(model.layers[0].kernel.dtype)  # float32
