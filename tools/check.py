"""The contributor's fast check (``make check``): what a change can break, in about two minutes.

    make check                  the change of this branch and the working tree, against main
    make check BASE=v1.2        against another commit

1. A strict build of the site (notebook outputs come from the cache; a notebook whose code changed
   runs). Structure mistakes (nav, front matter, links) fail first, before any notebook runs.
2. Every test that needs no browser and runs no notebook: pages, facts, figures, conventions and
   hygiene of every notebook, the built site, workflows. They reuse the site step 1 built.
3. The code files that pages include (docs_src/) that the change touched, run and compared with
   their printed comments.
4. The browser checks of single pages (axe in light and dark, console errors, requests to other
   hosts, phone width) on the pages the change touched; a change to the theme, the hooks or
   mkdocs.yml touches every page. The checks of the whole site (search, tabs, keyboard,
   screenshots) are left to ``make test``.

Step 2 runs on every CPU core (pytest-xdist); it reuses the site that step 1 built.

``make test`` runs everything, as CI does; run it before asking for a review of a notebook or a
hook. Each step prints its time; the check stops at the first step that fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVERY_PAGE = ("overrides/", "hooks/", "includes/", "mkdocs.yml", "requirements.txt", "package.json", "package-lock.json")


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def changed_files(base: str) -> list[str]:
    """Files changed since the merge base with ``base``, committed or not, and new untracked files."""
    try:
        since = git("merge-base", "HEAD", base).strip()
    except subprocess.CalledProcessError:
        since = "HEAD"
    names = git("diff", "--name-only", since).split() + git("ls-files", "--others", "--exclude-standard").split()
    return sorted(set(names))


def page_of(path: str) -> str | None:
    """The URL path of the page a docs/ or notebooks/ file becomes."""
    if path.startswith("docs/") and path.endswith(".md"):
        page = path.removeprefix("docs/").removesuffix(".md").removesuffix("index")
        return page + "/" if page and not page.endswith("/") else page
    if path.startswith("notebooks/") and path.endswith(".ipynb"):
        return path.removesuffix(".ipynb") + "/"
    return None


def touched(files: list[str]) -> tuple[list[str] | None, list[str]]:
    """(pages to check in the browser, None for all; docs_src files to run)."""
    if any(f.startswith(EVERY_PAGE) or f in EVERY_PAGE for f in files):
        pages = None
    else:
        pages = {page for f in files if (page := page_of(f)) is not None}
        for f in files:
            if f.startswith("docs_src/") or f == "data/facts.yml" or f == "CONTRIBUTING.md":
                needle = {"data/facts.yml": "{{ facts.", "CONTRIBUTING.md": '--8<-- "CONTRIBUTING.md"'}.get(f, f)
                pages |= {page_of(p.relative_to(ROOT).as_posix()) for p in (ROOT / "docs").rglob("*.md")
                          if needle in p.read_text(encoding="utf-8")}
        pages = sorted(pages)
    snippets = [f for f in files if f.startswith("docs_src/") and f.endswith(".py") and (ROOT / f).is_file()]
    return pages, snippets


def step(title: str, command: list[str], env: dict[str, str] | None = None) -> float:
    print(f"\n=== {title}", flush=True)
    start = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, env={**os.environ, **(env or {})})
    took = time.monotonic() - start
    if result.returncode != 0:
        print(f"\n*** make check: '{title}' failed after {took:.0f} s (see above). ***", file=sys.stderr)
        sys.exit(result.returncode)
    print(f"--- {title}: passed in {took:.0f} s", flush=True)
    return took


def main() -> None:
    base = os.environ.get("BASE") or "main"
    files = changed_files(base)
    pages, snippets = touched(files)
    print(f"make check: {len(files)} file(s) changed against {base}", flush=True)
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    times = [
        step("strict build", [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], {"NO_MKDOCS_2_WARNING": "1"}),
        step("tests without browser or notebook runs",
             [*pytest, "-n", "auto", "-m", "not slow and not browser and not snippets"]),
    ]
    if snippets:
        times.append(step(f"{len(snippets)} changed snippet(s)", [*pytest, "-m", "snippets", "tests/test_docs_src.py"],
                          {"CHECK_SNIPPETS": ",".join(snippets)}))
    if pages is None or pages:
        which = "every page (the theme, a hook or the configuration changed)" if pages is None else f"{len(pages)} page(s)"
        env = {} if pages is None else {"CHECK_PAGES": ",".join("/" + page for page in pages)}
        workers = ["-n", "auto"] if pages is None or len(pages) > 3 else []  # a browser per core
        times.append(step(f"browser checks on {which}",
                          [*pytest, *workers, "-m", "browser and not site_wide", "tests/test_browser.py"], env))
    print(f"\nmake check passed in {sum(times):.0f} s. Before review, `make test` runs everything, as CI does.")


if __name__ == "__main__":
    main()
