import statistics
import time

import keras
import tensorflow as tf

model = keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(256, activation="relu"), keras.layers.Dense(10)])
graph_step = tf.function(model)  # traced into a graph on the first call (for each input shape)


def step(X):
    graph_step(X).numpy()  # .numpy() waits until the result exists (on a GPU too)


def median_time(X, warmup=3, repeats=20):
    for _ in range(warmup):  # first calls pay for tracing (and XLA compilation, with jit_compile=True)
        step(X)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step(X)
        times.append(time.perf_counter() - start)
    return statistics.median(times)  # report this, with the hardware and the versions


small, large = median_time(tf.random.normal((128, 64))), median_time(tf.random.normal((131072, 64)))
# The clock sees the work (1,024 times the batch takes longer):
print(large > small)  # True
