"""The bundled packs: their own examples, coverage of the taxonomy, documentation
fields, commercial context and the jurisdiction profiles."""

from __future__ import annotations

import pytest
import regex

from cliniclint.engine import CompiledRules, Selection, compile_rules, lint_text
from cliniclint.engine.ruleset import PackSet, load_packs, read_pack
from cliniclint.evaluation.ruletest import run_checks
from cliniclint.findings import Severity
from cliniclint.kinds.required.shape import RequiredRule
from cliniclint.packs import taxonomy
from cliniclint.packs.citations import load_catalogue
from cliniclint.packs.locations import bundled_pack_files

CALIFORNIA_NOTICE = (
    "THIS NOTICE MUST BE PROVIDED TO YOU UNDER CALIFORNIA LAW. This health care "
    "practitioner performs one or more stem cell therapies that have not been approved "
    "by the United States Food and Drug Administration. You are encouraged to consult "
    "with your primary care physician prior to undergoing a stem cell therapy."
)
UTAH_NOTICE = (
    "THIS NOTICE MUST BE PROVIDED TO YOU UNDER UTAH LAW. This health care practitioner "
    "performs one or more stem cell therapies that have not yet been approved by the "
    "United States Food and Drug Administration. You are encouraged to consult with "
    "your primary care provider before undergoing a stem cell therapy."
)
STEM_CELL_PAGE = (
    "Stem cell therapy for knee pain at our Los Angeles clinic.\n"
    "This treatment has not been approved by the U.S. Food and Drug Administration "
    "(FDA).\n"
)
URL = regex.compile(r"https?://\S+")


def all_profiles() -> tuple[str, ...]:
    found = {read_pack(path).pack.profile for path in bundled_pack_files()}
    return tuple(sorted(p for p in found if p))


@pytest.fixture(scope="module")
def bundled() -> PackSet:
    """The bundled packs without any profile (what `cliniclint lint` uses)."""
    return load_packs()


@pytest.fixture(scope="module")
def everything() -> PackSet:
    """The bundled packs with every profile loaded."""
    return load_packs([], all_profiles())


@pytest.fixture(scope="module")
def default_rules(bundled: PackSet) -> CompiledRules:
    return compile_rules(bundled, Selection())


@pytest.mark.slow
def test_rules_test_passes_over_bundled_packs(everything: PackSet) -> None:
    outcome = run_checks(everything, coverage=True)
    assert outcome.failures == []
    assert outcome.rules >= 30


def test_every_taxonomy_category_has_a_rule(everything: PackSet) -> None:
    covered = {rule.category for _, rule in everything.rules()}
    assert {c.id for c in taxonomy.CATEGORIES} <= covered


def test_default_packs_cover_every_category_but_the_profile_ones(
    bundled: PackSet,
) -> None:
    covered = {rule.category for _, rule in bundled.rules()}
    missing = {c.id for c in taxonomy.CATEGORIES} - covered
    assert missing <= {"state-notice-missing", "jurisdiction-restriction"}


def test_terms_pack_holds_only_term_lists(everything: PackSet) -> None:
    terms = next(lp for lp in everything.packs if lp.pack.pack == "terms")
    assert terms.pack.rules == []
    for name in (
        "treatments",
        "conditions",
        "negations",
        "hedges",
        "licensed-products",
        "research-framing",
        "commercial-signals",
        "conventional-care",
    ):
        assert name in terms.pack.terms


def test_every_rule_is_documented(everything: PackSet) -> None:
    for loaded, rule in everything.rules():
        where = f"{loaded.path}: {rule.id}"
        assert URL.search(rule.why), where
        refs = rule.references or loaded.pack.references
        assert any(r.url.startswith("http") for r in refs), where
        assert rule.suggestions or rule.advice, where
        assert len(rule.examples.bad) >= 3, where
        assert len(rule.examples.good) >= 3, where
        if not isinstance(rule, RequiredRule):
            assert all("[[" in bad.text for bad in rule.examples.bad), where


def test_every_bundled_reference_has_a_title_in_the_catalogue(
    everything: PackSet,
) -> None:
    catalogue = load_catalogue()
    for loaded, rule in everything.rules():
        for citation in rule.references or loaded.pack.references:
            title = citation.title or catalogue.title(citation.url)
            assert title, f"{loaded.path}: {rule.id}: no title for {citation.url}"
        references = everything.references(loaded, rule)
        assert references, f"{loaded.path}: {rule.id}"
        assert all(r.title != r.url for r in references), rule.id


