"""Where the engine spends its time: each phase of linting a corpus, in one process.

    python benchmarks/phases.py benchmarks/corpus/10MB

The bundled packs are loaded and compiled once (timed apart); then every file is read
and linted phase by phase, as ``engine.linter.lint_document`` does, and the time of
each phase is summed over the corpus. Output formatting and worker processes are left
out: this shows the engine's own costs.

Last it times the floor of this design: the work done in compiled code alone, with no
Python per match or per node (markdown-it's parse of the Markdown pages, folding and
lower-casing, and the combined scans run with ``findall``). Linting cannot be faster
than that floor on one core however little Python runs around it.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from cliniclint.documents import read_document
from cliniclint.documents.markdown import _markdown_parser
from cliniclint.engine.compile import compile_rules
from cliniclint.engine.linter import _span_finding
from cliniclint.engine.ruleset import load_packs
from cliniclint.kinds import KINDS, Matching
from cliniclint.kinds.pattern import start_places
from cliniclint.matching import matchers
from cliniclint.matching.compiled import CompiledRules
from cliniclint.matching.doclang import document_languages
from cliniclint.matching.textfold import fold
from cliniclint.run.pipeline import start_lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a folder of pages")
    args = parser.parse_args()

    started = time.perf_counter()
    packs = load_packs([], bundled=True)
    loaded = time.perf_counter()
    rules = compile_rules(packs)
    compiled = time.perf_counter()
    print(
        f"load packs {loaded - started:.2f} s, compile rules {compiled - loaded:.2f} s"
    )

    files = sorted(p for p in args.corpus.rglob("*") if p.is_file())
    pages = [(str(p), p.read_bytes()) for p in files]
    spent: defaultdict[str, float] = defaultdict(float)
    findings = places = 0

    def lap(phase: str, since: float) -> float:
        now = time.perf_counter()
        spent[phase] += now - since
        return now

    for path, data in pages:
        t = time.perf_counter()
        doc = read_document(path, data, None)
        t = lap("read document (parse, prose map)", t)
        text = matchers.Text.of(fold(doc.prose))
        t = lap("fold and lower-case", t)
        if text.faithful:  # counted untimed: where pattern rules are tried
            places += sum(len(units) for _, units in start_places(rules, text))
        t = time.perf_counter()
        clock = matchers.PatternClock(doc.path, len(text.folded))
        terms = matchers.term_hits(rules, text)
        t = lap("term pass", t)
        by_sentence: dict[tuple[int, int], list[matchers.TermHit]] = {}
        for hit in terms:
            by_sentence.setdefault(doc.sentence_at(hit[0]), []).append(hit)
        doc.sentence_bounds()
        t = lap("sentences (split, terms by sentence)", t)
        languages = document_languages(doc, rules.language_setting)
        t = lap("languages", t)
        genre = matchers.page_genre(rules, text, clock, languages)
        judge = matchers.HitJudge(doc, text, genre, clock, by_sentence, languages)
        t = lap("page genre", t)
        matching = Matching(doc, text, terms, judge, clock)
        for kind in KINDS:
            if kind.missing is not None:
                indices = rules.kind_rules.get(kind.name, [])
                list(kind.missing(rules, indices, matching))
                t = lap(f"{kind.name} rules (page-level)", t)
        hits: list[matchers.Hit] = []
        for kind in KINDS:
            if kind.hits is not None:
                hits += kind.hits(rules, rules.kind_rules.get(kind.name, []), matching)
                t = lap(f"{kind.name} rules (with judging)", t)
        found = [_span_finding(doc, rules.rules[h.rule], h) for h in hits]
        start_lines(doc, found)
        lap("findings (positions, messages)", t)
        findings += len(found)

    total = sum(spent.values())
    mb = sum(len(data) for _, data in pages) / 2**20
    print(
        f"{len(pages)} files, {mb:.1f} MB, {findings} raw findings: "
        f"{total:.2f} s of linting, {mb / total:.2f} MB/s on one core; "
        f"pattern rules tried at {places} places"
    )
    for phase, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {phase:32s} {seconds:6.2f} s  {100 * seconds / total:4.0f}%")
    print_floor(rules, pages, mb)


def print_floor(
    rules: CompiledRules, pages: list[tuple[str, bytes]], mb: float
) -> None:
    """The compiled-code work of linting the pages, with no Python per match."""
    sources = [data.decode() for path, data in pages if path.endswith((".md", ".mdx"))]
    prose = [read_document(path, data, None).prose for path, data in pages]
    scans = [scan.pattern.compiled for scan in rules.start_scans]
    scans += [rules.term_matcher.compiled, rules.anchor_matcher.compiled]
    scans.append(rules.phrase_matcher.compiled)
    parser = _markdown_parser()

    started = time.perf_counter()
    for source in sources:
        parser.tree(source)
    parsed = time.perf_counter()
    lowered = [fold(text).lower() for text in prose]
    folded = time.perf_counter()
    matches = sum(len(scan.findall(text)) for text in lowered for scan in scans)
    scanned = time.perf_counter()

    floor = scanned - started
    print(
        f"floor (compiled code only): {floor:.2f} s on one core, "
        f"{mb / floor:.2f} MB/s; {floor / 2:.2f} s if two cores split it evenly"
    )
    scans_label = f"combined scans ({matches} matches)"
    for label, seconds in (
        ("markdown-it parse", parsed - started),
        ("fold and lower-case", folded - parsed),
        (scans_label, scanned - folded),
    ):
        print(f"  {label:32s} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
