"""Static checks of the GitHub Actions configuration: actionlint, zizmor and pinning."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.y*ml"))
# The tools come with requirements-dev.txt, in the same environment as this Python.
BIN_DIR = Path(sys.executable).parent

USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>[^\s#]+)\s*(?P<comment>#.*)?$")
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^#\s*v\d+\.\d+\.\d+$")


def tool(name: str) -> str:
    path = BIN_DIR / name
    if not path.is_file():
        pytest.fail(f"{name} not found in {BIN_DIR}; install requirements-dev.txt there")
    return str(path)


def run(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def test_there_are_workflows():
    assert WORKFLOWS, "no workflow files found in .github/workflows"


def test_actionlint_finds_nothing():
    result = run(tool("actionlint"), "-no-color", *map(str, WORKFLOWS))
    assert result.returncode == 0, f"actionlint:\n{result.stdout}{result.stderr}"


def test_zizmor_finds_nothing():
    # zizmor exits non-zero on any finding; the pedantic persona also reports code smells.
    result = run(
        tool("zizmor"), "--offline", "--pedantic", "--no-progress", "--color=never",
        str(GITHUB / "workflows"), str(GITHUB / "dependabot.yml"),
    )
    assert result.returncode == 0, f"zizmor:\n{result.stdout}{result.stderr}"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit(workflow: Path):
    problems = []
    for number, line in enumerate(workflow.read_text(encoding="utf-8").splitlines(), 1):
        match = USES.match(line)
        if not match or match["ref"].startswith("./"):  # local actions need no pin
            continue
        if not PINNED.match(match["ref"]):
            problems.append(f"line {number}: {match['ref']} is not pinned to a 40-hex commit SHA")
        elif not VERSION_COMMENT.match(match["comment"] or ""):
            problems.append(f"line {number}: {match['ref']} lacks a '# vX.Y.Z' comment")
    assert not problems, f"{workflow.name}:\n" + "\n".join(problems)


def test_ci_reuses_executed_notebooks_and_deploys_the_site_it_tested():
    import yaml

    ci = yaml.safe_load((GITHUB / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    job = ci["jobs"]["test-and-build"]
    steps = job["steps"]
    cache_dir = re.search(r'^CACHE_DIR = "([^"]+)"', (ROOT / "hooks" / "notebooks.py").read_text(), re.M)[1]
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == f"{cache_dir}/outputs", "cache the folder where hooks/notebooks.py stores outputs"
    assert job["env"]["TESTED_SITE_DIR"] == "site", "the tests must build the site that is uploaded"
    assert not any("make build" in s.get("run", "") for s in steps), "a second build would deploy an untested site"
    pages = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert pages["with"]["path"] == "site"
    assert ci["jobs"]["deploy"]["needs"] == "test-and-build"
    assert ci[True]["schedule"], "a scheduled run executes every notebook cold"
    assert "refresh" in job["env"]["NOTEBOOK_CACHE"]
    assert [p.name for p in WORKFLOWS] == ["ci.yml", "colab.yml", "links.yml"], "deployment lives in ci.yml, after the tests"
    for other in ("colab.yml", "links.yml"):
        text = (GITHUB / "workflows" / other).read_text(encoding="utf-8")
        assert "deploy-pages" not in text and "upload-pages-artifact" not in text, f"{other} must not deploy"