def test_every_bundled_rule_has_a_known_jurisdiction(everything: PackSet) -> None:
    known = set(load_catalogue().jurisdictions)
    for loaded, rule in everything.rules():
        assert everything.jurisdiction(loaded, rule) in known, rule.id
        # ``global`` is for rules that name none: every bundled rule names one.
        assert (rule.jurisdiction or loaded.pack.jurisdiction) in known, rule.id
    by_pack = {lp.pack.pack: lp.pack.jurisdiction for lp in everything.packs}
    assert by_pack["claims"] == "us-federal"
    assert by_pack["profile-uk-cap"] == "uk-cap"
    assert by_pack["profile-au-tga"] == "au-tga"
    assert by_pack["profile-us-ca"] == "us-ca"


def test_every_profile_pack_has_a_profile(everything: PackSet) -> None:
    profiles = {
        lp.pack.profile
        for lp in everything.packs
        if lp.pack.pack.startswith("profile-")
    }
    assert profiles == {"us-ca", "us-ut", "us-wa", "au-tga", "uk-cap"}


def _lint(packs: PackSet, text: str) -> list[tuple[str, str, Severity]]:
    rules = compile_rules(packs, Selection())
    return [(f.rule_id, f.match, f.severity) for f in lint_text(text, rules)]


@pytest.mark.slow
def test_california_profile_suggests_the_exact_statutory_notice() -> None:
    packs = load_packs([], ["us-ca"])
    rules = compile_rules(packs, Selection())
    findings = [
        f
        for f in lint_text(STEM_CELL_PAGE, rules)
        if f.category == "state-notice-missing"
    ]
    assert len(findings) == 1
    finding = findings[0]
    assert finding.is_page_level
    assert finding.rule_id == "california-stem-cell-notice-missing"
    assert finding.suggestions[0] == CALIFORNIA_NOTICE
    with_notice = STEM_CELL_PAGE + CALIFORNIA_NOTICE + "\n"
    assert not [
        f for f in lint_text(with_notice, rules) if f.category == "state-notice-missing"
    ]


@pytest.mark.slow
def test_california_notice_must_be_exact() -> None:
    rules = compile_rules(load_packs([], ["us-ca"]), Selection())
    lowered = (
        STEM_CELL_PAGE + CALIFORNIA_NOTICE.replace("THIS NOTICE", "This notice") + "\n"
    )
    paraphrase = (
        STEM_CELL_PAGE + CALIFORNIA_NOTICE.replace("physician", "doctor") + "\n"
    )
    for text in (lowered, paraphrase):
        assert [
            f for f in lint_text(text, rules) if f.category == "state-notice-missing"
        ]


def test_profiles_load_only_when_chosen(bundled: PackSet) -> None:
    ids = {rule.id for _, rule in bundled.rules()}
    assert "california-stem-cell-notice-missing" not in ids
    assert "tga-cell-product-reference" not in ids


@pytest.mark.slow
def test_utah_profile_suggests_the_utah_text() -> None:
    rules = compile_rules(load_packs([], ["us-ut"]), Selection())
    found = [
        f
        for f in lint_text(STEM_CELL_PAGE, rules)
        if f.category == "state-notice-missing"
    ]
    assert [f.suggestions[0] for f in found] == [UTAH_NOTICE]
    ok = STEM_CELL_PAGE + UTAH_NOTICE + "\n"
    assert not [f for f in lint_text(ok, rules) if f.category == "state-notice-missing"]


@pytest.mark.slow
def test_washington_profile_checks_the_substance_of_the_notice() -> None:
    rules = compile_rules(load_packs([], ["us-wa"]), Selection())
    bare = "Stem cell therapy for knee pain in Seattle.\n"
    assert [f for f in lint_text(bare, rules) if f.category == "state-notice-missing"]
    assert not [
        f
        for f in lint_text(STEM_CELL_PAGE, rules)
        if f.category == "state-notice-missing"
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("profile", "text", "category"),
    [
        ("au-tga", "Ask us about stem cell injections.", "jurisdiction-restriction"),
        ("uk-cap", "Botox from £150 at our clinic.", "jurisdiction-restriction"),
        ("uk-cap", "Our vitamin drip boosts your immune system.", "disease-claim"),
        (
            "uk-cap",
            "A natural alternative to chemotherapy.",
            "discourages-conventional-care",
        ),
    ],
)
def test_jurisdiction_profiles_flag_their_rules(
    profile: str, text: str, category: str
) -> None:
    rules = compile_rules(load_packs([], [profile]), Selection(page_rules=False))
    assert category in {f.category for f in lint_text(text, rules)}


def test_selling_page_raises_a_hedged_disease_claim(bundled: PackSet) -> None:
    rules = compile_rules(bundled, Selection(select=("disease-claim",)))
    educational = "Stem cells may help knee arthritis."
    selling = educational + " Book a free consultation today."
    [edu] = lint_text(educational, rules)
    [sell] = lint_text(selling, rules)
    assert edu.severity == Severity.WARNING
    assert sell.severity == Severity.ERROR


