import torch

torch.manual_seed(0)
model = torch.nn.Linear(8, 4)
X = torch.randn(16, 8)

with torch.autocast(device_type="cpu", dtype=torch.bfloat16):  # device_type="cuda" on a GPU
    out = model(X)  # the matrix multiply runs in bfloat16
print(out.dtype)  # torch.bfloat16
print(model.weight.dtype)  # torch.float32
