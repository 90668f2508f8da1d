import torch
from torch import nn

model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1))
X = torch.randn(4, 2)

exported = torch.export.export(model, (X,))  # capture the whole graph
print(type(exported).__name__)  # ExportedProgram
ops = [n.target.__name__ for n in exported.graph.nodes if n.op == "call_function"]
print(ops)  # ['linear.default', 'relu.default', 'linear.default']
print(torch.allclose(exported.module()(X), model(X)))  # True
