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
