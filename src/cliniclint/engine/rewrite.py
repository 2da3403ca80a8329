"""Sentence rewrites built from a claim's own words.

A rule's ``rewrite`` templates name slots the engine fills from the sentence:

- ``{treatment}`` / ``{Treatment}``: the treatment as the sentence names it ("stem
  cell injections"), or "this treatment" when it names none;
- ``{condition}``: the condition the claim names ("knee arthritis");
- words that agree with the treatment, named by its language (matching.languages):
  in English ``{is}``, ``{has}``, ``{it}``, ``{its}``, ``{It}``.

The first template whose slots can all be filled is used; a template that needs a
condition is skipped when the sentence names none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from cliniclint.matching.languages import DEFAULT, Language, language

SLOT = re.compile(r"\{([A-Za-z]+)\}")
_ACRONYM = re.compile(r"^[A-Z0-9+]{2,}")


@dataclass(frozen=True, slots=True)
class ClaimWords:
    """The words of a sentence the rewrite slots draw on (as written)."""

    treatment: str | None
    condition: str | None
    # The sentence is a heading written in Title Case: its capitals are not names.
    title_case: bool = False


def _lower_first(words: str) -> str:
    """Lower-case a sentence-initial capital, but keep acronyms and names."""
    if not words or _ACRONYM.match(words):
        return words
    first = words.split()[0]
    if first[:1].isupper() and first[1:].islower():
        return words[:1].lower() + words[1:]
    return words


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _untitled(words: str) -> str:
    """Title Case lowered, acronyms kept: "Stem Cells" -> "stem cells"."""
    return " ".join(
        w.lower() if w[:1].isupper() and w[1:].islower() else w for w in words.split()
    )


def fill_rewrite(
    templates: Sequence[str], words: ClaimWords, lang: Language | None = None
) -> str | None:
    """The first template with every slot filled, or None."""
    return _filled_rewrite(tuple(templates), words, lang or language(DEFAULT))


@lru_cache(maxsize=4096)
def _filled_rewrite(
    templates: tuple[str, ...], words: ClaimWords, lang: Language
) -> str | None:
    """``fill_rewrite``: a page (and a site) names the same treatment and condition
    in many claims, and a repeat costs one lookup."""
    lower = _untitled if words.title_case else _lower_first
    treatment = lower(words.treatment) if words.treatment else lang.generic_treatment
    plural = lang.plural(treatment) if words.treatment else False
    condition = lower(words.condition) if words.condition else None
    values = {
        "treatment": treatment,
        "Treatment": _capital(treatment),
        **{slot: forms[plural] for slot, forms in lang.agreement.items()},
    }
    if condition is not None:
        values["condition"] = condition
    for template in templates:
        names = SLOT.findall(template)
        if all(name in values for name in names):
            return SLOT.sub(lambda m: values[m.group(1)], template)
    return None


def fit_to_sentence(rewrite: str, original: str) -> str:
    """End the rewrite as the original ends: no full stop after a heading or a
    list item that had none."""
    stripped = original.rstrip()
    if stripped and stripped[-1] not in ".!?:;\"'”’)" and rewrite.endswith("."):
        return rewrite[:-1]
    return rewrite
