import tensorflow as tf

x = tf.Variable(3.0)
with tf.GradientTape() as tape:  # records the operations on x
    y = x**2 + 2 * x  # y = x² + 2x
print(tape.gradient(y, x).numpy())  # 8.0
