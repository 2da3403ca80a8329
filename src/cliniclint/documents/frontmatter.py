"""YAML front matter: where it is, and the exact spans of its title and
description values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

__all__ = ["FrontMatter", "Piece", "find_front_matter"]

_OPEN = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
# A closing line: "---" or "..." alone at the start of a line.
_CLOSE = re.compile(r"(?<![^\r\n])(?:---|\.\.\.)[ \t]*(?=\r\n|\r|\n|\Z)")
_LINTED_KEYS = ("title", "description")
# The loader for front matter; None: LibYAML's when PyYAML has it (many times faster,
# with the same code-point marks), else PyYAML's own.
_LOADER: Any = None
# LibYAML's composer recurses on the C stack once per level of nesting, and about
# 30,000 levels overflow an 8 MiB stack (SIGSEGV). Every level needs one of these
# characters, so front matter with fewer of them than the limit is safe for it;
# other front matter is composed by PyYAML's own composer, whose recursion stops
# with a RecursionError.
_NESTING_MARKS = "[{-:?"
_MAX_C_NESTING = 4000
_STR_TAG = "tag:yaml.org,2002:str"

_SINGLE_QUOTED_ESCAPE = re.compile(r"''")
_DOUBLE_QUOTED_ESCAPE = re.compile(
    r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[^xuU])", re.DOTALL
)
_SIMPLE_ESCAPES = {
    "0": "\x00", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n",
    "v": "\x0b", "f": "\x0c", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/",
    "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of a value: copied raw text, or decoded text for an escape."""

    text: str
    start: int
    end: int
    copied: bool


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """A front matter block at the top of a Markdown file."""

    end: int
    """Raw offset just past the closing line (its line break excluded)."""
    delimiter: str
    """The closing line's marker: ``"---"`` or ``"..."``."""
    values: list[list[Piece]]
    """The title and description values, in file order, as prose pieces."""


def find_front_matter(raw: str) -> FrontMatter | None:
    """The YAML front matter at the very top of ``raw``, if there is one."""
    opening = _OPEN.match(raw)
    if opening is None:
        return None
    body_start = opening.end()
    closing = _CLOSE.search(raw, body_start)
    if closing is None:
        return None
    body = raw[body_start : closing.start()]
    import yaml  # only for pages with front matter: it takes a while to import

    marks = sum(body.count(c) for c in _NESTING_MARKS)
    fast = _LOADER or getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = fast if marks <= _MAX_C_NESTING else yaml.SafeLoader
    try:
        root = yaml.compose(body, Loader=loader)
    except (yaml.YAMLError, RecursionError):
        return None
    if root is None:
        return FrontMatter(closing.end(), closing.group()[:3], [])
    if not isinstance(root, yaml.MappingNode):
        return None
    values: list[list[Piece]] = []
    for key, value in root.value:
        if (
            isinstance(key, yaml.ScalarNode)
            and key.value in _LINTED_KEYS
            and isinstance(value, yaml.ScalarNode)
            and value.tag == _STR_TAG
            and value.value.strip()
        ):
            pieces = _value_pieces(raw, body_start, value)
            if pieces is not None:
                values.append(pieces)
    return FrontMatter(closing.end(), closing.group()[:3], values)


def _value_pieces(raw: str, base: int, node: yaml.ScalarNode) -> list[Piece] | None:
    """Prose pieces of a scalar, or None when they cannot be verified."""
    start = base + node.start_mark.index
    end = base + node.end_mark.index
    style = node.style
    if style in ('"', "'"):
        start, end = start + 1, end - 1
        if start > end:
            return None
    elif style in ("|", ">"):
        header = re.compile(r"\r\n|\r|\n").search(raw, start, end)
        if header is None:
            return None
        start = header.end()
    pieces: list[Piece] = []
    position = start
    if style in ('"', "'"):
        escapes = _SINGLE_QUOTED_ESCAPE if style == "'" else _DOUBLE_QUOTED_ESCAPE
        for match in escapes.finditer(raw, start, end):
            text = _unescape(match.group())
            if text is None:
                return None
            if match.start() > position:
                pieces.append(
                    Piece(raw[position : match.start()], position, match.start(), True)
                )
            pieces.append(Piece(text, match.start(), match.end(), False))
            position = match.end()
    if end > position:
        pieces.append(Piece(raw[position:end], position, end, True))
    # Line folding turns line breaks and indentation into single spaces or
    # newlines; everything else must match exactly.
    prose = "".join(piece.text for piece in pieces)
    if prose.split() != node.value.split():
        return None
    return pieces


def _unescape(escape: str) -> str | None:
    if escape == "''":
        return "'"
    code = escape[1]
    if code in "xuU":
        return chr(int(escape[2:], 16))
    return _SIMPLE_ESCAPES.get(code)
