"""The claims taxonomy: the closed set of categories every rule belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["sentence", "page"]


@dataclass(frozen=True, slots=True)
class Category:
    """One category of risky copy."""

    id: str
    title: str
    level: Level
    default_severity: Literal["error", "warning", "info"]


CATEGORIES: tuple[Category, ...] = (
    Category("disease-claim", "Disease claim", "sentence", "error"),
    Category("cure-claim", "Cure claim", "sentence", "error"),
    Category("efficacy-claim", "Unqualified efficacy claim", "sentence", "warning"),
    Category(
        "mechanism-as-proof", "Mechanism presented as proof", "sentence", "warning"
    ),
    Category("evidence-overstatement", "Evidence overstatement", "sentence", "error"),
    Category("absolute-safety", "Absolute safety claim", "sentence", "error"),
    Category("safety-minimization", "Safety minimisation", "sentence", "warning"),
    Category("fda-misrepresentation", "FDA status misrepresented", "sentence", "error"),
    Category(
        "research-framing",
        "Research framing for a paid treatment",
        "sentence",
        "warning",
    ),
    Category("scientific-misstatement", "Scientific misstatement", "sentence", "error"),
    Category(
        "testimonial-as-proof", "Testimonial offered as proof", "sentence", "error"
    ),
    Category("implied-endorsement", "Implied endorsement", "sentence", "warning"),
    Category("superiority-comparison", "Superiority comparison", "sentence", "warning"),
    Category(
        "discourages-conventional-care",
        "Discourages conventional care",
        "sentence",
        "error",
    ),
    Category("guarantee-claim", "Guaranteed results", "sentence", "error"),
    Category("urgency-pressure", "Urgency or pressure", "sentence", "warning"),
    Category("hype-language", "Hype language", "sentence", "info"),
    Category("fda-status-missing", "FDA-status notice missing", "page", "error"),
    Category("disclaimer-missing", "Disclaimer missing", "page", "warning"),
    Category("risk-information-missing", "Risk information missing", "page", "warning"),
    Category("state-notice-missing", "State notice missing", "page", "error"),
    Category("jurisdiction-restriction", "Jurisdiction restriction", "page", "error"),
)

BY_ID: dict[str, Category] = {c.id: c for c in CATEGORIES}

# When several rules flag one claim, the finding reports the most specific of them:
# the earlier in this order ("cures arthritis" is a cure claim before it is a disease
# claim).
SPECIFICITY: tuple[str, ...] = (
    "cure-claim",
    "absolute-safety",
    "fda-misrepresentation",
    "guarantee-claim",
    "scientific-misstatement",
    "testimonial-as-proof",
    "evidence-overstatement",
    "discourages-conventional-care",
    "disease-claim",
    "superiority-comparison",
    "safety-minimization",
    "research-framing",
    "mechanism-as-proof",
    "implied-endorsement",
    "efficacy-claim",
    "urgency-pressure",
    "hype-language",
)

# What a sentence does besides naming a treatment and a disease; rules name them in
# ``unless`` and ``lower_if`` (the engine computes them: matching.facts).
SENTENCE_FACTS: tuple[str, ...] = (
    "negated",
    "question",
    "hypothetical",
    "attributed",
    "regulatory",
    "definition",
    "research",
    "evidence-limited",
    "hedged",
    "statistic",
    "standard-care",
    "no-known-cure",
    "licensed-product",
    "risk-statement",
    "noun-use",
    "heading",
)

# Categories of findings the tool itself makes (about suppression comments, not about
# copy). Kept apart from CATEGORIES so that a rule pack can never use them: pack
# validation checks against BY_ID only.
TOOL_CATEGORIES: tuple[Category, ...] = (
    Category("suppression", "Suppression comment", "sentence", "warning"),
)

TOOL_BY_ID: dict[str, Category] = {c.id: c for c in TOOL_CATEGORIES}


def title_of(category_id: str) -> str:
    """The title of a rule or tool category (the id itself when unknown)."""
    found = BY_ID.get(category_id) or TOOL_BY_ID.get(category_id)
    return found.title if found else category_id
