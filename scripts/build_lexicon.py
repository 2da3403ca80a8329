"""Write rules/lexicon.yaml: condition, treatment and body-function term lists.

The conditions come from the ICD-10-CM code set (the ``simple-icd-10-cm`` package,
installed with ``pip install -e '.[lexicon]'``), reduced to the short names people
write, plus the consumer names in ``scripts/lexicon_curated.yaml``. Treatments and body
functions come from that file alone.

    python scripts/build_lexicon.py            # rewrite rules/lexicon.yaml
    python scripts/build_lexicon.py --check    # exit 1 if the file is out of date
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
CURATED = ROOT / "scripts" / "lexicon_curated.yaml"
OUTPUT = ROOT / "rules" / "lexicon.yaml"

Row = tuple[str, str]  # (code, description)

# Chapters that are not conditions a clinic could claim to treat: pregnancy (O),
# perinatal (P), injuries and poisonings (S, T), special purposes (U), external
# causes (V-Y), contact with health services (Z).
# Congenital malformations (Q) are mostly names no clinic page uses; the few that
# are used are curated.
SKIPPED_CHAPTERS = frozenset("OPQSTUVWXYZ")
# Infections and neoplasms: only the three-character categories, whose names are the
# common ones ("Lyme disease", "multiple myeloma"); their subcategories name organisms
# and sites.
_CATEGORY_ONLY = ("A", "B", "C", "D0", "D1", "D2", "D3", "D4")
# "acute X", "chronic X"...: left out when X itself is listed, which matches them.
_QUALIFIERS = frozenset(
    {
        "acute",
        "subacute",
        "chronic",
        "primary",
        "idiopathic",
        "recurrent",
        "mild",
        "moderate",
        "severe",
        "persistent",
        "intermittent",
        "juvenile",
        "hereditary",
        "familial",
        "congenital",
        "acquired",
        "nontraumatic",
        "traumatic",
        "post-traumatic",
        "drug-induced",
        "infective",
        "nonspecific",
        "simple",
        "local",
        "systemic",
        "benign",
        "malignant",
    }
)

# The description is cut at the first of these: what follows is a site, a cause or a
# complication, not the name.
_CUTS = re.compile(
    r",| of | in | due to | with | without | following | after | associated "
    r"| affecting | involving | resulting | complicating | not | classified "
    r"| except | by | from | at | on | to "
)
# Leading qualifiers that are never part of what people call the condition.
_LEADING = re.compile(
    r"^(?:(?:other|unspecified|specified|certain|multiple sites|right|left|bilateral)"
    r"\s+)+"
)
_BRACKETS = re.compile(r"\s*[\[(][^\])]*[\])]")
# A word that marks a finding, an encounter or a coding note rather than a condition.
_NOT_A_CONDITION = re.compile(
    r"\b(?:abnormal\w*|findings?|encounter|history|status|screening|observation"
    r"|examination|contact|exposure|carrier|poisoning|adverse|underdosing|toxic"
    r"|effects?|sequelae|presence|absence|personal|family|postprocedural"
    r"|intraoperative|complications?|elevated|unspecified|other|specified|site"
    r"|sites|part|region|codes?|conditions|states?|dependence|use|abuse|phase"
    r"|behavior|behaviour|uncertain|stage|level|counseling|problems?|nos"
    r"|borderline|mixed|secondary|localized|generalized|allergy|reaction|due"
    r"|complicated|absent|unilateral|organs?|structures?|raised|found|foreign)\b"
)
# Names so general that they say nothing on their own (the shared `conditions` list
# already has the generic words).
_GENERIC_HEADS = frozenset(
    {
        "disease",
        "diseases",
        "disorder",
        "disorders",
        "syndrome",
        "syndromes",
        "anomaly",
        "anomalies",
        "malformation",
        "malformations",
        "deformity",
        "deformities",
        "lesion",
        "lesions",
        "injury",
        "neoplasm",
        "neoplasms",
        "malignant neoplasm",
        "benign neoplasm",
        "secondary malignant neoplasm",
        "carcinoma in situ",
        "symptoms",
        "signs",
        "change",
        "changes",
        "failure",
        "insufficiency",
        "deficiency",
        "infection",
        "infections",
        "inflammation",
        "hemorrhage",
        "fracture",
        "mass",
        "stenosis",
        "obstruction",
        "disturbance",
        "disturbances",
        "dysfunction",
        "degeneration",
        "hypertrophy",
        "atrophy",
        "cyst",
        "ulcer",
        "polyp",
        "fistula",
        "abscess",
        "calculus",
        "displacement",
        "dislocation",
        "rupture",
        "perforation",
        "torsion",
        "prolapse",
        "retention",
        "agenesis",
        "aplasia",
        "hypoplasia",
        "duplication",
        "contracture",
        "ankylosis",
        "instability",
        "spasm",
        "stricture",
        "edema",
        "enlargement",
        "embolism",
        "thrombosis",
        "aneurysm",
        "dilatation",
        "necrosis",
        "cellulitis",
        "mononeuropathy",
        "mononeuropathies",
        "polyneuropathy",
        "myositis",
        "osteonecrosis",
        "osteomyelitis",
        "arthropathy",
        "arthropathies",
        "spondylopathy",
        "spondylopathies",
        "myopathy",
        "myopathies",
        "dermatitis",
        "anemia",
        "anemias",
    }
)
_MAX_WORDS = 4
# A name ending in an adjective is a fragment ("acute monoblastic" of
# "acute monoblastic/monocytic leukemia").
_ADJECTIVE_ENDINGS = ("ic", "al", "ous", "ary", "ive", "ed")
_NOUNS_LIKE_ADJECTIVES = frozenset({"colic", "panic"})
# Heads that need a specific word before them: "bacterial diseases" and "complete
# loss" name nothing, "liver disease" and "hearing loss" do.
_NEEDS_NOUN_BEFORE = frozenset(
    {
        "disease",
        "diseases",
        "disorder",
        "disorders",
        "infection",
        "infections",
        "inflammation",
        "development",
        "loss",
        "dysfunction",
        "persistence",
        "lymphomas",
        "titer",
    }
)
_WORD = re.compile(r"^[a-z][a-z'\-/]*$")
_ALLOWED_NUMBER = re.compile(r"^(?:type [12]|covid-19)\b")
# Last words that name a countable thing: their plural is written as often.
_COUNTABLE = frozenset(
    {
        "headache",
        "migraine",
        "ulcer",
        "cyst",
        "stone",
        "spur",
        "tear",
        "sprain",
        "strain",
        "tumor",
        "tumour",
        "wart",
        "infection",
        "disorder",
        "disease",
        "cramp",
        "spasm",
        "seizure",
        "polyp",
        "hemorrhoid",
        "bunion",
        "boil",
        "fracture",
        "varicose vein",
        "scar",
        "injury",
        "allergy",
        "lesion",
        "nodule",
        "blister",
        "abscess",
        "hernia",
        "keloid",
        "callus",
        "wrinkle",
        "stretch mark",
        "floater",
        "cataract",
        "aneurysm",
        "clot",
    }
)


def _adjective(word: str) -> bool:
    return word.endswith(_ADJECTIVE_ENDINGS) and word not in _NOUNS_LIKE_ADJECTIVES


def _plural(term: str) -> str | None:
    last = term.rsplit(" ", 1)[-1]
    if last not in _COUNTABLE and term not in _COUNTABLE:
        return None
    if last.endswith(("s", "x", "ch", "sh")):
        return term + "es"
    if last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u"):
        return term[:-1] + "ies"
    return term + "s"


def reduce_description(description: str) -> list[str]:
    """The short names a code's description yields (none if it names no condition)."""
    text = _BRACKETS.sub("", description).strip().lower()
    text = text.replace("\u2019", "'")
    head = _CUTS.split(" " + text + " ", maxsplit=1)[0].strip()
    head = _LEADING.sub("", head)
    # A head of single words joined by "and"/"or" names each ("dizziness and
    # giddiness"); other coordinations are left out ("typhoid and paratyphoid
    # fevers"), but each side of a slash that is a name of its own is kept.
    parts = re.split(r"\s+(?:and|or)\s+|/", head)
    if len(parts) > 1 and not all(" " not in p.strip() for p in parts):
        parts = [p for p in parts if len(p.split()) > 1] if "/" in head else []
    out: list[str] = []
    for part in parts:
        name = " ".join(part.split())
        if not name or name in _GENERIC_HEADS or len(name.split()) > _MAX_WORDS:
            continue
        if _NOT_A_CONDITION.search(name):
            continue
        words = name.split()
        if not _ALLOWED_NUMBER.match(name) and not all(_WORD.match(w) for w in words):
            continue
        if len(name) < 4:
            continue
        if _adjective(words[-1]):
            continue
        if len(words) == 2 and words[1] in _NEEDS_NOUN_BEFORE and _adjective(words[0]):
            continue
        out.append(name)
    return out


