"""Lint one document: run the matchers, map spans back to the file, build findings."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import regex

from cliniclint.documents import Document, read_document
from cliniclint.engine.rewrite import ClaimWords, fill_rewrite, fit_to_sentence
from cliniclint.engine.spans import covers_sentence, is_sentence_rewrite, word_span
from cliniclint.engine.templates import fill, match_case
from cliniclint.findings import Finding, Position, Related, RuleFix, Severity
from cliniclint.kinds import KINDS, Matching
from cliniclint.matching.compiled import CompiledRule, CompiledRules
from cliniclint.matching.doclang import document_languages
from cliniclint.matching.languages import Language, language
from cliniclint.matching.matchers import (
    Hit,
    HitJudge,
    PatternClock,
    TermHit,
    Text,
    asks_statements,
    page_genre,
    term_hits,
)
from cliniclint.matching.textfold import fold
from cliniclint.packs.taxonomy import SPECIFICITY


@lru_cache(maxsize=4096)
def _filled(
    template: str,
    match: str,
    groups: tuple[str | None, ...],
    named: tuple[tuple[str, str | None], ...],
) -> str:
    """``fill`` for a hit's template; pages repeat the same matches, and a repeat
    costs one lookup."""
    return fill(template, match, groups, dict(named))


@lru_cache(maxsize=1024)
def _shared_related(related: tuple[Related, ...]) -> tuple[Related, ...]:
    """The first of equal related-rule lists: a page that makes one claim many times
    keeps one list for all of its findings."""
    return related


def _span_finding(
    doc: Document,
    item: CompiledRule,
    hit: Hit,
    claim: _Claim | None = None,
) -> Finding:
    """The finding of a hit; ``claim`` adds what grouping the page's hits into
    claims found (related rules, the sentence's rewrite)."""
    matched_start, matched_end = doc.raw_span(hit.start, hit.end)
    raw_start, raw_end = word_span(doc.raw, matched_start, matched_end)
    # Shared by the findings of equal text (interned strings are freed with their
    # last holder): a page repeats its claims, and a finding is kept until the run
    # reports it.
    match = sys.intern(doc.raw[raw_start:raw_end])
    groups, named = hit.groups, hit.named
    suggestions = tuple(
        match_case(_filled(s, match, groups, named), match) for s in item.suggestions
    )
    whole = (raw_start, raw_end) == (matched_start, matched_end)
    fix = item.fix if whole and _rewrite_fits(doc, item, hit) else "none"
    if claim is None:
        claim = _Claim()
    elif claim.composed is not None:
        suggestions = (claim.composed[0],)
        fix = claim.composed[1]
    elif not claim.whole_words:
        fix = "none"
    line, col = doc.position(raw_start)
    end_line, end_col = doc.position(raw_end)
    return Finding(
        path=doc.path,
        rule_id=item.id,
        category=item.category,
        severity=hit.severity,
        message=_filled(item.message, match, groups, named),
        pack_id=item.pack_id,
        pack_version=item.pack_version,
        start=Position(line, col),
        end=Position(end_line, end_col),
        offset=raw_start,
        end_offset=raw_end,
        match=match,
        suggestions=suggestions,
        advice=item.advice,
        fix=fix,
        note=hit.note,
        references=item.references,
        jurisdiction=item.jurisdiction,
        related=_shared_related(claim.related),
        rewrite=None if claim.rewrite is None else sys.intern(claim.rewrite),
        rewrite_offset=claim.rewrite_offset,
        rewrite_end_offset=claim.rewrite_end_offset,
    )


@dataclass(frozen=True, slots=True)
class _Claim:
    """What a claim adds to its primary rule's finding."""

    related: tuple[Related, ...] = ()
    rewrite: str | None = None
    rewrite_offset: int | None = None
    rewrite_end_offset: int | None = None
    # False when the claim's span was grown to whole words: the rule's suggestion
    # was written for part of a word and is not applied.
    whole_words: bool = True
    # A claim of several hits: the claim's words with each hit's words replaced by
    # its rule's suggestion, and how safe that is (see _composed).
    composed: tuple[str, RuleFix] | None = None


def _rewrite_fits(doc: Document, item: CompiledRule, hit: Hit) -> bool:
    """Whether the rule's rewrite (written for whole words) can replace the match:
    a rewrite written as a sentence replaces a whole sentence only."""
    if item.suggestions and is_sentence_rewrite(item.suggestions[0]):
        sentence = doc.sentence_at(hit.start)
        return covers_sentence(doc.prose, hit.start, hit.end, sentence)
    return True


def _page_finding(doc: Document, item: CompiledRule, severity: Severity) -> Finding:
    return Finding(
        path=doc.path,
        rule_id=item.id,
        category=item.category,
        severity=severity,
        message=fill(item.message, ""),
        pack_id=item.pack_id,
        pack_version=item.pack_version,
        suggestions=item.suggestions,
        advice=item.advice,
        fix=item.fix,
        references=item.references,
        jurisdiction=item.jurisdiction,
    )


_WORD = regex.compile(r"\w")


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The span grown to whole words: a claim is never half a word.

    Not ``spans.word_span``: this runs on the folded prose, where a dash reads as a
    hyphen, and joining across it would pull the next word into the claim."""
    while start > 0 and _WORD.match(text, start - 1) and _WORD.match(text, start):
        start -= 1
    while end < len(text) and _WORD.match(text, end - 1) and _WORD.match(text, end):
        end += 1
    return start, end


class _Page:
    """One document's sentences and terms, for claim spans and rewrites."""

    def __init__(self, doc: Document, folded: str, terms: list[TermHit]):
        self.doc = doc
        self.folded = folded
        self.terms: dict[tuple[int, int], list[TermHit]] = {}
        for hit in terms:
            self.terms.setdefault(doc.sentence_at(hit[0]), []).append(hit)

    def nearest(
        self, sentence: tuple[int, int], name: str, at: int, lo: int, hi: int
    ) -> TermHit | None:
        """The term of list ``name`` in ``lo:hi`` nearest to offset ``at``."""
        best: TermHit | None = None
        for hit in self.terms.get(sentence, ()):
            inside = name in hit[2] and lo <= hit[0] and hit[1] <= hi
            if inside and (best is None or abs(hit[0] - at) < abs(best[0] - at)):
                best = hit
        return best

    def claim_span(self, hit: Hit) -> tuple[int, int]:
        """A hit's span on whole words (a claim hit already spans its claim)."""
        return _whole_words(self.folded, hit.start, hit.end)

    def words(self, sentence: tuple[int, int], at: int, lang: Language) -> ClaimWords:
        """The treatment the sentence names, nearest the claim, and every condition
        it names: one rewrite answers all the claims of a sentence."""
        treatments = lang.list_name("treatments")
        treatment = self.nearest(sentence, treatments, at, *sentence)
        conditions: list[str] = []
        named = lang.list_name("conditions")
        for hit in self.terms.get(sentence, ()):
            if named in hit[2]:
                words = self._raw(hit)
                if words.lower() not in (c.lower() for c in conditions):
                    conditions.append(words)
        if treatment is not None:
            # "PRP" names the treatment; "PRP injections" is how the page sells it.
            noun = lang.treatment_noun.match(self.folded, treatment[1])
            if noun is not None:
                treatment = (treatment[0], noun.end(), treatment[2])
        return ClaimWords(
            self._raw(treatment) if treatment else None,
            _joined(conditions, lang.and_word) if conditions else None,
            title_case=_title_case(self.folded[sentence[0] : sentence[1]]),
        )

    def _raw(self, hit: TermHit) -> str:
        start, end = self.doc.raw_span(hit[0], hit[1])
        return " ".join(self.doc.raw[start:end].split())


def _title_case(sentence: str) -> bool:
    """A heading written in Title Case: most of its longer words start with a
    capital."""
    words = [w for w in sentence.split() if len(w) > 3 and w[0].isalpha()]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) * 4 >= len(words) * 3


