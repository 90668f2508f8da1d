"""Make notebook pages as light and accessible as Markdown pages.

A MkDocs hook (listed under ``hooks:`` in mkdocs.yml). mkdocs-jupyter renders a notebook with
nbconvert's JupyterLab template, which inlines about 600 KB of JupyterLab CSS and several scripts in
every notebook page, shows "In [1]:" prompts, and embeds plots as base64 images without alt text.
This hook rewrites the rendered notebook so that it uses the theme like any other page:

* inline ``<style>`` and ``<script>`` elements and HTML comments are removed (notebook styling is
  a few rules in the site's shared stylesheet; hooks/mathml.py typesets math; nothing loads from a
  CDN);
* prompts, collapsers and nbconvert's copy widgets are removed; code cells become Material code
  blocks (``.highlight > pre > code``), so they look like the code on Markdown pages and get the
  theme's copy button;
* scrollable outputs become keyboard-focusable, and Markdown cells stop being tab stops;
* every heading and code block has an id of its own, and the table of contents links to the headings;
* every plot is written next to the page as a PNG file (instead of base64 in the HTML), reduced to
  256 colours when that is smaller, with its width and height, and with alt text: the first sentence of the Markdown cell that follows it. A
  plot with no Markdown cell after it fails the build, naming the notebook and the cell.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
from html import escape as html_escape
from pathlib import Path

from bs4 import BeautifulSoup, Comment
from PIL import Image
from mkdocs.exceptions import PluginError

REMOVE = ".jp-InputPrompt, .jp-OutputPrompt, .jp-Collapser, .zeroclipboard-container, .clipboard-copy-txt, .celltoolbar"
SENTENCE = re.compile(r"^(.+?[.!?])(?:\s|$)", re.DOTALL)
ALT_MAX = 250  # characters; longer descriptions are cut at a word boundary


def on_page_content(html, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.select("style, script"):
        element.decompose()
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()  # nbconvert's "<!-- Load mathjax -->" and the like
    for element in soup.select(REMOVE):
        element.decompose()
    for element in soup.select(".jp-Notebook [tabindex]"):
        del element["tabindex"]  # Markdown cells and output areas are no tab stops; scrollable outputs are, below
    for outer in soup.select(".jp-Notebook > .jp-CodeCell"):
        if outer.find(class_="jp-CodeCell", recursive=False):
            outer.unwrap()  # mkdocs-jupyter wraps each code cell in a second .jp-Cell
    for anchor in soup.select("a.anchor-link"):
        anchor["class"] = ["headerlink"]
        anchor["title"] = "Permanent link"
    _code_blocks(soup)
    _code_block_ids(soup)
    _headings_and_toc(soup, page)
    _fewer_elements(soup)
    for pre in soup.select(".jp-OutputArea-output pre"):
        pre["tabindex"] = "0"
    for output in soup.select(".jp-OutputArea-output.jp-RenderedMarkdown"):
        if output.find("table"):
            output["tabindex"] = "0"  # a wide table scrolls inside it (site.css): keyboard users scroll it too
    _figures(soup, page, Path(config.site_dir))
    return str(soup)


def _code_blocks(soup: BeautifulSoup) -> None:
    """nbconvert's code (``div.highlight-ipynb > pre`` in code cells, ``div.highlight > pre`` in
    Markdown cells) becomes Material's ``div.highlight > pre > code``, which scrolls sideways."""
    for block in soup.select("div.highlight-ipynb, .jp-RenderedMarkdown div.highlight"):
        pre = block.find("pre", recursive=False)
        if pre is None or pre.find("code", recursive=False):
            continue
        code = soup.new_tag("code")
        for child in list(pre.children):
            code.append(child.extract())
        pre.append(code)
        block["class"] = ["language-python", "highlight"]


def _code_block_ids(soup: BeautifulSoup) -> None:
    """The theme names each code block after the nearest element with an id, ``__code_<id>``, and its
    copy button copies ``#__code_<id> > code``. In a notebook that element is the cell, so two code
    blocks in one Markdown cell got one name, and the second block's button copied the first block.
    Each block of such a cell gets an id of its own, which the theme then uses."""
    for cell in soup.select(".jp-Cell[id]"):
        blocks = cell.select("div.highlight > pre")
        if len(blocks) > 1:
            for number, pre in enumerate(blocks, start=1):
                pre["id"] = f"{cell['id']}-{number}"


