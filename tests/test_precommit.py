"""The pre-commit checks (.pre-commit-config.yaml): local hooks from pinned PyPI packages, the notebook
hook strips outputs and nothing the project keeps, and CI runs the same hooks on every file."""

from __future__ import annotations

import importlib.metadata
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pre_commit.clientlib import InvalidConfigError, load_config

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / ".pre-commit-config.yaml"
CI = ROOT / ".github" / "workflows" / "ci.yml"
REQUIREMENTS = ROOT / "requirements-dev.txt"
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("*.ipynb"))
# The hooks' tools come with requirements-dev.txt, in the same environment as this Python.
BIN_DIR = Path(sys.executable).parent

PINNED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9._,-]+\])?==[0-9][A-Za-z0-9.+!-]*$")
# Languages whose hooks install nothing from outside PyPI: python (additional_dependencies, pinned)
# and system (a tool of the project's own environment).
LANGUAGES = {"python", "system"}


def hooks(config: dict) -> list[dict]:
    return [hook for repo in config.get("repos") or [] for hook in repo.get("hooks") or []]


def nbstripout_hook(config: dict) -> dict | None:
    return next((h for h in hooks(config) if shlex.split(h.get("entry", "") or "-")[0] == "nbstripout"), None)


def pinned_version(requirements: list[str], name: str) -> str | None:
    for requirement in requirements:
        match = re.match(rf"^{re.escape(name)}==(\S+)$", requirement.split("#")[0].strip(), re.I)
        if match:
            return match[1]
    return None


# --- What each check reports -----------------------------------------------------------------------

def schema_problems(path: Path) -> list[str]:
    try:
        load_config(str(path))
    except InvalidConfigError as error:
        return [f"pre-commit refuses {path.name}: {error}"]
    return []


def source_problems(config: dict) -> list[str]:
    problems = []
    for i, repo in enumerate(config.get("repos") or []):
        if repo.get("repo") != "local":
            problems.append(f"repos[{i}]: {repo.get('repo')!r} is not `repo: local`; nothing is fetched from GitHub")
    for hook in hooks(config):
        name, language = hook.get("id"), hook.get("language")
        dependencies = hook.get("additional_dependencies") or []
        if language not in LANGUAGES:
            problems.append(f"{name}: language: {language}; use python (pinned PyPI packages) or system")
        if language == "python" and not dependencies:
            problems.append(f"{name}: a python hook installs nothing pinned; list its package in additional_dependencies")
        problems += [f"{name}: {dep!r} is not pinned with ==" for dep in dependencies if not PINNED.match(dep)]
    return problems


def target_problems(config: dict) -> list[str]:
    hook = nbstripout_hook(config)
    if hook is None:
        return ["no hook runs nbstripout"]
    files, exclude = re.compile(hook.get("files", "")), re.compile(hook.get("exclude", "^$"))
    problems = [
        f"nbstripout: files {files.pattern!r} does not match {path}" for path in
        (p.relative_to(ROOT).as_posix() for p in NOTEBOOKS) if not files.search(path) or exclude.search(path)
    ]
    problems += [
        f"nbstripout: files {files.pattern!r} also matches {other}; it must target notebooks/ only"
        for other in ("docs/page.ipynb", "notebooks/data.json", "tools/notebooks/x.ipynb") if files.search(other)
    ]
    return problems


