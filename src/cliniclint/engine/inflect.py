"""Cheap inflection variants for term lists: plural / -s, -ed and -ing forms."""

from __future__ import annotations

_VOWELS = set("aeiou")


def _forms(word: str) -> list[str]:
    w = word.lower()
    if len(w) < 3 or not w.isalpha():
        return []
    out: list[str] = []
    consonant_y = w.endswith("y") and w[-2] not in _VOWELS
    if w.endswith(("ss", "x", "z", "ch", "sh")):
        out.append(word + "es")
    elif consonant_y:
        out.append(word[:-1] + "ies")
    elif not w.endswith("s"):
        out.append(word + "s")
    if w.endswith("e"):
        out.append(word + "d")
        if not w.endswith("ee"):
            out.append(word[:-1] + "ing")
    elif consonant_y:
        out.append(word[:-1] + "ied")
        out.append(word + "ing")
    elif not w.endswith("s"):
        out.append(word + "ed")
        out.append(word + "ing")
    return out


def variants(term: str) -> list[str]:
    """The term and the inflected forms of its last word."""
    head, _, last = term.rpartition(" ")
    prefix = head + " " if head else ""
    return [term, *(prefix + form for form in _forms(last))]
