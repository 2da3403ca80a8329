"""Cheap inflection variants for term lists: plural / -s, -ed and -ing forms."""

from __future__ import annotations

import re

_VOWELS = frozenset("aeiou")
_VOWEL_GROUP = re.compile("[aeiou]+")

# Verbs whose forms do not follow the rules below: every form but the base.
IRREGULAR: dict[str, tuple[str, ...]] = {
    "become": ("becomes", "became", "becoming"),
    "begin": ("begins", "began", "begun", "beginning"),
    "bind": ("binds", "bound", "binding"),
    "break": ("breaks", "broke", "broken", "breaking"),
    "bring": ("brings", "brought", "bringing"),
    "build": ("builds", "built", "building"),
    "come": ("comes", "came", "coming"),
    "cut": ("cuts", "cutting"),
    "do": ("does", "did", "done", "doing"),
    "feel": ("feels", "felt", "feeling"),
    "fight": ("fights", "fought", "fighting"),
    "find": ("finds", "found", "finding"),
    "forget": ("forgets", "forgot", "forgotten", "forgetting"),
    "get": ("gets", "got", "gotten", "getting"),
    "give": ("gives", "gave", "given", "giving"),
    "go": ("goes", "went", "gone", "going"),
    "grow": ("grows", "grew", "grown", "growing"),
    "hit": ("hits", "hitting"),
    "hold": ("holds", "held", "holding"),
    "keep": ("keeps", "kept", "keeping"),
    "lose": ("loses", "lost", "losing"),
    "make": ("makes", "made", "making"),
    "overcome": ("overcomes", "overcame", "overcoming"),
    "put": ("puts", "putting"),
    "quit": ("quits", "quitting"),
    "rebuild": ("rebuilds", "rebuilt", "rebuilding"),
    "redo": ("redoes", "redid", "redone", "redoing"),
    "regrow": ("regrows", "regrew", "regrown", "regrowing"),
    "reset": ("resets", "resetting"),
    "rid": ("rids", "ridding"),
    "rise": ("rises", "rose", "risen", "rising"),
    "rewind": ("rewinds", "rewound", "rewinding"),
    "run": ("runs", "ran", "running"),
    "see": ("sees", "saw", "seen", "seeing"),
    "set": ("sets", "setting"),
    "shed": ("sheds", "shedding"),
    "shrink": ("shrinks", "shrank", "shrunk", "shrinking"),
    "sleep": ("sleeps", "slept", "sleeping"),
    "speed": ("speeds", "sped", "speeded", "speeding"),
    "stand": ("stands", "stood", "standing"),
    "take": ("takes", "took", "taken", "taking"),
    "tell": ("tells", "told", "telling"),
    "think": ("thinks", "thought", "thinking"),
    "undo": ("undoes", "undid", "undone", "undoing"),
    "upset": ("upsets", "upsetting"),
    "wake": ("wakes", "woke", "woken", "waking"),
    "win": ("wins", "won", "winning"),
}

# Verbs of more than one syllable stressed on the last, which double their final
# consonant ("controlled"); one-syllable verbs are found by their spelling.
DOUBLING = frozenset(
    {
        "admit",
        "commit",
        "compel",
        "control",
        "equip",
        "expel",
        "occur",
        "patrol",
        "permit",
        "prefer",
        "propel",
        "recur",
        "refer",
        "regret",
        "repel",
        "submit",
        "transfer",
        "unclog",
    }
)


def _doubles(w: str) -> bool:
    """Whether the final consonant doubles before -ed/-ing ("stop" -> "stopped")."""
    if w in DOUBLING:
        return True
    if w[-1] in _VOWELS or w[-1] in "hwxy" or w[-2] not in _VOWELS:
        return False
    if w[-3] in _VOWELS:
        return False  # "heal", "treat": a long vowel
    return len(_VOWEL_GROUP.findall(w)) == 1


def _forms(word: str) -> list[str]:
    w = word.lower()
    irregular = IRREGULAR.get(w)
    if irregular is not None:
        return list(irregular)
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
    if w.endswith("ie"):
        out.append(word + "d")
        out.append(word[:-2] + "ying")
    elif w.endswith("e"):
        out.append(word + "d")
        if not w.endswith("ee"):
            out.append(word[:-1] + "ing")
    elif consonant_y:
        out.append(word[:-1] + "ied")
        out.append(word + "ing")
    elif _doubles(w):
        out.append(word + word[-1] + "ed")
        out.append(word + word[-1] + "ing")
    elif not w.endswith("s"):
        out.append(word + "ed")
        out.append(word + "ing")
    return out


# Words that end a phrasal verb or a verb's fixed phrase ("speed up", "get rid of"):
# the verb before them is the word that takes the ending ("sped up", "got rid of").
PARTICLES = frozenset(
    {
        "up",
        "down",
        "on",
        "off",
        "out",
        "onto",
        "into",
        "back",
        "over",
        "away",
        "to",
        "of",
    }
)


def variants(term: str) -> list[str]:
    """The term and the inflected forms of its last word, or of its first word when
    the last is a particle ("speeds up", "took care of")."""
    head, _, last = term.rpartition(" ")
    if head and last.lower() in PARTICLES:
        first, _, rest = term.partition(" ")
        return [term, *(form + " " + rest for form in _forms(first))]
    prefix = head + " " if head else ""
    return [term, *(prefix + form for form in _forms(last))]
