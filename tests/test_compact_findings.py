"""How one page's findings are kept: the judge remembers one sentence at a time,
claims are made a batch of sentences at a time, repeated claims share their text,
fingerprints are plain fields, and a streamed file is written in parts."""

from __future__ import annotations

import pickle

import pytest

from cliniclint.documents import read_document
from cliniclint.engine import CompiledRules, Selection, compile_rules, lint_text, linter
from cliniclint.engine.ruleset import load_packs
from cliniclint.findings import FileResult, Finding, Position, Severity
from cliniclint.matching.facts import FACTS
from cliniclint.matching.matchers import HitJudge, Text
from cliniclint.matching.textfold import fold
from cliniclint.report import stream
from cliniclint.report.stream import Streamer
from cliniclint.review.baseline import with_fingerprints
from cliniclint.run.stored import dumps, loads


@pytest.fixture(scope="module")
def bundled() -> CompiledRules:
    return compile_rules(load_packs(), Selection())


PAGE = (
    "Our stem cells cure arthritis. Our PRP injections cure tendonitis. "
    "Stem cells fight Parkinson's and reverse multiple sclerosis. "
    "Our stem cells cure arthritis. Can exosomes heal your knees? "
    "Our stem cells cure arthritis."
)


def test_a_repeated_claim_shares_its_text_related_rules_and_rewrite(
    bundled: CompiledRules,
) -> None:
    found = [f for f in lint_text(PAGE, bundled, fmt="markdown") if f.start]
    arthritis = [f for f in found if f.match == "cure arthritis"]
    assert [(f.rule_id, f.start) for f in arthritis] == [
        ("cure-claim", Position(1, 16)),
        ("cure-claim", Position(1, 144)),
        ("cure-claim", Position(1, 205)),
    ]
    first = arthritis[0]
    assert [(r.rule_id, r.message) for r in first.related] == [
        (
            "disease-claim",
            "“cure arthritis” claims the treatment acts on a disease or condition.",
        )
    ]
    assert first.rewrite == (
        "Stem cells have not been shown to cure arthritis, and the research is still"
        " early."
    )
    for other in arthritis[1:]:
        assert other.match is first.match
        assert other.related is first.related
        assert other.rewrite is first.rewrite
    # A different claim keeps its own words.
    [tendonitis] = [f for f in found if f.match == "cure tendonitis"]
    assert tendonitis.rule_id == "cure-claim"
    assert tendonitis.rewrite == (
        "PRP injections have not been shown to cure tendonitis, and the research is"
        " still early."
    )
    assert [r.message for r in tendonitis.related] == [
        "“cure tendonitis” claims the treatment acts on a disease or condition."
    ]


