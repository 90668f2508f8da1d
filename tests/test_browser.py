"""Every page of the built site in a real browser (Chromium driven by Playwright).

Each page loads with no console error, no failed request and no request to any host but the local
server; axe-core, with every rule but a few named below, finds no violation in light or dark mode,
on a desktop and on a phone, once the page has set up all it sets up as it is read; nothing scrolls
sideways on a phone. Then what readers do: search, linked tabs, the palette toggle, the Colab button, math,
keyboard navigation; and what keeps pages fast without changing them: code cells out of view are
not drawn, the search index waits for the page, a first visit takes the system palette at once.
Screenshots of a Markdown page and a notebook page, light and dark, desktop and
phone, go to artifacts/screenshots/ to be looked at.
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path
import urllib.error
import urllib.request
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from playwright import sync_api as playwright

from conftest import ROOT
from static_server import StaticServer

pytestmark = pytest.mark.browser  # make check runs these for the pages a change touched (CHECK_PAGES)

_spec = importlib.util.spec_from_file_location("code_blocks_hook", ROOT / "hooks" / "code_blocks.py")
code_blocks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(code_blocks)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
# axe-core runs every rule it has: WCAG 2.0-2.2 A and AA, its best practices (unique landmarks, one
# main landmark, headings in order: what screen-reader users find their way by), the rules it still
# calls experimental and those it leaves off by default. A rule is left out only here, by tag or by
# name, each with its reason (landmark-unique, once left out on a mistaken one, hid a real problem).
AXE_SKIP_TAGS = {
    "wcag2aaa": "AAA (e.g. 7:1 contrast) is beyond the site's aim, WCAG AA",
}
AXE_SKIP_RULES = {
    "focus-order-semantics": "experimental: wants a widget role on every tab stop, yet a region that scrolls "
    "sideways (code, a table, an output) must be a tab stop (scrollable-region-focusable) and is no widget",
    "target-size": "WCAG 2.2's 2.5.8 (off by default in axe): Material's table of contents stacks nested entries "
    "18 px apart (glossary); the site aims at WCAG 2.1 AA",
}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Every code block in view has been set up by the theme: its buttons sit in a .md-code__nav.
CODE_BLOCKS_SET_UP = """() => [...document.querySelectorAll('.md-typeset pre > code')]
    .filter(code => code.checkVisibility() && !code.closest('.no-copy'))
    .every(code => code.parentElement.querySelector(':scope > .md-code__nav'))"""
MARKDOWN_PAGE = "deep-learning/"
NOTEBOOK_PAGE = "notebooks/template/"


def site_pages(site_dir: Path) -> list[str]:
    pages = sorted(p.parent.relative_to(site_dir).as_posix() + "/" for p in site_dir.rglob("index.html"))
    return ["" if p == "./" else p for p in pages]


def source_pages() -> list[str]:
    """The URL path of every page: Markdown pages in docs/, notebooks in notebooks/."""
    paths = []
    for md in (ROOT / "docs").rglob("*.md"):
        doc = md.relative_to(ROOT / "docs").as_posix().removesuffix(".md").removesuffix("index")
        paths.append("" if doc == "" else (doc + "/").replace("//", "/"))
    paths += [nb.relative_to(ROOT).as_posix().removesuffix(".ipynb") + "/" for nb in (ROOT / "notebooks").glob("*.ipynb")]
    return sorted(paths)


@pytest.fixture(scope="session")
def served(site):
    with StaticServer(site.site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    assert Path(CHROMIUM).is_file(), f"the browser tests need Chromium at {CHROMIUM} (make test installs it)"
    assert AXE.is_file(), "the browser tests need axe-core: run `npm ci` (make test does)"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


class Visit:
    """A page opened in a fresh context, with everything that went wrong while it loaded."""

    def __init__(self, browser, base: str, path: str, scheme: str = "light", viewport: dict = DESKTOP):
        self.context = browser.new_context(color_scheme=scheme, viewport=viewport)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        host = urlparse(base).netloc
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console error: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed request: {r.url} ({r.failure})"))
        self.page.on(
            "request",
            lambda r: urlparse(r.url).scheme in ("http", "https") and urlparse(r.url).netloc != host
            and self.problems.append(f"third-party request: {r.url}"),
        )
        self.page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))
        self.page.goto(base + path, wait_until="networkidle")

    def set_up_as_read(self):
        """What a reader has after scrolling to the end: the theme sets up each code block (copy
        button, in a <nav>) only as it scrolls into view (content.lazy), so a check of the page as
        loaded would miss what that adds. A viewport as tall as the page brings every block into
        view; then the page gets its own size back."""
        viewport = self.page.viewport_size
        height = self.page.evaluate("document.documentElement.scrollHeight")
        self.page.set_viewport_size({"width": viewport["width"], "height": min(height, 50_000)})
        self.page.wait_for_function(CODE_BLOCKS_SET_UP, timeout=15_000)
        self.page.set_viewport_size(viewport)

    def axe_result(self) -> dict:
        # Code cells out of view are not rendered until they near it (content-visibility, site.css);
        # axe cannot measure colours there, and would skip them or guess. Draw everything first.
        self.page.add_style_tag(content=".jp-CodeCell { content-visibility: visible !important; }")
        self.set_up_as_read()
        self.page.add_script_tag(path=str(AXE))
        rules = self.page.evaluate(
            "([tags, skip]) => axe.getRules().filter(r => !r.tags.some(t => tags.includes(t)) && !skip.includes(r.ruleId)).map(r => r.ruleId)",
            [list(AXE_SKIP_TAGS), list(AXE_SKIP_RULES)],
        )
        return self.page.evaluate("o => axe.run(document, o)", {"runOnly": {"type": "rule", "values": rules}})

    def axe(self) -> list[str]:
        result = self.axe_result()
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])}× e.g. {v['nodes'][0]['target']}"
            for v in result["violations"]
        ]

    def close(self):
        self.context.close()


def pytest_generate_tests(metafunc):
    if "page_path" in metafunc.fixturenames:
        # The page list comes from the source tree, so that the tests are known before the build runs.
        # make check (tools/check.py) sets CHECK_PAGES to the pages a change touched: "/", "/compare/speed/".
        pages = source_pages()
        if os.environ.get("CHECK_PAGES"):
            wanted = {page.removeprefix("/") for page in os.environ["CHECK_PAGES"].split(",")}
            pages = [page for page in pages if page in wanted]
        metafunc.parametrize("page_path", pages, ids=lambda p: p or "home")


# --- Every page -------------------------------------------------------------------------------------


def test_the_page_list_matches_the_built_site(site):
    assert site_pages(site.site) == source_pages(), "every built page is checked in the browser"


# Colours change with the scheme; landmarks, what is shown and what scrolls change with the width (a
# phone gets the navigation and the table of contents in a drawer). Dark on a phone adds little.
@pytest.mark.parametrize("scheme, device", [("light", "desktop"), ("dark", "desktop"), ("light", "phone")])
def test_page_loads_cleanly_and_passes_axe(browser, served, page_path, scheme, device):
    visit = Visit(browser, served, page_path, scheme, DESKTOP if device == "desktop" else PHONE)
    try:
        violations = visit.axe()
        problems = visit.problems
    finally:
        visit.close()
    assert not problems, f"/{page_path} ({scheme}, {device}):\n  " + "\n  ".join(problems)
    assert not violations, f"/{page_path} ({scheme}, {device}) axe-core:\n  " + "\n  ".join(violations)


def test_page_does_not_scroll_sideways_on_a_phone(browser, served, page_path):
    visit = Visit(browser, served, page_path, viewport=PHONE)
    try:
        widths = visit.page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        wide = visit.page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                 .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                 .filter(e => !e.closest('pre, .md-typeset__scrollwrap, .md-sidebar, .md-nav, .md-search, .md-header, math, .jp-OutputArea-output, .highlight, .md-typeset__table'))
                 .slice(0, 3).map(e => e.tagName + '.' + e.className)"""
        )
    finally:
        visit.close()
    assert widths[0] <= widths[1], f"/{page_path} scrolls sideways on a 390 px phone: {widths[0]} > {widths[1]} px; too wide: {wide}"


