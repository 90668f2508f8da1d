"""Notebook pages use the theme, carry no inline CSS or JavaScript, and give every figure alt text
(hooks/notebook_html.py)."""

from __future__ import annotations

import re

from conftest import notebook

PLOT = """
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(2, 1.5), dpi=50)
ax.plot([0, 1], [1, 0])
plt.show()
"""


def page(build, name="n") -> str:
    return (build.site / "notebooks" / name / "index.html").read_text()


def test_a_notebook_page_has_no_inline_style_or_script_and_theme_code_blocks(fixture_site):
    fixture_site.write(
        "notebooks/n.ipynb",
        notebook(
            "# N\n\nSome prose.\n\n```python\ny = 2\n```",
            "x = 1\nprint(x + 1)",
            "from IPython.display import Markdown\nMarkdown('| a | b |\\n|---|---|\\n| 1 | 2 |')",
        ),
    )
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    html = page(build)
    article = html[html.index("<article") : html.index("</article>")]
    assert "<style" not in article, "inline stylesheet left in the notebook page"
    assert "<script" not in article, "inline script left in the notebook page"
    cell = re.search(r'<div class="language-python highlight"><pre><code[^>]*>(?:(?!</code>).)*print.*?</code>', article, re.DOTALL)
    assert cell, "code cells must become theme code blocks"
    assert 'class="nb">print' in cell[0], "keywords and built-ins keep their colours"
    assert not re.search(r'class="[nwpo]"', cell[0]), "names, spaces, punctuation and operators need no element of their own"
    assert re.search(r'<div class="language-python highlight"><pre><code[^>]*>(?:(?!</code>).)*y</span>', article, re.DOTALL), (
        "code in Markdown cells must become theme code blocks too (they scroll instead of widening the page)"
    )
    assert "In [" not in article and "Copied!" not in article, "prompts or copy-widget text left on the page"
    assert re.search(r'<pre tabindex="0">2\n?</pre>', article), "outputs must be focusable so they can scroll by keyboard"
    assert re.search(r'jp-RenderedMarkdown jp-OutputArea-output[^"]*"[^>]* tabindex="0"', article), "so must a printed table"
    assert 'class="jp-Cell-inputWrapper" tabindex' not in article, "Markdown cells must not be tab stops"


def test_ids_are_unique_and_the_table_of_contents_links_to_the_headings(fixture_site):
    """A heading that repeats another and a heading with code (the table of contents once linked
    both nowhere), and two code blocks in one cell (whose copy buttons once shared one target)."""
    fixture_site.write(
        "notebooks/n.ipynb",
        notebook(
            "# N\n\n## One\n\n### PyTorch\n\n```python\na = 1\n```\n\n```python\nb = 2\n```",
            "## Two: `fit`\n\n### PyTorch\n\nText.",
        ),
    )
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    html = page(build)
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), f"repeated ids: {sorted({i for i in ids if ids.count(i) > 1})}"
    links = re.findall(r'<a href="#([^"]+)" class="md-nav__link">', html)  # the table of contents
    assert {"pytorch", "pytorch_1", "two-fit"} <= set(links) <= set(ids), links
    assert re.search(r'<a href="#two-fit" class="md-nav__link">\s*<span class="md-ellipsis">\s*Two: fit\s*</span>', html), (
        "a heading's code stays in its table-of-contents entry"
    )
    assert len(re.findall(r'<pre id="[^"]+"', html)) == 2, "each code block of a cell has an id of its own"


def test_a_figure_becomes_a_file_with_alt_text_from_the_next_cell(fixture_site):
    fixture_site.write(
        "notebooks/n.ipynb",
        notebook("# N", PLOT, "# Described\n\nA falling line from 1 to 0 (in `y`, of `x`). It is straight."),
    )
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    html = page(build)
    image = re.search(r"<img [^>]*>", html[html.index("jp-Notebook") :])[0]
    assert 'alt="A falling line from 1 to 0 (in y, of x)."' in image, "alt text: the first sentence of the next cell's first paragraph"
    assert "data:image" not in html, "figures must not be inlined as base64"
    src = re.search(r'src="([^"]+)"', image)[1]
    png = (build.site / "notebooks" / "n" / src).read_bytes()
    assert png.startswith(b"\x89PNG")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert f'width="{width}"' in image and f'height="{height}"' in image, "size given, so the page does not jump"
    assert png[25] == 3, "plots are stored with a palette of at most 256 colours (PNG colour type 3)"


def test_a_figure_without_a_description_fails_naming_notebook_and_cell(fixture_site):
    fixture_site.write("notebooks/n.ipynb", notebook("# N", "x = 1", PLOT))
    build = fixture_site.build()
    assert build.returncode != 0
    assert "notebooks/n.ipynb: cell 3 draws a figure, but no Markdown cell follows it" in build.output
