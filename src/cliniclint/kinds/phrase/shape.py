"""The YAML shape of ``kind: phrase`` rules, validated with pydantic; apart from the
kind's hooks, which a lint run imports without the pack validators."""

from __future__ import annotations

from typing import Literal

import regex
from pydantic import Field, field_validator

from cliniclint.packs.schema import SentenceRule


class PhraseRule(SentenceRule):
    kind: Literal["phrase"]
    phrases: list[str] = Field(min_length=1)

    @field_validator("phrases")
    @classmethod
    def _no_blank_phrases(cls, value: list[str]) -> list[str]:
        for phrase in value:
            if not regex.search(r"\w", phrase):
                raise ValueError(f"phrase {phrase!r} has no word character")
        return value


SHAPE = PhraseRule
