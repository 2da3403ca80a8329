"""`cliniclint eval` on an annotated pages set: whole pages, with quotes to catch.

A pages set is a folder holding ``index*.jsonl`` files and the page files they name.
Each index line describes one page::

    {"file": "a-001.md", "kind": "clinic_marketing", "lang": "en",
     "must_flag": [{"quote": "...", "categories": ["disease-claim"]}],
     "should_flag": [{"quote": "...", "categories": ["hype-language"]}],
     "must_not_flag": [{"quote": "..."}],
     "page_level": {"fda-status-missing": true, "disclaimer-missing": false}}

A quote is an exact substring of one line of its page; it is looked up on the first
line that holds it, and a quote found on no line is skipped (counted as not found). A
page with ``"found": false`` is skipped. A finding *overlaps* a quote when its span
(1-based lines and columns, end column exclusive) shares a column with the quote on
the quote's line; a finding running over several lines covers the whole of its
middle lines. The figures:

- must-flag recall: must-flag quotes overlapped by a warning or error; *category
  right* when one of those findings has one of the quote's categories (or the quote
  names none);
- should-flag recall: should-flag quotes overlapped by a finding of any severity;
- trap sentences flagged: must-not-flag quotes overlapped by a warning or error;
- page-level right: each ``page_level`` judgement met (true wants a page-level finding
  of that category at warning or error, false wants none, null is no judgement);
- stacked findings: sentence findings (warning or error) that share their start line
  and column with another, over all sentence findings at warning or error;
- findings per page by kind: sentence findings at warning or error per page
  (median is the upper middle value, max, total);
- unexplained: sentence findings at warning or error on a reputable_info page that
  overlap no quote of any list.

A rate whose denominator is 0 is ``n/a`` (null in JSON) and 0.000 in the summary line.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from cliniclint.errors import SourceError
from cliniclint.evaluation.rates import rate, shown
from cliniclint.findings import Finding, Severity
from cliniclint.packs.yamlsource import read_regular_file

KINDS = ("clinic_marketing", "mixed", "reputable_info")
REPUTABLE = "reputable_info"
MAX_INDEX_BYTES = 64 * 1024 * 1024
MAX_PAGE_BYTES = 64 * 1024 * 1024
FLAG_LEVEL = Severity.WARNING
SHORT_QUOTE = 90


@dataclass(frozen=True, slots=True)
class Quote:
    """An annotated stretch of one line of a page."""

    text: str
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    """One index record: a page file and what a reviewer expects on it."""

    file: str
    kind: str
    lang: str = "en"
    must_flag: tuple[Quote, ...] = ()
    should_flag: tuple[Quote, ...] = ()
    must_not_flag: tuple[Quote, ...] = ()
    page_level: tuple[tuple[str, bool | None], ...] = ()
    found: bool = True
    where: str = ""  # index path:line, for messages


@dataclass(frozen=True, slots=True)
class Miss:
    file: str
    line: int
    quote: str
    categories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FalseAlarm:
    file: str
    line: int
    quote: str
    rules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Unexplained:
    file: str
    line: int
    rule: str
    context: str


@dataclass(slots=True)
class PagesScore:
    """The figures over a pages set, with the cases behind them."""

    pages: int = 0
    must_total: int = 0
    must_caught: int = 0
    must_category: int = 0
    should_total: int = 0
    should_caught: int = 0
    trap_total: int = 0
    trap_flagged: int = 0
    page_total: int = 0
    page_right: int = 0
    stacked: int = 0
    sentence_findings: int = 0
    unlocated: int = 0
    per_kind: dict[str, list[int]] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    false_alarms: list[FalseAlarm] = field(default_factory=list)
    unexplained: list[Unexplained] = field(default_factory=list)

    @property
    def must_recall(self) -> float | None:
        return rate(self.must_caught, self.must_total)

    @property
    def category_recall(self) -> float | None:
        return rate(self.must_category, self.must_total)

    @property
    def should_recall(self) -> float | None:
        return rate(self.should_caught, self.should_total)

    @property
    def trap_rate(self) -> float | None:
        return rate(self.trap_flagged, self.trap_total)

    @property
    def page_rate(self) -> float | None:
        return rate(self.page_right, self.page_total)

    @property
    def stacked_rate(self) -> float | None:
        return rate(self.stacked, self.sentence_findings)

    def kind_figures(self) -> dict[str, tuple[int, int, int, int]]:
        """Kind -> (pages, median, max, total) of findings >= warning per page."""
        out: dict[str, tuple[int, int, int, int]] = {}
        for kind, counts in sorted(self.per_kind.items()):
            ordered = sorted(counts)
            median = ordered[len(ordered) // 2]
            out[kind] = (len(ordered), median, ordered[-1], sum(ordered))
        return out

    def summary_line(self) -> str:
        """One line in the shape of the reference scorer's last line."""

        def r(value: float | None) -> str:
            return f"{value or 0.0:.3f}"

        return (
            f"must {r(self.must_recall)} cat {r(self.category_recall)} "
            f"should {r(self.should_recall)} mustnot-fa {r(self.trap_rate)} "
            f"page {r(self.page_rate)} noise {r(self.stacked_rate)} "
            f"(pages {self.pages})"
        )


