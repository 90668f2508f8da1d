"""A search index that stays small as the course grows: notebook pages are indexed by their words.

A MkDocs hook (listed under ``hooks:`` in mkdocs.yml). Material's search plugin indexes the whole
text of every page, and the index is one file that a reader's browser fetches. Notebook pages are
long, mostly code and printed output: with ten notebooks they made two thirds of a 195 kB
(gzipped) index. For notebook pages this hook keeps, in each entry (a section of the page),

- the first paragraph as it was, which search results show as the section's preview;
- after it, every other word of the section once per page, as search splits words (lower case,
  at spaces and hyphens, stop words dropped): the prose's words, and from the code the names it
  uses (``summarywriter``, ``set_weights``, ``tf.summary.scalar`` and its parts).

It leaves out word order and repetitions (so search still finds every word of a notebook, on its
page, but ranks a page by fewer occurrences), the code's layout, literals and comments, and every
cell's output: printed numbers, tables and figures. Markdown pages are indexed as they are.

Outputs are marked ``data-search-exclude`` before the plugin reads the page (the plugin removes
that attribute from the HTML it publishes); the rest is rewritten in the written index.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from mkdocs.plugins import event_priority

CODE_BLOCK = re.compile(r"<pre><code>(.*?)</code></pre>", re.S)
TEASER = re.compile(r"\s*<p>.*?</p>", re.S)
TAG = re.compile(r"<[^>]+>")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
COMMENT = re.compile(r"#[^\n]*")
STRING = re.compile(r"[rbf]{0,2}(\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*')")
SEPARATOR = re.compile(r"[\s\-]+")  # the search plugin's default `separator`
EDGES = re.compile(r"^\W+|\W+$")  # what lunr's trimmer removes from a word
OUTPUT = re.compile(r'(<div class="jp-OutputArea\b[^"]*")')  # one cell's outputs
# lunr's stop words: search drops them from the index anyway
STOP_WORDS = set(
    "a able about across after all almost also am among an and any are as at be because been but by can cannot "
    "could dear did do does either else ever every for from get got had has have he her hers him his how however "
    "i if in into is it its just least let like likely may me might most must my neither no nor not of off often "
    "on only or other our own rather said say says she should since so some than that the their them then there "
    "these they this tis to too twas us wants was we were what when where which while who whom why will with "
    "would yet you your".split()
)

notebook_pages: set[str] = set()  # page URLs ("notebooks/x/") of this build


def words_in(text: str) -> list[str]:
    """The words search takes from a piece of text, in order."""
    found = (EDGES.sub("", word).lower() for word in SEPARATOR.split(html.unescape(TAG.sub(" ", text))))
    return [word for word in found if word and word not in STOP_WORDS]


def names_in(code: str) -> list[str]:
    """Identifiers and dotted names of a code block and their parts; strings and comments dropped."""
    names = []
    for name in NAME.findall(STRING.sub(" ", COMMENT.sub(" ", code))):
        names += [name, *name.split(".")] if "." in name else [name]
    return [name.lower() for name in names if name.lower() not in STOP_WORDS]


def condense(text: str, seen: set[str]) -> str:
    """An entry's text: its first paragraph, then its other words not yet seen on the page."""
    teaser = TEASER.match(text)
    teaser = teaser[0].strip() if teaser else ""
    seen.update(words_in(teaser))
    rest = text[len(teaser) :] if text.startswith(teaser) else text
    words = []
    for i, part in enumerate(CODE_BLOCK.split(rest)):  # odd parts are code blocks
        words += names_in(html.unescape(part)) if i % 2 else words_in(part)
    new = list(dict.fromkeys(w for w in words if w not in seen))
    seen.update(new)
    return " ".join(filter(None, [teaser, f"<p>{html.escape(' '.join(new))}</p>" if new else ""]))


def on_pre_build(config):
    notebook_pages.clear()


@event_priority(-50)  # after hooks/notebook_html.py has settled the notebook page's HTML
def on_page_content(html_text, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return html_text
    notebook_pages.add(page.url)
    return OUTPUT.sub(r'\1 data-search-exclude="output"', html_text)


@event_priority(-100)  # after the search plugin has written the index
def on_post_build(config):
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    seen: dict[str, set[str]] = {}
    for entry in index["docs"]:
        page = entry["location"].split("#", 1)[0]
        if page in notebook_pages:
            entry["text"] = condense(entry["text"], seen.setdefault(page, set()))
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
