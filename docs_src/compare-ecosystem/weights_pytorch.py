import os
import tempfile

import torch


def build():
    return torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))


model = build()
path = os.path.join(tempfile.mkdtemp(), "model.pt")
torch.save(model.state_dict(), path)  # a published model is this file plus the code

fresh = build()
fresh.load_state_dict(torch.load(path))  # the same architecture, filled with the saved weights
X = torch.randn(3, 4)
print(sum(p.numel() for p in fresh.parameters()))  # 58
print(torch.equal(model(X), fresh(X)))  # True
