import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(256, 64)  # 256 examples with 64 features each
y = torch.randint(0, 10, (256,))  # a class label from 0 to 9 for each
model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
loss_fn = nn.CrossEntropyLoss()
num_epochs, lr = 1, 1e-3
optimizer = torch.optim.Adam(model.parameters(), lr=lr)

for epoch in range(num_epochs):  # the training loop is yours to write
    for i in range(0, len(X), 32):  # batches of 32 examples
        loss = loss_fn(model(X[i : i + 32]), y[i : i + 32])  # forward pass and loss
        optimizer.zero_grad()  # clear the previous gradients
        loss.backward()  # compute new gradients
        optimizer.step()  # update the weights
print(sum(p.numel() for p in model.parameters()))  # 2410
print(model(X).shape)  # torch.Size([256, 10])