def test_every_image_has_alt_text(site):
    missing = []
    for html in site.site.rglob("*.html"):
        for tag in re.findall(r"<img\b[^>]*>", html.read_text(encoding="utf-8")):
            if not re.search(r'\balt="[^"]+"', tag):
                missing.append(f"{html.relative_to(site.site)}: {tag[:120]}")
    assert not missing, "images without alt text:\n  " + "\n  ".join(missing)


# --- What readers do --------------------------------------------------------------------------------


def test_search_finds_a_notebook_by_a_word_in_its_code(browser, served):
    visit = Visit(browser, served, "")
    try:
        page = visit.page
        page.click("label.md-search__icon, .md-search__input")
        page.keyboard.type("COLAB_LACKS")  # as a reader types: the theme searches on key events
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    finally:
        visit.close()
    assert any(NOTEBOOK_PAGE in h for h in hrefs), f"searching a word of the template's code found {hrefs}"


def test_choosing_tensorflow_in_one_tab_group_switches_tabs_on_other_pages(browser, served):
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(served, wait_until="networkidle")
        page.click('.tabbed-labels label:has-text("TensorFlow")')
        page.goto(served + "compare/debugging/", wait_until="networkidle")
        labels = page.eval_on_selector_all(
            ".tabbed-set", "sets => sets.map(s => s.querySelector('input:checked + label, input:checked').id)"
        )
        selected = page.eval_on_selector_all(
            ".tabbed-set > input:checked", "inputs => inputs.map(i => document.querySelector(`label[for='${i.id}']`).innerText.trim())"
        )
    finally:
        context.close()
    assert labels and set(selected) == {"TensorFlow"}, f"tabs selected on the next page: {selected}"


