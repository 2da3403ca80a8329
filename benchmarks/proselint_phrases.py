#!/usr/bin/env python3
"""Run proselint with the cliniclint phrase list as an existence check.

proselint's command line has no option to add checks: its configuration file only
turns built-in checks on and off. Its Python API, however, builds every word-list
check as ``Check(check_type=types.Existence(items=...))``. This script registers
one such check made from a phrase list (one phrase per line, matched as literal
text, case-insensitively, at word boundaries, as proselint does for its own
lists) and then lints the given paths exactly as ``proselint check -o json``
does, printing the same JSON.

It must run with the Python that has proselint installed:

    benchmarks/.peers/venv/bin/python benchmarks/proselint_phrases.py \\
        --phrases phrases.list PATH...

By default only the phrase check is enabled; ``--with-defaults`` also enables
proselint's default checks.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from typing import Any

CHECK_PATH = "cliniclint.phrases"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--phrases", type=Path, required=True, help="one phrase a line")
    ap.add_argument(
        "--with-defaults",
        action="store_true",
        help="also run proselint's default checks",
    )
    ap.add_argument("paths", nargs="+", type=Path)
    args = ap.parse_args(argv)

    # Imported by name: proselint lives in its own virtual environment.
    builtin_checks = import_module("proselint.checks").__register__
    load_from = import_module("proselint.config").load_from
    plog = import_module("proselint.log")
    log, OutputFormat, ResponseError = plog.log, plog.OutputFormat, plog.ResponseError
    CheckRegistry = import_module("proselint.registry").CheckRegistry
    pchecks = import_module("proselint.registry.checks")
    Check, types = pchecks.Check, pchecks.types
    ptools = import_module("proselint.tools")
    LintFile, extract_files = ptools.LintFile, ptools.extract_files

    phrases = tuple(
        line.strip()
        for line in args.phrases.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    check = Check(
        check_type=types.Existence(items=tuple(re.escape(p) for p in phrases)),
        path=CHECK_PATH,
        message="Risky phrase: '{}'.",
    )
    registry = CheckRegistry()
    if args.with_defaults:
        registry.register_many(builtin_checks)
    registry.register(check)

    # Same configuration files as the command line; only the check list differs.
    loaded: dict[str, Any] = dict(load_from(None))
    checks: dict[str, bool] = {CHECK_PATH: True}
    if args.with_defaults:
        checks.update(loaded["checks"])
    config = {"max_errors": loaded["max_errors"], "checks": checks}

    log.setup(verbose=False, fmt=OutputFormat.JSON)
    errors = 0
    for path in extract_files(list(args.paths)):
        lint_file = LintFile(path)
        try:
            results = lint_file.lint(config)
        except Exception as err:
            log.write_lint_exception(
                log.format_source(lint_file.source),
                ResponseError.from_exception(err),
            )
            continue
        errors += len(results)
        log.write_results(log.format_source(lint_file.source), results)
    log.flush()
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
