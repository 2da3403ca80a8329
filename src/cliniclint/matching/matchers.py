"""What the rule kinds' matchers share: the folded text and its lower-case twin, the
term pass, the patterns' time limits, the judge of raw hits, and the page's genre."""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from time import perf_counter
from typing import Any, Literal, Protocol, TypeVar

from cliniclint.documents.document import Block
from cliniclint.errors import PatternTimeout
from cliniclint.findings import Severity
from cliniclint.matching.compiled import CompiledRule, CompiledRules, LazyPattern
from cliniclint.matching.doclang import DocLanguages
from cliniclint.matching.facts import (
    FACTS,
    NEEDS,
    Site,
    Terms,
    clause_fact,
    sentence_answers,
    site_answer,
    words_site,
)
from cliniclint.matching.languages import DEFAULT, lower_case_tables
from cliniclint.matching.speed.lowercase import lowered_text_is_faithful
from cliniclint.matching.textfold import phrase_key

# Time limits for the packs' regular expressions on one document: a rule may spend
# BASE_SECONDS plus SECONDS_PER_CHAR for each character of the document's prose in
# its patterns; the commercial-context patterns share one such budget. Limits apply
# to the `regex` engine, which user packs run on; the bundled packs' patterns are
# reviewed and run on the standard engine. Only a pattern that backtracks
# catastrophically reaches the limit, and the run stops with an error naming it
# instead of hanging.
BASE_SECONDS = 1.0
SECONDS_PER_CHAR = 20e-6

T = TypeVar("T")

# What a page is for: it sells the treatment, it informs and sells nothing, it
# leans to informing (a sign of it, none of selling), or neither is clear.
Genre = Literal["selling", "information", "leaning-information", "neutral"]

# Where one clause ends and the next begins: a pivot like ", but" after a true statement
# ("There is no cure for X, but our cells ...") must not let the first clause's negation
# clear the claim in the second. "yet" and "so" start a clause only after a comma, so
# that "has not yet been approved" stays one clause.
# Written as the character a break starts with, then the rest of the break for that
# character (a look-behind names it): a search skips to those characters instead of
# trying every alternative at every character. It finds what
# ";|:\s|\s-{1,2}\s|,?\s+(?=(?:PIVOTS)\b)|,\s+(?=(?:so|yet)\b)" finds.
_PIVOTS = "but|however|although|though|whereas"
CLAUSE_BREAK = re.compile(
    rf"[;:,\s](?:(?<=;)|(?<=:)\s|(?<=\s)(?:-{{1,2}}\s|\s*(?=(?:{_PIVOTS})\b))"
    rf"|(?<=,)\s+(?=(?:{_PIVOTS}|so|yet)\b))",
    flags=re.IGNORECASE,
)


class ProseDocument(Protocol):
    """What the matchers need from a document."""

    @property
    def prose(self) -> str: ...

    def sentence_at(self, prose_offset: int) -> tuple[int, int]: ...

    def sentences(self) -> Iterator[tuple[int, int]]: ...

    def sentence_bounds(self) -> tuple[list[int], list[int]]: ...

    def block_at(self, prose_offset: int) -> Block | None: ...


@dataclass(frozen=True, slots=True)
class Hit:
    rule: int
    start: int
    end: int
    severity: Severity
    groups: tuple[str | None, ...] = ()
    named: tuple[tuple[str, str | None], ...] = ()
    note: str = ""


@dataclass(slots=True)
class Text:
    """The prose as the matchers see it: folded, and its lower-case twin.

    The prefix-tree matchers run on the lower-case text without a case flag, which
    lets the standard engine skip ahead fast; when the lower-case text is not
    faithful (lower-casing changes its length, or it holds a character the engine
    folds beyond ``str.lower``, such as a long s) they fall back to their
    ignore-case twins.
    """

    folded: str
    lower: str
    # Whether the packs' lower-cased patterns may run on ``lower``
    # (matching.speed.lowercase).
    faithful: bool

    @classmethod
    def of(cls, folded: str) -> Text:
        lower = folded.lower()
        same = len(lower) == len(folded)
        faithful = lowered_text_is_faithful(folded, lower)
        return cls(folded, lower if same else folded, faithful)

    def view(self, pattern: LazyPattern) -> tuple[LazyPattern, str]:
        """The pattern to run and the text to run it on: the lower-cased twins when
        they find the same matches."""
        if self.faithful and pattern.lower is not None:
            return pattern.lower, self.lower
        return pattern, self.folded

    def scan(
        self, exact: LazyPattern, any_case: LazyPattern
    ) -> Iterator[re.Match[str]]:
        pattern = exact if self.faithful else any_case
        return pattern.compiled.finditer(self.lower)  # type: ignore[no-any-return]