def ci_problems(workflow: dict) -> list[str]:
    steps = workflow["jobs"]["test-and-build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    hook_steps = [i for i, run in enumerate(runs) if "pre-commit run --all-files" in run]
    if not hook_steps:
        return ["ci.yml: no step runs `pre-commit run --all-files`"]
    problems = []
    if any(".venv/bin/pre-commit run" not in runs[i] for i in hook_steps):
        problems.append("ci.yml: run pre-commit from the installed environment, .venv/bin/pre-commit")
    tests = next((i for i, run in enumerate(runs) if "make test" in run), len(runs))
    if any(i >= tests for i in hook_steps):
        problems.append("ci.yml: the pre-commit step must come before `make test`, in a step of its own")
    return problems


def requirements_problems(requirements: list[str], config: dict) -> list[str]:
    problems = []
    if not pinned_version(requirements, "pre-commit"):
        problems.append("requirements-dev.txt must pin pre-commit==X.Y.Z")
    hook = nbstripout_hook(config) or {}
    hook_version = pinned_version(hook.get("additional_dependencies") or [], "nbstripout")
    ours = pinned_version(requirements, "nbstripout")
    if ours != hook_version:
        problems.append(f"requirements-dev.txt pins nbstripout=={ours}, the hook installs nbstripout=={hook_version}")
    return problems


def dirty(text: str) -> str:
    """The notebook as Jupyter saves it after a run: outputs, counts and timings in its code cells."""
    nb = json.loads(text)
    for n, cell in enumerate(c for c in nb["cells"] if c["cell_type"] == "code"):
        cell["execution_count"] = n + 1
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": [f"cell {n}\n"]}]
        cell["metadata"] = {**cell["metadata"], "execution": {"iopub.status.idle": "2026-01-01T00:00:00Z"}}
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def stripping_problems(config: dict, workdir: Path) -> list[str]:
    """Run the nbstripout hook as the config states it on the committed notebooks and on a run copy
    of each: the first must come back unchanged, the second equal to the committed file."""
    hook = nbstripout_hook(config)
    if hook is None:
        return ["no hook runs nbstripout"]
    entry = shlex.split(hook["entry"])
    tool = BIN_DIR / entry[0]
    assert tool.is_file(), f"{entry[0]} not found in {BIN_DIR}; install requirements-dev.txt there"
    (workdir / "notebooks").mkdir(parents=True)
    committed = {}
    for path in NOTEBOOKS:
        committed[f"notebooks/{path.name}"] = clean = path.read_text(encoding="utf-8")
        committed[f"notebooks/run-{path.name}"] = clean
        (workdir / "notebooks" / path.name).write_text(clean, encoding="utf-8")
        (workdir / "notebooks" / f"run-{path.name}").write_text(dirty(clean), encoding="utf-8")
    files, exclude = re.compile(hook.get("files", "")), re.compile(hook.get("exclude", "^$"))
    chosen = [name for name in committed if files.search(name) and not exclude.search(name)]
    if not chosen:
        return ["nbstripout hook: its files pattern selects no notebook"]
    result = subprocess.run(
        [str(tool), *entry[1:], *hook.get("args", []), *chosen],
        cwd=workdir, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, check=False,
    )
    if result.returncode != 0:
        return [f"nbstripout failed ({result.returncode}): {result.stdout}{result.stderr}"]
    problems = []
    for name, clean in committed.items():
        if (workdir / name).read_text(encoding="utf-8") != clean:
            what = "a run copy is not stripped back to" if "/run-" in name else "it changes"
            problems.append(f"nbstripout hook: {what} the committed {name.replace('run-', '')}")
    return problems


# --- The repository as it is ------------------------------------------------------------------------

def read_config(path: Path = CONFIG) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_pre_commit_accepts_the_config():
    assert not schema_problems(CONFIG)


def test_every_hook_is_local_and_pinned():
    assert hooks(read_config()), "no hooks in .pre-commit-config.yaml"
    problems = source_problems(read_config())
    assert not problems, "\n".join(problems)


def test_the_notebook_hook_targets_notebooks():
    problems = target_problems(read_config())
    assert not problems, "\n".join(problems)


def test_ci_runs_the_hooks_on_every_file():
    problems = ci_problems(yaml.safe_load(CI.read_text(encoding="utf-8")))
    assert not problems, "\n".join(problems)


def test_requirements_pin_pre_commit_and_the_hooks_nbstripout():
    problems = requirements_problems(REQUIREMENTS.read_text(encoding="utf-8").splitlines(), read_config())
    assert not problems, "\n".join(problems)
    # The functional test runs this environment's nbstripout: it must be the hook's version.
    wanted = pinned_version(nbstripout_hook(read_config())["additional_dependencies"], "nbstripout")
    assert importlib.metadata.version("nbstripout") == wanted, "install requirements-dev.txt again (make)"


def test_the_notebook_hook_strips_outputs_and_nothing_else(tmp_path):
    problems = stripping_problems(read_config(), tmp_path)
    assert not problems, "\n".join(problems)


def test_a_run_copy_really_is_dirty():
    """The functional test's run copies carry what the hook must remove (else it proves nothing)."""
    nb = json.loads(dirty(NOTEBOOKS[0].read_text(encoding="utf-8")))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] and c["execution_count"] for c in code)


# --- Planted faults ---------------------------------------------------------------------------------

