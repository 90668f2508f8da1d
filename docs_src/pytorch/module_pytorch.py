import torch
from torch import nn

torch.manual_seed(0)


class TinyNet(nn.Module):  # a model is a Python class
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(2, 8)  # layers assigned here are registered
        self.out = nn.Linear(8, 1)

    def forward(self, x):  # plain Python: you can print or use pdb in here
        return self.out(torch.relu(self.hidden(x)))


X = torch.randn(64, 2)  # 64 examples, 2 inputs each
y = X[:, :1] * X[:, 1:]  # target: the product of the two inputs
model, loss_fn, lr = TinyNet(), nn.MSELoss(), 0.05
optimizer = torch.optim.Adam(model.parameters(), lr=lr)

first_loss = loss_fn(model(X), y).item()
for step in range(100):  # one training step, repeated
    loss = loss_fn(model(X), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
print(sum(p.numel() for p in model.parameters()))  # 33
print(loss.item() < first_loss)  # True