# --- reading a pages set ---------------------------------------------------------


def index_files(folder: Path) -> list[Path]:
    """The index files of a pages set, in name order; none is an error."""
    found = sorted(folder.glob("index*.jsonl"))
    if not found:
        raise SourceError(
            str(folder), None, None, "no index*.jsonl file: not a pages set"
        )
    return found


def _lines(data: bytes, path: str) -> list[str]:
    """Text split at \\n, \\r\\n and \\r alone, as Python's text files read it."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(path, None, None, "not UTF-8 text") from None
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _quotes(value: Any, key: str, where: tuple[str, int]) -> tuple[Quote, ...]:
    path, number = where
    if value is None:
        return ()
    if not isinstance(value, list):
        raise SourceError(path, number, None, f"`{key}` must be a list")
    out: list[Quote] = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("quote"), str):
            raise SourceError(
                path, number, None, f"each `{key}` entry needs a string `quote`"
            )
        cats = item.get("categories") or []
        if not isinstance(cats, list) or not all(isinstance(c, str) for c in cats):
            raise SourceError(
                path, number, None, f"`categories` in `{key}` must be a list of ids"
            )
        out.append(Quote(item["quote"], tuple(cats)))
    return tuple(out)


def _page_level(
    value: Any, where: tuple[str, int]
) -> tuple[tuple[str, bool | None], ...]:
    path, number = where
    if value is None:
        return ()
    if not isinstance(value, dict) or not all(
        v is None or isinstance(v, bool) for v in value.values()
    ):
        raise SourceError(
            path,
            number,
            None,
            "`page_level` must map categories to true, false or null",
        )
    return tuple(value.items())


def parse_index_line(path: str, number: int, line: str) -> Page:
    """One index record; a malformed one is a SourceError at ``path:number``."""
    try:
        data: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        raise SourceError(
            path, number, exc.colno, f"not valid JSON: {exc.msg}"
        ) from None
    except RecursionError:
        raise SourceError(path, number, 1, "JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise SourceError(path, number, 1, "an index record must be a JSON object")
    where = (path, number)
    file = data.get("file")
    if not isinstance(file, str) or not file.strip():
        raise SourceError(path, number, None, "a record needs a string `file`")
    if PurePosixPath(file).is_absolute() or Path(file).is_absolute():
        raise SourceError(path, number, None, "`file` must be relative to the set")
    kind = data.get("kind")
    if kind not in KINDS:
        raise SourceError(
            path, number, None, f"`kind` must be one of {', '.join(KINDS)}"
        )
    lang = data.get("lang", "en")
    if not isinstance(lang, str):
        raise SourceError(path, number, None, "`lang` must be a string")
    found = data.get("found", True)
    if not isinstance(found, bool):
        raise SourceError(path, number, None, "`found` must be true or false")
    return Page(
        file=file,
        kind=kind,
        lang=lang,
        must_flag=_quotes(data.get("must_flag"), "must_flag", where),
        should_flag=_quotes(data.get("should_flag"), "should_flag", where),
        must_not_flag=_quotes(data.get("must_not_flag"), "must_not_flag", where),
        page_level=_page_level(data.get("page_level"), where),
        found=found,
        where=f"{path}:{number}",
    )


def read_pages_set(folder: Path, langs: Sequence[str] | None = None) -> list[Page]:
    """The pages to score: every index record not marked ``found: false``, of the
    given languages (all when None), whose page file must exist."""
    pages: list[Page] = []
    for index in index_files(folder):
        path = str(index)
        for number, line in enumerate(
            _lines(read_regular_file(index, MAX_INDEX_BYTES), path), 1
        ):
            if not line.strip():
                continue
            page = parse_index_line(path, number, line)
            if not page.found or (langs is not None and page.lang not in langs):
                continue
            if not (folder / page.file).is_file():
                raise SourceError(
                    path, number, None, f"no such page file {page.file!r} in {folder}"
                )
            pages.append(page)
    return pages


def page_path(folder: Path, page: Page) -> str:
    """The path a page is linted under (the folder joined with its ``file``)."""
    return str(folder / page.file)


# --- scoring ---------------------------------------------------------------------


def _sentence(f: Finding) -> bool:
    # A finding without a whole span is reported without one: page-level.
    return f.start is not None and f.end is not None


def _overlaps(f: Finding, line: int, q0: int, q1: int, line_len: int) -> bool:
    """Whether the finding covers part of columns [q0, q1) of the line."""
    if f.start is None or f.end is None:
        return False
    first, last = f.start.line, f.end.line
    if not first <= line <= last:
        return False
    start = f.start.column if first == line else 1
    # A span running past this line covers it to the end (and its line break).
    end = f.end.column if last == line else line_len + 2
    return start < q1 and end > q0


def _locate(lines: Sequence[str], quote: str) -> tuple[int, int, int, int] | None:
    """(line, start column, end column exclusive, line length) of the first line
    holding the quote."""
    for number, text in enumerate(lines, 1):
        at = text.find(quote)
        if at >= 0:
            return number, at + 1, at + 1 + len(quote), len(text)
    return None


def _cut(text: str, width: int = SHORT_QUOTE) -> str:
    return text[:width]


def score_page(
    result: PagesScore, page: Page, lines: Sequence[str], findings: Sequence[Finding]
) -> None:
    """Add one page's figures to ``result``."""
    strong = [f for f in findings if f.severity >= FLAG_LEVEL]
    sentence = [f for f in strong if _sentence(f)]
    result.pages += 1
    result.per_kind.setdefault(page.kind, []).append(len(sentence))
    starts = Counter(
        (f.start.line, f.start.column) for f in sentence if f.start is not None
    )
    result.stacked += sum(n - 1 for n in starts.values() if n > 1)
    result.sentence_findings += len(sentence)
    explained: set[int] = set()
    groups = (
        ("must_flag", page.must_flag, strong),
        ("should_flag", page.should_flag, list(findings)),
        ("must_not_flag", page.must_not_flag, strong),
    )
    for group, quotes, pool in groups:
        for quote in quotes:
            located = _locate(lines, quote.text)
            if located is None:
                result.unlocated += 1
                continue
            number, q0, q1, length = located
            hits = [f for f in pool if _overlaps(f, number, q0, q1, length)]
            explained.update(id(f) for f in hits)
            cats = set(quote.categories)
            category_right = bool(hits) and (
                not cats or any(f.category in cats for f in hits)
            )
            if group == "must_flag":
                result.must_total += 1
                result.must_caught += bool(hits)
                result.must_category += category_right
                if not hits:
                    result.misses.append(
                        Miss(page.file, number, _cut(quote.text), quote.categories)
                    )
            elif group == "should_flag":
                result.should_total += 1
                result.should_caught += bool(hits)
            else:
                result.trap_total += 1
                if hits:
                    result.trap_flagged += 1
                    rules = tuple(sorted({f.rule_id for f in hits}))
                    result.false_alarms.append(
                        FalseAlarm(page.file, number, _cut(quote.text), rules)
                    )
    if page.kind == REPUTABLE:
        for f in sentence:
            if id(f) in explained or f.start is None:
                continue
            number, column = f.start.line, f.start.column
            text = lines[number - 1] if number <= len(lines) else ""
            context = text[max(0, column - 30) : column + 50]
            result.unexplained.append(
                Unexplained(page.file, number, f.rule_id, context)
            )
    for category, want in page.page_level:
        if want is None:
            continue
        got = any(
            not _sentence(f) and f.category == category and f.severity >= FLAG_LEVEL
            for f in findings
        )
        result.page_total += 1
        result.page_right += got == want


