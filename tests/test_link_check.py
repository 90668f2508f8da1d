"""The weekly external-link check is wired: lychee.toml is a configuration lychee reads, its
exclusions each still match something, and .github/workflows/links.yml runs lychee with it and
reports through one issue, with write access only where the issue is written.

The check itself (lychee asking every host) runs in that workflow, not here: it needs the network.
Each check below is a function that returns the problems it finds, run once on the real files and
once on a copy with a fault planted (MUTATIONS), which it must name.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

CONFIG = ROOT / "lychee.toml"
WORKFLOW = ROOT / ".github" / "workflows" / "links.yml"
CI = ROOT / ".github" / "workflows" / "ci.yml"

# The lychee release the workflow runs (lycheeVersion in links.yml), whose keys are listed below.
LYCHEE_VERSION = "v0.23.0"

# Every top-level key of lychee.example.toml at the tag lychee-v0.23.0 of lycheeverse/lychee
# (commit fe03ec3122a623580c656f60ff0224624df266d8), with the type of its example value. They are
# the fields of lychee's `Config` (lychee-bin/src/options.rs, `#[serde(deny_unknown_fields)]`, so
# lychee refuses a file with any other key), less the deprecated `exclude_file`. When the workflow
# moves to another lychee release, copy the keys again from that release's lychee.example.toml.
LYCHEE_KEYS: dict[str, type | tuple[type, ...]] = {
    # Display
    "verbose": str, "format": str, "mode": str, "no_progress": bool, "output": str,
    "host_stats": bool, "dump": bool, "dump_inputs": bool,
    # Cache (a status-code selector is a string "200..=204, 429" or a list ["200..=204", "429"])
    "cache": bool, "max_cache_age": str, "cache_exclude_status": (str, list),
    # Runtime
    "cookie_jar": str, "threads": int, "max_redirects": int, "max_retries": int,
    "max_concurrency": int, "default_extension": str, "github_token": str, "index_files": list,
    "preprocess": dict,
    # Requests
    "user_agent": str, "timeout": int, "retry_wait_time": int, "accept": (str, list),
    "insecure": bool, "scheme": list, "require_https": bool, "method": str, "header": dict,
    "remap": list, "fallback_extensions": list, "base_url": str, "root_dir": str,
    "basic_auth": list, "include_fragments": bool, "min_tls": str,
    # Exclusions
    "skip_missing": bool, "hidden": bool, "no_ignore": bool, "include_verbatim": bool,
    "glob_ignore_case": bool, "exclude": list, "exclude_path": list, "extensions": list,
    "include": list, "exclude_all_private": bool, "exclude_private": bool,
    "exclude_link_local": bool, "exclude_loopback": bool, "include_mail": bool,
    "include_wikilinks": bool, "offline": bool,
    # Other
    "files_from": str, "generate": str, "archive": str, "suggest": bool,
    # Hosts
    "host_concurrency": int, "host_request_interval": str, "hosts": dict,
}
# The keys of one [hosts."NAME"] table, from the same file (lychee-lib's `HostConfig`, which also
# refuses unknown keys).
HOST_KEYS: dict[str, type] = {"concurrency": int, "request_interval": str, "headers": dict}
DURATIONS = {"max_cache_age", "host_request_interval"}  # humantime durations: "1d", "200ms"
DURATION = re.compile(r"^(\d+\s*(ns|us|ms|s|sec|m|min|h|d|w)\s*)+$")

# Links of the site that each exclusion of lychee.toml is there for: every pattern must match at
# least one of them, and every one of them must be excluded. A pattern that matches none has lost
# its purpose (a moved host, a renamed repository) and hides nothing but future real links.
EXCLUDED = [
    "https://side-by-side-dl.github.io/side-by-side/",  # canonical link of the home page
    "https://side-by-side-dl.github.io/side-by-side/notebooks/speed/",  # sitemap, canonical links
    "https://colab.research.google.com/github/side-by-side-dl/side-by-side/blob/main/notebooks/speed.ipynb",
    "https://github.com/side-by-side-dl/side-by-side/edit/main/docs/index.md",  # "Edit this page"
    "https://github.com/side-by-side-dl/side-by-side/edit/main/notebooks/speed.ipynb",
]
# Links of the site that must still be checked: a pattern that swallows one of them is too broad.
CHECKED = [
    "https://github.com/side-by-side-dl/side-by-side",  # the header's repository link
    "https://github.com/side-by-side-dl/side-by-side/blob/main/notebooks/speed.ipynb",  # "View on GitHub"
    "https://github.com/pytorch/serve/issues/3396",
    "https://colab.research.google.com/",
    "https://docs.pytorch.org/docs/stable/index.html",
    "https://www.tensorflow.org/guide",
    "https://squidfunk.github.io/mkdocs-material/",
]
# Files of the built site for exclude_path: the first list must be skipped, the second read.
SKIPPED_FILES = ["site/404.html"]
READ_FILES = ["site/index.html", "site/notebooks/speed/index.html", "site/compare/index.html"]

# Regular-expression syntax that Python accepts and lychee's Rust `regex` crate refuses.
NOT_IN_RUST_REGEX = re.compile(r"\(\?<?[=!]|\\[1-9]")
SHA = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def load_config(path: Path = CONFIG) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def load_workflow(path: Path = WORKFLOW) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in workflow:  # YAML 1.1 reads the key `on` as True
        workflow["on"] = workflow.pop(True)
    return workflow


def site_url() -> str:
    """site_url of mkdocs.yml (read as text: the file has Python tags that safe_load refuses)."""
    return re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)[1]


# --- lychee.toml ---------------------------------------------------------------------------------


def key_problems(config: dict) -> list[str]:
    """Keys that lychee does not know, and values of the wrong type."""
    problems = []
    for key, value in config.items():
        if key not in LYCHEE_KEYS:
            problems.append(f"{key}: not a key of lychee {LYCHEE_VERSION}")
        elif not isinstance(value, LYCHEE_KEYS[key]) or (isinstance(value, bool) and LYCHEE_KEYS[key] is int):
            problems.append(f"{key}: {value!r} is not of the type lychee reads ({LYCHEE_KEYS[key]})")
        elif key in DURATIONS and not DURATION.fullmatch(value):
            problems.append(f"{key}: {value!r} is not a duration such as '1d' or '200ms'")
    for host, settings in config.get("hosts", {}).items():
        for key, value in settings.items():
            if key not in HOST_KEYS:
                problems.append(f"hosts.{host}.{key}: not a key of lychee {LYCHEE_VERSION}")
            elif not isinstance(value, HOST_KEYS[key]):
                problems.append(f"hosts.{host}.{key}: {value!r} is not of the type lychee reads")
            elif key == "request_interval" and not DURATION.fullmatch(value):
                problems.append(f"hosts.{host}.{key}: {value!r} is not a duration such as '1s'")
    if "github_token" in config:
        problems.append("github_token: a token does not belong in the repository; lychee reads GITHUB_TOKEN")
    return problems


def compile_patterns(config: dict, key: str) -> tuple[list[re.Pattern], list[str]]:
    patterns, problems = [], []
    for pattern in config.get(key, []):
        if NOT_IN_RUST_REGEX.search(pattern):
            problems.append(f"{key}: {pattern!r} uses look-around or a back-reference, which lychee's regex refuses")
            continue
        try:
            patterns.append(re.compile(pattern))
        except re.error as error:
            problems.append(f"{key}: {pattern!r} is not a valid regular expression ({error})")
    return patterns, problems


def exclude_problems(config: dict) -> list[str]:
    """Invalid patterns, patterns that match no example, examples left unmatched or wrongly matched."""
    patterns, problems = compile_patterns(config, "exclude")
    for pattern in patterns:
        if not any(pattern.search(url) for url in EXCLUDED):
            problems.append(f"exclude: {pattern.pattern!r} matches none of the links in EXCLUDED")
        for url in CHECKED:
            if pattern.search(url):
                problems.append(f"exclude: {pattern.pattern!r} also excludes {url}, which must be checked")
    for url in EXCLUDED + [site_url(), site_url() + "compare/"]:
        if not any(p.search(url) for p in patterns):
            problems.append(f"exclude: nothing excludes {url}")
    return problems


def exclude_path_problems(config: dict) -> list[str]:
    patterns, problems = compile_patterns(config, "exclude_path")
    for pattern in patterns:
        if not any(pattern.search(path) for path in SKIPPED_FILES):
            problems.append(f"exclude_path: {pattern.pattern!r} matches none of SKIPPED_FILES")
        for path in READ_FILES:
            if pattern.search(path):
                problems.append(f"exclude_path: {pattern.pattern!r} also skips {path}")
    for path in SKIPPED_FILES:
        if not any(p.search(path) for p in patterns):
            problems.append(f"exclude_path: nothing skips {path}")
    return problems


def scope_problems(config: dict) -> list[str]:
    """Only the site's external links: web links of HTML pages, no file:// links, no local servers."""
    problems = []
    if sorted(config.get("scheme", [])) != ["http", "https"]:
        problems.append("scheme: must be ['https', 'http'], so that links between pages (file://) are left to the build")
    if config.get("extensions") != ["html"]:
        problems.append("extensions: must be ['html'], the built pages")
    if config.get("exclude_all_private") is not True:
        problems.append("exclude_all_private: must be true (localhost and private addresses)")
    if config.get("offline"):
        problems.append("offline: true checks no external link at all")
    return problems


