"""hooks/search_index.py: notebook pages are found by every word of their prose and code, in a small index."""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT, notebook

_spec = importlib.util.spec_from_file_location("search_index", ROOT / "hooks" / "search_index.py")
search_index = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(search_index)

NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
# The index with ten notebooks before this hook, gzipped at level 9 (195 kB). It must not grow past
# this as the course grows: today's is 119 kB, and twice the notebooks still fit (see the README).
BUDGET_GZIP_BYTES = 194_536


def index_of(site) -> dict:
    return json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))


def words_of_page(index: dict, url: str) -> set[str]:
    entries = [e for e in index["docs"] if e["location"].split("#")[0] == url]
    assert entries, f"no index entry for {url}"
    return {w for e in entries for w in search_index.words_in(e["title"] + " " + e["text"])}


def test_there_are_notebooks():
    assert NOTEBOOKS


FENCE = re.compile(r"```[a-z]*\n(.*?)```", re.S)
TEX = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)  # becomes MathML, whose symbols are not words
LINK_TARGET = re.compile(r"\]\([^)]*\)")


def prose_words(markdown: str) -> set[str]:
    """The words a reader sees in a Markdown cell: fenced code, math and link targets aside."""
    markdown = LINK_TARGET.sub("] ", TEX.sub(" ", FENCE.sub(" ", markdown)))
    parts = markdown.split("`")  # odd parts are inline code, indexed as written
    text = " ".join(p if i % 2 else re.sub(r"<[^>]+>|[*\[\]]", " ", p) for i, p in enumerate(parts))
    return {w for w in search_index.words_in(text) if len(w) > 1 and re.search("[a-z]", w)}  # a lone letter (the "s" of "34 s") finds nothing


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_search_finds_a_notebook_by_every_word_of_its_prose_and_every_name_in_its_code(site, path):
    nb = nbformat.read(path, as_version=4)
    indexed = words_of_page(index_of(site), f"notebooks/{path.stem}/")
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    prose = {w for source in markdown for w in prose_words(source)}
    code = [c.source for c in nb.cells if c.cell_type == "code"] + [b for s in markdown for b in FENCE.findall(s)]
    names = {n for source in code for n in search_index.names_in(source)}
    assert len(prose) > 200 and len(names) > 50, f"{path.name}: too few words to test ({len(prose)}, {len(names)})"
    assert sorted(prose - indexed) == [], f"{path.name}: prose words missing from the search index"
    assert sorted(names - indexed) == [], f"{path.name}: code names missing from the search index"


def test_notebook_entries_hold_no_code_block_and_no_output(site):
    for entry in index_of(site)["docs"]:
        if entry["location"].startswith("notebooks/"):
            assert "<pre>" not in entry["text"], f"{entry['location']}: a code block or an output was indexed"
            assert "jp-OutputArea" not in entry["text"]


def test_markdown_pages_are_indexed_as_they_are(site):
    entries = [e for e in index_of(site)["docs"] if e["location"].startswith("compare/speed/")]
    assert any("<pre><code>" in e["text"] or "<code>" in e["text"] for e in entries)


def test_the_index_stays_within_its_budget(site):
    size = len(gzip.compress((site.site / "search" / "search_index.json").read_bytes(), 9))
    assert size <= BUDGET_GZIP_BYTES, f"the search index is {size:,} bytes gzipped, over its budget of {BUDGET_GZIP_BYTES:,}"


def test_the_published_pages_keep_no_search_attribute(site):
    html = (site.site / "notebooks" / "template" / "index.html").read_text()
    assert "data-search-exclude" not in html


def test_condense_keeps_the_first_paragraph_and_each_other_word_once():
    seen: set[str] = set()
    text = "<p>First paragraph, kept as it is.</p> <p>Words words again</p> <pre><code>model.fit(X, y)  # a comment\nprint(&quot;a string&quot;)</code></pre>"
    out = search_index.condense(text, seen)
    assert out.startswith("<p>First paragraph, kept as it is.</p>")
    rest = out.split("</p>", 1)[1]
    assert rest == " <p>words again model.fit model fit x y print</p>", rest
    assert search_index.condense("<p>Words again.</p>", seen) == "<p>Words again.</p>", "a teaser stays even if seen"
    assert search_index.condense("<p>x</p> <p>words fit</p>", seen) == "<p>x</p>", "seen words are not repeated"


def test_outputs_are_left_out_in_a_fixture_site(fixture_site):
    config = fixture_site.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("plugins:\n", "plugins:\n  - search\n"))
    fixture_site.write("notebooks/n.ipynb", notebook("# Title\n\nSome prose about gradients.", "answer_value = 6 * 7\nprint('printed' + 'zebra' * 2)"))
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    index = json.loads((build.site / "search" / "search_index.json").read_text())
    words = words_of_page(index, "notebooks/n/")
    assert {"gradients", "answer_value", "print"} <= words
    assert "printedzebrazebra" not in words, "the cell's output was indexed"
