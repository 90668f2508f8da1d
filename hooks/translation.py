"""The translation table (docs/translation.md), generated from the checks that prove its rows.

Each row is a function in docs_src/translation/rows.py that runs both frameworks and states what it
found (docs_src/translation/table.py). Before the pages are built, this hook runs every row in a
separate Python (the frameworks stay out of the build's own process), with a time limit, and keeps
the result in .cache/translation/, keyed on the rows' code and the pinned requirements. The build
fails, naming each row and its line in rows.py, when a row raises, states nothing, or is malformed.

The page holds its prose and one line ``<!-- translation-table -->``, which becomes one section per
group: a heading, then a table whose rows carry their id as anchor (translation/#linear-dense). A
row shows both sides' code, what its check found (the values each side uses where they differ, the
largest difference where they agree), its note, a link to the page that teaches it and one to its
check. After the build, every row is added to the search index as an entry of its own, titled by
both sides' names, so search finds a row by either name and opens the page at that row.
"""

from __future__ import annotations

import hashlib
import html
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

SOURCE = Path("docs_src") / "translation"  # relative to the folder of mkdocs.yml
CACHE = Path(".cache") / "translation"
PAGE = "translation.md"
MARKER = "<!-- translation-table -->"
TIMEOUT = 300  # seconds for all rows; they take about 15 s on 2 cores
RUNNER = "import sys; sys.path.insert(0, sys.argv[1]); import table; table.main(sys.argv[2])"

_spec = importlib.util.spec_from_file_location("source_links_for_translation", Path(__file__).with_name("source_links.py"))
source_links = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(source_links)  # one reading of repo_url and edit_uri for the whole site

record: dict = {}  # what the rows' run found: {"versions", "rows", "problems"}


def key(root: Path) -> str:
    """A hash of the rows' code and the pinned requirements: a change of either runs the rows again."""
    digest = hashlib.sha256()
    for path in sorted((root / SOURCE).glob("*.py")) + [root / "requirements.txt"]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def run_rows(root: Path) -> dict:
    """The rows' record, from the cache or from a fresh run; a failed run raises."""
    cached = root / CACHE / f"{key(root)}.json"
    if cached.is_file():
        return json.loads(cached.read_text())
    cached.parent.mkdir(parents=True, exist_ok=True)
    out = cached.with_suffix(".tmp")
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0", "CUDA_VISIBLE_DEVICES": ""}
    try:
        done = subprocess.run([sys.executable, "-c", RUNNER, str(root / SOURCE), str(out)], capture_output=True,
                              text=True, timeout=TIMEOUT, env=env, cwd=root)
    except subprocess.TimeoutExpired as e:
        raise PluginError(f"translation: the rows of {SOURCE}/rows.py ran longer than {TIMEOUT} s") from e
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise PluginError(f"translation: {SOURCE}/rows.py could not run:\n{tail}")
    result = json.loads(out.read_text())
    out.unlink()
    failures(result)  # a failed run is not cached
    cached.write_text(json.dumps(result))
    return result


def failures(result: dict) -> None:
    """Raise, naming every malformed or failing row, if there is one."""
    problems = list(result["problems"])
    problems += [f"row {r['id']!r} (rows.py line {r['line']}): {r['error']}" for r in result["rows"] if r["error"]]
    if problems:
        raise PluginError(f"translation: {len(problems)} row(s) of {SOURCE}/rows.py failed:\n  " + "\n  ".join(problems))


def evidence_text(evidence: dict) -> str:
    """One finding, as the page shows it."""
    if evidence["kind"] == "differ":
        return f"{evidence['what']} `{evidence['pytorch']}` vs `{evidence['tensorflow']}`"
    if "value" in evidence:
        return f"{evidence['what']}: both `{evidence['value']}`"
    if evidence["atol"] == 0:
        return f"{evidence['what']}: equal"
    return f"{evidence['what']}: agree within {evidence['atol']:g} (largest difference {evidence['max_diff']:.1g})"


