"""The Colab check is wired: its environment file, its CI job, its notebook list, and the script itself.

The check itself (every notebook on Colab's versions) runs in its own CI job and with `make colab`,
not here: it needs Python 3.13 and another set of packages. What runs here is everything that makes
a green Colab job mean something.
"""

from __future__ import annotations

import ast
import datetime
import importlib.metadata
import re
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from colab_check import ColabEnvironment, environment_problems, read_requirements, run_notebook
from conftest import ROOT, notebook

WORKFLOW = ROOT / ".github" / "workflows" / "colab.yml"
NOTEBOOKS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
STDLIB = set(sys.stdlib_module_names) | {"__future__"}
NOT_PACKAGES = {"IPython"}  # comes with the kernel, pinned as ipython


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def job() -> dict:
    jobs = workflow()["jobs"]
    assert list(jobs) == ["notebook"], f"{WORKFLOW.name}: expected one job, 'notebook', found {list(jobs)}"
    return jobs["notebook"]


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found: the checks below would pass on nothing"


def test_the_job_lists_every_notebook_and_nothing_else():
    listed = job()["strategy"]["matrix"]["notebook"]
    missing = sorted(set(NOTEBOOKS) - set(listed))
    assert not missing, f"{WORKFLOW.name}: add {', '.join(missing)} to jobs.notebook.strategy.matrix.notebook"
    gone = sorted(set(listed) - set(NOTEBOOKS))
    assert not gone, f"{WORKFLOW.name}: the matrix lists {', '.join(gone)}, which is not in notebooks/"
    assert len(listed) == len(set(listed)), f"{WORKFLOW.name}: a notebook is listed twice"


def test_the_job_runs_the_check_on_colab_python_for_each_notebook():
    steps = job()["steps"]
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["python-version"] == read_requirements().python
    runs = [s["run"] for s in steps if "run" in s]
    assert any("make colab" in r and "NOTEBOOKS=" in r for r in runs), "the job must run `make colab` for its notebook"
    assert job()["strategy"]["fail-fast"] is False


def test_the_job_runs_on_notebook_changes_and_every_week():
    triggers = workflow()[True]  # YAML 1.1 reads the key `on` as True
    paths = triggers["pull_request"]["paths"]
    for needed in ("notebooks/**", "requirements*.txt", "tools/colab_check.py"):
        assert needed in paths, f"{WORKFLOW.name}: pull_request.paths lacks {needed}"
    assert triggers["schedule"], f"{WORKFLOW.name}: no weekly schedule"
    assert "workflow_dispatch" in triggers


def test_the_makefile_target_runs_the_check_in_its_own_environment():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^colab: \$\(COLAB_VENV\)/\.installed\n\t\$\(COLAB_VENV\)/bin/python tools/colab_check\.py", makefile, re.M)
    assert re.search(r"-m pip install --quiet -r requirements-colab\.txt", makefile)


def test_the_colab_requirements_are_dated_and_pinned():
    env = read_requirements()
    assert env.colab_date <= env.checked <= datetime.date.today()
    assert {"torch", "tensorflow", "keras", "numpy", "ipykernel"} <= set(env.pins)


def imports_of(path: Path) -> set[str]:
    """Top-level modules that a notebook's code cells import (IPython magics are skipped)."""
    modules = set()
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules.add(node.module.split(".")[0])
    return modules


def colab_lacks(path: Path) -> dict[str, str]:
    """The COLAB_LACKS map of a notebook's Setup cell: module -> pinned package."""
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "code" and "COLAB_LACKS" in cell.source:
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "COLAB_LACKS":
                    return ast.literal_eval(node.value)
    return {}


@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_colab_requirements_pin_what_the_notebook_imports(rel):
    """Each imported package is pinned at Colab's version, or the notebook installs it as Colab lacks it."""
    distributions = importlib.metadata.packages_distributions()
    pins = read_requirements().pins
    lacks = colab_lacks(ROOT / rel)
    for module in sorted(imports_of(ROOT / rel) - STDLIB - NOT_PACKAGES):
        if module in lacks:
            continue
        names = [re.sub(r"[-_.]+", "-", d).lower() for d in distributions.get(module, [module])]
        assert any(n in pins or n.removesuffix("-cpu") in pins for n in names), (
            f"{rel} imports {module} ({', '.join(names)}): pin Colab's version in requirements-colab.txt, "
            "or install it in the Setup cell through COLAB_LACKS if Colab lacks it"
        )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# colab-date: 2026-08-19\n# checked: 2026-12-04\n# python: 3.13\ntorch>=2.11\n", "line 4: 'torch>=2.11' is not an exact pin"),
        ("# colab-date: 2026-08-19\n# checked: 2026-12-04\n# python: 3.13\ntorch\n", "line 4: 'torch' is not an exact pin"),
        ("# colab-date: 19 Aug 2026\n# checked: 2026-12-04\n# python: 3.13\ntorch==2.11.0\n", "'# colab-date: 19 Aug 2026' is not a date"),
        ("# checked: 2026-12-04\n# python: 3.13\ntorch==2.11.0\n", "no '# colab-date: ...' line"),
        ("# colab-date: 2026-08-19\n# checked: 2026-12-04\n# python: 3.13\ntorch==2.11.0\nTorch==2.10.0\n", "line 5: Torch is pinned twice"),
        ("# colab-date: 2026-08-19\n# checked: 2026-12-04\n# python: three\ntorch==2.11.0\n", "is not a Python version"),
    ],
)
def test_a_malformed_colab_requirements_file_is_refused_naming_it(tmp_path, text, message):
    path = tmp_path / "requirements-colab.txt"
    path.write_text(text)
    with pytest.raises(ValueError, match=re.escape(message)) as raised:
        read_requirements(path)
    assert "requirements-colab.txt" in str(raised.value)


