import torch

x = torch.tensor([1.0, 2.0])  # one example with two inputs
w = torch.tensor([0.5, -0.25], requires_grad=True)  # weights
b = torch.tensor(0.1, requires_grad=True)  # bias
lr = 0.5  # learning rate

y_hat = torch.sigmoid(w @ x + b)  # the neuron: sigmoid(w·x + b)
loss = (y_hat - 1.0) ** 2  # squared error; the target is 1
loss.backward()  # backpropagation: fills w.grad and b.grad
print(round(y_hat.item(), 4), round(loss.item(), 4))  # 0.525 0.2256
print([round(g, 4) for g in w.grad.tolist()])  # [-0.2369, -0.4738]

with torch.no_grad():  # one gradient-descent step
    w -= lr * w.grad
    b -= lr * b.grad
new_loss = (torch.sigmoid(w @ x + b) - 1.0) ** 2
print(round(new_loss.item(), 4))  # 0.0947
