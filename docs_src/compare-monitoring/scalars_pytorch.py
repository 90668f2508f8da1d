import os
import tempfile

from torch.utils.tensorboard import SummaryWriter  # needs: pip install tensorboard

logdir = tempfile.mkdtemp()  # in a project: a folder such as "runs/experiment-1"
writer = SummaryWriter(logdir)
for step in range(3):
    writer.add_scalar("loss", 1.0 / (step + 1), global_step=step)  # one point of the curve
writer.close()

print(len(os.listdir(logdir)))  # 1
print(os.listdir(logdir)[0].startswith("events.out.tfevents"))  # True