def test_the_check_refuses_an_environment_that_is_not_colab():
    env = ColabEnvironment(datetime.date(2026, 8, 19), datetime.date(2026, 12, 4), "3.99", {"nbformat": "0.0.1", "no-such-package": "1.0"})
    problems = environment_problems(env)
    assert any(p.startswith(f"Python {sys.version_info.major}.{sys.version_info.minor} runs this check") for p in problems)
    assert f"nbformat {nbformat.__version__} is installed; Colab has 0.0.1" in problems
    assert "no-such-package is not installed (Colab has 1.0)" in problems


def write(tmp_path: Path, *cells: str) -> Path:
    path = tmp_path / "n.ipynb"
    path.write_text(notebook(*cells))
    return path


@pytest.mark.slow  # runs a notebook
def test_a_notebook_runs_alone_in_an_empty_folder_with_colab_detected(tmp_path):
    (tmp_path / "data.txt").write_text("beside the notebook, as in a checkout")
    path = write(
        tmp_path,
        "import os, sys\nassert 'google.colab' in sys.modules\nassert os.listdir('.') == [], os.listdir('.')",
        "print('done')",
    )
    error, seconds = run_notebook(path, timeout=60)
    assert error == "" and seconds > 0


@pytest.mark.slow  # runs a notebook
def test_a_failing_cell_is_named_by_its_number_in_the_notebook(tmp_path):
    path = write(tmp_path, "# Title", "x = 1", "assert x == 2, 'x is not 2'")
    error, _ = run_notebook(path, timeout=60)
    assert error == "cell 3 (code cell 2): AssertionError: x is not 2"


@pytest.mark.parametrize("tag", ["skip-execution", "raises-exception"])
@pytest.mark.slow  # runs a notebook
def test_a_cell_fails_as_in_colab_whatever_its_tags(tmp_path, tag):
    path = write(tmp_path, "x = 1", "assert x == 2, 'x is not 2'")
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].metadata["tags"] = [tag]
    nbformat.write(nb, path)
    error, _ = run_notebook(path, timeout=60)
    assert error == "cell 2 (code cell 2): AssertionError: x is not 2"


@pytest.mark.slow  # runs a notebook
def test_a_hanging_cell_is_stopped(tmp_path):
    path = write(tmp_path, "import time\ntime.sleep(600)")
    error, _ = run_notebook(path, timeout=2)
    assert error == "cell 1 (code cell 1): timed out after 2 s"


@pytest.mark.slow  # runs a notebook
def test_a_process_the_notebook_leaves_running_is_ended(tmp_path):
    marker = tmp_path / "pid"
    path = write(tmp_path, f"import subprocess, sys\np = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\nopen({str(marker)!r}, 'w').write(str(p.pid))")
    error, _ = run_notebook(path, timeout=60)
    assert error == ""
    pid = int(marker.read_text())
    status = Path(f"/proc/{pid}/status")
    assert not status.exists() or "State:\tZ" in status.read_text(), "the notebook's server still runs after the check"


@pytest.mark.slow  # runs a notebook
def test_a_malformed_notebook_is_named(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text('{"cells": [')
    error, _ = run_notebook(path, timeout=60)
    assert error.startswith("not a valid notebook")


PINNED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*==[A-Za-z0-9.+!_-]+")
PACKAGE_NAME = re.compile(r"[A-Za-z0-9._-]*")


def unpinned_installs(path: Path) -> list[str]:
    """What a notebook's Setup cell would install in Colab without an exact version."""
    return [
        f"{path.name}: COLAB_LACKS installs {package!r} for `import {module}` without an exact version "
        f"(write {PACKAGE_NAME.match(package)[0]}==<the version in requirements.txt>)"
        for module, package in colab_lacks(path).items()
        if not PINNED.fullmatch(package)
    ]


@pytest.mark.parametrize("rel", NOTEBOOKS)
def test_what_colab_lacks_is_installed_at_an_exact_version(rel):
    problems = unpinned_installs(ROOT / rel)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("value", ['"onnx"', '"onnx>=1.22"', '"onnx==1.22.0 onnxruntime"'])
def test_an_unpinned_install_is_caught_naming_the_notebook(tmp_path, value):
    path = tmp_path / "unpinned.ipynb"
    path.write_text(notebook(f"COLAB_LACKS = {{'onnx': {value}}}"))
    assert unpinned_installs(path) and "unpinned.ipynb: COLAB_LACKS installs" in unpinned_installs(path)[0]


@pytest.mark.slow  # runs a notebook
def test_a_bare_assert_is_named_by_its_line(tmp_path):
    path = write(tmp_path, "x = 1", "assert x == 2\nprint('not reached')")
    error, _ = run_notebook(path, timeout=60)
    assert error == "cell 2 (code cell 2): AssertionError: (no message) at: assert x == 2"
