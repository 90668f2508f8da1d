"""The machinery of the translation table (docs/translation.md): rows, their checks, and a record of
what each check found.

Each row of the table is a function in rows.py, registered with ``@row(...)``. It runs both
frameworks on the same inputs (weights copied where a layer has any) and states what it found:

    check.same(what, pytorch_value, tensorflow_value, atol=..., why=...)  # they agree within atol
    check.differ(what, pytorch_value, tensorflow_value)                   # they differ: a default,
                                                                           # a convention, a layout

``same`` fails when the two differ by more than ``atol``; ``differ`` fails when they are equal. A
row that raises, or that states nothing, fails. The build (hooks/translation.py) runs every row
and fails on any failure; the tests (tests/test_translation.py) run them too. The page shows what
the checks recorded, so it cannot claim an agreement or a difference the code did not see.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import sys
import traceback
from pathlib import Path
from typing import Any, Callable

import numpy as np

# The table's groups, in the page's order: id -> heading
GROUPS = {
    "tensors": "Tensors and dtypes",
    "shapes": "Shapes and indexing",
    "layers": "Layers and their weight layouts",
    "activations-losses": "Activations and losses",
    "optimizers": "Optimisers and their defaults",
    "initializers": "Initialisers",
    "modes": "Training and inference modes",
    "data": "Data pipelines",
    "saving": "Saving",
    "devices": "Devices and precision",
    "compiling": "Compiling",
}
ROW_ID = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclasses.dataclass
class Row:
    group: str
    id: str  # the row's anchor on the page: translation/#<id>
    pytorch: str  # the PyTorch side, as code
    tensorflow: str  # the TensorFlow / Keras side, as code
    note: str  # one or two sentences of Markdown: what to know when translating
    teach: str  # the page that teaches it, relative to docs/ (a notebooks/*.ipynb or a *.md page)
    check: Callable[[Check], None]
    line: int  # where the check starts in rows.py


ROWS: list[Row] = []


def row(group: str, id: str, *, pytorch: str, tensorflow: str, teach: str, note: str = ""):
    """Register the decorated function as the check of one row of the table."""

    def register(check: Callable[[Check], None]) -> Callable[[Check], None]:
        ROWS.append(Row(group, id, pytorch.strip(), tensorflow.strip(), " ".join(note.split()), teach, check,
                        check.__code__.co_firstlineno))
        return check

    return register


def _array(value: Any) -> np.ndarray:
    """A NumPy array of a tensor of either framework, a NumPy array, a number or a sequence."""
    if hasattr(value, "detach"):  # a torch.Tensor
        value = value.detach().cpu().numpy()
    elif hasattr(value, "numpy"):  # a tf.Tensor or a Keras variable
        value = value.numpy()
    return np.asarray(value)


def _show(value: Any) -> str:
    """A short text of a value as the page shows it."""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return value
    return str(value)


def _numeric(value: Any) -> bool:
    if isinstance(value, (str, bytes, bool, type(None))):
        return False
    try:
        return np.issubdtype(_array(value).dtype, np.number)
    except (TypeError, ValueError):
        return False


class Check:
    """What one row's check found: a list of evidence, each an agreement or a difference."""

    def __init__(self) -> None:
        self.evidence: list[dict[str, Any]] = []

    def same(self, what: str, pytorch: Any, tensorflow: Any, *, atol: float = 0.0, why: str = "") -> None:
        """Both sides give the same value: numbers within ``atol`` (say ``why`` that tolerance), other
        values exactly."""
        if atol > 0 and not why.strip():
            raise AssertionError(f"{what}: a tolerance needs its reason (why=...)")
        if _numeric(pytorch) and _numeric(tensorflow):
            a, b = _array(pytorch), _array(tensorflow)
            if a.shape != b.shape:
                raise AssertionError(f"{what}: shape {a.shape} in PyTorch, {b.shape} in TensorFlow")
            diff = float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64)))) if a.size else 0.0
            if not diff <= atol:  # also catches NaN
                raise AssertionError(f"{what}: PyTorch and TensorFlow differ by {diff:.3g}, more than {atol:g}")
            self.evidence.append({"kind": "same", "what": what, "max_diff": diff, "atol": atol, "why": why.strip()})
        else:
            if pytorch != tensorflow:
                raise AssertionError(f"{what}: {pytorch!r} in PyTorch, {tensorflow!r} in TensorFlow")
            self.evidence.append({"kind": "same", "what": what, "value": _show(pytorch)})

    def differ(self, what: str, pytorch: Any, tensorflow: Any) -> None:
        """The two sides differ here; the page shows both values."""
        if _numeric(pytorch) and _numeric(tensorflow):
            a, b = _array(pytorch), _array(tensorflow)
            equal = a.shape == b.shape and bool(np.array_equal(a, b))
        else:
            equal = pytorch == tensorflow
        if equal:
            raise AssertionError(f"{what}: the row says the frameworks differ, but both give {_show(pytorch)}")
        self.evidence.append({"kind": "differ", "what": what, "pytorch": _show(pytorch), "tensorflow": _show(tensorflow)})


def problems_of_the_rows(rows: list[Row]) -> list[str]:
    """What is wrong with the rows themselves, before any runs: groups, ids, empty sides."""
    problems, seen = [], set()
    for r in rows:
        where = f"row {r.id!r} (rows.py line {r.line})"
        if r.group not in GROUPS:
            problems.append(f"{where}: unknown group {r.group!r}; groups: {', '.join(GROUPS)}")
        if not ROW_ID.match(r.id):
            problems.append(f"{where}: an id is lower case letters, digits and hyphens")
        if r.id in seen or r.id in GROUPS:
            problems.append(f"{where}: the id is used twice (ids are anchors on the page)")
        seen.add(r.id)
        if not (r.pytorch and r.tensorflow and r.teach):
            problems.append(f"{where}: pytorch, tensorflow and teach are required")
        if not (r.teach.endswith(".md") or r.teach.endswith(".ipynb")):
            problems.append(f"{where}: teach names a page (docs/... .md) or a notebook (notebooks/... .ipynb)")
    return problems


def run(r: Row) -> dict[str, Any]:
    """Run one row's check: its record for the page, with 'error' set when it failed."""
    check = Check()
    error = ""
    try:
        r.check(check)
    except Exception as e:  # noqa: BLE001 - any failure of a check is reported with the row
        frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename.endswith("rows.py")]
        at = f" (rows.py line {frames[-1].lineno})" if frames else ""
        error = f"{type(e).__name__}: {str(e).strip() or 'assert failed'}{at}"
    if not error and not check.evidence:
        error = "the check states nothing: call check.same(...) or check.differ(...)"
    record = {k: v for k, v in dataclasses.asdict(r).items() if k != "check"}
    return {**record, "evidence": check.evidence, "error": error}


def run_all(rows: list[Row]) -> dict[str, Any]:
    """Every row's record, and the versions they ran with."""
    import keras
    import tensorflow as tf
    import torch

    return {
        "problems": problems_of_the_rows(rows),
        "versions": {"Python": sys.version.split()[0], "PyTorch": torch.__version__, "TensorFlow": tf.__version__,
                     "Keras": keras.__version__, "NumPy": np.__version__},
        "rows": [run(r) for r in rows],
    }


def main(out: str) -> None:
    """Import rows.py beside this file, run every row, write the records as JSON to ``out``."""
    import os

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    sys.path.insert(0, str(Path(__file__).parent))
    import rows  # noqa: F401 - registers the rows

    Path(out).write_text(json.dumps(run_all(ROWS), indent=1, default=lambda v: None if isinstance(v, float) and math.isnan(v) else str(v)))