def test_claims_made_a_sentence_at_a_time_are_the_claims_of_the_whole_page(
    bundled: CompiledRules, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = lint_text(PAGE, bundled, fmt="markdown")
    monkeypatch.setattr(linter, "CLAIM_BATCH", 1)
    batched = lint_text(PAGE, bundled, fmt="markdown")
    assert len(whole) == len(batched) > 6
    for one, other in zip(whole, batched, strict=True):
        assert one == other
        assert (one.related, one.rewrite, one.fix, one.note) == (
            other.related,
            other.rewrite,
            other.fix,
            other.note,
        )


def test_the_judge_answers_alike_in_any_order_of_sentences() -> None:
    raw = (
        "There is no cure for emphysema. Can stem cells treat knee arthritis? "
        "Our PRP heals tendons, but it may ease knee pain."
    )
    doc = read_document("page.md", raw)
    text = Text.of(fold(doc.prose))
    words = ("cure", "treat", "heals", "ease")
    hits = [(text.folded.index(w), text.folded.index(w) + len(w)) for w in words]

    def answers(judge: HitJudge, start: int, end: int) -> list[bool]:
        sentence = doc.sentence_at(start)
        clause = judge.clause_at(sentence, start)
        return [judge.fact(name, sentence, clause, start, end) for name in FACTS]

    fresh = [answers(HitJudge(doc, text, "neutral"), *hit) for hit in hits]
    assert fresh[0][list(FACTS).index("negated")] is True
    assert fresh[1][list(FACTS).index("question")] is True
    assert fresh[3][list(FACTS).index("hedged")] is True
    judge = HitJudge(doc, text, "neutral")
    # Back and forth between sentences: each move forgets the last sentence.
    for index in (0, 1, 0, 2, 3, 1, 3, 0):
        assert answers(judge, *hits[index]) == fresh[index]


def _finding(offset: int, message: str = "“cures” promises a cure.") -> Finding:
    return Finding(
        path="page.md",
        rule_id="cure-word",
        category="cure-claim",
        severity=Severity.ERROR,
        message=message,
        pack_id="core",
        pack_version="1.0.0",
        start=Position(1, offset + 1),
        end=Position(1, offset + 6),
        offset=offset,
        end_offset=offset + 5,
        match="cures",
        suggestions=("may ease",),
    )


def test_fingerprints_are_fields_left_out_of_equality_and_kept_in_storage() -> None:
    raw = "It cures. It cures."
    plain = [_finding(3), _finding(13)]
    marked = with_fingerprints([_finding(13), _finding(3)], "site/page.md", raw)
    assert marked == plain
    assert [hash(f) for f in marked] == [hash(f) for f in plain]
    assert [f.occurrence for f in marked] == [0, 1]
    assert [f.baseline_path for f in marked] == ["site/page.md"] * 2
    assert marked[0].fingerprint != marked[1].fingerprint
    assert len(marked[0].fingerprint or "") == 64
    for copy in (pickle.loads(pickle.dumps(marked)), loads(dumps(marked))):
        assert copy == marked
        assert [(f.fingerprint, f.baseline_path, f.occurrence) for f in copy] == [
            (f.fingerprint, f.baseline_path, f.occurrence) for f in marked
        ]
    assert sorted(marked[::-1], key=Finding.sort_key) == marked


@pytest.mark.parametrize("fmt", stream.STREAMED)
def test_a_file_not_kept_is_written_in_parts_that_join_to_its_output(
    fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    findings = [_finding(at * 10, f"Claim {at}.") for at in range(5)]
    line = "It cures. " * 5

    def written(keep: bool) -> tuple[list[str], FileResult]:
        result = FileResult("page.md", list(findings), lines={1: line})
        out: list[str] = []
        streamer = Streamer(fmt, out.append)
        streamer.keep = keep
        streamer.file(result)
        streamer.file(FileResult("next.md", [_finding(0)], lines={1: line}))
        streamer.finish()
        return out, result

    kept, kept_result = written(True)
    monkeypatch.setattr(stream, "PART", 2)
    parts, parts_result = written(False)
    assert "".join(parts) == "".join(kept)
    assert len(parts) > len(kept)
    assert parts_result.rendered == {}
    assert list(kept_result.rendered) == ([fmt] if fmt in stream.KEPT else [])


def test_a_finding_encodes_to_the_json_of_its_fields() -> None:
    from dataclasses import replace

    from cliniclint.findings import Reference, Related
    from cliniclint.report.jsonfmt import dump, finding_json

    base = _finding(4, 'It "cures"\tall\u2028and 100 \u00b5m \ud800 of €.')
    page_level = Finding(
        "page.md",
        "notice-missing",
        "notice",
        Severity.WARNING,
        "No notice.",
        "core",
        "1.0.0",
        advice=None,
        fix="none",
    )
    variants = [
        base,
        replace(base, offset=None, end_offset=None, note="raised: it sells"),
        replace(
            base,
            advice="Say \\ what is known.",
            rewrite="It may ease pain.",
            rewrite_offset=2,
            rewrite_end_offset=None,
            references=(Reference('A "guide"', "https://example.org/a?b=1&c"),),
            jurisdiction="us-federal",
        ),
        replace(base, rewrite="Shown, not applied.", fix="none"),
        replace(
            base,
            related=(
                Related("hype-word", "hype", Severity.INFO, "“cures” is hype."),
                Related("cure-word", "cure-claim", Severity.ERROR, "x"),
            ),
            suggestions=("may ease", 'helps some "patients"'),
        ),
        page_level,
        replace(page_level, severity=Severity.ERROR),
    ]
    for finding in variants * 2:  # the second time from the kept pieces
        assert finding_json(finding) == dump(_schema_object(finding))
    assert finding_json(variants[1]).count('"offset":null') == 1


def _schema_object(finding: Finding) -> dict[str, object]:
    """A finding as the JSON schema (version 1) lays it out, written plainly."""
    span = None
    if finding.start is not None and finding.end is not None:
        span = {
            "start": {"line": finding.start.line, "column": finding.start.column},
            "end": {"line": finding.end.line, "column": finding.end.column},
            "offset": finding.offset,
            "end_offset": finding.end_offset,
        }
    rewrite = None
    if finding.rewrite is not None:
        where = None
        if finding.rewrite_offset is not None:
            where = {
                "offset": finding.rewrite_offset,
                "end_offset": finding.rewrite_end_offset,
            }
        rewrite = {"text": finding.rewrite, "span": where}
    return {
        "file": finding.path,
        "rule": finding.rule_id,
        "category": finding.category,
        "severity": finding.severity.label,
        "message": finding.message,
        "span": span,
        "match": finding.match,
        "suggestions": list(finding.suggestions),
        "advice": finding.advice,
        "fix": finding.fix,
        "pack": {"id": finding.pack_id, "version": finding.pack_version},
        "rewrite": rewrite,
        "related": [
            {
                "rule": r.rule_id,
                "category": r.category,
                "severity": r.severity.label,
                "message": r.message,
            }
            for r in finding.related
        ],
        "severity_note": finding.note or None,
        "references": [{"title": r.title, "url": r.url} for r in finding.references],
        "jurisdiction": finding.jurisdiction,
    }
