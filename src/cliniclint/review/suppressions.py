"""Inline suppressions in Markdown, MDX and HTML comments.

``<!-- cliniclint-disable RULE[,RULE] [until=YYYY-MM-DD] [-- reason] -->`` ...
``<!-- cliniclint-enable RULE -->``, ``cliniclint-disable-next-line`` and
``cliniclint-disable-file``. RULE is ``all``, a rule id or ``category:ID``.

The engine itself reports problems with the directives (a missing reason when reasons
are required, an expired waiver, an unused or malformed one) as findings of the tool
category ``suppression``; those findings cannot be suppressed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from cliniclint import __version__
from cliniclint.findings import (
    GLOBAL,
    Finding,
    Position,
    Reference,
    Severity,
    docs_reference,
)
from cliniclint.packs import taxonomy

TOOL_PACK = "cliniclint"
CATEGORY = "suppression"
KINDS = ("disable", "enable", "disable-next-line", "disable-file")

# Sources, compiled (and kept by re's cache) when a page first has a directive.
_HEAD = r"cliniclint-(\S*)"
_REASON = r"(?:^|\s)--(?:\s|$)"
_TOKEN = r"[^\s,]+"
_SELECTOR = r"all|[a-z][a-z0-9]*(?:-[a-z0-9]+)*|category:[a-z0-9-]+"
_UNTIL = r"until=(\d{4}-\d{2}-\d{2})"
_LINE_BREAK = r"\r\n|\n|\r"


@dataclass(frozen=True, slots=True)
class ToolRule:
    """A rule the engine applies itself (to suppression comments)."""

    id: str
    severity: Severity
    title: str
    why: str
    advice: str

    @property
    def references(self) -> tuple[Reference, ...]:
        """Its page in cliniclint's rule documentation."""
        return (docs_reference(self.id, self.title),)


TOOL_RULES: dict[str, ToolRule] = {
    r.id: r
    for r in (
        ToolRule(
            "suppression-without-reason",
            Severity.WARNING,
            "Suppression without a reason",
            "With `require_reason: true` every waiver must say why the copy is "
            "acceptable, so that a reviewer can check it later.",
            "Add the reason after ` -- `, e.g. "
            "`<!-- cliniclint-disable-next-line RULE -- approved by counsel -->`.",
        ),
        ToolRule(
            "expired-suppression",
            Severity.WARNING,
            "Expired suppression",
            "A waiver with `until=` was granted for a limited time; after that date "
            "it no longer hides anything and the copy needs another review.",
            "Review the copy again, then remove the waiver or renew its date.",
        ),
        ToolRule(
            "unused-suppression",
            Severity.INFO,
            "Unused suppression",
            "A waiver that hides nothing is noise, and it would silently hide a "
            "future finding that nobody reviewed.",
            "Remove the directive, or the rule names it no longer needs.",
        ),
        ToolRule(
            "unknown-suppression-rule",
            Severity.ERROR,
            "Suppression names an unknown rule",
            "A waiver for a rule id or category that does not exist suppresses "
            "nothing: usually a misspelt name, so the finding it was meant to "
            "waive is still there, or the rule it names was renamed or removed.",
            "Write the rule id (or `category:ID`) as `cliniclint rules list` shows "
            "it, or remove the name.",
        ),
        ToolRule(
            "invalid-suppression",
            Severity.WARNING,
            "Malformed suppression",
            "A directive that cannot be read suppresses nothing; it usually hides a "
            "typo in the directive's name, rule list or date.",
            "Write `cliniclint-disable`, `-enable`, `-disable-next-line` or "
            "`-disable-file`, then rule ids (or `all`), then `-- reason`.",
        ),
    )
}


class DirectiveLike(Protocol):
    """A comment that may hold a directive (documents.Directive)."""

    @property
    def raw_start(self) -> int: ...

    @property
    def raw_end(self) -> int: ...

    @property
    def text(self) -> str: ...


