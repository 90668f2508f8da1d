"""Pages quote notebook figures from the same build, never typed by hand (hooks/results.py).

The fixture builds run the real hook end to end; the cheaper cases call its two functions directly.
The last tests check the real site: each evidence page quotes its notebook, and what it shows is what
that notebook printed in this build.
"""

from __future__ import annotations

import importlib.util
import json
import re

import nbformat
import pytest
from mkdocs.exceptions import PluginError

from conftest import ROOT, notebook

spec = importlib.util.spec_from_file_location("results_hook", ROOT / "hooks" / "results.py")
results = importlib.util.module_from_spec(spec)
spec.loader.exec_module(results)


def publishing(**figures) -> str:
    """A code cell that publishes figures the way the evidence notebooks do."""
    return (
        "from IPython.display import display\n"
        f"display({{{results.MIME!r}: {figures!r}, 'text/markdown': '| name | value |'}}, raw=True)"
    )


def test_a_page_shows_the_figure_the_notebook_published(fixture_site):
    fixture_site.write("notebooks/bench.ipynb", notebook("# Bench", publishing(step_ms="0.42 ms", ratio="3.1×")))
    fixture_site.write("docs/index.md", "# Fixture\n\nOne step takes {{ results.bench.step_ms }}, {{results.bench.ratio}} faster.\n")
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    html = (build.site / "index.html").read_text()
    assert "One step takes 0.42 ms, 3.1× faster." in html
    assert "{{" not in html


def test_an_unknown_figure_fails_the_build_naming_page_and_what_exists(fixture_site):
    fixture_site.write("notebooks/bench.ipynb", notebook("# Bench", publishing(step_ms="0.42 ms")))
    fixture_site.write("docs/index.md", "# Fixture\n\nIt takes {{ results.bench.step_us }}.\n")
    build = fixture_site.build()
    assert build.returncode != 0
    assert "index.md: {{ results.bench.step_us }}: notebooks/bench.ipynb publishes no figure 'step_us'" in build.output
    assert "(it publishes: step_ms)" in build.output


def test_a_figure_without_its_unit_as_text_fails_the_build_naming_notebook_and_cell(fixture_site):
    fixture_site.write("notebooks/bench.ipynb", notebook("# Bench", "x = 1", publishing(step_ms=0.42)))
    build = fixture_site.build()
    assert build.returncode != 0
    assert "results: notebooks/bench.ipynb, cell 3: figure 'step_ms': the value must be a one-line string" in build.output


def test_an_unknown_notebook_and_a_malformed_placeholder_are_refused():
    figures = {"speed": {"mlp": "1 ms"}}
    with pytest.raises(PluginError, match=r"names notebooks/sped\.ipynb, which publishes no figures \(notebooks that do: speed\)"):
        results.substitute("{{ results.sped.mlp }}", "compare/speed.md", figures)
    with pytest.raises(PluginError, match=r"compare/speed\.md: malformed \{\{ results\.speed \}\}"):
        results.substitute("{{ results.speed }}", "compare/speed.md", figures)
    assert results.substitute("a {{ other }} b", "x.md", figures) == "a {{ other }} b", "other braces are left alone"


@pytest.mark.parametrize(
    "figures, problem",
    [({"Step-ms": "1 ms"}, "lowercase snake_case"), ({"step": "two\nlines"}, "one-line string"), ({"step": ""}, "one-line string")],
)
def test_badly_named_or_empty_figures_are_refused(figures, problem):
    nb = nbformat.reads(notebook(publishing(**figures)), as_version=4)
    nb.cells[0].outputs = [nbformat.v4.new_output("display_data", data={results.MIME: figures})]
    with pytest.raises(PluginError, match=problem):
        results.collect(nb, "notebooks/x.ipynb")


# --- The real site -------------------------------------------------------------------------------

EVIDENCE = {  # compare page -> the notebook whose figures it quotes
    "compare/monitoring.md": "tensorboard",
    "compare/deployment.md": "deployment",
    "compare/distributed.md": "distributed",
    "compare/speed.md": "speed",
}


def executed_figures(stem: str) -> dict[str, str]:
    nb = nbformat.read(ROOT / ".cache" / "notebooks" / "site" / "notebooks" / f"{stem}.ipynb", as_version=4)
    return results.collect(nb, stem)


@pytest.mark.parametrize("page, stem", EVIDENCE.items())
def test_each_evidence_page_quotes_its_notebook_from_this_build(site, page, stem):
    source = (ROOT / "docs" / page).read_text()
    quoted = [m[2] for m in results.PLACEHOLDER.finditer(source) if m[1] == stem]
    assert quoted, f"{page} quotes no figure of notebooks/{stem}.ipynb"
    assert f"../notebooks/{stem}.ipynb" in source, f"{page} must link the notebook it quotes"
    figures = executed_figures(stem)
    html = (site.site / page.removesuffix(".md") / "index.html").read_text()
    text = re.sub(r"<[^>]+>", "", html)
    for name in quoted:
        assert figures[name] in text, f"{page}: {name} = {figures[name]!r} is not on the built page"
    assert "{{ results" not in html


@pytest.mark.parametrize("stem", sorted(set(EVIDENCE.values())))
def test_published_figures_are_numbers_the_notebook_computed(stem):
    """A published value must come from a variable, not a literal typed into the publish call."""
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    calls = [c.source for c in nb.cells if c.cell_type == "code" and "publish(" in c.source and "def publish" in c.source]
    assert len(calls) == 1, f"notebooks/{stem}.ipynb: one cell defines and calls publish()"
    typed = re.findall(r"^\s*(\w+)\s*=\s*[\"'][^\"'{]*\d[^\"'{]*[\"'],?\s*$", calls[0], re.MULTILINE)
    assert not typed, f"notebooks/{stem}.ipynb: figures typed by hand into publish(): {typed}"


def test_the_mime_type_is_what_the_notebooks_use():
    for stem in sorted(set(EVIDENCE.values())):
        assert json.dumps(results.MIME)[1:-1] in (ROOT / "notebooks" / f"{stem}.ipynb").read_text(), stem
