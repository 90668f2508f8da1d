"""The Markdown chapters: navigation, page shape, compare-page layout, the claims page, the glossary."""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from html import unescape

import pytest
import yaml

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import facts as facts_hook  # noqa: E402

DOCS = ROOT / "docs"
PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
COMPARE = sorted(p for p in PAGES if p.startswith("compare/") and p != "compare/index.md")
TABS = ["PyTorch", "TensorFlow"]
VERDICTS = ("holds", "partly", "outdated", "wrong", "unverified")
CLAIMS = 14  # the source article's claims, in its own order
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def text(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


def front_matter(page: str) -> dict:
    match = re.match(r"^---\n(.*?)\n---\n", text(page), re.DOTALL)
    return yaml.safe_load(match[1]) if match else {}


def body(page: str) -> str:
    """The page without front matter, code blocks and snippet lines: the prose a reader reads."""
    prose = re.sub(r"^---\n.*?\n---\n", "", text(page), flags=re.DOTALL)
    prose = re.sub(r"```.*?```", "", prose, flags=re.DOTALL)
    return re.sub(r"<svg.*?</svg>", "", prose, flags=re.DOTALL)


def section(page: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}[^\n]*\n(.*?)(?=^## |\Z)", text(page), re.MULTILINE | re.DOTALL)
    assert match, f"{page}: no '## {title}' section"
    return match[1]


def built(site, page: str) -> str:
    url = "" if page == "index.md" else page.removesuffix(".md").removesuffix("index") + "/"
    return (site.site / url.replace("//", "/") / "index.html").read_text(encoding="utf-8")


def pinned(package: str) -> str:
    """major.minor of a package pinned in requirements.txt."""
    match = re.search(rf"^{package}==(\d+\.\d+)", (ROOT / "requirements.txt").read_text(), re.MULTILINE)
    assert match, f"{package} is not pinned in requirements.txt"
    return match[1]


# --- Navigation and page shape --------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_every_page_is_in_the_navigation(page):
    nav = json.dumps(yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["nav"])
    assert f'"{page}"' in nav, f"add docs/{page} to nav in mkdocs.yml (CONTRIBUTING, rule: Listed in nav)"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_its_own_description(page):
    description = front_matter(page).get("description", "")
    assert 70 <= len(description) <= 200, f"{page}: a `description:` of 70 to 200 characters, for search results (CONTRIBUTING, rule: A description of 70 to 200 characters)"
    assert not set(description) & set('"<>&'), f"{page}: the theme puts the description into HTML unescaped; no \" < > & (CONTRIBUTING, rule: A description of 70 to 200 characters)"


@pytest.mark.parametrize("page", [p for p in PAGES if p != "contributing.md"])
def test_every_page_has_one_h1_and_is_no_stub(page):
    prose = body(page)
    assert len(re.findall(r"^# ", prose, re.MULTILINE)) == 1, f"{page}: exactly one H1 (CONTRIBUTING, rule: One title, and no stub)"
    words = len(re.findall(r"\w+", prose))
    assert words >= 300, f"{page}: {words} words of prose, fewer than 300 (CONTRIBUTING, rule: One title, and no stub)"
    for stub in ("TODO", "TBD", "FIXME", "coming soon", "Draft."):
        assert stub not in prose, f"{page}: contains {stub!r} (CONTRIBUTING, rule: One title, and no stub)"


@pytest.mark.parametrize("page", PAGES)
def test_built_page_has_one_h1_a_page_description_and_a_way_on(site, page):
    html = built(site, page)
    assert len(re.findall(r"<h1[ >]", html)) == 1, f"{page}: the built page has more than one H1"
    meta = re.search(r'<meta name="description" content="([^"]*)"', html)
    assert meta and unescape(meta[1]).strip() == " ".join(front_matter(page)["description"].split()), page
    assert "md-footer__link" in html, f"{page}: no previous/next link"


def snippet_folder(page: str) -> str:
    """The docs_src/ folder of a page's code: its path without .md, with / written as - (home for index.md)."""
    return "home" if page == "index.md" else page.removesuffix(".md").removesuffix("/index").replace("/", "-")


@pytest.mark.parametrize("page", PAGES)
def test_a_pages_code_lives_in_its_own_docs_src_folder(page):
    included = re.findall(r'--8<-- "(docs_src/[^"]+)"', text(page))
    wrong = [path for path in included if not path.startswith(f"docs_src/{snippet_folder(page)}/")]
    assert not wrong, f"{page}: include code from docs_src/{snippet_folder(page)}/, not {wrong} (CONTRIBUTING, rule: Code in docs_src, tabs on the page)"


def test_the_snippet_folder_follows_the_page_path():
    assert [snippet_folder(p) for p in ("index.md", "compare/speed.md", "deep-learning.md")] == ["home", "compare-speed", "deep-learning"]


TAB = re.compile(r'^\s*===[!+]?\s+"([^"]*)"', re.MULTILINE)  # pymdownx.tabbed: === "Label", ===! and ===+ too


def test_the_tab_pattern_sees_every_form_of_a_tab():
    forms = '=== "PyTorch"\n===! "Pytorch"\n    ===+ "TF"\n'
    assert TAB.findall(forms) == ["PyTorch", "Pytorch", "TF"]


def test_tab_labels_are_the_same_everywhere():
    labels = {label for page in PAGES for label in TAB.findall(text(page))}
    assert labels <= set(TABS), f"tab labels must be exactly {TABS} so a reader's choice follows them: {labels - set(TABS)}"


# --- Compare pages --------------------------------------------------------------------------------


@pytest.mark.parametrize("page", COMPARE)
def test_compare_page_has_both_tabs_from_files_the_tests_run(page):
    source = text(page)
    for label in TABS:
        assert f'=== "{label}"' in source, f"{page}: no {label} tab"
    included = re.findall(r'--8<-- "(docs_src/[^"]+)"', source)
    assert any(p.endswith("_pytorch.py") for p in included) and any(p.endswith("_tensorflow.py") for p in included), (
        f"{page}: the tabs must include docs_src/{snippet_folder(page)}/<topic>_pytorch.py and _tensorflow.py (CONTRIBUTING, rule: Code in docs_src, tabs on the page)"
    )


@pytest.mark.parametrize("page", COMPARE)
def test_compare_page_states_as_of_with_the_versions_it_was_built_with(page):
    match = re.search(rf"As of ({MONTHS}) (20\d\d), PyTorch (\d+\.\d+) / TensorFlow (\d+\.\d+)", text(page))
    assert match, f"{page}: no 'As of <Month> <Year>, PyTorch x.y / TensorFlow x.y' line (CONTRIBUTING, rule: A compare page's shape)"
    assert (match[3], match[4]) == (pinned("torch"), pinned("tensorflow-cpu")), (
        f"{page}: says PyTorch {match[3]} / TensorFlow {match[4]}, but the build pins "
        f"{pinned('torch')} / {pinned('tensorflow-cpu')}"
    )


@pytest.mark.parametrize("page", COMPARE)
def test_compare_page_follows_the_layout(page):
    source = text(page)
    assert '!!! abstract "Short answer"' in source, f"{page}: the short answer comes first, in an abstract admonition (CONTRIBUTING, rule: A compare page's shape)"
    order = [source.find(f"\n## {title}") for title in ("The idea", "Side by side", "The evidence", "Caveats", "Where next", "Sources")]
    assert -1 not in order and order == sorted(order), f"{page}: sections idea, side by side, evidence, caveats, where next, sources (CONTRIBUTING, rule: A compare page's shape)"


@pytest.mark.parametrize("page", COMPARE)
def test_compare_page_links_its_evidence(page):
    evidence = section(page, "The evidence")
    links = re.findall(r"\]\(([^)\s]+)", evidence)
    for name in re.findall(r"\[\^([^\]]+)\](?!:)", evidence):  # footnotes cited in the section
        note = re.search(rf"^\[\^{re.escape(name)}\]:(.*?)(?=^\S|\Z)", text(page), re.MULTILINE | re.DOTALL)
        links += re.findall(r"\]\(([^)\s]+)", note[1]) if note else []
    assert any("notebooks/" in link or link.startswith("https://") or link.startswith("../claims.md") for link in links), (
        f"{page}: the evidence section links no notebook and no source (CONTRIBUTING, rule: A compare page's shape)"
    )
    sources = re.findall(r"\]\((https://[^)\s]+)", section(page, "Sources"))
    assert sources, f"{page}: the Sources list has no link (CONTRIBUTING, rule: A compare page's shape)"


# --- The claims page ------------------------------------------------------------------------------


@pytest.mark.parametrize("number", range(1, CLAIMS + 1))
def test_every_claim_of_the_article_has_a_verdict_and_a_source(number):
    claims = facts_hook.substitute(text("claims.md"), "claims.md", facts_hook.load(ROOT / facts_hook.FILE, DOCS, date.today()))[0]
    match = re.search(rf"^## [^\n]*\{{#claim-{number}\}}\n(.*?)(?=^## |\Z)", claims, re.MULTILINE | re.DOTALL)
    assert match, f"claims.md: no section with id claim-{number}"
    verdict = re.search(r"\*\*Verdict: (\w+)", match[1])
    assert verdict and verdict[1] in VERDICTS, f"claim {number}: a '**Verdict: <{'|'.join(VERDICTS)}>' line"
    assert re.search(r"\]\(https://", match[1]), f"claim {number}: at least one source link"


def test_the_claims_page_lists_each_claim_of_the_article_once_in_order():
    ids = [int(n) for n in re.findall(r"\{#claim-(\d+)\}", text("claims.md"))]
    assert ids == list(range(1, CLAIMS + 1)), f"claims.md: claim ids {ids}, the article has claims 1 to {CLAIMS}"


# --- Glossary and abbreviations -------------------------------------------------------------------


def glossary_ids() -> list[str]:
    return re.findall(r"^### .+\{#([\w-]+)\}\s*$", text("glossary.md"), re.MULTILINE)


def test_glossary_terms_are_many_and_unique():
    ids = glossary_ids()
    assert len(ids) >= 40, "the glossary defines every term the site uses"
    assert len(ids) == len(set(ids)), "a glossary term is defined twice"


def glossary_order_problems(markdown: str) -> list[str]:
    """Terms out of alphabetical order, or under the wrong letter's heading."""
    problems, letter, previous = [], None, ""
    for line in markdown.splitlines():
        if re.match(r"^## [A-Z]$", line):
            letter, previous = line[3], ""
        elif match := re.match(r"^### (.+?) \{#", line):
            key = re.sub(r"[^a-z0-9 ]", "", match[1].lower())
            if key[0].upper() != letter:
                problems.append(f"{match[1]} is under ## {letter}")
            if key < previous:
                problems.append(f"{match[1]} comes after a term that sorts later")
            previous = key
    return problems


def test_glossary_terms_are_in_alphabetical_order_under_their_letter():
    assert not glossary_order_problems(text("glossary.md")), glossary_order_problems(text("glossary.md"))


def test_the_glossary_order_check_catches():
    assert glossary_order_problems("## A\n### Adam {#adam}\n### Accuracy {#accuracy}\n")
    assert glossary_order_problems("## R\n### Roofline {#roofline}\n## S\n### Rank {#rank}\n")
    assert not glossary_order_problems("## A\n### Accuracy {#accuracy}\n### Adam {#adam}\n")


def test_every_glossary_term_is_linked_from_a_page():
    linked = "\n".join(text(p) for p in PAGES if p != "glossary.md")
    linked += "\n".join(p.read_text() for p in (ROOT / "notebooks").glob("*.ipynb"))
    unused = [term for term in glossary_ids() if f"glossary.md#{term})" not in linked and f"glossary/#{term})" not in linked]
    assert not unused, f"glossary terms no page links to (link them at first use, or drop them; CONTRIBUTING, rule: Glossary links and entries): {unused}"


def test_abbreviations_are_well_formed():
    lines = [line for line in (ROOT / "includes" / "abbreviations.md").read_text().splitlines() if line.startswith("*[")]
    terms = [re.match(r"^\*\[([^\]]+)\]: \S.+$", line) for line in lines]
    assert all(terms), "each abbreviation is `*[TERM]: definition`"
    names = [t[1] for t in terms]
    assert len(names) == len(set(names)), "an abbreviation is defined twice"
