"""Page weight, requests and Lighthouse scores of every page, and the site's build times.

Not a test: it measures and prints. Run it with `make bench` (or `.venv/bin/python
tools/benchmark_pages.py --help`). It

1. builds the site cold (every notebook executed, cache bypassed) and warm (from the cache), timing both;
2. builds the anchor: the same site with notebooks rendered by stock mkdocs-jupyter, i.e. without
   hooks/notebook_html.py (JupyterLab's inline CSS and scripts, base64 figures);
3. serves each build on 127.0.0.1, gzipped like GitHub Pages (tools/static_server.py), and loads
   every page in Chromium with an empty cache: bytes of the HTML and of everything it loads as
   transferred (gzipped), number of requests, requests to other hosts;
4. runs Lighthouse (mobile, its default throttling) several times per page and reports the median
   of each category score.

It prints one Markdown table, the hardware and versions it ran on, and the ratio the site's goal is
stated in: a notebook page's transfer (without its own images) against the median Markdown page.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from static_server import StaticServer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
ANCHOR_HOOKS = ["hooks/notebooks.py", "hooks/notebook_links.py", "hooks/source_links.py"]


def build(site_dir: Path, config: Path = ROOT / "mkdocs.yml", **env: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config), "-d", str(site_dir)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        check=True,
    )
    return time.perf_counter() - start


def pages(site_dir: Path, patterns: list[str]) -> list[str]:
    found = sorted(p.parent.relative_to(site_dir).as_posix() + "/" for p in site_dir.rglob("index.html"))
    found = ["" if p == "./" else p for p in found]
    return [p for p in found if any(fnmatch.fnmatch(p or "/", pat) for pat in patterns)]


def transfer(browser, url: str) -> dict:
    """Bytes as transferred (gzipped) for the page's HTML and everything it loads, with an empty cache."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    host = urlparse(url).netloc
    seen: list[tuple[str, str, int]] = []

    def finished(request):
        sizes = request.sizes()
        seen.append((request.url, request.resource_type, sizes["responseBodySize"] + sizes["responseHeadersSize"]))

    context.on("requestfinished", finished)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)
    context.close()
    html = next(size for u, kind, size in seen if kind == "document")
    images = sum(size for u, kind, size in seen if kind == "image" and u.startswith(url) and "/figure-" in u)
    return {
        "html": html,
        "total": sum(size for _, _, size in seen),
        "own_images": images,
        "requests": len(seen),
        "third_party": sum(1 for u, _, _ in seen if urlparse(u).scheme.startswith("http") and urlparse(u).netloc != host),
    }


def lighthouse(url: str, runs: int) -> dict:
    scores: dict[str, list[float]] = {c: [] for c in CATEGORIES}
    for _ in range(runs):
        result = subprocess.run(
            [
                str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
                f"--only-categories={','.join(CATEGORIES)}",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            check=True,
        )
        report = json.loads(result.stdout)
        for c in CATEGORIES:
            scores[c].append(round(report["categories"][c]["score"] * 100))
    return {c: statistics.median(v) for c, v in scores.items()}


def measure(site_dir: Path, paths: list[str], runs: int, label: str = "") -> list[dict]:
    rows = []
    with StaticServer(site_dir) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for path in paths:
            row = {"page": label + "/" + path, "notebook": path.startswith("notebooks/"), **transfer(browser, base + path)}
            scores = lighthouse(base + path, runs) if runs else {}
            rows.append({**row, **scores})
            print(f"  measured /{path}", file=sys.stderr)
        browser.close()
    return rows


def kib(n: float) -> str:
    return f"{n / 1024:.1f}"


def versions() -> str:
    lighthouse_version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout.strip()
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    import material
    import mkdocs

    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPU cores, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, MkDocs {mkdocs.__version__}, Material {material.__version__}, "
        f"Lighthouse {lighthouse_version}, {chromium}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="Lighthouse runs per page (median reported); 0 skips Lighthouse")
    parser.add_argument("--pages", nargs="*", default=["*"], help="glob patterns of page paths, e.g. 'notebooks/*' '/'")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold build (every notebook executed)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        cold = None if args.no_cold else build(work / "cold", NOTEBOOK_CACHE="off")
        build(work / "site")  # fills the cache if the cold build could not
        warm = build(work / "site")
        anchor_config = ROOT / ".bench-anchor.yml"
        anchor_config.write_text("INHERIT: mkdocs.yml\nhooks:\n" + "".join(f"  - {h}\n" for h in ANCHOR_HOOKS))
        try:
            build(work / "anchor", anchor_config)
        finally:
            anchor_config.unlink()

        paths = pages(work / "site", args.pages)
        rows = measure(work / "site", paths, args.runs)
        notebook_paths = [p for p in paths if p.startswith("notebooks/")]
        rows += measure(work / "anchor", notebook_paths, args.runs, label="anchor: stock mkdocs-jupyter")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"\nMeasured {time.strftime('%Y-%m-%d')} on {versions()}.")
    print(f"Lighthouse: mobile preset, median of {args.runs} runs; bytes as transferred, gzipped, empty cache.\n")
    header = "| page | HTML KiB | total KiB | requests | third-party | performance | accessibility | best practices | SEO |"
    print(header)
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        scores = " | ".join(str(int(r[c])) if c in r else "–" for c in CATEGORIES)
        print(f"| {r['page']} | {kib(r['html'])} | {kib(r['total'])} | {r['requests']} | {r['third_party']} | {scores} |")

    site_rows = [r for r in rows if not r["page"].startswith("anchor")]
    markdown = [r["total"] for r in site_rows if not r["notebook"]]
    notebooks = [r for r in site_rows if r["notebook"]]
    if markdown and notebooks:
        median_md = statistics.median(markdown)
        worst = max(notebooks, key=lambda r: r["total"] - r["own_images"])
        ratio = (worst["total"] - worst["own_images"]) / median_md
        print(
            f"\nHeaviest notebook page without its own figures: {worst['page']} {kib(worst['total'] - worst['own_images'])} KiB "
            f"= {ratio:.2f}× the median Markdown page ({kib(median_md)} KiB); goal ≤ 1.2×."
        )
    print(f"Build times: cold (all notebooks executed) {cold:.1f} s; warm (from the cache) {warm:.1f} s." if cold else f"Warm build {warm:.1f} s.")


if __name__ == "__main__":
    main()
