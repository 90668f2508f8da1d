"""Code shown on pages (docs_src/) runs, and prints what its comments say it prints."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT

SNIPPETS = sorted((ROOT / "docs_src").rglob("*.py"))
PRINT_WITH_VALUE = re.compile(r"^\s*print\(.*\)\s+#\s*(?P<value>.+)$")


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: str(p.relative_to(ROOT / "docs_src")))
def test_snippet_runs_and_prints_what_it_says(path):
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    result = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=300, env=env, cwd=path.parent)
    assert result.returncode == 0, result.stderr
    promised = [m["value"].strip() for line in path.read_text().splitlines() if (m := PRINT_WITH_VALUE.match(line))]
    printed = [line.strip() for line in result.stdout.splitlines()]
    assert printed == promised, f"{path.name}: printed {printed}, its comments say {promised}"


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: str(p.relative_to(ROOT / "docs_src")))
def test_snippet_is_included_by_a_page(path):
    include = path.relative_to(ROOT).as_posix()
    pages = [p for p in (ROOT / "docs").rglob("*.md") if include in p.read_text()]
    assert pages, f"{include} is shown on no page"