def code(text: str) -> str:
    """Inline code that may wrap after a dot, an opening bracket or a comma, not inside a name."""
    escaped = html.escape(text, quote=False)
    for mark in (".", "(", "[", ", "):
        escaped = escaped.replace(mark, mark + "<wbr>")
    return f"<code>{escaped}</code>"


def cell(label: str, markdown: str) -> str:
    return f'<td data-label="{label}" markdown="span">{markdown}</td>'


def table_row(r: dict, blob: str) -> str:
    differences = [evidence_text(e) for e in r["evidence"] if e["kind"] == "differ"]
    agreements = [evidence_text(e) for e in r["evidence"] if e["kind"] == "same"]
    verdict = f"**Differs:** {'; '.join(differences)}." if differences else "**Same.**"
    check = f"{blob}/{SOURCE.as_posix()}/rows.py#L{r['line']}"
    links = (f"[Learn]({r['teach']}) · [Check]({check}) · "
             f'[#](#{r["id"]}){{ aria-label="Link to this row" title="Link to this row" }}')
    checked = f"Checked: {'; '.join(agreements)}. " if agreements else ""
    return "\n".join([
        f'<tr id="{r["id"]}" markdown="1">',
        cell("PyTorch", code(r["pytorch"])),
        cell("TensorFlow", code(r["tensorflow"])),
        cell("What the check found", f'{verdict} {r["note"]} <span class="translation-checked">{checked}{links}</span>'),
        "</tr>",
    ])


def render(result: dict, groups: dict[str, str], blob: str) -> str:
    """One section per group: its heading and its table."""
    sections = []
    for group, title in groups.items():
        rows = [r for r in result["rows"] if r["group"] == group]
        if not rows:
            continue
        sections += [
            f"## {title} {{#{group}}}\n",
            '<table class="translation" markdown="1" data-search-exclude>',  # rows have their own entries
            "<thead><tr><th>PyTorch</th><th>TensorFlow</th><th>What the check found</th></tr></thead>",
            '<tbody markdown="1">',
            *(table_row(r, blob) for r in rows),
            "</tbody>",
            "</table>\n",
        ]
    return "\n".join(sections)


def groups(root: Path) -> dict[str, str]:
    """table.GROUPS, read without importing the frameworks."""
    import ast

    tree = ast.parse((root / SOURCE / "table.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "GROUPS" for t in node.targets):
            return ast.literal_eval(node.value)
    raise PluginError(f"translation: {SOURCE}/table.py defines no GROUPS")


def on_pre_build(config):
    root = Path(config.config_file_path).parent
    record.clear()
    record.update(run_rows(root))
    record["groups"] = groups(root)


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri != PAGE:
        return markdown
    if markdown.count(MARKER) != 1:
        raise PluginError(f"translation: docs/{PAGE} must contain the line {MARKER} once, where the table goes")
    versions = ", ".join(f"{name} {version}" for name, version in record["versions"].items())
    count = len(record["rows"])
    summary = (f"The {count} rows below were checked by this build of the site, with {versions}; "
               f"{sum(any(e['kind'] == 'differ' for e in r['evidence']) for r in record['rows'])} of them "
               "differ between the frameworks.\n\n")
    repo, branch = source_links.repository(config)
    return markdown.replace(MARKER, summary + render(record, record["groups"], f"https://github.com/{repo}/blob/{branch}"))


def search_entries(result: dict, page_url: str) -> list[dict]:
    """One search index entry per row, titled by both sides' names."""
    return [
        {
            "location": f"{page_url}#{r['id']}",
            "title": html.escape(f"{r['pytorch']} ⇄ {r['tensorflow']}"),
            "text": "",  # the title names both sides; the note is on the page
        }
        for r in result["rows"]
    ]


@event_priority(-90)  # after the search plugin has written the index
def on_post_build(config):
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists() or not record:
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    index["docs"] += search_entries(record, PAGE.removesuffix(".md") + "/")
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