def read_page_lines(folder: Path, page: Page) -> list[str]:
    path = page_path(folder, page)
    return _lines(read_regular_file(Path(path), MAX_PAGE_BYTES), path)


def score_pages(
    folder: Path, pages: Sequence[Page], findings: Mapping[str, Sequence[Finding]]
) -> PagesScore:
    """Score pages against their findings, keyed by :func:`page_path` (a page with
    no entry has no findings)."""
    result = PagesScore()
    for page in pages:
        path = page_path(folder, page)
        score_page(result, page, read_page_lines(folder, page), findings.get(path, ()))
    return result


# --- reports ---------------------------------------------------------------------


def _kinds_line(score: PagesScore) -> str:
    kinds = score.kind_figures()
    return (
        f"pages: {score.pages}"
        + "".join(
            f"{', ' if i else ' ('}{k} {v[0]}" for i, (k, v) in enumerate(kinds.items())
        )
        + (")" if kinds else "")
    )


def render_pages_text(score: PagesScore, show: int = 0) -> str:
    s = score
    lines = [
        _kinds_line(s),
        f"must-flag recall: {shown(s.must_recall)} ({s.must_caught}/{s.must_total} "
        "quotes under a warning or error)",
        f"  category right: {shown(s.category_recall)} "
        f"({s.must_category}/{s.must_total} with a finding of one of their categories)",
        f"should-flag recall: {shown(s.should_recall)} "
        f"({s.should_caught}/{s.should_total} quotes under a finding of any severity)",
        f"trap sentences flagged: {shown(s.trap_rate)} "
        f"({s.trap_flagged}/{s.trap_total} "
        "must-not-flag quotes under a warning or error)",
        f"page-level right: {shown(s.page_rate)} ({s.page_right}/{s.page_total} "
        "judgements met)",
        f"stacked findings: {shown(s.stacked_rate)} ({s.stacked}/{s.sentence_findings} "
        "sentence findings >= warning start where another does)",
        "findings >= warning per page:",
    ]
    kinds = s.kind_figures()
    width = max((len(k) for k in kinds), default=0)
    for kind, (_, median, most, total) in kinds.items():
        lines.append(
            f"  {kind:<{width}}  median {median:3d}  max {most:3d}  total {total}"
        )
    lines.append(f"reputable-page findings no quote explains: {len(s.unexplained)}")
    lines.append(f"quotes not found on their page: {s.unlocated}")
    if show:
        lines += ["", f"must-flag misses ({len(s.misses)}):"]
        for m in s.misses[:show]:
            cats = f" ({', '.join(m.categories)})" if m.categories else ""
            lines.append(f"  {m.file}:{m.line} {m.quote!r}{cats}")
        lines += ["", f"trap sentences flagged ({len(s.false_alarms)}):"]
        for a in s.false_alarms[:show]:
            lines.append(f"  {a.file}:{a.line} {a.quote!r} by {', '.join(a.rules)}")
        lines += ["", f"unexplained reputable-page findings ({len(s.unexplained)}):"]
        for u in s.unexplained[:show]:
            lines.append(f"  {u.file}:{u.line} {u.rule} at {u.context!r}")
        lines.append("")
    lines.append(s.summary_line())
    return "\n".join(lines) + "\n"


