"""Citations and jurisdictions on findings, in every format; the catalogue of
references; turning rules off by jurisdiction."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import Result

from cliniclint.errors import SourceError
from cliniclint.packs import taxonomy
from cliniclint.packs.citations import load_catalogue
from support import LINT, ROOT

CLI = Callable[..., Result]
SCHEMA = ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json"
FTC = "https://www.ftc.gov/business-guidance/resources/health-products-compliance-guidance"
FTC_TITLE = "FTC Health Products Compliance Guidance"
ASA = "http://www.asa.org.uk/advice-online/healthcare-medicinal-claims.html"

HOUSE_PACK = f"""\
pack: house
title: House rules
version: "1"
jurisdiction: us-federal
references: [{FTC}]
rules:
  - id: miracle-word
    category: hype-language
    kind: phrase
    phrases: [miracle]
    message: "“{{match}}” is hype."
    why: Hype overstates results.
    advice: Remove it.
    examples: {{bad: ["A [[miracle]]."], good: ["A treatment."]}}
  - id: uk-wonder
    category: hype-language
    kind: phrase
    jurisdiction: uk-cap
    references:
      - {{title: Our own note on wonder claims, url: "https://example.org/wonder"}}
      - {ASA}
    phrases: [wonder drip]
    message: "“{{match}}” is hype."
    why: Hype overstates results.
    advice: Remove it.
    examples: {{bad: ["A [[wonder drip]]."], good: ["A drip."]}}
"""


def house(tmp_path: Path) -> Path:
    path = tmp_path / "house.yaml"
    path.write_text(HOUSE_PACK, encoding="utf-8")
    return path


def page(tmp_path: Path, text: str, name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def json_findings(result: Result) -> list[dict[str, object]]:
    findings: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return findings


# --- on every finding ---------------------------------------------------------------


def test_rule_level_jurisdiction_and_titled_references(
    cli: CLI, tmp_path: Path
) -> None:
    pack = house(tmp_path)
    text = page(tmp_path, "A miracle. A wonder drip.\n")
    result = cli(
        "lint", "--isolated", "--no-bundled", "--pack", str(pack), "--format", "json",
        str(text),
    )  # fmt: skip
    miracle, wonder = json_findings(result)
    assert miracle["rule"] == "miracle-word"
    assert miracle["jurisdiction"] == "us-federal"
    assert miracle["references"] == [{"title": FTC_TITLE, "url": FTC}]
    assert wonder["rule"] == "uk-wonder"
    assert wonder["jurisdiction"] == "uk-cap"
    assert wonder["references"] == [
        {"title": "Our own note on wonder claims", "url": "https://example.org/wonder"},
        {"title": "CAP advice: Healthcare, medicinal claims", "url": ASA},
    ]


@pytest.mark.slow
def test_every_bundled_finding_has_titled_references_and_a_jurisdiction(
    cli: CLI,
) -> None:
    result = cli(
        "lint", "--isolated", "--format", "json", "--fail-on", "never",
        str(ROOT / "fixtures" / "seeds"),
    )  # fmt: skip
    findings = json_findings(result)
    assert len(findings) > 80
    for finding in findings:
        assert finding["jurisdiction"] == "us-federal", finding["rule"]
        references = finding["references"]
        assert isinstance(references, list)
        assert references, finding["rule"]
        for reference in references:
            assert reference["url"].startswith("http")
            assert reference["title"]
            assert reference["title"] != reference["url"]


BARE_PACK = """\
pack: bare
title: A pack that cites nothing
version: "1"
rules:
  - id: house-wonder
    category: hype-language
    kind: phrase
    phrases: [wonder drip]
    message: "“{match}” is hype."
    why: Hype overstates results.
    advice: Remove it.
    examples: {bad: ["A [[wonder drip]]."], good: ["A drip."]}
"""
# A page that gives a finding of every kind: bundled rules (sentences and the page),
# the user's pack above, and each of cliniclint's own checks on waivers.
EVERY_KIND = """\
# Stem cell therapy