def _variants(name: str) -> list[str]:
    """The name, its plural if it is countable, and a possessive without its
    apostrophe ("Parkinsons disease"; an eponym also without the s)."""
    out = [name]
    if "'" not in name:
        plural = _plural(name)
        if plural:
            out.append(plural)
        return out
    out.append(name.replace("'s", "s"))
    words = name.split(" ")
    if len(words) > 1 and any(w.endswith("'s") and w[:1].isupper() for w in words):
        out.append(" ".join(w[:-2] if w.endswith("'s") else w for w in words))
    return out


def _restore_case(name: str, proper: Sequence[str]) -> str:
    """Eponyms keep their capital ("Parkinson's disease", not "parkinsonism")."""
    words = name.split(" ")
    for i, word in enumerate(words):
        for noun in proper:
            low = noun.lower()
            if word == low or word.startswith(low + "'"):
                words[i] = noun + word[len(noun) :]
    return " ".join(words)


def conditions_from_rows(rows: Iterable[Row], curated: dict[str, Any]) -> list[str]:
    """Reduce code-set rows to condition names, add the curated ones, drop the
    ambiguous ones; sorted, without duplicates (ignoring case)."""
    section = curated["conditions"]
    excluded = {
        str(k).lower()
        for key in ("exclude", "capitals_only")
        for k in section.get(key, {})
    }
    proper = [str(p) for p in section.get("proper_nouns", [])]
    names: dict[str, str] = {}

    def add(term: str) -> None:
        key = term.lower()
        if key not in excluded:
            names.setdefault(key, term)

    for code, description in rows:
        code = code.replace(".", "").upper()
        if code[:1] in SKIPPED_CHAPTERS:
            continue
        if len(code) > 3 and code.startswith(_CATEGORY_ONLY):
            continue
        for name in reduce_description(description):
            for form in _variants(_restore_case(name, proper)):
                add(form)
    for key in list(names):
        qualifier, _, rest = key.partition(" ")
        if qualifier in _QUALIFIERS and rest in names:
            del names[key]
    for term in section.get("synonyms", []):
        for form in _variants(str(term)):
            add(form)
    return sorted(names.values(), key=lambda t: (t.lower(), t))


