"""Count how often pattern units are tried at their start places, and how often a
try matches, over a corpus linted in one process (as lint_once.py does).

    python benchmarks/tries.py benchmarks/corpus/10MB [--top 20]

Prints the totals, then the units tried most often: tries, matches, rule id and
alternative. Each try is one anchored match of the unit's pattern; the count wraps
the patterns the started units run, so it measures the engine as it is.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

from cliniclint.kinds import pattern as pattern_kind
from cliniclint.matching import matchers
from cliniclint.matching.compiled import CompiledRules, LazyPattern
from cliniclint.run.flags import Flags
from cliniclint.run.runner import Runner
from cliniclint.run.session import Session

tries: Counter[tuple[str, int]] = Counter()
matches: Counter[tuple[str, int]] = Counter()
# id() of each started unit's pattern -> (rule id, alternative)
started: dict[int, tuple[str, int]] = {}


class _Counted:
    """A pattern whose ``compiled.match`` is counted; the rest is the pattern's."""

    def __init__(self, pattern: LazyPattern, unit: tuple[str, int]):
        self._pattern = pattern
        self._unit = unit
        self.compiled = self
        self.limited = pattern.limited

    def match(self, *args: Any) -> Any:
        tries[self._unit] += 1
        found = self._pattern.compiled.match(*args)
        if found is not None:
            matches[self._unit] += 1
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pattern, name)


def _install() -> None:
    view = matchers.Text.view
    started_hits = pattern_kind._started_hits

    def counted_view(self: matchers.Text, pattern: LazyPattern) -> Any:
        run, within = view(self, pattern)
        unit = started.get(id(pattern))
        return (run, within) if unit is None else (_Counted(run, unit), within)

    def counted_started_hits(rules: CompiledRules, *args: Any) -> Any:
        for unit in rules.started_units:
            index, alt = rules.units[unit]
            item = rules.rules[index]
            started[id(item.patterns[alt])] = (item.id, alt)
        return started_hits(rules, *args)

    matchers.Text.view = counted_view  # type: ignore[method-assign]
    pattern_kind._started_hits = counted_started_hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a folder of pages")
    parser.add_argument("--top", type=int, default=20, help="units to list")
    args = parser.parse_args()
    _install()
    session = Session.start([str(args.corpus)], Flags())
    runner = Runner(session, apply_baseline=False, root=Path.cwd())
    found = 0
    paths = session.files([str(args.corpus)], no_ignore=True)
    for outcome in runner.lint_files(paths, jobs=1, use_cache=False):
        found += len(outcome.result.findings)
    print(f"{found} findings")
    print(f"{sum(tries.values())} tries, {sum(matches.values())} matches")
    for unit, count in tries.most_common(args.top):
        print(f"{count:>9} {matches[unit]:>7}  {unit[0]} [{unit[1]}]")


if __name__ == "__main__":
    main()
