import keras
import tensorflow as tf

keras.utils.set_random_seed(0)
X = tf.random.normal((64, 2))  # 64 examples, 2 inputs each
y = X[:, :1] * X[:, 1:]  # target: the product of the two inputs

model = keras.Sequential([
    keras.Input(shape=(2,)),
    keras.layers.Dense(8, activation="relu"),  # hidden layer
    keras.layers.Dense(1),  # output layer
])
lr, num_epochs = 0.05, 20
model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr), loss="mse")
history = model.fit(X, y, epochs=num_epochs, batch_size=16, verbose=0)  # the whole loop

losses = history.history["loss"]  # one value per epoch
print(model.count_params())  # 33
print(len(losses), losses[-1] < losses[0])  # 20 True