def clause_span(text: str, start: int, end: int, at: int) -> tuple[int, int]:
    """The clause of ``text[start:end]`` that holds offset ``at``."""
    return _clause_of(clause_breaks(text, start, end), start, end, at)


# A sentence that opens with a concession ("Although it cannot cure the disease, it
# eases the tremors"): the concession ends at its comma, and what it denies does not
# reach the main clause.
CONCESSION = re.compile(
    r"\W{0,3}(?:although|though|even though|even if|whereas)\b[^,;:.!?]{1,150}?(,\s)",
    flags=re.IGNORECASE,
)


def clause_breaks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the clause breaks in ``text[start:end]``."""
    breaks = [m.span() for m in CLAUSE_BREAK.finditer(text, start, end)]
    opening = CONCESSION.match(text, start, end)
    if opening is not None:
        breaks = sorted({*breaks, opening.span(1)})
    return breaks


def _clause_of(
    breaks: list[tuple[int, int]], start: int, end: int, at: int
) -> tuple[int, int]:
    cs, ce = start, end
    for b_start, b_end in breaks:
        if b_end <= at:
            cs = b_end
        elif b_start >= at:
            ce = b_start
            break
    return cs, ce


class PatternClock:
    """The time limits of the packs' patterns on one document (see BASE_SECONDS).

    Every search of a pack pattern goes through it; a search that runs out of time
    raises PatternTimeout naming the rule, the pack file and the document.
    """

    __slots__ = ("_spent", "document", "limit")

    def __init__(self, document: str, length: int):
        self.document = document
        self.limit = BASE_SECONDS + SECONDS_PER_CHAR * length
        self._spent: dict[int, float] = {}  # by rule index; -1: commercial context

    def finditer(
        self,
        index: int,
        item: CompiledRule | None,
        key: str,
        pattern: LazyPattern,
        text: str,
        pos: int = 0,
        endpos: int | None = None,
    ) -> list[Any]:
        """Every match in ``text[pos:endpos]``, charged to the rule's budget."""
        return self._charged(
            index,
            item,
            key,
            pattern,
            lambda left: list(pattern.finditer(text, pos, endpos, left)),
        )

    def spans(
        self,
        index: int,
        item: CompiledRule,
        key: str,
        pattern: LazyPattern,
        text: str,
    ) -> array[int]:
        """The start and end of every match in ``text``, one after another in one
        array (a page may hold a match a sentence), charged likewise."""

        def run(left: float | None) -> array[int]:
            found = array("q")
            for m in pattern.finditer(text, 0, None, left):
                found.extend(m.span())
            return found

        return self._charged(index, item, key, pattern, run)

    def search(
        self,
        index: int,
        item: CompiledRule | None,
        key: str,
        pattern: LazyPattern,
        text: str,
        pos: int = 0,
        endpos: int | None = None,
    ) -> bool:
        """Whether ``pattern`` occurs in ``text[pos:endpos]``, charged likewise."""
        found = self._charged(
            index,
            item,
            key,
            pattern,
            lambda left: pattern.search(text, pos, endpos, left),
        )
        return found is not None

    def match(
        self,
        index: int,
        item: CompiledRule,
        pattern: LazyPattern,
        text: str,
        pos: int,
        endpos: int,
    ) -> Any:
        """The pattern's match starting at ``pos``, charged likewise."""
        return self._charged(
            index,
            item,
            "pattern",
            pattern,
            lambda left: pattern.match(text, pos, endpos, left),
        )

    def _charged(
        self,
        index: int,
        item: CompiledRule | None,
        key: str,
        pattern: LazyPattern,
        run: Callable[[float | None], T],
    ) -> T:
        """``run(seconds left)`` charged to the rule's budget; patterns without a
        time limit (the standard engine's) run with None."""
        if not pattern.limited:
            return run(None)
        spent, started = self._start(index, item, key, pattern)
        try:
            return run(self.limit - spent)
        except TimeoutError:
            raise self._timeout(item, key, pattern) from None
        finally:
            self._spent[index] = spent + perf_counter() - started

    def _start(
        self, index: int, item: CompiledRule | None, key: str, pattern: LazyPattern
    ) -> tuple[float, float]:
        spent = self._spent.get(index, 0.0)
        if spent >= self.limit:
            raise self._timeout(item, key, pattern)
        return spent, perf_counter()

    def _timeout(
        self, item: CompiledRule | None, key: str, pattern: LazyPattern
    ) -> PatternTimeout:
        if item is None:
            return PatternTimeout(
                self.document, None, key, "this file", self.limit, pattern.source
            )
        return PatternTimeout(
            item.pack_path, item.id, key, self.document, self.limit, pattern.source
        )


