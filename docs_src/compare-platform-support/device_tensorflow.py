import tensorflow as tf

gpus = tf.config.list_physical_devices("GPU")  # an empty list on a CPU-only machine
device = "GPU:0" if gpus else "CPU:0"

with tf.device(device):  # optional: TensorFlow picks the first GPU by itself
    X = tf.ones((2, 3))
print(device in {"GPU:0", "CPU:0"})  # True
print(X.device.endswith(device))  # True
