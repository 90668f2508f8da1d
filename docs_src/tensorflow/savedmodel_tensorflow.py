import tempfile

import tensorflow as tf


class Doubler(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def __call__(self, x):
        return 2.0 * x


with tempfile.TemporaryDirectory() as path:
    tf.saved_model.save(Doubler(), path)  # writes the traced graph and the variables
    restored = tf.saved_model.load(path)  # loading runs the saved graph, not the class
    print(restored(tf.constant([1.0, 2.0])).numpy())  # [2. 4.]