# --- links.yml -----------------------------------------------------------------------------------


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def lychee_step(workflow: dict) -> tuple[str, dict] | tuple[None, None]:
    for name, job in workflow.get("jobs", {}).items():
        for step in steps(job):
            if step.get("uses", "").startswith("lycheeverse/lychee-action@"):
                return name, step
    return None, None


def workflow_problems(workflow: dict) -> list[str]:
    problems = []
    jobs = workflow.get("jobs", {})

    # When it runs
    triggers = workflow.get("on") or {}
    triggers = {t: None for t in triggers} if isinstance(triggers, (list, str)) else triggers
    schedule = triggers.get("schedule") or []
    if not any(isinstance(s, dict) and s.get("cron") for s in schedule):
        problems.append("on.schedule: no cron entry, so the check never runs by itself")
    if "workflow_dispatch" not in triggers:
        problems.append("on.workflow_dispatch: missing, so the check cannot be run on demand")

    # What it runs
    for name, job in jobs.items():
        for uses in [job.get("uses")] + [step.get("uses") for step in steps(job)]:
            if uses and not uses.startswith("./") and not SHA.match(uses):
                problems.append(f"jobs.{name}: {uses} is not pinned to a 40-hex commit SHA")

    # Who may write
    if workflow.get("permissions") != {"contents": "read"}:
        problems.append(f"permissions: the workflow's default must be contents: read, not {workflow.get('permissions')!r}")
    writers = {name for name, job in jobs.items() if job.get("permissions") == "write-all"
               or isinstance(job.get("permissions"), dict) and job["permissions"].get("issues") == "write"}
    issue_jobs = {name for name, job in jobs.items() if any("gh issue" in s.get("run", "") for s in steps(job))}
    if len(issue_jobs) != 1:
        problems.append(f"one job must write the issue with `gh issue`; found {sorted(issue_jobs)}")
    if writers != issue_jobs:
        problems.append(f"issues: write must be given to the issue-writing job {sorted(issue_jobs)} only, not {sorted(writers)}")
    for name, job in jobs.items():
        granted = job.get("permissions")
        if granted is not None and not isinstance(granted, dict):
            problems.append(f"jobs.{name}.permissions: {granted!r}; name each scope the job needs")
            continue
        extra = {k: v for k, v in (granted or {}).items() if v == "write" and not (k == "issues" and name in issue_jobs)}
        if extra:
            problems.append(f"jobs.{name}.permissions: {extra} is more than the job needs")

    # lychee, with lychee.toml, on the built site, without failing the job on a broken link
    check_job, step = lychee_step(workflow)
    if step is None:
        problems.append("no step uses lycheeverse/lychee-action")
        return problems
    inputs = step.get("with") or {}
    args = str(inputs.get("args", "")).split()
    if "--config" not in args or args[args.index("--config") + 1 : args.index("--config") + 2] != ["lychee.toml"]:
        problems.append("the lychee step must pass --config lychee.toml in args")
    if inputs.get("workingDirectory", ".") != ".":
        problems.append("the lychee step must run in the repository root, where lychee.toml is")
    if not args or args[-1] != "site":
        problems.append("the lychee step must check the built site, site/")
    if inputs.get("lycheeVersion") != LYCHEE_VERSION:
        problems.append(f"lycheeVersion must be {LYCHEE_VERSION}, the release LYCHEE_KEYS comes from (or update both)")
    if inputs.get("fail") is not False:
        problems.append("the lychee step needs fail: false, or a broken link fails the job and no issue is written")
    runs = [s.get("run", "") for s in steps(jobs[check_job])]
    position = steps(jobs[check_job]).index(step)
    if not any("make build" in r for r in runs[:position]):
        problems.append(f"jobs.{check_job}: no `make build` before the lychee step")
    output = (jobs[check_job].get("outputs") or {}).values()
    if f"${{{{ steps.{step.get('id')}.outputs.exit_code }}}}" not in output:
        problems.append(f"jobs.{check_job}.outputs: lychee's exit_code is not passed on to the issue job")
    for name in issue_jobs:
        needs = jobs[name].get("needs")
        if check_job not in ([needs] if isinstance(needs, str) else needs or []):
            problems.append(f"jobs.{name}: must need {check_job}, whose result it reports")
    return problems


