"""Languages: each document's (and block's) language, rules gated by their pack's
language, per-language sentence facts, inflection and rewrites."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from cliniclint.documents import read_document
from cliniclint.engine import CompiledRules, Selection, compile_rules, lint_text
from cliniclint.engine.ruleset import PackSet, load_packs
from cliniclint.matching.doclang import declared_language, document_languages
from cliniclint.matching.facts import FACTS, Site
from cliniclint.matching.languages import language

SPANISH_PAGE = (
    "Nuestra clínica ofrece terapia con células madre en la ciudad.\n\n"
    "Las células madre tratan la artrosis de rodilla y muchas otras "
    "enfermedades de las articulaciones.\n\n"
    "Agende su cita con nuestro equipo médico para conocer el procedimiento.\n"
)
ENGLISH_PAGE = (
    "Our clinic offers stem cell therapy downtown.\n\n"
    "Stem cells treat knee arthritis and many other joint diseases.\n\n"
    "Book a consultation with our medical team to learn about the procedure.\n"
)


@pytest.fixture(scope="module")
def bundled() -> PackSet:
    return load_packs()


@pytest.fixture(scope="module")
def rules(bundled: PackSet) -> CompiledRules:
    return compile_rules(bundled)


def _ids(findings: list[object]) -> set[str]:
    return {f.rule_id for f in findings}  # type: ignore[attr-defined]


def test_spanish_page_is_detected_and_judged_by_spanish_rules(
    rules: CompiledRules,
) -> None:
    findings = lint_text(SPANISH_PAGE, rules, "pagina.md", "markdown")
    ids = _ids(findings)
    assert "es-disease-claim" in ids
    assert all(i.startswith("es-") for i in ids), ids
    claim = next(f for f in findings if f.rule_id == "es-disease-claim")
    assert claim.match == "tratan la artrosis"
    assert claim.rewrite == (
        "La investigación sobre células madre para artrosis y enfermedades de las "
        "articulaciones sigue en curso; su uso para artrosis y enfermedades de las "
        "articulaciones no está autorizado por la autoridad sanitaria y sus "
        "beneficios no están demostrados."
    )
    # The page-level statements asked for are the Spanish ones.
    assert "fda-status-missing" not in ids
    assert "es-approval-status-missing" in ids


def test_english_page_runs_no_spanish_rule(rules: CompiledRules) -> None:
    ids = _ids(lint_text(ENGLISH_PAGE, rules, "page.md", "markdown"))
    assert "disease-claim" in ids
    assert not any(i.startswith(("es-", "pt-")) for i in ids)


def test_a_spanish_paragraph_in_an_english_page_keeps_its_language(
    rules: CompiledRules,
) -> None:
    page = (
        ENGLISH_PAGE
        + "\nEn nuestra clínica, el plasma rico en plaquetas cura la tendinitis "
        "crónica del codo en pocas semanas, según nuestros médicos.\n"
    )
    doc = read_document("page.md", page)
    langs = document_languages(doc)
    assert langs.main == "en"
    assert langs.at(page.index("Stem cells")) == "en"
    assert langs.at(page.index("plasma rico")) == "es"
    findings = lint_text(page, rules, "page.md", "markdown")
    spanish = [f for f in findings if f.rule_id.startswith("es-")]
    assert {f.rule_id for f in spanish} >= {"es-cure-claim"}
    assert all(f.match and f.match in page[page.index("En nuestra") :] for f in spanish)
    # Page statements follow the main language.
    assert "disclaimer-missing" in _ids(findings)
    assert "es-disclaimer-missing" not in _ids(findings)


def test_loan_words_do_not_make_a_page_spanish() -> None:
    doc = read_document("p.md", "We had a café latte with the señor after the visit.")
    assert document_languages(doc).main == "en"
    assert not document_languages(doc).mixed


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("p.md", "---\ntitle: X\nlang: es-MX\n---\nStem cells treat arthritis.", "es"),
        ("p.md", "---\nlanguage: pt\n---\nText.", "pt"),
        ("p.html", '<html lang="pt-BR"><body><p>Text.</p></body></html>', "pt"),
        ("p.html", '<html lang="de"><body><p>Text.</p></body></html>', None),
        ("p.txt", "lang: es\nText.", None),
    ],
)
def test_declared_language(name: str, raw: str, expected: str | None) -> None:
    assert declared_language(read_document(name, raw)) == expected


def test_declared_language_wins_over_detection_and_setting() -> None:
    raw = "---\nlang: pt\n---\nStem cells treat knee arthritis in our clinic.\n"
    doc = read_document("p.md", raw)
    assert document_languages(doc, "es").main == "pt"
    plain = read_document("p.txt", "Stem cells treat knee arthritis.")
    assert document_languages(plain, "es").main == "es"


@pytest.mark.slow
def test_configured_language_runs_the_spanish_rules_on_unaccented_text(
    bundled: PackSet,
) -> None:
    text = "Las celulas madre curan la artrosis."
    auto = compile_rules(bundled)
    forced = compile_rules(bundled, Selection(language="es"))
    assert not any(f.rule_id.startswith("es-") for f in lint_text(text, auto))
    found = lint_text(text, forced)
    assert "es-cure-claim" in _ids(found)
    assert not any(not f.rule_id.startswith("es-") for f in found)


def _site(text: str, code: str, word: str) -> Site:
    start = text.index(word)
    return Site(
        text,
        (0, len(text)),
        (0, len(text)),
        start,
        start + len(word),
        frozenset({f"{code}-treatments", f"{code}-conditions"}),
        language=code,
    )


@pytest.mark.parametrize(
    ("code", "text", "word", "fact", "holds"),
    [
        ("es", "Las células madre no curan la artrosis.", "curan", "negated", True),
        ("es", "Las células madre curan la artrosis.", "curan", "negated", False),
        (
            "es",
            "No más dolor: las células madre curan la artrosis.",
            "curan",
            "negated",
            False,
        ),
        ("es", "¿Las células madre curan la artrosis?", "curan", "question", True),
        (
            "es",
            "Según algunas clínicas, el PRP cura la artrosis.",
            "cura",
            "attributed",
            True,
        ),
        ("es", "El PRP puede aliviar la tendinitis.", "aliviar", "hedged", True),
        (
            "es",
            "El PRP está siendo estudiado para la tendinitis.",
            "estudiado",
            "research",
            True,
        ),
        ("pt", "As células-tronco não curam a artrose.", "curam", "negated", True),
        ("pt", "O PRP não tem efeitos colaterais.", "efeitos", "negated", False),
        ("pt", "O PRP pode aliviar a tendinite.", "aliviar", "hedged", True),
        ("pt", "Segundo a Anvisa, o PRP não é aprovado.", "PRP", "attributed", True),
        ("en", "Stem cells do not cure arthritis.", "cure", "negated", True),
    ],
)
def test_facts_read_the_tables_of_the_sentence_language(
    code: str, text: str, word: str, fact: str, holds: bool
) -> None:
    assert FACTS[fact].test(_site(text, code, word)) is holds


@pytest.mark.parametrize(
    ("code", "term", "forms"),
    [
        ("es", "célula madre", {"células madre"}),
        ("es", "curar", {"cura", "curan", "curó", "curando"}),
        ("es", "ayudar a", {"ayuda a", "ayudan a"}),
        ("es", "revertir", {"revierte", "revierten"}),
        ("es", "inyección", {"inyecciones"}),
        ("pt", "injeção", {"injeções"}),
        ("pt", "reduzir", {"reduz", "reduzem"}),
        ("pt", "tratar", {"trata", "tratam", "tratou"}),
        ("en", "stem cell", {"stem cells"}),
    ],
)
def test_inflection_per_language(code: str, term: str, forms: set[str]) -> None:
    assert forms <= set(language(code).variants(term))


def test_pack_language_is_validated(tmp_path: Path) -> None:
    from cliniclint.errors import SourceError

    pack = tmp_path / "p.yaml"
    pack.write_text("pack: p\ntitle: P\nversion: '1'\nlanguage: fr\nrules: []\n")
    with pytest.raises(SourceError, match="unknown language 'fr'"):
        load_packs([pack], bundled=False)


@pytest.mark.slow
def test_config_language_is_validated(
    tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.txt").write_text("Las celulas madre curan la artrosis.\n")
    (tmp_path / ".cliniclint.yaml").write_text("language: fr\n")
    bad = cli("lint", "page.txt")
    assert bad.exit_code == 2
    (tmp_path / ".cliniclint.yaml").write_text(
        "language: auto\noverrides:\n  - files: ['*.txt']\n    language: es\n"
    )
    good = cli("lint", "--format", "concise", "page.txt")
    assert "[es-cure-claim]" in good.output
    assert "[cure-claim]" not in good.output


# Sentences in the three languages with the words the tables look for, written in
# mixed case so that the lower-case tables have something to agree on.
CASED_SENTENCES = (
    "There Is No Cure For Migraine, But It May Ease With Time.",
    "The FDA Sent A Warning Letter; The Complaint Alleges Misbranding.",
    "Researchers Hope Stem Cells Could One Day Repair Cartilage?",
    "According To The Company, Its Shots Reverse Aging In 90% Of Patients.",
    "We Do Not Claim That PRP Cures Arthritis; More Research Is Needed.",
    "Infections And Swelling Are Possible Side Effects Of Any Injection.",
    "I Filed An IND Before The BLA.",
    "Las Células Madre No Curan La Artrosis, Según Los Investigadores.",
    "As Células-Tronco Podem Causar Infecções E Ainda Estão Em Estudo.",
)


@pytest.mark.parametrize("code", ["en", "es", "pt"])
def test_lower_case_tables_find_what_the_tables_find(code: str) -> None:
    import dataclasses

    from cliniclint.matching.languages import tables

    written, lowered = tables(code), tables(code, lowered=True)
    searched = [f for f in dataclasses.fields(written) if f.type == "WordSearch"]
    assert len(searched) > 20
    for field in searched:
        for sentence in CASED_SENTENCES:
            lower = sentence.lower()
            assert len(lower) == len(sentence)
            before = getattr(written, field.name)
            after = getattr(lowered, field.name)
            assert [m.span() for m in before.finditer(sentence)] == [
                m.span() for m in after.finditer(lower)
            ], field.name
            found, again = before.search(sentence, 3), after.search(lower, 3)
            assert (found and found.span()) == (again and again.span()), field.name
            assert bool(before.match(sentence, 0, len(sentence))) == bool(
                after.match(lower, 0, len(lower))
            )


def test_lower_case_tables_wait_until_a_process_has_judged_enough_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cliniclint.matching import languages

    monkeypatch.setattr(languages, "_judged", {})
    limit = languages.LOWER_CASE_AFTER
    assert languages.lower_case_tables("en", limit - 10) is False
    assert languages.lower_case_tables("es", 20) is False
    assert languages.lower_case_tables("en", 10) is True
    assert languages.lower_case_tables("es", 1) is False
