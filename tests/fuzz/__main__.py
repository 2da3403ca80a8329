"""The long fuzz campaign, outside CI:

    python -m tests.fuzz --examples 100000          # from the repository's root

The inputs are shared out between the targets (see targets.py), which run in
parallel processes (--jobs, default: the number of cores); each process compiles the
bundled packs once. A failure prints Hypothesis's falsifying example and the
traceback, and the command exits 1. Failing examples are kept in
.hypothesis/fuzz, so the next run tries them first. CI runs the same targets, fewer
times each, in tests/test_fuzz.py (CLINICLINT_FUZZ_EXAMPLES sets how many).
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import sys
import time
import traceback
from typing import Any

from .targets import TARGETS


def run_target(job: tuple[str, int, int, bool]) -> dict[str, Any]:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as use_seed
    from hypothesis.database import DirectoryBasedExampleDatabase

    from .targets import bundled_rules

    name, examples, seed, keep_going = job
    target = next(t for t in TARGETS if t.name == name)
    bundled_rules()  # compiled before the clock starts
    count = 0
    kinds: dict[str, str] = {}  # with --keep-going: a failing input per kind

    def body(value: Any) -> None:
        nonlocal count
        count += 1
        if not keep_going:
            target.run(value)
            return
        try:
            target.run(value)
        except Exception as exc:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            kind = f"{type(exc).__name__} at {where.filename}:{where.lineno}"
            kinds.setdefault(kind, f"{value!r:.2000}\n{traceback.format_exc()}")

    test = given(target.strategy())(body)
    test = settings(
        max_examples=examples,
        deadline=None,
        database=DirectoryBasedExampleDatabase(".hypothesis/fuzz"),
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )(test)
    test = use_seed(seed)(test)
    started = time.perf_counter()
    failure = None
    try:
        test()
    except Exception:
        failure = traceback.format_exc()
    if kinds:
        failure = "\n".join(f"{kind}:\n{text}" for kind, text in kinds.items())
    return {
        "target": name,
        "inputs": count,
        "seconds": round(time.perf_counter() - started, 1),
        "failure": failure,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fuzz",
        description=__doc__,
        formatter_class=argparse.RawTextHelpFormatter,
    )
    parser.add_argument(
        "--examples", type=int, default=100_000, help="inputs in all, shared out"
    )
    parser.add_argument(
        "--targets",
        default=",".join(t.name for t in TARGETS),
        help="comma-separated target names (default: all)",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--json", metavar="FILE", help="also write the figures here")
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="record one failing input per kind of failure and go on, unshrunk",
    )
    args = parser.parse_args(argv)
    names = [n for n in args.targets.split(",") if n]
    unknown = sorted(set(names) - {t.name for t in TARGETS})
    if unknown:
        parser.error(f"unknown targets: {', '.join(unknown)}")
    each = math.ceil(args.examples / len(names))
    print(f"fuzz campaign: {each} examples for each of {len(names)} targets, "
          f"{args.jobs} jobs, seed {args.seed}", flush=True)  # fmt: skip
    started = time.perf_counter()
    jobs = [
        (name, each, args.seed + i, args.keep_going) for i, name in enumerate(names)
    ]
    context = multiprocessing.get_context("fork")
    with context.Pool(min(args.jobs, len(jobs))) as pool:
        results = []
        for result in pool.imap_unordered(run_target, jobs):
            status = "FAILED" if result["failure"] else "ok"
            print(f"  {result['target']:<14} {result['inputs']:>8} inputs "
                  f"{result['seconds']:>8.1f} s  {status}", flush=True)  # fmt: skip
            if result["failure"]:
                print(result["failure"], file=sys.stderr)
            results.append(result)
    elapsed = time.perf_counter() - started
    total = sum(r["inputs"] for r in results)
    failed = [r["target"] for r in results if r["failure"]]
    names_failed = ": " + ", ".join(failed) if failed else ""
    print(f"total: {total} inputs in {elapsed:.1f} s, "
          f"{len(failed)} failing target(s){names_failed}")  # fmt: skip
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            figures = {"seed": args.seed, "seconds": round(elapsed, 1)}
            figures |= {"inputs": total, "targets": results}
            json.dump(figures, handle, indent=2)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