def _headings_and_toc(soup: BeautifulSoup, page) -> None:
    """Every heading has an id of its own, and the table of contents links to it.

    mkdocs-jupyter builds a notebook's table of contents from a Markdown copy of the notebook, apart
    from the page, and the two disagree: there a heading's inline code is lost ("PyTorch:
    `state_dict()`" is listed as "PyTorch:" and linked to #pytorch_1), and a repeated heading
    ("PyTorch" under several sections) is numbered, while on the page it repeats the first one's id.
    So the page's headings keep their ids, numbered like Markdown pages' when one repeats
    (pytorch, pytorch_1, ...), and the table of contents, which lists the same headings in the same
    order, takes their ids and text."""
    headings = soup.select(".jp-RenderedMarkdown :is(h1, h2, h3, h4, h5, h6)[id]")
    seen: set[str] = set()
    for heading in headings:
        base, number = heading["id"], 0
        while heading["id"] in seen:
            number += 1
            heading["id"] = f"{base}_{number}"
        seen.add(heading["id"])
        link = heading.find("a", class_="headerlink")
        if link is not None:
            link["href"] = f"#{heading['id']}"

    def entries(items):
        for item in items:
            yield item
            yield from entries(item.children)

    toc = list(entries(page.toc)) if page.toc else []
    if len(toc) != len(headings):
        return  # not the same headings: leave the table of contents as mkdocs-jupyter made it
    for item, heading in zip(toc, headings):
        item.id = heading["id"]
        item.title = html_escape(" ".join(heading.get_text().replace("¶", " ").split()))


def _fewer_elements(soup: BeautifulSoup) -> None:
    """Drop elements that change nothing on screen: a long notebook has thousands, and the
    browser's style and layout work grows with their number.

    nbconvert wraps each cell's input in four nested divs that only JupyterLab's stylesheet used;
    Pygments wraps every name, space, punctuation mark and operator in a ``<span>``: names look like
    plain code anyway, and punctuation and operators, slightly lighter in the theme, then take the
    code colour. Keywords, strings, numbers and comments keep theirs. That halves a page's elements."""
    for wrapper in soup.select(
        ".jp-Cell-inputWrapper, .jp-InputArea, .jp-CodeMirrorEditor, .CodeMirror, .jp-Cell-outputWrapper, .jp-OutputArea-child"
    ):
        wrapper.unwrap()
    for span in soup.select(".jp-CodeCell code span:is(.n, .w, .p, .o)"):
        span.unwrap()
    soup.smooth()  # merge the text pieces left next to each other


def _figures(soup: BeautifulSoup, page, site_dir: Path) -> None:
    cells = soup.select(".jp-Notebook > .jp-Cell")  # code cells nest a second .jp-Cell inside
    out_dir = site_dir / page.file.dest_uri.rsplit("/", 1)[0] if "/" in page.file.dest_uri else site_dir
    for number, cell in enumerate(cells, start=1):
        images = cell.select('.jp-OutputArea-output img[src^="data:image/png;base64,"]')
        if not images:
            continue
        alt = _description_after(cells, number)
        if not alt:
            raise PluginError(
                f"{page.file.src_uri}: cell {number} draws a figure, but no Markdown cell follows it to "
                "describe it; write what the figure shows in the next cell (its first sentence becomes "
                "the image's alt text)"
            )
        for image in images:
            data = _smaller_png(base64.b64decode(image["src"].split(",", 1)[1]))
            name = f"figure-{hashlib.sha256(data).hexdigest()[:12]}.png"
            out_dir.mkdir(parents=True, exist_ok=True)
            (out_dir / name).write_bytes(data)
            width, height = _png_size(data)
            image["src"] = name
            image["alt"] = alt
            image.attrs.setdefault("width", str(width))
            image.attrs.setdefault("height", str(height))
            image["loading"] = "lazy"
            image["decoding"] = "async"
            if image.get("class") == [""] or image.get("class") == []:
                del image["class"]


def _description_after(cells, number: int) -> str:
    """The first sentence of the Markdown cell right after cell ``number`` (1-based), or ''.

    Its first paragraph is used, so that a heading above the description is left out.
    """
    if number >= len(cells) or "jp-MarkdownCell" not in cells[number].get("class", []):
        return ""
    paragraph = cells[number].find("p") or cells[number]
    text = " ".join(paragraph.get_text(" ").replace("¶", " ").replace("$", "").split())  # TeX: no $ in alt
    text = re.sub(r" ([,.;:!?)])", r"\1", text).replace("( ", "(")  # spaces get_text put around inline code
    match = SENTENCE.match(text)
    sentence = match[1] if match else text
    if len(sentence) > ALT_MAX:
        sentence = sentence[:ALT_MAX].rsplit(" ", 1)[0] + "…"
    return sentence


def _smaller_png(data: bytes) -> bytes:
    """The plot with at most 256 colours, when that is smaller (plots use few colours; most of
    their bytes are anti-aliasing shades, which 256 colours still render smoothly)."""
    with Image.open(io.BytesIO(data)) as image:
        if image.mode not in ("RGB", "RGBA"):
            return data
        palette = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE if image.mode == "RGBA" else Image.Quantize.MEDIANCUT)
        out = io.BytesIO()
        palette.save(out, format="PNG", optimize=True)
    return out.getvalue() if out.tell() < len(data) else data


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