def render_pages_json(score: PagesScore, show: int = 0) -> str:
    s = score
    doc: dict[str, Any] = {
        "pages": s.pages,
        "must_flag": {
            "total": s.must_total,
            "caught": s.must_caught,
            "category_right": s.must_category,
            "recall": s.must_recall,
            "category_recall": s.category_recall,
        },
        "should_flag": {
            "total": s.should_total,
            "caught": s.should_caught,
            "recall": s.should_recall,
        },
        "must_not_flag": {
            "total": s.trap_total,
            "flagged": s.trap_flagged,
            "rate": s.trap_rate,
        },
        "page_level": {
            "total": s.page_total,
            "right": s.page_right,
            "rate": s.page_rate,
        },
        "stacked": {
            "stacked": s.stacked,
            "sentence_findings": s.sentence_findings,
            "rate": s.stacked_rate,
        },
        "per_kind": {
            kind: {"pages": n, "median": median, "max": most, "total": total}
            for kind, (n, median, most, total) in s.kind_figures().items()
        },
        "reputable_unexplained": len(s.unexplained),
        "unlocated_quotes": s.unlocated,
        "flag_level": FLAG_LEVEL.label,
        "summary": s.summary_line(),
    }
    if show:
        doc["misses"] = [
            {
                "file": m.file,
                "line": m.line,
                "quote": m.quote,
                "categories": list(m.categories),
            }
            for m in s.misses[:show]
        ]
        doc["false_alarms"] = [
            {"file": a.file, "line": a.line, "quote": a.quote, "rules": list(a.rules)}
            for a in s.false_alarms[:show]
        ]
        doc["unexplained"] = [
            {"file": u.file, "line": u.line, "rule": u.rule, "context": u.context}
            for u in s.unexplained[:show]
        ]
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def pages_below_floors(
    score: PagesScore, min_recall: float | None, max_false_alarms: float | None
) -> list[str]:
    """The floors the score misses: ``min_recall`` is the must-flag recall's,
    ``max_false_alarms`` the trap sentences' ceiling."""
    out: list[str] = []
    recall = score.must_recall
    if min_recall is not None and recall is not None and recall < min_recall:
        out.append(
            f"must-flag recall {shown(recall)} is below the floor {min_recall:.3f}"
        )
    rate = score.trap_rate
    if max_false_alarms is not None and rate is not None and rate > max_false_alarms:
        out.append(
            f"trap sentences flagged {shown(rate)} is above the ceiling "
            f"{max_false_alarms:.3f}"
        )
    return out
