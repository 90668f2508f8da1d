"""Source links of notebook pages: Open in Colab, Download .ipynb, View source on GitHub, Edit.

A MkDocs hook (listed under ``hooks:`` in mkdocs.yml). Every link is derived from two settings of
mkdocs.yml and nothing else, ``repo_url`` (``https://github.com/OWNER/REPO``) and ``edit_uri``
(``edit/BRANCH/DOCS_DIR/``), plus the notebook's path in the repository, which is its path in the
site: hooks/notebooks.py mounts ``notebooks/x.ipynb`` at ``notebooks/x.ipynb``.

For a notebook page it sets ``page.notebook_links`` (read by overrides/partials/content.html),
points ``page.edit_url`` at the committed notebook, and copies that notebook into the site next to
the page, so "Download" serves the same file Colab opens.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

GITHUB = re.compile(r"https://github\.com/(?P<repo>[\w.-]+/[\w.-]+?)/?")
EDIT_URI = re.compile(r"edit/(?P<branch>[^/]+)/.*")


def repository(config) -> tuple[str, str]:
    """(OWNER/REPO, branch) from repo_url and edit_uri, or a clear error."""
    repo = GITHUB.fullmatch(config.repo_url or "")
    edit = EDIT_URI.fullmatch(config.edit_uri or "")
    if not repo or not edit:
        raise PluginError(
            "source_links: mkdocs.yml needs repo_url: https://github.com/OWNER/REPO and "
            f"edit_uri: edit/BRANCH/DOCS_DIR/ (got {config.repo_url!r} and {config.edit_uri!r})"
        )
    return repo["repo"], edit["branch"]


def links_for(page, config) -> dict[str, str]:
    repo, branch = repository(config)
    path = page.file.src_uri
    return {
        "path": path,
        "edit": f"https://github.com/{repo}/edit/{branch}/{path}",
        "colab": f"https://colab.research.google.com/github/{repo}/blob/{branch}/{path}",
        "github": f"https://github.com/{repo}/blob/{branch}/{path}",
        "download": get_relative_url(page.file.src_uri, page.url),
    }


def on_page_context(context, page, config, nav):
    if not page.file.src_uri.endswith(".ipynb"):
        return context
    page.notebook_links = links = links_for(page, config)
    page.edit_url = links["edit"]
    root = Path(config.config_file_path).resolve().parent
    source = root / links["path"]
    if not source.is_file():
        raise PluginError(f"source_links: {page.file.src_uri} has no committed source at {links['path']}")
    target = Path(config.site_dir) / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return context
