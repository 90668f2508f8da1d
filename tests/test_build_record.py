"""The build's record of its inputs, which lets the tests reuse a current site/ (hooks/build_record.py)."""

from __future__ import annotations

import json

import build_record

from conftest import ROOT


def test_a_strict_build_without_warnings_is_current_until_an_input_changes(fixture_site):
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    root, site = fixture_site.root, fixture_site.root / "site"
    assert build_record.current(root, site)
    fixture_site.write("docs/index.md", "# Fixture\n\nA changed page.\n")
    assert not build_record.current(root, site), "a changed page must make the site out of date"


def test_files_the_site_is_not_built_from_do_not_count(fixture_site):
    assert fixture_site.build().returncode == 0
    fixture_site.write("tests/test_new.py", "def test(): pass\n")
    fixture_site.write("README.md", "# Read me\n")
    assert build_record.current(fixture_site.root, fixture_site.root / "site")


def test_each_kind_of_input_counts(fixture_site):
    before = build_record.fingerprint(fixture_site.root)
    for path in ["hooks/x.py", "notebooks/a.ipynb", "docs_src/a/b_pytorch.py", "overrides/main.html", "data/facts.yml",
                 "includes/abbreviations.md", "requirements.txt", "CONTRIBUTING.md"]:
        fixture_site.write(path, "changed\n")
        after = build_record.fingerprint(fixture_site.root)
        assert after != before, f"{path} must count as an input of the site"
        before = after


def test_a_build_with_warnings_another_folder_or_no_site_is_not_reused(fixture_site):
    assert fixture_site.build().returncode == 0
    root, site = fixture_site.root, fixture_site.root / "site"
    record_path = root / build_record.RECORD
    record = json.loads(record_path.read_text())
    for change in ({"warnings": 1}, {"strict": False}, {"site_dir": str(root / "elsewhere")}):
        record_path.write_text(json.dumps(record | change))
        assert not build_record.current(root, site), change
    record_path.write_text(json.dumps(record))
    (site / "index.html").unlink()
    assert not build_record.current(root, site)


def test_a_failed_build_is_never_reused(fixture_site):
    assert fixture_site.build().returncode == 0
    fixture_site.write("docs/index.md", "# Fixture\n\n[broken](missing.md)\n")  # a warning: strict fails
    assert fixture_site.build().returncode != 0
    fixture_site.write("docs/index.md", "# Fixture\n\nA page.\n")  # the inputs of the good build again
    assert not build_record.current(fixture_site.root, fixture_site.root / "site")


def test_the_site_is_built_with_the_hook():
    assert "hooks/build_record.py" in (ROOT / "mkdocs.yml").read_text()
