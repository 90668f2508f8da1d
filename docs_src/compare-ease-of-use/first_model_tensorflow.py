import keras
import numpy as np

keras.utils.set_random_seed(0)
X = np.random.randn(256, 64).astype("float32")  # 256 examples with 64 features each
y = np.random.randint(0, 10, size=256)  # a class label from 0 to 9 for each
model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(10)])
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
num_epochs, lr = 1, 1e-3
optimizer = keras.optimizers.Adam(learning_rate=lr)

model.compile(optimizer=optimizer, loss=loss_fn)
model.fit(X, y, batch_size=32, epochs=num_epochs, verbose=0)  # the training loop is inside fit
print(model.count_params())  # 2410
print(model.predict(X, verbose=0).shape)  # (256, 10)
print(keras.backend.backend())  # tensorflow
