"""hooks/notebooks.py: notebooks execute at build time, and every kind of failure stops the build.

Each case builds a small fixture site (tests/conftest.py) that uses the project's real hooks.
"""

from __future__ import annotations

import json

import nbformat
import pytest

from conftest import FixtureSite, notebook

pytestmark = pytest.mark.slow  # runs notebooks: make test and CI, not make check


def test_outputs_reach_the_page(fixture_site):
    fixture_site.write("notebooks/ok.ipynb", notebook("# Fine", "print(6 * 7)"))
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    assert "42" in (build.site / "notebooks/ok/index.html").read_text()
    assert build.executed() == {"notebooks/ok.ipynb"}


def test_a_raising_cell_fails_the_build_naming_notebook_and_cell(fixture_site):
    fixture_site.write("notebooks/raises.ipynb", notebook("# Title", "x = 1", "1 / 0"))
    build = fixture_site.build()
    assert build.returncode != 0
    assert "notebooks/raises.ipynb: cell 3 (code cell 2): ZeroDivisionError: division by zero" in build.output
    assert not (build.site / "index.html").exists(), "a failed build must publish nothing"


def test_a_hanging_cell_fails_on_the_timeout(tmp_path):
    site = FixtureSite(tmp_path / "fixture", timeout=2)
    site.write("notebooks/hangs.ipynb", notebook("import time", "time.sleep(600)"))
    build = site.build()
    assert build.returncode != 0
    assert "notebooks/hangs.ipynb: cell 2 (code cell 2): timed out after 2 s" in build.output


def test_the_timeout_can_be_set_from_the_environment(fixture_site):
    fixture_site.write("notebooks/slow.ipynb", notebook("import time; time.sleep(3)"))
    build = fixture_site.build(NOTEBOOK_CELL_TIMEOUT="1")
    assert build.returncode != 0
    assert "notebooks/slow.ipynb: cell 1 (code cell 1): timed out after 1 s" in build.output


def test_a_malformed_notebook_gets_a_clear_error(fixture_site):
    fixture_site.write("notebooks/broken.ipynb", '{"cells": [')
    build = fixture_site.build()
    assert build.returncode != 0
    assert "notebooks/broken.ipynb: not a valid notebook" in build.output


def test_a_notebook_without_kernelspec_is_refused(fixture_site):
    fixture_site.write("notebooks/nokernel.ipynb", notebook("print(1)", kernelspec=None))
    build = fixture_site.build()
    assert build.returncode != 0
    assert "notebooks/nokernel.ipynb: no Python kernelspec" in build.output


def test_every_failing_notebook_is_listed_in_one_message(fixture_site):
    fixture_site.write("notebooks/a.ipynb", notebook("raise ValueError('first')"))
    fixture_site.write("notebooks/b.ipynb", notebook("print('fine')"))
    fixture_site.write("notebooks/c.ipynb", notebook("x = 1", "raise KeyError('second')"))
    build = fixture_site.build()
    assert build.returncode != 0
    assert "2 of 3 notebooks failed" in build.output
    assert "notebooks/a.ipynb: cell 1 (code cell 1): ValueError: first" in build.output
    assert "notebooks/c.ipynb: cell 2 (code cell 2): KeyError: 'second'" in build.output
    assert "Traceback" not in build.output, "the message should be the list, not a Python traceback"


def test_each_notebook_runs_in_its_own_folder(fixture_site):
    fixture_site.write("notebooks/deep/data.txt", "next to the notebook")
    fixture_site.write(
        "notebooks/deep/here.ipynb",
        notebook("from pathlib import Path\nassert Path('data.txt').read_text() == 'next to the notebook'"),
    )
    build = fixture_site.build()
    assert build.returncode == 0, build.output


def test_each_notebook_gets_a_fresh_kernel(fixture_site):
    fixture_site.write("notebooks/a.ipynb", notebook("leaked = 1"))
    fixture_site.write("notebooks/b.ipynb", notebook("assert 'leaked' not in globals()"))
    build = fixture_site.build(NOTEBOOK_WORKERS="1")
    assert build.returncode == 0, build.output