class HitJudge:
    """Applies a sentence rule's exceptions, ``unless`` and ``hedges`` to a raw hit."""

    def __init__(
        self,
        doc: ProseDocument,
        text: Text,
        genre: Genre,
        clock: PatternClock | None = None,
        sentence_terms: dict[tuple[int, int], list[TermHit]] | None = None,
        languages: DocLanguages | None = None,
    ):
        self.doc = doc
        self.text = text
        self.folded = text.folded
        # A rule runs only on text in its pack's language.
        self.languages = languages or DocLanguages(DEFAULT)
        # The text the sentence facts read: lower-cased where that is faithful, for
        # the language tables made for it (once a process judges enough text; each
        # language of the page is counted, hence the list).
        self.lowered = text.faithful and all(
            [
                lower_case_tables(code, len(text.folded))
                for code in self.languages.spoken
            ]
        )
        self.fact_text = text.lower if self.lowered else text.folded
        self.genre = genre
        self.clock = clock or PatternClock("<text>", len(text.folded))
        # The terms of each sentence (with their lists), for the sentence facts.
        self.sentence_terms = sentence_terms or {}
        self._plans: dict[int, _JudgePlan] = {}
        self._shared: dict[tuple[str, int, bool, bool], Callable[..., Any]] = {}
        # What the judge remembers (fact answers, clause breaks, the sentence's
        # terms, the searches' answers) is about the sentence it judges now, and is
        # dropped when it moves to another: hits come mostly sentence by sentence,
        # and a page of many claims would otherwise keep all of it until its end.
        self._sentence = (-1, -1)
        # Bumped at each new sentence; a search's memo older than it is stale.
        self._epoch = [0]
        self._breaks: list[tuple[int, int]] | None = None
        self._facts: dict[str, dict[tuple[int, int], bool]] = {}
        # The answers kept for the words of the sentence (facts.sentence_answers).
        self._answers: dict[str, bool] | None = None
        self._hit_span = (-1, -1)
        self._terms: tuple[TermHit, ...] | None = None
        self._last_site: Site | None = None
        self._relative: Terms | None = None
        # The sentence's words as the words facts read them (facts.words_site).
        self._words: Site | None = None

    def _enter(self, sentence: tuple[int, int]) -> None:
        """Start judging in ``sentence``, forgetting what was remembered about the
        last one."""
        self._sentence = sentence
        self._epoch[0] += 1
        self._breaks = None
        self._facts = {}
        self._answers = None
        self._terms = None
        self._last_site = None
        self._relative = None
        self._words = None

    def fact(
        self,
        name: str,
        sentence: tuple[int, int],
        clause: tuple[int, int],
        start: int,
        end: int,
    ) -> bool:
        """Whether a sentence fact holds for the hit, computed once per span it
        depends on."""
        if sentence != self._sentence:
            self._enter(sentence)
        fact = FACTS[name]
        scope = fact.scope
        if scope == "words":
            return self._words_answer(name, sentence, start)
        if fact.sentence_needs is not None and not self._words_answer(
            name + NEEDS, sentence, start
        ):
            return False
        # Kept per fact and keyed by a span tuple the judge already holds (the facts
        # of one hit share one): a page of many claims keeps no key of its own per
        # entry.
        if scope == "hit":
            key = self._hit_span
            if key[0] != start or key[1] != end:
                key = self._hit_span = (start, end)
        elif scope == "clause":
            key = clause
        else:
            key = sentence
        memo = self._facts.get(name)
        if memo is None:
            memo = self._facts[name] = {}
        found = memo.get(key)
        if found is None:
            if scope == "clause":
                found = clause_fact(
                    name,
                    self.languages.at(start),
                    self.fact_text[clause[0] : clause[1]],
                    self.lowered,
                )
            else:
                found = fact.test(self._site(sentence, clause, start, end))
            memo[key] = found
        return found

    def _words_answer(self, name: str, sentence: tuple[int, int], at: int) -> bool:
        """A fact of the words of ``fact``'s sentence, from the answers kept for
        those words."""
        answers = self._answers
        if answers is not None:
            found = answers.get(name)
            if found is not None:
                return found
        code = self.languages.at(at)
        site = self._words
        if site is None or site.language != code:
            site = self._words = words_site(
                code,
                self.fact_text[sentence[0] : sentence[1]],
                self._relative_terms(sentence),
                self.lowered,
            )
        if answers is None:
            answers = self._answers = sentence_answers(code, site.text, site.terms)
        return site_answer(answers, name, site)

    def _relative_terms(self, sentence: tuple[int, int]) -> Terms:
        """The sentence's terms, with offsets from its start."""
        found = self._relative
        if found is None:
            ss = sentence[0]
            found = self._relative = tuple(
                (s - ss, e - ss, lists)
                for s, e, lists in self.sentence_terms.get(sentence, ())
            )
        return found

    def _site(
        self, sentence: tuple[int, int], clause: tuple[int, int], start: int, end: int
    ) -> Site:
        """The hit as the facts read it; a hit's facts are asked one after another,
        so the last site built is kept for the next."""
        site = self._last_site
        if (
            site is not None
            and site.start == start
            and site.end == end
            and site.sentence == sentence
            and site.clause == clause
        ):
            return site
        terms = self._terms
        if terms is None:
            terms = self._terms = tuple(self.sentence_terms.get(sentence, ()))
        block = self.doc.block_at(start)
        site = self._last_site = Site(
            self.fact_text,
            sentence,
            clause,
            start,
            end,
            terms,
            block.kind if block is not None else None,
            self.languages.at(start),
            self.lowered,
        )
        return site

    def _plan(self, item: CompiledRule, index: int) -> _JudgePlan:
        """The rule's searches, each bound to its pattern and the text it runs on."""
        clock = self.clock

        def bind(key: str, lazy: LazyPattern, every: bool) -> Callable[..., Any]:
            pattern, within = self.text.view(lazy)
            shared = (pattern.source, pattern.flags, within is self.folded, every)
            found = self._shared.get(shared)
            if found is None:
                run: Callable[[int, int], Any]
                if pattern.limited:
                    method = clock.finditer if every else clock.search
                    run = partial(method, index, item, key, pattern, within)
                else:
                    run = pattern.finder(within) if every else pattern.searcher(within)
                found = self._shared[shared] = _remembered(run, every, self._epoch)
            return found

        plan = self._plans[index] = _JudgePlan(
            [bind("exceptions", p, True) for p in item.exceptions],
            [bind("unless", p, False) for p in item.unless],
            [bind("unless_before", p, False) for p in item.unless_before],
            [bind("hedges", p, False) for p in item.hedges],
        )
        return plan

    def clause_at(self, sentence: tuple[int, int], at: int) -> tuple[int, int]:
        """The clause of ``sentence`` that holds offset ``at``."""
        return self._clause(sentence[0], sentence[1], at)

    def _clause(self, ss: int, se: int, at: int) -> tuple[int, int]:
        """``clause_span`` of the sentence ``ss:se``, whose breaks are found once:
        several rules' hits are often judged in one sentence."""
        if ss != self._sentence[0] or se != self._sentence[1]:
            self._enter((ss, se))
        breaks = self._breaks
        if breaks is None:
            breaks = self._breaks = clause_breaks(self.folded, ss, se)
        return _clause_of(breaks, ss, se, at)

    def stands(self, item: CompiledRule, start: int, end: int) -> bool:
        """Whether none of the rule's ``unless`` facts clears the span."""
        if item.language != self.languages.at(start):
            return False
        sentence = self.doc.sentence_at(start)
        clause = self._clause(sentence[0], sentence[1], start)
        return not any(
            self.fact(name, sentence, clause, start, end) for name in item.unless_facts
        )

    def judge(
        self, item: CompiledRule, start: int, end: int, index: int
    ) -> Verdict | None:
        """The hit's severity and why it moved, or None when an exception, an
        ``unless`` pattern or fact clears it. ``index`` is the rule's index, whose
        time budget its patterns use."""
        if item.language != self.languages.at(start):
            return None
        if item.skip_informing and not asks_statements(self.genre):
            return None
        lowered_by = ""
        if (
            item.exceptions
            or item.unless
            or item.unless_before
            or item.hedges
            or item.unless_facts
            or item.lower_facts
        ):
            plan = self._plans.get(index) or self._plan(item, index)
            sentence = ss, se = self.doc.sentence_at(start)
            # ``unless`` first: it clears more hits than the exceptions do, and an
            # exception scans the whole sentence.
            clause = cs, ce = self._clause(ss, se, start)
            for search in plan.unless:
                if search(cs, ce):
                    return None
            before = min(max(end, cs), ce)
            for search in plan.unless_before:
                if search(cs, before):
                    return None
            # The clause above entered the sentence: its word facts come straight
            # from the answers kept for it.
            of_words, others = _by_cost(item.unless_facts)
            for name in of_words:
                if self._words_answer(name, sentence, start):
                    return None
            for name in others:
                if self.fact(name, sentence, clause, start, end):
                    return None
            for spans in plan.exceptions:
                for s, e in spans(ss, se):
                    if s < end and e > start:
                        return None
            for search in plan.hedges:
                if search(cs, ce):
                    lowered_by = "hedged"
                    break
            if not lowered_by:
                for name in item.lower_facts:
                    if self.fact(name, sentence, clause, start, end):
                        lowered_by = name
                        break
        severity = item.severity
        note = ""
        if lowered_by:
            severity = severity.lowered()
            note = f"lowered: the sentence is {FACT_WORDS.get(lowered_by, lowered_by)}"
        if self.genre == "selling" and item.commercial_severity is not None:
            if item.commercial_severity > severity:
                severity = item.commercial_severity
                note = "raised: the page sells the treatment"
        elif self.genre == "information" and severity > Severity.INFO:
            severity = Severity.INFO
            note = "lowered: the page informs and sells nothing"
        return Verdict(severity, note)


