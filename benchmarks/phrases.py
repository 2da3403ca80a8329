#!/usr/bin/env python3
"""Collect the literal phrases of cliniclint's bundled rule packs for the peers.

Reads ``rules/*.yaml`` with PyYAML: every rule with ``kind: phrase`` contributes
its ``phrases`` list (``terms`` lists are not phrases and are ignored). When no
pack has phrase rules, a built-in list of about 200 risky phrases is used, so the
benchmark can run before the packs exist. Writes:

* ``phrases.txt``   ripgrep pattern file, one fixed string per line
                    (``rg -F -i -w -f phrases.txt``)
* ``phrases_ascii.txt`` the same without the phrases that have non-ASCII
                    characters, for ``rg --no-unicode``
* ``prh.yml``       textlint-rule-prh dictionary (``version: 1``)
* ``textlintrc.json`` a textlint config enabling ``prh`` with that dictionary
* ``phrases.list``  plain list, one phrase per line
* ``phrases.json``  where the list came from and how many phrases it has

    python benchmarks/phrases.py [--rules rules] [--out benchmarks/corpus/phrases]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_RULES = REPO / "rules"
DEFAULT_OUT = HERE / "corpus" / "phrases"


@dataclass(frozen=True)
class PhraseRule:
    rule_id: str
    phrases: tuple[str, ...]
    suggestion: str | None
    source: str


# --------------------------------------------------------------------------
# Built-in fallback: realistic risky phrases from clinic marketing copy.
# --------------------------------------------------------------------------

_CONDITIONS = (
    "arthritis",
    "knee arthritis",
    "migraines",
    "COPD",
    "autism",
    "multiple sclerosis",
    "MS",
    "Parkinson's",
    "ALS",
    "lupus",
    "diabetes",
    "neuropathy",
    "long COVID",
    "Crohn's",
    "erectile dysfunction",
    "heart failure",
    "fibromyalgia",
    "tinnitus",
    "hair loss",
    "cancer",
)

_BUILTIN: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    (
        "builtin.cure-claim",
        (
            "miracle cure",
            "permanent cure",
            "a cure for",
            "cures in one session",
            "in as little as one session",
            "cured of",
            "I was cured",
            "can be cured",
            "reverse aging",
            "reverses aging",
            "regrow cartilage",
            "regrows cartilage",
            "repair damaged tissue",
            "repairs damaged tissue",
            "repair damaged nerves",
            "heals the root cause",
            "heal the root cause",
            "eliminates pain",
            "eliminate pain for good",
            "say goodbye to",
            "give you your life back",
            "results are permanent",
        ),
        "may help some patients with",
    ),
    (
        "builtin.disease-claim",
        tuple(f"cures {c}" for c in _CONDITIONS)
        + tuple(f"cure {c}" for c in _CONDITIONS)
        + tuple(f"reverse {c}" for c in _CONDITIONS)
        + tuple(f"heal {c}" for c in _CONDITIONS),
        "is being studied for",
    ),
    (
        "builtin.fda-misrepresentation",
        (
            "FDA-approved stem cells",
            "FDA approved stem cells",
            "FDA-approved exosomes",
            "FDA-approved peptides",
            "FDA-approved semaglutide",
            "are FDA-approved",
            "is FDA-approved",
            "FDA-registered",
            "FDA-cleared stem cell",
            "FDA approved to treat",
            "FDA-approved treatment",
            "same as Ozempic",
        ),
        "not approved by the FDA",
    ),
    (
        "builtin.absolute-safety",
        (
            "no risk of rejection",
            "zero risk of rejection",
            "zero risk",
            "no side effects",
            "without side effects",
            "100% safe",
            "completely safe",
            "totally safe",
            "perfectly safe",
            "risk-free",
            "risk free",
            "no risk",
            "safe and natural",
            "safe and effective",
            "no downtime and no risk",
            "no harmful side effects",
        ),
        "has risks, which we discuss with you",
    ),
    (
        "builtin.evidence-overstatement",
        (
            "clinically proven",
            "scientifically proven",
            "medically proven",
            "proven to work",
            "proven results",
            "studies show",
            "studies prove",
            "research proves",
            "backed by science",
            "success rate",
            "doctor recommended",
            "doctors don't want you to know",
            "doctors don\u2019t want you to know",
        ),
        "early studies suggest",
    ),
    (
        "builtin.guarantee",
        (
            "guaranteed results",
            "results guaranteed",
            "money back",
            "money-back guarantee",
            "100% guaranteed",
            "guaranteed to work",
        ),
        "results vary",
    ),
    (
        "builtin.urgency-pressure",
        (
            "limited time offer",
            "only a few spots left",
            "spots are filling fast",
            "act now",
            "book now before",
            "offer ends soon",
            "don't wait",
            "don\u2019t wait",
        ),
        "book a consultation when you are ready",
    ),
    (
        "builtin.superiority-comparison",
        (
            "better than surgery",
            "avoid surgery",
            "avoid knee replacement",
            "avoid knee replacement surgery",
            "avoid spinal fusion",
            "no need for surgery",
            "without surgery or medication",
            "the only treatment",
            "works when nothing else does",
            "when nothing else works",
            "stop taking medication",
            "safe, natural alternative",
            "alternative to surgery",
            "the best stem cell clinic",
        ),
        "an option to discuss alongside standard care",
    ),
    (
        "builtin.hype-language",
        (
            "breakthrough treatment",
            "revolutionary treatment",
            "cutting-edge therapy",
            "fountain of youth",
            "game changer",
            "wonder drug",
            "life-changing results",
            "boosts your immune system",
            "detox your body",
            "flush out toxins",
            "turn back the clock",
            "anti-aging miracle",
            "state-of-the-art regenerative",
            "supercharge your immune system",
            "melts fat",
        ),
        None,
    ),
    (
        "builtin.testimonial-as-proof",
        (
            "changed my life",
            "my pain is gone",
            "pain-free in days",
            "only stem cells worked",
            "should have come here years ago",
            "thousands of patients have been cured",
        ),
        None,
    ),
)


def builtin_rules() -> list[PhraseRule]:
    return [
        PhraseRule(rid, phrases, sugg, "built-in") for rid, phrases, sugg in _BUILTIN
    ]


# --------------------------------------------------------------------------
# Reading the packs
# --------------------------------------------------------------------------


def _suggestion(rule: dict[str, Any]) -> str | None:
    """The rule's first suggestion, if it has any, as plain text."""
    sugg = rule.get("suggestions")
    if isinstance(sugg, str):
        sugg = [sugg]
    if not isinstance(sugg, list) or not sugg:
        return None
    first = sugg[0]
    if isinstance(first, str):
        return first.strip() or None
    if isinstance(first, dict):
        for key in ("text", "replacement", "rewrite", "suggestion", "to"):
            val = first.get(key)
            if isinstance(val, str) and val.strip():
                return val.strip()
    return None


