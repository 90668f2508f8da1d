import torch

torch.manual_seed(0)
X = torch.linspace(-1, 1, 20).reshape(-1, 1)  # 20 examples, 1 input each
y = 2 * X + 1  # targets: the line y = 2x + 1
model = torch.nn.Linear(1, 1)  # one neuron, no activation: y = wx + b
loss_fn = torch.nn.MSELoss()  # mean squared error
lr, num_epochs = 0.1, 200
optimizer = torch.optim.SGD(model.parameters(), lr=lr)

for epoch in range(num_epochs):
    y_pred = model(X)  # 1. forward pass: predictions
    loss = loss_fn(y_pred, y)  # 2. loss: how wrong they are
    optimizer.zero_grad()  # forget the previous step's gradients
    loss.backward()  # 3. backward pass: gradients
    optimizer.step()  # 4. update: parameters -= lr * gradients

print(round(model.weight.item(), 2), round(model.bias.item(), 2))  # 2.0 1.0
print(f"{loss.item():.4f}")  # 0.0000
