"""A record of the last build: which inputs it was built from, where, and with how many warnings.

The tests need the built site. Building it takes seconds with every notebook output cached, and
minutes without; after ``make build`` it is already there. So each build writes
``.cache/build/record.json``: the site folder, whether the build was strict, the number of warnings it
logged, and a fingerprint of every file the site is built from (pages, code that pages include,
notebooks, hooks, theme overrides, facts, mkdocs.yml, CONTRIBUTING.md and the requirements).
tests/conftest.py reuses the site when a strict build without warnings wrote it from the same
inputs, and builds it otherwise. The record is removed when a build starts, so a build that fails
half-way leaves none.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

RECORD = Path(".cache") / "build" / "record.json"  # relative to the folder of mkdocs.yml
INPUT_DIRS = ("docs", "docs_src", "notebooks", "hooks", "overrides", "data", "includes")
INPUT_FILES = ("mkdocs.yml", "CONTRIBUTING.md", "requirements.txt", "requirements-dev.txt", "requirements-colab.txt")
SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints"}


def fingerprint(root: Path) -> str:
    """A hash of the names and contents of every file the site is built from."""
    digest = hashlib.sha256()
    paths = [root / name for name in INPUT_FILES if (root / name).is_file()]
    for folder in INPUT_DIRS:
        for dirpath, dirnames, filenames in os.walk(root / folder):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            paths += [Path(dirpath) / name for name in sorted(filenames)]
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def current(root: Path, site: Path) -> bool:
    """Whether ``site`` holds a strict build without warnings from the files now in ``root``."""
    try:
        record = json.loads((root / RECORD).read_text())
    except (OSError, ValueError):
        return False
    return (
        record.get("site_dir") == str(site.resolve())
        and record.get("strict") is True
        and record.get("warnings") == 0
        and (site / "index.html").is_file()
        and record.get("fingerprint") == fingerprint(root)
    )


class _Counter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


_counter = _Counter()
_inputs = {"fingerprint": ""}  # taken when the build starts, before it reads any file


def on_config(config):
    root = Path(config.config_file_path).parent
    (root / RECORD).unlink(missing_ok=True)
    _inputs["fingerprint"] = fingerprint(root)
    _counter.count = 0
    logging.getLogger("mkdocs").addHandler(_counter)
    return config


def on_post_build(config):
    root = Path(config.config_file_path).parent
    logging.getLogger("mkdocs").removeHandler(_counter)
    record = {
        "site_dir": str(Path(config.site_dir).resolve()),
        "strict": bool(config.strict),
        "warnings": _counter.count,
        "fingerprint": _inputs["fingerprint"],
    }
    (root / RECORD).parent.mkdir(parents=True, exist_ok=True)
    (root / RECORD).write_text(json.dumps(record, indent=1))
