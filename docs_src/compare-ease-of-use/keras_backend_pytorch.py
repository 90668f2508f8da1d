import os

os.environ["KERAS_BACKEND"] = "torch"  # must be set before Keras is imported
import keras
import torch

model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(10)])
print(keras.backend.backend())  # torch
print(isinstance(model, torch.nn.Module))  # True
print(type(model(torch.zeros(2, 64))).__name__)  # Tensor
