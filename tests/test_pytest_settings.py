"""The suite's own settings (pytest.ini): a test that would pass without checking anything fails."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

CASES = {
    "a test over an empty list": (
        "import pytest\n\n@pytest.mark.parametrize('path', [])\ndef test_each(path):\n    assert path\n",
        "Empty parameter set",
    ),
    "an xfail that passes": (
        "import pytest\n\n@pytest.mark.xfail(reason='known')\ndef test_known():\n    assert True\n",
        "[XPASS(strict)]",
    ),
    "a warning": ("import warnings\n\ndef test_warns():\n    warnings.warn('deprecated', DeprecationWarning)\n", "DeprecationWarning"),
    "a misspelt marker": ("import pytest\n\n@pytest.mark.slwo\ndef test_marked():\n    assert True\n", "'slwo' not found"),
}


@pytest.mark.parametrize("source, message", CASES.values(), ids=CASES.keys())
def test_the_suite_fails_on(tmp_path, source, message):
    (tmp_path / "test_planted.py").write_text(source)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pytest.ini"), "--rootdir", str(tmp_path), "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert run.returncode != 0, run.stdout
    assert message in run.stdout, run.stdout[-2000:]
