import keras
import tensorflow as tf

keras.utils.set_random_seed(0)
X = tf.reshape(tf.linspace(-1.0, 1.0, 20), (-1, 1))  # 20 examples, 1 input each
y = 2 * X + 1  # targets: the line y = 2x + 1
model = keras.layers.Dense(1)  # one neuron, no activation: y = wx + b
loss_fn = keras.losses.MeanSquaredError()  # mean squared error
lr, num_epochs = 0.1, 200
optimizer = keras.optimizers.SGD(learning_rate=lr)

for epoch in range(num_epochs):
    with tf.GradientTape() as tape:  # records the forward pass
        y_pred = model(X)  # 1. forward pass: predictions
        loss = loss_fn(y, y_pred)  # 2. loss: how wrong they are
    grads = tape.gradient(loss, model.trainable_variables)  # 3. backward pass
    optimizer.apply_gradients(zip(grads, model.trainable_variables))  # 4. update

print(round(float(model.kernel[0, 0]), 2), round(float(model.bias[0]), 2))  # 2.0 1.0
print(f"{float(loss):.4f}")  # 0.0000