def test_selling_page_keeps_hedged_mechanism_talk_a_warning(bundled: PackSet) -> None:
    rules = compile_rules(bundled, Selection(select=("mechanism-as-proof",)))
    educational = "Laboratory studies suggest stem cells may reduce inflammation."
    selling = educational + " Call us today at (310) 555-0100."
    assert [f.severity for f in lint_text(educational, rules)] == [Severity.INFO]
    assert [f.severity for f in lint_text(selling, rules)] == [Severity.WARNING]


def test_hype_is_advice_unless_the_page_sells(bundled: PackSet) -> None:
    rules = compile_rules(bundled, Selection(select=("hype-language",)))
    assert [f.severity for f in lint_text("A breakthrough therapy.", rules)] == [
        Severity.INFO
    ]
    sold = "A breakthrough therapy. Prices from $900."
    assert [f.severity for f in lint_text(sold, rules)] == [Severity.WARNING]


@pytest.mark.parametrize(
    "text",
    [
        "There is no cure for migraine.",
        "Stem cells have not been approved by the FDA.",
        "Is this treatment FDA-approved?",
        "There are currently no FDA-approved exosome products.",
        "Triptans relieve migraine pain.",
        "FDA-approved tramadol is indicated for pain that requires an opioid.",
        "Ryoncil is approved for steroid-refractory acute GVHD in children.",
        "Stem cell therapy has not been shown to treat arthritis.",
    ],
)
def test_false_positive_guards_stay_quiet(
    default_rules: CompiledRules, text: str
) -> None:
    serious = [
        f
        for f in lint_text(text, default_rules)
        if f.severity >= Severity.WARNING and not f.is_page_level
    ]
    assert serious == []


def test_pivot_after_a_true_statement_is_flagged(default_rules: CompiledRules) -> None:
    text = "There is no cure for arthritis, but our stem cells relieve arthritis pain."
    found = [f for f in lint_text(text, default_rules) if f.rule_id == "disease-claim"]
    assert [f.match for f in found] == ["relieve arthritis"]


COMPLIANT_COPY = [
    # the canonical rewrites the packs suggest (regulation notes §7.2), filled in
    "This treatment has not been approved by the U.S. Food and Drug Administration "
    "(FDA).",
    "Exosome products are not FDA-approved.",
    "Research on stem cells for knee osteoarthritis is ongoing. It has not been shown "
    "in well-controlled clinical trials to treat knee osteoarthritis.",
    "All procedures carry risks, including infection, pain, swelling, and reactions at "
    "the injection site. Using your own cells does not eliminate these risks.",
    "This is offered as part of clinical study NCT01234567 under FDA IND 12345. "
    "Participation is voluntary.",
    "This patient's experience is not typical.",
    "Our tissue supplier is registered with the FDA; registration does not mean FDA "
    "approval or that the treatment is effective.",
    "Talk to your doctor before changing any treatment.",
    "Stem cells are being studied for knee arthritis in clinical trials. They are not "
    "approved by the FDA for knee arthritis, and their benefits are unproven.",
    "Laboratory studies suggest that stem cells reduce inflammation; this has not been "
    "shown to improve arthritis in people.",
    # ordinary, careful clinic copy
    "PRP is made from a sample of your own blood.",
    "Risks include infection, bleeding and pain at the injection site.",
    "Ask your doctor whether physical therapy or surgery is right for you.",
    "Book a consultation to discuss your options.",
    "Individual results vary; this page is not medical advice.",
    "Knee osteoarthritis is a common cause of knee pain in older adults.",
    "We do not offer stem cell treatment for autism, ALS or Parkinson's disease.",
]


@pytest.fixture(scope="module")
def all_but_au(everything: PackSet) -> CompiledRules:
    """Every pack but the Australian one, which forbids naming cell products at all."""
    selection = Selection(page_rules=False, ignore=("pack:profile-au-tga",))
    return compile_rules(everything, selection)


@pytest.mark.parametrize("text", COMPLIANT_COPY)
def test_compliant_rewrites_stay_quiet(all_but_au: CompiledRules, text: str) -> None:
    serious = [f for f in lint_text(text, all_but_au) if f.severity >= Severity.WARNING]
    assert serious == [], [(f.rule_id, f.match) for f in serious]


def test_messages_and_advice_carry_no_stray_line_breaks() -> None:
    """YAML block scalars end in a line break; reports must not show it."""
    from cliniclint.engine.ruleset import load_packs as load

    for _, rule in load(
        profiles=["us-ca", "us-wa", "us-ut", "au-tga", "uk-cap"]
    ).rules():
        for text in (rule.message, rule.why, rule.advice or "", *rule.suggestions):
            assert text == text.strip(), (rule.id, text[-30:])
