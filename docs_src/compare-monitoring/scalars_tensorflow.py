import os
import tempfile

import tensorflow as tf  # tf.summary.scalar needs: pip install tensorboard

logdir = tempfile.mkdtemp()  # in a project: a folder such as "logs/experiment-1"
writer = tf.summary.create_file_writer(logdir)
with writer.as_default():
    for step in range(3):
        tf.summary.scalar("loss", 1.0 / (step + 1), step=step)  # one point of the curve
writer.close()

print(len(os.listdir(logdir)))  # 1
print(os.listdir(logdir)[0].startswith("events.out.tfevents"))  # True
