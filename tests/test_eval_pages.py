"""`cliniclint eval` on an annotated pages set: hand-computed figures on tiny sets
written here, and the same figures as the pages scorer's definitions applied to
`cliniclint lint --format json`."""

from __future__ import annotations

import collections
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cliniclint.cli.main import main
from cliniclint.errors import SourceError
from cliniclint.evaluation.pages import (
    page_path,
    pages_below_floors,
    read_pages_set,
    render_pages_json,
    render_pages_text,
    score_pages,
)
from cliniclint.findings import Finding, Position, Severity

# Slow: lints annotated page sets (the fast set is `pytest -m "not slow"`).
pytestmark = pytest.mark.slow

# --- the scorer on hand-made findings -------------------------------------------

SCORER_PAGES = {
    # columns:  1234567890123456789012
    "a.md": "Intro line here.\nWe fix knees and backs.\nNothing else here.\n",
    "b.md": "Care can slow the disease.\nAsk your doctor.\n",
}

SCORER_INDEX: list[dict[str, Any]] = [
    {
        "file": "a.md",
        "kind": "clinic_marketing",
        "lang": "en",
        "must_flag": [
            {"quote": "knees", "categories": ["cure-claim", "disease-claim"]},
            {"quote": "backs", "categories": ["efficacy-claim"]},
            {"quote": "fix knees", "categories": ["cure-claim"]},
            {"quote": "words on no line", "categories": ["cure-claim"]},
        ],
        "should_flag": [{"quote": "backs", "categories": ["efficacy-claim"]}],
        "must_not_flag": [{"quote": "We fix"}, {"quote": "else here"}],
        "page_level": {
            "disclaimer-missing": True,
            "fda-status-missing": True,
            "risk-information-missing": None,
        },
    },
    {
        "file": "b.md",
        "kind": "reputable_info",
        "must_not_flag": [{"quote": "slow the disease", "why": "standard care"}],
        "page_level": {"disclaimer-missing": False},
    },
    {"file": "gone.md", "kind": "mixed", "found": False},
]


def finding(
    rule: str,
    category: str,
    severity: Severity,
    start: tuple[int, int] | None = None,
    end: tuple[int, int] | None = None,
) -> Finding:
    return Finding(
        path="page",
        rule_id=rule,
        category=category,
        severity=severity,
        message="m",
        pack_id="p",
        pack_version="1",
        start=Position(*start) if start else None,
        end=Position(*end) if end else None,
    )


W, E, INFO = Severity.WARNING, Severity.ERROR, Severity.INFO
A_FINDINGS = [
    finding("r1", "disease-claim", W, (2, 8), (2, 13)),  # "knees"
    finding("r2", "efficacy-claim", E, (2, 8), (2, 11)),  # stacked on r1's start
    finding("r3", "hype-language", INFO, (2, 8), (2, 13)),  # info: not stacked
    finding("r4", "efficacy-claim", INFO, (2, 18), (2, 23)),  # "backs", info only
    finding("r5", "cure-claim", E, (1, 10), (2, 3)),  # "here.\nWe": over a line break
    finding("r6", "hype-language", W, (3, 1), (3, 9)),  # ends where "else" starts
    finding("p1", "disclaimer-missing", W),
    finding("p2", "fda-status-missing", INFO),  # page-level, but info
    finding("p3", "risk-information-missing", W),  # judgement null: not counted
]
B_FINDINGS = [
    finding("r7", "disease-claim", W, (1, 10), (1, 14)),  # "slow": a trap
    finding("r8", "hype-language", W, (2, 1), (2, 4)),  # "Ask": no quote explains it
    finding("r9", "hype-language", INFO, (2, 5), (2, 9)),
]


def write_set(
    folder: Path, pages: dict[str, str], index: Sequence[dict[str, Any]]
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "index-1.jsonl").write_text(
        "\n".join(json.dumps(r) for r in index) + "\n\n", encoding="utf-8"
    )
    return folder


