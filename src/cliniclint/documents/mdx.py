"""MDX: hide ESM lines, JSX expressions and JSX tags from the Markdown parser
without moving any offset."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import Directive
from .tags import FORMATTING_TAG

__all__ = ["MdxSource", "prepare_mdx"]

FILL = "x"
"""Fills JSX expressions and tags: plain text to the Markdown parser, which
therefore never sees an HTML block; the reader hides the filled ranges."""

_LINE = re.compile(r"[^\n]*\n?")
_FENCE_OPEN = re.compile(r" {0,3}(`{3,}|~{3,})")
_ESM = re.compile(
    r"(?:import[ \t]*[\w{*'\"]|export[ \t]+(?:const|let|var|function|class|async|"
    r"default)\b|export[ \t]*[{*])"
)
_BLANK = re.compile(r"[ \t]*\n?")
# What needs a look in prose lines: an escape, a backtick run, an opening brace.
_SPECIAL = re.compile(r"\\.|`+|\{", re.DOTALL)
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
_COMMENT_EXPRESSION = re.compile(r"\{\s*/\*(.*?)\*/\s*\}", re.DOTALL)
_TAG = (
    r"(?:<>|</>|</?[A-Za-z][\w.:-]*"
    r"(?:\s+[^\s=<>/\"']+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*"
    r"\s*/?>)"
)
_TAG_LINE = re.compile(rf"^[ \t]*(?:{_TAG}[ \t]*)+$", re.MULTILINE)
_ANY_TAG = re.compile(_TAG)
# A quoted string prop of a tag ({expression} props are filled by then).
_STRING_PROP = re.compile(r"""\s([^\s=<>/"'`]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# Props whose strings are not words for a reader: names, addresses, styles, choices
# from a list. Compared in lower case, also as the end of a camelCase name
# ("imageUrl", "ctaHref").
_CODE_PROPS = frozenset({
    "class", "classname", "href", "src", "srcset", "id", "style", "key", "ref", "to",
    "as", "type", "name", "rel", "target", "width", "height", "lang", "role",
    "variant", "size", "color", "icon", "slug", "path", "url", "link", "for",
    "htmlfor", "method", "action", "loading", "layout", "theme", "align", "position",
    "format", "locale", "image", "img", "poster", "sizes", "media", "mode", "kind",
    "level", "language", "component", "tag", "sx", "css", "tw", "span", "gap",
    "decoding", "fetchpriority", "referrerpolicy", "crossorigin", "autocomplete",
    "inputmode", "enterkeyhint", "pattern", "accept", "dir", "slot", "is",
})  # fmt: skip
_CODE_PROP_ENDS = re.compile(
    r"(?:[a-z0-9](?:Id|ID|Url|URL|Href|Src|Class|ClassName|Style|Color|Icon|Key|"
    r"Path|Slug|Variant|Type|Size|Image|Name|Ref|Link|Width|Height))$"
)
# ARIA props that hold words; other aria- and data- props hold code.
_TEXT_ARIA = frozenset({"aria-label", "aria-description", "aria-roledescription"})
# A single token that reads as code rather than words: a path, an address, a name
# with dots or underscores.
_CODE_TOKEN = re.compile(r"\S*(?:[/\\:#@=_{}<>|]|\.\w)\S*")
_PROP_KINDS = {"alt": "alt", "title": "title"}


@dataclass(frozen=True, slots=True)
class MdxSource:
    """The text to parse, its hidden ranges and the comment directives."""

    text: str
    hidden: list[tuple[int, int, bool]]
    """Filled expressions and tags as (start, end, masked), sorted and
    disjoint; formatting tags are not masked, only left out."""
    directives: list[Directive]
    props: list[tuple[int, int, str]]
    """String props of tags that hold words, as (start, end, block kind): the
    string between its quotes, still escaped."""


def text_prop(name: str, value: str) -> bool:
    """Whether the string prop ``name="value"`` holds words for a reader."""
    lowered = name.lower()
    if lowered.startswith(("aria-", "data-")):
        return lowered in _TEXT_ARIA
    if lowered in _CODE_PROPS or _CODE_PROP_ENDS.search(name):
        return False
    if not any(char.isalpha() for char in value):
        return False
    return len(value.split()) > 1 or _CODE_TOKEN.fullmatch(value.strip()) is None


def prepare_mdx(src: str, start: int) -> MdxSource:
    """Blank ESM and tag-only lines, fill JSX expressions and tags.

    Works from ``start`` on. ``src`` has "\\n" line breaks only; the result
    has the same length.
    """
    chars = list(src)
    hidden: list[tuple[int, int, bool]] = []
    directives: list[Directive] = []
    regions = _prose_regions(src, start, chars)
    for region_start, region_end in regions:
        _fill_expressions(src, region_start, region_end, chars, hidden, directives)
    filled = "".join(chars)
    props: list[tuple[int, int, str]] = []
    for region_start, region_end in regions:
        for match in _ANY_TAG.finditer(filled, region_start, region_end):
            _string_props(filled, match.start(), match.end(), props)
    # Tags alone on their lines vanish, so that the text between an opening
    # and a closing tag reads as its own paragraph; other tags are filled.
    for region_start, region_end in regions:
        for match in _TAG_LINE.finditer(filled, region_start, region_end):
            _blank(chars, match.start(), match.end())
    filled = "".join(chars)
    for region_start, region_end in regions:
        for match in _ANY_TAG.finditer(filled, region_start, region_end):
            tag_start, tag_end = match.span()
            formatting = FORMATTING_TAG.fullmatch(filled, tag_start, tag_end)
            hidden.append((tag_start, tag_end, formatting is None))
            _fill(chars, tag_start, tag_end)
    return MdxSource("".join(chars), _merge(hidden), directives, props)


def _string_props(
    text: str, start: int, end: int, props: list[tuple[int, int, str]]
) -> None:
    """Add the string props holding words of the tag at ``text[start:end]``."""
    if text[start + 1] == "/":
        return
    for match in _STRING_PROP.finditer(text, start, end):
        group = 2 if match.group(2) is not None else 3
        name = match.group(1)
        if text_prop(name, match.group(group)):
            kind = _PROP_KINDS.get(name.lower(), "attribute")
            props.append((match.start(group), match.end(group), kind))


def _merge(ranges: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """Sorted, disjoint ranges; a range overlapping a masked one is masked."""
    merged: list[tuple[int, int, bool]] = []
    for start, end, masked in sorted(ranges):
        if merged and start < merged[-1][1]:
            last_start, last_end, last_masked = merged[-1]
            merged[-1] = (last_start, max(end, last_end), masked or last_masked)
        else:
            merged.append((start, end, masked))
    return merged


def _prose_regions(src: str, start: int, chars: list[str]) -> list[tuple[int, int]]:
    """Stretches of lines outside fences; ESM blocks are blanked on the way."""
    regions: list[tuple[int, int]] = []
    fence: str | None = None
    in_esm = False
    previous_blank = True
    region_start = -1
    for match in _LINE.finditer(src, start):
        line_start, line_end = match.span()
        if line_start == line_end:
            break
        line = match.group()
        blank = _BLANK.fullmatch(line) is not None
        prose = False
        if fence is not None:
            closing = _FENCE_OPEN.match(line)
            if (
                closing is not None
                and closing.group(1)[0] == fence[0]
                and len(closing.group(1)) >= len(fence)
                and not line[closing.end() :].strip()
            ):
                fence = None
        elif in_esm or (previous_blank and _ESM.match(line)):
            in_esm = not blank
            if in_esm:
                _blank(chars, line_start, line_end)
        elif (opening := _FENCE_OPEN.match(line)) is not None:
            fence = opening.group(1)
        else:
            prose = True
        if prose and region_start < 0:
            region_start = line_start
        elif not prose and region_start >= 0:
            regions.append((region_start, line_start))
            region_start = -1
        previous_blank = blank
    if region_start >= 0:
        regions.append((region_start, len(src)))
    return regions


def _fill_expressions(
    src: str,
    start: int,
    end: int,
    chars: list[str],
    hidden: list[tuple[int, int, bool]],
    directives: list[Directive],
) -> None:
    position = start
    # Where each brace met on the way closes (-1: never), so that no stretch of text
    # is scanned twice for the same brace: ten thousand unclosed "{" stay linear.
    closes: dict[int, int] = {}
    while True:
        match = _SPECIAL.search(src, position, end)
        if match is None:
            return
        token = match.group()
        position = match.end()
        if token[0] == "`":
            position = _skip_code_span(src, position, end, len(token))
        elif token == "{":
            close = closes.get(match.start())
            if close is None:
                close = _expression_end(src, match.start(), end, closes)
            if close < 0:
                continue
            hidden.append((match.start(), close, True))
            comment = _COMMENT_EXPRESSION.fullmatch(src, match.start(), close)
            if comment is not None:
                directives.append(Directive(match.start(), close, comment.group(1)))
            _fill(chars, match.start(), close)
            position = close


def _skip_code_span(src: str, position: int, end: int, ticks: int) -> int:
    """Offset after the code span opened by ``ticks`` backticks, if it closes."""
    paragraph_end = _PARAGRAPH_END.search(src, position, end)
    limit = paragraph_end.start() if paragraph_end else end
    closing = re.compile(rf"(?<!`)`{{{ticks}}}(?!`)").search(src, position, limit)
    return closing.end() if closing else position


def _expression_end(src: str, start: int, end: int, closes: dict[int, int]) -> int:
    """Offset after the brace that closes the one at ``start``, or -1.

    Records in ``closes`` where each brace opened outside quotes on the way closes:
    a scan from such a brace would read the same text the same way."""
    opened: list[int] = []
    quote = ""
    index = start
    while index < end:
        char = src[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'`":
            quote = char
        elif char == "{":
            opened.append(index)
        elif char == "}":
            closes[opened.pop()] = index + 1
            if not opened:
                return index + 1
        index += 1
    for brace in opened:
        closes[brace] = -1
    return -1


def _fill(chars: list[str], start: int, end: int) -> None:
    for index in range(start, end):
        if chars[index] != "\n":
            chars[index] = FILL


def _blank(chars: list[str], start: int, end: int) -> None:
    for index in range(start, end):
        if chars[index] != "\n":
            chars[index] = " "