def _iter_rules(doc: object) -> Iterable[dict[str, Any]]:
    """Rules in a pack document: a ``rules:`` list, a bare list, or a mapping."""
    if isinstance(doc, list):
        items: list[object] = doc
    elif isinstance(doc, dict):
        rules = doc.get("rules")
        if isinstance(rules, list):
            items = rules
        elif isinstance(rules, dict):
            # mapping of id -> rule
            items = [
                {"id": k, **v} if isinstance(v, dict) else v for k, v in rules.items()
            ]
        else:
            items = []
    else:
        items = []
    for item in items:
        if isinstance(item, dict):
            yield item


def read_packs(rules_dir: Path) -> tuple[list[PhraseRule], list[str]]:
    """Phrase rules from ``rules_dir/*.yaml``; also returns warnings."""
    out: list[PhraseRule] = []
    warnings: list[str] = []
    if not rules_dir.is_dir():
        return out, [f"{rules_dir} does not exist"]
    files = sorted(rules_dir.glob("*.yaml")) + sorted(rules_dir.glob("*.yml"))
    for path in files:
        try:
            docs = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
            warnings.append(f"{path.name}: unreadable ({e.__class__.__name__})")
            continue
        for doc in docs:
            for n, rule in enumerate(_iter_rules(doc)):
                if rule.get("kind") != "phrase":
                    continue
                raw = rule.get("phrases")
                if not isinstance(raw, list):
                    continue
                phrases = tuple(
                    p.strip() for p in raw if isinstance(p, str) and p.strip()
                )
                if not phrases:
                    continue
                rid = str(rule.get("id") or f"{path.stem}#{n}")
                out.append(PhraseRule(rid, phrases, _suggestion(rule), path.name))
    return out, warnings


