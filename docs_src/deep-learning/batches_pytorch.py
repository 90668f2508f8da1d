import torch
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
X = torch.arange(10.0).reshape(-1, 1)  # 10 examples, 1 input each
y = 2 * X + 1
loader = DataLoader(TensorDataset(X, y), batch_size=4, shuffle=True)

X_batch, y_batch = next(iter(loader))  # the first batch of one epoch
print(tuple(X_batch.shape), tuple(y_batch.shape))  # (4, 1) (4, 1)
print([len(X_batch) for X_batch, y_batch in loader])  # [4, 4, 2]
