"""Figures that pages quote from notebooks, taken from the notebooks' run in the same build.

A notebook publishes named figures with one display output that carries the MIME type below: a JSON
object of name -> value, where each value is a one-line string formatted as the page will show it,
with its unit if it has one ("0.42 ms", "3.1×", "PyTorch 2.13.0"); the build checks that it is a
non-empty line of text, not what it says. The same output carries a Markdown table, which is what the notebook page and
Colab show. A Markdown page quotes a figure as

    {{ results.<notebook file stem>.<name> }}     e.g.  {{ results.speed.mlp_train_pt }}

and this hook puts the value there before the page is converted. An unknown notebook or name, a
malformed placeholder or a badly published figure fails the build with the page or the notebook
named, so no page can show a number the build did not produce. So does any other ``{{`` left in a
page's prose (``{{ result.speed.x }}``, ``{{ speed.x }}``), which would otherwise reach readers as
raw text; inside code (fenced blocks, inline code) ``{{`` is left alone. Placeholders are replaced in
a page's own Markdown only, not in files it includes with snippets.
"""

from __future__ import annotations

import re

import nbformat
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

MIME = "application/vnd.side-by-side.results+json"
NAME = re.compile(r"[a-z][a-z0-9_]*")
PLACEHOLDER = re.compile(r"\{\{\s*results\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)\s*\}\}")
ANY_PLACEHOLDER = re.compile(r"\{\{\s*results\b.*?\}\}")
CODE = re.compile(r"^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1[ \t]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL)  # fenced blocks, inline code
BRACES = re.compile(r"\{\{.{0,60}")

published: dict[str, dict[str, str]] = {}  # notebook file stem -> name -> value


def collect(nb: nbformat.NotebookNode, where: str) -> dict[str, str]:
    """Every figure a notebook's outputs publish; a bad one raises, naming the notebook and cell."""
    figures: dict[str, str] = {}
    for index, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if MIME not in data:
                continue
            if not isinstance(data[MIME], dict):
                raise PluginError(f"results: {where}, cell {index}: publish a mapping of name -> value")
            for name, value in data[MIME].items():
                problem = (
                    "names are lowercase snake_case" if not NAME.fullmatch(name)
                    else "published twice" if name in figures
                    else "the value must be a non-empty one-line string, as the page shows it"
                    if not isinstance(value, str) or not value.strip() or "\n" in value
                    else ""
                )
                if problem:
                    raise PluginError(f"results: {where}, cell {index}: figure {name!r}: {problem}")
                figures[name] = value
    return figures


def substitute(markdown: str, where: str, figures: dict[str, dict[str, str]]) -> str:
    """The page with each placeholder replaced by its figure; an unknown one raises."""

    def value(match: re.Match) -> str:
        stem, name = match[1], match[2]
        if stem not in figures:
            known = ", ".join(sorted(figures)) or "none"
            raise PluginError(
                f"results: {where}: {match[0]} names notebooks/{stem}.ipynb, which publishes no figures "
                f"(notebooks that do: {known})"
            )
        if name not in figures[stem]:
            raise PluginError(
                f"results: {where}: {match[0]}: notebooks/{stem}.ipynb publishes no figure {name!r} "
                f"(it publishes: {', '.join(figures[stem])})"
            )
        return figures[stem][name]

    for candidate in ANY_PLACEHOLDER.finditer(markdown):
        if not PLACEHOLDER.fullmatch(candidate[0]):
            raise PluginError(f"results: {where}: malformed {candidate[0]}; write {{{{ results.<notebook>.<name> }}}}")
    replaced = PLACEHOLDER.sub(value, markdown)
    for leftover in BRACES.finditer(CODE.sub("", replaced)):
        raise PluginError(
            f"results: {where}: {leftover[0].splitlines()[0]!r} would reach readers as raw text; a figure is "
            "written {{ results.<notebook>.<name> }}, and a literal '{{' belongs in code"
        )
    return replaced


@event_priority(40)  # after hooks/notebooks.py (50) has added the executed notebooks to the files
def on_files(files, config):
    published.clear()
    for file in files:
        if file.src_uri.endswith(".ipynb"):
            nb = nbformat.read(file.abs_src_path, as_version=4)
            stem = file.src_uri.rsplit("/", 1)[-1].removesuffix(".ipynb")
            figures = collect(nb, file.src_uri)
            if figures and stem in published:
                raise PluginError(f"results: two notebooks named {stem}.ipynb publish figures; rename one")
            if figures:
                published[stem] = figures
    return files


def on_page_markdown(markdown, page, config, files):
    if not page.file.src_uri.endswith(".md"):  # notebook pages show their own outputs
        return markdown
    return substitute(markdown, page.file.src_uri, published)
