"""The site's structure, checked before any notebook runs: a mistake here fails in seconds.

Executing the notebooks takes minutes on a cold cache, so what can be checked from the files alone
is checked first, when the build starts:

- every page in docs/ and every notebook in notebooks/ is listed in ``nav`` in mkdocs.yml, and
  every ``nav`` entry names a file that exists;
- every page has front matter with a ``description:`` of 70 to 200 characters without " < > &;
- every relative link of a page to another page or notebook points at a file that exists.

All problems are reported at once, in one message that names each file and the rule as
CONTRIBUTING.md states it. Anchors (``#part``) are checked later by MkDocs, on the built pages.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
CODE = re.compile(r"^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1[ \t]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def nav_entries(nav) -> list[str]:
    """Every file path the navigation lists."""
    found: list[str] = []
    for item in nav if isinstance(nav, list) else [nav]:
        if isinstance(item, dict):
            for value in item.values():
                found += nav_entries(value)
        elif isinstance(item, list):
            found += nav_entries(item)
        elif isinstance(item, str) and not re.match(r"https?://", item):
            found.append(item)
    return found


def problems(root: Path, docs: Path, nav) -> list[str]:
    """What is wrong with the site's structure, one line each; [] if nothing."""
    found: list[str] = []
    listed = nav_entries(nav or [])
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    notebooks = sorted(p.relative_to(root).as_posix() for p in (root / "notebooks").rglob("*.ipynb")
                       if ".ipynb_checkpoints" not in p.parts)
    for page in pages:
        if page not in listed:
            found.append(f"docs/{page} is not in nav in mkdocs.yml (CONTRIBUTING, rule: Listed in nav)")
    for notebook in notebooks:
        if notebook not in listed:
            found.append(f"{notebook} is not in nav in mkdocs.yml (CONTRIBUTING, rule: Listed in nav)")
    for entry in listed:
        if not (docs / entry).is_file() and not (root / entry).is_file():
            found.append(f"nav in mkdocs.yml lists {entry}, which does not exist")
    for page in pages:
        text = (docs / page).read_text(encoding="utf-8")
        match = FRONT_MATTER.match(text)
        meta = yaml.safe_load(match[1]) if match else None
        description = " ".join(str(meta.get("description", "")).split()) if isinstance(meta, dict) else ""
        if not 70 <= len(description) <= 200:
            found.append(f"docs/{page}: front matter needs a description: of 70 to 200 characters "
                         f"(it has {len(description)}) (CONTRIBUTING, rule: A description of 70 to 200 characters)")
        elif set(description) & set('"<>&'):
            found.append(f'docs/{page}: the description must not contain " < > or & (CONTRIBUTING, rule: A description of 70 to 200 characters)')
        for target in LINK.findall(CODE.sub("", text)):
            if re.match(r"[a-z]+:|#|/", target):
                continue
            path = target.split("#")[0]
            if not path:
                continue
            here = ((docs / page).parent / path).resolve()
            in_repo = (root / (Path(page).parent / path)).resolve()  # notebooks/ is linked as if it were in docs/
            if not here.exists() and not in_repo.exists():
                found.append(f"docs/{page} links {target}, which does not exist (CONTRIBUTING, rule: Relative links to files)")
    return found


def on_pre_build(config):
    root = Path(config.config_file_path).parent
    found = problems(root, Path(config.docs_dir), config.nav)
    if found:
        listing = "\n".join(f"  - {line}" for line in found)
        raise PluginError(
            f"\n\n*** The site's structure has {len(found)} problem(s); no notebook was run. ***\n{listing}\n"
        )

