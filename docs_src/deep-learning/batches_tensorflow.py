import tensorflow as tf

tf.random.set_seed(0)
X = tf.reshape(tf.range(10.0), (-1, 1))  # 10 examples, 1 input each
y = 2 * X + 1
dataset = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(10).batch(4)

X_batch, y_batch = next(iter(dataset))  # the first batch of one epoch
print(tuple(X_batch.shape), tuple(y_batch.shape))  # (4, 1) (4, 1)
print([len(X_batch) for X_batch, y_batch in dataset])  # [4, 4, 2]
