import numpy as np
import tensorflow as tf
import keras

strategy = tf.distribute.MirroredStrategy()  # every visible GPU; here the one CPU
with strategy.scope():  # variables created here are copied to every replica
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
    loss_fn = keras.losses.MeanSquaredError()
    lr = 0.1
    optimizer = keras.optimizers.SGD(learning_rate=lr)
    model.compile(optimizer=optimizer, loss=loss_fn)

rng = np.random.default_rng(0)
X, y = rng.normal(size=(8, 4)), rng.normal(size=(8, 1))
num_epochs = 1
model.fit(X, y, epochs=num_epochs, batch_size=8, verbose=0)  # batch split, gradients all-reduced
print(strategy.num_replicas_in_sync)  # 1
