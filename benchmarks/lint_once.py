"""Lint a corpus in one process, as `cliniclint lint --jobs 1 --no-cache` does, with
no output: a steady target for profilers.

    python benchmarks/lint_once.py benchmarks/corpus/1MB
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python benchmarks/lint_once.py benchmarks/corpus/1MB

The compiled packs come from the rules cache (filled by the first run), so that a
profile shows linting, not compiling. Prints the number of findings.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cliniclint.run.flags import Flags
from cliniclint.run.runner import Runner
from cliniclint.run.session import Session


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a folder of pages")
    args = parser.parse_args()
    session = Session.start([str(args.corpus)], Flags())
    runner = Runner(session, apply_baseline=False, root=Path.cwd())
    found = 0
    # The corpus may sit in an ignored folder (benchmarks/corpus is): lint it all.
    paths = session.files([str(args.corpus)], no_ignore=True)
    for outcome in runner.lint_files(paths, jobs=1, use_cache=False):
        found += len(outcome.result.findings)
    session.save()
    print(f"{found} findings")


if __name__ == "__main__":
    main()
