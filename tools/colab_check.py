"""Run the notebooks as a Google Colab reader does: alone, on Colab's package versions.

    make colab                                   # every notebook
    make colab NOTEBOOKS=notebooks/speed.ipynb   # only these

``make colab`` creates ``.venv-colab`` with Colab's Python, installs ``requirements-colab.txt``
(Colab's versions of everything the notebooks import) and runs this script there. The CI workflow
``.github/workflows/colab.yml`` runs it for each notebook on every pull request that touches the
notebooks or the requirements, and every week. For each notebook it

1. checks that this Python and the installed packages are the ones ``requirements-colab.txt`` pins,
   so a pass means what it says;
2. starts a fresh kernel in an empty temporary folder, because Colab opens a notebook alone with no
   repository around it, and makes ``"google.colab" in sys.modules`` true there, so that the Setup
   cell installs what Colab lacks exactly as it does in Colab (this needs the network, as Colab has);
3. runs every cell with a per-cell time limit, then ends whatever the notebook left running;
4. removes what the notebook installed, so the next one starts from Colab's set again, and fails
   the notebook if it replaced a package that Colab has (the most common way a notebook breaks
   in Colab is an install cell that downgrades Colab's own packages).

It prints one line per notebook and exits non-zero if any failed, naming the notebook, the cell and
the error.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements-colab.txt"
CELL_TIMEOUT = 300  # seconds; generous, since CI machines vary, and the build keeps the tight limit
HEADER = re.compile(r"^#\s*(colab-date|checked|python):\s*(.*?)\s*$")
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[A-Za-z0-9.+!_-]+)\s*(#.*)?$")

# The first cell the kernel runs, before the notebook's own: Colab's marker module, the process
# group to clean up afterwards, and a guard that the kernel is this environment's Python.
PRELUDE = """\
import os as _os, sys as _sys, types as _types
_sys.modules.setdefault("google.colab", _types.ModuleType("google.colab"))
assert _sys.prefix == {prefix!r}, "the kernel is not the Colab environment's Python: " + _sys.prefix
print(_os.getpgid(0))
del _os, _sys, _types
"""


@dataclass
class ColabEnvironment:
    colab_date: datetime.date  # the date of Colab's package list
    checked: datetime.date  # when requirements-colab.txt was last compared with that list
    python: str  # "3.13"
    pins: dict[str, str]  # normalised package name -> version


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_requirements(path: Path = REQUIREMENTS) -> ColabEnvironment:
    """The pinned Colab environment; a malformed file raises ValueError naming the file and line."""
    fields: dict[str, str] = {}
    pins: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        where = f"{path.name}, line {number}"
        if header := HEADER.match(line):
            fields[header[1]] = header[2]
        elif line.strip() and not line.lstrip().startswith("#"):
            pin = PIN.match(line.strip())
            if not pin:
                raise ValueError(f"{where}: {line.strip()!r} is not an exact pin 'name==version'")
            if normalise(pin["name"]) in pins:
                raise ValueError(f"{where}: {pin['name']} is pinned twice")
            pins[normalise(pin["name"])] = pin["version"]
    missing = [name for name in ("colab-date", "checked", "python") if name not in fields]
    if missing:
        raise ValueError(f"{path.name}: no '# {missing[0]}: ...' line (the header says where the list comes from)")
    dates = {}
    for name in ("colab-date", "checked"):
        try:
            dates[name] = datetime.date.fromisoformat(fields[name])
        except ValueError:
            raise ValueError(f"{path.name}: '# {name}: {fields[name]}' is not a date (YYYY-MM-DD)") from None
    if not re.fullmatch(r"3\.\d+", fields["python"]):
        raise ValueError(f"{path.name}: '# python: {fields['python']}' is not a Python version such as 3.13")
    if not pins:
        raise ValueError(f"{path.name}: pins no package")
    return ColabEnvironment(dates["colab-date"], dates["checked"], fields["python"], pins)


def environment_problems(env: ColabEnvironment) -> list[str]:
    """How this Python and its packages differ from the pinned Colab environment."""
    problems = []
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    if running != env.python:
        problems.append(f"Python {running} runs this check; Colab runs Python {env.python}")
    for name, version in env.pins.items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            problems.append(f"{name} is not installed (Colab has {version})")
            continue
        if installed.split("+")[0] != version:  # "2.11.0+cpu" is Colab's 2.11.0
            problems.append(f"{name} {installed} is installed; Colab has {version}")
    return problems


def failing_line(traceback: str) -> str:
    """For an error without a message (a bare assert): the line of the cell that raised it."""
    arrows = re.findall(r"^-+> *\d+ (.*)$", re.sub(r"\x1b\[[0-9;]*m", "", traceback), re.MULTILINE)
    return f"(no message) at: {arrows[-1].strip()}" if arrows else "(no message)"


def last_line(text: str) -> str:
    lines = [line.strip() for line in re.sub(r"\x1b\[[0-9;]*m", "", text).splitlines() if line.strip()]
    return lines[-1] if lines else ""


def run_notebook(path: Path, timeout: float) -> tuple[str, float]:
    """Execute one notebook as Colab would; return ('', seconds) or (error naming the cell, seconds)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as e:  # nbformat raises several unrelated types for unreadable files
        return f"not a valid notebook ({type(e).__name__}: {last_line(str(e))})", 0.0
    for cell in nb.cells:  # Colab runs every cell and stops at any error, whatever a cell's tags say
        cell.metadata.pop("tags", None)
    nb.cells.insert(0, nbformat.v4.new_code_cell(PRELUDE.format(prefix=sys.prefix)))
    current = {"index": None}
    folder = tempfile.mkdtemp(prefix="colab-")  # empty: Colab has no checkout around the notebook
    client = NotebookClient(
        nb,
        timeout=timeout,
        allow_errors=False,
        kernel_name="python3",  # the kernel of this environment (the prelude checks it)
        resources={"metadata": {"path": folder}},
        on_cell_start=lambda cell, cell_index: current.update(index=cell_index),
        extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
    )
    error = ""
    start = time.perf_counter()
    # The kernel's own stderr (start-up chatter, not the cells' output) goes to a file, quoted if it dies.
    with tempfile.TemporaryFile("w+") as kernel_stderr:
        try:
            client.execute(stderr=kernel_stderr)
        except CellTimeoutError:
            error = f"timed out after {timeout:g} s"
        except CellExecutionError as e:
            error = f"{e.ename}: {last_line(e.evalue) or failing_line(str(e))}"
        except DeadKernelError as e:
            kernel_stderr.seek(0)
            error = f"the kernel died ({last_line(str(e))}); its last words: {last_line(kernel_stderr.read())}"
        except Exception as e:  # a kernel that cannot start, and the like
            error = f"{type(e).__name__}: {last_line(str(e))}"
    seconds = time.perf_counter() - start
    end_leftovers(nb.cells[0])
    shutil.rmtree(folder, ignore_errors=True)
    if error and current["index"] == 0:
        return f"before its first cell: {error}", seconds
    if error and current["index"] is not None:
        i = current["index"]  # counts the prelude, so it is the notebook's 1-based cell number
        code_number = sum(c.cell_type == "code" for c in nb.cells[1 : i + 1])
        error = f"cell {i} (code cell {code_number}): {error}"
    return error, seconds


