"""The Learn track is one course: the home page lists it in the navigation's order, and each
notebook's "What we saw" ends with a link to the next one."""

from __future__ import annotations

import re

import nbformat
import pytest
import yaml

from conftest import ROOT

SITE = "https://side-by-side-dl.github.io/side-by-side/"
NEXT = re.compile(r"\*\*Next in the course:\*\* \[([^\]]+)\]\(([^)]+)\)")


def course() -> list[tuple[str, str]]:
    """(title, notebook path) of each Learn entry, in the navigation's order."""
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["nav"]
    learn = next(entry["Learn"] for entry in nav if isinstance(entry, dict) and "Learn" in entry)
    return [(title, path) for entry in learn for title, path in entry.items()]


def home_course(markdown: str) -> list[tuple[str, str]]:
    """The ordered list under the home page's "The course" heading."""
    match = re.search(r"^## The course\b.*?\n(.*?)(?=^## |\Z)", markdown, re.MULTILINE | re.DOTALL)
    assert match, "docs/index.md has no '## The course' section"
    return re.findall(r"^\d+\. \[([^\]]+)\]\(([^)]+)\)", match[1], re.MULTILINE)


def page_url(path: str) -> str:
    return f"{SITE}notebooks/{path.removeprefix('notebooks/').removesuffix('.ipynb')}/"


def next_link_problem(nb, following: tuple[str, str] | None) -> str:
    """'' if the What we saw cell ends by linking the following notebook (or, for the last, links none)."""
    cells = [c for c in nb.cells if c.cell_type == "markdown" and re.search(r"^## What we saw", c.source, re.M)]
    if len(cells) != 1:
        return "no single Markdown cell with '## What we saw'"
    links = NEXT.findall(cells[0].source)
    if following is None:
        return f"the last notebook of the course links a next one: {links}" if links else ""
    title, path = following
    if links != [(title, page_url(path))]:
        return f"its What we saw should end with **Next in the course:** [{title}]({page_url(path)}), found {links}"
    if not cells[0].source.rstrip().splitlines()[-1].startswith("**Next in the course:**"):
        return "the **Next in the course:** link is not the last line of What we saw"
    return ""


def test_the_course_has_the_learn_notebooks():
    paths = [path for _, path in course()]
    assert len(paths) >= 9 and all(p.startswith("notebooks/") for p in paths), paths


def test_the_home_page_lists_the_course_in_navigation_order():
    listed = home_course((ROOT / "docs" / "index.md").read_text(encoding="utf-8"))
    assert listed == course(), "docs/index.md's '## The course' must list the Learn notebooks as the nav does"


@pytest.mark.parametrize("k", range(len(course())), ids=[path for _, path in course()])
def test_each_notebook_links_the_next_one(k):
    entries = course()
    _, path = entries[k]
    following = entries[k + 1] if k + 1 < len(entries) else None
    problem = next_link_problem(nbformat.read(ROOT / path, as_version=4), following)
    assert not problem, f"{path}: {problem}"


def test_the_course_checks_catch():
    def nb(what_we_saw: str):
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(what_we_saw)])

    following = ("Training dynamics", "notebooks/training-dynamics.ipynb")
    right = f"## What we saw\n\n- a point\n\n**Next in the course:** [Training dynamics]({page_url(following[1])})."
    assert next_link_problem(nb(right), following) == ""
    assert next_link_problem(nb("## What we saw\n\n- a point"), following)  # no link
    assert next_link_problem(nb(right.replace("training-dynamics/", "debugging/")), following)  # wrong page
    assert next_link_problem(nb(right + "\n\nMore prose."), following)  # not at the end
    assert next_link_problem(nb(right), None)  # the last notebook links a next one
    assert home_course("## The course\n\n1. [A](notebooks/a.ipynb): x\n2. [B](notebooks/b.ipynb): y\n") == [
        ("A", "notebooks/a.ipynb"), ("B", "notebooks/b.ipynb")]
