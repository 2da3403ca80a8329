"""The engine's fast paths find exactly what the plain searches find.

Start strings (a pattern is tried only where one of its start strings occurs) and
lower-cased twins (a pattern run case-sensitively on lower-cased text) are checked
against their definitions, and the whole engine with them against the engine without
them, on the seed pages and the devset sentences.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cliniclint.matching.compiled as compiled_module
import cliniclint.matching.tables as tables_module
from cliniclint.documents import read_document
from cliniclint.engine import CompiledRules, compile_rules, lint_text
from cliniclint.engine.linter import lint_document
from cliniclint.engine.ruleset import load_packs
from cliniclint.matching.speed.literals import start_strings
from cliniclint.matching.speed.lowercase import lowered_source, lowered_text_is_faithful
from cliniclint.matching.textfold import fold
from support import PATTERN_RULE

# Slow: lints generated corpora twice (the fast set is `pytest -m "not slow"`).
pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def pages() -> list[tuple[str, str]]:
    """The seed pages and the devset sentences, as (name, text)."""
    out = [
        (p.name, p.read_text("utf-8"))
        for p in sorted((FIXTURES / "seeds").glob("*.txt"))
    ]
    for name in ("violative.jsonl", "compliant.jsonl"):
        lines = (FIXTURES / "devset" / name).read_text("utf-8").splitlines()
        out.extend(
            (f"{name}:{n + 1}", json.loads(line)["text"])
            for n, line in enumerate(lines)
        )
    # The violative sentences again with other whitespace between words, which a
    # space in a start string stands for.
    lines = (FIXTURES / "devset" / "violative.jsonl").read_text("utf-8").splitlines()
    for n, line in enumerate(lines):
        gap = ("  ", "\t", "\n", " \u00a0")[n % 4]
        # Read as Markdown, where a line break inside a paragraph is a soft wrap.
        text = json.loads(line)["text"].replace(" ", gap)
        out.append((f"spaced-{n + 1}.txt", text))
    return out


@pytest.fixture(scope="module")
def bundled_rules() -> CompiledRules:
    return compile_rules(load_packs([], bundled=True))


@pytest.mark.parametrize(
    ("pattern", "bounded", "anywhere"),
    [
        # A space stands for a run of whitespace.
        (r"\b(?:so|too)\s+safe", {"so safe", "too safe"}, set()),
        # Strings stop at MAX_START_LENGTH characters.
        (r"(?:see\s+)?results?\s+in", set(), {"see resul", "result in", "results i"}),
        (
            r"\b(?:clinically|scientifically)\s+proven",
            {"clinicall", "scientifi"},
            set(),
        ),
        (r"\b\d+\s?%", set("0123456789"), set()),
        (r"\b(?:more|more effective|most)\b", {"more", "most"}, set()),
        (r"(?<=\bour\s)FDA[- ]approved", set(), {"fda appro", "fda-appro"}),
        (r"(?:\bcures?|heals)\b", {"cure"}, {"heals"}),
        (r"\bno\s+pain", {"no pain"}, set()),
        (r"no\s+pain", set(), {"no pain"}),
        (r"(?:a|the)[^\S\n]+cure", set(), {"a cure", "the cure"}),
        (r"the\s\s+cure", set(), {"the cure"}),
        (r"\bthe\s+\w+", {"the "}, set()),
        (r"[A-C]xy\w+", set(), {"axy", "bxy", "cxy"}),
        (r"x?cure", set(), {"cure", "xcure"}),
    ],
)
def test_start_strings(pattern: str, bounded: set[str], anywhere: set[str]) -> None:
    assert start_strings(pattern) == (frozenset(bounded), frozenset(anywhere))


@pytest.mark.parametrize(
    "pattern",
    [r"\w+\s+cures", r"\s+cure", r"[A-C]x\w+", r"\b[a-z]+ed\b", r"no\w*pain"],
)
def test_start_strings_unknown_or_too_short(pattern: str) -> None:
    assert start_strings(pattern) is None


def _begins(lower: str, at: int, start: str) -> bool:
    """Whether a start string occurs at ``at`` (a space: a run of whitespace)."""
    return (
        re.compile(re.escape(start).replace(r"\ ", r"\s+")).match(lower, at) is not None
    )


def _starts_ok(
    text: str, at: int, found: tuple[frozenset[str], frozenset[str]]
) -> bool:
    lower = text.lower()
    bounded, anywhere = found
    if any(_begins(lower, at, s) for s in anywhere):
        return True
    boundary = re.match(r"\b", text[at:]) is not None and (
        at == 0
        or (text[at - 1].isalnum() or text[at - 1] == "_")
        != (text[at].isalnum() or text[at] == "_")
    )
    return boundary and any(_begins(lower, at, s) for s in bounded)


def test_every_bundled_match_begins_with_a_start_string(
    bundled_rules: CompiledRules,
) -> None:
    texts = [fold(text) for _, text in pages()]
    checked = 0
    for index, alt in bundled_rules.units:
        pattern = bundled_rules.rules[index].patterns[alt]
        found = start_strings(pattern.source, pattern.flags)
        if found is None or pattern.anchored:
            continue
        for text in texts:
            for m in pattern.compiled.finditer(text):
                assert _starts_ok(text, m.start(), found), (pattern.source[:60], m)
                checked += 1
    assert checked > 100


Row = tuple[str, str, int | None, int | None, str, tuple[str, ...]]


def _findings(rules: CompiledRules) -> list[Row]:
    out: list[Row] = []
    for name, text in pages():
        fmt = "markdown" if name.endswith(".txt") else "text"
        doc = read_document(name, text, fmt)
        out.extend(
            (name, f.rule_id, f.offset, f.end_offset, f.severity.value, f.suggestions)
            for f in lint_document(doc, rules)
        )
    return out


def test_start_strings_change_no_finding(
    bundled_rules: CompiledRules, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables_module, "start_strings", lambda *a, **k: None)
    plain = compile_rules(load_packs([], bundled=True))
    assert not plain.started_units
    assert bundled_rules.started_units
    fast = _findings(bundled_rules)
    assert len(fast) > 300
    assert fast == _findings(plain)


def test_pages_lower_casing_would_change_are_searched_in_full(
    bundled_rules: CompiledRules, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The engine folds the long s like an s; lower-casing keeps it as it is, so
    # start strings found in the lower-cased text would miss this claim.
    text = "Our \u017ftem cell therapy is \u017fcientifically proven to work."
    found = [(f.rule_id, f.match) for f in lint_text(text, bundled_rules)]
    assert ("evidence-overstatement", "\u017fcientifically proven") in found
    monkeypatch.setattr(tables_module, "start_strings", lambda *a, **k: None)
    plain = compile_rules(load_packs([], bundled=True))
    assert found == [(f.rule_id, f.match) for f in lint_text(text, plain)]


def test_lowered_twins_change_no_finding(
    bundled_rules: CompiledRules, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compiled_module, "lowered_source", lambda source: None)
    plain = compile_rules(load_packs([], bundled=True))
    assert all(p.lower is None for r in plain.rules for p in r.patterns)
    assert _findings(bundled_rules) == _findings(plain)


@pytest.mark.parametrize(
    ("source", "lowered"),
    [
        (r"\bFDA[- ]Approved\b", r"\bfda[- ]approved\b"),
        (r"(?P<Span>Cures?)\s+(?P=Span)", r"(?P<Span>cures?)\s+(?P=Span)"),
        (r"[A-Z][a-z]+\S+\W", r"[a-z][a-z]+\S+\W"),
        (r"(?s:.)*?NCT\s?\d{8}", r"(?s:.)*?nct\s?\d{8}"),
        (r"[^A-Z0-9]", r"[^a-z0-9]"),
        (
            r"(?<Name>A)(?P>Name)(?&Name)(?(Name)B|C)",
            r"(?<Name>a)(?P>Name)(?&Name)(?(Name)b|c)",
        ),
        (r"(?<=X)(?<!Y)Z", r"(?<=x)(?<!y)z"),
    ],
)
def test_lowered_source(source: str, lowered: str) -> None:
    assert lowered_source(source) == lowered


@pytest.mark.parametrize(
    "source",
    [
        r"(?-i:THIS)\s+notice",
        r"\x41BC",
        r"[A-z]",
        r"(?L)abc",
        r"[!-Z]",
        r"\N{LATIN CAPITAL LETTER A}",
        r"\p{Lu}x",
        r"(?P<a>X)\g<a>",
    ],
)
def test_lowered_source_refused(source: str) -> None:
    assert lowered_source(source) is None


def test_faithful_lowered_text() -> None:
    assert lowered_text_is_faithful("Stem CELLS", "stem cells")
    assert not lowered_text_is_faithful("Stem ſells", "stem ſells")  # long s
    assert not lowered_text_is_faithful("İ", "İ".lower())  # lower-casing grows


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(
        [
            r"\bFDA[- ]approved\b",
            r"[A-Z]\w+ cells",
            r"\bcures?\b",
            r"(?<!not )SAFE",
            r"[^a-z ]+",
        ]
    ),
    st.text(alphabet="aAsSfFdDcCuUrReE -ſK\u212aİı1", max_size=40),
)
def test_lowered_twin_matches_alike(source: str, text: str) -> None:
    lowered = lowered_source(source)
    assert lowered is not None
    lower = text.lower()
    if not lowered_text_is_faithful(text, lower):
        return
    expected = [m.span() for m in re.finditer(source, text, re.IGNORECASE)]
    assert [m.span() for m in re.finditer(lowered, lower)] == expected


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(
        [
            r"\b(?:not|never)\s+(?:FDA[- ])?approved\b",
            r"(?<!no )\brisks?\b",
            r"\bno\s+\w+\s+risks?",
        ]
    ),
    st.lists(
        st.sampled_from(["not", "never", "no", "FDA", "approved", "risk", "risks"]),
        max_size=12,
    ),
    st.integers(0, 30),
    st.integers(0, 90),
)
def test_a_search_from_the_start_strings_finds_what_a_search_finds(
    source: str, words: list[str], pos: int, end: int
) -> None:
    # Tried at each start string in turn: the first that fails must not hide a
    # later match, nor a look-behind lose the text before a start string.
    twin = compiled_module.LazyPattern(source, "re", re.IGNORECASE).lower
    assert twin is not None
    assert twin.skip is not None
    text = " ".join(words)
    expected = re.compile(twin.source).search(text, pos, end)
    found = twin.search(text, pos, end)
    assert (found and found.span()) == (expected and expected.span())


def test_groups_keep_the_page_case(bundled_rules: CompiledRules) -> None:
    findings = lint_text("Our FDA-Approved Clinic offers stem cells.", bundled_rules)
    matched = [f.match for f in findings if f.rule_id == "fda-approval-claim"]
    assert matched == ["FDA-Approved Clinic"]


def test_a_literal_inside_a_longer_one_still_anchors_its_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The anchor scan reports the longest literal at a place: "antioxidant formula"
    # must still let the rule that needs only "anti" run.
    pack = tmp_path / "anchors.yaml"
    pack.write_text(
        "pack: anchors\ntitle: Anchors\nversion: '1'\nrules:\n"
        + PATTERN_RULE.format(
            id="anti-word", pattern=r"anti[- ]?(?:oxidant|viral)", bad="x"
        )
        + PATTERN_RULE.format(
            id="formula", pattern=r"antioxidant formula\s+cures", bad="y"
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(tables_module, "start_strings", lambda *a, **k: None)
    rules = compile_rules(load_packs([pack], bundled=False))
    assert "antioxidant formula" in rules.anchor_index
    found = [f.rule_id for f in lint_text("Our antioxidant formula works.", rules)]
    assert found == ["anti-word"]
