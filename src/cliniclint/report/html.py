"""A reviewer's report: one self-contained HTML file.

Each page's text with the findings' words highlighted by severity and each finding
beside it (message, rewrite, why, sources); page-level findings first; a summary by
category and by page; filters by severity and category. Nothing is fetched: the style
and the one script are inline and allowed by hash in a strict Content-Security-Policy,
and everything that comes from the linted files or the packs is escaped, so that no
markup or script in a page can run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from cliniclint import __version__
from cliniclint.documents.filebytes import read_file
from cliniclint.documents.source import UnreadableFile, decode
from cliniclint.findings import FileResult, Finding, Severity
from cliniclint.packs import taxonomy
from cliniclint.report.base import Report, RuleMeta
from cliniclint.report.text import summary

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)

# Characters a browser would drop or show as nothing (C0/C1 controls other than tab
# and line breaks, lone surrogates): shown as U+FFFD so the reviewer sees something.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

STYLE = """
:root { --error: #b3261e; --warning: #8a5a00; --info: #1f5fa8;
  --error-bg: #fbd5d2; --warning-bg: #ffe9a8; --info-bg: #d6e6fb; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1400px;
  padding: 0 1.5rem 3rem; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.5rem; margin: 1.2rem 0 .2rem; }
h2 { font-size: 1.15rem; margin: 0 0 .6rem; word-break: break-all; }
table { border-collapse: collapse; margin: .5rem 2rem 1rem 0; }
th, td { border: 1px solid #ccc; padding: .2rem .6rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.tables { display: flex; flex-wrap: wrap; align-items: flex-start; }
#filters { margin: .8rem 0; padding: .6rem .8rem; background: #f4f4f4;
  border-radius: 6px; }
