"""Execute the notebooks in ``notebooks/`` and bring them into the site.

A MkDocs hook (listed under ``hooks:`` in mkdocs.yml). On every build it

1. reads every ``notebooks/**/*.ipynb`` and checks it: valid JSON, valid nbformat, a Python
   kernelspec;
2. executes each one in a fresh kernel started in the notebook's own folder, several at once, with
   a per-cell timeout, unless the cache already holds the outputs of the same code cells run by the
   same kernel in the same pinned environment (a prose-only edit therefore executes nothing). A
   notebook whose metadata says ``"side_by_side": {"run_alone": true}`` (one that measures speed)
   runs after the others, with nothing else running beside it;
3. writes the executed copy (current prose, fresh or cached outputs) into the cache folder and adds
   it to the site at the path it has in the repository (``notebooks/x.ipynb``), for mkdocs-jupyter
   to render with its own execution switched off;
4. fails the build with one message that lists every broken notebook, the cell and the error's last
   line, so nothing is published from a failed build.

Every cell runs and must pass: a cell tagged ``skip-execution`` or ``raises-exception`` (tags that
make nbclient skip a cell or ignore its error) fails the build. Notebooks run without network: each
kernel starts with ``hooks/offline`` on ``PYTHONPATH``, whose ``sitecustomize`` refuses connections
and name lookups that leave the machine, in the kernel and in every Python program it starts.

Settings live under ``extra: notebooks:`` in mkdocs.yml; an environment variable of the same
meaning wins over the file:

==============  ======================  ===================================================
setting         environment variable    meaning
==============  ======================  ===================================================
cell_timeout    NOTEBOOK_CELL_TIMEOUT   seconds one cell may run before the build fails
workers         NOTEBOOK_WORKERS        notebooks executed at once (default: CPU count)
cache           NOTEBOOK_CACHE          ``on`` (default), ``off`` (execute everything, store
                                        nothing) or ``refresh`` (execute everything, store)
==============  ======================  ===================================================

After each build ``.cache/notebooks/report.json`` records, per notebook, whether it was executed or
taken from the cache, how long its execution took, its peak memory, on which machine, and whether
it runs its PyTorch code on ``device`` (so on a GPU when there is one). Notebook pages show this
record under their buttons ("Run it yourself", overrides/partials/notebook-actions.html), with the
date of Colab's versions that the Colab check runs them on (requirements-colab.txt).
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import json
import logging
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

log = logging.getLogger("mkdocs.hooks.notebooks")

NOTEBOOKS_DIR = "notebooks"
CACHE_DIR = ".cache/notebooks"
REQUIREMENTS = "requirements.txt"
COLAB_CHECK = "tools/colab_check.py"  # reads requirements-colab.txt, Colab's versions
CACHE_FORMAT = 3  # bump when the stored format or the execution settings change meaning
DEFAULTS = {"cell_timeout": 120, "workers": os.cpu_count() or 1, "cache": "on"}
OFFLINE = Path(__file__).resolve().parent / "offline"  # its sitecustomize blocks the network
# nbclient tags that would let a cell be skipped, or fail without failing the build
UNCHECKED_TAGS = {"skip-execution": "skips the cell", "raises-exception": "lets the cell fail"}
ENV_VARS = {"cell_timeout": "NOTEBOOK_CELL_TIMEOUT", "workers": "NOTEBOOK_WORKERS", "cache": "NOTEBOOK_CACHE"}


@dataclass
class Notebook:
    path: Path  # absolute path of the committed notebook
    rel: str  # its path in the repository, e.g. "notebooks/x.ipynb"
    nb: nbformat.NotebookNode | None = None
    key: str = ""
    error: str = ""
    status: str = ""  # "executed" or "cached"
    seconds: float = 0.0
    outputs: list = field(default_factory=list)
    run: dict = field(default_factory=dict)  # what PROBE found, and the machine


# Run after a notebook's last cell, in its kernel, and removed from the outputs: the peak memory of
# the kernel or of the largest process it started, the frameworks it imported, and its `device`.
PROBE = """\
def _probe():
    import json, resource, sys
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    device = globals().get("device")
    print(json.dumps({
        "peak_mib": round(peak / (2**20 if sys.platform == "darwin" else 2**10)),
        "frameworks": [name for name in ("torch", "tensorflow") if name in sys.modules],
        "device": None if device is None else str(device),
    }))
