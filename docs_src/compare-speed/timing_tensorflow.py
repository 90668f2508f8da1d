import statistics
import time

import keras
import tensorflow as tf

model = keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(256, activation="relu"), keras.layers.Dense(10)])
X = tf.random.normal((128, 64))
graph_step = tf.function(model)  # traced into a graph on the first call


def step():
    graph_step(X).numpy()  # .numpy() waits until the result exists (on a GPU too)


warmup, repeats = 3, 20
for _ in range(warmup):  # first calls pay for tracing (and XLA compilation, with jit_compile=True)
    step()
times = []
for _ in range(repeats):
    start = time.perf_counter()
    step()
    times.append(time.perf_counter() - start)
median = statistics.median(times)  # report this, with the hardware and the versions
print(f"median of {len(times)} runs, {warmup} warm-up runs excluded")  # median of 20 runs, 3 warm-up runs excluded
