import tensorflow as tf

seen = []


@tf.function
def double(x):
    seen.append(tf.executing_eagerly())  # a breakpoint() here would stop only once, while tracing
    return x * 2


double(tf.constant(1.0))  # traced into a graph: the Python body is not run step by step
tf.config.run_functions_eagerly(True)  # debugging switch: run tf.function bodies as plain Python
double(tf.constant(1.0))  # now pdb, print and breakpoint() work inside, on every call
tf.config.run_functions_eagerly(False)  # switch back: graphs are faster
print(seen)  # [False, True]
