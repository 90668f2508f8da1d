"""Pages quote notebook figures from the same build, never typed by hand (hooks/results.py).

The fixture builds run the real hook end to end; the cheaper cases call its two functions directly.
The last tests check the real site: each evidence page quotes its notebook, and what it shows is what
that notebook printed in this build.
"""

from __future__ import annotations

import ast
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


def test_a_mistyped_placeholder_fails_the_build_naming_the_page(fixture_site):
    fixture_site.write("notebooks/bench.ipynb", notebook("# Bench", publishing(step_ms="0.42 ms")))
    fixture_site.write("docs/index.md", "# Fixture\n\nOne step takes {{ result.bench.step_ms }}.\n")
    build = fixture_site.build()
    assert build.returncode != 0
    assert "results: index.md: '{{ result.bench.step_ms }}.' would reach readers as raw text" in build.output


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
    assert "results: notebooks/bench.ipynb, cell 3: figure 'step_ms': the value must be a non-empty one-line string" in build.output


def test_an_unknown_notebook_and_a_malformed_placeholder_are_refused():
    figures = {"speed": {"mlp": "1 ms"}}
    with pytest.raises(PluginError, match=r"names notebooks/sped\.ipynb, which publishes no figures \(notebooks that do: speed\)"):
        results.substitute("{{ results.sped.mlp }}", "compare/speed.md", figures)
    with pytest.raises(PluginError, match=r"compare/speed\.md: malformed \{\{ results\.speed \}\}"):
        results.substitute("{{ results.speed }}", "compare/speed.md", figures)


@pytest.mark.parametrize("typo", ["{{ result.speed.mlp }}", "{{ speed.mlp }}", "{{results.speed.mlp}", "{{ other }}"])
def test_any_other_double_brace_in_prose_is_refused(typo):
    with pytest.raises(PluginError, match=r"compare/speed\.md: '\{\{.*' would reach readers as raw text"):
        results.substitute(f"It takes {typo} per step.", "compare/speed.md", {"speed": {"mlp": "1 ms"}})


def test_double_braces_in_code_are_left_alone():
    page = "Use `${{ secrets.TOKEN }}`.\n\n=== \"YAML\"\n\n    ```yaml\n    run: echo ${{ github.sha }}\n    ```\n\nAnd {{ results.speed.mlp }}."
    assert results.substitute(page, "x.md", {"speed": {"mlp": "1 ms"}}) == page.replace("{{ results.speed.mlp }}", "1 ms")


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


PUBLISHING = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb") if json.dumps(results.MIME)[1:-1] in p.read_text())


def published_values(source: str) -> dict[str, ast.expr]:
    """name -> the expression a cell publishes: keywords of publish(), and of a dict passed as **dict."""
    tree = ast.parse(source)
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "publish"]
    assert len(calls) == 1, f"publish() is called {len(calls)} times; call it once"
    values = {}
    for keyword in calls[0].keywords:
        if keyword.arg is not None:
            values[keyword.arg] = keyword.value
            continue
        assert isinstance(keyword.value, ast.Name), "publish(**x): x must be a name"
        mapping = keyword.value.id
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name) and target.id == mapping and isinstance(node.value, ast.Dict):
                    values.update({ast.unparse(k): v for k, v in zip(node.value.keys, node.value.values, strict=True)})
                elif isinstance(target, ast.Subscript) and getattr(target.value, "id", "") == mapping:
                    values[ast.unparse(target.slice)] = node.value
    return values


def typed_by_hand(value: ast.expr) -> bool:
    """A figure with a digit that reads no variable: a literal, an f-string of literals, str(0.41), "1" + " ms"."""
    called = {id(n.func) for n in ast.walk(value) if isinstance(n, ast.Call)}
    reads = [n for n in ast.walk(value) if isinstance(n, ast.Name) and id(n) not in called]
    return not reads and any(ch.isdigit() for ch in ast.unparse(value))


def typed_figures(source: str) -> list[str]:
    return [name for name, value in published_values(source).items() if typed_by_hand(value)]


PLANTED = {
    "an f-string of a literal": ('pt_event_kib=f"93.1 KiB"', ["pt_event_kib"]),
    "a plain literal": ('size="12.0 KiB"', ["size"]),
    "str() of a number": ('ratio=str(0.41)', ["ratio"]),
    "a concatenation": ('step="0.42" + " ms"', ["step"]),
    "computed values": ('kib=f"{file_kib[\'pt\']:.1f} KiB", n=str(num_epochs), note="graph only"', []),
}


@pytest.mark.parametrize("arguments, typed", PLANTED.values(), ids=PLANTED.keys())
def test_a_figure_typed_into_publish_is_found(arguments, typed):
    assert typed_figures(f"publish({arguments})") == typed


def test_a_figure_typed_into_the_dict_that_is_published_is_found():
    source = 'figures = {"hardware": HARDWARE, "peak": "2,150 GFLOP/s"}\nfigures["speedup"] = f"{1.8:.2f}×"\npublish(**figures)'
    assert typed_figures(source) == ["'peak'", "'speedup'"]


@pytest.mark.parametrize("stem", PUBLISHING)
def test_published_figures_are_values_the_notebook_computed(stem):
    """A published figure must read a variable of the notebook, not be typed into the publish call."""
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    calls = [c.source for c in nb.cells if c.cell_type == "code" and "publish(" in c.source and "def publish" in c.source]
    assert len(calls) == 1, f"notebooks/{stem}.ipynb: one cell defines and calls publish()"
    assert published_values(calls[0]), f"notebooks/{stem}.ipynb: publish() publishes nothing this test can read"
    typed = typed_figures(calls[0])
    assert not typed, f"notebooks/{stem}.ipynb: figures typed by hand into publish(): {typed}"


def test_the_mime_type_is_what_the_notebooks_use():
    assert set(EVIDENCE.values()) <= set(PUBLISHING), "an evidence notebook does not publish with results.MIME"
