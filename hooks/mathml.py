"""Typeset math at build time, as MathML: no script, no font and no stylesheet to download.

A MkDocs hook (listed under ``hooks:`` in mkdocs.yml). Browsers render MathML themselves (Chrome
and Edge since 109, Firefox, Safari), so the math a reader sees costs no request. The TeX comes
from two places:

* Markdown pages: pymdownx.arithmatex (generic mode) wraps it as ``<span class="arithmatex">\\(…\\)</span>``
  and ``<div class="arithmatex">\\[…\\]</div>``;
* notebook pages: nbconvert leaves ``$…$`` and ``$$…$$`` as text in Markdown cells.

latex2mathml converts each formula. A formula it cannot convert fails the build, naming the page
and the formula.
"""

from __future__ import annotations

import html
import re

from bs4 import BeautifulSoup
from latex2mathml.converter import convert
from mkdocs.exceptions import PluginError

ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.DOTALL)
NOTEBOOK_MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$(?!\d)", re.DOTALL)


def mathml(tex: str, display: bool, where: str) -> str:
    try:
        result = convert(tex.strip(), display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises several kinds of errors on bad TeX
        raise PluginError(f"{where}: cannot typeset the formula {tex.strip()!r}: {error}") from error
    if "<merror" in result:
        raise PluginError(f"{where}: cannot typeset the formula {tex.strip()!r}")
    if display:  # a wide formula scrolls sideways (site.css): a tab stop, so a keyboard can scroll it
        result = result.replace("<math ", '<math tabindex="0" ', 1)
    return result


def on_page_content(html_text, page, config, files):
    where = page.file.src_uri
    if where.endswith(".ipynb"):
        return _notebook(html_text, where)

    def replace(match: re.Match) -> str:
        tag, tex = match[1], html.unescape(match[2]).strip()
        display = tag == "div"
        tex = tex[2:-2] if tex[:2] in ("\\(", "\\[") else tex
        return mathml(tex, display, where)

    return ARITHMATEX.sub(replace, html_text)


def _notebook(html_text: str, where: str) -> str:
    if "$" not in html_text:
        return html_text
    soup = BeautifulSoup(html_text, "html.parser")
    for cell in soup.select(".jp-RenderedMarkdown"):
        for text in list(cell.find_all(string=True)):
            if "$" not in text or text.find_parent(["code", "pre", "script"]):
                continue
            parts, last = [], 0
            for match in NOTEBOOK_MATH.finditer(str(text)):
                parts.append(html.escape(str(text)[last : match.start()], quote=False))
                parts.append(mathml(match[1] or match[2], match[1] is not None, where))
                last = match.end()
            if not parts:
                continue
            parts.append(html.escape(str(text)[last:], quote=False))
            text.replace_with(BeautifulSoup("".join(parts), "html.parser"))
    return str(soup)

