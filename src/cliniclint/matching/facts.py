"""Sentence facts: what a sentence does besides naming a treatment and a disease.

A rule names the facts that clear it (``unless: [negated, question]``) or lower it
(``lower_if: [hedged]``); the engine computes each fact once per sentence or clause
where a rule needs it. Each fact is a small function over a :class:`Site` (the hit,
its clause and sentence). The words they look for come from the tables of the
sentence's language (matching.languages); the logic is shared by every language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from re import Pattern
from typing import Literal

from cliniclint.matching.languages import Language, WordSearch, language, tables

# What a fact's answer depends on, which decides how long it may be reused: the
# hit; the words of its clause; the words and terms of its sentence; or the
# sentence where it stands on the page (its block). Answers that depend on words
# alone are remembered across pages, which repeat sentences (a footer, a call to
# action).
Scope = Literal["hit", "clause", "words", "sentence"]

HEADING_BLOCKS = frozenset({"heading", "title"})

# The words a look-back pattern reads before a match ("we promise", "who have not")
# fit in this many characters; searching further back only costs time.
LOOKBACK = 60

# Sentences and clauses whose facts are remembered across pages: a large site's
# distinct sentences, at a few hundred bytes each.
REMEMBERED = 32768


# A sentence's terms: (start, end, the lists each belongs to).
Terms = tuple[tuple[int, int, frozenset[str]], ...]


@dataclass(slots=True)
class Site:
    """A hit in its sentence: offsets into the folded prose ``text``. Not frozen,
    as setting the fields of a frozen one costs a call each; nothing changes one."""

    text: str
    sentence: tuple[int, int]
    clause: tuple[int, int]
    start: int
    end: int
    # The terms of the sentence: (start, end, the lists each belongs to).
    terms: Terms
    block: str | None = None
    # The language of the text around the hit (matching.languages.KNOWN).
    language: str = "en"
    # Whether ``text`` is the lower-cased prose (faithfully: see
    # matching.speed.lowercase), which the language's lower-case tables search.
    lowered: bool = False

    # Read by most facts: worked out once, when the site is made.
    tables: Language = field(init=False, repr=False, compare=False)
    # The term lists with a term in the sentence (``lists``), when first asked.
    _lists: frozenset[str] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self.tables = tables(self.language, self.lowered)

    @property
    def lists(self) -> frozenset[str]:
        """The term lists with a term in the sentence."""
        found = self._lists
        if found is None:
            found = self._lists = frozenset().union(*(t[2] for t in self.terms))
        return found

    def has(self, role: str) -> bool:
        """Whether the sentence names a term of the list in this role (ROLES)."""
        return self.tables.list_name(role) in self.lists

    def named_before(self, name: str, offset: int) -> bool:
        """Whether a term of list ``name`` starts before ``offset``."""
        return any(name in t[2] and t[0] < offset for t in self.terms)

    @property
    def sentence_text(self) -> str:
        return self.text[self.sentence[0] : self.sentence[1]]

    @property
    def clause_text(self) -> str:
        return self.text[self.clause[0] : self.clause[1]]


def _found_unless_preceded(
    pattern: WordSearch, preceded: WordSearch, text: str
) -> bool:
    """Whether ``pattern`` matches ``text`` somewhere that the words just before do
    not discount (``preceded`` is anchored at their end: "who have not", "we
    promise", "lowers the risk of")."""
    return any(
        not preceded.search(text[max(0, m.start() - LOOKBACK) : m.start()])
        for m in pattern.finditer(text)
    )


def negated(site: Site) -> bool:
    """A denial governs the claim: before it in its clause ("there is no cure for",
    "has not been shown to"), or after it ("... has not been proven")."""
    cs, ce = site.clause
    # Up to the claim's end: the claim's own words may hold the denial ("has not
    # been shown to").
    words = site.text[cs : max(ce, site.end)]
    return _negated(site.tables, words, site.end - cs, ce - cs)


@lru_cache(maxsize=REMEMBERED)
def _negated(words_of: Language, words: str, end: int, clause_end: int) -> bool:
    """``negated`` for a claim ending at ``end`` of a clause's ``words``: the same
    clause recurs across pages, and its answer is remembered."""
    if _found_unless_preceded(words_of.negation, words_of.relative_before, words[:end]):
        return True
    return words_of.denial_after.search(words, end, clause_end) is not None


def question(site: Site) -> bool:
    """The sentence asks ("Can stem cells treat arthritis?"); "Did you know ...?"
    does not."""
    sentence = site.sentence_text
    return bool(
        site.tables.question_end.search(sentence)
    ) and not site.tables.did_you_know.search(sentence)


def hypothetical(site: Site) -> bool:
    """The clause speaks of a possible future ("may one day", "researchers hope")."""
    return site.tables.hypothetical.search(site.clause_text) is not None


def _quoted(site: Site) -> bool:
    """Whether the hit sits between quotation marks of its sentence."""
    ss = site.sentence[0]
    before = site.text[ss : site.start]
    return before.count('"') % 2 == 1 and '"' in site.text[site.end : site.sentence[1]]


def attributed(site: Site) -> bool:
    """The sentence reports someone else's claim ("the company claimed that ...",
    "according to ...", "some clinics promise ..."), or the claim's words stand in
    quotation marks."""
    return _quoted(site) or _reports_another(site.tables, site.sentence_text)


@lru_cache(maxsize=REMEMBERED)
def _reports_another(words_of: Language, sentence: str) -> bool:
    """The sentence-wide half of ``attributed``: the fact itself depends on the
    hit (quotation marks), so the engine asks it once per hit, and this part is
    remembered per sentence."""
    return _found_unless_preceded(words_of.attributed, words_of.own_voice, sentence)


def regulatory(site: Site) -> bool:
    """Statute or regulator language ("intended to treat ... requires approval",
    "the complaint alleges", "warning letter")."""
    return site.tables.regulatory.search(site.sentence_text) is not None


def definition(site: Site) -> bool:
    """A generic explainer ("X is a procedure used to treat ...") with no first or
    second person and no offer."""
    sentence = site.sentence_text
    return bool(
        site.tables.definition.search(sentence)
    ) and not site.tables.first_or_second_person.search(sentence)


def research(site: Site) -> bool:
    """The sentence is about research under way ("is being studied", a trial)."""
    return site.tables.research.search(site.sentence_text) is not None


def evidence_limited(site: Site) -> bool:
    """The sentence states the limits of the evidence ("more research is needed",
    "the evidence is limited", "trials found no difference") in the claim's clause or
    after it; a limit stated in an earlier clause does not reach past the pivot ("the
    evidence for X is mixed, but for Y stem cells work")."""
    clause_start = site.clause[0] - site.sentence[0]
    return any(
        end > clause_start for end in _limit_ends(site.tables, site.sentence_text)
    )


@lru_cache(maxsize=REMEMBERED)
def _limit_ends(words_of: Language, sentence: str) -> tuple[int, ...]:
    """Where each statement of the evidence's limits ends in ``sentence``: the
    sentence-wide half of ``evidence_limited``, remembered per sentence as the fact
    itself depends on the hit's clause."""
    return tuple(m.end() for m in words_of.evidence_limits.finditer(sentence))


def hedged(site: Site) -> bool:
    """The clause hedges ("may help", "has the potential to")."""
    return site.tables.hedge.search(site.clause_text) is not None


def statistic(site: Site) -> bool:
    """Prevalence or epidemiology ("affects 12% of adults", "the #1 cause of"), not
    a statistic of the clinic's own results."""
    sentence = site.sentence_text
    return (
        bool(site.tables.statistic.search(sentence))
        and not site.has("treatments")
        and not site.tables.own_results.search(sentence)
    )


def standard_care(site: Site) -> bool:
    """The claim is made for standard care (approved drugs, surgery, physical
    therapy ... named before it) and its clause names none of the clinic's
    treatments ("cortisone eases pain for a while, but stem cells ..." speaks of
    cortisone first), nor does the sentence say "we" or "our"."""
    treatments = site.tables.list_name("treatments")
    cs, ce = site.clause
    return (
        (
            site.named_before(site.tables.list_name("conventional-care"), site.start)
            or _by_means_of(site, site.tables.list_name("conventional-care"))
        )
        and not any(treatments in t[2] and cs <= t[0] < ce for t in site.terms)
        and not site.tables.first_person_clinic.search(site.sentence_text)
    )


def _by_means_of(site: Site, name: str) -> bool:
    """Whether the claim is made by means of a term of list ``name`` ("hard to treat
    with conventional methods")."""
    return any(
        name in lists
        and site.end <= start
        and site.tables.means.match(site.text, site.end, start) is not None
        for start, _end, lists in site.terms
    )


def no_known_cure(site: Site) -> bool:
    """The sentence says the condition has no cure ("there is no cure for migraine,
    but it may ease with time"), names none of the clinic's treatments and speaks
    neither as "we" nor to "you": it informs about the disease."""
    sentence = site.sentence_text
    return (
        site.tables.no_cure.search(sentence) is not None
        and not site.has("treatments")
        and not site.tables.first_or_second_person.search(sentence)
    )


def licensed_product(site: Site) -> bool:
    """The sentence names a licensed product (an approved cell therapy or drug) and
    speaks of it, not of "our" treatment."""
    return site.has("licensed-products") and not site.tables.first_person_clinic.search(
        site.sentence_text
    )


def risk_statement(site: Site) -> bool:
    """The sentence speaks of harms or side effects ("can cause infections")."""
    return _found_unless_preceded(
        site.tables.risk, site.tables.risk_as_benefit, site.sentence_text
    )


def noun_use(site: Site) -> bool:
    """The claim's first word is no verb: "help" as a noun ("asks for help",
    "outside help") or the first half of a compound ("a lower-calorie diet")."""
    ss, se = site.sentence
    found = site.tables.noun_use.finditer(
        site.text, max(ss, site.start - LOOKBACK), min(se, site.end + LOOKBACK)
    )
    return any(m.start() <= site.start < m.end() for m in found)


def heading(site: Site) -> bool:
    """The hit is in a heading or a page title."""
    return site.block in HEADING_BLOCKS


def _may_be_quoted_or_reported(site: Site) -> bool:
    return '"' in site.sentence_text or _reports_another(
        site.tables, site.sentence_text
    )


def _states_limits(site: Site) -> bool:
    return bool(_limit_ends(site.tables, site.sentence_text))


def _names_standard_care(site: Site) -> bool:
    return site.has("conventional-care")


@lru_cache(maxsize=8)
def _noun_use_words(code: str) -> frozenset[str] | None:
    """Lower-case strings one of which every match of the language's noun-use
    table holds."""
    from cliniclint.matching.speed.literals import required_literals

    written = language(code).noun_use
    return required_literals(written.pattern) if isinstance(written, Pattern) else None


def _may_name_a_noun(site: Site) -> bool:
    # On lower-cased text a match holds one of the strings as written.
    words = _noun_use_words(site.language)
    if words is None or not site.lowered:
        return True
    sentence = site.sentence_text
    return any(word in sentence for word in words)


@dataclass(frozen=True, slots=True)
class Fact:
    name: str
    test: Callable[[Site], bool]
    # What the fact depends on, which decides how long its answer may be reused.
    scope: Scope
    # For a fact of one hit: a test of its sentence's words that holds wherever the
    # fact can hold for a hit of that sentence. Asked once per sentence, it spares
    # the hit's own test in the sentences where it fails.
    sentence_needs: Callable[[Site], bool] | None = None

    @property
    def summary(self) -> str:
        return (self.test.__doc__ or "").split("\n\n")[0].replace("\n", " ")


FACTS: dict[str, Fact] = {
    fact.name: fact
    for fact in (
        Fact("negated", negated, "hit"),
        Fact("question", question, "words"),
        Fact("hypothetical", hypothetical, "clause"),
        Fact("attributed", attributed, "hit", _may_be_quoted_or_reported),
        Fact("regulatory", regulatory, "words"),
        Fact("definition", definition, "words"),
        Fact("research", research, "words"),
        Fact("evidence-limited", evidence_limited, "hit", _states_limits),
        Fact("hedged", hedged, "clause"),
        Fact("statistic", statistic, "words"),
        Fact("standard-care", standard_care, "hit", _names_standard_care),
        Fact("no-known-cure", no_known_cure, "words"),
        Fact("licensed-product", licensed_product, "words"),
        Fact("risk-statement", risk_statement, "words"),
        Fact("noun-use", noun_use, "hit", _may_name_a_noun),
        Fact("heading", heading, "sentence"),
    )
}


def words_fact(
    name: str, code: str, sentence: str, terms: Terms, lowered: bool = False
) -> bool:
    """A fact of scope "words" for a sentence in language ``code`` with its terms
    (offsets into ``sentence``); ``lowered``: the sentence is lower-cased text."""
    answers = sentence_answers(code, sentence, terms)
    return answer(answers, name, code, sentence, terms, lowered)


def clause_fact(name: str, code: str, clause: str, lowered: bool = False) -> bool:
    """A fact of scope "clause" for a clause in language ``code``."""
    return words_fact(name, code, clause, (), lowered)


@lru_cache(maxsize=REMEMBERED)
def sentence_answers(code: str, words: str, terms: Terms) -> dict[str, bool]:
    """The facts known so far of a sentence or clause (and the sentence tests of
    hit facts, under the fact's name and ``NEEDS``), filled by ``answer`` as they
    are asked."""
    return {}


# Where ``sentence_answers`` keeps a hit fact's sentence test: after its name.
NEEDS = "?"


def words_site(code: str, words: str, terms: Terms, lowered: bool = False) -> Site:
    """``words`` (a sentence or clause, with its terms) as the words facts read
    them: one site serves every fact asked of the same words."""
    end = len(words)
    return Site(words, (0, end), (0, end), 0, 0, terms, None, code, lowered)


def answer(
    answers: dict[str, bool],
    name: str,
    code: str,
    words: str,
    terms: Terms,
    lowered: bool = False,
) -> bool:
    """A words fact (or, for ``name`` ending in NEEDS, a hit fact's sentence test)
    of ``words``, computed on first asking and kept in ``answers`` (the same
    whether or not the words are lower-cased)."""
    found = answers.get(name)
    if found is None:
        found = site_answer(answers, name, words_site(code, words, terms, lowered))
    return found


def site_answer(answers: dict[str, bool], name: str, site: Site) -> bool:
    """``answer`` for the words of a site made by ``words_site``."""
    found = answers.get(name)
    if found is None:
        if name.endswith(NEEDS):
            needs = FACTS[name[: -len(NEEDS)]].sentence_needs
            assert needs is not None
            found = needs(site)
        else:
            found = FACTS[name].test(site)
        answers[name] = found
    return found
