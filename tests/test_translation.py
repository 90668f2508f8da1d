"""The translation table (docs/translation.md): every row runs here, the page shows exactly the rows
of docs_src/translation/rows.py, and a failing, empty or malformed row fails the build."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import numpy as np
import pytest
from mkdocs.exceptions import PluginError

from conftest import ROOT

SOURCE = ROOT / "docs_src" / "translation"
MIN_ROWS = 60


def load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


table = load("translation_table", SOURCE / "table.py")
hook = load("translation_hook", ROOT / "hooks" / "translation.py")


def declared_rows() -> list[tuple[str, str, int]]:
    """(group, id, line) of every @row(...) in rows.py, read without importing the frameworks."""
    found = []
    for node in ast.parse((SOURCE / "rows.py").read_text()).body:
        for decorator in getattr(node, "decorator_list", []):
            if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", "") == "row":
                group, row_id = (ast.literal_eval(arg) for arg in decorator.args[:2])
                found.append((group, row_id, node.lineno))
    return found


ROW_IDS = [row_id for _, row_id, _ in declared_rows()]


@pytest.fixture(scope="session")
def ran(tmp_path_factory) -> dict:
    """Every row, run once for this test session in its own Python, as the build runs them."""
    out = tmp_path_factory.mktemp("translation") / "rows.json"
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0", "CUDA_VISIBLE_DEVICES": ""}
    done = subprocess.run([sys.executable, "-c", hook.RUNNER, str(SOURCE), str(out)], capture_output=True, text=True,
                          timeout=hook.TIMEOUT, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(out.read_text())


# --- The rows --------------------------------------------------------------------------------------


def test_the_table_has_enough_rows_in_every_group():
    groups = [group for group, _, _ in declared_rows()]
    assert len(groups) >= MIN_ROWS, f"{len(groups)} rows, fewer than {MIN_ROWS}"
    thin = {g: groups.count(g) for g in table.GROUPS if groups.count(g) < 4}
    assert not thin, f"groups with fewer than 4 rows: {thin}"
    assert groups == sorted(groups, key=list(table.GROUPS).index), "rows.py lists the rows group by group, in GROUPS order"


def test_the_rows_are_well_formed(ran):
    assert ran["problems"] == []
    assert [r["id"] for r in ran["rows"]] == ROW_IDS, "every @row(...) of rows.py registered, in order"


@pytest.mark.parametrize("row_id", ROW_IDS)
def test_row_holds(ran, row_id):
    record = next(r for r in ran["rows"] if r["id"] == row_id)
    assert record["error"] == "", f"row {row_id!r} (rows.py line {record['line']}): {record['error']}"
    assert record["evidence"], row_id


def test_each_row_teaches_from_an_existing_page(ran):
    missing = [(r["id"], r["teach"]) for r in ran["rows"]
               if not ((ROOT / "docs" / r["teach"]).is_file() or (ROOT / r["teach"]).is_file())]
    assert not missing, f"rows whose teach= names no page or notebook: {missing}"


def test_a_difference_is_said_in_the_note_too(ran):
    """A row whose check found a difference says what to do about it: its note is not empty."""
    silent = [r["id"] for r in ran["rows"] if any(e["kind"] == "differ" for e in r["evidence"]) and not r["note"]]
    assert not silent, f"rows that differ without a note: {silent}"


# --- The checks can fail -------------------------------------------------------------------------


def run_planted(check, **fields) -> dict:
    values = {"group": "layers", "id": "planted", "pytorch": "a", "tensorflow": "b", "teach": "glossary.md", "note": ""}
    values.update(fields)
    return table.run(table.Row(**values, check=check, line=1))


@pytest.mark.parametrize(
    "check, message",
    [
        (lambda c: c.same("outputs", np.ones(3), np.ones(3) + 1e-3, atol=1e-5, why="float32"), "differ by 0.001, more than 1e-05"),
        (lambda c: c.same("outputs", np.ones(3), np.ones(3) + 1e-7, atol=1e-5), "a tolerance needs its reason"),
        (lambda c: c.same("outputs", np.ones(3), np.full(3, np.nan), atol=1.0, why="any"), "differ by nan"),
        (lambda c: c.same("outputs", np.ones((2, 3)), np.ones((3, 2))), "shape (2, 3) in PyTorch, (3, 2) in TensorFlow"),
        (lambda c: c.same("dtype", "float32", "float64"), "'float32' in PyTorch, 'float64' in TensorFlow"),
        (lambda c: c.differ("epsilon", 1e-7, 1e-7), "the row says the frameworks differ, but both give 1e-07"),
        (lambda c: c.differ("weight shape", (3, 4), [3, 4]), "both give (3, 4)"),
        (lambda c: None, "the check states nothing"),
        (lambda c: [c.same("a", 1, 1), 1 / 0], "ZeroDivisionError"),
    ],
    ids=["beyond tolerance", "tolerance without reason", "NaN", "shapes", "values", "differ but equal",
         "differ but equal sequences", "states nothing", "raises"],
)
def test_a_wrong_row_fails(check, message):
    assert message in run_planted(check)["error"]


def test_a_right_row_records_what_it_found():
    def check(c):
        c.same("outputs", np.ones(3), np.ones(3) + 1e-7, atol=1e-5, why="float32 rounding")
        c.differ("epsilon", 1e-8, 1e-7)

    record = run_planted(check)
    assert record["error"] == ""
    assert [e["kind"] for e in record["evidence"]] == ["same", "differ"]
    assert record["evidence"][1]["pytorch"] == "1e-08" and record["evidence"][1]["tensorflow"] == "1e-07"


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"group": "layer"}, "unknown group 'layer'"),
        ({"id": "Linear Dense"}, "an id is lower case"),
        ({"id": "tensors"}, "the id is used twice"),
        ({"teach": ""}, "pytorch, tensorflow and teach are required"),
        ({"teach": "https://example.org"}, "teach names a page"),
    ],
)
def test_a_malformed_row_is_named(fields, message):
    values = {"group": "layers", "id": "planted", "pytorch": "a", "tensorflow": "b", "teach": "glossary.md", "note": ""}
    values.update(fields)
    problems = table.problems_of_the_rows([table.Row(**values, check=lambda c: None, line=7)])
    assert any(message in p for p in problems), problems
    assert all("line 7" in p for p in problems)


def test_two_rows_with_one_id_are_named():
    rows = [table.Row("layers", "same-id", "a", "b", "", "glossary.md", lambda c: None, line) for line in (3, 9)]
    assert any("used twice" in p and "line 9" in p for p in table.problems_of_the_rows(rows))


def test_the_build_fails_naming_each_failing_row():
    result = {"problems": ["row 'x' (rows.py line 3): an id is lower case"],
              "rows": [{"id": "adam-epsilon", "line": 40, "error": "AssertionError: epsilon: ..."},
                       {"id": "fine", "line": 50, "error": ""}]}
    with pytest.raises(PluginError) as raised:
        hook.failures(result)
    message = str(raised.value)
    assert "2 row(s)" in message and "'adam-epsilon' (rows.py line 40): AssertionError" in message and "'fine'" not in message


def test_the_page_must_say_where_the_table_goes():
    class Page:
        class file:
            src_uri = hook.PAGE

    hook.record.update({"versions": {}, "rows": [], "groups": {}})
    with pytest.raises(PluginError, match="translation-table"):
        hook.on_page_markdown("# Table\n\nNo marker.", Page, None, None)


def test_a_failing_row_fails_the_real_build(fixture_site):
    """The hook wired into a small site: a row whose check does not hold stops the build, named."""
    fixture_site.write("docs/translation.md", "---\ndescription: x\n---\n\n# Table\n\n<!-- translation-table -->\n")
    (fixture_site.root / "docs_src" / "translation").mkdir(parents=True)
    (fixture_site.root / "docs_src" / "translation" / "table.py").write_text((SOURCE / "table.py").read_text())
    (fixture_site.root / "docs_src" / "translation" / "rows.py").write_text(
        "from table import row\n\n"
        "@row('optimizers', 'adam-epsilon', pytorch='a', tensorflow='b', teach='glossary.md')\n"
        "def _(check):\n"
        "    check.same('epsilon', 1e-8, 1e-7)\n"
    )
    (fixture_site.root / "requirements.txt").write_text("")
    config = fixture_site.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("hooks:\n", f"hooks:\n  - {ROOT}/hooks/translation.py\n", 1))
    build = fixture_site.build()
    assert build.returncode != 0
    assert "row 'adam-epsilon' (rows.py line 3): AssertionError: epsilon: PyTorch and TensorFlow differ by 9e-08" in build.output
    assert "(rows.py line 5)" in build.output  # the line of the failed statement


# --- The page --------------------------------------------------------------------------------------


def page_rows(site) -> dict[str, str]:
    html = (site.site / "translation" / "index.html").read_text(encoding="utf-8")
    return dict(re.findall(r'<tr id="([a-z0-9-]+)">(.*?)</tr>', html, re.S))


def test_the_page_shows_every_row_and_only_those(site, ran):
    shown = page_rows(site)
    assert list(shown) == [r["id"] for r in ran["rows"]]


def test_a_row_shows_both_sides_what_was_found_and_its_links(site, ran):
    shown = page_rows(site)
    for r in ran["rows"]:
        text = unescape(re.sub(r"<[^>]+>", "", shown[r["id"]]))
        assert r["pytorch"] in text and r["tensorflow"] in text, r["id"]
        for e in r["evidence"]:
            if e["kind"] == "differ":  # the values each side used, as the run found them
                assert f"{e['pytorch']} vs {e['tensorflow']}" in text, (r["id"], e)
        assert f'href="#{r["id"]}"' in shown[r["id"]], f"{r['id']}: no link to itself"
        assert f"/rows.py#L{r['line']}" in shown[r["id"]], f"{r['id']}: the Check link must open its function"
        learn = re.search(r'<a href="([^"]+)">Learn</a>', shown[r["id"]])
        assert learn and (site.site / "translation" / learn[1] / "index.html").resolve().is_file(), (r["id"], learn)


def test_search_finds_a_row_by_either_sides_name(site, ran):
    index = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = {e["location"]: e for e in index["docs"]}
    for r in ran["rows"]:
        entry = entries.get(f"translation/#{r['id']}")
        assert entry, f"no search entry for row {r['id']}"
        assert unescape(entry["title"]) == f"{r['pytorch']} ⇄ {r['tensorflow']}"


def test_the_home_page_and_the_glossary_link_the_table():
    for page in ("index.md", "glossary.md"):
        assert "](translation.md" in (ROOT / "docs" / page).read_text(encoding="utf-8"), page
