"""What the editor shows about a finding: the rule's why, rewrites, references."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cliniclint.findings import Finding


@dataclass(frozen=True, slots=True)
class Reference:
    """A source the rule rests on: a title, a URL, or both."""

    title: str | None
    url: str | None

    def markdown(self) -> str:
        if self.url and self.title:
            return f"[{_escape(self.title)}]({self.url})"
        return _escape(self.title) if self.title else f"<{self.url}>"


@dataclass(frozen=True, slots=True)
class RuleDoc:
    """What hover and ``codeDescription`` need to know about one rule."""

    title: str
    why: str
    references: tuple[Reference, ...] = ()

    @property
    def href(self) -> str | None:
        """The first reference that is a web address."""
        for ref in self.references:
            if ref.url:
                return ref.url
        return None


def reference(item: Any) -> Reference | None:
    """A reference as packs give it: a URL or title string, or anything with
    ``title`` and ``url`` (a mapping or an object)."""
    if isinstance(item, str):
        text = item.strip()
        if not text:
            return None
        is_url = text.startswith(("https://", "http://"))
        return Reference(None, text) if is_url else Reference(text, None)
    title, url = _field(item, "title"), _field(item, "url")
    if not isinstance(title, str) and not isinstance(url, str):
        return None
    # A finding titles a source the catalogue does not know with its URL: no title.
    return Reference(
        title if isinstance(title, str) and title and title != url else None,
        url if isinstance(url, str) and url else None,
    )


def references(items: Iterable[Any]) -> tuple[Reference, ...]:
    return tuple(ref for item in items if (ref := reference(item)) is not None)


def _field(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else getattr(item, key, None)


def related_rules(finding: Finding) -> list[str]:
    """The other rules that flagged the same claim."""
    return [f"{r.rule_id}: {r.message}" for r in finding.related]


def hover_markdown(finding: Finding, doc: RuleDoc | None) -> str:
    """One finding as Markdown: message, why, the rewrite (or advice), references."""
    lines = [
        f"**{finding.severity.label}** `{finding.rule_id}`: {_escape(finding.message)}"
    ]
    if doc is not None and doc.why:
        lines += ["", f"**Why:** {_escape(doc.why)}"]
    if finding.rewrite:
        lines += ["", f"**Rewrite the sentence:** {_escape(finding.rewrite)}"]
    if finding.suggestions:
        lines += ["", "**Rewrite:**"]
        lines += [f"- {_escape(s)}" for s in dict.fromkeys(finding.suggestions)]
    if finding.advice:
        lines += ["", f"**Advice:** {_escape(' '.join(finding.advice.split()))}"]
    own = references(getattr(finding, "references", None) or ())
    refs = own or (doc.references if doc is not None else ())
    if refs:
        lines += ["", "**References:**"]
        lines += [f"- {ref.markdown()}" for ref in refs]
    related = related_rules(finding)
    if related:
        lines += ["", "**Related:**"]
        lines += [f"- {_escape(r)}" for r in related]
    return "\n".join(lines)


_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|"})


def _escape(text: str) -> str:
    """Text shown as Markdown without being read as Markdown."""
    return text.translate(_SPECIAL)