def collect(rules_dir: Path) -> tuple[list[PhraseRule], str, list[str]]:
    """Phrase rules and where they came from ('packs' or 'built-in')."""
    rules, warnings = read_packs(rules_dir)
    if rules:
        return rules, "packs", warnings
    return builtin_rules(), "built-in", warnings


def unique_phrases(rules: Sequence[PhraseRule]) -> list[tuple[str, PhraseRule]]:
    """Phrases in pack order, first occurrence wins (case-insensitive)."""
    seen: set[str] = set()
    out: list[tuple[str, PhraseRule]] = []
    for rule in rules:
        for p in rule.phrases:
            p1 = " ".join(p.split())  # no newlines or runs of blanks
            key = p1.casefold()
            if key in seen:
                continue
            seen.add(key)
            out.append((p1, rule))
    return out


# --------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------


def _js_regex_escape(s: str) -> str:
    # Only syntax characters and '/' are escaped: other identity escapes are
    # errors in a JavaScript regular expression with the 'u' flag.
    return re.sub(r"[\\^$.*+?()[\]{}|/]", lambda m: "\\" + m.group(0), s)


def prh_yaml(pairs: Sequence[tuple[str, PhraseRule]]) -> str:
    """A textlint-rule-prh dictionary.

    prh matches a plain string pattern case-sensitively, so each phrase is given
    as the equivalent case-insensitive regular expression ``/phrase/i`` with
    ``wordBoundary: true``: the same matching as ``rg -F -i -w``.
    """
    rules = []
    for phrase, rule in pairs:
        rules.append(
            {
                "expected": rule.suggestion or phrase,
                "patterns": ["/" + _js_regex_escape(phrase) + "/i"],
                "options": {"wordBoundary": True},
            }
        )
    doc = {"version": 1, "rules": rules}
    header = "# Generated by benchmarks/phrases.py from the cliniclint phrase rules.\n"
    body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)
    return header + body


def write_outputs(
    rules: Sequence[PhraseRule], origin: str, out: Path
) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    pairs = unique_phrases(rules)
    phrases = [p for p, _ in pairs]
    text = "\n".join(phrases) + "\n"
    (out / "phrases.txt").write_text(text, encoding="utf-8")
    # `rg --no-unicode` rejects non-ASCII characters in a pattern.
    ascii_only = [p for p in phrases if p.isascii()]
    (out / "phrases_ascii.txt").write_text("\n".join(ascii_only) + "\n")
    (out / "phrases.list").write_text(text, encoding="utf-8")
    prh_path = out / "prh.yml"
    prh_path.write_text(prh_yaml(pairs), encoding="utf-8")
    rc = {"rules": {"prh": {"rulePaths": [str(prh_path.resolve())]}}}
    (out / "textlintrc.json").write_text(json.dumps(rc, indent=2) + "\n")
    meta: dict[str, Any] = {
        "origin": origin,
        "rules": len(rules),
        "phrases": len(phrases),
        "ascii_phrases": len(ascii_only),
        "sources": sorted({r.source for r in rules}),
    }
    (out / "phrases.json").write_text(json.dumps(meta, indent=2) + "\n")
    return meta


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rules", type=Path, default=DEFAULT_RULES)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument(
        "--builtin", action="store_true", help="use the built-in list, ignore packs"
    )
    args = ap.parse_args(argv)
    if args.builtin:
        rules, origin = builtin_rules(), "built-in"
        warnings: list[str] = []
    else:
        rules, origin, warnings = collect(args.rules)
    for w in warnings:
        print(f"phrases: warning: {w}", file=sys.stderr)
    meta = write_outputs(rules, origin, args.out)
    print(
        f"phrases: {meta['phrases']} phrases from {meta['rules']} rules "
        f"({origin}) -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
