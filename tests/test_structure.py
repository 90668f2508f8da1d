"""The structure check that runs before any notebook (hooks/structure.py)."""

from __future__ import annotations

import time

import structure
import yaml

from conftest import ROOT, notebook

PAGE = "---\ndescription: >-\n  A page of the fixture site, with a description long enough for search results to show it.\n---\n\n# {title}\n\n{body}\n"


def site_with_structure_check(fixture_site, nav: str):
    config = fixture_site.root / "mkdocs.yml"
    text = config.read_text().replace("hooks:\n", "hooks:\n  - " + str(ROOT / "hooks" / "structure.py") + "\n", 1)
    config.write_text(text + nav)
    fixture_site.write("docs/index.md", PAGE.format(title="Fixture", body="A page."))
    return fixture_site


def test_the_real_site_has_no_structure_problem():
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["nav"]
    assert structure.problems(ROOT, ROOT / "docs", nav) == []


def test_every_problem_is_reported_at_once_before_any_notebook_runs(fixture_site):
    site = site_with_structure_check(fixture_site, "nav:\n  - Home: index.md\n  - Gone: gone.md\n")
    site.write("notebooks/slow.ipynb", notebook("# Slow", "import time; time.sleep(60)"))
    site.write("docs/new.md", "# New\n\nNo front matter, and [a link](missing.md).\n")
    start = time.monotonic()
    build = site.build()
    took = time.monotonic() - start
    assert build.returncode != 0
    assert "The site's structure has 5 problem(s); no notebook was run." in build.output
    for expected in (
        "docs/new.md is not in nav in mkdocs.yml",
        "notebooks/slow.ipynb is not in nav in mkdocs.yml",
        "nav in mkdocs.yml lists gone.md, which does not exist",
        "docs/new.md: front matter needs a description: of 70 to 200 characters (it has 0)",
        "docs/new.md links missing.md, which does not exist",
    ):
        assert expected in build.output, expected
    assert took < 30, f"the structure check took {took:.0f} s: it must come before the notebooks run"


def test_a_correct_structure_passes_and_links_to_notebooks_resolve(fixture_site):
    site = site_with_structure_check(fixture_site, "nav:\n  - Home: index.md\n  - Nb: notebooks/nb.ipynb\n")
    site.write("notebooks/nb.ipynb", notebook("# Nb", "x = 1"))
    site.write("docs/index.md", PAGE.format(title="Fixture", body="See [the notebook](notebooks/nb.ipynb#nb)."))
    build = site.build()
    assert build.returncode == 0, build.output


def test_a_description_with_a_quote_is_refused(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "notebooks").mkdir()
    long = "x" * 80
    (tmp_path / "docs" / "index.md").write_text(f'---\ndescription: a "{long}"\n---\n\n# T\n')
    assert structure.problems(tmp_path, tmp_path / "docs", ["index.md"]) == [
        'docs/index.md: the description must not contain " < > or & (CONTRIBUTING, rule: A description of 70 to 200 characters)']