def _intervals(site: FixtureSite, names: list[str], alone: tuple[str, ...] = (), sleep: dict | None = None) -> dict:
    """Run the notebooks; each records when its cell started and ended. name -> (start, end)."""
    cell = "import json, time; start = time.time(); time.sleep({}); json.dump([start, time.time()], open('{}.json', 'w'))"
    for name in names:
        metadata = {"side_by_side": {"run_alone": True}} if name in alone else None
        site.write(f"notebooks/{name}.ipynb", notebook(cell.format((sleep or {}).get(name, 3), name), metadata=metadata))
    build = site.build()
    assert build.returncode == 0, build.output
    return {n: tuple(json.loads((site.root / f"notebooks/{n}.json").read_text())) for n in names}


def test_notebooks_run_in_parallel_up_to_the_worker_count(tmp_path):
    (first, second) = sorted(_intervals(FixtureSite(tmp_path / "two", workers=2), ["a", "b"]).values())
    assert second[0] < first[1], "with 2 workers the two notebooks should overlap"
    (first, second) = sorted(_intervals(FixtureSite(tmp_path / "one", workers=1), ["a", "b"]).values())
    assert second[0] >= first[1], "with 1 worker the notebooks should run one after the other"


def test_a_notebook_that_asks_to_run_alone_runs_after_the_others(tmp_path):
    # Without the flag, "timed" would start as soon as the short notebook ends and overlap "long".
    runs = _intervals(
        FixtureSite(tmp_path / "alone", workers=2), ["long", "short", "timed"], alone=("timed",), sleep={"short": 0.5, "long": 4}
    )
    assert runs["timed"][0] >= max(runs["long"][1], runs["short"][1]), f"the notebook that runs alone overlapped: {runs}"


def test_a_dying_kernel_fails_the_build_with_its_last_words(fixture_site):
    fixture_site.write(
        "notebooks/n.ipynb",
        notebook("import os, sys\nsys.__stderr__.write('out of memory, say\\n')\nsys.__stderr__.flush()\nos._exit(1)"),
    )
    build = fixture_site.build()
    assert build.returncode != 0
    assert "notebooks/n.ipynb: cell 1 (code cell 1): the kernel died" in build.output
    assert "its last words: out of memory, say" in build.output


def test_what_a_kernel_prints_at_exit_stays_out_of_the_build_log(fixture_site):
    fixture_site.write(
        "notebooks/n.ipynb",
        notebook("import atexit, sys\natexit.register(lambda: sys.__stderr__.write('noise at exit\\n'))"),
    )
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    assert "noise at exit" not in build.output


def test_the_report_records_peak_memory_frameworks_and_device(fixture_site):
    fixture_site.write(
        "notebooks/big.ipynb",
        notebook("import sys, types\nsys.modules['torch'] = types.ModuleType('torch')  # as if imported\ndevice = 'cpu'",
                 "block = b'x' * (300 * 2**20)"),
    )
    fixture_site.write("notebooks/plain.ipynb", notebook("print('small')"))
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    big, plain = build.report()["notebooks/big.ipynb"], build.report()["notebooks/plain.ipynb"]
    assert big["peak_mib"] >= 300 > plain["peak_mib"]
    assert (big["frameworks"], big["device"]) == (["torch"], "cpu")
    assert (plain["frameworks"], plain["device"]) == ([], None)
    assert big["machine"] == plain["machine"] and "-core" in big["machine"]
    page = (build.site / "notebooks/big/index.html").read_text()
    assert "runs on <code>device</code>" in page and "Runs on the CPU." in (build.site / "notebooks/plain/index.html").read_text()
    assert "peak_mib" not in page and page.count('class="jp-Cell ') == 2, "the probe must leave no cell on the page"
    assert build.executed() == {"notebooks/big.ipynb", "notebooks/plain.ipynb"}
    again = fixture_site.build()
    assert again.report()["notebooks/big.ipynb"]["peak_mib"] == big["peak_mib"], "the cache keeps the record"


