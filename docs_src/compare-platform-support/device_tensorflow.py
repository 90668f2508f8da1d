import tensorflow as tf

gpus = tf.config.list_physical_devices("GPU")  # an empty list on a CPU-only machine
device = "GPU:0" if gpus else "CPU:0"

with tf.device(device):  # optional: TensorFlow picks the first GPU by itself
    X = tf.ones((2, 3))
Y = tf.ones((2, 3))  # no device named
print(X.device.endswith(device))  # True
# Placed on the GPU by itself whenever there is one:
print(("GPU" in Y.device) == bool(gpus))  # True
