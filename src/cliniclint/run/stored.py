"""The caches' storage format: plain data as JSON, read back into a fixed set of types.

Nothing read from a cache can run code: the reader builds only the classes named
here, through their constructors, from strings, numbers, lists and maps. Anything
else in a file (an unknown tag or class, a wrong field) makes it unreadable, and the
caller does the work afresh.

Each value that JSON cannot hold itself is a list whose first item is a tag:
``["t", ...]`` a tuple, ``["f", ...]`` a frozenset, ``["s", ...]`` a set, ``["l", ...]``
a list, ``["d", {...}]`` a map with string keys, ``["m", [k, v], ...]`` any other map,
``["b", "base64"]`` bytes, ``["a", typecode, "base64"]`` an integer array, ``["D",
"YYYY-MM-DD"]`` a date, ``["e", name, value]`` an enum member and ``["c", name,
{field: value}]`` an instance of a listed class.
"""

from __future__ import annotations

import array
import base64
import binascii
import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from typing import Any

import orjson

from cliniclint.findings import Finding, Position, Reference, Related, Severity

__all__ = ["Unreadable", "dumps", "loads", "register"]


class Unreadable(ValueError):
    """The stored data is not something this format writes."""


_classes: dict[str, type[Any]] = {}
_enums: dict[str, type[enum.Enum]] = {}
# name -> (fields of an instance, builder from those fields)
_custom: dict[str, tuple[Callable[[Any], dict[str, Any]], Callable[..., Any]]] = {}
_ARRAY_CODES = frozenset("bBhHiIlLqQ")
_registered: list[bool] = []


def register(
    cls: type[Any],
    *,
    state: Callable[[Any], dict[str, Any]] | None = None,
    build: Callable[..., Any] | None = None,
) -> None:
    """Allow instances of ``cls`` (a dataclass or an enum) to be stored; a class with
    its own ``state`` and ``build`` is stored as the map ``state`` gives and rebuilt
    by ``build(**map)``."""
    name = f"{cls.__module__}.{cls.__qualname__}"
    if isinstance(cls, type) and issubclass(cls, enum.Enum):
        _enums[name] = cls
    elif state is not None and build is not None:
        _custom[name] = (state, build)
        _classes[name] = cls
    elif is_dataclass(cls):
        _classes[name] = cls
    else:
        raise TypeError(f"{name} cannot be stored")


def _name(cls: type[Any]) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _encode(value: Any) -> Any:
    if value is None or type(value) in (str, int, float, bool):
        return value
    if type(value) is Finding:
        # The most numerous: a flat list, positions as numbers.
        return _encode_finding(value)
    if isinstance(value, enum.Enum):
        name = _name(type(value))
        if name not in _enums:
            raise TypeError(f"{name} cannot be stored")
        return ["e", name, value.value]
    kind = type(value)
    if kind is list:
        return ["l", *map(_encode, value)]
    if kind is tuple:
        return ["t", *map(_encode, value)]
    if kind is frozenset:
        return ["f", *map(_encode, value)]
    if kind is set:
        return ["s", *map(_encode, value)]
    if kind is dict:
        if all(type(k) is str for k in value):
            return ["d", {k: _encode(v) for k, v in value.items()}]
        return ["m", *([_encode(k), _encode(v)] for k, v in value.items())]
    if kind is bytes:
        return ["b", base64.b64encode(value).decode("ascii")]
    if kind is array.array:
        return ["a", value.typecode, base64.b64encode(value.tobytes()).decode("ascii")]
    if kind is dt.date:
        return ["D", value.isoformat()]
    name = _name(kind)
    if name in _custom:
        return ["c", name, {k: _encode(v) for k, v in _custom[name][0](value).items()}]
    if name in _classes:
        return [
            "c",
            name,
            {f.name: _encode(getattr(value, f.name)) for f in fields(value)},
        ]
    raise TypeError(f"{name} cannot be stored")


