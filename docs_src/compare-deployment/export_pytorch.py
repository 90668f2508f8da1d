import os
import tempfile

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)).eval()
X = torch.randn(3, 4)

exported = torch.export.export(model, (X,))  # capture the whole model as a graph
path = os.path.join(tempfile.mkdtemp(), "model.pt2")
torch.export.save(exported, path)  # one file: graph and weights

reloaded = torch.export.load(path).module()  # no Python class of the model needed
print(torch.allclose(reloaded(X), model(X)))  # True
