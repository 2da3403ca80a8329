"""Sentence facts: each with a table of sentences where it holds and where it does not.

The claim under test is marked ``[[...]]``; the fact is computed for that span, its
clause and its sentence, as the engine does.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cliniclint.matching.facts import FACTS, Site
from cliniclint.matching.matchers import CLAUSE_BREAK, clause_breaks, clause_span
from cliniclint.packs import taxonomy
from cliniclint.packs.schema import BadExample

# fact -> (sentences where it holds, sentences where it does not)
TABLE: dict[str, tuple[list[str], list[str]]] = {
    "negated": (
        [
            "There is no [[cure]] for emphysema.",
            "Stem cells have not been approved to [[treat arthritis]].",
            "Nothing shows that IV drips [[ease hangovers]].",
            "These shots are unable to [[repair cartilage]].",
            "Exosomes [[reverse arthritis]], which has not been proven.",
            "Cells that [[repair any tissue]] no longer exist in the adult body.",
            "Although the shots cannot [[cure]] gout, they ease the pain.",
            "In many countries gout is poorly known and insufficiently [[treated]].",
            "Do stem cells cure arthritis? No, they do not [[cure arthritis]].",
            "PRP is no [[better than a placebo]] for knee arthritis.",
        ],
        [
            "There is no cure for emphysema, but our cells [[reverse]] it.",
            "Our PRP [[heals tendons]] with no downtime.",
            "We help patients who have not responded to [[treat]]ment.",
            "While not confirmed, stem cells [[reduce migraines]].",
            "No more pain: exosomes [[heal]] your knees.",
            "Do you need surgery too? No, our cream [[prevents pregnancy]] alone.",
            "There is no faster or [[safer way]] to get vitamins into the body.",
            "Although the shots cannot cure gout, they much [[reduce]] the tremors.",
        ],
    ),
    "question": (
        ["Can stem cells [[treat]] knee arthritis?", "Is PRP right for [[you]]? "],
        [
            "Did you know stem cells [[treat]] arthritis?",
            "Stem cells [[treat]] arthritis.",
        ],
    ),
    "hypothetical": (
        [
            "Stem cells may one day [[treat]] Parkinson's.",
            "Researchers hope exosomes will [[repair]] nerves.",
            "If a shot ever arrives that can [[cure]] gout, you will hear of it.",
        ],
        ["Stem cells [[treat]] Parkinson's today."],
    ),
    "attributed": (
        [
            "The clinic claimed its shots [[reverse aging]].",
            "Some clinics promise that stem cells [[cure]] autism.",
            "According to the ad, PRP [[heals]] every injury.",
            "The product was marketed as a way to [[prevent]] colds.",
            "Patients arrive having read that cells [[cure]] MS.",
            "Some spas market cord-derived drips as a way to [[cure]] lupus.",
            "Ask your doctor before buying a pill that claims to [[cure]] gout.",
            "Experts in sports medicine say such shots [[heal]] nothing.",
            "The society has endorsed one transplant as a [[safe]] option.",
            "In her surgeon's words, surgery was the [[only option]] left.",
            "A lot of osteopaths [[treat]] only back problems.",
            "Physiotherapists commonly [[treat]] sprained ankles.",
            "Clinicians have applied platelet gels to [[promote healing]] of ulcers.",
        ],
        [
            "Our stem cells [[cure]] autism.",
            "We promise that PRP [[heals]] every injury.",
            "Our surgeons [[treat]] torn tendons with stem cells.",
            "Surgeons at the clinic [[repair]] knees with stem cells.",
            "According to our supplier, the cells have [[zero side effects]].",
        ],
    ),
    "regulatory": (
        [
            "Products intended to [[treat]] disease require FDA approval.",
            "The complaint alleges the firm said its cells [[cure]] MS.",
            'The FDA warns about clinics that say their cells "[[cure]] arthritis".',
            "Under the FTC Act, claims that a product can [[cure]] disease must be "
            "backed by evidence.",
            "Clinical guidelines recommend physiotherapy to [[ease]] back pain.",
            "NICE advises against injections for [[back pain]].",
        ],
        ["Our cells [[cure]] arthritis.", "Exosomes are intended to [[heal]] skin."],
    ),
    "definition": (
        [
            "PRP is a procedure used to [[treat]] tendon injuries.",
            "Ketamine is used for [[depression]] in hospitals.",
            "Platelets are blood fragments that help wounds [[heal]].",
            "Gout is a disease of the [[joints]] caused by uric acid.",
            "The drug is also used, rarely, to [[treat]] hiccups.",
            "Medicines for preventing gout attacks (flares) [[include]] colchicine.",
            "Blood stem cells divide slowly; their main job is to [[repair]] tissue.",
        ],
        [
            "Our medicines for gout [[include]] stem cell drips.",
            "Stem cells [[repair]] tissue; their job is to heal your knee.",
            "Our PRP is a procedure used to [[treat]] tendon injuries.",
            "PRP [[heals]] tendon injuries.",
            "PRP is used to, rarely, [[treat]] hiccups.",
        ],
    ),
    "research": (
        [
            "Stem cells are being studied for [[heart failure]].",
            "A randomized trial is testing exosomes for [[arthritis]].",
            "Research on PRP for tendon injuries is still [[ongoing]].",
            "Scientists everywhere are searching for ways to [[treat]] lupus.",
            "Larger trials will clarify how [[safe]] the shots are.",
            "A systematic review of PRP for [[hair loss]] found twelve trials.",
            "No serious [[adverse events]] were reported in the trial.",
        ],
        [
            "Stem cells [[cure]] heart failure.",
            "Our shots have no [[side effects]], as thousands of patients report.",
        ],
    ),
    "hedged": (
        ["PRP may [[help]] knee pain.", "Exosomes could potentially [[heal]] skin."],
        ["PRP [[heals]] knee pain."],
    ),
    "statistic": (
        [
            "Knee pain [[affects]] 25% of adults over 50.",
            "Diabetes is the leading cause of [[neuropathy]].",
            "Pattern baldness is the most common form of [[hair loss]].",
            "Each year 52% of adults have a headache disorder and 14% report "
            "[[migraine]].",
        ],
        [
            "85% of our patients [[improved]] after one session.",
            "Stem cells cut knee pain in 80% of [[people]].",
            "In 60% of people, patients reported less [[pain]] within a week.",
        ],
    ),
    "risk-statement": (
        [
            "Injections can cause infections and [[pain]].",
            "Side effects of the drip include [[nausea]].",
            "Each option has drawbacks when used to [[stimulate healing]].",
        ],
        [
            "PRP lowers the risk of [[re-injury]].",
            "There is no risk of [[rejection]].",
        ],
    ),
    "noun-use": (
        [
            "Back pain is how the body asks for [[help]].",
            "Muscles do the job without outside [[help]].",
            "Pair the shots with a [[lower]]-calorie diet.",
            "Typical [[healing]] times: six weeks for a sprain.",
            "Once hormone levels get out of [[balance]], sleep suffers.",
        ],
        [
            "Our pellets [[balance]] your hormones.",
            "The shots cut [[healing]] time in half for a sprain.",
            "PRP shots [[help]] knee pain.",
            "Call us for [[help]] with knee pain.",
            "Exosomes [[lower]] inflammation.",
        ],
    ),
    "heading": ([], []),
    "standard-care": ([], []),
    "no-known-cure": ([], []),
    "evidence-limited": (
        [
            "Studies [[suggest]] PRP helps tendons, though more research is needed.",
            "Some evidence [[suggests]] it helps; the evidence is limited.",
            "The trials [[found]] no clear difference between the groups.",
            "PRP [[helps]] some knees, though the data on it in adults over fifty "
            "is still somewhat mixed.",
            "These [[testimonials]] are one client's view and are not evidence.",
        ],
        [
            "Studies [[prove]] that PRP heals tendons.",
            "The evidence in diabetes is mixed, but for joints stem cells [[heal]] "
            "every time.",
        ],
    ),
    "licensed-product": ([], []),
}


def _site(marked: str, lists: dict[str, str] | None = None) -> Site:
    """The site of the marked claim; ``lists`` names a term list for each of some
    words of the sentence."""
    example = BadExample(text=marked)
    text = example.plain
    ((start, end),) = example.spans()
    sentence = (0, len(text.rstrip()))
    terms = tuple(
        (at, at + len(word), frozenset({name}))
        for word, name in (lists or {}).items()
        for at in [text.index(word)]
    )
    return Site(
        text, sentence, clause_span(text, *sentence, start), start, end, terms, None
    )


CASES = [
    (name, marked, holds)
    for name, (yes, no) in TABLE.items()
    for holds, group in ((True, yes), (False, no))
    for marked in group
]


@pytest.mark.parametrize(("name", "marked", "holds"), CASES)
def test_fact_table(name: str, marked: str, holds: bool) -> None:
    assert FACTS[name].test(_site(marked)) is holds


def test_every_fact_is_named_in_the_taxonomy_and_tabled() -> None:
    assert tuple(FACTS) == taxonomy.SENTENCE_FACTS
    assert set(TABLE) == set(FACTS)


def test_standard_care_reads_the_sentence_terms() -> None:
    fact = FACTS["standard-care"].test
    triptans = {"Triptans": "conventional-care", "migraine": "conditions"}
    assert fact(_site("Triptans [[relieve]] migraine pain.", triptans))
    after_drug = {"triptans": "conventional-care"}
    assert not fact(_site("Our drops [[relieve]] pain after triptans.", after_drug))
    mixed = {"triptans": "conventional-care", "PRP": "treatments"}
    assert not fact(_site("Unlike triptans, PRP [[relieves]] migraines.", mixed))
    # The clinic's treatment in another clause: the claim is still the drug's.
    contrast = {"Cortisone": "conventional-care", "PRP": "treatments"}
    assert fact(
        _site("Cortisone [[eases]] pain for weeks, but PRP is unproven.", contrast)
    )
    assert not fact(
        _site(
            "We prescribe triptans to [[relieve]] pain.",
            {"triptans": "conventional-care"},
        )
    )
    after = {"surgery": "conventional-care"}
    assert not fact(_site("Drops that [[reduce]] pain after surgery.", after))
    means = {"standard drugs": "conventional-care"}
    assert fact(_site("Migraines are hard to [[treat]] with standard drugs.", means))
    # advice to take a standard medicine for the need the sentence names
    ibuprofen = {"ibuprofen": "conventional-care"}
    assert fact(
        _site("For [[pain relief]] after the shot, you can take ibuprofen.", ibuprofen)
    )
    at_home = {"acetaminophen": "conventional-care"}
    assert fact(
        _site("Where [[pain relief]] is needed at home, use acetaminophen.", at_home)
    )
    assert not fact(
        _site("For [[pain relief]], you may take our drops.", {"drops": "treatments"})
    )


def test_no_known_cure_informs_unless_the_seller_speaks() -> None:
    fact = FACTS["no-known-cure"].test
    tinnitus = {"Tinnitus": "conditions"}
    assert fact(_site("Tinnitus has no known cure, but it often [[fades]].", tinnitus))
    assert fact(_site("Gout can't be cured, though it can [[ease]] with time.", {}))
    # The clinic's treatment, its voice, or a word to the reader make it a pitch.
    prp = {"PRP": "treatments"}
    assert not fact(_site("There is no cure, but PRP [[relieves]] the pain.", prp))
    assert not fact(_site("There is no cure, but we [[ease]] the pain.", {}))
    assert not fact(_site("There is no cure, yet your body can [[clear]] it.", {}))
    assert not fact(_site("Our shots [[ease]] gout pain.", {}))


def test_licensed_product_is_not_our_product() -> None:
    fact = FACTS["licensed-product"].test
    licensed = {"Ryoncil": "licensed-products"}
    assert fact(_site("Ryoncil is approved for [[GVHD]] in children.", licensed))
    assert not fact(_site("Our Ryoncil infusions [[cure]] GVHD.", licensed))


def test_heading_reads_the_block_kind() -> None:
    site = _site("Stem Cell Therapy for [[COPD]]")
    assert not FACTS["heading"].test(site)
    titled = Site(
        site.text, site.sentence, site.clause, site.start, site.end, site.terms, "title"
    )
    assert FACTS["heading"].test(titled)


# The clause breaks as first written: one alternative after another.
PLAIN_BREAK = re.compile(
    r";|:\s|\s-{1,2}\s|,?\s+(?=(?:but|however|although|though|whereas)\b)"
    r"|,\s+(?=(?:so|yet)\b)",
    flags=re.IGNORECASE,
)

BREAK_PIECES = (";", ":", ",", " ", "\n", "\u00a0", "-", "--", "But", "however")
BREAK_PIECES += ("though", "whereas", "so", "YET", "soon", "butter", "x")


def test_clause_breaks() -> None:
    text = "It heals; see: it helps - truly, but slowly, so rest, yet not yet -so"
    found = [(s, text[s:e]) for s, e in clause_breaks(text, 0, len(text))]
    assert found == [
        (8, ";"),
        (13, ": "),
        (23, " - "),
        (31, ", "),
        (43, ", "),
        (52, ", "),
    ]


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.sampled_from(BREAK_PIECES),
        max_size=14,
    ),
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_clause_breaks_as_first_written(words: list[str], pos: int, end: int) -> None:
    # Each break is found from the character it starts with; where a match starts
    # and which alternative wins must stay as the plain alternation has them.
    text = "".join(words)
    plain = [m.span() for m in PLAIN_BREAK.finditer(text, pos, end)]
    assert [m.span() for m in CLAUSE_BREAK.finditer(text, pos, end)] == plain