<!-- cliniclint-disable-next-line cure-clam -- reviewed -->
Our wonder drip is here. It cures arthritis.

<!-- cliniclint-disable-next-line unproven-claim until=2020-01-01 -- reviewed -->
Book your stem cell injection today.

<!-- cliniclint-disable-next-line category:urgency-pressure -- reviewed -->
A calm sentence.

<!-- cliniclint-disable-next-line cure-claim -->
Another calm sentence.

<!-- cliniclint-disabel hype-word -->
"""


def every_kind(cli: CLI, tmp_path: Path, fmt: str) -> Result:
    (tmp_path / "bare.yaml").write_text(BARE_PACK, encoding="utf-8")
    (tmp_path / ".cliniclint.yaml").write_text(
        "packs: [default, ./bare.yaml]\nrequire_reason: true\nfail_on: never\n",
        encoding="utf-8",
    )
    text = page(tmp_path, EVERY_KIND, "page.md")
    result = cli("lint", "--format", fmt, str(text))
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.slow
def test_every_kind_of_finding_cites_a_titled_source_and_a_jurisdiction(
    cli: CLI, tmp_path: Path
) -> None:
    from cliniclint.findings import RULE_DOCS
    from cliniclint.review.suppressions import TOOL_RULES

    findings = json_findings(every_kind(cli, tmp_path, "json"))
    by_rule = {str(f["rule"]): f for f in findings}
    assert set(TOOL_RULES) <= set(by_rule)
    assert {"house-wonder", "cure-claim", "fda-status-missing"} <= set(by_rule)
    known = set(load_catalogue().jurisdictions)
    for finding in findings:
        references = finding["references"]
        assert isinstance(references, list)
        assert references, finding["rule"]
        for reference in references:
            assert reference["url"].startswith(("https://", "http://")), reference
            assert reference["title"], reference
        assert finding["jurisdiction"] in known, finding["rule"]
    # A rule that cites nothing cites its category's authority and the documentation
    # of its category; cliniclint's own checks cite theirs. Both apply everywhere.
    assert by_rule["house-wonder"]["references"] == [
        {
            "title": "CAP advice: Healthcare, medicinal claims",
            "url": "http://www.asa.org.uk/advice-online/healthcare-medicinal-claims.html",
        },
        {
            "title": "cliniclint rules: Hype language (hype-language)",
            "url": f"{RULE_DOCS}#category-hype-language",
        },
    ]
    assert by_rule["unknown-suppression-rule"]["references"] == [
        {
            "title": "cliniclint rules: Suppression names an unknown rule",
            "url": f"{RULE_DOCS}#unknown-suppression-rule",
        }
    ]
    assert by_rule["house-wonder"]["jurisdiction"] == "global"
    assert by_rule["unused-suppression"]["jurisdiction"] == "global"
    assert by_rule["cure-claim"]["jurisdiction"] == "us-federal"


@pytest.mark.slow
def test_every_kind_of_finding_in_sarif_is_valid_and_cited(
    cli: CLI, tmp_path: Path
) -> None:
    sarif = json.loads(every_kind(cli, tmp_path, "sarif").stdout)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    results = sarif["runs"][0]["results"]
    assert len(results) >= 8
    for result in results:
        assert result["properties"]["references"], result["ruleId"]
        assert result["properties"]["jurisdiction"], result["ruleId"]
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    for rule in rules:
        assert rule["helpUri"].startswith(("https://", "http://")), rule["id"]


def test_rule_docs_anchor_every_reference_to_them() -> None:
    """The documentation a default reference points to has that section."""
    from cliniclint.packs import taxonomy
    from cliniclint.packs.citations import category_reference
    from cliniclint.review.suppressions import TOOL_RULES

    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for category in taxonomy.CATEGORIES:
        anchor = category_reference(category.id).url.rpartition("#")[2]
        assert f'<a id="{anchor}"></a>' in docs
    for tool in TOOL_RULES.values():
        assert f"\n### {tool.id}\n" in docs


def test_text_format_shows_jurisdiction_and_sources(cli: CLI, tmp_path: Path) -> None:
    pack = house(tmp_path)
    text = page(tmp_path, "A wonder drip.\n")
    result = cli("lint", "--isolated", "--no-bundled", "--pack", str(pack), str(text))
    assert result.stdout.splitlines()[3:7] == [
        "    advice: Remove it.",
        "    jurisdiction: uk-cap",
        "    see: Our own note on wonder claims <https://example.org/wonder>",
        f"    see: CAP advice: Healthcare, medicinal claims <{ASA}>",
    ]


def test_sarif_gitlab_junit_carry_citations(cli: CLI, tmp_path: Path) -> None:
    text = page(tmp_path, "Our drip rejuvenates you. Call us today.\n")
    sarif = json.loads(cli(*LINT, "--format", "sarif", str(text)).stdout)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    (result,) = sarif["runs"][0]["results"]
    assert result["properties"] == {
        "category": "efficacy-claim",
        "fix": "suggest",
        "jurisdiction": "global",
        "references": [{"title": FTC_TITLE, "url": FTC}],
        "severityNote": "raised: the page sells the treatment",
    }
    (issue,) = json.loads(cli(*LINT, "--format", "gitlab", str(text)).stdout)
    assert issue["content"]["body"] == (
        "Severity raised: the page sells the treatment.\n\nJurisdiction: `global`."
        f"\n\n- [{FTC_TITLE}]({FTC})"
    )
    junit = ET.fromstring(cli(*LINT, "--format", "junit", str(text)).stdout)
    failure = junit.find(".//failure")
    assert failure is not None
    assert failure.text is not None
    assert failure.text.splitlines()[-1:] == [f"see: {FTC_TITLE} <{FTC}>"]
    assert "severity raised: the page sells the treatment" in failure.text


# --- jurisdictions in the settings ----------------------------------------------------


def test_config_jurisdictions_turn_other_rules_off(cli: CLI, tmp_path: Path) -> None:
    pack = house(tmp_path)
    (tmp_path / ".cliniclint.yaml").write_text(
        "packs: [./house.yaml]\njurisdictions: [uk-cap]\n", encoding="utf-8"
    )
    text = page(tmp_path, "A miracle. A wonder drip.\n")
    result = cli("lint", "--no-bundled", "--format", "json", str(text))
    assert [f["rule"] for f in json_findings(result)] == ["uk-wonder"]
    flag = cli(
        "lint", "--no-bundled", "--jurisdiction", "us-federal", "--format", "json",
        str(text),
    )  # fmt: skip
    assert [f["rule"] for f in json_findings(flag)] == ["miracle-word"]
    del pack


def test_global_rules_run_whatever_the_jurisdictions(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "bare.yaml").write_text(BARE_PACK, encoding="utf-8")
    (tmp_path / ".cliniclint.yaml").write_text(
        "packs: [./bare.yaml]\njurisdictions: [uk-cap]\n", encoding="utf-8"
    )
    text = page(tmp_path, "A wonder drip.\n")
    result = cli("lint", "--format", "json", str(text))
    assert [(f["rule"], f["jurisdiction"]) for f in json_findings(result)] == [
        ("house-wonder", "global")
    ]


@pytest.mark.slow
def test_bundled_uk_site_gets_the_uk_profile_without_us_rules(
    cli: CLI, tmp_path: Path
) -> None:
    text = page(
        tmp_path,
        "Our IV drip cures fatigue and boosts immunity. Stem cell therapy heals "
        "arthritis. Book now for £99.\n",
    )
    every = json_findings(cli("lint", "--isolated", "--format", "json", str(text)))
    assert {f["jurisdiction"] for f in every} == {"us-federal"}
    uk = json_findings(
        cli("lint", "--isolated", "--jurisdiction", "uk-cap", "--format", "json",
            str(text))
    )  # fmt: skip
    assert uk, "the uk-cap profile loads with its jurisdiction"
    assert {f["jurisdiction"] for f in uk} == {"uk-cap"}
    assert all(str(f["pack"]["id"]) == "profile-uk-cap" for f in uk)  # type: ignore[index]


def test_unknown_jurisdiction_names_the_closest(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / ".cliniclint.yaml").write_text(
        "fail_on: error\njurisdictions: [uk-ca]\n", encoding="utf-8"
    )
    text = page(tmp_path, "A page.\n")
    result = cli("lint", str(text))
    assert result.exit_code == 2
    assert result.stderr == (
        f"cliniclint: error: {tmp_path / '.cliniclint.yaml'}:2: unknown jurisdiction "
        "'uk-ca' (did you mean 'uk-cap'? known: au-tga, br, global, mx-es, uk-cap, "
        "us-ca, us-federal, us-fl, us-ne, us-tx, us-ut, us-wa)\n"
    )
    flag = cli("lint", "--isolated", "--jurisdiction", "us-federl", str(text))
    assert flag.exit_code == 2
    assert flag.stderr.startswith(
        "cliniclint: error: --jurisdiction: unknown jurisdiction 'us-federl' "
        "(did you mean 'us-federal'? known: "
    )


# --- the catalogue ------------------------------------------------------------------


def test_catalogue_titles_every_url_once() -> None:
    catalogue = load_catalogue()
    urls = [s.url for s in catalogue.references]
    assert len(urls) == len(set(urls))
    assert catalogue.title(FTC) == FTC_TITLE
    assert catalogue.title("https://example.org/nothing") is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "jurisdictions: {us-federal: US}\nreferences:\n"
            "  - {url: 'https://a.example', title: A, jurisdiction: us-federal}\n"
            "  - {url: 'https://a.example', title: B, jurisdiction: us-federal}\n",
            "https://a.example is listed twice",
        ),
        (
            "jurisdictions: {us-federal: US}\nreferences:\n"
            "  - {url: 'https://a.example', title: A, jurisdiction: uk-cap}\n",
            "https://a.example: unknown jurisdiction 'uk-cap' (known: us-federal)",
        ),
        (
            "jurisdictions: {us-federal: US}\nreferences:\n"
            "  - {url: 'https://a.example', titel: A, jurisdiction: us-federal}\n",
            "unknown key 'titel'",
        ),
    ],
)
def test_bad_catalogue_is_an_error(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "references.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_catalogue(path)
    assert caught.value.message == message


def test_cache_keeps_every_field_of_a_finding() -> None:
    from cliniclint.findings import Finding, Position, Reference, Related, Severity
    from cliniclint.run import stored

    finding = Finding(
        path="p.md", rule_id="cure-claim", category="cure-claim",
        severity=Severity.ERROR, message="m", pack_id="claims", pack_version="1",
        start=Position(1, 2), end=Position(1, 7), offset=1, end_offset=6,
        match="cures", suggestions=("may help",), advice=None, fix="suggest",
        related=(Related("disease-claim", "disease-claim", Severity.WARNING, "d"),),
        note="raised: the page sells the treatment", rewrite="It may help.",
        rewrite_offset=0, rewrite_end_offset=9,
        references=(Reference(FTC_TITLE, FTC),), jurisdiction="us-federal",
    )  # fmt: skip
    assert stored.loads(stored.dumps([finding])) == [finding]


def test_every_claims_category_has_an_authority_in_the_catalogue() -> None:
    catalogue = load_catalogue()
    missing = [c for c in taxonomy.BY_ID if not catalogue.category_sources(c)]
    assert missing == []


@pytest.mark.parametrize(
    ("categories", "error"),
    [
        ({"cure-claims": ["https://a.example/x"]}, "unknown category 'cure-claims'"),
        (
            {"cure-claim": ["https://b.example/y"]},
            "cure-claim: https://b.example/y is not in references",
        ),
    ],
)
def test_a_category_authority_must_be_a_known_category_and_source(
    tmp_path: Path, categories: dict[str, list[str]], error: str
) -> None:
    path = tmp_path / "references.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "jurisdictions": {"global": "Everywhere"},
                "references": [
                    {
                        "url": "https://a.example/x",
                        "title": "A",
                        "jurisdiction": "global",
                    }
                ],
                "categories": categories,
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match=re.escape(error)):
        load_catalogue(path)