def _encode_finding(value: Finding) -> list[Any]:
    start, end = value.start, value.end
    return [
        "F",
        value.path,
        value.rule_id,
        value.category,
        int(value.severity),
        value.message,
        value.pack_id,
        value.pack_version,
        None if start is None else [start.line, start.column],
        None if end is None else [end.line, end.column],
        value.offset,
        value.end_offset,
        value.match,
        list(value.suggestions),
        value.advice,
        value.fix,
        [[r.rule_id, r.category, int(r.severity), r.message] for r in value.related],
        value.note,
        value.rewrite,
        value.rewrite_offset,
        value.rewrite_end_offset,
        [[r.title, r.url] for r in value.references],
        value.jurisdiction,
        value.fingerprint,
        value.baseline_path,
        value.occurrence,
    ]


_STR = str
_OPT_STR = (str, type(None))
_OPT_INT = (int, type(None))
_FIXES = ("safe", "suggest")


def _position(value: Any) -> Position | None:
    if value is None:
        return None
    line, column = value  # a wrong shape is a ValueError or TypeError: unreadable
    if type(line) is not int or type(column) is not int:
        raise Unreadable("not a position")
    return Position(line, column)


def _decode_finding(value: list[Any]) -> Finding:
    """A finding from its flat list, every field's type checked (the fields are
    written out, not looped over: this runs once per stored finding)."""
    if len(value) != 26:
        raise Unreadable("not a finding")
    (
        _,
        path,
        rule,
        category,
        severity,
        message,
        pack_id,
        pack_version,
        start,
        end,
        offset,
        end_offset,
        match,
        suggestions,
        advice,
        fix,
        related,
        note,
        rewrite,
        rewrite_offset,
        rewrite_end_offset,
        references,
        jurisdiction,
        fingerprint,
        baseline_path,
        occurrence,
    ) = value
    if not (
        type(path) is _STR
        and type(rule) is _STR
        and type(category) is _STR
        and type(message) is _STR
        and type(pack_id) is _STR
        and type(pack_version) is _STR
        and type(match) is _STR
        and type(note) is _STR
        and fix in _FIXES
        and type(suggestions) is list
        and isinstance(fingerprint, _OPT_STR)
        and isinstance(baseline_path, _OPT_STR)
        and type(occurrence) is int
        and type(related) is list
        and type(references) is list
        and isinstance(jurisdiction, _OPT_STR)
        and isinstance(advice, _OPT_STR)
        and isinstance(rewrite, _OPT_STR)
        and isinstance(offset, _OPT_INT)
        and isinstance(end_offset, _OPT_INT)
        and isinstance(rewrite_offset, _OPT_INT)
        and isinstance(rewrite_end_offset, _OPT_INT)
        and all(type(v) is _STR for v in suggestions)
    ):
        raise Unreadable("not a finding")
    return Finding(
        path,
        rule,
        category,
        Severity(severity),
        message,
        pack_id,
        pack_version,
        _position(start),
        _position(end),
        offset,
        end_offset,
        match,
        tuple(suggestions),
        advice,
        fix,
        tuple(_related(r) for r in related),
        note,
        rewrite,
        rewrite_offset,
        rewrite_end_offset,
        tuple(_reference(r) for r in references),
        jurisdiction,
        fingerprint,
        baseline_path,
        occurrence,
    )


def _reference(value: Any) -> Reference:
    title, url = value
    if not (type(title) is _STR and type(url) is _STR):
        raise Unreadable("not a reference")
    return Reference(title, url)


def _related(value: Any) -> Related:
    rule, category, severity, message = value
    if not (type(rule) is _STR and type(category) is _STR and type(message) is _STR):
        raise Unreadable("not a related rule")
    return Related(rule, category, Severity(severity), message)


