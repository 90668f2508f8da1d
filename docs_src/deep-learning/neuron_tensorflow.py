import tensorflow as tf

x = tf.constant([1.0, 2.0])  # one example with two inputs
w = tf.Variable([0.5, -0.25])  # weights
b = tf.Variable(0.1)  # bias
lr = 0.5  # learning rate

with tf.GradientTape() as tape:  # records the operations
    y_hat = tf.sigmoid(tf.tensordot(w, x, 1) + b)  # the neuron: sigmoid(w·x + b)
    loss = (y_hat - 1.0) ** 2  # squared error; the target is 1
grad_w, grad_b = tape.gradient(loss, [w, b])  # backpropagation
print(round(float(y_hat), 4), round(float(loss), 4))  # 0.525 0.2256
print([round(g, 4) for g in grad_w.numpy().tolist()])  # [-0.2369, -0.4738]

w.assign_sub(lr * grad_w)  # one gradient-descent step
b.assign_sub(lr * grad_b)
new_loss = (tf.sigmoid(tf.tensordot(w, x, 1) + b) - 1.0) ** 2
print(round(float(new_loss), 4))  # 0.0947
