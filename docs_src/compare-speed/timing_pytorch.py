import statistics
import time

import torch

model = torch.nn.Sequential(torch.nn.Linear(64, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))


def step(X):
    out = model(X)
    if out.is_cuda:
        torch.cuda.synchronize()  # GPU work runs asynchronously: wait until it is done


def median_time(X, warmup=3, repeats=20):
    for _ in range(warmup):  # first calls pay for set-up (and compilation, with torch.compile)
        step(X)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step(X)
        times.append(time.perf_counter() - start)
    return statistics.median(times)  # report this, with the hardware and the versions


small, large = median_time(torch.randn(128, 64)), median_time(torch.randn(131072, 64))
# The clock sees the work (1,024 times the batch takes longer):
print(large > small)  # True
