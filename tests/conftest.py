"""Shared fixtures: the real site built once, and small throw-away sites for failure cases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
import build_record  # noqa: E402
MKDOCS = [sys.executable, "-m", "mkdocs"]
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


@dataclass
class Build:
    returncode: int
    output: str  # stdout and stderr together
    site: Path
    root: Path

    def report(self) -> dict:
        """hooks/notebooks.py's record of what it executed and what it took from the cache."""
        return json.loads((self.root / ".cache" / "notebooks" / "report.json").read_text())

    def executed(self) -> set[str]:
        return {path for path, entry in self.report().items() if entry["status"] == "executed"}


def mkdocs_build(root: Path, site: Path, **env: str) -> Build:
    result = subprocess.run(
        [*MKDOCS, "build", "--strict", "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(site)],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        capture_output=True,
        text=True,
        timeout=900,
    )
    return Build(result.returncode, result.stdout + result.stderr, site, root)


@pytest.fixture(scope="session")
def site() -> Build:
    """The real site in site/ (or ``TESTED_SITE_DIR``), built at most once per test run.

    When site/ holds a strict build without warnings from the files now in the repository (the
    record hooks/build_record.py writes), for example right after ``make build``, it is reused as
    it is; otherwise it is built (notebook outputs come from the cache when valid).
    ``REBUILD_SITE=1`` builds it in any case. CI sets ``TESTED_SITE_DIR=site`` and deploys the
    site these tests have checked.
    """
    site_dir = (ROOT / os.environ.get("TESTED_SITE_DIR", "site")).resolve()
    if os.environ.get("REBUILD_SITE") != "1" and build_record.current(ROOT, site_dir):
        return Build(0, f"reused {site_dir}: a strict build without warnings from the same files", site_dir, ROOT)
    build = mkdocs_build(ROOT, site_dir)
    assert build.returncode == 0, f"the site does not build:\n{build.output}"
    return build


def notebook(*cells: str, kernelspec: dict | None = KERNELSPEC, metadata: dict | None = None) -> str:
    """A notebook as JSON text; cells starting with '#' are Markdown, the others code."""
    nb = nbformat.v4.new_notebook(metadata=metadata or {})
    for source in cells:
        source = textwrap.dedent(source).strip()
        is_markdown = source.startswith("#")
        nb.cells.append(nbformat.v4.new_markdown_cell(source) if is_markdown else nbformat.v4.new_code_cell(source))
    if kernelspec:
        nb.metadata["kernelspec"] = kernelspec
        nb.metadata["language_info"] = {"name": "python"}
    return nbformat.writes(nb)


FIXTURE_CONFIG = """\
site_name: Fixture
site_url: https://example.org/fixture/
repo_url: https://github.com/owner/repo
edit_uri: edit/main/docs/
theme:
  name: material
  custom_dir: {root}/overrides
markdown_extensions:
  - pymdownx.snippets:
      base_path: ["."]
      check_paths: true
  - pymdownx.arithmatex:
      generic: true
strict: true
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
hooks:
  - {root}/hooks/notebooks.py
  - {root}/hooks/notebook_links.py
  - {root}/hooks/facts.py
  - {root}/hooks/results.py
  - {root}/hooks/notebook_html.py
  - {root}/hooks/mathml.py
  - {root}/hooks/source_links.py
  - {root}/hooks/code_blocks.py
  - {root}/hooks/search_index.py
  - {root}/hooks/build_record.py
plugins:
  - mkdocs-jupyter:
      include: ["*.ipynb"]
      execute: false
      ignore_h1_titles: true
extra:
  notebooks:
    cell_timeout: {timeout}
    workers: {workers}
"""


class FixtureSite:
    """A small site in a temporary folder that uses the project's real hooks and theme."""

    def __init__(self, root: Path, timeout: float = 60, workers: int = 2):
        self.root = root
        (root / "docs").mkdir(parents=True)
        (root / "notebooks").mkdir()
        (root / "mkdocs.yml").write_text(FIXTURE_CONFIG.format(root=ROOT, timeout=timeout, workers=workers))
        self.write("docs/index.md", "# Fixture\n\nA page.\n")

    def write(self, path: str, text: str) -> Path:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        return target

    def build(self, **env: str) -> Build:
        return mkdocs_build(self.root, self.root / "site", **env)


@pytest.fixture
def fixture_site(tmp_path) -> FixtureSite:
    return FixtureSite(tmp_path / "fixture")


def pytest_collection_modifyitems(config, items):
    """Browser tests that check one page (they take ``page_path``) and those that check the site as a
    whole (search, tabs, keyboard, screenshots): make check runs only the first kind, for the pages a
    change touched (tools/check.py)."""
    for item in items:
        if item.get_closest_marker("browser") and "page_path" not in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.site_wide)