_probe()
"""


def machine() -> str:
    """This machine in a few words: cores and processor."""
    name = platform.processor() or platform.machine()
    if os.path.exists("/proc/cpuinfo"):
        with open("/proc/cpuinfo") as f:
            name = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), name)
    return f"{os.cpu_count()}-core {name}".replace("(R)", "").replace("(TM)", "")


def settings(config) -> dict:
    """The execution settings: defaults, then mkdocs.yml ``extra.notebooks``, then the environment."""
    chosen = {**DEFAULTS, **(config.extra.get("notebooks") or {})}
    for name, var in ENV_VARS.items():
        if os.environ.get(var):
            chosen[name] = os.environ[var]
    try:
        chosen["cell_timeout"] = float(chosen["cell_timeout"])
        chosen["workers"] = max(1, int(chosen["workers"]))
    except ValueError as e:
        raise PluginError(f"notebooks: bad setting ({e}); see the docstring of hooks/notebooks.py") from e
    if chosen["cache"] not in ("on", "off", "refresh"):
        raise PluginError(f"notebooks: cache must be on, off or refresh, not {chosen['cache']!r}")
    return chosen


def load(notebook: Notebook) -> None:
    """Read and check one notebook; on a problem, set ``notebook.error`` instead of raising."""
    try:
        nb = nbformat.reads(notebook.path.read_text(encoding="utf-8"), as_version=4)
        nbformat.validate(nb)
    except Exception as e:  # nbformat raises several unrelated types for unreadable files
        notebook.error = f"not a valid notebook ({type(e).__name__}: {last_line(str(e))})"
        return
    spec = nb.metadata.get("kernelspec") or {}
    language = spec.get("language") or nb.metadata.get("language_info", {}).get("name")
    if not spec.get("name") or language != "python":
        notebook.error = (
            "no Python kernelspec in its metadata: open it in Jupyter, choose the 'Python 3' kernel, save"
        )
        return
    for index, cell in enumerate(nb.cells, start=1):
        for tag in sorted(UNCHECKED_TAGS.keys() & set(cell.metadata.get("tags", []))):
            notebook.error = (
                f"cell {index} is tagged {tag!r}, which {UNCHECKED_TAGS[tag]} when the build runs it: "
                "remove the tag (every cell runs, and an error fails the build)"
            )
            return
    notebook.nb = nb


def offline_environment() -> dict[str, str]:
    """The kernel's environment: this one, with the network-blocking sitecustomize first on the path."""
    path = os.pathsep.join(filter(None, [str(OFFLINE), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


def cache_key(nb: nbformat.NotebookNode, environment: str) -> str:
    """What decides a notebook's outputs: its code, its kernel and the pinned environment."""
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    payload = json.dumps([CACHE_FORMAT, nb.metadata.kernelspec.name, environment, code])
    return hashlib.sha256(payload.encode()).hexdigest()


def environment_id(root: Path) -> str:
    requirements = root / REQUIREMENTS
    pinned = requirements.read_bytes() if requirements.exists() else b""
    return hashlib.sha256(pinned + sys.version.encode()).hexdigest()


def runs_alone(notebook: Notebook) -> bool:
    """Whether the notebook asks to run with nothing beside it (its timings would suffer)."""
    return bool(notebook.nb.metadata.get("side_by_side", {}).get("run_alone"))


def failing_line(traceback: str) -> str:
    """For an error without a message (a bare assert): the line of the cell that raised it."""
    arrows = re.findall(r"^-+> *\d+ (.*)$", re.sub(r"\x1b\[[0-9;]*m", "", traceback), re.MULTILINE)
    return f"(no message) at: {arrows[-1].strip()}" if arrows else "(no message)"


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else text.strip()


RULE = re.compile(r"[-=_*~#+. ]+")  # a line that only draws a rule, as in torchrun's failure box


def error_message(text: str, tail: int = 20) -> str:
    """An exception's message for the build log: all of it when short, else its first line and
    its last ``tail`` lines (a program's error output quoted in the message ends with the cause).
    Lines that only draw a rule are left out; the lines after the first are indented."""
    lines = [line.rstrip() for line in text.strip().splitlines() if line.strip() and not RULE.fullmatch(line.strip())]
    if len(lines) > tail + 1:
        lines = [lines[0], f"[... {len(lines) - 1 - tail} lines left out ...]", *lines[-tail:]]
    return "\n      ".join(lines)


async def execute(notebook: Notebook, timeout: float, slots: asyncio.Semaphore) -> None:
    """Run one notebook in a fresh kernel, in its own folder; record outputs or the error."""
    async with slots:
        nb = nbformat.from_dict(json.loads(json.dumps(notebook.nb)))  # a private copy
        nb.cells.append(nbformat.v4.new_code_cell(PROBE))
        current = {"index": None}

        def on_cell_start(cell, cell_index):
            current["index"] = cell_index

        client = NotebookClient(
            nb,
            timeout=timeout,
            allow_errors=False,
            kernel_name=nb.metadata.kernelspec.name,
            resources={"metadata": {"path": str(notebook.path.parent)}},
            on_cell_start=on_cell_start,
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],  # kernel chatter stays out of the build log
        )
        start = time.perf_counter()
        # The kernel's own stderr (not the cells' output, which nbclient records) goes to a file:
        # libraries print at interpreter exit (torch._dynamo does), and the build log stays clean.
        # If the kernel dies, its last line there is the reason, and goes into the error.
        kernel_stderr = tempfile.TemporaryFile("w+")
        try:
            await client.async_execute(stderr=kernel_stderr, env=offline_environment())
        except CellTimeoutError:
            notebook.error = (
                f"timed out after {timeout:g} s (the per-cell limit: extra.notebooks.cell_timeout "
                f"in mkdocs.yml, or {ENV_VARS['cell_timeout']})"
            )
        except CellExecutionError as e:
            notebook.error = f"{e.ename}: {error_message(e.evalue) or failing_line(str(e))}"
        except DeadKernelError as e:
            kernel_stderr.seek(0)
            said = last_line(kernel_stderr.read())
            notebook.error = f"the kernel died ({last_line(str(e))})" + (f"; its last words: {said}" if said else "")
        except Exception as e:  # kernel that cannot start, and the like
            notebook.error = f"{type(e).__name__}: {last_line(str(e))}"
        finally:
            kernel_stderr.close()
        notebook.seconds = time.perf_counter() - start
        if notebook.error and current["index"] is not None:
            i = current["index"]
            code_number = sum(c.cell_type == "code" for c in nb.cells[: i + 1])
            notebook.error = f"cell {i + 1} (code cell {code_number}): {notebook.error}"
        if not notebook.error:
            probe = nb.cells.pop()
            printed = "".join(o.get("text", "") for o in probe.outputs if o.get("name") == "stdout")
            notebook.run = {**json.loads(printed), "machine": machine()}
            notebook.outputs = [
                {"outputs": c.outputs, "execution_count": c.execution_count}
                for c in nb.cells
                if c.cell_type == "code"
            ]
            notebook.status = "executed"


async def execute_all(notebooks: list[Notebook], timeout: float, workers: int) -> None:
    slots = asyncio.Semaphore(workers)
    await asyncio.gather(*(execute(n, timeout, slots) for n in notebooks))


def executed_copy(notebook: Notebook) -> nbformat.NotebookNode:
    """The committed notebook (current prose) with the outputs of its code cells filled in."""
    nb = nbformat.from_dict(json.loads(json.dumps(notebook.nb)))
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for cell, result in zip(code_cells, notebook.outputs, strict=True):
        cell.outputs = [nbformat.from_dict(o) for o in result["outputs"]]
        cell.execution_count = result["execution_count"]
    return nb


@event_priority(50)  # before mkdocs-jupyter's on_files, which must see the notebooks
def on_files(files: Files, config) -> Files:
    root = Path(config.config_file_path).resolve().parent
    source_dir = root / NOTEBOOKS_DIR
    cache_dir = root / CACHE_DIR
    chosen = settings(config)
    colab.clear()
    colab.update(colab_versions(root))  # before executing anything: a malformed file fails at once
    notebooks = [
        Notebook(path, path.relative_to(root).as_posix())
        for path in sorted(source_dir.rglob("*.ipynb"))
        if ".ipynb_checkpoints" not in path.parts
    ]

    environment = environment_id(root)
    to_run = []
    for notebook in notebooks:
        load(notebook)
        if notebook.error:
            continue
        notebook.key = cache_key(notebook.nb, environment)
        stored = cache_dir / "outputs" / f"{notebook.rel.replace('/', '__')}.{notebook.key[:20]}.json"
        if chosen["cache"] == "on" and stored.exists():
            record = json.loads(stored.read_text(encoding="utf-8"))
            notebook.outputs, notebook.seconds, notebook.status = record["cells"], record["seconds"], "cached"
            notebook.run = record["run"]
        else:
            to_run.append(notebook)

    cached = sum(n.status == "cached" for n in notebooks)
    if cached:
        log.info(f"notebooks: {cached} of {len(notebooks)} unchanged, outputs taken from {CACHE_DIR}")
    if to_run:
        log.info(f"notebooks: executing {len(to_run)} of {len(notebooks)} ({chosen['workers']} at a time)")
        together = [n for n in to_run if not runs_alone(n)]
        asyncio.run(execute_all(together, chosen["cell_timeout"], chosen["workers"]))
        for notebook in (n for n in to_run if runs_alone(n)):
            log.info(f"notebooks: executing {notebook.rel} alone")
            asyncio.run(execute_all([notebook], chosen["cell_timeout"], 1))

    failed = [n for n in notebooks if n.error]
    if failed:
        lines = "\n".join(f"  {n.rel}: {n.error}" for n in failed)
        raise PluginError(f"{len(failed)} of {len(notebooks)} notebooks failed, so the site was not built:\n{lines}")

    mounted = cache_dir / "site"
    shutil.rmtree(mounted, ignore_errors=True)
    report = {}
    for notebook in notebooks:
        if notebook.status == "executed":
            log.info(f"notebooks: executed {notebook.rel} in {notebook.seconds:.1f} s")
            if chosen["cache"] != "off":
                store(cache_dir / "outputs", notebook)
        copy = mounted / notebook.rel
        copy.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(executed_copy(notebook), copy)
        site_file = File(notebook.rel, str(mounted), config.site_dir, config.use_directory_urls)
        files.append(site_file)
        report[notebook.rel] = {"status": notebook.status, "seconds": round(notebook.seconds, 2), **notebook.run}
    cache_dir.mkdir(parents=True, exist_ok=True)
    (cache_dir / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    runs.clear()
    runs.update(report)
    return files


runs: dict[str, dict] = {}  # this build's report, by notebook path
colab: dict[str, str] = {}  # the date and versions of the Colab environment the Colab check uses


def colab_versions(root: Path) -> dict[str, str]:
    """Date and main versions of Colab's environment, read by the Colab check's own reader."""
    spec = importlib.util.spec_from_file_location("colab_check", root / COLAB_CHECK)
    if spec is None or not (root / COLAB_CHECK).exists():
        return {}  # a site without the Colab check (the tests' fixture sites)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    try:
        env = module.read_requirements(root / "requirements-colab.txt")
    except (OSError, ValueError) as e:
        raise PluginError(f"notebooks: {e}") from e
    versions = ", ".join(f"{label} {env.pins[name]}" for name, label in
                         [("torch", "PyTorch"), ("tensorflow", "TensorFlow"), ("keras", "Keras")] if name in env.pins)
    return {"date": f"{env.colab_date:%-d %B %Y}", "python": env.python, "versions": versions}


def on_page_context(context, page, config, nav):
    """Give a notebook page its execution record (shown under its buttons)."""
    if page.file.src_uri in runs:
        page.notebook_run = {**runs[page.file.src_uri], "colab": colab}
    return context


def store(outputs_dir: Path, notebook: Notebook) -> None:
    """Keep this notebook's outputs under its current key and drop its older entries."""
    outputs_dir.mkdir(parents=True, exist_ok=True)
    prefix = notebook.rel.replace("/", "__") + "."
    for old in outputs_dir.glob(prefix + "*.json"):
        old.unlink()
    record = {"seconds": notebook.seconds, "run": notebook.run, "cells": notebook.outputs}
    (outputs_dir / f"{prefix}{notebook.key[:20]}.json").write_text(json.dumps(record), encoding="utf-8")


def on_serve(server, config, builder):
    """Rebuild on edits under notebooks/ too (they sit outside docs_dir)."""
    server.watch(str(Path(config.config_file_path).resolve().parent / NOTEBOOKS_DIR))
    return server
