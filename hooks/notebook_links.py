"""Check and rewrite the links inside notebook pages.

A MkDocs hook (listed under ``hooks:`` in mkdocs.yml). MkDocs checks the links of Markdown pages,
but not those inside notebooks (mkdocs-jupyter renders them with nbconvert). A notebook is also read
on GitHub and in Colab, where a relative link to a page of this site cannot work. So, inside
notebooks:

* a link to a page of this site is written as its absolute URL (``site_url`` + the page's path,
  e.g. ``https://example.org/site/compare/speed/``); the build fails if no such page exists, and
  rewrites the link to a relative one so the built site (and its previews) stay self-contained;
* a relative link or image is an error (it would break in Colab);
* ``#anchor`` links must name an element of the same page;
* other absolute links (sources, documentation) are left as they are.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

LINK = re.compile(r'(<(?:a|img)\b[^>]*?\s(?:href|src)=")([^"]*)(")', re.IGNORECASE)
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # https:, mailto:, data:, …


def on_page_content(html, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    site_url = config.site_url or ""
    pages = {f.url.removeprefix("./"): f for f in files}  # the home page's url is "./"
    problems = []

    def rewrite(match: re.Match) -> str:
        start, target, end = match.groups()
        if target.startswith("#"):
            if f'id="{target[1:]}"' not in html:
                problems.append(f"{target}: no element with this id on the page")
            return match.group(0)
        if site_url and target.startswith(site_url):
            path, fragment = urldefrag(target[len(site_url) :])
            found = pages.get(path)
            if found is None:
                problems.append(f"{target}: not a page of this site (no page at '{path}')")
                return match.group(0)
            relative = get_relative_url(found.url, page.url)
            return start + relative + (f"#{fragment}" if fragment else "") + end
        if EXTERNAL.match(target):
            return match.group(0)
        problems.append(
            f"{target}: relative links break in Colab and on GitHub; "
            f"link to the page's full address under {site_url or 'site_url'} instead"
        )
        return match.group(0)

    html = LINK.sub(rewrite, html)
    if problems:
        listed = "\n".join(f"  {p}" for p in problems)
        raise PluginError(f"{page.file.src_uri}: broken links in the notebook:\n{listed}")
    return html