class SuppressibleDocument(Protocol):
    """What suppressions need from a document."""

    @property
    def path(self) -> str: ...

    @property
    def raw(self) -> str: ...

    @property
    def directives(self) -> Sequence[DirectiveLike]: ...

    def position(self, raw_offset: int) -> tuple[int, int]: ...


@dataclass(frozen=True, slots=True)
class Waiver:
    """One parsed directive."""

    kind: str
    rules: tuple[str, ...]
    reason: str | None
    until: dt.date | None
    raw_start: int
    raw_end: int
    start: Position
    end: Position


@dataclass(frozen=True, slots=True)
class Invalid:
    """A comment that starts like a directive but cannot be read."""

    problem: str
    raw_start: int
    raw_end: int
    start: Position
    end: Position


def selector_covers(token: str, rule_id: str, category: str) -> bool:
    """Whether a directive's token names the rule or its category."""
    if token == "all":
        return True
    if token.startswith("category:"):
        return token[len("category:") :] == category
    return token == rule_id


def parse_directive(
    text: str,
) -> tuple[str, tuple[str, ...], str | None, dt.date | None]:
    """Split a directive's comment body into kind, rules, reason and expiry date.

    Raises ValueError with a short description for a malformed directive.
    """
    body = text.strip()
    head = re.match(_HEAD, body)
    assert head is not None
    kind = head.group(1)
    if kind not in KINDS:
        raise ValueError(f"unknown directive 'cliniclint-{kind}'")
    rest = body[head.end() :]
    split = re.search(_REASON, rest)
    reason: str | None = None
    if split is not None:
        reason = rest[split.end() :].strip() or None
        rest = rest[: split.start()]
    rules: list[str] = []
    until: dt.date | None = None
    for token in re.findall(_TOKEN, rest):
        date = re.fullmatch(_UNTIL, token)
        if token.startswith("until="):
            if date is None:
                raise ValueError(f"bad date {token!r} (expected until=YYYY-MM-DD)")
            try:
                until = dt.date.fromisoformat(date.group(1))
            except ValueError:
                raise ValueError(f"bad date {token!r}") from None
        elif re.fullmatch(_SELECTOR, token):
            rules.append(token)
        else:
            raise ValueError(f"bad rule name {token!r}")
    if not rules:
        raise ValueError("no rule named (use `all` for every rule)")
    return kind, tuple(dict.fromkeys(rules)), reason, until


