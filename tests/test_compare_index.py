"""Every compare page appears in the compare overview and the home scorecard; every rule a check names is in CONTRIBUTING."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

DOCS = ROOT / "docs"
COMPARE = sorted(p.name for p in (DOCS / "compare").glob("*.md") if p.name != "index.md")
NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen".split()


def table_links(markdown: str, heading: str) -> list[str]:
    """The pages linked in the first column of the table under a heading."""
    section = re.search(rf"^## {re.escape(heading)}.*?\n(.*?)(?=^## |\Z)", markdown, re.MULTILINE | re.DOTALL)
    assert section, f"no '## {heading}' section"
    return re.findall(r"^\| \[[^\]]+\]\(([^)#]+)\) \|", section[1], re.MULTILINE)


def missing_from(listed: list[str], prefix: str = "") -> list[str]:
    return [page for page in COMPARE if prefix + page not in listed]


def test_there_are_compare_pages():
    assert len(COMPARE) >= 9


def test_the_overview_lists_every_compare_page_once():
    overview = (DOCS / "compare" / "index.md").read_text(encoding="utf-8")
    heading = re.search(r"^## The (\w+) questions$", overview, re.MULTILINE)
    assert heading, "compare/index.md: a '## The <number> questions' heading over the table"
    listed = table_links(overview, heading[0][3:])
    assert sorted(listed) == COMPARE, f"compare/index.md: list every compare page in its table (missing: {missing_from(listed)}; CONTRIBUTING, rule: A compare page's shape)"
    assert heading[1] == NUMBERS[len(COMPARE)], f"compare/index.md says '{heading[1]}' questions; there are {len(COMPARE)}"
    assert f"the {NUMBERS[len(COMPARE)]} questions" in overview, "the description counts the questions too"


def test_the_home_scorecard_lists_every_compare_page_once():
    home = (DOCS / "index.md").read_text(encoding="utf-8")
    listed = table_links(home, "The short answer")
    assert sorted(listed) == [f"compare/{p}" for p in COMPARE], (
        f"docs/index.md: the scorecard under '## The short answer' needs a row for every compare page "
        f"(missing: {missing_from(listed, 'compare/')}; CONTRIBUTING, rule: A compare page's shape)"
    )


@pytest.mark.parametrize("table, listed", [
    ("overview", ["ease-of-use.md"]),
    ("scorecard", ["compare/ease-of-use.md"]),
])
def test_a_missing_row_is_named(table, listed):
    prefix = "compare/" if table == "scorecard" else ""
    assert "speed.md" in missing_from(listed, prefix)


# --- Rules as CONTRIBUTING states them -------------------------------------------------------------

RULE = re.compile(r"CONTRIBUTING, rule: ([A-Z][^)\"\n;]*)")


def rules_cited() -> set[str]:
    sources = [p for p in [*(ROOT / "tests").glob("*.py"), *(ROOT / "hooks").glob("*.py")] if p.name != "test_compare_index.py"]
    return {m.strip() for path in sources for m in RULE.findall(path.read_text(encoding="utf-8"))}


def test_every_rule_a_check_names_is_stated_in_contributing():
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    cited = rules_cited()
    assert len(cited) >= 6, cited
    missing = sorted(rule for rule in cited if f"**{rule}.**" not in contributing)
    assert not missing, f"checks name rules that CONTRIBUTING.md does not state as '**<rule>.**': {missing}"
