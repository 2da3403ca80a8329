"""The catalogue of references: a title (and jurisdiction) for each source URL the
bundled rules cite, so that packs list URLs and every finding shows titled sources."""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator, model_validator

from cliniclint.errors import SourceError
from cliniclint.findings import Reference, docs_reference
from cliniclint.packs import taxonomy
from cliniclint.packs.locations import CATALOGUE_NAME, bundled_dir
from cliniclint.packs.schema import Citation, Jurisdiction, StrictModel
from cliniclint.packs.yamlsource import load_yaml


class Source(StrictModel):
    url: str = Field(min_length=1)
    title: str = Field(min_length=1)
    jurisdiction: Jurisdiction
    publisher: str | None = None
    date: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date_text(cls, value: Any) -> Any:
        # YAML reads 2020-07-22 as a date and 2023 as a number.
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value) if isinstance(value, int) else value


class Catalogue(StrictModel):
    """``references.yaml``: the known jurisdictions and the titled sources."""

    jurisdictions: dict[Jurisdiction, str] = Field(min_length=1)
    references: list[Source] = Field(default_factory=list)
    # The authority for each claims category: what a rule that cites nothing of
    # its own (a user's pack may not) cites for its category.
    categories: dict[str, list[str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Catalogue:
        seen: set[str] = set()
        for source in self.references:
            if source.url in seen:
                raise ValueError(f"{source.url} is listed twice")
            seen.add(source.url)
            if source.jurisdiction not in self.jurisdictions:
                unknown = unknown_jurisdiction(source.jurisdiction, self.jurisdictions)
                raise ValueError(f"{source.url}: {unknown}")
        for category, urls in self.categories.items():
            if category not in taxonomy.BY_ID:
                raise ValueError(f"categories: unknown category {category!r}")
            for url in urls:
                if url not in seen:
                    raise ValueError(f"{category}: {url} is not in references")
        return self

    def category_sources(self, category: str) -> tuple[Reference, ...]:
        """The titled authorities of a claims category."""
        return tuple(
            Reference(self.title(url) or url, url)
            for url in self.categories.get(category, ())
        )

    def title(self, url: str) -> str | None:
        for source in self.references:
            if source.url == url:
                return source.title
        return None


def catalogue_path() -> Path:
    return bundled_dir() / CATALOGUE_NAME


def load_catalogue(path: Path | None = None) -> Catalogue:
    """The catalogue at ``path`` (default: the bundled one); a bad file is a
    SourceError naming the line."""
    located = load_yaml(path or catalogue_path())
    try:
        return Catalogue.model_validate(located.data)
    except ValidationError as exc:
        # A misspelt key also shows as a missing one: the misspelling is the news.
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        error = errors[0]
        line, col = located.locate(list(error["loc"]))
        msg = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            msg = f"unknown key {error['loc'][-1]!r}"
        raise SourceError(located.path, line, col, msg) from None


def resolve(
    citations: Iterable[Citation], catalogue: Catalogue
) -> tuple[Reference, ...]:
    """Titled references: the citation's own title, else the catalogue's, else the
    URL itself (a user's pack may cite a source the catalogue does not know)."""
    return tuple(
        Reference(c.title or catalogue.title(c.url) or c.url, c.url) for c in citations
    )


def category_reference(category: str) -> Reference:
    """cliniclint's documentation of a claims category (and the bundled rules in it,
    with what they cite)."""
    return docs_reference(
        f"category-{category}", f"{taxonomy.title_of(category)} ({category})"
    )


def unknown_jurisdiction(name: str, known: Iterable[str]) -> str:
    """``unknown jurisdiction 'uk-ca' (did you mean 'uk-cap'? known: ...)``."""
    names = sorted(set(known))
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown jurisdiction {name!r} ({hint}known: {', '.join(names)})"
