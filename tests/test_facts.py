"""Dated facts: kept once in data/facts.yml with source and check date, quoted by pages (hooks/facts.py)."""

from __future__ import annotations

import datetime as dt
import re
import sys

import pytest
import yaml
from mkdocs.exceptions import PluginError

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import facts as hook  # noqa: E402

DOCS = ROOT / "docs"
TODAY = dt.date(2026, 12, 5)
GOOD = {"value": "PyTorch 2.14.0", "what": "the newest stable PyTorch release",
        "source": "https://github.com/pytorch/pytorch/releases", "checked": dt.date(2026, 12, 4)}


def known(**entries) -> dict:
    return hook.check(entries, DOCS, TODAY)


def all_facts() -> dict:
    return hook.load(ROOT / hook.FILE, DOCS, dt.date.today())


def pages() -> list[str]:
    return sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))


# --- The data ---------------------------------------------------------------------------------------


def test_the_facts_file_is_valid_and_every_fact_is_quoted_by_a_page():
    facts = all_facts()
    assert len(facts) >= 14, "data/facts.yml holds the site's dated facts"
    quoted = set()
    for page in pages():
        quoted |= set(hook.substitute((DOCS / page).read_text(encoding="utf-8"), page, facts)[1])
    unused = sorted(set(facts) - quoted)
    assert not unused, f"facts no page quotes (quote them or drop them): {unused}"


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"source": ""}, "source must be a non-empty line"),
        ({"source": "a blog"}, "neither an https:// URL nor a page"),
        ({"source": "missing.md#x"}, "neither an https:// URL nor a page"),
        ({"value": ""}, "value must be a non-empty line"),
        ({"checked": "2026-13-01"}, "checked must be a date written YYYY-MM-DD"),
        ({"checked": "December 2026"}, "checked must be a date written YYYY-MM-DD"),
        ({"checked": dt.date(2027, 1, 1)}, "is in the future"),
    ],
    ids=["empty source", "source not a link", "source page missing", "empty value", "malformed date",
         "month only", "future date"],
)
def test_a_bad_fact_is_refused_naming_it(change, problem):
    with pytest.raises(PluginError, match=re.escape(problem)) as error:
        known(torch_newest=GOOD | change)
    assert "'torch_newest'" in str(error.value)


def test_a_fact_without_a_check_date_or_with_a_bad_name_is_refused():
    with pytest.raises(PluginError, match="give exactly checked, source, value, what"):
        known(torch_newest={k: v for k, v in GOOD.items() if k != "checked"})
    with pytest.raises(PluginError, match="lowercase snake_case"):
        known(TorchNewest=GOOD)


def test_a_source_may_be_a_page_of_the_site():
    assert known(claim_1_verdict=GOOD | {"source": "claims.md#claim-1"})["claim_1_verdict"]["source"] == "claims.md#claim-1"


def test_an_unquoted_yaml_date_is_what_the_file_gives():
    raw = yaml.safe_load("x:\n  value: v\n  what: w\n  source: https://example.org\n  checked: 2026-12-04\n")
    assert hook.check(raw, DOCS, TODAY)["x"]["checked"] == dt.date(2026, 12, 4)
    raw = yaml.safe_load("x:\n  value: v\n  what: w\n  source: https://example.org\n  checked: 2026-12-4\n")
    with pytest.raises(PluginError, match="YYYY-MM-DD"):  # YAML reads 2026-12-4 as text
        hook.check(raw, DOCS, TODAY)


def test_facts_older_than_six_months_are_listed_oldest_first():
    facts = known(a=GOOD | {"checked": dt.date(2026, 4, 1)}, b=GOOD, c=GOOD | {"checked": dt.date(2026, 1, 2)})
    assert hook.stale(facts, TODAY) == ["c (checked 2026-01-02)", "a (checked 2026-04-01)"]


# --- Quoting --------------------------------------------------------------------------------------


def test_a_page_quotes_the_value_and_its_check_date():
    facts = known(torch_newest=GOOD)
    text, quoted = hook.substitute("As of {{ facts.torch_newest.checked }}: {{facts.torch_newest}}.", "p.md", facts)
    assert text == "As of 4 December 2026: PyTorch 2.14.0." and quoted == ["torch_newest"]


def test_an_unknown_or_malformed_fact_fails_naming_the_page():
    facts = known(torch_newest=GOOD)
    with pytest.raises(PluginError, match=r"compare/speed\.md: \{\{ facts\.torch_newer \}\} names no fact"):
        hook.substitute("It is {{ facts.torch_newer }}.", "compare/speed.md", facts)
    with pytest.raises(PluginError, match=r"index\.md: malformed \{\{ facts\.torch-newest \}\}"):
        hook.substitute("It is {{ facts.torch-newest }}.", "index.md", facts)
    with pytest.raises(PluginError, match="malformed"):
        hook.substitute("It is {{ facts.torch_newest.source }}.", "index.md", facts)


