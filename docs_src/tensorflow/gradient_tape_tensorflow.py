import keras
import tensorflow as tf

keras.utils.set_random_seed(0)
X = tf.reshape(tf.linspace(-1.0, 1.0, 20), (-1, 1))
y = 2 * X + 1  # targets: the line y = 2x + 1
model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
loss_fn = keras.losses.MeanSquaredError()
lr, num_epochs = 0.1, 200
optimizer = keras.optimizers.SGD(learning_rate=lr)


@tf.function  # traced into a graph on the first call, then reused
def train_step(X, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(X))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


for epoch in range(num_epochs):
    loss = train_step(X, y)
w, b = model.trainable_variables
print(round(float(w[0, 0]), 2), round(float(b[0]), 2))  # 2.0 1.0
