"""Memory per finding in one file: the peak RSS of `cliniclint lint` on pages of one
risky sentence repeated, and how it grows per finding between two sizes.

    python benchmarks/findings_memory.py             # 10,000 and 50,000 sentences
    python benchmarks/findings_memory.py --counts 20000,100000

Each page is one Markdown file of ``Our stem cells cure arthritis.`` repeated (one
`cure-claim` finding a sentence, and the page's three statements); it is linted with
the bundled packs (compiled once, then cached), no results cache, one process,
``--format concise``. The peak RSS is the child's own (``ru_maxrss``), measured in a
fresh Python process for each run, so that one run's peak never shows in another's.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCE = "Our stem cells cure arthritis. "
# Runs the command given in argv[1:] and prints the child's peak RSS in KB.
_MEASURE = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE)\n"
    "print(done.returncode, done.stdout.count(b'\\n'),"
    " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def measure(path: Path, cache: Path) -> tuple[float, int, int]:
    """Seconds, lines of output and peak RSS (KB) of one lint of ``path``."""
    env = {**os.environ, "CLINICLINT_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "cliniclint", "lint", "--isolated", "--no-cache"]
    command += ["-j", "1", "--format", "concise", "--fail-on", "never", str(path)]
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        capture_output=True,
        env=env,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - began
    code, lines, peak = (int(v) for v in done.stdout.split())
    if code != 0:
        raise SystemExit(f"{path}: exit {code}")
    return seconds, lines, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="10000,50000")
    args = parser.parse_args()
    counts = [int(c) for c in args.counts.split(",")]
    print("| sentences | findings | time | peak RSS |")
    print("|---:|---:|---:|---:|")
    rows: list[tuple[int, int]] = []
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "cache"
        warm = Path(folder) / "warm.md"
        warm.write_text(SENTENCE)
        measure(warm, cache)  # compiles the packs once
        for count in counts:
            path = Path(folder) / "page.md"
            path.write_text(SENTENCE * count, encoding="utf-8")
            seconds, findings, peak = measure(path, cache)
            rows.append((findings, peak))
            shown = f"{seconds:.1f} s | {peak / 1024:.0f} MB"
            print(f"| {count:,} | {findings:,} | {shown} |", flush=True)
    (few, low), (many, high) = rows[0], rows[-1]
    if many > few:
        print(f"\nGrowth: {(high - low) * 1024 / (many - few):,.0f} bytes per finding")
    return 0


if __name__ == "__main__":
    sys.exit(main())
