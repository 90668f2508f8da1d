import torch

x = torch.tensor(3.0, requires_grad=True)
y = x**2 + 2 * x  # y = x² + 2x
y.backward()  # fills x.grad with dy/dx = 2x + 2
print(x.grad)  # tensor(8.)
