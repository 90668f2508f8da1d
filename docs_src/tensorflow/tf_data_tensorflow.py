import tensorflow as tf

tf.random.set_seed(0)
X = tf.reshape(tf.range(10.0), (-1, 1))  # 10 examples, 1 input each
y = 2 * X + 1

dataset = (
    tf.data.Dataset.from_tensor_slices((X, y))  # one element per example
    .map(lambda x, t: (x / 10.0, t))  # a preprocessing step, run in the pipeline
    .shuffle(buffer_size=10)  # reshuffled every epoch
    .batch(4)
    .prefetch(tf.data.AUTOTUNE)  # prepare the next batch while the model trains
)
print(dataset.element_spec[0].shape)  # (None, 1)
print([int(len(X_batch)) for X_batch, y_batch in dataset])  # [4, 4, 2]
