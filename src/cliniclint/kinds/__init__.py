"""The rule kinds: one package each, ``kinds.<kind>``, holding its compile, match and
description hooks and, in its ``shape`` module, its YAML shape. The engine, the docs,
the pack checks and the packs' schema loop over ``KINDS``; a new kind is its package
and one line here."""

from __future__ import annotations

from cliniclint.kinds import claim, pattern, phrase, required
from cliniclint.kinds.base import AnyKind, Matching, RuleKind

__all__ = ["KINDS", "KIND_OF", "AnyKind", "Matching", "RuleKind"]

# In the order their hits are gathered: hits of one sentence keep it, which settles
# ties between rules.
KINDS: tuple[AnyKind, ...] = (phrase.KIND, pattern.KIND, claim.KIND, required.KIND)
KIND_OF: dict[str, AnyKind] = {kind.name: kind for kind in KINDS}
