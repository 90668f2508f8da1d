"""Broken links and missing includes fail the build (MkDocs strict mode, hooks/notebook_links.py)."""

from __future__ import annotations

from conftest import notebook


def test_a_broken_link_in_a_page_fails_the_build(fixture_site):
    fixture_site.write("docs/index.md", "# Home\n\nSee [the missing page](missing.md).\n")
    build = fixture_site.build()
    assert build.returncode != 0
    assert "index.md" in build.output and "missing.md" in build.output


def test_a_missing_include_fails_the_build_naming_the_page(fixture_site):
    fixture_site.write("docs/index.md", '# Home\n\n```python\n--8<-- "docs_src/nowhere.py"\n```\n')
    build = fixture_site.build()
    assert build.returncode != 0
    assert "Error reading page 'index.md'" in build.output
    assert "docs_src/nowhere.py" in build.output


def test_a_notebook_link_to_a_missing_page_fails_naming_the_notebook(fixture_site):
    fixture_site.write("notebooks/n.ipynb", notebook("# N\n\nSee [gone](https://example.org/fixture/gone/).", "1"))
    build = fixture_site.build()
    assert build.returncode != 0
    assert "notebooks/n.ipynb: broken links in the notebook" in build.output
    assert "https://example.org/fixture/gone/: not a page of this site" in build.output


def test_a_relative_link_in_a_notebook_is_refused(fixture_site):
    fixture_site.write("notebooks/n.ipynb", notebook("# N\n\nSee [home](../docs/index.md).", "1"))
    build = fixture_site.build()
    assert build.returncode != 0
    assert "../docs/index.md: relative links break in Colab" in build.output


def test_a_notebook_link_to_a_missing_anchor_fails(fixture_site):
    fixture_site.write("notebooks/n.ipynb", notebook("# N\n\nSee [below](#nowhere).", "1"))
    build = fixture_site.build()
    assert build.returncode != 0
    assert "#nowhere: no element with this id" in build.output


def test_site_links_in_notebooks_become_relative(fixture_site):
    fixture_site.write("docs/guide.md", "# Guide\n")
    fixture_site.write(
        "notebooks/n.ipynb",
        notebook("# N\n\n[Home](https://example.org/fixture/) and [guide](https://example.org/fixture/guide/#guide).", "1"),
    )
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    html = (build.site / "notebooks/n/index.html").read_text()
    assert 'href="../../"' in html
    assert 'href="../../guide/#guide"' in html
    assert "https://example.org/fixture/guide/" not in html
