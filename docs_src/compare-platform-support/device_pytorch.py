import torch

if torch.cuda.is_available():  # NVIDIA (CUDA) or AMD (ROCm) GPU: both are called "cuda"
    device = "cuda"
elif torch.backends.mps.is_available():  # Apple silicon GPU
    device = "mps"
else:
    device = "cpu"

X = torch.ones(2, 3, device=device)  # you place each tensor, and the model, yourself
print(device in {"cuda", "mps", "cpu"})  # True
print(X.device.type == device)  # True