def test_a_bare_assert_is_named_by_its_line(fixture_site):
    fixture_site.write("notebooks/bare.ipynb", notebook("x = 1", "y = 2\nassert x == y\nprint('not reached')"))
    build = fixture_site.build()
    assert build.returncode != 0
    assert "notebooks/bare.ipynb: cell 2 (code cell 2): AssertionError: (no message) at: assert x == y" in build.output


def test_a_long_error_message_shows_its_first_line_and_its_cause(fixture_site):
    # The shape of a failed torchrun quoted by a notebook: the cause sits near the end, and the
    # message ends in a box drawn with rules (the build once reported only its last rule line).
    body = "\\n".join([f"noise {i}" for i in range(40)] + ["ConnectionError: the cause", "=" * 20])
    fixture_site.write("notebooks/long.ipynb", notebook(f'raise RuntimeError("program failed:\\n{body}")'))
    build = fixture_site.build()
    assert build.returncode != 0
    assert "notebooks/long.ipynb: cell 1 (code cell 1): RuntimeError: program failed:" in build.output
    assert "ConnectionError: the cause" in build.output
    assert "noise 0" not in build.output and "noise 39" in build.output, "the middle is left out, the end kept"
    assert "=" * 20 not in build.output


@pytest.mark.parametrize("tag, effect", [("skip-execution", "skips the cell"), ("raises-exception", "lets the cell fail")])
def test_a_tag_that_would_skip_a_cell_or_its_error_is_refused(fixture_site, tag, effect):
    # nbclient would skip the first cell, or run past its error: the assert would never count.
    nb = nbformat.reads(notebook("assert False, 'planted'", "print('after')"), as_version=4)
    nb.cells[0].metadata["tags"] = ["keep", tag]
    fixture_site.write("notebooks/tagged.ipynb", nbformat.writes(nb))
    build = fixture_site.build()
    assert build.returncode != 0
    assert f"notebooks/tagged.ipynb: cell 1 is tagged '{tag}', which {effect} when the build runs it" in build.output


DOWNLOAD = "import urllib.request\nurllib.request.urlopen('http://example.org/data.csv', timeout=5)"
DOWNLOAD_IN_A_CHILD = (
    "import subprocess, sys\n"
    "child = subprocess.run([sys.executable, '-c', 'import socket; socket.create_connection((\"93.184.215.14\", 80), 5)'],"
    " capture_output=True, text=True)\n"
    "assert child.returncode == 0, child.stderr.strip().splitlines()[-1]"
)
LOCAL_TRAFFIC = (
    "import socket, threading\n"
    "server = socket.create_server(('127.0.0.1', 0))\n"
    "threading.Thread(target=lambda: server.accept()[0].sendall(b'hi'), daemon=True).start()\n"
    "with socket.create_connection(server.getsockname(), timeout=5) as c:\n"
    "    assert c.recv(2) == b'hi'\n"
    "assert socket.getaddrinfo('localhost', 80)"
)


@pytest.mark.parametrize(
    "code, blocked",
    [(DOWNLOAD, "example.org:80"), (DOWNLOAD_IN_A_CHILD, "93.184.215.14:80")],
    ids=["in the kernel", "in a program the notebook starts"],
)
def test_a_notebook_cannot_reach_the_network(fixture_site, code, blocked):
    fixture_site.write("notebooks/net.ipynb", notebook(code))
    build = fixture_site.build()
    assert build.returncode != 0
    assert "notebooks/net.ipynb: cell 1 (code cell 1):" in build.output
    assert f"NetworkBlocked: no network while the build executes notebooks: this tried to reach {blocked}" in build.output


def test_a_notebook_may_talk_to_its_own_machine(fixture_site):
    fixture_site.write("notebooks/local.ipynb", notebook(LOCAL_TRAFFIC))
    build = fixture_site.build()
    assert build.returncode == 0, build.output
