"""Each reader's worst cases, run through `cliniclint lint`: the time for 100 KB and for
1 MB of each, and how the reader's own time grows from 100 KB to 1 MB (linear: about
10 times; quadratic: about 100 times).

    python benchmarks/readers.py                 # 100 KB and 1 MB of every case
    python benchmarks/readers.py --sizes 100KB,1MB,2MB --only html

Each case repeats one unit (a period, an unclosed comment, ...) to the size; the run
lints it with the bundled packs (compiled once, then cached), no results cache, one
process. The growth is the reader's alone (reading the page and splitting it into
sentences, in this process, best of three), which start-up and pack loading would
otherwise hide. The limit the project holds
itself to: 1 MB of every case in under 10 s on 2 cores, and growth close to linear.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# (name, file name, text before, the repeated unit)
CASES = [
    ("text: periods", "page.txt", "Our clinic", "."),
    ("text: ellipses after a quote", "page.txt", '"Our clinic', "... A"),
    (
        "text: a.a.a... before an @",
        "page.txt",
        "Write to ",
        "a.a.a.a.a.a.a.a.a.a.a.a.@",
    ),
    ("markdown: periods", "page.md", "Our clinic", "."),
    ("markdown: <!-- unclosed", "page.md", "Our clinic\n\n", "<!--"),
    ("markdown: ` runs unclosed", "page.md", "Our clinic ", "`` a ` "),
    ("markdown: [ unclosed", "page.md", "Our clinic ", "[a "),
    ("markdown: HTML blocks", "page.md", "", "<div>Our clinic</div>\n\n"),
    (
        "markdown: <p> unclosed in one HTML block",
        "page.md",
        "<div>\n",
        "<p>our clinic ",
    ),
    ("markdown: HTML block in a quote", "page.md", "> <div>\n", "> <p>our clinic\n"),
    ("mdx: {/* unclosed", "page.mdx", "Our clinic\n\n", "{/*"),
    ("mdx: {' unclosed", "page.mdx", "Our clinic\n\n", "{'"),
    ("mdx: <Tag unclosed", "page.mdx", "Our clinic\n\n", "<Hero "),
    ("mdx: string props", "page.mdx", "", '<Hero title="Our clinic" alt="A b" />\n'),
    ("html: <!-- unclosed", "page.html", "<p>Our clinic</p>", "<!--"),
    ("html: <a unclosed", "page.html", "<p>Our clinic</p>", "<a "),
    ("html: <p> unclosed", "page.html", "", "<p>our clinic "),
    ("html: &# not a reference", "page.html", "<p>Our clinic", "&#x"),
]
SIZES = {"100KB": 100 * 1024, "1MB": 1024 * 1024, "2MB": 2 * 1024 * 1024}


def page(head: str, unit: str, size: int) -> str:
    return head + unit * ((size - len(head)) // len(unit))


def lint_seconds(path: Path, timeout: float) -> float | None:
    # The compiled packs are cached (in the temporary folder); results are not.
    env = {**os.environ, "CLINICLINT_CACHE_DIR": str(path.parent / "cache")}
    command = [sys.executable, "-m", "cliniclint", "lint", "--isolated", "--no-cache"]
    command += ["-j", "1", "--format", "concise", "--fail-on", "never", str(path)]
    began = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise SystemExit(f"{path.name}: exit {done.returncode}: {done.stderr.decode()}")
    return time.perf_counter() - began


def reader_seconds(file_name: str, text: str) -> float:
    from cliniclint.documents import read_document

    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        list(read_document(file_name, text).sentences())
        best = min(best, time.perf_counter() - began)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100KB,1MB")
    parser.add_argument("--only", default="", help="cases whose name holds this")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    sizes = [s.strip() for s in args.sizes.split(",")]
    print(f"| case | {' | '.join(sizes)} | reader: {sizes[0]} | {sizes[-1]} | growth |")
    print(f"|---|{'---:|' * len(sizes)}---:|---:|---:|")
    slow = False
    with tempfile.TemporaryDirectory() as folder:
        for name, file_name, head, unit in CASES:
            if args.only not in name:
                continue
            times: list[float | None] = []
            for size in sizes:
                path = Path(folder) / file_name
                path.write_text(page(head, unit, SIZES[size]), encoding="utf-8")
                times.append(lint_seconds(path, args.timeout))
            shown = [f"{t:.2f} s" if t is not None else "timeout" for t in times]
            small = reader_seconds(file_name, page(head, unit, SIZES[sizes[0]]))
            large = reader_seconds(file_name, page(head, unit, SIZES[sizes[-1]]))
            last = times[-1]
            slow = slow or last is None or last > 10
            print(
                f"| {name} | {' | '.join(shown)} | {small:.3f} s | {large:.3f} s "
                f"| {large / small:.1f}x |",
                flush=True,
            )
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