def _decode(value: Any) -> Any:
    if type(value) is not list:
        if isinstance(value, dict):
            raise Unreadable("a bare map")
        return value
    if not value:
        raise Unreadable("an untagged list")
    tag = value[0]
    if tag == "F":
        return _decode_finding(value)
    if tag == "l":
        return [_decode(v) for v in value[1:]]
    if tag == "t":
        return tuple(_decode(v) for v in value[1:])
    if tag == "f":
        return frozenset(_decode(v) for v in value[1:])
    if tag == "s":
        return {_decode(v) for v in value[1:]}
    if tag == "d" and len(value) == 2 and isinstance(value[1], dict):
        return {k: _decode(v) for k, v in value[1].items()}
    if tag == "m":
        return {_decode(k): _decode(v) for k, v in value[1:]}
    if tag == "b" and len(value) == 2:
        return binascii.a2b_base64(value[1], strict_mode=True)
    if tag == "a" and len(value) == 3 and value[1] in _ARRAY_CODES:
        codes = array.array(value[1])
        codes.frombytes(binascii.a2b_base64(value[2], strict_mode=True))
        return codes
    if tag == "D" and len(value) == 2:
        return dt.date.fromisoformat(value[1])
    if tag == "e" and len(value) == 3 and value[1] in _enums:
        return _enums[value[1]](value[2])
    if tag == "c" and len(value) == 3 and isinstance(value[2], dict):
        name = value[1]
        attrs = {str(k): _decode(v) for k, v in value[2].items()}
        if name in _custom:
            return _custom[name][1](**attrs)
        if name in _classes:
            return _classes[name](**attrs)
    raise Unreadable(f"unknown tag {str(tag)[:20]!r}")


def _lazy_state(pattern: Any) -> dict[str, Any]:
    # A regex-engine pattern's compiled object is left out: it compiles again.
    _, args, state = pattern.__reduce__()
    names = ("source", "engine", "flags", "anchored", "trusted")
    plain = dict(zip(names, args, strict=True))
    plain["flags"] = int(plain["flags"])
    return plain | {k: v for k, v in state.items() if k != "regex"}


def _lazy_build(
    source: str,
    engine: str,
    flags: int,
    anchored: bool,
    trusted: bool,
    **state: Any,
) -> Any:
    from cliniclint.matching.compiled import LazyPattern

    parts = state.get("parts")
    if engine not in ("re", "regex") or not isinstance(source, str):
        raise Unreadable("not a pattern")
    if parts is not None and (type(parts) is not tuple or len(parts) != 7):
        raise Unreadable("not a pattern's codes")
    pattern = LazyPattern(source, engine, int(flags), bool(anchored), bool(trusted))
    pattern.__setstate__(state)
    return pattern


def _register_all() -> None:
    """The engine's types the caches store: compiled rules and results (the layers
    above register theirs: waivers, a file's outcome, the rule store)."""
    if _registered:
        return
    _registered.append(True)
    from cliniclint.config.discovery import FileRules
    from cliniclint.findings import FileResult
    from cliniclint.matching.compiled import (
        CompiledRule,
        CompiledRules,
        LazyPattern,
        StartScan,
    )

    register(LazyPattern, state=_lazy_state, build=_lazy_build)
    for cls in (
        FileRules,
        CompiledRule,
        CompiledRules,
        StartScan,
        FileResult,
        Reference,
        Related,
        Severity,
    ):
        register(cls)


def dumps(value: Any) -> bytes:
    """``value`` as JSON (TypeError for a value of a type not listed here)."""
    _register_all()
    return orjson.dumps(_encode(value))


def loads(data: bytes) -> Any:
    """The value stored by ``dumps``; Unreadable when ``data`` is anything else."""
    _register_all()
    try:
        return _decode(orjson.loads(data))
    except Unreadable:
        raise
    except (
        ValueError,
        TypeError,
        KeyError,
        RecursionError,
        OverflowError,
        binascii.Error,
    ) as exc:
        raise Unreadable(str(exc)) from None
