import tensorflow as tf


def f(x):
    return 3 * x**2 + 2 * x


x = tf.constant([0.0, 1.0, 2.0, 3.0])
print(f(x).numpy())  # [ 0.  5. 16. 33.]

graph_f = tf.function(f)  # nothing is traced yet: that happens at the first call
xla_f = tf.function(f, jit_compile=True)  # the traced graph is also compiled by XLA
print(graph_f(x).numpy())  # [ 0.  5. 16. 33.]
print(bool(tf.reduce_all(graph_f(x) == f(x))), bool(tf.reduce_all(xla_f(x) == f(x))))  # True True
