"""Language data: the word tables each language gives the sentence facts, the names
of its sentence term lists, its inflection and the words its rewrites agree with.

One small module per language (``en``, ``es``, ``pt``) builds a :class:`Language`;
the engine's logic reads the tables of the language of the text it judges.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from functools import cache
from re import Pattern
from typing import Any, Protocol

from cliniclint.packs.langcodes import DEFAULT, KNOWN

__all__ = [
    "DEFAULT",
    "KNOWN",
    "ROLES",
    "Language",
    "language",
    "sentence_lists",
    "tables",
]

# The roles of the term lists the facts and rewrites read in each sentence.
ROLES = ("treatments", "conditions", "conventional-care", "licensed-products")


class WordSearch(Protocol):
    """What the sentence facts ask of a word table's pattern: a compiled pattern, or
    its twin for lower-cased text (matching.compiled.LazyPattern.lower)."""

    def search(self, string: str, pos: int = 0, endpos: int = ..., /) -> Any: ...

    def finditer(self, string: str, pos: int = 0, endpos: int = ..., /) -> Any: ...

    def match(self, string: str, pos: int, endpos: int, /) -> Any: ...


@dataclass(frozen=True, slots=True, eq=False)
class Language:
    """Everything language-specific the sentence facts and the rewrites need. One
    object per language and casing (``tables``): compared and hashed as itself, so
    that answers can be remembered per table."""

    code: str
    name: str
    negation: WordSearch
    relative_before: WordSearch
    denial_after: WordSearch
    question_end: WordSearch
    did_you_know: WordSearch
    hypothetical: WordSearch
    attributed: WordSearch
    own_voice: WordSearch
    regulatory: WordSearch
    first_or_second_person: WordSearch
    first_person_clinic: WordSearch
    definition: WordSearch
    research: WordSearch
    hedge: WordSearch
    statistic: WordSearch
    own_results: WordSearch
    risk: WordSearch
    risk_as_benefit: WordSearch
    # The sentence says a condition has no cure ("there is no cure for ...").
    no_cure: WordSearch
    # The sentence states the limits of the evidence ("more research is needed").
    evidence_limits: WordSearch
    # An effect word used as a noun or inside a compound ("asks for help", "a
    # lower-calorie diet"): the match covers the word.
    noun_use: WordSearch
    # Words before a term that make it the means of a claim ("... with surgery"),
    # matched from the claim's end up to the term.
    means: WordSearch
    # The noun after a treatment's name that says how it is sold ("PRP injections"),
    # matched where the name ends.
    treatment_noun: Pattern[str]
    # Short words frequent in any prose of the language (a cheap first guess).
    function_words: Pattern[str]
    # Role (ROLES) -> the name of this language's term list in that role.
    lists: Mapping[str, str]
    # The inflected forms of a term (the term first).
    variants: Callable[[str], list[str]]
    # Whether a treatment's name is plural ("stem cells", "las células madre").
    plural: Callable[[str], bool]
    # Rewrite slots that agree with the treatment: name -> (singular, plural).
    agreement: Mapping[str, tuple[str, str]]
    # What a rewrite calls a treatment the sentence does not name.
    generic_treatment: str
    # The word that joins the last two items of a list ("a, b and c").
    and_word: str = "and"

    def list_name(self, role: str) -> str:
        return self.lists.get(role, role)


def _for_lower_case(pattern: WordSearch) -> WordSearch:
    """``pattern``'s twin for lower-cased text, which searches from the first of its
    start strings; ``pattern`` itself where it has no twin."""
    from cliniclint.matching.compiled import LazyPattern

    if not isinstance(pattern, Pattern):
        return pattern
    twin = LazyPattern(pattern.pattern, "re", pattern.flags, trusted=True).lower
    return pattern if twin is None else twin


@cache
def _lowered(code: str) -> Language:
    found = language(code)
    # The fields the facts search are those typed WordSearch.
    lowered: dict[str, WordSearch] = {
        field.name: _for_lower_case(getattr(found, field.name))
        for field in fields(found)
        if field.type == "WordSearch"
    }
    return replace(found, **lowered)  # type: ignore[arg-type]


# Building a language's lower-case tables costs about 100 ms (compiling and analysing
# its patterns). A process builds them once it has judged this many characters of
# text in the language: a run over a few pages (an editor's, a hook's) would not win
# that time back.
LOWER_CASE_AFTER = 200_000
_judged: dict[str, int] = {}


def lower_case_tables(code: str, length: int) -> bool:
    """Whether text in language ``code`` is to be judged with its lower-case tables
    (``tables(code, lowered=True)``, built on first use), counting ``length`` more
    characters judged in it: once the count passes LOWER_CASE_AFTER."""
    judged = _judged[code] = _judged.get(code, 0) + length
    return judged >= LOWER_CASE_AFTER


def tables(code: str, lowered: bool = False) -> Language:
    """``language(code)``, or with ``lowered`` its tables for lower-cased text (a
    text whose lower-casing is faithful: matching.speed.lowercase), which find the
    same matches at the same offsets several times faster."""
    return _lowered(code) if lowered else language(code)


@cache
def language(code: str) -> Language:
    """The tables of a known language (``KNOWN``); others fall back to English."""
    if code not in KNOWN:
        code = DEFAULT
    module = importlib.import_module(f"cliniclint.matching.languages.{code}")
    found: Language = module.LANGUAGE
    return found


def sentence_lists() -> frozenset[str]:
    """The names of every language's sentence term lists."""
    return frozenset(name for code in KNOWN for name in language(code).lists.values())