def _joined(items: list[str], and_word: str = "and") -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {and_word} " + items[-1]


_Placed = tuple[tuple[int, int], int, int, Hit]

# Asked whether a directive hides a hit: rule id, category, raw offset, line.
Waives = Callable[[str, str, int, int], bool]


def _placed(doc: Document, page: _Page, hits: list[Hit]) -> list[_Placed]:
    """Each hit with its sentence and claim span, in page order."""
    placed = []
    for hit in hits:
        start, end = page.claim_span(hit)
        placed.append((doc.sentence_at(hit.start), start, end, hit))
    placed.sort(key=lambda p: (p[0], p[1], p[2]))
    return placed


def _claimed(rules: CompiledRules, placed: list[_Placed]) -> frozenset[str]:
    """The categories of the claims at warning or above: every rule that hit a
    sentence whose strongest hit is a warning or worse."""
    strongest: dict[tuple[int, int], Severity] = {}
    for sentence, _start, _end, hit in placed:
        strongest[sentence] = max(strongest.get(sentence, hit.severity), hit.severity)
    return frozenset(
        rules.rules[p[3].rule].category
        for p in placed
        if strongest[p[0]] >= Severity.WARNING
    )


def _unwaived(
    doc: Document, rules: CompiledRules, placed: list[_Placed], waives: Waives
) -> list[_Placed]:
    """The hits no suppression directive hides, each asked at its own words."""
    kept = []
    for p in placed:
        item = rules.rules[p[3].rule]
        offset = word_span(doc.raw, *doc.raw_span(p[1], p[2]))[0]
        if not waives(item.id, item.category, offset, doc.position(offset)[0]):
            kept.append(p)
    return kept