def test_the_palette_toggle_switches_notebook_outputs_too(browser, served):
    visit = Visit(browser, served, NOTEBOOK_PAGE)
    try:
        page = visit.page
        output = ".jp-OutputArea-output pre"
        before = page.eval_on_selector(output, "e => [getComputedStyle(e).color, document.body.dataset.mdColorScheme]")
        page.click("label.md-header__button[for^='__palette']:visible")
        page.wait_for_timeout(300)
        after = page.eval_on_selector(output, "e => [getComputedStyle(e).color, document.body.dataset.mdColorScheme]")
    finally:
        visit.close()
    assert before[1] == "default" and after[1] == "slate", (before, after)
    assert before[0] != after[0], f"notebook output text kept its colour {before[0]} in dark mode"


@pytest.mark.parametrize("scheme, expected", [("light", "default"), ("dark", "slate")])
def test_a_first_visit_takes_the_system_palette_before_the_theme_script_runs(browser, served, scheme, expected):
    """partials/javascripts/palette.html: the theme's script is deferred, so the page must not wait for it."""
    context = browser.new_context(color_scheme=scheme, viewport=DESKTOP)
    try:
        page = context.new_page()
        page.route("**/javascripts/bundle.*", lambda route: route.abort())
        page.goto(served + NOTEBOOK_PAGE, wait_until="load")
        body = page.evaluate("() => document.body.dataset.mdColorScheme")
    finally:
        context.close()
    assert body == expected, f"a {scheme} system gets data-md-color-scheme={body!r} until the theme's script runs"


def test_the_colab_button_opens_this_notebook(browser, served):
    visit = Visit(browser, served, NOTEBOOK_PAGE)
    try:
        href = visit.page.get_attribute("[data-nb-action=colab]", "href")
    finally:
        visit.close()
    assert href == "https://colab.research.google.com/github/side-by-side-dl/side-by-side/blob/main/notebooks/template.ipynb"


# Text of the article, outside code and typeset math, that still looks like TeX: every text node
# (a table cell, a caption, a heading), not only paragraphs.
RAW_TEX = r"""() => {
    const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
    const found = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement.closest('pre, code, math, script, style')) continue;
        if (/\$[^$\s][^$]*\$|\\\(|\\\[|\\frac/.test(node.textContent)) found.push(node.textContent.trim());
    }
    return found;
}"""


def test_the_raw_tex_check_sees_a_table_cell_and_not_code(browser, tmp_path):
    (tmp_path / "index.html").write_text(
        "<!doctype html><html lang=en><title>t</title><article><p>Fine: <code>\\frac</code></p>"
        "<pre>$x$</pre><table><tr><td>loss \\(\\frac{1}{n}\\)</td></tr></table><h2>Head $a_b$</h2></article></html>"
    )
    page = browser.new_page()
    try:
        page.goto((tmp_path / "index.html").as_uri())
        found = page.evaluate(RAW_TEX)
    finally:
        page.close()
    assert found == ["loss \\(\\frac{1}{n}\\)", "Head $a_b$"]


@pytest.mark.parametrize("path", [MARKDOWN_PAGE, NOTEBOOK_PAGE])
def test_math_is_typeset(browser, served, path):
    visit = Visit(browser, served, path)
    try:
        shown = visit.page.eval_on_selector_all(
            "article math", "els => els.filter(e => e.getBoundingClientRect().height > 0).length"
        )
        raw = visit.page.evaluate(RAW_TEX)
        problems = visit.problems
    finally:
        visit.close()
    assert not problems, problems
    assert shown > 0, f"/{path}: no formula is rendered"
    assert not raw, f"/{path}: raw TeX on the page: {raw[:3]}"


