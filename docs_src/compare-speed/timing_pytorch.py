import statistics
import time

import torch

model = torch.nn.Sequential(torch.nn.Linear(64, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
X = torch.randn(128, 64)


def step():
    out = model(X)
    if out.is_cuda:
        torch.cuda.synchronize()  # GPU work runs asynchronously: wait until it is done


warmup, repeats = 3, 20
for _ in range(warmup):  # first calls pay for set-up (and compilation, with torch.compile)
    step()
times = []
for _ in range(repeats):
    start = time.perf_counter()
    step()
    times.append(time.perf_counter() - start)
median = statistics.median(times)  # report this, with the hardware and the versions
print(f"median of {len(times)} runs, {warmup} warm-up runs excluded")  # median of 20 runs, 3 warm-up runs excluded