def _claim_findings(
    doc: Document, rules: CompiledRules, page: _Page, placed: list[_Placed]
) -> list[Finding]:
    """One finding per sentence: the hits in a sentence are one claim, reported by its
    most specific rule, with the others listed as related. A sentence's rewrite
    answers all of its claims, so two findings there would offer two rewrites of
    one sentence."""
    findings: list[Finding] = []
    group: list[_Placed] = []
    for item in placed:
        if group and item[0] != group[0][0]:
            findings.append(_one_claim(doc, rules, page, group))
            group = []
        group.append(item)
    if group:
        findings.append(_one_claim(doc, rules, page, group))
    return findings


_RANKS = {category: rank for rank, category in enumerate(SPECIFICITY)}


def _rank(item: CompiledRule) -> int:
    return _RANKS.get(item.category, len(SPECIFICITY))


def _composed(
    doc: Document, rules: CompiledRules, group: list[_Placed], start: int, end: int
) -> tuple[str, RuleFix] | None:
    """The suggestion for a claim of several hits: its words, each hit's words
    replaced by its rule's first suggestion (a hit without one keeps its words).
    None where that cannot be written: a hit on part of a word, a suggestion that
    is a whole sentence, hits that overlap, or markup in the claim's words."""
    raw_start, raw_end = word_span(doc.raw, *doc.raw_span(start, end))
    if doc.raw[raw_start:raw_end].split() != doc.prose[start:end].split():
        return None
    pieces: list[str] = []
    at = raw_start
    fix: RuleFix = "safe"
    for hit in sorted((g[3] for g in group), key=lambda h: (h.start, h.end)):
        item = rules.rules[hit.rule]
        if not item.suggestions or item.fix == "none":
            continue
        matched = doc.raw_span(hit.start, hit.end)
        if word_span(doc.raw, *matched) != matched or matched[0] < at:
            return None
        match = doc.raw[matched[0] : matched[1]]
        suggestion = match_case(
            _filled(item.suggestions[0], match, hit.groups, hit.named), match
        )
        if is_sentence_rewrite(suggestion):
            return None
        pieces += [doc.raw[at : matched[0]], suggestion]
        at = matched[1]
        if item.fix == "suggest":
            fix = "suggest"
    if not pieces:
        return None
    pieces.append(doc.raw[at:raw_end])
    return "".join(pieces), fix


def _one_claim(
    doc: Document, rules: CompiledRules, page: _Page, group: list[_Placed]
) -> Finding:
    sentence = group[0][0]
    start = min(g[1] for g in group)
    end = max(g[2] for g in group)
    ordered = sorted(
        group, key=lambda g: (_rank(rules.rules[g[3].rule]), -g[3].severity)
    )
    primary = ordered[0][3]
    item = rules.rules[primary.rule]
    severity = max(g[3].severity for g in group)
    strongest = max(group, key=lambda g: g[3].severity)[3]
    own = doc.raw_span(primary.start, primary.end)
    related: list[Related] = []
    seen = {item.id}
    for g in ordered[1:]:
        other = rules.rules[g[3].rule]
        if other.id in seen:
            continue
        seen.add(other.id)
        related.append(
            Related(
                other.id,
                other.category,
                g[3].severity,
                _filled(
                    other.message, doc.raw[slice(*doc.raw_span(g[1], g[2]))], (), ()
                ),
            )
        )
    # The rule's own suggestion was written for its words: it replaces them only
    # where the claim is those words and no more.
    alone = (ordered[0][1], ordered[0][2]) == (start, end)
    whole_words = alone and word_span(doc.raw, *own) == own
    composed = None if alone else _composed(doc, rules, group, start, end)
    templates = item.rewrite or next(
        (
            rules.rules[g[3].rule].rewrite
            for g in ordered
            if rules.rules[g[3].rule].rewrite
        ),
        (),
    )
    lang = language(item.language)
    rewrite = (
        fill_rewrite(templates, page.words(sentence, start, lang), lang)
        if templates
        else None
    )
    if rewrite is None:
        claim = _Claim(tuple(related), whole_words=whole_words, composed=composed)
    else:
        raw_start, raw_end = doc.raw_span(*sentence)
        original = doc.raw[raw_start:raw_end]
        # The rewrite replaces the whole sentence only where the sentence holds no
        # markup of its own (a link, emphasis), which a replacement would lose.
        plain = original.split() == doc.prose[sentence[0] : sentence[1]].split()
        claim = _Claim(
            tuple(related),
            fit_to_sentence(rewrite, original),
            raw_start if plain else None,
            raw_end if plain else None,
            whole_words,
            composed,
        )
    return _span_finding(
        doc,
        item,
        Hit(
            primary.rule,
            start,
            end,
            severity,
            primary.groups,
            primary.named,
            strongest.note or primary.note,
        ),
        claim,
    )