def rows_from_package() -> list[Row]:
    """Categories and four-character subcategories of the installed code set."""
    import simple_icd_10_cm as cm  # type: ignore[import-untyped]  # `lexicon` extra

    return [
        (code, str(cm.get_description(code)))
        for code in cm.get_all_codes(with_dots=False)
        if cm.is_category_or_subcategory(code) and len(code) <= 4
    ]


def code_set_version() -> str:
    from importlib.metadata import version

    return f"simple-icd-10-cm {version('simple-icd-10-cm')}"


def build(rows: Iterable[Row], curated: dict[str, Any], source: str) -> dict[str, Any]:
    """The lexicon pack as data."""
    conditions = conditions_from_rows(rows, curated)
    section = curated["conditions"]
    ordinary = ", ".join(str(k) for k in section.get("exclude", {}))
    capitals = ", ".join(str(k) for k in section.get("capitals_only", {}))
    return {
        "pack": "lexicon",
        "title": "Lexicon of conditions, treatments and body functions",
        "version": "1.0.0",
        "description": (
            "Term lists for rules to draw on; this pack holds no rules. Condition "
            f"names are reduced from ICD-10-CM descriptions ({source}) and joined by "
            "curated consumer names and abbreviations; treatments and body functions "
            "are curated. Term lists match ignoring case, so these names are left "
            f"out as ordinary words or not condition names: {ordinary}. These "
            f"abbreviations name a condition only in capitals: {capitals}; they are "
            "left out too, and a rule that needs them writes them in a "
            "`case_sensitive` pattern."
        ),
        "terms": {
            "condition-lexicon": {
                "description": (
                    "Diseases, disorders and symptoms by the names people write, from "
                    "ICD-10-CM and curated consumer names. Plurals are listed where "
                    "the name is countable; no other inflection."
                ),
                "inflect": False,
                "terms": conditions,
            },
            "treatment-lexicon": {
                "description": (
                    "Regenerative, cell and tissue, infusion, hormone and other "
                    "wellness treatments and product names clinics sell (curated)."
                ),
                "inflect": True,
                "terms": _unique(curated["treatments"]),
            },
            "body-function-lexicon": {
                "description": (
                    "Body structures and functions that benefit claims are made about "
                    "(curated)."
                ),
                "inflect": True,
                "terms": _unique(curated["body_functions"]),
            },
        },
    }


def _unique(terms: Iterable[Any]) -> list[str]:
    seen: dict[str, str] = {}
    for term in terms:
        seen.setdefault(str(term).lower(), str(term))
    return sorted(seen.values(), key=lambda t: (t.lower(), t))


HEADER = (
    "# Generated by scripts/build_lexicon.py from ICD-10-CM and "
    "scripts/lexicon_curated.yaml.\n"
    "# Do not edit: change the script or the curated file and run it again.\n"
)


def render(pack: dict[str, Any]) -> str:
    return HEADER + yaml.safe_dump(
        pack, sort_keys=False, allow_unicode=True, width=88, default_flow_style=False
    )


def load_curated(path: Path = CURATED) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    return data


def generate() -> str:
    return render(build(rows_from_package(), load_curated(), code_set_version()))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the file")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    text = generate()
    if args.check:
        current = args.output.read_text(encoding="utf-8")
        if current != text:
            print(f"{args.output} is out of date: run {sys.argv[0]}", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
