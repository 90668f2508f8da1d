"""Code shown on pages (docs_src/) runs, and prints what its comments say it prints."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

SNIPPETS = sorted((ROOT / "docs_src").rglob("*.py"))
# make check runs only the snippets a change touched (tools/check.py sets CHECK_SNIPPETS)
CHANGED = os.environ.get("CHECK_SNIPPETS")
RUN = [p for p in SNIPPETS if p.relative_to(ROOT).as_posix() in CHANGED.split(",")] if CHANGED else SNIPPETS
PRINT_WITH_VALUE = re.compile(r"^\s*print\(.*\)\s+#\s*(?P<value>.+)$")


def snippet_problem(path: Path) -> str:
    """'' when the snippet runs and prints, line by line, the values its print() comments promise."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    result = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=300, env=env, cwd=path.parent)
    if result.returncode != 0:
        return f"{path.name} failed: {result.stderr.strip().splitlines()[-1] if result.stderr.strip() else result.returncode}"
    promised = [m["value"].strip() for line in path.read_text().splitlines() if (m := PRINT_WITH_VALUE.match(line))]
    printed = [line.strip() for line in result.stdout.splitlines()]
    return "" if printed == promised else f"{path.name}: printed {printed}, its comments say {promised}"


PLANTED = {
    "a print that differs from its comment": ("print(1 + 1)  # 3", "x.py: printed ['2'], its comments say ['3']"),
    "a print never reached": ("try:\n    int('4')\nexcept ValueError:\n    print('raised')  # raised", "printed [], its comments say ['raised']"),
    "a line printed without a comment": ("print('a')  # a\nprint('b')", "printed ['a', 'b'], its comments say ['a']"),
    "an error": ("import no_such_module", "x.py failed: ModuleNotFoundError: No module named 'no_such_module'"),
}


@pytest.mark.parametrize("source, message", PLANTED.values(), ids=PLANTED.keys())
def test_the_snippet_check_catches(tmp_path, source, message):
    (tmp_path / "x.py").write_text(source + "\n")
    assert message in snippet_problem(tmp_path / "x.py")


@pytest.mark.snippets
@pytest.mark.parametrize("path", RUN, ids=lambda p: str(p.relative_to(ROOT / "docs_src")))
def test_snippet_runs_and_prints_what_it_says(path):
    assert snippet_problem(path) == ""


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: str(p.relative_to(ROOT / "docs_src")))
def test_snippet_is_included_by_a_page(path):
    include = path.relative_to(ROOT).as_posix()
    pages = [p for p in (ROOT / "docs").rglob("*.md") if include in p.read_text()]
    assert pages, f"{include} is shown on no page (CONTRIBUTING, rule: Code in docs_src, tabs on the page)"
