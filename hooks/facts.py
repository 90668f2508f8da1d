"""Dated facts that pages state, kept once in data/facts.yml with their source and check date.

Each entry of data/facts.yml is a named fact:

    pytorch_newest_stable:
      value: PyTorch 2.14.0            # one line, as the page shows it
      what: the newest stable PyTorch release   # what the value is, for the list on the page
      source: https://github.com/pytorch/pytorch/releases/tag/v2.14.0  # a URL, or a page of this site
      checked: 2026-12-04              # when someone last checked the value against the source

A Markdown page quotes a fact as ``{{ facts.<name> }}``, and this hook puts the value there before
the page is converted, so a value stated on several pages is the same on all of them by
construction. ``{{ facts.<name>.checked }}`` gives the day it was checked ("4 December 2026"), so
that "as of" is the date of the check by construction too. A page that quotes facts ends with a folded box that lists them, with their sources
and check dates, and its title says when the page's facts were last checked.

The build fails, naming the page or the fact, on a page that quotes an unknown fact or a malformed
placeholder, and on a fact with no value, no source, a source that is neither a URL nor a page of
the site, or a check date that is missing, malformed or in the future. Facts checked more than six
months before the build are listed in the build's output (not an error: a fact does not become
wrong on a date, but it is due for a check). Placeholders inside code are left alone.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

FILE = "data/facts.yml"  # relative to mkdocs.yml
STALE_AFTER = dt.timedelta(days=183)  # six months
NAME = re.compile(r"[a-z][a-z0-9_]*")
PLACEHOLDER = re.compile(r"\{\{\s*facts\.([A-Za-z0-9_]+)(\.checked)?\s*\}\}")
ANY_PLACEHOLDER = re.compile(r"\{\{\s*facts\b.*?\}\}")
CODE = re.compile(r"^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1[ \t]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL)
FIELDS = {"value", "what", "source", "checked"}

log = logging.getLogger("mkdocs.hooks.facts")
facts: dict[str, dict] = {}


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def check(raw: object, docs: Path, today: dt.date) -> dict[str, dict]:
    """The facts of data/facts.yml, validated; a bad entry raises, naming the fact."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise PluginError(f"facts: {FILE} must map fact names to entries")
    checked: dict[str, dict] = {}
    for name, entry in raw.items():
        where = f"facts: {FILE}, fact {name!r}"
        if not isinstance(name, str) or not NAME.fullmatch(name):
            raise PluginError(f"{where}: names are lowercase snake_case")
        if not isinstance(entry, dict) or set(entry) != FIELDS:
            found = sorted(entry) if isinstance(entry, dict) else type(entry).__name__
            raise PluginError(f"{where}: give exactly {', '.join(sorted(FIELDS))} (found {found})")
        for field in ("value", "what", "source"):
            text = entry[field]
            if not isinstance(text, str) or not text.strip() or "\n" in text.strip():
                raise PluginError(f"{where}: {field} must be a non-empty line of text")
        source = entry["source"].strip()
        if not source.startswith("https://") and not (docs / source.split("#")[0]).is_file():
            raise PluginError(f"{where}: source {source!r} is neither an https:// URL nor a page in docs/")
        day = entry["checked"]
        if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
            raise PluginError(f"{where}: checked must be a date written YYYY-MM-DD, not {day!r}")
        if day > today:
            raise PluginError(f"{where}: checked {day} is in the future")
        checked[name] = {**entry, "value": entry["value"].strip(), "source": source}
    return checked


def load(path: Path, docs: Path, today: dt.date) -> dict[str, dict]:
    if not path.is_file():
        return {}
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise PluginError(f"facts: {FILE} is not valid YAML: {error}") from error
    return check(raw, docs, today)


def stale(known: dict[str, dict], today: dt.date) -> list[str]:
    """Facts checked more than six months before today, oldest first."""
    old = [(entry["checked"], name) for name, entry in known.items() if today - entry["checked"] > STALE_AFTER]
    return [f"{name} (checked {day})" for day, name in sorted(old)]


def substitute(markdown: str, where: str, known: dict[str, dict]) -> tuple[str, list[str]]:
    """The page with each fact quoted, and the names it quoted; an unknown or malformed one raises."""
    prose = CODE.sub("", markdown)
    for candidate in ANY_PLACEHOLDER.finditer(prose):
        if not PLACEHOLDER.fullmatch(candidate[0]):
            raise PluginError(
                f"facts: {where}: malformed {candidate[0]}; write {{{{ facts.<name> }}}} or {{{{ facts.<name>.checked }}}}"
            )
    quoted: list[str] = []

    def value(match: re.Match) -> str:
        name = match[1]
        if name not in known:
            close = [n for n in known if n.split("_")[0] == name.split("_")[0]][:8]
            hint = f" (facts starting like it: {', '.join(close)})" if close else ""
            raise PluginError(f"facts: {where}: {match[0]} names no fact in {FILE}{hint}")
        if name not in quoted:
            quoted.append(name)
        return long_date(known[name]["checked"]) if match[2] else known[name]["value"]

    pieces, last = [], 0
    for code in CODE.finditer(markdown):  # replace in prose only, code is shown as written
        pieces += [PLACEHOLDER.sub(value, markdown[last : code.start()]), code[0]]
        last = code.end()
    pieces.append(PLACEHOLDER.sub(value, markdown[last:]))
    return "".join(pieces), quoted


def link(source: str, page_depth: int) -> str:
    if source.startswith("https://"):
        return source
    return "../" * page_depth + source


def box(quoted: list[str], known: dict[str, dict], page_uri: str) -> str:
    """A folded list of the facts a page quoted, each with its source and check date."""
    depth = page_uri.count("/")
    newest = max(known[name]["checked"] for name in quoted)
    oldest = min(known[name]["checked"] for name in quoted)
    when = long_date(newest) if newest == oldest else f"between {long_date(oldest)} and {long_date(newest)}"
    lines = [f'??? info "Facts on this page, last checked {when}"', ""]
    for name in quoted:
        entry = known[name]
        lines.append(
            f"    - {entry['what'][0].upper()}{entry['what'][1:]}: {entry['value']} "
            f"([source]({link(entry['source'], depth)}), checked {long_date(entry['checked'])})"
        )
    lines.append("")
    lines.append(f"    Every dated fact of the site is kept once, with its source, in `{FILE}`.")
    return "\n".join(lines)


def on_config(config):
    root = Path(config.config_file_path).parent
    today = dt.date.today()
    facts.clear()
    facts.update(load(root / FILE, Path(config.docs_dir), today))
    old = stale(facts, today)
    if old:
        log.info("facts: %d checked more than six months ago, due for a check: %s", len(old), ", ".join(old))
    return config


@event_priority(10)  # before hooks/results.py, which refuses any {{ left in a page's prose
def on_page_markdown(markdown, page, config, files):
    if not page.file.src_uri.endswith(".md"):
        return markdown
    replaced, quoted = substitute(markdown, page.file.src_uri, facts)
    if not quoted:
        return replaced
    return replaced.rstrip("\n") + "\n\n" + box(quoted, facts, page.file.src_uri) + "\n"