def notebook_cache_problems(workflow: dict, ci: dict) -> list[str]:
    """The build restores the notebook outputs CI stores, under the same key: otherwise it runs them all."""

    def cache_step(wf: dict) -> dict:
        for job in wf.get("jobs", {}).values():
            for step in steps(job):
                if step.get("uses", "").startswith(("actions/cache@", "actions/cache/restore@")) and \
                        step.get("with", {}).get("path") == ".cache/notebooks/outputs":
                    return step["with"]
        return {}

    ours, theirs = cache_step(workflow), cache_step(ci)
    if not theirs:
        return ["ci.yml no longer caches .cache/notebooks/outputs: update this test"]
    if (ours.get("key"), ours.get("restore-keys")) != (theirs.get("key"), theirs.get("restore-keys")):
        return ["the notebook outputs are not restored with ci.yml's key and restore-keys"]
    return []


# --- The real files ------------------------------------------------------------------------------


def test_lychee_toml_has_only_keys_lychee_reads():
    assert not key_problems(load_config()), "\n".join(key_problems(load_config()))


def test_every_exclusion_is_valid_and_matches_a_link_of_the_site():
    assert not exclude_problems(load_config()), "\n".join(exclude_problems(load_config()))


def test_only_404_html_is_left_out():
    assert not exclude_path_problems(load_config()), "\n".join(exclude_path_problems(load_config()))


