import torch


def f(x):
    return 3 * x**2 + 2 * x


x = torch.tensor([0.0, 1.0, 2.0, 3.0])
print(f(x))  # tensor([ 0.,  5., 16., 33.])

compiled_f = torch.compile(f)  # nothing is compiled yet: that happens at the first call
print(compiled_f(x))  # tensor([ 0.,  5., 16., 33.])
print(torch.equal(compiled_f(x), f(x)))  # True
