import warnings

import torch


def f(x):
    return 3 * x**2 + 2 * x


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")  # show each warning, even if it was shown before
    torch.jit.script(f)  # the old graph mode, TorchScript
print(caught[0].category.__name__)  # DeprecationWarning
print(caught[0].message)  # `torch.jit.script` is deprecated. Please switch to `torch.compile` or `torch.export`.
