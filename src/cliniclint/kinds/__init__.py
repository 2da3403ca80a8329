"""The rule kinds: one module each (its compile, match and description hooks), its
YAML shape in ``kinds.shapes``. The engine, the docs and the pack checks loop over
``KINDS``; a new kind is its module, its shape and one line here."""

from __future__ import annotations

from cliniclint.kinds import claim, pattern, phrase, required
from cliniclint.kinds.base import AnyKind, Matching, RuleKind

__all__ = ["KINDS", "KIND_OF", "AnyKind", "Matching", "RuleKind"]

# In the order their hits are gathered: hits of one sentence keep it, which settles
# ties between rules.
KINDS: tuple[AnyKind, ...] = (phrase.KIND, pattern.KIND, claim.KIND, required.KIND)
KIND_OF: dict[str, AnyKind] = {kind.name: kind for kind in KINDS}