# How soon a fact's answer is known: one kept for the sentence's words first, one
# that needs its own search of the hit last.
_SCOPE_COST = {"words": 0, "sentence": 1, "clause": 2, "hit": 3}


@cache
def _by_cost(names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A rule's ``unless`` facts in the order they are cheapest to ask (any one of
    them clears the hit, so the order changes no verdict): those of the sentence's
    words, then the others."""
    ordered = sorted(names, key=lambda name: _SCOPE_COST[FACTS[name].scope])
    of_words = tuple(name for name in ordered if FACTS[name].scope == "words")
    return of_words, tuple(ordered[len(of_words) :])


# How a finding's note names the fact that lowered it.
FACT_WORDS = {
    "hedged": "hedged",
    "research": "about research under way",
    "hypothetical": "hypothetical",
    "heading": "a heading",
}


@dataclass(frozen=True, slots=True)
class Verdict:
    """A hit's severity, and why it differs from the rule's own (empty if not)."""

    severity: Severity
    note: str = ""


def _remembered(
    run: Callable[..., Any], every: bool, epoch: list[int]
) -> Callable[[int, int], Any]:
    """``run`` over a span, remembered by span: rules share patterns (negations,
    hedges, sentence-wide exceptions) and are judged in the same clauses. For
    ``every``, the spans of the matches; else whether there is one. The memo is
    forgotten when ``epoch[0]`` moves on (the judge's next sentence)."""
    memo: dict[tuple[int, int], Any] = {}
    seen = epoch[0]
    if every:

        def spans(pos: int, end: int) -> tuple[tuple[int, int], ...]:
            nonlocal seen
            if seen != epoch[0]:
                memo.clear()
                seen = epoch[0]
            found = memo.get((pos, end))
            if found is None:
                found = memo[pos, end] = tuple(m.span() for m in run(pos, end))
            return found

        return spans

    def occurs(pos: int, end: int) -> bool:
        nonlocal seen
        if seen != epoch[0]:
            memo.clear()
            seen = epoch[0]
        found = memo.get((pos, end))
        if found is None:
            found = memo[pos, end] = bool(run(pos, end))
        return found

    return occurs


@dataclass(slots=True)
class _JudgePlan:
    """A rule's exception, ``unless`` and hedge searches over one page."""

    exceptions: list[Callable[..., Any]]
    unless: list[Callable[..., Any]]
    unless_before: list[Callable[..., Any]]
    hedges: list[Callable[..., Any]]


TermHit = tuple[int, int, frozenset[str]]


def term_hits(rules: CompiledRules, text: Text) -> list[TermHit]:
    """Every term of the lists that claim rules and pattern prefilters use."""
    if not rules.term_index:
        return []
    out: list[TermHit] = []
    for m in text.scan(rules.term_matcher, rules.term_matcher_any_case):
        lists = rules.term_index.get(phrase_key(m.group()))
        if lists:
            out.append((m.start(), m.end(), lists))
    return out


# Distinct information signals that mark a page that sells nothing as informing.
INFORMATION_SIGNALS = 2


def page_genre(
    rules: CompiledRules, text: Text, clock: PatternClock, languages: DocLanguages
) -> Genre:
    """Whether the page sells the treatment, informs, or neither is clear: a page
    informs when it shows at least INFORMATION_SIGNALS distinct information signals
    and more of them than signs of selling (news quotes prices, health systems list
    phone numbers); with fewer, and no sign of selling, it leans to informing. Signal
    words count only on a page with text in their language."""
    spoken = languages.spoken
    informing = _distinct(
        _spoken(rules.information, rules.information_languages, spoken),
        "context.information",
        text,
        clock,
    )
    # The selling signals decide only whether there are any and, on a page that
    # shows enough information signals, whether there are as many: they are counted
    # up to that, which spares most pages some of the scans.
    enough = informing if informing >= INFORMATION_SIGNALS else 1
    selling = _distinct(
        _spoken(rules.commercial, rules.commercial_languages, spoken),
        "context.commercial",
        text,
        clock,
        enough,
    )
    if informing >= INFORMATION_SIGNALS and informing > selling:
        return "information"
    if selling:
        return "selling"
    return "leaning-information" if informing else "neutral"


def asks_statements(genre: Genre) -> bool:
    """Whether a page of this genre is asked for a seller's statements (an FDA-status
    notice, a disclaimer, risks): one sign of informing and none of selling is
    evidence enough that the page sells nothing, though not enough to lower its
    claims."""
    return genre in ("selling", "neutral")


def _spoken(
    patterns: list[LazyPattern], codes: list[str], spoken: frozenset[str]
) -> list[LazyPattern]:
    """The patterns whose words are in a language of the page ("": any)."""
    return [
        p for p, code in zip(patterns, codes, strict=True) if not code or code in spoken
    ]


def _distinct(
    patterns: list[LazyPattern],
    key: str,
    text: Text,
    clock: PatternClock,
    enough: int | None = None,
) -> int:
    """How many distinct strings the patterns match on the page, counted up to
    ``enough`` (None: all)."""
    seen: set[str] = set()
    for pattern, within in map(text.view, patterns):
        if pattern.limited:
            found: Iterable[Any] = clock.finditer(-1, None, key, pattern, within)
        else:
            found = pattern.finditer(within)  # no time limit: read as it goes
        for m in found:
            seen.add(m.group().lower())
            if enough is not None and len(seen) >= enough:
                return len(seen)
    return len(seen)
