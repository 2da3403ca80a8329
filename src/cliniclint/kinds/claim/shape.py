"""The YAML shape of ``kind: claim`` rules, validated with pydantic; apart from the
kind's hooks, which a lint run imports without the pack validators."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field, model_validator

from cliniclint.packs.schema import SentenceRule, Where


class ClaimRule(SentenceRule):
    kind: Literal["claim"]
    all_of: list[str] = Field(min_length=1)
    report: str | None = None

    @model_validator(mode="after")
    def _report_is_listed(self) -> ClaimRule:
        if self.report is not None and self.report not in self.all_of:
            raise ValueError(f"`report` {self.report!r} is not one of `all_of`")
        return self

    @property
    def report_list(self) -> str:
        return self.report or self.all_of[0]

    def named_lists(self) -> Iterator[tuple[Where, str]]:
        for i, name in enumerate(self.all_of):
            yield ("all_of", i), name


SHAPE = ClaimRule
