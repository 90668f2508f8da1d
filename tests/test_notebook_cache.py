"""hooks/notebooks.py re-executes a notebook only when its code, kernel or environment changed."""

from __future__ import annotations

import json
import sys

import pytest

from conftest import notebook

pytestmark = pytest.mark.slow  # runs notebooks: make test and CI, not make check

A = notebook("# Notebook A\n\nFirst version of the prose.", "print('a', 1 + 1)")
B = notebook("# Notebook B", "print('b', 2 + 2)")


@pytest.fixture
def built(fixture_site):
    fixture_site.write("notebooks/a.ipynb", A)
    fixture_site.write("notebooks/b.ipynb", B)
    first = fixture_site.build()
    assert first.returncode == 0, first.output
    assert first.executed() == {"notebooks/a.ipynb", "notebooks/b.ipynb"}
    return fixture_site


def test_an_unchanged_site_executes_nothing(built):
    build = built.build()
    assert build.returncode == 0, build.output
    assert build.executed() == set()
    assert "a 2" in (build.site / "notebooks/a/index.html").read_text(), "cached outputs must reach the page"


def test_a_prose_edit_executes_nothing_but_shows_the_new_prose(built):
    built.write("notebooks/a.ipynb", A.replace("First version", "Second version"))
    build = built.build()
    assert build.returncode == 0, build.output
    assert build.executed() == set()
    page = (build.site / "notebooks/a/index.html").read_text()
    assert "Second version of the prose" in page and "a 2" in page


def test_a_code_edit_re_executes_exactly_that_notebook(built):
    built.write("notebooks/b.ipynb", B.replace("2 + 2", "2 + 3"))
    build = built.build()
    assert build.returncode == 0, build.output
    assert build.executed() == {"notebooks/b.ipynb"}
    assert "b 5" in (build.site / "notebooks/b/index.html").read_text()


def test_a_change_of_pinned_requirements_re_executes_everything(built):
    built.write("requirements.txt", "somepackage==1.0\n")
    build = built.build()
    assert build.returncode == 0, build.output
    assert build.executed() == {"notebooks/a.ipynb", "notebooks/b.ipynb"}


@pytest.mark.parametrize("mode", ["off", "refresh"])
def test_the_cache_can_be_bypassed_from_the_environment(built, mode):
    build = built.build(NOTEBOOK_CACHE=mode)
    assert build.returncode == 0, build.output
    assert build.executed() == {"notebooks/a.ipynb", "notebooks/b.ipynb"}


def test_a_failed_notebook_is_not_cached(fixture_site):
    fixture_site.write("notebooks/f.ipynb", notebook("raise RuntimeError('no')"))
    assert fixture_site.build().returncode != 0
    again = fixture_site.build()
    assert again.returncode != 0 and "RuntimeError: no" in again.output


def test_a_change_of_kernel_re_executes_that_notebook(built):
    # A second kernel, "other", that runs the same Python: the outputs could differ, so the cache must miss.
    kernel = built.write(
        "jupyter/kernels/other/kernel.json",
        json.dumps({"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                    "display_name": "Other", "language": "python"}),
    )
    built.write("notebooks/a.ipynb", A.replace('"name": "python3"', '"name": "other"'))
    build = built.build(JUPYTER_PATH=str(kernel.parents[2]))
    assert build.returncode == 0, build.output
    assert build.executed() == {"notebooks/a.ipynb"}
