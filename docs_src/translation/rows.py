"""The rows of the translation table (docs/translation.md), each with the check that proves it.

A row is a function registered with @row(group, id, pytorch=..., tensorflow=..., teach=..., note=...).
It runs both sides on the same inputs and states what it found with check.same(...) (they agree,
within a tolerance whose reason is given) or check.differ(...) (they differ; the page shows both
values). See table.py. Names follow the site: `model`, `loss_fn`, `optimizer`, `X`, `y`, `lr`.

The rows are independent: each makes its own inputs and layers, and a row that changes a global
setting (a dtype policy, the default dtype) restores it before it returns.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import inspect
import tempfile
import time
import warnings
from collections import OrderedDict
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf
import torch
from table import row
from torch import nn
from torch.nn import functional as F
from torch.utils.data import DataLoader, TensorDataset

torch.set_num_threads(1)
rng = np.random.default_rng(0)
torch.manual_seed(0)
keras.utils.set_random_seed(0)

F32 = "float32 rounding of sums of a few dozen terms"  # the reason of most tolerances below
F32_FN = "float32 rounding of exp, log, tanh or erf, computed by different code in each library"
F32_STEPS = "float32 rounding, carried over a few optimiser steps"


def randn(*shape: int) -> np.ndarray:
    return rng.standard_normal(shape).astype(np.float32)


def dtype_name(x) -> str:
    """The dtype of a tensor of either framework, as a short name: 'float32'."""
    return str(x.dtype).removeprefix("torch.") if isinstance(x, torch.Tensor) else tf.as_dtype(x.dtype).name


def outcome(action) -> str:
    """'allowed' when action() runs, else the name of the exception it raises."""
    try:
        action()
    except Exception as e:  # noqa: BLE001 - the exception's name is the finding
        return type(e).__name__
    return "allowed"


def first_argument(function) -> str:
    return next(name for name in inspect.signature(function).parameters if name != "self")


def descend_pt(make_optimizer, w0, loss=lambda w: ((w - 3) ** 2).sum(), steps=3) -> torch.Tensor:
    """The weights after `steps` steps of a PyTorch optimiser on `loss`, from `w0`."""
    w = nn.Parameter(torch.tensor(w0))
    optimizer = make_optimizer([w])
    for _ in range(steps):
        optimizer.zero_grad()
        loss(w).backward()
        optimizer.step()
    return w.detach()


def descend_tf(optimizer, w0, loss=lambda w: tf.reduce_sum((w - 3) ** 2), steps=3) -> keras.Variable:
    """The weights after `steps` steps of a Keras optimiser on `loss`, from `w0`."""
    w = keras.Variable(w0)
    for _ in range(steps):
        with tf.GradientTape() as tape:
            value = loss(w)
        optimizer.apply_gradients([(tape.gradient(value, w), w)])
    return w


def sequential_pair(X_dim: int = 4, copy: bool = True):
    """The same two-layer network in both frameworks, the Keras weights copied from PyTorch unless copy=False."""
    model_pt = nn.Sequential(nn.Linear(X_dim, 3), nn.ReLU(), nn.Linear(3, 2))
    model_tf = keras.Sequential([keras.Input((X_dim,)), keras.layers.Dense(3, activation="relu"),
                                 keras.layers.Dense(2)])
    if copy:
        copy_linear_weights(model_pt, model_tf)
    return model_pt, model_tf


def copy_linear_weights(model_pt: nn.Module, model_tf: keras.Model) -> None:
    model_tf.set_weights([p.detach().numpy().T for p in model_pt.parameters()])


# --- Tensors and dtypes ---------------------------------------------------------------------------

@row("tensors", "tensor-from-array",
     pytorch="torch.tensor(X)",
     tensorflow="tf.constant(X)",
     note="Both copy a NumPy array into a new tensor of the same dtype and shape.",
     teach="notebooks/tensors-and-autograd.ipynb")
def _(check):
    X = randn(2, 3)
    check.same("values", torch.tensor(X), tf.constant(X))
    check.same("dtype", dtype_name(torch.tensor(X)), dtype_name(tf.constant(X)))


@row("tensors", "default-float-dtype",
     pytorch="torch.tensor([1.0])",
     tensorflow="tf.constant([1.0])",
     note="A Python float becomes float32 in both. NumPy's default is float64, and a tensor made from a "
          "float64 array stays float64 in both: cast with `.float()` or `tf.cast(x, tf.float32)`.",
     teach="notebooks/tensors-and-autograd.ipynb")
def _(check):
    check.same("dtype of a Python float", dtype_name(torch.tensor([1.0])), dtype_name(tf.constant([1.0])))
    X = np.ones(2)  # float64
    check.same("dtype of a float64 array", dtype_name(torch.tensor(X)), dtype_name(tf.constant(X)))


@row("tensors", "default-int-dtype",
     pytorch="torch.tensor([1, 2])",
     tensorflow="tf.constant([1, 2])",
     note="Python ints become int64 in PyTorch but int32 in TensorFlow, and TensorFlow does not promote "
          "between them: adding int32 to int64 raises. Name the dtype when it matters, e.g. `dtype=tf.int64`.",
     teach="notebooks/tensors-and-autograd.ipynb")
def _(check):
    check.differ("dtype of Python ints", dtype_name(torch.tensor([1, 2])), dtype_name(tf.constant([1, 2])))
    check.differ("int32 + int64",
                 outcome(lambda: torch.tensor([1], dtype=torch.int32) + torch.tensor([1], dtype=torch.int64)),
                 outcome(lambda: tf.constant([1], dtype=tf.int32) + tf.constant([1], dtype=tf.int64)))


@row("tensors", "arange-range",
     pytorch="torch.arange(0, 1, 0.25)",
     tensorflow="tf.range(0, 1, 0.25)",
     note="Both stop before the end value. With int arguments PyTorch makes int64 and TensorFlow int32, "
          "as for any Python ints.",
     teach="notebooks/tensors-and-autograd.ipynb")
def _(check):
    check.same("values", torch.arange(0, 1, 0.25), tf.range(0, 1, 0.25))
    check.differ("dtype of arange(5) / range(5)", dtype_name(torch.arange(5)), dtype_name(tf.range(5)))


@row("tensors", "zeros-ones-full",
     pytorch="torch.zeros((2, 3)); torch.full((2, 3), 7.0)",
     tensorflow="tf.zeros((2, 3)); tf.fill((2, 3), 7.0)",
     note="`zeros`, `ones` and `zeros_like` have the same names; `torch.full` is `tf.fill`. Give TensorFlow "
          "the shape as one tuple: `tf.zeros(2, 3)` reads the 3 as a dtype and quietly makes two int32 zeros.",
     teach="notebooks/tensors-and-autograd.ipynb")
def _(check):
    check.same("torch.full / tf.fill", torch.full((2, 3), 7.0), tf.fill((2, 3), 7.0))
    check.same("zeros, shape as a tuple", torch.zeros((2, 3)), tf.zeros((2, 3)))
    check.differ("shape of zeros(2, 3)", tuple(torch.zeros(2, 3).shape), tuple(tf.zeros(2, 3).shape))
    assert dtype_name(tf.zeros(2, 3)) == "int32"


@row("tensors", "cast",
     pytorch="x.to(torch.int32)",
     tensorflow="tf.cast(x, tf.int32)",
     note="Float to int drops the fraction (it rounds toward zero) in both. `x.float()`, `x.half()` and "
          "`x.long()` are PyTorch's short forms.",
     teach="notebooks/tensors-and-autograd.ipynb")
def _(check):
    X = np.array([-1.7, -0.5, 0.5, 1.7, 2.5], np.float32)
    check.same("float32 to int32", torch.tensor(X).to(torch.int32), tf.cast(X, tf.int32))
    check.same("float32 to float16", torch.tensor(X).to(torch.float16), tf.cast(X, tf.float16))


@row("tensors", "to-numpy",
     pytorch="x.detach().numpy()",
     tensorflow="x.numpy()",
     note="PyTorch needs `.detach()` first when the tensor tracks gradients, and its array shares memory "
          "with the tensor: a later in-place change shows in it. A `tf.Variable`'s `.numpy()` is a copy.",
     teach="notebooks/tensors-and-autograd.ipynb")
def _(check):
    X = randn(3)
    x = torch.tensor(X, requires_grad=True)
    v = tf.Variable(X)
    assert outcome(x.numpy) == "RuntimeError"  # without .detach()
    array_pt, array_tf = x.detach().numpy(), v.numpy()
    check.same("values", array_pt, array_tf)
    with torch.no_grad():
        x.add_(1)
    v.assign_add(tf.ones(3))
    check.differ("array changed by a later in-place add", not np.array_equal(array_pt, X),
                 not np.array_equal(array_tf, X))


@row("tensors", "in-place-update",
     pytorch="x[0] = 5; x.add_(1)",
     tensorflow="v = tf.Variable(x); v[0].assign(5); v.assign_add(tf.ones(3))",
     note="A `tf.Tensor` cannot change: item assignment raises, and there are no methods with a trailing "
          "underscore. Keep what changes in a `tf.Variable` and change it with `assign`, `assign_add` or "
          "`assign_sub`.",
     teach="notebooks/tensors-and-autograd.ipynb")
def _(check):
    X = np.zeros(3, np.float32)
    x = torch.tensor(X)
    x[0] = 5
    x.add_(1)
    v = tf.Variable(X)
    v[0].assign(5)
    v.assign_add(tf.ones(3))
    check.same("values after the update", x, v)
    x_tf = tf.constant(X)
    assert hasattr(x, "add_") and not any(name.endswith("_") and not name.startswith("_") for name in dir(x_tf))

    def assign_tf():
        x_tf[0] = 5

    def assign_pt():
        torch.tensor(X)[0] = 5

    check.differ("x[0] = 5 on a tensor", outcome(assign_pt), outcome(assign_tf))


@row("tensors", "gradient-tape",
     pytorch="x = torch.tensor(X, requires_grad=True); y.backward(); x.grad",
     tensorflow="x = tf.Variable(X); with tf.GradientTape() as tape: ...; tape.gradient(y, x)",
     note="PyTorch records every operation on a tensor that requires gradients and stores the result in "
          "`.grad`; TensorFlow records only inside a `GradientTape` and returns the gradient.",
     teach="notebooks/tensors-and-autograd.ipynb")
def _(check):
    X = np.array([1.0, 2.0, -3.0], np.float32)
    x_pt = torch.tensor(X, requires_grad=True)
    (x_pt ** 3).sum().backward()
    x_tf = tf.Variable(X)
    with tf.GradientTape() as tape:
        y_tf = tf.reduce_sum(x_tf ** 3)
    check.same("gradient of sum(x ** 3)", x_pt.grad, tape.gradient(y_tf, x_tf))


# --- Shapes and indexing --------------------------------------------------------------------------

@row("shapes", "reshape",
     pytorch="x.reshape(2, -1)",
     tensorflow="tf.reshape(x, (2, -1))",
     note="Both read the elements in row-major (C) order; `-1` stands for the size that fits. "
          "`x.view(2, -1)` gives the same result on a contiguous tensor, without copying.",
     teach="notebooks/tensors-and-autograd.ipynb")
def _(check):
    X = randn(3, 4)
    check.same("values", torch.tensor(X).reshape(2, -1), tf.reshape(X, (2, -1)))
    x = torch.tensor(X)
    assert x.view(2, -1).data_ptr() == x.data_ptr()  # no copy
    check.same("values with x.view", x.view(2, -1), tf.reshape(X, (2, -1)))


@row("shapes", "permute-transpose",
     pytorch="x.permute(0, 2, 3, 1)",
     tensorflow="tf.transpose(x, (0, 2, 3, 1))",
     note="Both take the new order of all axes (here NCHW to NHWC). PyTorch's `x.transpose(1, 2)` swaps "
          "two axes; `tf.transpose` needs the full order for that too.",
     teach="notebooks/cnns-and-input-pipelines.ipynb")
def _(check):
    X = randn(2, 3, 4, 5)
    check.same("values", torch.tensor(X).permute(0, 2, 3, 1), tf.transpose(X, (0, 2, 3, 1)))
    check.same("swap of axes 1 and 2", torch.tensor(X).transpose(1, 2), tf.transpose(X, (0, 2, 1, 3)))


@row("shapes", "unsqueeze-squeeze",
     pytorch="x.unsqueeze(1); x.squeeze(1)",
     tensorflow="tf.expand_dims(x, 1); tf.squeeze(x, 1)",
     note="Add or remove an axis of size 1. Indexing with `None`, as in `x[:, None]`, works in both.",
     teach="notebooks/tensors-and-autograd.ipynb")
def _(check):
    X = randn(2, 3)
    check.same("shape after unsqueeze(1)", tuple(torch.tensor(X).unsqueeze(1).shape), tuple(tf.expand_dims(X, 1).shape))
    check.same("shape of x[:, None]", tuple(torch.tensor(X)[:, None].shape), tuple(tf.constant(X)[:, None].shape))
    X1 = randn(2, 1, 3)
    check.same("shape after squeeze(1)", tuple(torch.tensor(X1).squeeze(1).shape), tuple(tf.squeeze(X1, 1).shape))


@row("shapes", "cat-stack",
     pytorch="torch.cat([a, b], dim=1); torch.stack([a, b])",
     tensorflow="tf.concat([a, b], axis=1); tf.stack([a, b])",
     note="`cat` joins along an existing axis and `stack` along a new one, in both. PyTorch calls the axis "
          "`dim`, TensorFlow `axis`.",
     teach="notebooks/tensors-and-autograd.ipynb")
def _(check):
    A, B = randn(2, 3), randn(2, 3)
    check.same("concatenated", torch.cat([torch.tensor(A), torch.tensor(B)], dim=1), tf.concat([A, B], axis=1))
    check.same("stacked", torch.stack([torch.tensor(A), torch.tensor(B)]), tf.stack([A, B]))


@row("shapes", "index-with-list",
     pytorch="x[[0, 2]]",
     tensorflow="tf.gather(x, [0, 2])",
     note="In PyTorch, as in NumPy, a list in the brackets picks those rows. TensorFlow reads `x[[0, 2]]` "
          "as `x[0, 2]`, a single element, without an error: use `tf.gather`.",
     teach="notebooks/tensors-and-autograd.ipynb")
def _(check):
    X = randn(3, 4)
    check.differ("shape of x[[0, 2]]", tuple(torch.tensor(X)[[0, 2]].shape), tuple(tf.constant(X)[[0, 2]].shape))
    check.same("rows 0 and 2", torch.tensor(X)[[0, 2]], tf.gather(X, [0, 2]))


@row("shapes", "gather",
     pytorch="torch.gather(x, 1, idx)",
     tensorflow="tf.gather(x, idx, axis=1, batch_dims=1)",
     note="`torch.gather` picks one element per index along a dimension, like NumPy's `take_along_axis`. "
          "`tf.gather(x, idx, axis=1)` picks whole columns for every row instead; `batch_dims=1` gives "
          "PyTorch's meaning.",
     teach="notebooks/tensors-and-autograd.ipynb")
def _(check):
    X = randn(3, 4)
    idx = np.array([[0, 3], [1, 1], [2, 0]])
    gathered = torch.gather(torch.tensor(X), 1, torch.tensor(idx))
    check.differ("shape, without batch_dims", tuple(gathered.shape), tuple(tf.gather(X, idx, axis=1).shape))
    check.same("values, with batch_dims=1", gathered, tf.gather(X, idx, axis=1, batch_dims=1))


@row("shapes", "reduce-keepdims",
     pytorch="x.sum(dim=1, keepdim=True)",
     tensorflow="tf.reduce_sum(x, axis=1, keepdims=True)",
     note="Reductions (`sum`, `mean`, `max`, ...) are methods in PyTorch and `tf.reduce_*` functions in "
          "TensorFlow; `keepdim` in one is `keepdims` in the other.",
     teach="notebooks/tensors-and-autograd.ipynb")
def _(check):
    X = randn(3, 4)
    summed = torch.tensor(X).sum(dim=1, keepdim=True)
    check.same("values", summed, tf.reduce_sum(X, axis=1, keepdims=True), atol=1e-6, why=F32)
    check.same("mean", torch.tensor(X).mean(dim=0), tf.reduce_mean(X, axis=0), atol=1e-6, why=F32)


@row("shapes", "std-correction",
     pytorch="x.std()",
     tensorflow="tf.math.reduce_std(x)",
     note="`torch.std` divides by n - 1 by default (Bessel's correction); TensorFlow "
          "divides by n. Pass `correction=0` in PyTorch to get TensorFlow's number.",
     teach="notebooks/tensors-and-autograd.ipynb")
def _(check):
    X = np.array([1.0, 2.0, 3.0, 4.0], np.float32)
    check.differ("std of [1, 2, 3, 4]", round(float(torch.tensor(X).std()), 4), round(float(tf.math.reduce_std(X)), 4))
    check.same("std with correction=0", torch.tensor(X).std(correction=0), tf.math.reduce_std(X), atol=1e-6, why=F32)


@row("shapes", "where",
     pytorch="torch.where(cond, a, b); torch.nonzero(cond)",
     tensorflow="tf.where(cond, a, b); tf.where(cond)",
     note="With three arguments both pick elementwise. With only the condition, `torch.where` returns a "
          "tuple of index tensors, one per axis; `tf.where` returns one (count, rank) tensor, like "
          "`torch.nonzero`.",
     teach="notebooks/tensors-and-autograd.ipynb")
def _(check):
    A, B = randn(3, 4), randn(3, 4)
    cond = A > 0
    check.same("where(cond, a, b)", torch.where(torch.tensor(cond), torch.tensor(A), torch.tensor(B)),
               tf.where(cond, A, B))
    only_pt, only_tf = torch.where(torch.tensor(cond)), tf.where(cond)
    check.differ("where(cond) returns",
                 f"{type(only_pt).__name__} of {len(only_pt)} tensors of shape {tuple(only_pt[0].shape)}",
                 f"{type(only_tf).__name__.removeprefix('Eager')} of shape {tuple(only_tf.shape)}")
    check.same("coordinates, torch.nonzero / tf.where", torch.nonzero(torch.tensor(cond)), only_tf)


@row("shapes", "argmax-axis",
     pytorch="x.argmax(dim=1)",
     tensorflow="tf.argmax(x, axis=1)",
     note="With the axis given, both agree and return int64. Without it, PyTorch returns an index into the "
          "flattened tensor while TensorFlow works along axis 0.",
     teach="notebooks/first-model-twice.ipynb")
def _(check):
    X = np.array([[1.0, 5.0], [7.0, 2.0]], np.float32)
    check.same("with the axis", torch.tensor(X).argmax(dim=1), tf.argmax(X, axis=1))
    check.same("dtype", dtype_name(torch.tensor(X).argmax(dim=1)), dtype_name(tf.argmax(X, axis=1)))
    check.differ("without an axis", torch.tensor(X).argmax().tolist(), tf.argmax(X).numpy().tolist())


@row("shapes", "matmul-broadcast",
     pytorch="a @ b; torch.einsum('bij,jk->bik', a, b)",
     tensorflow="a @ b; tf.einsum('bij,jk->bik', a, b)",
     note="`@` broadcasts the batch axes the same way in both, and einsum strings carry over unchanged.",
     teach="notebooks/tensors-and-autograd.ipynb")
def _(check):
    A, B = randn(2, 3, 4), randn(4, 5)
    check.same("a @ b", torch.tensor(A) @ torch.tensor(B), tf.constant(A) @ tf.constant(B), atol=1e-6, why=F32)
    check.same("einsum", torch.einsum("bij,jk->bik", torch.tensor(A), torch.tensor(B)), tf.einsum("bij,jk->bik", A, B),
               atol=1e-6, why=F32)


# --- Layers and their weight layouts --------------------------------------------------------------

@row("layers", "linear-dense",
     pytorch="nn.Linear(in_features, out_features)",
     tensorflow="keras.layers.Dense(units)",
     note="The same map, `X @ W + b`, but PyTorch stores `weight` as (out, in) and Keras `kernel` as (in, out): "
          "transpose when copying. Keras infers the input size at the first call.",
     teach="notebooks/first-model-twice.ipynb")
def _(check):
    X = randn(5, 4)
    linear = nn.Linear(4, 3)
    dense = keras.layers.Dense(3)
    dense.build((None, 4))
    check.differ("weight shape", tuple(linear.weight.shape), tuple(dense.kernel.shape))
    dense.set_weights([linear.weight.detach().numpy().T, linear.bias.detach().numpy()])
    check.same("outputs, weights copied", linear(torch.tensor(X)), dense(X), atol=1e-6, why=F32)


@row("layers", "conv2d-layout",
     pytorch="nn.Conv2d(3, 4, 3, padding=1)",
     tensorflow="keras.layers.Conv2D(4, 3, padding=\"same\")",
     note="PyTorch images are NCHW with kernels (out, in, kh, kw); Keras images are NHWC with kernels "
          "(kh, kw, in, out). Copy with `weight.permute(2, 3, 1, 0)` and move the channel axis of the data.",
     teach="notebooks/cnns-and-input-pipelines.ipynb")
def _(check):
    X = randn(2, 3, 5, 5)  # NCHW
    conv_pt = nn.Conv2d(3, 4, 3, padding=1)
    conv_tf = keras.layers.Conv2D(4, 3, padding="same")
    conv_tf.build((None, 5, 5, 3))
    check.differ("kernel shape", tuple(conv_pt.weight.shape), tuple(conv_tf.kernel.shape))
    conv_tf.set_weights([conv_pt.weight.detach().permute(2, 3, 1, 0).numpy(), conv_pt.bias.detach().numpy()])
    out_pt, out_tf = conv_pt(torch.tensor(X)), conv_tf(X.transpose(0, 2, 3, 1))
    check.differ("output shape", tuple(out_pt.shape), tuple(out_tf.shape))
    check.same("outputs, weights copied", out_pt.permute(0, 2, 3, 1), out_tf, atol=1e-6, why=F32)


@row("layers", "padding-same-stride-2",
     pytorch="nn.Conv2d(1, 1, 3, stride=2, padding=1)",
     tensorflow="keras.layers.Conv2D(1, 3, strides=2, padding=\"same\")",
     note="At stride 1, `padding=1` and `\"same\"` agree for a 3 by 3 kernel. At stride 2 on an even size the "
          "output shapes still match, but TensorFlow pads only the bottom and right, so the values differ: "
          "pad by hand with `F.pad(x, (0, 1, 0, 1))` to match.",
     teach="notebooks/cnns-and-input-pipelines.ipynb")
def _(check):
    X = randn(1, 1, 6, 6)
    X_tf = X.transpose(0, 2, 3, 1)
    conv_pt = nn.Conv2d(1, 1, 3, stride=2, padding=1, bias=False)
    conv_tf = keras.layers.Conv2D(1, 3, strides=2, padding="same", use_bias=False)
    conv_tf.build((None, 6, 6, 1))
    conv_tf.set_weights([conv_pt.weight.detach().permute(2, 3, 1, 0).numpy()])
    out_pt, out_tf = conv_pt(torch.tensor(X)).detach().permute(0, 2, 3, 1), conv_tf(X_tf)
    check.same("output shape", tuple(out_pt.shape), tuple(out_tf.shape))
    check.differ("first output value", round(float(out_pt[0, 0, 0, 0]), 4), round(float(out_tf[0, 0, 0, 0]), 4))
    padded = F.conv2d(F.pad(torch.tensor(X), (0, 1, 0, 1)), conv_pt.weight, stride=2).permute(0, 2, 3, 1)
    check.same("outputs, PyTorch padded (0, 1, 0, 1) by hand", padded, out_tf, atol=1e-6, why=F32)
    conv_pt.stride, conv_tf.strides = (1, 1), (1, 1)
    check.same("outputs at stride 1", conv_pt(torch.tensor(X)).permute(0, 2, 3, 1), conv_tf(X_tf), atol=1e-6, why=F32)


@row("layers", "maxpool",
     pytorch="nn.MaxPool2d(2)",
     tensorflow="keras.layers.MaxPooling2D(2)",
     note="The stride defaults to the window size in both, and both drop a leftover row or column. Only the "
          "layout differs: NCHW in, NCHW out in PyTorch; NHWC in Keras.",
     teach="notebooks/cnns-and-input-pipelines.ipynb")
def _(check):
    X = randn(1, 2, 5, 5)
    out_pt = nn.MaxPool2d(2)(torch.tensor(X))
    out_tf = keras.layers.MaxPooling2D(2)(X.transpose(0, 2, 3, 1))
    check.same("outputs", out_pt.permute(0, 2, 3, 1), out_tf)


@row("layers", "flatten-order",
     pytorch="nn.Flatten()",
     tensorflow="keras.layers.Flatten()",
     note="Flattening a channels-first map lists one channel after another; flattening a channels-last map "
          "interleaves the channels. A Linear layer after a conv needs its input columns reordered when "
          "its weights are copied to Keras.",
     teach="notebooks/cnns-and-input-pipelines.ipynb")
def _(check):
    c, h, w = np.meshgrid(range(2), range(2), range(2), indexing="ij")
    X = (100 * c + 10 * h + w)[None].astype(np.float32)  # one NCHW map; each value names its place
    flat_pt = nn.Flatten()(torch.tensor(X))
    flat_tf = keras.layers.Flatten()(X.transpose(0, 2, 3, 1))
    check.differ("order, value = 100 c + 10 h + w", flat_pt[0].int().tolist(), flat_tf[0].numpy().astype(int).tolist())
    check.same("same order after moving channels last first", nn.Flatten()(torch.tensor(X).permute(0, 2, 3, 1)),
               flat_tf)


@row("layers", "embedding",
     pytorch="nn.Embedding(num_embeddings, embedding_dim)",
     tensorflow="keras.layers.Embedding(input_dim, output_dim)",
     note="The same lookup table of shape (vocabulary size, vector size), copied as it is.",
     teach="notebooks/text-as-numbers.ipynb")
def _(check):
    ids = np.array([[1, 7, 3], [0, 9, 9]])
    embedding_pt = nn.Embedding(10, 4)
    embedding_tf = keras.layers.Embedding(10, 4)
    embedding_tf.build((None, 3))
    check.same("table shape", tuple(embedding_pt.weight.shape), tuple(embedding_tf.embeddings.shape))
    embedding_tf.set_weights([embedding_pt.weight.detach().numpy()])
    check.same("vectors, table copied", embedding_pt(torch.tensor(ids)), embedding_tf(ids))


@row("layers", "embedding-padding",
     pytorch="nn.Embedding(10, 4, padding_idx=0)",
     tensorflow="keras.layers.Embedding(10, 4, mask_zero=True)",
     note="Both reserve index 0 for padding, in different ways. PyTorch sets row 0 to zeros and never "
          "updates it; Keras keeps an ordinary row 0 and passes a mask of the non-padding steps to the "
          "layers after it.",
     teach="notebooks/text-as-numbers.ipynb")
def _(check):
    ids = np.array([[3, 5, 0, 0]])
    embedding_pt = nn.Embedding(10, 4, padding_idx=0)
    embedding_tf = keras.layers.Embedding(10, 4, mask_zero=True)
    embedding_tf.build((None, 4))
    check.differ("vector of index 0 is zeros", bool((embedding_pt(torch.tensor(ids))[0, 2] == 0).all()),
                 bool(np.all(embedding_tf(ids)[0, 2].numpy() == 0)))
    assert embedding_tf.compute_mask(ids).numpy().tolist() == [[True, True, False, False]]
    embedding_pt(torch.tensor(ids)).sum().backward()
    with tf.GradientTape() as tape:
        total = tf.reduce_sum(embedding_tf(ids))
    gradient_tf = tf.convert_to_tensor(tape.gradient(total, embedding_tf.embeddings))
    check.differ("row 0 gets a gradient", bool((embedding_pt.weight.grad[0] != 0).any()),
                 bool(np.any(gradient_tf[0].numpy() != 0)))


@row("layers", "lstm",
     pytorch="nn.LSTM(4, 3, batch_first=True)",
     tensorflow="keras.layers.LSTM(3, return_sequences=True)",
     note="Same gate order (input, forget, cell, output), but PyTorch keeps two bias vectors and Keras one: "
          "copy `weight_ih.T`, `weight_hh.T` and `bias_ih + bias_hh`. PyTorch expects (time, batch, features) "
          "unless `batch_first=True`; Keras returns only the last output unless `return_sequences=True`.",
     teach="notebooks/recurrent-networks.ipynb")
def _(check):
    X = randn(2, 5, 4)
    lstm_pt = nn.LSTM(4, 3, batch_first=True)
    lstm_tf = keras.layers.LSTM(3, return_sequences=True)
    lstm_tf.build((None, 5, 4))
    biases_pt = [name for name, _ in lstm_pt.named_parameters() if "bias" in name]
    biases_tf = [w.path for w in lstm_tf.weights if w.path.endswith("bias")]
    check.differ("bias vectors", len(biases_pt), len(biases_tf))
    p = {name: value.detach().numpy() for name, value in lstm_pt.named_parameters()}
    lstm_tf.set_weights([p["weight_ih_l0"].T, p["weight_hh_l0"].T, p["bias_ih_l0"] + p["bias_hh_l0"]])
    check.same("outputs, weights copied", lstm_pt(torch.tensor(X))[0], lstm_tf(X), atol=1e-6, why=F32_FN)
    assert not nn.LSTM(4, 3).batch_first
    check.differ("output shape, default arguments", tuple(nn.LSTM(4, 3, batch_first=True)(torch.tensor(X))[0].shape),
                 tuple(keras.layers.LSTM(3)(X).shape))


@row("layers", "gru",
     pytorch="nn.GRU(4, 3, batch_first=True)",
     tensorflow="keras.layers.GRU(3, return_sequences=True)",
     note="The gates are stored in a different order: PyTorch reset, update, new; Keras update, reset, new. "
          "Keras's default `reset_after=True` is PyTorch's formula, with both bias vectors kept as one "
          "(2, 3 units) array.",
     teach="notebooks/recurrent-networks.ipynb")
def _(check):
    X = randn(2, 5, 4)
    gru_pt = nn.GRU(4, 3, batch_first=True)
    gru_tf = keras.layers.GRU(3, return_sequences=True)
    gru_tf.build((None, 5, 4))
    p = {name: value.detach().numpy() for name, value in gru_pt.named_parameters()}
    check.differ("bias shapes", f"{p['bias_ih_l0'].shape} and {p['bias_hh_l0'].shape}",
                 str(tuple(gru_tf.cell.bias.shape)))

    def z_r_n(w):  # PyTorch's (r, z, n) blocks in Keras's order (z, r, n)
        r, z, n = np.split(w, 3)
        return np.concatenate([z, r, n])

    gru_tf.set_weights([z_r_n(p["weight_ih_l0"]).T, z_r_n(p["weight_hh_l0"]).T,
                        np.stack([z_r_n(p["bias_ih_l0"]), z_r_n(p["bias_hh_l0"])])])
    check.same("outputs, gates reordered", gru_pt(torch.tensor(X))[0], gru_tf(X), atol=1e-6, why=F32_FN)


@row("layers", "layernorm-epsilon",
     pytorch="nn.LayerNorm(n, eps=1e-5)",
     tensorflow="keras.layers.LayerNormalization(epsilon=1e-3)",
     note="Both normalise over the last axis and start with scale 1 and offset 0, but the default epsilon "
          "added to the variance differs. Pass `epsilon=1e-5` in Keras to match.",
     teach="notebooks/attention-and-transformers.ipynb")
def _(check):
    X = 0.1 * randn(4, 6)  # a small variance, where epsilon matters
    norm_pt, norm_tf = nn.LayerNorm(6), keras.layers.LayerNormalization()
    check.differ("default epsilon", norm_pt.eps, norm_tf.epsilon)
    check.same("outputs, epsilon matched", norm_pt(torch.tensor(X)),
               keras.layers.LayerNormalization(epsilon=norm_pt.eps)(X), atol=1e-6, why=F32)


@row("layers", "batchnorm-epsilon",
     pytorch="nn.BatchNorm1d(n, eps=1e-5)",
     tensorflow="keras.layers.BatchNormalization(epsilon=1e-3)",
     note="PyTorch's `weight`, `bias`, `running_mean`, `running_var` are Keras's `gamma`, `beta`, "
          "`moving_mean`, `moving_variance`, in that order. The default epsilon differs: pass `epsilon=1e-5`.",
     teach="notebooks/overfitting-and-regularisation.ipynb")
def _(check):
    X = randn(8, 3)
    bn_pt = nn.BatchNorm1d(3)
    with torch.no_grad():
        for p in (bn_pt.weight, bn_pt.bias, bn_pt.running_mean):
            p.copy_(torch.tensor(randn(3)))
        bn_pt.running_var.copy_(torch.tensor(0.01 + randn(3) ** 2))
    check.differ("default epsilon", bn_pt.eps, keras.layers.BatchNormalization().epsilon)
    bn_tf = keras.layers.BatchNormalization(epsilon=bn_pt.eps)
    bn_tf.build((None, 3))
    bn_tf.set_weights([bn_pt.weight.detach().numpy(), bn_pt.bias.detach().numpy(),
                       bn_pt.running_mean.numpy(), bn_pt.running_var.numpy()])
    check.same("outputs in inference mode, weights copied", bn_pt.eval()(torch.tensor(X)), bn_tf(X, training=False),
               atol=1e-6, why=F32)


@row("layers", "dropout-rate",
     pytorch="nn.Dropout(p=0.25)",
     tensorflow="keras.layers.Dropout(rate=0.25)",
     note="`p` and `rate` both name the share of units dropped, and both scale the units they keep by "
          "1 / (1 - p) during training, so nothing changes at inference.",
     teach="notebooks/overfitting-and-regularisation.ipynb")
def _(check):
    X = np.ones(10_000, np.float32)
    out_pt = nn.Dropout(p=0.25).train()(torch.tensor(X)).numpy()
    out_tf = keras.layers.Dropout(rate=0.25)(X, training=True).numpy()
    check.same("share dropped", float(np.mean(out_pt == 0)), float(np.mean(out_tf == 0)), atol=0.025,
               why="sampling error of 10,000 draws each: 4 standard errors of the difference")
    check.same("value of a kept 1", float(out_pt.max()), float(out_tf.max()), atol=1e-6,
               why="float32 rounding of 1 / 0.75")


@row("layers", "multihead-attention-mask",
     pytorch="nn.MultiheadAttention(4, 2, batch_first=True)(q, k, v, attn_mask=~allowed)",
     tensorflow="keras.layers.MultiHeadAttention(2, key_dim=2)(q, v, attention_mask=allowed)",
     note="In a boolean mask, `True` blocks a position in `nn.MultiheadAttention` (also in `key_padding_mask`) "
          "but allows it in Keras: invert the mask when translating. PyTorch packs the three input "
          "projections in one `in_proj_weight`; Keras keeps a kernel per projection, split by head.",
     teach="notebooks/attention-and-transformers.ipynb")
def _(check):
    X = randn(1, 3, 4)
    mha_pt = nn.MultiheadAttention(4, 2, batch_first=True)
    mha_tf = keras.layers.MultiHeadAttention(num_heads=2, key_dim=2)
    mha_tf(X, X)  # builds the weights
    w_in, b_in = mha_pt.in_proj_weight.detach().numpy(), mha_pt.in_proj_bias.detach().numpy()
    weights = []
    for i in range(3):  # query, key, value: (embedding, heads, head size) kernels
        weights += [w_in[4 * i:4 * i + 4].T.reshape(4, 2, 2), b_in[4 * i:4 * i + 4].reshape(2, 2)]
    weights += [mha_pt.out_proj.weight.detach().numpy().T.reshape(2, 2, 4), mha_pt.out_proj.bias.detach().numpy()]
    mha_tf.set_weights(weights)
    mask = np.zeros((3, 3), bool)
    mask[:, 1] = True  # True for key 1 only
    with torch.no_grad():
        _, weights_pt = mha_pt(torch.tensor(X), torch.tensor(X), torch.tensor(X), attn_mask=torch.tensor(mask))
    _, scores_tf = mha_tf(X, X, attention_mask=mask[None], return_attention_scores=True)
    check.differ("weight on the key marked True", round(float(weights_pt[0, 0, 1]), 4),
                 round(float(scores_tf[0, 0, 0, 1]), 4))
    with torch.no_grad():
        _, weights_padding = mha_pt(torch.tensor(X), torch.tensor(X), torch.tensor(X),
                                    key_padding_mask=torch.tensor(mask[:1]))
    assert float(weights_padding[0, 0, 1]) == 0  # True blocks in key_padding_mask too
    out_pt, _ = mha_pt(torch.tensor(X), torch.tensor(X), torch.tensor(X), attn_mask=torch.tensor(~mask))
    check.same("outputs, weights copied, mask inverted", out_pt, mha_tf(X, X, attention_mask=mask[None]),
               atol=1e-6, why=F32_FN)


# --- Activations and losses -----------------------------------------------------------------------

@row("activations-losses", "relu-sigmoid-tanh",
     pytorch="torch.relu(x); torch.sigmoid(x); torch.tanh(x)",
     tensorflow="tf.nn.relu(x); tf.sigmoid(x); tf.tanh(x)",
     note="The same functions; as layers they are `nn.ReLU()` and `keras.layers.ReLU()`, or "
          "`activation=\"relu\"` on a Keras layer.",
     teach="notebooks/first-model-twice.ipynb")
def _(check):
    X = 3 * randn(20)
    check.same("relu", torch.relu(torch.tensor(X)), tf.nn.relu(X))
    check.same("sigmoid", torch.sigmoid(torch.tensor(X)), tf.sigmoid(X), atol=1e-6, why=F32_FN)
    check.same("tanh", torch.tanh(torch.tensor(X)), tf.tanh(X), atol=1e-6, why=F32_FN)


@row("activations-losses", "softmax-axis",
     pytorch="torch.softmax(x, dim=-1)",
     tensorflow="tf.nn.softmax(x, axis=-1)",
     note="`torch.softmax` needs `dim`; TensorFlow and Keras default to the last axis.",
     teach="notebooks/first-model-twice.ipynb")
def _(check):
    X = randn(3, 4)
    assert outcome(lambda: torch.softmax(torch.tensor(X))) == "TypeError"  # no dim
    check.same("along the last axis", torch.softmax(torch.tensor(X), dim=-1), tf.nn.softmax(X), atol=1e-6, why=F32_FN)
    check.same("along axis 0", torch.softmax(torch.tensor(X), dim=0), tf.nn.softmax(X, axis=0), atol=1e-6, why=F32_FN)


@row("activations-losses", "gelu",
     pytorch="nn.GELU(); nn.GELU(approximate=\"tanh\")",
     tensorflow="keras.activations.gelu(x); keras.activations.gelu(x, approximate=True)",
     note="Both default to the exact GELU, with the error function. The tanh approximation is "
          "`approximate=\"tanh\"` in PyTorch and `approximate=True` in Keras.",
     teach="notebooks/attention-and-transformers.ipynb")
def _(check):
    X = 3 * randn(20)
    check.same("default", nn.GELU()(torch.tensor(X)), keras.activations.gelu(X), atol=1e-6, why=F32_FN)
    check.same("tanh approximation", nn.GELU(approximate="tanh")(torch.tensor(X)),
               keras.activations.gelu(X, approximate=True), atol=1e-6, why=F32_FN)


@row("activations-losses", "leaky-relu-slope",
     pytorch="nn.LeakyReLU(negative_slope=0.01)",
     tensorflow="keras.layers.LeakyReLU(negative_slope=0.3)",
     note="The default slope for negative inputs differs, and in Keras it differs again between the layer "
          "(0.3) and the function `keras.activations.leaky_relu` (0.2). Always pass the slope.",
     teach="notebooks/training-dynamics.ipynb")
def _(check):
    X = randn(20)
    layer_pt, layer_tf = nn.LeakyReLU(), keras.layers.LeakyReLU()
    check.differ("default slope, layer", layer_pt.negative_slope, layer_tf.negative_slope)
    check.differ("default slope, function", inspect.signature(F.leaky_relu).parameters["negative_slope"].default,
                 inspect.signature(keras.activations.leaky_relu).parameters["negative_slope"].default)
    check.same("outputs, slope matched", layer_pt(torch.tensor(X)), keras.layers.LeakyReLU(negative_slope=0.01)(X),
               atol=1e-7, why="float32 rounding of one product")


@row("activations-losses", "cross-entropy",
     pytorch="nn.CrossEntropyLoss()(logits, y)",
     tensorflow="keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, logits)",
     note="PyTorch's loss always takes logits; Keras assumes probabilities unless `from_logits=True`, and "
          "gives a wrong number, not an error, on logits. The arguments come in the opposite order: "
          "prediction first in PyTorch, target first in Keras.",
     teach="notebooks/first-model-twice.ipynb")
def _(check):
    logits, y = randn(4, 3), np.array([0, 2, 1, 2])
    loss_pt = nn.CrossEntropyLoss()(torch.tensor(logits), torch.tensor(y))
    loss_tf = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, logits)
    check.same("loss, from_logits=True", loss_pt, loss_tf, atol=1e-6, why=F32_FN)
    check.differ("loss on logits, default arguments", round(float(loss_pt), 4),
                 round(float(keras.losses.SparseCategoricalCrossentropy()(y, logits)), 4))
    check.differ("first argument", first_argument(nn.CrossEntropyLoss.forward),
                 first_argument(keras.losses.Loss.__call__))


@row("activations-losses", "binary-cross-entropy",
     pytorch="nn.BCEWithLogitsLoss()(logits, y)",
     tensorflow="keras.losses.BinaryCrossentropy(from_logits=True)(y, logits)",
     note="On logits. On probabilities (after a sigmoid) it is `nn.BCELoss()` against Keras's default "
          "`BinaryCrossentropy()`, but a sigmoid of a large logit rounds to 1 and each library then caps the "
          "loss its own way; the logits versions stay exact.",
     teach="notebooks/first-model-twice.ipynb")
def _(check):
    logits, y = 3 * randn(6, 1), (rng.random((6, 1)) > 0.5).astype(np.float32)
    check.same("loss on logits", nn.BCEWithLogitsLoss()(torch.tensor(logits), torch.tensor(y)),
               keras.losses.BinaryCrossentropy(from_logits=True)(y, logits), atol=1e-6, why=F32_FN)
    probabilities = 1 / (1 + np.exp(-logits))
    check.same("loss on probabilities", nn.BCELoss()(torch.tensor(probabilities), torch.tensor(y)),
               keras.losses.BinaryCrossentropy()(y, probabilities), atol=1e-6, why=F32_FN)
    logit, target = np.array([[30.0]], np.float32), np.array([[0.0]], np.float32)
    check.same("loss on a logit of 30, target 0", nn.BCEWithLogitsLoss()(torch.tensor(logit), torch.tensor(target)),
               keras.losses.BinaryCrossentropy(from_logits=True)(target, logit), atol=1e-5,
               why="float32 rounding of a loss of 30, whose steps are 2e-6")
    probability = 1 / (1 + np.exp(-logit))  # rounds to 1.0 in float32
    loss_pt = nn.BCELoss()(torch.tensor(probability), torch.tensor(target))
    check.differ("loss on its probability", round(float(loss_pt), 2),
                 round(float(keras.losses.BinaryCrossentropy()(target, probability)), 2))


@row("activations-losses", "mse",
     pytorch="nn.MSELoss()(y_pred, y)",
     tensorflow="keras.losses.MeanSquaredError()(y, y_pred)",
     note="Both average the squared errors over every element. The same opposite argument order as for the "
          "other losses; it only matters for losses that are not symmetric.",
     teach="notebooks/training-loop-by-hand.ipynb")
def _(check):
    y_pred, y = randn(5, 3), randn(5, 3)
    check.same("loss", nn.MSELoss()(torch.tensor(y_pred), torch.tensor(y)), keras.losses.MeanSquaredError()(y, y_pred),
               atol=1e-6, why=F32)


@row("activations-losses", "huber",
     pytorch="nn.HuberLoss(delta=1.0)",
     tensorflow="keras.losses.Huber(delta=1.0)",
     note="The same loss with the same default delta. `nn.SmoothL1Loss()` gives the same number at its "
          "default beta of 1.",
     teach="notebooks/training-loop-by-hand.ipynb")
def _(check):
    y_pred, y = 2 * randn(5, 3), randn(5, 3)
    check.same("default delta", nn.HuberLoss().delta, inspect.signature(keras.losses.Huber).parameters["delta"].default)
    loss_tf = keras.losses.Huber()(y, y_pred)
    check.same("loss", nn.HuberLoss()(torch.tensor(y_pred), torch.tensor(y)), loss_tf, atol=1e-6, why=F32)
    check.same("nn.SmoothL1Loss() / Huber()", nn.SmoothL1Loss()(torch.tensor(y_pred), torch.tensor(y)), loss_tf,
               atol=1e-6, why=F32)


@row("activations-losses", "kl-divergence",
     pytorch="nn.KLDivLoss(reduction=\"batchmean\")(log_q, p)",
     tensorflow="keras.losses.KLDivergence()(p, q)",
     note="PyTorch wants the prediction as log-probabilities, Keras as probabilities. PyTorch's default "
          "reduction also divides by the number of classes; `reduction=\"batchmean\"` gives the true "
          "divergence, as Keras does.",
     teach="notebooks/custom-components.ipynb")
def _(check):
    p, q = tf.nn.softmax(randn(4, 5)).numpy(), tf.nn.softmax(randn(4, 5)).numpy()
    loss_tf = keras.losses.KLDivergence()(p, q)
    loss_pt = nn.KLDivLoss(reduction="batchmean")(torch.tensor(np.log(q)), torch.tensor(p))
    check.same("loss, batchmean", loss_pt, loss_tf, atol=1e-6, why=F32_FN)
    with warnings.catch_warnings():  # PyTorch warns that its default reduction is not the divergence
        warnings.simplefilter("ignore")
        loss_default = nn.KLDivLoss()(torch.tensor(np.log(q)), torch.tensor(p))
    check.differ("loss, default reduction", round(float(loss_default), 4), round(float(loss_tf), 4))
    assert abs(float(loss_default) * q.shape[1] - float(loss_pt)) < 1e-6  # divided by the 5 classes too


@row("activations-losses", "label-smoothing",
     pytorch="nn.CrossEntropyLoss(label_smoothing=0.1)(logits, y)",
     tensorflow="keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)(one_hot(y), logits)",
     note="The same smoothing: the target becomes `(1 - s)` on the true class plus `s / classes` on every "
          "class. Keras's sparse loss has no `label_smoothing`, so give it one-hot targets.",
     teach="notebooks/overfitting-and-regularisation.ipynb")
def _(check):
    logits, y = randn(4, 3), np.array([0, 2, 1, 2])
    loss_pt = nn.CrossEntropyLoss(label_smoothing=0.1)(torch.tensor(logits), torch.tensor(y))
    loss_tf = keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)(np.eye(3)[y], logits)
    check.same("loss", loss_pt, loss_tf, atol=1e-6, why=F32_FN)
    check.differ("smoothing with integer targets",
                 "label_smoothing" in inspect.signature(nn.CrossEntropyLoss).parameters,
                 "label_smoothing" in inspect.signature(keras.losses.SparseCategoricalCrossentropy).parameters)


# --- Optimisers and their defaults ----------------------------------------------------------------

@row("optimizers", "adam-epsilon",
     pytorch="torch.optim.Adam(params, lr=1e-3)",
     tensorflow="keras.optimizers.Adam(learning_rate=1e-3)",
     note="Same default learning rate and betas, but a different default epsilon, the small number added to "
          "the denominator of each step: pass `eps=1e-7` in PyTorch to match closely. Keras adds epsilon before "
          "the bias correction, not after, so steps still differ where gradients are as small as epsilon.",
     teach="notebooks/training-dynamics.ipynb")
def _(check):
    optimizer_pt = torch.optim.Adam([nn.Parameter(torch.zeros(1))])
    optimizer_tf = keras.optimizers.Adam()
    defaults = optimizer_pt.defaults
    check.same("learning rate", defaults["lr"], float(optimizer_tf.learning_rate.numpy()), atol=1e-9,
               why="float32 storage of 1e-3 in Keras")
    check.same("betas", defaults["betas"], (optimizer_tf.beta_1, optimizer_tf.beta_2))
    check.differ("epsilon", defaults["eps"], optimizer_tf.epsilon)
    W0 = randn(3)
    check.same("weights after 3 steps, epsilon matched", descend_pt(lambda p: torch.optim.Adam(p, eps=1e-7), W0),
               descend_tf(keras.optimizers.Adam(), W0), atol=1e-6, why=F32_STEPS)
    W0, tiny = np.zeros(1, np.float32), 1e-6  # a gradient of 1e-6
    step_pt = -descend_pt(lambda p: torch.optim.Adam(p, eps=1e-7), W0, lambda w: tiny * w.sum(), steps=1)
    step_tf = -descend_tf(keras.optimizers.Adam(), W0, lambda w: tiny * tf.reduce_sum(w), steps=1)
    check.differ("first step / lr, gradient 1e-6, epsilon matched", round(float(step_pt[0]) / 1e-3, 3),
                 round(float(step_tf[0]) / 1e-3, 3))


@row("optimizers", "sgd-learning-rate",
     pytorch="torch.optim.SGD(params, lr=0.01)",
     tensorflow="keras.optimizers.SGD(learning_rate=0.01)",
     note="The default learning rate differs, so always pass it. With it matched, a plain step is the same "
          "`w - lr * gradient` in both.",
     teach="notebooks/training-loop-by-hand.ipynb")
def _(check):
    check.differ("default learning rate", torch.optim.SGD([nn.Parameter(torch.zeros(1))]).defaults["lr"],
                 float(keras.optimizers.SGD().learning_rate.numpy()))
    W0 = randn(3)
    check.same("weights after 3 steps, lr=0.1", descend_pt(lambda p: torch.optim.SGD(p, lr=0.1), W0),
               descend_tf(keras.optimizers.SGD(learning_rate=0.1), W0), atol=1e-6, why=F32_STEPS)


@row("optimizers", "sgd-momentum",
     pytorch="torch.optim.SGD(params, lr=0.1, momentum=0.9)",
     tensorflow="keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)",
     note="Written differently (PyTorch keeps a running sum of gradients, Keras of steps), the two rules take "
          "the same steps at a constant learning rate.",
     teach="notebooks/training-dynamics.ipynb")
def _(check):
    W0 = randn(3)
    check.same("weights after 3 steps", descend_pt(lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9), W0),
               descend_tf(keras.optimizers.SGD(learning_rate=0.1, momentum=0.9), W0), atol=1e-6, why=F32_STEPS)
    check.same("with nesterov=True", descend_pt(lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True), W0),
               descend_tf(keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True), W0),
               atol=1e-6, why=F32_STEPS)


@row("optimizers", "adamw-weight-decay",
     pytorch="torch.optim.AdamW(params, weight_decay=0.01)",
     tensorflow="keras.optimizers.AdamW(weight_decay=0.004)",
     note="Both decay the weights apart from the gradient (decoupled weight decay), but the default decay "
          "differs, as does epsilon. Pass both to match.",
     teach="notebooks/overfitting-and-regularisation.ipynb")
def _(check):
    check.differ("default weight decay", torch.optim.AdamW([nn.Parameter(torch.zeros(1))]).defaults["weight_decay"],
                 keras.optimizers.AdamW().weight_decay)
    W0 = randn(3)
    check.same("weights after 3 steps, decay and epsilon matched",
               descend_pt(lambda p: torch.optim.AdamW(p, lr=0.1, weight_decay=0.1, eps=1e-7), W0),
               descend_tf(keras.optimizers.AdamW(learning_rate=0.1, weight_decay=0.1), W0), atol=5e-6,
               why="Keras computes 1 - 0.999 ** t in float32, where 0.999 is inexact: about 1e-5 of each 0.1 step")


@row("optimizers", "rmsprop",
     pytorch="torch.optim.RMSprop(params, lr=0.01, alpha=0.99, eps=1e-8)",
     tensorflow="keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-7)",
     note="PyTorch's `alpha` is Keras's `rho`, and the defaults of all three differ. Keras also adds epsilon "
          "inside the square root, PyTorch outside: the same steps for a tiny epsilon, different ones for a "
          "large one.",
     teach="notebooks/training-dynamics.ipynb")
def _(check):
    defaults, optimizer_tf = torch.optim.RMSprop([nn.Parameter(torch.zeros(1))]).defaults, keras.optimizers.RMSprop()
    check.differ("default learning rate", defaults["lr"], float(optimizer_tf.learning_rate.numpy()))
    check.differ("default alpha / rho", defaults["alpha"], optimizer_tf.rho)
    check.differ("default epsilon", defaults["eps"], optimizer_tf.epsilon)
    W0 = randn(3)
    check.same("weights after 3 steps, all matched",
               descend_pt(lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-7), W0),
               descend_tf(keras.optimizers.RMSprop(learning_rate=0.01, rho=0.9, epsilon=1e-7), W0),
               atol=1e-6, why=F32_STEPS)
    check.differ("first weight after 3 steps, epsilon=1",
                 round(float(descend_pt(lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1.0), W0)[0]), 4),
                 round(float(descend_tf(keras.optimizers.RMSprop(learning_rate=0.01, rho=0.9, epsilon=1.0), W0)[0]), 4))


@row("optimizers", "weight-decay-l2",
     pytorch="torch.optim.SGD(params, lr=0.1, weight_decay=wd)",
     tensorflow="keras.layers.Dense(..., kernel_regularizer=keras.regularizers.L2(wd / 2))",
     note="PyTorch's `weight_decay` adds `wd * w` to the gradient; Keras's `L2(l2)` adds `l2 * w ** 2` to the "
          "loss, whose gradient is `2 * l2 * w`. So `L2(wd / 2)` matches, for SGD and also for Adam, whose "
          "`weight_decay` in PyTorch is this L2 form (AdamW's is not).",
     teach="notebooks/overfitting-and-regularisation.ipynb")
def _(check):
    W0, wd = np.array([1.0], np.float32), 0.1

    def step_tf(l2):
        def loss(w):
            return keras.regularizers.L2(l2)(w)
        return descend_tf(keras.optimizers.SGD(learning_rate=0.1), W0, loss, steps=1)

    w_pt = descend_pt(lambda p: torch.optim.SGD(p, lr=0.1, weight_decay=wd), W0, lambda w: 0 * w.sum(), steps=1)
    check.differ("weight after one step, L2(wd)", float(w_pt[0]), round(float(step_tf(wd)[0]), 6))
    check.same("weight after one step, L2(wd / 2)", w_pt, step_tf(wd / 2), atol=1e-7,
               why="float32 rounding of one step")
    W0 = randn(3)
    adam_pt = descend_pt(lambda p: torch.optim.Adam(p, lr=0.01, eps=1e-7, weight_decay=wd), W0,
                         lambda w: ((w - 3) ** 2).sum())
    adam_tf = descend_tf(keras.optimizers.Adam(learning_rate=0.01), W0,
                         lambda w: tf.reduce_sum((w - 3) ** 2) + keras.regularizers.L2(wd / 2)(w))
    check.same("Adam, weights after 3 steps, L2(wd / 2)", adam_pt, adam_tf, atol=1e-6, why=F32_STEPS)


@row("optimizers", "gradient-clipping",
     pytorch="nn.utils.clip_grad_norm_(model.parameters(), 1.0)",
     tensorflow="keras.optimizers.SGD(global_clipnorm=1.0)",
     note="`clip_grad_norm_` scales all gradients together by their joint norm; that is Keras's "
          "`global_clipnorm`. Keras's `clipnorm` clips each weight tensor on its own.",
     teach="notebooks/training-dynamics.ipynb")
def _(check):
    G = [np.array([3.0, 4.0], np.float32), np.array([0.0, 12.0], np.float32)]  # norms 5 and 12, 13 together
    params = [nn.Parameter(torch.zeros(2)) for _ in G]
    for p, g in zip(params, G, strict=True):
        p.grad = torch.tensor(g)
    nn.utils.clip_grad_norm_(params, 1.0)
    torch.optim.SGD(params, lr=1.0).step()

    def step_tf(**clip):
        variables = [keras.Variable(np.zeros(2, np.float32)) for _ in G]
        gradients = [tf.constant(g) for g in G]
        keras.optimizers.SGD(learning_rate=1.0, **clip).apply_gradients(zip(gradients, variables, strict=True))
        return np.concatenate([v.numpy() for v in variables])

    step_pt = torch.cat([p.detach() for p in params])
    check.same("step, global_clipnorm=1", step_pt, step_tf(global_clipnorm=1.0), atol=1e-6,
               why="PyTorch adds 1e-6 to the norm before dividing")
    check.differ("norm of the step, clipnorm=1", round(float(step_pt.norm()), 3),
                 round(float(np.linalg.norm(step_tf(clipnorm=1.0))), 3))


@row("optimizers", "step-schedule",
     pytorch="torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)",
     tensorflow="keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=2, decay_rate=0.5, staircase=True)",
     note="The same staircase, counted differently: you call `scheduler.step()` in PyTorch (often once per "
          "epoch), while a Keras schedule reads the optimiser's count of batches.",
     teach="notebooks/training-dynamics.ipynb")
def _(check):
    optimizer = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.1)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
    lrs_pt = []
    for _ in range(6):
        lrs_pt.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=2, decay_rate=0.5, staircase=True)
    check.same("learning rates, steps 0 to 5", lrs_pt, [float(schedule(step)) for step in range(6)], atol=1e-8,
               why="float32 arithmetic in the Keras schedule")
    optimizer_tf = keras.optimizers.SGD(learning_rate=schedule)
    descend_tf(optimizer_tf, np.zeros(1, np.float32), steps=2)  # two batches
    assert float(optimizer_tf.learning_rate) == float(schedule(2))  # the schedule read the batch count


@row("optimizers", "zero-grad",
     pytorch="optimizer.zero_grad(); loss.backward()",
     tensorflow="with tf.GradientTape() as tape: ...; tape.gradient(loss, weights)",
     note="PyTorch adds each `backward()` to the `.grad` already there, so clear it every step; a "
          "`GradientTape` returns fresh gradients each time. (PyTorch's adding is handy for gradient "
          "accumulation.)",
     teach="notebooks/training-loop-by-hand.ipynb")
def _(check):
    w_pt, w_tf = torch.tensor(2.0, requires_grad=True), tf.Variable(2.0)

    def gradient_tf():
        with tf.GradientTape() as tape:
            loss = w_tf * w_tf
        return float(tape.gradient(loss, w_tf))

    for _ in range(2):
        (w_pt * w_pt).backward()
        g_tf = gradient_tf()
    check.differ("gradient of w * w after two passes", float(w_pt.grad), g_tf)
    w_pt.grad = None  # what optimizer.zero_grad() does
    (w_pt * w_pt).backward()
    check.same("gradient after zero_grad", float(w_pt.grad), gradient_tf())


# --- Initialisers ---------------------------------------------------------------------------------

@row("initializers", "linear-default-init",
     pytorch="nn.Linear(256, 64)  # U(-1/sqrt(in), 1/sqrt(in))",
     tensorflow="keras.layers.Dense(64)  # glorot_uniform",
     note="PyTorch draws the weights of `nn.Linear` (and `nn.Conv2d`) from a uniform range of 1/sqrt(fan_in) "
          "either side; Keras uses Glorot uniform, sqrt(6 / (fan_in + fan_out)). Copy weights, or set "
          "`kernel_initializer`, when a comparison needs the same start.",
     teach="notebooks/training-dynamics.ipynb")
def _(check):
    linear = nn.Linear(256, 64)
    dense = keras.layers.Dense(64)
    dense.build((None, 256))
    check.differ("largest |weight|, 2 significant digits", float(f"{linear.weight.abs().max():.2g}"),
                 float(f"{np.abs(dense.kernel.numpy()).max():.2g}"))
    conv_pt, conv_tf = nn.Conv2d(16, 8, 3), keras.layers.Conv2D(8, 3)
    conv_tf.build((None, 5, 5, 16))
    check.differ("largest |weight|, Conv2d(16, 8, 3)", float(f"{conv_pt.weight.abs().max():.2g}"),
                 float(f"{np.abs(conv_tf.kernel.numpy()).max():.2g}"))


@row("initializers", "bias-init",
     pytorch="nn.Linear(4, 3).bias",
     tensorflow="keras.layers.Dense(3).bias",
     note="PyTorch starts biases from the same small uniform range as the weights; Keras starts them at "
          "zero. `nn.init.zeros_(layer.bias)` gives Keras's start.",
     teach="notebooks/training-dynamics.ipynb")
def _(check):
    dense = keras.layers.Dense(3)
    dense.build((None, 4))
    check.differ("bias all zeros at the start", bool((nn.Linear(4, 3).bias == 0).all()),
                 bool(np.all(dense.bias.numpy() == 0)))
    bias_pt = nn.init.zeros_(nn.Linear(4, 3).bias)
    check.same("after nn.init.zeros_", bias_pt, dense.bias)


@row("initializers", "xavier-glorot",
     pytorch="nn.init.xavier_uniform_(w)",
     tensorflow="keras.initializers.GlorotUniform()",
     note="The same Glorot (Xavier) uniform range. Mind the layouts: PyTorch counts fan-in along the "
          "second axis of an (out, in) weight, Keras along the first axis of an (in, out) kernel.",
     teach="notebooks/training-dynamics.ipynb")
def _(check):
    w_pt = nn.init.xavier_uniform_(torch.empty(64, 256))
    w_tf = keras.initializers.GlorotUniform(seed=1)((256, 64))
    check.same("largest |weight|", w_pt.abs().max(), tf.reduce_max(tf.abs(w_tf)), atol=2.5e-4,
               why="the largest of 16,384 uniform draws is within 0.15% of the bound except once in 10^10")


@row("initializers", "kaiming-he-normal",
     pytorch="nn.init.kaiming_normal_(w)",
     tensorflow="keras.initializers.HeNormal()",
     note="Both give the weights a standard deviation of sqrt(2 / fan_in), but Keras draws from a truncated "
          "normal (no draw beyond about 2.3 standard deviations) and PyTorch from a full normal. "
          "`nn.init.trunc_normal_` is PyTorch's truncated one.",
     teach="notebooks/training-dynamics.ipynb")
def _(check):
    w_pt = nn.init.kaiming_normal_(torch.empty(64, 256))
    w_tf = keras.initializers.HeNormal(seed=1)((256, 64)).numpy()
    check.same("standard deviation", w_pt.std(correction=0), w_tf.std(), atol=3e-3,
               why="sampling error of 16,384 draws each: about 4 standard errors of the difference")
    sd = np.sqrt(2 / 256)
    check.differ("any draw beyond 2.3 standard deviations", bool((w_pt.abs() > 2.3 * sd).any()),
                 bool((np.abs(w_tf) > 2.3 * sd).any()))


@row("initializers", "embedding-init",
     pytorch="nn.Embedding(1000, 16)  # N(0, 1)",
     tensorflow="keras.layers.Embedding(1000, 16)  # U(-0.05, 0.05)",
     note="PyTorch draws embedding vectors from a standard normal, Keras from a narrow uniform range: the "
          "starting vectors are about 35 times larger in PyTorch.",
     teach="notebooks/text-as-numbers.ipynb")
def _(check):
    embedding_tf = keras.layers.Embedding(1000, 16)
    embedding_tf.build((None,))
    std_pt = float(nn.Embedding(1000, 16).weight.detach().std())
    std_tf = float(np.std(embedding_tf.embeddings.numpy()))
    check.differ("standard deviation, 2 significant digits", float(f"{std_pt:.2g}"), float(f"{std_tf:.2g}"))


@row("initializers", "lstm-init",
     pytorch="nn.LSTM(4, 8)",
     tensorflow="keras.layers.LSTM(8)",
     note="Keras starts the forget-gate bias at 1 (`unit_forget_bias=True`) and the recurrent kernel "
          "orthogonal; PyTorch draws every LSTM weight and bias from U(-1/sqrt(hidden), 1/sqrt(hidden)).",
     teach="notebooks/recurrent-networks.ipynb")
def _(check):
    h = 8
    lstm_pt, lstm_tf = nn.LSTM(4, h), keras.layers.LSTM(h)
    lstm_tf.build((None, 5, 4))
    bias_pt = (lstm_pt.bias_ih_l0 + lstm_pt.bias_hh_l0).detach().numpy()
    bias_tf = lstm_tf.cell.bias.numpy()
    assert all(float(w.detach().abs().max()) <= 1 / np.sqrt(h) for w in lstm_pt.parameters())
    check.differ("forget-gate bias all 1", bool(np.all(bias_pt[h:2 * h] == 1)), bool(np.all(bias_tf[h:2 * h] == 1)))
    w_pt, w_tf = lstm_pt.weight_hh_l0.detach().numpy().T, lstm_tf.cell.recurrent_kernel.numpy()  # both (h, 4h)
    check.differ("recurrent kernel orthogonal", bool(np.allclose(w_pt @ w_pt.T, np.eye(h), atol=1e-5)),
                 bool(np.allclose(w_tf @ w_tf.T, np.eye(h), atol=1e-5)))


@row("initializers", "orthogonal",
     pytorch="nn.init.orthogonal_(w)",
     tensorflow="keras.initializers.Orthogonal()",
     note="Both make a random orthogonal matrix (gain 1 by default): `w @ w.T` is the identity.",
     teach="notebooks/recurrent-networks.ipynb")
def _(check):
    w_pt = nn.init.orthogonal_(torch.empty(6, 6))
    w_tf = keras.initializers.Orthogonal(seed=1)((6, 6))
    check.same("w @ w.T", w_pt @ w_pt.T, w_tf @ tf.transpose(w_tf), atol=1e-6,
               why="float32 rounding in the QR decomposition")


@row("initializers", "normal-uniform-defaults",
     pytorch="nn.init.normal_(w); nn.init.uniform_(w)",
     tensorflow="keras.initializers.RandomNormal(); keras.initializers.RandomUniform()",
     note="Same names, different defaults: PyTorch's normal has standard deviation 1 and its uniform range is "
          "0 to 1; Keras uses a standard deviation of 0.05 and the range -0.05 to 0.05.",
     teach="notebooks/training-dynamics.ipynb")
def _(check):
    normal_pt = nn.init.normal_(torch.empty(100, 100)).numpy()
    normal_tf = keras.initializers.RandomNormal(seed=1)((100, 100)).numpy()
    check.differ("standard deviation, 1 significant digit", float(f"{normal_pt.std():.1g}"),
                 float(f"{normal_tf.std():.1g}"))
    uniform_pt = nn.init.uniform_(torch.empty(100, 100)).numpy()
    uniform_tf = keras.initializers.RandomUniform(seed=1)((100, 100)).numpy()
    check.differ("range, 2 decimals", (round(float(uniform_pt.min()), 2), round(float(uniform_pt.max()), 2)),
                 (round(float(uniform_tf.min()), 2), round(float(uniform_tf.max()), 2)))


# --- Training and inference modes -----------------------------------------------------------------

@row("modes", "train-eval",
     pytorch="model.train(); model.eval()",
     tensorflow="model(X, training=True); model(X, training=False)",
     note="PyTorch sets the mode on the model and it stays until you change it; Keras takes it with each "
          "call. Dropout is active only in training mode.",
     teach="notebooks/overfitting-and-regularisation.ipynb")
def _(check):
    X = np.ones(1000, np.float32)
    dropout_pt, dropout_tf = nn.Dropout(0.5), keras.layers.Dropout(0.5)
    check.same("output in inference mode", dropout_pt.eval()(torch.tensor(X)), dropout_tf(X, training=False))
    check.same("share dropped in training mode", float(np.mean(dropout_pt.train()(torch.tensor(X)).numpy() == 0)),
               float(np.mean(dropout_tf(X, training=True).numpy() == 0)), atol=0.09,
               why="sampling error of 1,000 draws each: 4 standard errors of the difference")


@row("modes", "default-mode",
     pytorch="nn.Dropout(0.5)(x)  # a new module is in training mode",
     tensorflow="keras.layers.Dropout(0.5)(x)  # a plain call is inference",
     note="A new PyTorch module starts in training mode, so forgetting `model.eval()` leaves dropout on at "
          "inference. A plain Keras call, with no `training` argument, runs in inference mode.",
     teach="notebooks/overfitting-and-regularisation.ipynb")
def _(check):
    X = np.ones(1000, np.float32)
    dropped_pt = np.mean(nn.Dropout(0.5)(torch.tensor(X)).numpy() == 0)
    dropped_tf = np.mean(keras.layers.Dropout(0.5)(X).numpy() == 0)
    check.differ("share dropped by a plain call, 1 decimal", round(float(dropped_pt), 1), round(float(dropped_tf), 1))


@row("modes", "batchnorm-momentum",
     pytorch="nn.BatchNorm1d(n, momentum=0.1)",
     tensorflow="keras.layers.BatchNormalization(momentum=0.99)",
     note="Read the other way round: PyTorch's momentum weights the new batch, Keras's the old average. "
          "PyTorch `momentum=m` is Keras `momentum=1 - m`.",
     teach="notebooks/overfitting-and-regularisation.ipynb")
def _(check):
    bn_pt = nn.BatchNorm1d(3)
    bn_tf = keras.layers.BatchNormalization()
    check.differ("default momentum", bn_pt.momentum, bn_tf.momentum)
    X = randn(8, 3) + 5
    bn_tf_matched = keras.layers.BatchNormalization(momentum=1 - bn_pt.momentum)
    bn_pt.train()(torch.tensor(X))
    bn_tf_matched(X, training=True)
    check.same("running mean after one batch, momentum matched", bn_pt.running_mean, bn_tf_matched.moving_mean,
               atol=1e-6, why=F32)


@row("modes", "batchnorm-train-eval",
     pytorch="bn.train()(X); bn.eval()(X)",
     tensorflow="bn(X, training=True); bn(X, training=False)",
     note="In training mode both normalise with the batch's own mean and variance; in inference mode with "
          "the running averages.",
     teach="notebooks/overfitting-and-regularisation.ipynb")
def _(check):
    X = 2 * randn(8, 3) + 1
    bn_pt = nn.BatchNorm1d(3)
    bn_tf = keras.layers.BatchNormalization(momentum=1 - bn_pt.momentum, epsilon=bn_pt.eps)
    check.same("outputs in training mode", bn_pt.train()(torch.tensor(X)), bn_tf(X, training=True), atol=1e-6, why=F32)
    bn_tf.moving_variance.assign(bn_pt.running_var.numpy())  # see the next row for why the variances differ
    check.same("outputs in inference mode", bn_pt.eval()(torch.tensor(X)), bn_tf(X, training=False), atol=1e-6, why=F32)


@row("modes", "batchnorm-running-variance",
     pytorch="bn.running_var  # unbiased batch variance",
     tensorflow="bn.moving_variance  # biased batch variance",
     note="Both normalise a training batch with its biased variance (divided by n), but PyTorch updates "
          "the running variance with the unbiased one (divided by n - 1) and Keras with the biased one. For "
          "small batches the running variances, and so the inference outputs, differ a little.",
     teach="notebooks/overfitting-and-regularisation.ipynb")
def _(check):
    X = randn(4, 3)
    bn_pt = nn.BatchNorm1d(3, momentum=1.0)  # the running values become the batch's own
    bn_tf = keras.layers.BatchNormalization(momentum=0.0)
    bn_pt.train()(torch.tensor(X))
    bn_tf(X, training=True)
    check.differ("running variance of channel 0, batch of 4", round(float(bn_pt.running_var[0]), 4),
                 round(float(bn_tf.moving_variance[0]), 4))
    check.same("running mean", bn_pt.running_mean, bn_tf.moving_mean, atol=1e-6, why=F32)


@row("modes", "frozen-batchnorm",
     pytorch="bn.requires_grad_(False); bn.eval()",
     tensorflow="bn.trainable = False",
     note="In Keras, `trainable = False` on a BatchNormalization layer also switches it to inference mode, "
          "even when called with `training=True`. In PyTorch, `requires_grad_(False)` only stops the "
          "gradients: the running statistics keep moving in training mode until you also call `eval()` on "
          "the layer.",
     teach="notebooks/transfer-learning.ipynb")
def _(check):
    X = randn(8, 3) + 5
    bn_pt = nn.BatchNorm1d(3).requires_grad_(False)
    bn_tf = keras.layers.BatchNormalization(epsilon=bn_pt.eps)
    bn_tf.build((None, 3))
    bn_tf.trainable = False
    out_tf = bn_tf(X, training=True)
    bn_pt.train()(torch.tensor(X))
    check.differ("running mean moved by a training-mode call", bool((bn_pt.running_mean != 0).any()),
                 bool(np.any(bn_tf.moving_mean.numpy() != 0)))
    bn_pt = nn.BatchNorm1d(3).requires_grad_(False).eval()
    out_pt = bn_pt(torch.tensor(X))
    check.same("running mean moved, PyTorch layer in eval()", bool((bn_pt.running_mean != 0).any()),
               bool(np.any(bn_tf.moving_mean.numpy() != 0)))
    check.same("outputs, PyTorch layer in eval()", out_pt, out_tf, atol=1e-6, why=F32)


@row("modes", "no-grad",
     pytorch="with torch.no_grad(): ...",
     tensorflow="compute outside a tf.GradientTape",
     note="Inference mode does not stop gradient recording: `model.eval()` and `training=False` only change "
          "layers such as dropout. To skip the recording, PyTorch uses `torch.no_grad()` and TensorFlow "
          "simply computes outside a tape.",
     teach="notebooks/tensors-and-autograd.ipynb")
def _(check):
    X = randn(2, 4)
    model_pt, model_tf = sequential_pair()
    model_pt.eval()
    with tf.GradientTape() as tape:
        out_tf = model_tf(X, training=False)
    gradients_tf = tape.gradient(out_tf, model_tf.trainable_weights)
    check.same("gradients recorded in inference mode", model_pt(torch.tensor(X)).requires_grad,
               all(g is not None for g in gradients_tf))
    with torch.no_grad():
        out_pt = model_pt(torch.tensor(X))
    out_tf = model_tf(X)
    with tf.GradientTape() as tape:
        pass
    check.same("gradients recorded under no_grad / outside a tape", out_pt.requires_grad,
               tape.gradient(out_tf, model_tf.trainable_weights)[0] is not None)


@row("modes", "freeze-weights",
     pytorch="model[0].requires_grad_(False)",
     tensorflow="model.layers[0].trainable = False",
     note="Both leave the frozen layer's weights out of training; the count of trainable weights shows it.",
     teach="notebooks/transfer-learning.ipynb")
def _(check):
    model_pt, model_tf = sequential_pair()
    model_pt[0].requires_grad_(False)
    model_tf.layers[0].trainable = False
    check.same("trainable weight count", sum(p.numel() for p in model_pt.parameters() if p.requires_grad),
               sum(int(np.prod(w.shape)) for w in model_tf.trainable_weights))


# --- Data pipelines -------------------------------------------------------------------------------

@row("data", "batches",
     pytorch="DataLoader(TensorDataset(X, y), batch_size=4)",
     tensorflow="tf.data.Dataset.from_tensor_slices((X, y)).batch(4)",
     note="Without shuffling, both give the same batches in the same order, the last one shorter.",
     teach="notebooks/cnns-and-input-pipelines.ipynb")
def _(check):
    X, y = randn(10, 3), np.arange(10)
    loader = DataLoader(TensorDataset(torch.tensor(X), torch.tensor(y)), batch_size=4)
    dataset = tf.data.Dataset.from_tensor_slices((X, y)).batch(4)
    batches_pt, batches_tf = list(loader), list(dataset)
    check.same("batch sizes", [len(b[1]) for b in batches_pt], [len(b[1]) for b in batches_tf])
    check.same("inputs", torch.cat([b[0] for b in batches_pt]), tf.concat([b[0] for b in batches_tf], 0))
    check.same("labels", torch.cat([b[1] for b in batches_pt]), tf.concat([b[1] for b in batches_tf], 0))


@row("data", "number-of-batches",
     pytorch="len(DataLoader(dataset, batch_size=4, drop_last=True))",
     tensorflow="dataset.batch(4, drop_remainder=True).cardinality()",
     note="`drop_last` is `drop_remainder`; both default to keeping a short last batch. After a `filter`, "
          "`cardinality()` is unknown (-2).",
     teach="notebooks/cnns-and-input-pipelines.ipynb")
def _(check):
    dataset_pt = TensorDataset(torch.arange(10))
    dataset_tf = tf.data.Dataset.range(10)
    check.same("batches of 4 from 10", len(DataLoader(dataset_pt, batch_size=4)),
               int(dataset_tf.batch(4).cardinality()))
    check.same("with the short batch dropped", len(DataLoader(dataset_pt, batch_size=4, drop_last=True)),
               int(dataset_tf.batch(4, drop_remainder=True).cardinality()))
    assert int(dataset_tf.filter(lambda x: x > 2).cardinality()) == -2


@row("data", "unbatched-default",
     pytorch="DataLoader(dataset)  # batch_size=1",
     tensorflow="tf.data.Dataset.from_tensor_slices(X)  # no batch axis",
     note="A DataLoader batches by default, in batches of one; a `tf.data.Dataset` yields single examples "
          "until you call `.batch()`.",
     teach="notebooks/cnns-and-input-pipelines.ipynb")
def _(check):
    X = randn(10, 3)
    first_pt = next(iter(DataLoader(TensorDataset(torch.tensor(X)))))[0]
    first_tf = next(iter(tf.data.Dataset.from_tensor_slices(X)))
    check.differ("shape of the first element", tuple(first_pt.shape), tuple(first_tf.shape))


@row("data", "shuffle-seed",
     pytorch="DataLoader(dataset, shuffle=True, generator=torch.Generator().manual_seed(0))",
     tensorflow="dataset.shuffle(len(X), seed=0)",
     note="Both reshuffle every epoch and visit each example once per epoch. The same seed does not give "
          "the same order in the two frameworks.",
     teach="notebooks/cnns-and-input-pipelines.ipynb")
def _(check):
    loader = DataLoader(TensorDataset(torch.arange(10)), shuffle=True, generator=torch.Generator().manual_seed(0))
    dataset = tf.data.Dataset.range(10).shuffle(10, seed=0)
    epochs_pt = [[int(b[0]) for b in loader] for _ in range(2)]
    epochs_tf = [[int(x) for x in dataset] for _ in range(2)]
    check.same("each example once per epoch", sorted(epochs_pt[0]), sorted(epochs_tf[0]))
    check.same("a new order in epoch 2", epochs_pt[0] != epochs_pt[1], epochs_tf[0] != epochs_tf[1])
    check.differ("order of epoch 1, seed 0", epochs_pt[0], epochs_tf[0])


@row("data", "shuffle-buffer",
     pytorch="DataLoader(dataset, shuffle=True)",
     tensorflow="dataset.shuffle(buffer_size)",
     note="A DataLoader shuffles the whole dataset. `tf.data` shuffles within a buffer of `buffer_size` "
          "examples, so a small buffer barely moves them: use a buffer as large as the dataset when it fits.",
     teach="notebooks/cnns-and-input-pipelines.ipynb")
def _(check):
    loader = DataLoader(TensorDataset(torch.arange(10)), shuffle=True, generator=torch.Generator().manual_seed(0))
    dataset = tf.data.Dataset.range(10).shuffle(2, seed=0)
    firsts_pt = sorted({int(next(iter(loader))[0]) for _ in range(30)})
    firsts_tf = sorted({int(next(iter(dataset))) for _ in range(30)})
    check.differ("first examples seen in 30 epochs, buffer of 2", firsts_pt, firsts_tf)


# --- Saving ---------------------------------------------------------------------------------------

@row("saving", "weight-names",
     pytorch="model.state_dict()",
     tensorflow="model.weights",
     note="The same tensors in the same order, but with different names and, for Linear and Conv layers, "
          "transposed layouts. Name the layers to get readable names in both.",
     teach="notebooks/saving-and-resuming.ipynb")
def _(check):
    model_pt = nn.Sequential(OrderedDict(hidden=nn.Linear(4, 3), relu=nn.ReLU(), output=nn.Linear(3, 2)))
    model_tf = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="relu", name="hidden"),
                                 keras.layers.Dense(2, name="output")], name="model")
    state = model_pt.state_dict()
    check.same("number of tensors", len(state), len(model_tf.weights))
    check.differ("name of the first weight", next(iter(state)), model_tf.weights[0].path)
    check.differ("shapes", [tuple(v.shape) for v in state.values()], [tuple(w.shape) for w in model_tf.weights])


@row("saving", "save-weights",
     pytorch="torch.save(model.state_dict(), path); model.load_state_dict(torch.load(path))",
     tensorflow="model.save_weights(\"model.weights.h5\"); model.load_weights(\"model.weights.h5\")",
     note="Both save the weights only; you rebuild the model in code before loading. Keras needs the "
          "`.weights.h5` ending.",
     teach="notebooks/saving-and-resuming.ipynb")
def _(check):
    X, folder = randn(2, 4), Path(tempfile.mkdtemp())
    model_pt, model_tf = sequential_pair()
    torch.save(model_pt.state_dict(), folder / "model.pt")
    model_tf.save_weights(folder / "model.weights.h5")
    reloaded_pt, reloaded_tf = sequential_pair(copy=False)  # new, unrelated weights, replaced by the saved ones
    reloaded_pt.load_state_dict(torch.load(folder / "model.pt"))
    reloaded_tf.load_weights(folder / "model.weights.h5")
    check.same("outputs after reloading", reloaded_pt(torch.tensor(X)), reloaded_tf(X), atol=1e-6, why=F32)


@row("saving", "save-model",
     pytorch="torch.save(model, path); torch.load(path, weights_only=False)",
     tensorflow="model.save(\"model.keras\"); keras.models.load_model(\"model.keras\")",
     note="A `.keras` file holds the architecture and the weights, and loads without the code that built "
          "the model. `torch.save(model)` pickles the model object, which loads only with "
          "`weights_only=False` and the class's code at hand; the common PyTorch habit is to save the "
          "`state_dict` and rebuild the model in code.",
     teach="notebooks/saving-and-resuming.ipynb")
def _(check):
    X, folder = randn(2, 4), Path(tempfile.mkdtemp())
    model_pt, model_tf = sequential_pair()
    torch.save(model_pt, folder / "model.pt")
    model_tf.save(folder / "model.keras")
    reloaded_pt = torch.load(folder / "model.pt", weights_only=False)
    reloaded_tf = keras.models.load_model(folder / "model.keras")
    check.same("outputs after reloading", reloaded_pt(torch.tensor(X)), reloaded_tf(X), atol=1e-6, why=F32)


@row("saving", "safe-loading",
     pytorch="torch.load(path)  # weights_only=True",
     tensorflow="keras.models.load_model(path)  # safe_mode=True",
     note="Loading can run code hidden in a file, so both refuse it by default: `torch.load` unpickles "
          "only tensors and plain containers, and Keras refuses Python lambdas. Pass `weights_only=False` or "
          "`safe_mode=False` only for files you trust.",
     teach="notebooks/saving-and-resuming.ipynb")
def _(check):
    folder = Path(tempfile.mkdtemp())
    torch.save(nn.Sequential(nn.Linear(2, 2)), folder / "model.pt")
    model_tf = keras.Sequential([keras.Input((2,)), keras.layers.Lambda(lambda x: 2 * x)])
    model_tf.save(folder / "model.keras")
    check.same("a file with code, default loading", outcome(lambda: torch.load(folder / "model.pt")) != "allowed",
               outcome(lambda: keras.models.load_model(folder / "model.keras")) != "allowed")


@row("saving", "optimizer-state",
     pytorch="optimizer.state_dict()",
     tensorflow="optimizer.variables",
     note="Resuming needs the optimiser's state as well as the weights. Adam keeps the same two moving "
          "averages per weight in both; PyTorch keeps a step count per weight, Keras one count for all.",
     teach="notebooks/saving-and-resuming.ipynb")
def _(check):
    X, y = randn(8, 3), randn(8, 1)
    linear, dense = nn.Linear(3, 1), keras.layers.Dense(1)
    dense.build((None, 3))
    dense.set_weights([linear.weight.detach().numpy().T, linear.bias.detach().numpy()])
    optimizer_pt, optimizer_tf = torch.optim.Adam(linear.parameters()), keras.optimizers.Adam()
    nn.functional.mse_loss(linear(torch.tensor(X)), torch.tensor(y)).backward()
    optimizer_pt.step()
    with tf.GradientTape() as tape:
        loss = keras.losses.MeanSquaredError()(y, dense(X))
    weights = dense.trainable_weights
    optimizer_tf.apply_gradients(zip(tape.gradient(loss, weights), weights, strict=True))
    momentum_tf = next(v for v in optimizer_tf.variables if v.path.endswith("kernel_momentum"))
    check.same("first moving average of the weight", optimizer_pt.state[linear.weight]["exp_avg"].T, momentum_tf,
               atol=1e-7, why=F32)
    state = optimizer_pt.state_dict()["state"]
    check.differ("step counters", sum("step" in s for s in state.values()),
                 sum(v.path.endswith("iteration") for v in optimizer_tf.variables))


@row("saving", "checkpoint-resume",
     pytorch="torch.save({\"model\": model.state_dict(), \"optimizer\": optimizer.state_dict()}, path)",
     tensorflow="tf.train.Checkpoint(model=model, optimizer=optimizer).write(path)",
     note="Save the model and the optimiser (here SGD with momentum) together and restore both: training "
          "then goes on exactly as if it had never stopped.",
     teach="notebooks/saving-and-resuming.ipynb")
def _(check):
    X, y, folder = randn(8, 4), randn(8, 2), Path(tempfile.mkdtemp())
    model_pt, model_tf = sequential_pair()

    def train_pt(model, optimizer):
        optimizer.zero_grad()
        nn.functional.mse_loss(model(torch.tensor(X)), torch.tensor(y)).backward()
        optimizer.step()

    def train_tf(model, optimizer):
        with tf.GradientTape() as tape:
            loss = keras.losses.MeanSquaredError()(y, model(X))
        weights = model.trainable_weights
        optimizer.apply_gradients(zip(tape.gradient(loss, weights), weights, strict=True))

    optimizer_pt = torch.optim.SGD(model_pt.parameters(), lr=0.1, momentum=0.9)
    optimizer_tf = keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)
    for _ in range(2):
        train_pt(model_pt, optimizer_pt)
        train_tf(model_tf, optimizer_tf)
    torch.save({"model": model_pt.state_dict(), "optimizer": optimizer_pt.state_dict()}, folder / "checkpoint.pt")
    tf.train.Checkpoint(model=model_tf, optimizer=optimizer_tf).write(str(folder / "checkpoint"))
    resumed_pt, resumed_tf = sequential_pair(copy=False)  # a fresh start, as in a new process
    resumed_optimizer_pt = torch.optim.SGD(resumed_pt.parameters(), lr=0.1, momentum=0.9)
    resumed_optimizer_tf = keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)
    saved = torch.load(folder / "checkpoint.pt")
    resumed_pt.load_state_dict(saved["model"])
    resumed_optimizer_pt.load_state_dict(saved["optimizer"])
    resumed_optimizer_tf.build(resumed_tf.trainable_weights)
    checkpoint_tf = tf.train.Checkpoint(model=resumed_tf, optimizer=resumed_optimizer_tf)
    checkpoint_tf.read(str(folder / "checkpoint")).assert_consumed()
    for _ in range(2):
        train_pt(resumed_pt, resumed_optimizer_pt)
        train_tf(resumed_tf, resumed_optimizer_tf)
        train_pt(model_pt, optimizer_pt)  # the uninterrupted runs
        train_tf(model_tf, optimizer_tf)
    check.same("resumed weights equal uninterrupted ones, bit for bit",
               all(torch.equal(a, b) for a, b in zip(resumed_pt.parameters(), model_pt.parameters(), strict=True)),
               all(np.array_equal(a, b) for a, b in zip(resumed_tf.get_weights(), model_tf.get_weights(), strict=True)))
    check.same("weights after 2 + 2 resumed steps", resumed_pt[0].weight.T, resumed_tf.layers[0].kernel,
               atol=1e-6, why=F32_STEPS)


# --- Devices and precision ------------------------------------------------------------------------

@row("devices", "device-names",
     pytorch="x.to(\"cuda\"); x.device",
     tensorflow="with tf.device(\"/GPU:0\"): ...; x.device",
     note="PyTorch keeps a tensor where you put it with `.to(device)` and names devices `cpu` or `cuda:0`. "
          "TensorFlow places operations itself, or where `with tf.device(...)` says, and reports the "
          "device's full name.",
     teach="notebooks/speed.ipynb")
def _(check):
    x_pt = torch.ones(2).to("cpu")
    with tf.device("/CPU:0"):
        x_tf = tf.ones(2) * 1
    check.differ("device of a CPU tensor", str(x_pt.device), x_tf.device)
    check.same("values", x_pt, x_tf)


@row("devices", "autocast-bfloat16",
     pytorch="with torch.autocast(\"cpu\", dtype=torch.bfloat16): model(X)",
     tensorflow="keras.config.set_dtype_policy(\"mixed_bfloat16\")",
     note="Both compute in bfloat16 and keep the weights in float32. PyTorch switches it on for a block of "
          "code, Keras for the layers created while the policy is set.",
     teach="notebooks/speed.ipynb")
def _(check):
    X = randn(2, 4)
    linear = nn.Linear(4, 3)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        out_pt = linear(torch.tensor(X))
    policy = keras.config.dtype_policy()
    keras.config.set_dtype_policy("mixed_bfloat16")
    try:
        dense = keras.layers.Dense(3)
        dense.build((None, 4))
    finally:
        keras.config.set_dtype_policy(policy)
    dense.set_weights([linear.weight.detach().numpy().T, linear.bias.detach().numpy()])
    out_tf = dense(X)
    check.same("output dtype", dtype_name(out_pt), dtype_name(out_tf))
    check.same("weight dtype", dtype_name(linear.weight), dense.kernel.dtype)
    largest = float(np.abs(tf.cast(out_tf, tf.float32)).max())
    check.same("outputs", out_pt.float(), tf.cast(out_tf, tf.float32), atol=2.0 ** (np.floor(np.log2(largest)) - 6),
               why="two bfloat16 rounding steps (8 significant bits) at the size of the largest output: Keras rounds "
                   "the product, then the sum with the bias")


@row("devices", "default-float64",
     pytorch="torch.set_default_dtype(torch.float64)",
     tensorflow="keras.config.set_dtype_policy(\"float64\")",
     note="Both make new layers' weights float64; Keras's `set_floatx(\"float64\")` does too, but only "
          "before the first layer is made, which fixes the dtype policy. Neither Keras setting reaches "
          "`tf.constant`, while PyTorch's also changes new tensors of Python floats.",
     teach="notebooks/tensors-and-autograd.ipynb")
def _(check):
    dtype, floatx, policy = torch.get_default_dtype(), keras.config.floatx(), keras.config.dtype_policy()
    keras.layers.Dense(2)  # a layer exists, as in any program that has built a model
    torch.set_default_dtype(torch.float64)
    try:
        keras.config.set_floatx("float64")
        dense = keras.layers.Dense(2)
        dense.build((None, 2))
        check.differ("new weights after set_default_dtype / set_floatx", dtype_name(nn.Linear(2, 2).weight),
                     dense.kernel.dtype)
        keras.config.set_dtype_policy("float64")
        dense = keras.layers.Dense(2)
        dense.build((None, 2))
        check.same("new weights after set_default_dtype / set_dtype_policy", dtype_name(nn.Linear(2, 2).weight),
                   dense.kernel.dtype)
        check.differ("dtype of a tensor of Python floats", dtype_name(torch.tensor([1.0])),
                     dtype_name(tf.constant([1.0])))
    finally:
        torch.set_default_dtype(dtype)
        keras.config.set_floatx(floatx)
        keras.config.set_dtype_policy(policy)


@row("devices", "seeding",
     pytorch="torch.manual_seed(7)",
     tensorflow="keras.utils.set_random_seed(7)",
     note="Seeding again repeats the same draws in each framework (`set_random_seed` also seeds Python and "
          "NumPy). The same seed gives different numbers in the two frameworks.",
     teach="notebooks/debugging.ipynb")
def _(check):
    with torch.random.fork_rng():  # leaves the other rows' random stream as it was
        torch.manual_seed(7)
        first_pt = torch.rand(3)
        torch.manual_seed(7)
        again_pt = torch.rand(3)
    keras.utils.set_random_seed(7)
    first_tf = tf.random.uniform((3,))
    keras.utils.set_random_seed(7)
    again_tf = tf.random.uniform((3,))
    keras.utils.set_random_seed(7)
    first_np = np.random.random()
    keras.utils.set_random_seed(7)
    assert np.random.random() == first_np
    check.same("same draws after seeding again", bool(torch.equal(first_pt, again_pt)),
               bool(np.array_equal(first_tf, again_tf)))
    check.differ("first draw after seed 7, 4 decimals", round(float(first_pt[0]), 4), round(float(first_tf[0]), 4))


@row("devices", "tf32-matmul",
     pytorch="torch.set_float32_matmul_precision(\"high\")",
     tensorflow="tf.config.experimental.enable_tensor_float_32_execution(False)",
     note="On NVIDIA GPUs that have it (Ampere and newer), TensorFlow may run float32 matrix products in the "
          "faster, less precise TF32 format by default; PyTorch keeps full float32 for them unless you allow "
          "TF32. These are the settings; this table ran on a CPU.",
     teach="compare/speed.md")
def _(check):
    check.differ("TF32 allowed in float32 matmuls, by default", torch.get_float32_matmul_precision() != "highest",
                 tf.config.experimental.tensor_float_32_execution_enabled())


# --- Compiling ------------------------------------------------------------------------------------

@row("compiling", "compile-function",
     pytorch="torch.compile(f)",
     tensorflow="tf.function(f)",
     note="Both turn a Python function into a compiled graph at its first call, and give the eager results "
          "up to rounding. The first call pays for the compiling and is the slowest.",
     teach="notebooks/eager-and-graph.ipynb")
def _(check):
    X = randn(3, 4)
    compiled_pt = torch.compile(lambda x: torch.sin(x) * x + 1)
    compiled_tf = tf.function(lambda x: tf.sin(x) * x + 1)
    seconds = {}
    for name, f, x in (("pt", compiled_pt, torch.tensor(X)), ("tf", compiled_tf, tf.constant(X))):
        for call in ("first", "second"):
            start = time.perf_counter()
            f(x)
            seconds[name, call] = time.perf_counter() - start
    assert seconds["pt", "first"] > seconds["pt", "second"] and seconds["tf", "first"] > seconds["tf", "second"]
    check.same("outputs", compiled_pt(torch.tensor(X)), compiled_tf(X), atol=1e-6, why=F32_FN)
    check.same("outputs, compiled against eager", compiled_pt(torch.tensor(X)), tf.sin(X) * X + 1, atol=1e-6,
               why=F32_FN)


@row("compiling", "python-side-effects",
     pytorch="torch.compile(f)",
     tensorflow="tf.function(f)",
     note="`tf.function` runs the Python code of the function only while tracing, so a `print` or a counter "
          "inside runs once, not at every call. `torch.compile` keeps such Python side effects on every call.",
     teach="compare/eager-and-graph.md")
def _(check):
    calls = {"pt": 0, "tf": 0}

    def f_pt(x):
        calls["pt"] += 1
        return x + 1

    def f_tf(x):
        calls["tf"] += 1
        return x + 1

    # backend="eager" skips code generation to keep the table fast; the capture of Python code (Dynamo),
    # where side effects are handled, is the same for every backend
    compiled_pt, compiled_tf = torch.compile(f_pt, backend="eager"), tf.function(f_tf)
    for _ in range(3):
        compiled_pt(torch.ones(2))
        compiled_tf(tf.ones(2))
    check.differ("Python body runs, 3 calls", calls["pt"], calls["tf"])


@row("compiling", "retracing",
     pytorch="torch.compile(f)  # or dynamic=True",
     tensorflow="tf.function(f)  # or reduce_retracing=True",
     note="`tf.function` traces again for every new input shape; `torch.compile` compiles once for the first "
          "shape and once more for shapes in general. `reduce_retracing=True` and `dynamic=True` cut the "
          "count.",
     teach="compare/eager-and-graph.md")
def _(check):
    compilations = []

    def counting_backend(graph, example_inputs):  # a custom backend: counts, then runs the graph as it is
        compilations.append(1)
        return graph.forward

    compiled_pt = torch.compile(lambda x: 2 * x, backend=counting_backend)
    compiled_tf = tf.function(lambda x: 2 * x)
    for n in (2, 3, 4, 5):
        compiled_pt(torch.ones(n))
        compiled_tf(tf.ones(n))
    check.differ("compilations for 4 shapes", len(compilations), compiled_tf.experimental_get_tracing_count())
    compilations.clear()
    compiled_pt = torch.compile(lambda x: 2 * x, backend=counting_backend, dynamic=True)
    compiled_tf = tf.function(lambda x: 2 * x, reduce_retracing=True)
    for n in (2, 3, 4, 5):
        compiled_pt(torch.ones(n))
        compiled_tf(tf.ones(n))
    check.differ("with dynamic=True / reduce_retracing=True", len(compilations),
                 compiled_tf.experimental_get_tracing_count())


@row("compiling", "xla",
     pytorch="torch.compile(f)",
     tensorflow="tf.function(f, jit_compile=True)",
     note="`jit_compile=True` compiles the function with XLA, TensorFlow's compiler that fuses operations, "
          "the job Inductor does for `torch.compile`. The results match eager ones up to rounding.",
     teach="compare/speed.md")
def _(check):
    X, W = randn(3, 4), randn(4, 2)
    f_tf = tf.function(lambda x, w: tf.nn.relu(x @ w) + 1, jit_compile=True)
    assert "HloModule" in f_tf.experimental_get_compiler_ir(X, W)(stage="hlo")  # XLA compiled it
    check.same("outputs, XLA against PyTorch eager", torch.relu(torch.tensor(X) @ torch.tensor(W)) + 1, f_tf(X, W),
               atol=1e-6, why=F32)


@row("compiling", "data-dependent-if",
     pytorch="torch.compile(f)  # if x.sum() > 0: ...",
     tensorflow="tf.function(f)  # if tf.reduce_sum(x) > 0: ...",
     note="A Python `if` on a tensor's value works in both: `tf.function` (AutoGraph) rewrites it into "
          "`tf.cond`, and `torch.compile` splits the graph at the `if` and runs it in Python.",
     teach="notebooks/eager-and-graph.ipynb")
def _(check):
    def f_pt(x):
        if x.sum() > 0:
            return 2 * x
        return -x

    def f_tf(x):
        if tf.reduce_sum(x) > 0:
            return 2 * x
        return -x

    graphs = []

    def counting_backend(graph, example_inputs):
        graphs.append(graph)
        return graph.forward

    compiled_pt, compiled_tf = torch.compile(f_pt, backend=counting_backend), tf.function(f_tf)
    for sign in (1, -1):
        X = sign * np.abs(randn(3))
        check.same(f"{'positive' if sign > 0 else 'negative'} input", compiled_pt(torch.tensor(X)), compiled_tf(X))
    assert len(graphs) >= 2  # PyTorch: the graph was split at the if
    assert compiled_tf.experimental_get_tracing_count() == 1  # TensorFlow: one graph, both branches in it
    operations = {op.type for op in compiled_tf.get_concrete_function(tf.constant(X)).graph.get_operations()}
    assert operations & {"If", "StatelessIf"}, operations