def unfocusable_code_blocks(html: str) -> list[str]:
    """Code blocks (a <code> in a <pre>) that the keyboard cannot reach: read from the DOM, not a pattern."""
    soup = BeautifulSoup(html, "html.parser")
    return [str(code)[:80] for pre in soup.find_all("pre") for code in pre.find_all("code") if code.get("tabindex") != "0"]


@pytest.mark.parametrize(
    "markup",
    ['<pre><code class="language-py">x = 1</code></pre>', '<pre class="x"><span></span><code>x = 1</code></pre>',
     '<pre><span></span><code data-x="1">x</code></pre>', '<div class="highlight"><pre><code>x = 1\n</code></pre></div>'],
)
def test_the_code_block_hook_makes_every_form_focusable(markup):
    assert unfocusable_code_blocks(markup), "the check must see the planted block"
    done = code_blocks.on_page_content(markup, None, None, None)
    assert unfocusable_code_blocks(done) == [], done
    assert code_blocks.on_page_content(done, None, None, None) == done, "a second pass changes nothing"


def test_every_code_block_of_the_site_is_focusable(site):
    for html_file in site.site.rglob("*.html"):
        blocks = unfocusable_code_blocks(html_file.read_text())
        assert not blocks, f"{html_file.relative_to(site.site)}: code blocks without tabindex: {blocks[:3]}"


def test_code_blocks_are_set_up_as_they_scroll_into_view(browser, served):
    """content.lazy keeps long notebook pages fast; hooks/code_blocks.py keeps them keyboard-friendly."""
    visit = Visit(browser, served, NOTEBOOK_PAGE)
    try:
        blocks = visit.page.locator("article .highlight pre:not(details pre)")  # folded ones never show
        last = blocks.nth(blocks.count() - 1)
        before = last.locator("[data-md-type=copy]").count()
        last.scroll_into_view_if_needed()
        last.locator("[data-md-type=copy]").wait_for(state="attached", timeout=5000)
        problems = visit.problems
    finally:
        visit.close()
    assert before == 0, "a code block below the fold was set up at load (is content.lazy still on?)"
    assert not problems, problems


LONG_NOTEBOOK_PAGE = "notebooks/speed/"


def test_a_code_cell_out_of_view_is_drawn_only_as_it_nears_the_viewport(browser, served):
    """site.css: content-visibility keeps the start-up cost of a long notebook page low."""
    visit = Visit(browser, served, LONG_NOTEBOOK_PAGE)
    try:
        last = visit.page.locator(".jp-CodeCell").last
        before = last.evaluate("e => e.querySelector('pre').checkVisibility({contentVisibilityAuto: true})")
        last.scroll_into_view_if_needed()
        visit.page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-CodeCell pre')].at(-1).checkVisibility({contentVisibilityAuto: true})",
            timeout=5000,
        )
        problems = visit.problems
    finally:
        visit.close()
    assert before is False, f"/{LONG_NOTEBOOK_PAGE}: the last code cell was drawn at load (content-visibility lost?)"
    assert not problems, problems


def test_the_search_index_is_requested_after_the_page_has_loaded_and_search_works(browser, served):
    """partials/search-index-later.html: the largest file of the site waits for the page."""
    visit = Visit(browser, served, LONG_NOTEBOOK_PAGE)
    try:
        page = visit.page
        timing = page.evaluate(
            """() => ({
                load: performance.getEntriesByType('navigation')[0].loadEventEnd,
                index: performance.getEntriesByType('resource')
                    .filter(r => r.name.endsWith('/search/search_index.json')).map(r => r.startTime),
                bundle: [...document.scripts].filter(s => s.src.includes('/javascripts/bundle.')).map(s => s.defer),
            })"""
        )
        page.click("label.md-search__icon, .md-search__input")
        page.keyboard.type("threadpool_limits")
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
        problems = visit.problems
    finally:
        visit.close()
    assert any(LONG_NOTEBOOK_PAGE in h for h in hrefs), f"searching a word of its code found {hrefs}"
    assert timing["bundle"] == [True], f"Material's script is not deferred: {timing['bundle']}"
    assert len(timing["index"]) == 1, f"search_index.json requested {len(timing['index'])} times"
    assert timing["index"][0] >= timing["load"] > 0, timing
    assert not problems, problems