#filters fieldset { border: 0; margin: 0; padding: .2rem 0; }
#filters legend { font-weight: 600; float: left; margin-right: .8rem; }
#filters label { margin-right: .9rem; white-space: nowrap; }
section.page { border-top: 2px solid #ddd; padding-top: 1rem; margin-top: 1.5rem; }
.notice { color: #555; font-style: italic; }
.columns { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
  gap: 1.2rem; align-items: start; }
.columns > div:first-child { position: sticky; top: 0; max-height: 100vh;
  overflow-y: auto; }
pre.text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0;
  font: 13.5px/1.55 ui-monospace, monospace; background: #fafafa;
  border: 1px solid #e3e3e3; padding: .8rem; border-radius: 6px; }
mark { border-radius: 2px; padding: 0 1px; color: inherit; }
mark.error { background: var(--error-bg); box-shadow: inset 0 -2px var(--error); }
mark.warning { background: var(--warning-bg); box-shadow: inset 0 -2px var(--warning); }
mark.info { background: var(--info-bg); box-shadow: inset 0 -2px var(--info); }
mark.off { background: none; box-shadow: none; }
ol.findings, ul.page-findings { list-style: none; margin: 0; padding: 0; }
li.finding { border-left: 4px solid #999; background: #fcfcfc; margin: 0 0 .7rem;
  padding: .4rem .7rem; border-radius: 0 6px 6px 0; }
li.finding.error { border-color: var(--error); }
li.finding.warning { border-color: var(--warning); }
li.finding.info { border-color: var(--info); }
.sev { font-weight: 700; text-transform: uppercase; font-size: .75rem; }
.sev.error { color: var(--error); } .sev.warning { color: var(--warning); }
.sev.info { color: var(--info); }
.rule { font-family: ui-monospace, monospace; font-size: .85rem; }
.where { color: #555; font-size: .85rem; }
.label { font-weight: 600; }
li.finding p { margin: .25rem 0; }
.why, .refs, .also, .moved { font-size: .9rem; color: #333; }
.refs ul { margin: .1rem 0 0 1.1rem; padding: 0; }
"""

SCRIPT = """
"use strict";
(function () {
  var form = document.getElementById("filters");
  if (!form) { return; }
  form.hidden = false;
  function wanted(name) {
    var out = {};
    form.querySelectorAll("input[name='" + name + "']").forEach(function (box) {
      out[box.value] = box.checked;
    });
    return out;
  }
  function apply() {
    var severities = wanted("severity");
    var categories = wanted("category");
    var shown = {};
    document.querySelectorAll("li.finding").forEach(function (row) {
      var visible = severities[row.dataset.severity] === true &&
        categories[row.dataset.category] === true;
      row.hidden = !visible;
      if (visible) { shown[row.id] = true; }
    });
    document.querySelectorAll("mark[data-findings]").forEach(function (mark) {
      var ids = mark.dataset.findings.split(" ");
      var on = ids.some(function (id) { return shown[id] === true; });
      mark.classList.toggle("off", !on);
    });
  }
  form.addEventListener("change", apply);
  apply();
}());
"""


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


CSP = (
    "default-src 'none'; "
    f"style-src {_csp_hash(STYLE)}; "
    f"script-src {_csp_hash(SCRIPT)}; "
    "img-src 'none'; base-uri 'none'; form-action 'none'"
)


def esc(text: str) -> str:
    """Text from a page or a pack, safe in element content and quoted attributes."""
    return html.escape(_INVISIBLE.sub("\ufffd", text), quote=True)


def _link(url: str, title: str) -> str:
    """A link for http(s) URLs only: a pack could name a ``javascript:`` URL."""
    if re.match(r"https?://", url, flags=re.IGNORECASE):
        return (
            f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(title)}</a> '
            f'<span class="where">{esc(url)}</span>'
        )
    return f'{esc(title)} <span class="where">{esc(url)}</span>'


@dataclass(frozen=True, slots=True)
class _Numbered:
    """A finding with its id in the report (``f1``, ``f2``... in report order)."""

    id: str
    finding: Finding


def _finding_item(entry: _Numbered, meta: RuleMeta | None) -> str:
    f = entry.finding
    sev = f.severity.label
    where = (
        f'<a class="where" href="#m-{entry.id}">line {f.start.line}, '
        f"column {f.start.column}</a>"
        if f.start is not None
        else '<span class="where">whole page</span>'
    )
    parts = [
        f'<li class="finding {sev}" id="{entry.id}" data-severity="{sev}" '
        f'data-category="{esc(f.category)}">',
        f'<p><span class="sev {sev}">{sev}</span> '
        f'<span class="rule">[{esc(f.rule_id)}]</span> {where}</p>',
        f'<p class="message">{esc(f.message)}</p>',
    ]
    if f.rewrite:
        parts.append(
            f'<p class="rewrite"><span class="label">Sentence rewrite:</span> '
            f"{esc(f.rewrite)}</p>"
        )
    if f.suggestions:
        label = "Fix" if f.fix == "safe" else "Rewrite"
        parts += [
            f'<p class="rewrite"><span class="label">{label}:</span> {esc(s)}</p>'
            for s in f.suggestions
        ]
    if f.advice:
        parts.append(
            f'<p class="advice"><span class="label">Advice:</span> {esc(f.advice)}</p>'
        )
    if meta is not None and meta.why:
        parts.append(
            f'<p class="why"><span class="label">Why:</span> {esc(meta.why)}</p>'
        )
    if f.note:
        parts.append(
            f'<p class="moved"><span class="label">Severity:</span> {esc(f.note)}</p>'
        )
    if f.references or f.jurisdiction:
        refs = "".join(f"<li>{_link(r.url, r.title)}</li>" for r in f.references)
        jurisdiction = (
            f' <span class="where">({esc(f.jurisdiction)})</span>'
            if f.jurisdiction
            else ""
        )
        parts.append(
            f'<div class="refs"><span class="label">Sources</span>{jurisdiction}'
            f"<ul>{refs}</ul></div>"
        )
    if f.related:
        shown = "; ".join(
            f'<span class="rule">[{esc(r.rule_id)}]</span> {esc(r.message)}'
            for r in f.related
        )
        parts.append(f'<p class="also"><span class="label">Also:</span> {shown}</p>')
    parts.append("</li>")
    return "".join(parts)


def _page_text(result: FileResult, spans: list[_Numbered]) -> str | None:
    """The file's text as the findings' offsets index it, or None when it cannot be
    read again or no longer holds the findings' words (standard input, a file that
    changed since it was linted)."""
    if result.path == "-":
        return None
    try:
        text = decode(read_file(result.path)).text
    except UnreadableFile:
        return None
    for entry in spans:
        f = entry.finding
        assert f.offset is not None
        assert f.end_offset is not None
        if text[f.offset : f.end_offset] != f.match:
            return None
    return text


def _highlighted(text: str, spans: list[_Numbered]) -> str:
    """``text`` escaped, each piece covered by findings in a ``<mark>`` naming them,
    coloured by the most severe; overlapping findings split the text at every edge."""
    edges = {0, len(text)}
    for entry in spans:
        edges.update((entry.finding.offset or 0, entry.finding.end_offset or 0))
    cuts = sorted(edges)
    starts: dict[int, list[_Numbered]] = {}
    for entry in spans:
        starts.setdefault(entry.finding.offset or 0, []).append(entry)
    active: list[_Numbered] = []
    anchored: set[str] = set()
    out: list[str] = []
    for left, right in itertools.pairwise(cuts):
        active = [e for e in active if (e.finding.end_offset or 0) > left]
        active.extend(starts.get(left, ()))
        piece = esc(text[left:right])
        if not active:
            out.append(piece)
            continue
        worst = max(e.finding.severity for e in active)
        ids = " ".join(e.id for e in active)
        # Where each finding starts: the target of its ``#m-f3`` link.
        anchors = "".join(
            f'<span id="m-{e.id}"></span>' for e in active if e.id not in anchored
        )
        anchored.update(e.id for e in active)
        out.append(
            f'{anchors}<mark class="{worst.label}" data-findings="{ids}">{piece}</mark>'
        )
    return "".join(out)


def _fallback_lines(result: FileResult, spans: list[_Numbered]) -> str:
    """Without the whole text: the lines findings start on, each marked."""
    by_line: dict[int, list[_Numbered]] = {}
    for entry in spans:
        assert entry.finding.start is not None
        by_line.setdefault(entry.finding.start.line, []).append(entry)
    out: list[str] = []
    for line, entries in sorted(by_line.items()):
        text = result.lines.get(line, "")
        out.extend(f'<span id="m-{entry.id}"></span>' for entry in entries)
        out.append(f"{line:>5} | {esc(text)}\n")
    return "".join(out)


def _page_section(
    index: int, result: FileResult, entries: list[_Numbered], rules: dict[str, RuleMeta]
) -> str:
    page_level = [e for e in entries if e.finding.is_page_level]
    spans = [e for e in entries if not e.finding.is_page_level]
    parts = [
        f'<section class="page" id="page-{index}">',
        f"<h2>{esc(result.path)}</h2>",
    ]
    if result.notice:
        parts.append(f'<p class="notice">{esc(result.notice)}</p>')
    if not entries:
        if not result.notice:
            parts.append('<p class="notice">No findings.</p>')
        parts.append("</section>")
        return "".join(parts)
    if page_level:
        parts.append('<ul class="page-findings">')
        parts += [_finding_item(e, rules.get(e.finding.rule_id)) for e in page_level]
        parts.append("</ul>")
    if spans:
        text = _page_text(result, spans)
        if text is None:
            body = _fallback_lines(result, spans)
            note = (
                '<p class="notice">The whole text could not be read again; the lines '
                "with findings:</p>"
            )
        else:
            body, note = _highlighted(text, spans), ""
        items = "".join(_finding_item(e, rules.get(e.finding.rule_id)) for e in spans)
        parts.append(
            f'<div class="columns"><div>{note}<pre class="text">{body}</pre></div>'
            f'<ol class="findings">{items}</ol></div>'
        )
    parts.append("</section>")
    return "".join(parts)


def _count_cells(counts: Counter[Severity]) -> str:
    cells = "".join(f'<td class="n">{counts.get(s, 0)}</td>' for s in SEVERITIES)
    return cells + f'<td class="n">{sum(counts.values())}</td>'


def _summary_tables(report: Report, page_ids: dict[int, str]) -> str:
    head = "".join(f"<th>{s.label}</th>" for s in SEVERITIES) + "<th>total</th>"
    by_category: dict[str, Counter[Severity]] = {}
    for f in report.findings():
        by_category.setdefault(f.category, Counter())[f.severity] += 1
    category_rows = "".join(
        f'<tr data-category="{esc(category)}"><td>{esc(_category_title(category))}'
        f' <span class="rule">{esc(category)}</span></td>{_count_cells(counts)}</tr>'
        for category, counts in sorted(
            by_category.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])
        )
    )
    page_rows = "".join(
        f'<tr><td><a href="#{page_ids[i]}">{esc(r.path)}</a></td>'
        f"{_count_cells(Counter(f.severity for f in r.findings))}</tr>"
        for i, r in enumerate(report.files)
    )
    return (
        '<div class="tables">'
        f'<table id="by-category"><caption>By category</caption>'
        f"<tr><th>category</th>{head}</tr>{category_rows}</table>"
        f'<table id="by-page"><caption>By page</caption>'
        f"<tr><th>page</th>{head}</tr>{page_rows}</table>"
        "</div>"
    )


def _category_title(category: str) -> str:
    known = taxonomy.BY_ID.get(category)
    return known.title if known is not None else category


def _filters(report: Report) -> str:
    severities = Counter(f.severity for f in report.findings())
    categories = Counter(f.category for f in report.findings())
    boxes = "".join(
        f'<label><input type="checkbox" name="severity" value="{s.label}" checked> '
        f"{s.label} ({severities.get(s, 0)})</label>"
        for s in SEVERITIES
    )
    cats = "".join(
        f'<label><input type="checkbox" name="category" value="{esc(c)}" checked> '
        f"{esc(_category_title(c))} ({n})</label>"
        for c, n in sorted(categories.items())
    )
    # Hidden until the script runs: without it the boxes would do nothing.
    return (
        '<form id="filters" hidden>'
        f"<fieldset><legend>Severity</legend>{boxes}</fieldset>"
        f"<fieldset><legend>Category</legend>{cats}</fieldset>"
        "</form>"
    )


def _numbered(report: Report) -> Iterator[list[_Numbered]]:
    n = 0
    for result in report.files:
        entries = []
        for finding in result.findings:
            n += 1
            entries.append(_Numbered(f"f{n}", finding))
        yield entries


def render_html(report: Report) -> str:
    page_ids = {i: f"page-{i + 1}" for i in range(len(report.files))}
    sections = [
        _page_section(i + 1, result, entries, report.rules)
        for i, (result, entries) in enumerate(
            zip(report.files, _numbered(report), strict=True)
        )
    ]
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<title>cliniclint report</title>",
            f"<style>{STYLE}</style></head><body>",
            "<header><h1>cliniclint report</h1>",
            f"<p>{esc(summary(report))} cliniclint {esc(__version__)}. "
            "A reviewer's aid, not legal advice.</p></header>",
            _filters(report),
            _summary_tables(report, page_ids),
            *sections,
            f"<script>{SCRIPT}</script></body></html>\n",
        ]
    )
