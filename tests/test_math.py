"""Math is typeset at build time as MathML, in Markdown pages and in notebooks (hooks/mathml.py)."""

from __future__ import annotations

import re

import nbformat

from conftest import ROOT, notebook

NOTEBOOKS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("*.ipynb"))


def prose(path: str) -> str:
    return "".join(c.source for c in nbformat.read(ROOT / path, 4).cells if c.cell_type == "markdown")


def test_markdown_math_becomes_mathml(site):
    html = (site.site / "deep-learning" / "index.html").read_text()
    assert html.count("<math") >= 4, "the deep-learning chapter shows at least a neuron, a loss, the chain rule, a step"
    assert 'class="arithmatex"' not in html, "TeX left for a script to typeset"


def test_notebook_math_becomes_mathml(site):
    with_math = [n for n in NOTEBOOKS if "$" in prose(n)]
    assert with_math, "no notebook has math; this test must check at least one"
    for path in with_math:
        html = (site.site / path.removesuffix(".ipynb") / "index.html").read_text()
        assert "<math" in html, path
        body = re.sub(r"<(pre|code)\b.*?</\1>", "", html[html.index("jp-Notebook") :], flags=re.DOTALL)
        assert not re.search(r"\$[^$<>\s][^$<>]*\$", body), f"{path}: raw $…$ left on the page"


def test_no_page_loads_a_math_library(site):
    for page in site.site.rglob("*.html"):
        text = page.read_text()
        assert "katex" not in text.lower() and "mathjax" not in text.lower(), f"{page.relative_to(site.site)}"


def test_math_in_a_fixture_page_and_notebook(fixture_site):
    fixture_site.write("docs/index.md", "# Home\n\nA neuron: $y = \\sigma(w^\\top x + b)$.\n\n$$\\frac{a}{b}$$\n")
    fixture_site.write("notebooks/n.ipynb", notebook("# N\n\nThe step $\\theta \\leftarrow \\theta - \\eta g$, price `$5`.", "1"))
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    page = (build.site / "index.html").read_text()
    assert 'display="inline"' in page and 'display="block"' in page and "<mfrac>" in page
    nb = (build.site / "notebooks" / "n" / "index.html").read_text()
    assert "<mi>θ</mi>" in nb and "<code>$5</code>" in nb


def test_a_formula_that_cannot_be_typeset_fails_naming_page_and_formula(fixture_site):
    fixture_site.write("docs/index.md", "# Home\n\nBroken: $\\frac{1}{$.\n")
    build = fixture_site.build()
    assert build.returncode != 0
    assert "index.md: cannot typeset the formula" in build.output