def test_scorer_figures_by_hand(tmp_path: Path) -> None:
    folder = write_set(tmp_path / "set", SCORER_PAGES, SCORER_INDEX)
    pages = read_pages_set(folder)
    assert [p.file for p in pages] == ["a.md", "b.md"]  # found: false is skipped
    findings = {
        page_path(folder, pages[0]): A_FINDINGS,
        page_path(folder, pages[1]): B_FINDINGS,
    }
    score = score_pages(folder, pages, findings)
    # "knees": r1 (its category) and r2; "fix knees": r1, r2 (neither a cure-claim;
    # r5 ends at column 3 of line 2, before "fix"); "backs": info only.
    assert (score.must_total, score.must_caught, score.must_category) == (3, 2, 1)
    assert score.unlocated == 1
    assert [(m.file, m.line, m.quote) for m in score.misses] == [("a.md", 2, "backs")]
    assert (score.should_total, score.should_caught) == (1, 1)
    # "We fix" under r5's second line; "else here" starts where r6 ends (end column
    # exclusive): not flagged; "slow the disease" under r7.
    assert (score.trap_total, score.trap_flagged) == (3, 2)
    assert [(a.file, a.line, a.rules) for a in score.false_alarms] == [
        ("a.md", 2, ("r5",)),
        ("b.md", 1, ("r7",)),
    ]
    # a: disclaimer true and found (right), fda true but only info (wrong); b: false
    # and none (right).
    assert (score.page_total, score.page_right) == (3, 2)
    assert (score.stacked, score.sentence_findings) == (1, 6)
    assert score.kind_figures() == {
        "clinic_marketing": (1, 4, 4, 4),
        "reputable_info": (1, 2, 2, 2),
    }
    assert [(u.file, u.line, u.rule, u.context) for u in score.unexplained] == [
        ("b.md", 2, "r8", "Ask your doctor.")
    ]
    assert score.summary_line() == (
        "must 0.667 cat 0.333 should 1.000 mustnot-fa 0.667 page 0.667 "
        "noise 0.167 (pages 2)"
    )
    text = render_pages_text(score, show=5)
    assert "must-flag recall: 0.667 (2/3" in text
    assert "stacked findings: 0.167 (1/6" in text
    assert "  clinic_marketing  median   4  max   4  total 4" in text
    assert "a.md:2 'backs' (efficacy-claim)" in text
    assert "b.md:2 r8 at 'Ask your doctor.'" in text
    assert text.endswith(score.summary_line() + "\n")
    doc = json.loads(render_pages_json(score, show=1))
    assert doc["must_flag"] == {
        "total": 3,
        "caught": 2,
        "category_right": 1,
        "recall": pytest.approx(2 / 3),
        "category_recall": pytest.approx(1 / 3),
    }
    assert doc["per_kind"]["reputable_info"] == {
        "pages": 1,
        "median": 2,
        "max": 2,
        "total": 2,
    }
    assert len(doc["false_alarms"]) == 1  # --show 1
    assert doc["summary"] == score.summary_line()
    assert pages_below_floors(score, 0.6, 0.7) == []
    assert len(pages_below_floors(score, 0.7, 0.6)) == 2


def test_median_is_the_upper_middle(tmp_path: Path) -> None:
    pages = {f"p{i}.md": "One.\n" for i in range(4)}
    index = [{"file": name, "kind": "mixed"} for name in pages]
    folder = write_set(tmp_path / "set", pages, index)
    read = read_pages_set(folder)
    counts = [0, 3, 1, 2]
    findings = {
        page_path(folder, p): [
            finding("r", "hype-language", W, (1, 1), (1, 2)) for _ in range(n)
        ]
        for p, n in zip(read, counts, strict=True)
    }
    score = score_pages(folder, read, findings)
    assert score.kind_figures() == {"mixed": (4, 2, 3, 6)}
    assert (score.stacked, score.sentence_findings) == (3, 6)
    # no quotes, no judgements: n/a, and 0.000 in the summary line
    assert score.must_recall is None
    assert "must-flag recall: n/a (0/0" in render_pages_text(score)
    assert score.summary_line().startswith("must 0.000 cat 0.000")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"file": "a.md", "kind": "clinic_marketing"', "not valid JSON"),
        ('["a.md"]', "JSON object"),
        ('{"kind": "mixed"}', "`file`"),
        ('{"file": "a.md", "kind": "news"}', "`kind`"),
        ('{"file": "a.md", "kind": "mixed", "must_flag": [{"q": "x"}]}', "`quote`"),
        ('{"file": "a.md", "kind": "mixed", "must_flag": {"quote": "x"}}', "a list"),
        (
            '{"file": "a.md", "kind": "mixed", "page_level": {"x": 1}}',
            "`page_level`",
        ),
        ('{"file": "nope.md", "kind": "mixed"}', "no such page file 'nope.md'"),
    ],
)
def test_bad_index_line_is_located(tmp_path: Path, line: str, message: str) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "a.md").write_text("Text.\n", encoding="utf-8")
    good = '{"file": "a.md", "kind": "mixed"}'
    (folder / "index.jsonl").write_text(f"{good}\n\n{line}\n", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        read_pages_set(folder)
    assert info.value.path == str(folder / "index.jsonl")
    assert info.value.line == 3
    assert message in info.value.message
    result = CliRunner().invoke(main, ["eval", str(folder)])
    assert result.exit_code == 2
    assert "index.jsonl:3" in result.stderr
    assert "Traceback" not in result.output


def test_folder_without_index_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Text.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"cliniclint: error: {tmp_path}: no index*.jsonl file: not a pages set\n"
    )


