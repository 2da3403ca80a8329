"""Colour for the text format on a terminal: the location, the severity and the rule
of each finding, and the summary line."""

from __future__ import annotations

import re

_BOLD, _RESET = "\x1b[1m", "\x1b[0m"
_SEVERITY = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
# A finding's first line: "path:line:col: severity [rule] message" (or "path: ...").
_HEAD = re.compile(
    r"^(?P<where>[^\n]+?): (?P<severity>error|warning|info) (?P<rule>\[[a-z0-9:-]+\])",
    re.MULTILINE,
)
_SUMMARY = re.compile(r"^Found [^\n]*", re.MULTILINE)


def paint(text: str) -> str:
    """``text`` (lines of the text format) with ANSI colours."""

    def head(match: re.Match[str]) -> str:
        severity = match["severity"]
        return (
            f"{_BOLD}{match['where']}{_RESET}: {_SEVERITY[severity]}{severity}{_RESET} "
            f"{_BOLD}{match['rule']}{_RESET}"
        )

    text = _HEAD.sub(head, text)
    return _SUMMARY.sub(lambda m: f"{_BOLD}{m.group()}{_RESET}", text)