def test_placeholders_in_code_are_left_alone():
    text, quoted = hook.substitute("Write `{{ facts.name }}`:\n\n```\n{{ facts.other }}\n```\n", "p.md", known())
    assert "`{{ facts.name }}`" in text and "{{ facts.other }}" in text and quoted == []


def test_the_box_lists_each_quoted_fact_with_source_and_date():
    facts = known(a=GOOD, b=GOOD | {"source": "claims.md#claim-1", "checked": dt.date(2026, 11, 26), "value": "holds"})
    box = hook.box(["a", "b"], facts, "compare/speed.md")
    assert box.startswith('??? info "Facts on this page, last checked between 26 November 2026 and 4 December 2026"')
    assert "([source](https://github.com/pytorch/pytorch/releases), checked 4 December 2026)" in box
    assert "([source](../claims.md#claim-1), checked 26 November 2026)" in box  # relative to the page


# --- In a build -----------------------------------------------------------------------------------


def facts_file(**entries) -> str:
    return yaml.safe_dump({name: {**entry, "checked": entry["checked"]} for name, entry in entries.items()})


def test_a_page_shows_the_fact_and_the_box_in_the_built_site(fixture_site):
    fixture_site.write("data/facts.yml", facts_file(torch_newest=GOOD))
    fixture_site.write("docs/index.md", "# Fixture\n\nAs of {{ facts.torch_newest.checked }}, {{ facts.torch_newest }}.\n")
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    html = (build.site / "index.html").read_text()
    assert "As of 4 December 2026, PyTorch 2.14.0." in html
    assert "Facts on this page, last checked 4 December 2026" in html


def test_an_unknown_fact_fails_the_build_naming_the_page(fixture_site):
    fixture_site.write("data/facts.yml", facts_file(torch_newest=GOOD))
    fixture_site.write("docs/other.md", "# Other\n\nIt is {{ facts.torch_oldest }}.\n")
    build = fixture_site.build()
    assert build.returncode != 0
    assert "facts: other.md: {{ facts.torch_oldest }} names no fact in data/facts.yml" in build.output


def test_a_fact_without_source_fails_the_build_naming_the_fact(fixture_site):
    fixture_site.write("data/facts.yml", facts_file(torch_newest=GOOD | {"source": " "}))
    build = fixture_site.build()
    assert build.returncode != 0
    assert "fact 'torch_newest': source must be a non-empty line of text" in build.output


def test_an_old_fact_is_reported_and_the_build_still_passes(fixture_site):
    fixture_site.write("data/facts.yml", facts_file(torch_newest=GOOD | {"checked": dt.date(2025, 1, 2)}))
    fixture_site.write("docs/index.md", "# Fixture\n\n{{ facts.torch_newest }}\n")
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    assert "facts: 1 checked more than six months ago, due for a check: torch_newest (checked 2025-01-02)" in build.output


# --- The site's pages -----------------------------------------------------------------------------


VERDICT = re.compile(r"\*\*(holds|partly|outdated|wrong|unverified)\*\*", re.IGNORECASE)


def typed_verdicts(markdown: str) -> list[str]:
    """Verdict words typed in bold in a paragraph or list item that links a claim of claims.md."""
    blocks = re.split(r"\n\s*\n|\n(?=\s*- )", markdown)
    found = []
    for block in blocks:
        claims = re.findall(r"claims\.md#claim-(\d+)", block)
        found += [f"{m[0]} near claim {', '.join(claims)}" for m in VERDICT.finditer(block)] if claims else []
    return found


def test_the_typed_verdict_check_catches():
    assert typed_verdicts("The claim is **partly** true ([claim 4](../claims.md#claim-4)).")
    assert typed_verdicts("- one\n- Verdict: **Outdated** ([claim 13](claims.md#claim-13)).")
    assert not typed_verdicts("Verdict: **{{ facts.claim_4_verdict }}** ([claim 4](../claims.md#claim-4)).")
    assert not typed_verdicts("This is **partly** a guess.\n\nSee [claim 4](../claims.md#claim-4).")


@pytest.mark.parametrize("number", range(1, 15))
def test_the_claims_page_quotes_each_verdict_from_the_facts(number):
    claims = (DOCS / "claims.md").read_text(encoding="utf-8")
    assert f"[{{{{ facts.claim_{number}_verdict }}}}](#claim-{number})" in claims, f"claims.md: the table row of claim {number}"
    assert f"**Verdict: {{{{ facts.claim_{number}_verdict }}}}**" in claims, f"claims.md: the verdict line of claim {number}"


@pytest.mark.parametrize("page", [p for p in pages() if p != "claims.md"])
def test_no_page_types_a_claims_verdict(page):
    typed = typed_verdicts((DOCS / page).read_text(encoding="utf-8"))
    assert not typed, f"{page}: verdicts typed by hand, quote {{{{ facts.claim_<n>_verdict }}}} instead: {typed}"