def test_only_external_links_are_checked():
    assert not scope_problems(load_config()), "\n".join(scope_problems(load_config()))


def test_the_workflow_runs_weekly_and_reports_through_one_issue():
    assert not workflow_problems(load_workflow()), "\n".join(workflow_problems(load_workflow()))


def test_the_build_reuses_the_notebook_outputs_ci_stores():
    problems = notebook_cache_problems(load_workflow(), load_workflow(CI))
    assert not problems, "\n".join(problems)


def test_the_excluded_examples_are_links_the_site_makes():
    """The examples are not made up: the site's own URL and the repository come from mkdocs.yml."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    repo = re.search(r"^repo_url:\s*(\S+)", config, re.M)[1]
    assert re.search(r"^edit_uri:\s*edit/main/docs/", config, re.M)
    assert any(url.startswith(site_url()) for url in EXCLUDED)
    assert any(url.startswith(f"{repo}/edit/main/") for url in EXCLUDED)
    assert any(url.startswith(f"https://colab.research.google.com/github/{repo.removeprefix('https://github.com/')}/blob/main/") for url in EXCLUDED)
    assert f"{repo}/blob/main/notebooks/speed.ipynb" in CHECKED and (ROOT / "notebooks" / "speed.ipynb").is_file()


# --- Planted faults ------------------------------------------------------------------------------

# (file, text in the real file, what replaces it, the problem that must be reported)
MUTATIONS = {
    "a misspelt key": (CONFIG, "max_retries = 3", "max_retry = 3", "max_retry: not a key of lychee"),
    "a key of the wrong type": (CONFIG, "timeout = 30", 'timeout = "30s"', "timeout: '30s' is not of the type"),
    "a malformed duration": (CONFIG, 'max_cache_age = "1d"', 'max_cache_age = "one day"', "is not a duration"),
    "an unknown host key": (CONFIG, "concurrency = 1\n", "concurrency = 1\nrate = 2\n", "hosts.github.com.rate: not a key"),
    "a token in the file": (CONFIG, "cache = true", 'cache = true\ngithub_token = "ghp_x"', "github_token: a token does not belong"),
    "a flag where a number goes": (CONFIG, "max_concurrency = 16", "max_concurrency = true", "max_concurrency: True is not of the type"),
    "a malformed host interval": (CONFIG, 'request_interval = "1s"', 'request_interval = "1 second"', "hosts.github.com.request_interval: '1 second' is not a duration"),
    "other files than pages": (CONFIG, 'extensions = ["html"]', 'extensions = ["html", "xml"]', "extensions: must be ['html']"),
    "nothing checked online": (CONFIG, "exclude_all_private = true", "exclude_all_private = true\noffline = true", "offline: true checks no external link"),
    "an invalid exclude pattern": (CONFIG, "exclude = [", "exclude = [\n  '^https://(unclosed',", "is not a valid regular expression"),
    "a pattern lychee's regex refuses": (CONFIG, "exclude = [", "exclude = [\n  '^https://(?!docs)',", "look-around or a back-reference"),
    "a dead exclusion": (CONFIG, "exclude = [", "exclude = [\n  '^https://gone\\.example/',", "'^https://gone\\\\.example/' matches none of the links in EXCLUDED"),
    "an exclusion that is too broad": (CONFIG, "exclude = [", "exclude = [\n  '^https://github\\.com/',", "also excludes https://github.com/pytorch/serve/issues/3396"),
    "the site no longer excluded": (CONFIG, "  '^https://side-by-side-dl\\.github\\.io/side-by-side/',\n", "", "nothing excludes https://side-by-side-dl.github.io/side-by-side/"),
    "a dead exclude_path": (CONFIG, "exclude_path = ['(^|/)404\\.html$']", "exclude_path = ['(^|/)405\\.html$']", "matches none of SKIPPED_FILES"),
    "an exclude_path that skips pages": (CONFIG, "exclude_path = ['(^|/)404\\.html$']", "exclude_path = ['\\.html$']", "also skips site/index.html"),
    "file links checked": (CONFIG, 'scheme = ["https", "http"]', 'scheme = ["https", "http", "file"]', "scheme: must be"),
    "local servers checked": (CONFIG, "exclude_all_private = true", "exclude_all_private = false", "exclude_all_private: must be true"),
    "no schedule": (WORKFLOW, '  schedule:\n    - cron: "29 6 * * 3"', "  push:\n    branches: [main]", "on.schedule: no cron entry"),
    "no manual run": (WORKFLOW, "  workflow_dispatch:\n", "", "on.workflow_dispatch: missing"),
    "an action pinned to a tag": (WORKFLOW, "lychee-action@8646ba30535128ac92d33dfc9133794bfdd9b411", "lychee-action@v2", "lycheeverse/lychee-action@v2 is not pinned"),
    "write access for the whole workflow": (WORKFLOW, "permissions:\n  contents: read\n", "permissions:\n  contents: read\n  issues: write\n", "the workflow's default must be contents: read"),
    "write access for the build": (WORKFLOW, "    timeout-minutes: 45\n", "    timeout-minutes: 45\n    permissions:\n      issues: write\n", "issues: write must be given to the issue-writing job ['report'] only"),
    "no write access where the issue is written": (WORKFLOW, "      issues: write #", "      issues: read #", "issues: write must be given to the issue-writing job"),
    "every write access for the build": (WORKFLOW, "    timeout-minutes: 45\n", "    timeout-minutes: 45\n    permissions: write-all\n", "jobs.check.permissions: 'write-all'"),
    "other write access for the issue job": (WORKFLOW, "      issues: write #", "      contents: write\n      issues: write #", "jobs.report.permissions: {'contents': 'write'}"),
    "no lychee step": (WORKFLOW, "uses: lycheeverse/lychee-action@", "uses: lycheeverse/other-action@", "no step uses lycheeverse/lychee-action"),
    "two jobs writing issues": (WORKFLOW, "run: make build", "run: make build && gh issue list", "one job must write the issue with `gh issue`; found ['check', 'report']"),
    "lychee run elsewhere": (WORKFLOW, "fail: false", "fail: false\n          workingDirectory: site", "must run in the repository root"),
    "lychee without lychee.toml": (WORKFLOW, "args: --config lychee.toml --no-progress site", "args: --no-progress site", "must pass --config lychee.toml"),
    "lychee on the sources": (WORKFLOW, "args: --config lychee.toml --no-progress site", "args: --config lychee.toml --no-progress docs", "must check the built site"),
    "a broken link failing the job": (WORKFLOW, "fail: false", "fail: true", "needs fail: false"),
    "another lychee release": (WORKFLOW, "lycheeVersion: v0.23.0", "lycheeVersion: v0.24.2", "lycheeVersion must be v0.23.0"),
    "no build before the check": (WORKFLOW, "run: make build", "run: make strip", "no `make build` before the lychee step"),
    "the exit code not passed on": (WORKFLOW, "exit-code: ${{ steps.lychee.outputs.exit_code }}", "exit-code: ''", "lychee's exit_code is not passed on"),
    "the issue job not waiting": (WORKFLOW, "    needs: check\n", "", "jobs.report: must need check"),
    "a notebook cache key of its own": (WORKFLOW, "key: notebooks-${{ runner.os }}-${{ hashFiles('requirements.txt') }}-${{ hashFiles('notebooks/**/*.ipynb') }}", "key: outputs-${{ github.sha }}", "not restored with ci.yml's key"),
}


def problems_of(path: Path) -> list[str]:
    if path.suffix == ".toml":
        config = load_config(path)
        return key_problems(config) + exclude_problems(config) + exclude_path_problems(config) + scope_problems(config)
    workflow = load_workflow(path)
    return workflow_problems(workflow) + notebook_cache_problems(workflow, load_workflow(CI))


@pytest.mark.parametrize(("real", "old", "new", "message"), MUTATIONS.values(), ids=MUTATIONS.keys())
def test_a_planted_fault_is_caught(tmp_path, real, old, new, message):
    text = real.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{real.name} no longer has {old!r} exactly once: update this mutation"
    planted = tmp_path / real.name
    planted.write_text(text.replace(old, new), encoding="utf-8")
    problems = problems_of(planted)
    assert any(message in p for p in problems), f"{message!r} not reported; found:\n" + "\n".join(problems)