def end_leftovers(prelude) -> None:
    """End processes the notebook started and left running (a TensorBoard server, say)."""
    printed = "".join(o.get("text", "") for o in prelude.get("outputs", []) if o.get("name") == "stdout")
    if printed.strip().isdigit() and int(printed) != os.getpgid(0):
        try:
            os.killpg(int(printed), signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def installed() -> dict[str, str]:
    return {normalise(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()}


def undo_installs(before: dict[str, str]) -> tuple[list[str], list[str]]:
    """Put the environment back as it was; return (what was added, what was replaced)."""
    after = installed()
    added = sorted(f"{name}=={after[name]}" for name in set(after) - set(before))
    replaced = sorted(f"{name} {before[name]} -> {after[name]}" for name in before if after.get(name, before[name]) != before[name])
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    if added:
        subprocess.run([*pip, "uninstall", "-y", *(a.split("==")[0] for a in added)], check=True)
    if replaced:
        subprocess.run([*pip, "install", "--no-deps", *(f"{r.split()[0]}=={r.split()[1]}" for r in replaced)], check=True)
    return added, replaced


def notebooks_in(root: Path) -> list[Path]:
    return sorted(p for p in (root / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all in notebooks/)")
    parser.add_argument("--timeout", type=float, default=CELL_TIMEOUT, help="seconds per cell")
    args = parser.parse_args(argv)

    try:
        env = read_requirements()
    except ValueError as e:
        print(f"colab check: {e}", file=sys.stderr)
        return 2
    problems = environment_problems(env)
    if problems:
        print("colab check: this is not Colab's environment (run it with `make colab`):", file=sys.stderr)
        print("\n".join(f"  {p}" for p in problems), file=sys.stderr)
        return 2

    paths = [p.resolve() for p in args.notebooks] or notebooks_in(ROOT)
    print(f"Colab's versions of {env.colab_date} (Python {env.python}); {len(paths)} notebooks, each alone", flush=True)
    failed = []
    for path in paths:
        rel = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
        before = installed()
        error, seconds = run_notebook(path, args.timeout)
        added, replaced = undo_installs(before)  # the next notebook starts from Colab's set again
        if replaced and not error:
            error = f"it replaced packages Colab has ({', '.join(replaced)}): install only what Colab lacks"
        note = f"; installed what Colab lacks: {', '.join(added)}" if added else ""
        print(f"{'FAIL' if error else 'ok  '} {rel} ({seconds:.0f} s){': ' + error if error else note}", flush=True)
        if error:
            failed.append(f"  {rel}: {error}")
    if failed:
        print(f"\n{len(failed)} of {len(paths)} notebooks fail on Colab's versions:\n" + "\n".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
