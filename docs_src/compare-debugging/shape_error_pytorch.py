import torch
from torch import nn

model = nn.Linear(4, 2)  # expects 4 features per example
X = torch.ones(3, 5)  # but each of the 3 examples has 5

try:
    model(X)
except RuntimeError as e:
    print(type(e).__name__)  # RuntimeError
    print(e)  # mat1 and mat2 shapes cannot be multiplied (3x5 and 4x2)
