"""What a finding's quick fixes change: its rewrites, and suppression comments.

Edits are code-point offsets into the text the finding came from; the server turns
them into LSP ranges.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from cliniclint.documents.frontmatter import find_front_matter
from cliniclint.findings import Finding
from cliniclint.review.fixes import line_ending, plan_edits
from cliniclint.review.suppressions import CATEGORY

# Where the writer types the reason for a waiver: an editor cannot ask for it.
REASON_PLACEHOLDER = "TODO say why this copy is acceptable"

_DOCTYPE = re.compile(r"\s*<!doctype[^>]*>", re.IGNORECASE)
_INDENT = re.compile(r"[ \t]*")
_LINE_START = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``new``."""

    start: int
    end: int
    new: str


@dataclass(frozen=True, slots=True)
class Action:
    """One quick fix: a title and its edits."""

    title: str
    edits: tuple[Edit, ...]
    preferred: bool = False


def comment(fmt: str, body: str) -> str | None:
    """A comment holding ``body`` in the file's syntax; plain text has none."""
    if fmt in ("markdown", "html"):
        return f"<!-- {body} -->"
    if fmt == "mdx":
        return f"{{/* {body} */}}"
    return None


def rewrites(text: str, finding: Finding, fmt: str) -> list[Action]:
    """Apply a rewrite: one action per suggestion of a span finding; for a page-level
    finding, its statement inserted as ``--fix --unsafe-fixes`` would."""
    sentence: list[Action] = []
    if (
        finding.rewrite is not None
        and finding.rewrite_offset is not None
        and finding.rewrite_end_offset is not None
    ):
        new = (
            html.escape(finding.rewrite, quote=False)
            if fmt == "html"
            else finding.rewrite
        )
        edit = Edit(finding.rewrite_offset, finding.rewrite_end_offset, new)
        sentence.append(
            Action(f"Rewrite the sentence: “{_short(new)}”", (edit,), preferred=True)
        )
    if not finding.suggestions:
        return sentence
    if finding.offset is None or finding.end_offset is None:
        planned, _ = plan_edits(text, [finding], unsafe=True, fmt=fmt)
        if not planned:
            return []  # the statement is on the page already
        title = f"Add the statement: {_short(finding.suggestions[0])}"
        edits = tuple(Edit(e.start, e.end, e.new) for e in planned)
        return [Action(title, edits, preferred=True)]
    current = text[finding.offset : finding.end_offset]
    return sentence + [
        Action(
            f"Replace “{_short(current)}” with “{_short(new)}”",
            (Edit(finding.offset, finding.end_offset, new),),
            preferred=index == 0 and not sentence,
        )
        for index, new in enumerate(dict.fromkeys(finding.suggestions))
        if new != current
    ]


def suppressions(text: str, finding: Finding, fmt: str) -> list[Action]:
    """Waive the finding with a comment: on its line (span findings outside front
    matter) and for the whole file. Findings about waivers cannot be waived."""
    if finding.category == CATEGORY or comment(fmt, "") is None:
        return []
    actions: list[Action] = []
    front = find_front_matter(text) if fmt in ("markdown", "mdx") else None
    if finding.offset is not None and (front is None or finding.offset >= front.end):
        actions.append(_next_line(text, finding, fmt))
    actions.append(_whole_file(text, finding, fmt, front.end if front else None))
    return actions


def _body(kind: str, rule_id: str) -> str:
    return f"cliniclint-{kind} {rule_id} -- {REASON_PLACEHOLDER}"


def _next_line(text: str, finding: Finding, fmt: str) -> Action:
    assert finding.offset is not None
    at = finding.offset
    line_start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
    indent = _INDENT.match(text, line_start)
    assert indent is not None
    body = comment(fmt, _body("disable-next-line", finding.rule_id))
    assert body is not None
    new = indent.group() + body + line_ending(text)
    return Action(
        f"Suppress {finding.rule_id} on this line (with a reason)",
        (Edit(line_start, line_start, new),),
    )


def _whole_file(text: str, finding: Finding, fmt: str, after: int | None) -> Action:
    """The ``disable-file`` comment goes at the top: after front matter, and in HTML
    after the doctype (a comment before it would put browsers in quirks mode)."""
    body = comment(fmt, _body("disable-file", finding.rule_id))
    assert body is not None
    eol = line_ending(text)
    if after is None and fmt == "html":
        doctype = _DOCTYPE.match(text)
        after = doctype.end() if doctype else None
    if after is None:
        at, new = 0, body + eol
    else:
        at = after
        new = eol + body if _LINE_START.match(text, after) else eol + body + eol
    return Action(
        f"Suppress {finding.rule_id} in this file (with a reason)",
        (Edit(at, at, new),),
    )


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
