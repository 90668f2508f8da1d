import tensorflow as tf

x = tf.constant([1.0, 0.0, -1.0])
y = tf.math.log(x)  # log(0) is -inf and log(-1) is NaN: no error is raised
print(tf.math.is_nan(y).numpy().tolist())  # [False, False, True]

try:
    tf.debugging.check_numerics(y, message="after log")  # raises on NaN or infinity
except tf.errors.InvalidArgumentError as e:  # the message includes "after log"
    print(type(e).__name__)  # InvalidArgumentError
