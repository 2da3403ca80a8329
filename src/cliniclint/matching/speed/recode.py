"""Compiled regular expressions that survive between processes.

The standard library cannot pickle a compiled pattern: unpickling compiles it again,
and for the bundled packs (about 230,000 characters of patterns) that costs most of a
one-page run. The compiler's output, a list of integer codes, is plain data, and the
engine builds a pattern from it in microseconds. These helpers keep that output next
to the source and use it only when the running engine is the one that produced it
(same Python version and engine ``MAGIC``); on any doubt they return None and the
caller compiles as usual.
"""

from __future__ import annotations

import array
import sys
from importlib import import_module
from typing import Any

try:
    _sre: Any = import_module("_sre")
    _parser: Any = import_module("re._parser")
    _compiler: Any = import_module("re._compiler")
except ImportError:  # pragma: no cover - another Python implementation
    _sre = _parser = _compiler = None

# (python version, engine magic, flags, codes, groups, groupindex, indexgroup)
Parts = tuple[
    tuple[int, int],
    int,
    int,
    "array.array[int]",
    int,
    dict[str, int],
    tuple[str | None, ...],
]


def _stamp() -> tuple[tuple[int, int], int] | None:
    if _sre is None:
        return None
    return (sys.version_info[:2], int(_sre.MAGIC))


def compile_parts(source: str, flags: int, parsed: Any = None) -> Parts | None:
    """Parse and generate the codes for ``source``, as ``re.compile`` would (from
    ``parsed``, its parse tree, when the caller has one)."""
    stamp = _stamp()
    if stamp is None:
        return None
    try:
        if parsed is None:
            parsed = _parser.parse(source, flags)
        codes = _compiler._code(parsed, flags)
        state = parsed.state
        groupindex = {str(k): int(v) for k, v in state.groupdict.items()}
        indexgroup: list[str | None] = [None] * state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        return (
            stamp[0],
            stamp[1],
            int(flags | state.flags),
            array.array("I", codes),
            state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )
    except Exception:
        return None


def from_parts(source: str, parts: Parts) -> Any | None:
    """A compiled pattern from stored parts, or None if they do not fit this engine."""
    version, magic, flags, codes, groups, groupindex, indexgroup = parts
    if _stamp() != (version, magic):
        return None
    try:
        return _sre.compile(
            source, flags, codes.tolist(), groups, groupindex, indexgroup
        )
    except Exception:
        return None
