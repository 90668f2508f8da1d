"""Run one notebook many times while others run beside it, and count its failures.

    .venv/bin/python tools/repeat_notebook.py notebooks/distributed.ipynb --runs 20 \
        --beside notebooks/eager-and-graph.ipynb notebooks/distributed.ipynb

A flaky notebook is a broken notebook for whoever meets the failure, reader or CI. This is how the
project measures that a notebook survives a busy machine: in each round the notebook runs in a fresh
kernel, in its own folder, at the same time as the notebooks named by ``--beside`` (a notebook may be
named there too, to run two copies at once, as two builds on one machine would). It prints one line
per round and, at the end, the number of failed rounds with each distinct error. Exit status: 1 if
any round failed.
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def run(path: Path, timeout: float) -> str:
    """Execute a notebook in a fresh kernel in its folder; '' or the error's last lines."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
        extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
    )
    try:
        client.execute()
    except CellExecutionError as e:
        return f"{e.ename}: {e.evalue}"
    except Exception as e:  # a timeout, a dead kernel
        return f"{type(e).__name__}: {str(e).strip().splitlines()[-1] if str(e).strip() else ''}"
    return ""


def first_line(error: str) -> str:
    return error.strip().splitlines()[0] if error.strip() else error


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--beside", type=Path, nargs="*", default=[], help="notebooks to run at the same time")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per cell")
    args = parser.parse_args()

    failures: dict[str, int] = {}
    with ThreadPoolExecutor(max_workers=1 + len(args.beside)) as pool:
        for round_number in range(1, args.runs + 1):
            start = time.perf_counter()
            target = pool.submit(run, args.notebook, args.timeout)
            others = [pool.submit(run, path, args.timeout) for path in args.beside]
            error = target.result()
            beside_errors = [f.result() for f in others]
            status = "FAIL " + first_line(error) if error else "ok"
            print(f"round {round_number:3d}: {time.perf_counter() - start:5.0f} s  {status}", flush=True)
            if error:
                print("    " + error.replace("\n", "\n    "), flush=True)
            for path, other in zip(args.beside, beside_errors):
                if other:
                    print(f"           beside it, {path} failed: {first_line(other)}", flush=True)
                    print("    " + other.replace("\n", "\n    "), flush=True)
            if error:
                failures[first_line(error)] = failures.get(first_line(error), 0) + 1
    print(f"\n{args.notebook}: {sum(failures.values())} failed rounds of {args.runs}, "
          f"beside {', '.join(map(str, args.beside)) or 'nothing'}")
    for error, count in failures.items():
        print(f"  {count} x {error}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