def read_directives(doc: SuppressibleDocument) -> list[Waiver | Invalid]:
    """The cliniclint directives among a document's comments, in file order."""
    out: list[Waiver | Invalid] = []
    for directive in sorted(doc.directives, key=lambda d: d.raw_start):
        if not directive.text.strip().startswith("cliniclint-"):
            continue
        start = Position(*doc.position(directive.raw_start))
        end = Position(*doc.position(directive.raw_end))
        try:
            kind, rules, reason, until = parse_directive(directive.text)
        except ValueError as exc:
            out.append(
                Invalid(str(exc), directive.raw_start, directive.raw_end, start, end)
            )
            continue
        out.append(
            Waiver(
                kind,
                rules,
                reason,
                until,
                directive.raw_start,
                directive.raw_end,
                start,
                end,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Policy:
    """How suppressions behave for one file."""

    require_reason: bool = False
    today: dt.date = field(default_factory=dt.date.today)
    # Severity of each tool rule for this file (None: turned off).
    tool_severity: Callable[[str], Severity | None] = lambda rule_id: (
        TOOL_RULES[rule_id].severity
    )
    # Rule ids that ran on this file, and every rule id that exists in the packs.
    enabled_rules: frozenset[str] = frozenset()
    enabled_categories: frozenset[str] = frozenset()
    known_rules: frozenset[str] = frozenset()


@dataclass(slots=True)
class SuppressedFindings:
    """A document's findings once its suppression comments are applied: those left,
    how many were suppressed, and the comments that waived them."""

    findings: list[Finding]
    suppressed: int = 0
    waivers: list[Waiver] = field(default_factory=list)


def _next_non_blank_line(raw: str, starts: list[int], after_line: int) -> int | None:
    """The number of the first line after ``after_line`` holding a non-space."""
    for index in range(after_line, len(starts)):
        end = starts[index + 1] if index + 1 < len(starts) else len(raw)
        if raw[starts[index] : end].strip():
            return index + 1
    return None


def _line_starts(raw: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer(_LINE_BREAK, raw))]


@dataclass(slots=True)
class _Range:
    waiver: Waiver
    token: str
    start: int
    end: int


def _ranges(waivers: Iterable[Waiver], raw_length: int) -> list[_Range]:
    """Pair ``disable`` with the ``enable`` that closes it (or the end of the file)."""
    open_: dict[str, _Range] = {}
    closed: list[_Range] = []
    for waiver in waivers:
        if waiver.kind == "disable":
            for token in waiver.rules:
                if token in open_:
                    open_[token].end = waiver.raw_start
                    closed.append(open_.pop(token))
                open_[token] = _Range(waiver, token, waiver.raw_end, raw_length)
        elif waiver.kind == "enable":
            tokens = list(open_) if "all" in waiver.rules else list(waiver.rules)
            for token in tokens:
                if token in open_:
                    open_[token].end = waiver.raw_start
                    closed.append(open_.pop(token))
    return closed + list(open_.values())


def _tool_finding(
    doc: SuppressibleDocument,
    item: Waiver | Invalid,
    rule_id: str,
    severity: Severity,
    message: str,
) -> Finding:
    rule = TOOL_RULES[rule_id]
    return Finding(
        path=doc.path,
        rule_id=rule_id,
        category=CATEGORY,
        severity=severity,
        message=message,
        pack_id=TOOL_PACK,
        pack_version=__version__,
        start=item.start,
        end=item.end,
        offset=item.raw_start,
        end_offset=item.raw_end,
        match=doc.raw[item.raw_start : item.raw_end],
        advice=rule.advice,
        references=rule.references,
        jurisdiction=GLOBAL,
    )


def _token_state(token: str, policy: Policy) -> str:
    """``enabled`` (an unused waiver for it is worth reporting), ``inactive`` (the
    rule exists but did not run) or ``unknown``."""
    if token == "all":
        return "enabled"
    if token.startswith("category:"):
        category = token[len("category:") :]
        if category in policy.enabled_categories:
            return "enabled"
        if category in taxonomy.BY_ID:
            return "inactive"
        return "unknown"
    if token in policy.enabled_rules:
        return "enabled"
    if token in policy.known_rules or token in TOOL_RULES:
        return "inactive"
    return "unknown"


def _closest(token: str, policy: Policy) -> str:
    """`` (did you mean 'x'?)`` with the valid name closest to ``token``, if any."""
    import difflib

    if token.startswith("category:"):
        names = [f"category:{c}" for c in taxonomy.BY_ID]
    else:
        names = ["all", *policy.known_rules, *TOOL_RULES]
    close = difflib.get_close_matches(token, sorted(names), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class Suppressions:
    """A document's directives, asked about each hit or finding they might cover.

    Linting asks before it joins a sentence's hits into one finding, so that a
    directive naming one rule hides that rule's hit and no other rule's."""

    def __init__(self, doc: SuppressibleDocument, policy: Policy):
        self._parsed = read_directives(doc)
        self._made: list[Finding] = []
        self._used: set[tuple[int, str]] = set()
        self.suppressed = 0
        self._effective: list[Waiver] = []
        self._whole_file: list[Waiver] = []
        self._ranges: list[_Range] = []
        self._next_line: list[tuple[int, Waiver]] = []
        if not self._parsed:
            return
        self._doc = doc
        self._policy = policy
        self._read_waivers()

    @property
    def active(self) -> bool:
        """Whether any directive can hide a finding."""
        return any(w.kind != "enable" for w in self._effective)

    def _report(self, item: Waiver | Invalid, rule_id: str, message: str) -> None:
        severity = self._policy.tool_severity(rule_id)
        if severity is not None:
            self._made.append(
                _tool_finding(self._doc, item, rule_id, severity, message)
            )

    def _read_waivers(self) -> None:
        policy = self._policy
        effective = self._effective
        for item in self._parsed:
            if isinstance(item, Invalid):
                self._report(
                    item,
                    "invalid-suppression",
                    f"Malformed suppression: {item.problem}.",
                )
                continue
            for token in item.rules:
                if _token_state(token, policy) == "unknown":
                    self._report(
                        item,
                        "unknown-suppression-rule",
                        f"Suppression names {token!r}, which is no rule or category"
                        f"{_closest(token, policy)}; it suppresses nothing.",
                    )
            if item.kind == "enable":
                effective.append(item)
            elif item.until is not None and policy.today > item.until:
                self._report(
                    item,
                    "expired-suppression",
                    f"Suppression of {', '.join(item.rules)} expired on "
                    f"{item.until.isoformat()}.",
                )
            elif policy.require_reason and not item.reason:
                self._report(
                    item,
                    "suppression-without-reason",
                    f"Suppression of {', '.join(item.rules)} gives no reason "
                    "(add one after ` -- `).",
                )
            else:
                effective.append(item)

        raw = self._doc.raw
        self._whole_file = [w for w in effective if w.kind == "disable-file"]
        self._ranges = _ranges(effective, len(raw))
        line_waivers = [w for w in effective if w.kind == "disable-next-line"]
        if line_waivers:
            starts = _line_starts(raw)
            for waiver in line_waivers:
                last = max(waiver.raw_start, waiver.raw_end - 1)
                comment_line = bisect.bisect_right(starts, last)
                target = _next_non_blank_line(raw, starts, comment_line)
                if target is not None:
                    self._next_line.append((target, waiver))

    def waives(
        self, rule_id: str, category: str, offset: int | None, line: int | None
    ) -> bool:
        """Whether a directive hides a hit or finding of ``rule_id`` that starts at
        raw ``offset`` on ``line`` (both None for a page-level finding); a directive
        that does is counted as used."""
        hits: list[tuple[Waiver, str]] = [
            (w, t)
            for w in self._whole_file
            for t in w.rules
            if selector_covers(t, rule_id, category)
        ]
        if offset is not None and line is not None:
            hits += [
                (w, t)
                for target, w in self._next_line
                if target == line
                for t in w.rules
                if selector_covers(t, rule_id, category)
            ]
            hits += [
                (r.waiver, r.token)
                for r in self._ranges
                if r.start <= offset < r.end
                and selector_covers(r.token, rule_id, category)
            ]
        if not hits:
            return False
        self.suppressed += 1
        self._used.update((w.raw_start, t) for w, t in hits)
        return True

    def outcome(self, findings: Sequence[Finding]) -> SuppressedFindings:
        """Drop the suppressed findings; add the findings about the directives."""
        if not self._parsed:
            return SuppressedFindings(list(findings))
        kept = [
            f
            for f in findings
            if not self.waives(
                f.rule_id,
                f.category,
                f.offset if f.start is not None else None,
                f.start.line if f.start is not None else None,
            )
        ]
        for waiver in self._effective:
            if waiver.kind == "enable":
                continue
            # (An unknown name is reported as such above.)
            unused = [
                t
                for t in waiver.rules
                if (waiver.raw_start, t) not in self._used
                and _token_state(t, self._policy) == "enabled"
            ]
            if unused:
                self._report(
                    waiver,
                    "unused-suppression",
                    f"Unused suppression of {', '.join(unused)}: nothing here was "
                    "reported.",
                )
        active = [w for w in self._effective if w.kind != "enable"]
        return SuppressedFindings(
            sorted(kept + self._made, key=Finding.sort_key), self.suppressed, active
        )


def apply_suppressions(
    findings: Sequence[Finding], doc: SuppressibleDocument, policy: Policy
) -> SuppressedFindings:
    """Drop suppressed findings; add the findings about the directives themselves."""
    return Suppressions(doc, policy).outcome(findings)
