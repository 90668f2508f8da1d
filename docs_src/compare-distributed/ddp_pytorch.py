import os
import tempfile

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel as DDP

if "RANK" in os.environ:  # started by torchrun, which sets RANK, WORLD_SIZE and the address
    dist.init_process_group("gloo")  # "nccl" on NVIDIA GPUs
else:  # started with plain `python`: a group of one process
    store = os.path.join(tempfile.mkdtemp(), "store")
    dist.init_process_group("gloo", init_method=f"file://{store}", rank=0, world_size=1)

torch.manual_seed(0)  # the same start on every replica
model = DDP(torch.nn.Linear(4, 1))  # GPUs: DDP(model.to(local_rank), device_ids=[local_rank])
loss_fn = torch.nn.MSELoss()
lr = 0.1
optimizer = torch.optim.SGD(model.parameters(), lr=lr)
X, y = torch.randn(8, 4), torch.randn(8, 1)  # each process would read its own share of the data

optimizer.zero_grad()
loss_fn(model(X), y).backward()  # DDP all-reduces the gradients during backward()
optimizer.step()
print(dist.get_world_size())  # 1
dist.destroy_process_group()
