"""The contributor's fast check (tools/check.py): what a change touches decides what it runs."""

from __future__ import annotations

import configparser

import check

from conftest import ROOT


def test_a_file_maps_to_the_page_it_becomes():
    assert check.page_of("docs/index.md") == ""
    assert check.page_of("docs/compare/index.md") == "compare/"
    assert check.page_of("docs/compare/speed.md") == "compare/speed/"
    assert check.page_of("notebooks/template.ipynb") == "notebooks/template/"
    assert check.page_of("tests/test_x.py") is None


def test_a_page_or_notebook_touches_itself_only():
    assert check.touched(["docs/compare/speed.md", "notebooks/template.ipynb", "tests/test_x.py"]) == (
        ["compare/speed/", "notebooks/template/"], [])


def test_a_snippet_touches_the_pages_that_include_it():
    pages, snippets = check.touched(["docs_src/compare-speed/timing_pytorch.py"])
    assert pages == ["compare/speed/"] and snippets == ["docs_src/compare-speed/timing_pytorch.py"]


def test_the_facts_touch_every_page_that_quotes_one():
    pages, _ = check.touched(["data/facts.yml"])
    quoting = {str(p.relative_to(ROOT / "docs").with_suffix("")) + "/"
               for p in (ROOT / "docs").rglob("*.md") if "{{ facts." in p.read_text()}
    quoting = {"" if q == "index/" else q.removesuffix("index/") for q in quoting}
    silent = {"compare/ease-of-use/", "contributing/"}
    assert quoting and silent.isdisjoint(quoting), "the test needs pages on both sides"
    assert set(pages) == quoting


def test_the_theme_hooks_and_configuration_touch_every_page():
    for path in ("overrides/main.html", "hooks/facts.py", "mkdocs.yml", "includes/abbreviations.md"):
        assert check.touched([path])[0] is None, path


def test_the_markers_the_check_selects_by_are_registered():
    ini = configparser.ConfigParser()
    ini.read(ROOT / "pytest.ini")
    markers = ini["pytest"]["markers"]
    for marker in ("slow:", "browser:", "snippets:", "site_wide:"):
        assert marker in markers, marker
    for module in ("test_notebook_execution.py", "test_notebook_cache.py"):
        assert "pytestmark = pytest.mark.slow" in (ROOT / "tests" / module).read_text(), module
