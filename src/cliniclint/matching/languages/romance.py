"""Inflection shared by the Spanish and Portuguese tables: the head noun of a term
comes first ("célula madre" -> "células madre"), and a verb term starts with its
infinitive ("curar" -> "cura", "curan", "curó" ...)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

# Articles and determiners a treatment's name may start with.
ARTICLES = frozenset(
    {
        *("el", "la", "los", "las", "un", "una", "unos", "unas"),
        *("este", "esta", "estos", "estas"),
        *("o", "a", "os", "as", "um", "uma", "uns", "umas"),
        *("esse", "essa", "esses", "essas"),
    }
)


def plural_head(noun: str) -> bool:
    """Whether a noun phrase is plural: its first word past the article ends in "s"."""
    words = [w for w in noun.lower().split() if w not in ARTICLES]
    return bool(words) and words[0].endswith("s") and not words[0].endswith("sis")


def make_variants(
    noun_plural: Callable[[str], str | None],
    conjugate: Callable[[str], list[str]],
    irregular: Mapping[str, tuple[str, ...]],
) -> Callable[[str], list[str]]:
    """A ``variants`` function: inflect the first word of a term."""

    def variants(term: str) -> list[str]:
        first, sep, rest = term.partition(" ")
        word = first.lower()
        if word in irregular:
            forms: list[str] = list(irregular[word])
        elif len(word) > 3 and word.endswith(("ar", "er", "ir")):
            forms = conjugate(word)
        else:
            plural = noun_plural(word)
            forms = [plural] if plural else []
        return [term, *(form + sep + rest for form in forms if form != word)]

    return variants