# About how many hits are made into claims at a time (a batch ends with a sentence).
CLAIM_BATCH = 256


def _claims_in_batches(
    doc: Document,
    rules: CompiledRules,
    page: _Page,
    hits: list[Hit],
    waives: Waives | None,
) -> tuple[list[Finding], frozenset[str]]:
    """The findings of the hits, and the categories they claim (``_claimed``), made
    a batch of whole sentences at a time (all of it is decided within a sentence),
    each batch's hits freed once its findings are made: a page of many claims never
    holds all of its hits, their placing and their findings at once. The hits are
    emptied."""
    # Last sentence first, so that each batch is cut from the end of the list; the
    # sort is stable, and the hits of one sentence keep their order, which settles
    # ties between rules.
    hits.sort(key=lambda hit: doc.sentence_at(hit.start), reverse=True)
    findings: list[Finding] = []
    claimed: set[str] = set()
    while hits:
        cut = max(0, len(hits) - CLAIM_BATCH)
        while cut > 0 and doc.sentence_at(hits[cut - 1].start) == doc.sentence_at(
            hits[cut].start
        ):
            cut -= 1
        placed = _placed(doc, page, hits[cut:])
        del hits[cut:]
        # The page's claims ask for its statements whether or not a directive
        # hides them.
        claimed.update(_claimed(rules, placed))
        if waives is not None:
            placed = _unwaived(doc, rules, placed, waives)
        findings += _claim_findings(doc, rules, page, placed)
    return findings, frozenset(claimed)


def lint_document(
    doc: Document, rules: CompiledRules, waives: Waives | None = None
) -> list[Finding]:
    """All findings for one document: one per claim, sorted by position. Hits that
    ``waives`` (the page's suppression directives) hides are left out before a
    sentence's hits are joined."""
    folded = fold(doc.prose)
    text = Text.of(folded)
    clock = PatternClock(doc.path, len(folded))
    terms = term_hits(rules, text)
    page = _Page(doc, folded, terms)
    languages = document_languages(doc, rules.language_setting)
    genre = page_genre(rules, text, clock, languages)
    judge = HitJudge(doc, text, genre, clock, page.terms, languages)
    matching = Matching(doc, text, terms, judge, clock)
    hits: list[Hit] = []
    for kind in KINDS:
        if kind.hits is not None:
            hits += kind.hits(rules, rules.kind_rules.get(kind.name, []), matching)
    findings, claimed = _claims_in_batches(doc, rules, page, hits, waives)
    # An informing page is not asked for a seller's statements.
    if asks_statements(genre):
        for kind in KINDS:
            if kind.missing is None:
                continue
            indices = rules.kind_rules.get(kind.name, [])
            for index in kind.missing(rules, indices, matching, claimed):
                item = rules.rules[index]
                severity = item.severity
                if genre == "selling" and item.commercial_severity is not None:
                    severity = max(severity, item.commercial_severity)
                findings.append(_page_finding(doc, item, severity))
    # The page's terms and the judge's memory go before the findings are sorted.
    del terms, page, judge, matching
    findings.sort(key=Finding.sort_key)
    return findings


def lint_text(
    text: str, rules: CompiledRules, path: str = "<text>", fmt: str | None = "text"
) -> list[Finding]:
    """Lint a string as a document of the given format."""
    return lint_document(read_document(path, text, fmt), rules)
