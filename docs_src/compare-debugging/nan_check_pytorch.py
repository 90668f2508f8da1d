import torch

x = torch.tensor([1.0, 0.0, -1.0])
y = torch.log(x)  # log(0) is -inf and log(-1) is NaN: no error is raised
print(torch.isnan(y).tolist())  # [False, False, True]

try:
    with torch.autograd.detect_anomaly():  # checks every backward step for NaN
        w = torch.tensor([0.0, -1.0], requires_grad=True)
        torch.sqrt(w).sum().backward()  # the gradient of sqrt at 0 is inf, at -1 NaN
except RuntimeError as e:  # names the operation whose backward produced NaN
    print(type(e).__name__)  # RuntimeError
