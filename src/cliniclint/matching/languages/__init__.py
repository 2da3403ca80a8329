"""Language data: the word tables each language gives the sentence facts, the names
of its sentence term lists, its inflection and the words its rewrites agree with.

One small module per language (``en``, ``es``, ``pt``) builds a :class:`Language`;
the engine's logic reads the tables of the language of the text it judges.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from re import Pattern

from cliniclint.packs.langcodes import DEFAULT, KNOWN

__all__ = ["DEFAULT", "KNOWN", "ROLES", "Language", "language", "sentence_lists"]

# The roles of the term lists the facts and rewrites read in each sentence.
ROLES = ("treatments", "conditions", "conventional-care", "licensed-products")


@dataclass(frozen=True, slots=True)
class Language:
    """Everything language-specific the sentence facts and the rewrites need."""

    code: str
    name: str
    negation: Pattern[str]
    relative_before: Pattern[str]
    denial_after: Pattern[str]
    question_end: Pattern[str]
    did_you_know: Pattern[str]
    hypothetical: Pattern[str]
    attributed: Pattern[str]
    own_voice: Pattern[str]
    regulatory: Pattern[str]
    first_or_second_person: Pattern[str]
    first_person_clinic: Pattern[str]
    definition: Pattern[str]
    research: Pattern[str]
    hedge: Pattern[str]
    statistic: Pattern[str]
    own_results: Pattern[str]
    risk: Pattern[str]
    risk_as_benefit: Pattern[str]
    # The sentence says a condition has no cure ("there is no cure for ...").
    no_cure: Pattern[str]
    # The sentence states the limits of the evidence ("more research is needed").
    evidence_limits: Pattern[str]
    # An effect word used as a noun or inside a compound ("asks for help", "a
    # lower-calorie diet"): the match covers the word.
    noun_use: Pattern[str]
    # Words before a term that make it the means of a claim ("... with surgery"),
    # matched from the claim's end up to the term.
    means: Pattern[str]
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