def test_pages_options_are_refused_on_sentence_files(tmp_path: Path) -> None:
    data = tmp_path / "set.jsonl"
    data.write_text('{"text": "Fine."}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(data), "--lang", "en"])
    assert result.exit_code == 2
    assert "--lang and --show apply to a pages set" in result.stderr
    mixed = CliRunner().invoke(main, ["eval", str(tmp_path), str(data)])
    assert mixed.exit_code == 2
    misses = CliRunner().invoke(main, ["eval", str(tmp_path), "--show-misses"])
    assert misses.exit_code == 2
    assert "use --show N" in misses.stderr


# --- the command, end to end, with a tiny pack ------------------------------------

TINY_PACK = """\
pack: tiny
title: Tiny
version: "1"
rules:
  - id: cure-word
    category: disease-claim
    kind: phrase
    phrases: [cures]
    message: cure
    why: test
    advice: remove
    examples: {bad: ["It [[cures]] it."], good: ["It helps."]}
  - id: heal-word
    category: efficacy-claim
    severity: warning
    kind: phrase
    phrases: [heals]
    message: heal
    why: test
    advice: remove
    examples: {bad: ["It [[heals]]."], good: ["It helps."]}
  - id: hype-word
    category: hype-language
    severity: info
    kind: phrase
    phrases: [miracle]
    message: hype
    why: test
    advice: remove
    examples: {bad: ["A [[miracle]]."], good: ["A plan."]}
  - id: no-disclaimer
    category: disclaimer-missing
    severity: warning
    kind: required
    when: '.'
    any_of: ['results vary']
    message: page
    why: test
    advice: add one
    examples: {bad: ["Text."], good: ["Text; results vary."]}
"""

CLI_PAGES = {
    "p1.md": (
        "# Knee care\n"
        "Our serum cures arthritis fast.\n"
        "A miracle for tired joints.\n"
        "It heals nothing by itself.\n"
    ),
    "p2.md": (
        "Nothing cures arthritis yet; results vary.\nExercise heals some strains.\n"
    ),
    "p3.md": "La crema cures arthritis.\n",
}

CLI_INDEX: list[dict[str, Any]] = [
    {
        "file": "p1.md",
        "kind": "clinic_marketing",
        "lang": "en",
        "must_flag": [
            {"quote": "cures arthritis", "categories": ["disease-claim"]},
            {"quote": "A miracle", "categories": ["hype-language"]},
            {"quote": "serum heals", "categories": ["efficacy-claim"]},
        ],
        "should_flag": [{"quote": "miracle for", "categories": ["hype-language"]}],
        "must_not_flag": [{"quote": "heals nothing by itself"}, {"quote": "Knee care"}],
        "page_level": {"disclaimer-missing": True, "fda-status-missing": None},
    },
    {
        "file": "p2.md",
        "kind": "reputable_info",
        "lang": "en",
        "must_not_flag": [{"quote": "Exercise heals some strains"}],
        "page_level": {"disclaimer-missing": False},
    },
    {
        "file": "p3.md",
        "kind": "mixed",
        "lang": "es",
        "must_flag": [{"quote": "cures arthritis", "categories": ["efficacy-claim"]}],
        "page_level": {"disclaimer-missing": False},
    },
    {"file": "p4.md", "kind": "mixed", "lang": "en", "found": False},
]


@pytest.fixture
def pages_set(tmp_path: Path) -> tuple[Path, Path]:
    pack = tmp_path / "tiny.yaml"
    pack.write_text(TINY_PACK, encoding="utf-8")
    return write_set(tmp_path / "pages", CLI_PAGES, CLI_INDEX), pack


def run_eval(folder: Path, pack: Path | None, *args: str) -> Result:
    packs = ["--no-bundled", "--pack", str(pack)] if pack else []
    return CliRunner().invoke(main, ["eval", str(folder), *packs, *args])


def test_cli_figures_by_hand(pages_set: tuple[Path, Path]) -> None:
    folder, pack = pages_set
    result = run_eval(folder, pack)
    assert result.exit_code == 0, result.output
    # must: p1 "cures arthritis" caught with its category, "A miracle" only info,
    # "serum heals" on no line; p3 caught, wrong category. Traps: p1 "heals nothing"
    # and p2 "Exercise heals" flagged, "Knee care" not. Page-level: p1 true and
    # missing (right), p2 false and present (right), p3 false but missing (wrong).
    assert result.stdout.splitlines()[-1] == (
        "must 0.667 cat 0.333 should 1.000 mustnot-fa 0.667 page 0.667 "
        "noise 0.000 (pages 3)"
    )
    assert "pages: 3 (clinic_marketing 1, mixed 1, reputable_info 1)" in result.stdout
    assert "reputable-page findings no quote explains: 1" in result.stdout
    assert "quotes not found on their page: 1" in result.stdout
    doc = json.loads(run_eval(folder, pack, "--format", "json", "--show", "9").stdout)
    assert doc["per_kind"] == {
        "clinic_marketing": {"pages": 1, "median": 2, "max": 2, "total": 2},
        "mixed": {"pages": 1, "median": 1, "max": 1, "total": 1},
        "reputable_info": {"pages": 1, "median": 2, "max": 2, "total": 2},
    }
    assert doc["misses"] == [
        {
            "file": "p1.md",
            "line": 3,
            "quote": "A miracle",
            "categories": ["hype-language"],
        }
    ]
    assert [(a["file"], a["rules"]) for a in doc["false_alarms"]] == [
        ("p1.md", ["heal-word"]),
        ("p2.md", ["heal-word"]),
    ]
    assert doc["unexplained"] == [
        {
            "file": "p2.md",
            "line": 1,
            "rule": "cure-word",
            "context": "Nothing cures arthritis yet; results vary.",
        }
    ]


def test_cli_lang_filter_and_floors(pages_set: tuple[Path, Path]) -> None:
    folder, pack = pages_set
    en = run_eval(folder, pack, "--lang", "en")
    assert en.stdout.splitlines()[-1] == (
        "must 0.500 cat 0.500 should 1.000 mustnot-fa 0.667 page 1.000 "
        "noise 0.000 (pages 2)"
    )
    es = run_eval(folder, pack, "--lang", "es,pt")
    assert es.stdout.splitlines()[-1] == (
        "must 1.000 cat 0.000 should 0.000 mustnot-fa 0.000 page 0.000 "
        "noise 0.000 (pages 1)"
    )
    low = run_eval(folder, pack, "--lang", "en", "--min-recall", "0.6")
    assert low.exit_code == 1
    assert "must-flag recall 0.500 is below the floor 0.600" in low.stderr
    noisy = run_eval(folder, pack, "--max-false-alarms", "0.5")
    assert noisy.exit_code == 1


def test_cli_honours_the_pages_configuration(pages_set: tuple[Path, Path]) -> None:
    """The pages are linted as `lint` would: the configuration found beside them
    applies (here it turns the trap sentences' rule off)."""
    folder, pack = pages_set
    (folder / ".cliniclint.yaml").write_text(
        "rules:\n  heal-word: off\n", encoding="utf-8"
    )
    result = run_eval(folder, pack)
    assert result.exit_code == 0, result.output
    assert "mustnot-fa 0.000" in result.stdout.splitlines()[-1]


# --- the same figures as the pages scorer's definitions ---------------------------

RANK = {"info": 0, "warning": 1, "error": 2}


def reference_line(folder: Path, lint_json: str, langs: set[str] | None) -> str:
    """The pages scorer's definitions applied to `lint --format json` output, written
    out independently of cliniclint.evaluation.pages: its last line."""
    recs: list[dict[str, Any]] = []
    for index in sorted(folder.glob("index*.jsonl")):
        lines = index.read_text(encoding="utf-8").splitlines()
        recs += [json.loads(line) for line in lines if line.strip()]
    recs = [r for r in recs if r.get("found", True)]
    if langs is not None:
        recs = [r for r in recs if r.get("lang", "en") in langs]
    by_file: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for f in json.loads(lint_json)["findings"]:
        span = f["span"] or {}
        f["line"] = span.get("start", {}).get("line")
        f["col"] = span.get("start", {}).get("column")
        f["end_line"] = span.get("end", {}).get("line")
        f["end_col"] = span.get("end", {}).get("column")
        by_file[Path(f["file"]).name].append(f)

    def overlaps(f: dict[str, Any], ln: int, q0: int, q1: int, length: int) -> bool:
        if not f["line"]:
            return False
        sl, el = f["line"], f["end_line"] or f["line"]
        if not sl <= ln <= el:
            return False
        sc = f["col"] if sl == ln else 1
        ec = f["end_col"] if el == ln else length + 2
        return bool(sc < q1 and ec > q0)

    c: collections.Counter[str] = collections.Counter()
    for r in recs:
        text = (folder / r["file"]).read_text(encoding="utf-8").split("\n")
        fs = by_file.get(r["file"], [])
        strong = [f for f in fs if RANK[f["severity"]] >= 1]
        sent = [f for f in strong if f["line"]]
        starts = collections.Counter((f["line"], f["col"]) for f in sent)
        c["stacked"] += sum(n - 1 for n in starts.values() if n > 1)
        c["sentence"] += len(sent)
        for group in ("must_flag", "should_flag", "must_not_flag"):
            for q in r.get(group, []):
                where = [(i, t) for i, t in enumerate(text, 1) if q["quote"] in t]
                if not where:
                    continue
                ln, t = where[0]
                q0 = t.index(q["quote"]) + 1
                q1 = q0 + len(q["quote"])
                pool = fs if group == "should_flag" else strong
                hits = [f for f in pool if overlaps(f, ln, q0, q1, len(t))]
                c[group + "_n"] += 1
                c[group + "_hit"] += bool(hits)
                cats = set(q.get("categories") or [])
                c[group + "_cat"] += bool(hits) and (
                    not cats or any(f["category"] in cats for f in hits)
                )
        for cat, want in (r.get("page_level") or {}).items():
            if want is not None:
                got = any(
                    not f["line"] and f["category"] == cat and RANK[f["severity"]] >= 1
                    for f in fs
                )
                c["page_n"] += 1
                c["page_ok"] += got == want

    def rate(part: str, whole: str) -> str:
        return f"{c[part] / max(c[whole], 1):.3f}"

    return (
        f"must {rate('must_flag_hit', 'must_flag_n')} "
        f"cat {rate('must_flag_cat', 'must_flag_n')} "
        f"should {rate('should_flag_hit', 'should_flag_n')} "
        f"mustnot-fa {rate('must_not_flag_hit', 'must_not_flag_n')} "
        f"page {rate('page_ok', 'page_n')} noise {rate('stacked', 'sentence')} "
        f"(pages {len(recs)})"
    )


@pytest.mark.parametrize(
    ("with_tiny_pack", "langs"),
    [(True, None), (True, {"en"}), (False, None)],
    ids=["tiny", "tiny-en", "bundled"],
)
def test_figures_match_the_scorer_definitions(
    pages_set: tuple[Path, Path], with_tiny_pack: bool, langs: set[str] | None
) -> None:
    folder, pack = pages_set
    used = pack if with_tiny_pack else None
    lang_args = ["--lang", ",".join(sorted(langs))] if langs else []
    ours = run_eval(folder, used, *lang_args)
    assert ours.exit_code == 0, ours.output
    files = [
        str(folder / r["file"])
        for r in CLI_INDEX
        if r.get("found", True) and (langs is None or r["lang"] in langs)
    ]
    packs = ["--no-bundled", "--pack", str(pack)] if used else []
    args = ["lint", "--no-cache", "--format", "json", "--fail-on", "never"]
    lint = CliRunner().invoke(main, [*args, *packs, *files])
    assert lint.exit_code == 0, lint.output
    assert ours.stdout.splitlines()[-1] == reference_line(folder, lint.stdout, langs)
