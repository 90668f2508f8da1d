import torch

if torch.cuda.is_available():  # NVIDIA (CUDA) or AMD (ROCm) GPU: both are called "cuda"
    device = "cuda"
elif torch.backends.mps.is_available():  # Apple silicon GPU
    device = "mps"
else:
    device = "cpu"

model = torch.nn.Linear(3, 1).to(device)  # you place the model, and each tensor, yourself
X = torch.ones(2, 3, device=device)
# The work runs where the weights and the data are:
print(model(X).device.type == device)  # True
# On the GPU whenever there is one:
print(X.is_cuda == torch.cuda.is_available())  # True