NBSTRIPOUT_DEP = "additional_dependencies: [nbstripout==0.9.1]"
# (file, text in the real file, what replaces it, the problem that must be reported)
MUTATIONS = {
    "a hook from GitHub": (CONFIG, "repos:\n", "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n"
                           "    rev: v6.0.0\n    hooks:\n      - id: check-yaml\n", "is not `repo: local`"),
    "an unpinned dependency": (CONFIG, NBSTRIPOUT_DEP, "additional_dependencies: [nbstripout]", "'nbstripout' is not pinned"),
    "a version range": (CONFIG, NBSTRIPOUT_DEP, "additional_dependencies: [nbstripout>=0.9.1]", "is not pinned with =="),
    "a python hook without a package": (CONFIG, "        entry: check-toml\n        language: python\n"
                                        "        additional_dependencies: [pre-commit-hooks==6.0.0]\n",
                                        "        entry: check-toml\n        language: python\n", "check-toml: a python hook installs nothing"),
    "a language that fetches": (CONFIG, "entry: check-toml\n        language: python", "entry: check-toml\n        language: node",
                                "check-toml: language: node"),
    "a hook pre-commit refuses": (CONFIG, "        entry: check-toml\n", "", "pre-commit refuses"),
    "no notebook hook": (CONFIG, "entry: nbstripout\n", "entry: nbstripout-fast\n", "no hook runs nbstripout"),
    "notebooks missed": (CONFIG, r"files: ^notebooks/.*\.ipynb$", r"files: ^notebook/.*\.ipynb$", "does not match notebooks/template.ipynb"),
    "every notebook anywhere": (CONFIG, r"files: ^notebooks/.*\.ipynb$", r"files: \.ipynb$", "also matches docs/page.ipynb"),
    "cell ids renumbered": (CONFIG, "args: [--keep-id]", "args: []", "it changes the committed notebooks/template.ipynb"),
    "outputs kept": (CONFIG, "args: [--keep-id]", "args: [--keep-id, --keep-output]", "a run copy is not stripped back to"),
    "execution counts kept": (CONFIG, "args: [--keep-id]", "args: [--keep-id, --keep-count]", "a run copy is not stripped back to"),
    "notebook metadata dropped": (CONFIG, "args: [--keep-id]", "args: [--keep-id, --extra-keys, metadata.language_info]",
                                  "it changes the committed notebooks/template.ipynb"),
    "CI without pre-commit": (CI, ".venv/bin/pre-commit run --all-files", ".venv/bin/pre-commit run", "no step runs `pre-commit run --all-files`"),
    "CI's pre-commit from elsewhere": (CI, ".venv/bin/pre-commit run", "pipx run pre-commit run", "from the installed environment"),
    "CI's pre-commit after the tests": (CI, "run: make test\n", "run: make test && .venv/bin/pre-commit run --all-files\n",
                                        "before `make test`"),
    "pre-commit unpinned": (REQUIREMENTS, "pre-commit==4.7.0", "pre-commit>=4.7", "must pin pre-commit=="),
    "nbstripout not the hook's version": (REQUIREMENTS, "nbstripout==0.9.1", "nbstripout==0.9.0", "pins nbstripout==0.9.0, the hook installs"),
}


def problems_of(config: Path, ci: Path, requirements: Path, workdir: Path | None) -> list[str]:
    """Every check above; the notebook hook is run when a workdir is given."""
    parsed = read_config(config)
    return (
        schema_problems(config) + source_problems(parsed) + target_problems(parsed)
        + ci_problems(yaml.safe_load(ci.read_text(encoding="utf-8")))
        + requirements_problems(requirements.read_text(encoding="utf-8").splitlines(), parsed)
        + (stripping_problems(parsed, workdir) if workdir else [])
    )


@pytest.mark.parametrize(("real", "old", "new", "message"), MUTATIONS.values(), ids=MUTATIONS.keys())
def test_a_planted_fault_is_caught(tmp_path, real, old, new, message):
    text = real.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{real.name} no longer has {old!r} exactly once: update this mutation"
    files = {CONFIG: CONFIG, CI: CI, REQUIREMENTS: REQUIREMENTS}
    files[real] = tmp_path / real.name
    files[real].write_text(text.replace(old, new), encoding="utf-8")
    # The notebook hook runs only when its config is the planted file (the real one is tested above).
    problems = problems_of(*files.values(), workdir=tmp_path / "work" if real == CONFIG else None)
    assert any(message in p for p in problems), f"{message!r} not reported; found:\n" + "\n".join(problems)


def test_the_real_files_pass_the_same_checks(tmp_path):
    """The mutation test's combined check finds nothing in the real files."""
    problems = problems_of(CONFIG, CI, REQUIREMENTS, workdir=tmp_path)
    assert not problems, "\n".join(problems)