def test_the_keyboard_reaches_search_tabs_palette_and_colab(browser, served):
    reached = set()
    for path in ("", NOTEBOOK_PAGE):
        visit = Visit(browser, served, path)
        try:
            for _ in range(400):
                visit.page.keyboard.press("Tab")
                reached.add(
                    visit.page.evaluate(
                        """() => { const e = document.activeElement;
                             if (e.matches('.md-search__input')) return 'search';
                             if (e.closest('.tabbed-labels') || e.matches('.tabbed-set > input')) return 'tabs';
                             if (e.matches('[for^="__palette"], .md-header__option *')) return 'palette';
                             if (e.matches('[data-nb-action=colab]')) return 'colab';
                             return ''; }"""
                    )
                )
                if {"search", "tabs", "palette", "colab"} <= reached:
                    break
        finally:
            visit.close()
    assert {"search", "tabs", "palette", "colab"} <= reached, f"Tab reached only {reached - {''}}"


# --- Screenshots --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [MARKDOWN_PAGE, NOTEBOOK_PAGE])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device, viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_screenshot(browser, served, path, scheme, device, viewport):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    visit = Visit(browser, served, path, scheme, viewport)
    try:
        name = f"{path.strip('/').replace('/', '-')}-{scheme}-{device}.png"
        visit.page.screenshot(path=str(SCREENSHOTS / name), full_page=False)
    finally:
        visit.close()
    assert (SCREENSHOTS / name).stat().st_size > 10_000, "the screenshot is blank"


# --- The checks catch what they are for ------------------------------------------------------------


def test_an_external_script_font_or_image_is_reported_with_page_and_url(browser, tmp_path):
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>Bad</title>'
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="https://cdn.example.org/lib.js"></script></head>'
        '<body><img src="https://images.example.org/x.png" alt="x"></body></html>'
    )
    with StaticServer(tmp_path) as url:
        visit = Visit(browser, url, "bad/")
        problems = visit.problems
        visit.close()
    reported = "\n".join(problems)
    for bad in ("https://fonts.googleapis.com/css?family=Roboto", "https://cdn.example.org/lib.js", "https://images.example.org/x.png"):
        assert f"third-party request: {bad}" in reported, reported


# Planted pages: each breaks one rule, and axe as the tests run it must report that rule. The second
# is the kind of mistake the check once left out (landmark-unique), which then went unseen on every
# page with a code block.
PLANTED_AXE = {
    "image-alt": '<main><h1>Bad</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10"></main>',
    "landmark-unique": '<nav aria-label="Table of contents"><a href="#a">A</a></nav><main><h1>Bad</h1><p id="a">Text.</p></main>'
    '<nav aria-label="Table of contents"><a href="#a">A</a></nav>',
}


@pytest.mark.parametrize("rule", sorted(PLANTED_AXE))
def test_axe_reports_a_planted_violation(browser, tmp_path, rule):
    (tmp_path / "index.html").write_text(
        f'<!doctype html><html lang="en"><head><title>Bad</title></head><body>{PLANTED_AXE[rule]}</body></html>'
    )
    with StaticServer(tmp_path) as url:
        visit = Visit(browser, url, "")
        violations = visit.axe()
        visit.close()
    assert any(v.startswith(f"{rule} ") for v in violations), violations


def test_axe_runs_every_rule_but_the_named_ones(browser, tmp_path):
    (tmp_path / "index.html").write_text('<!doctype html><html lang="en"><title>t</title><main><h1>t</h1></main></html>')
    with StaticServer(tmp_path) as url:
        visit = Visit(browser, url, "")
        result = visit.axe_result()
        rules = visit.page.evaluate("axe.getRules().map(r => [r.ruleId, r.tags])")
        visit.close()
    ran = {rule["id"] for key in ("passes", "violations", "incomplete", "inapplicable") for rule in result[key]}
    expected = {rule for rule, tags in rules if rule not in AXE_SKIP_RULES and not set(tags) & set(AXE_SKIP_TAGS)}
    assert ran == expected, f"not run: {sorted(expected - ran)}; run though left out: {sorted(ran - expected)}"
    assert {"landmark-unique", "region", "scrollable-region-focusable", "color-contrast"} <= ran
    assert set(AXE_SKIP_RULES) <= {rule for rule, _ in rules}, "a left-out rule axe no longer has: drop it"


def test_the_server_gzips_like_github_pages(served):
    request = urllib.request.Request(served, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Encoding"] == "gzip"
    missing = urllib.request.Request(served + "no-such-page/")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(missing)
    error.value.close()
    assert error.value.code == 404
