"""The union a pack's ``rules`` are read as: the YAML shape of every registered rule
kind (``kinds.KINDS``), each in its kind's ``shape`` module. Only reading packs
imports it: linting with cached rules never loads the pack validators."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Annotated, TypeAlias, Union

from pydantic import Field

from cliniclint.kinds import KINDS
from cliniclint.packs.schema import RuleBase

# Each kind's shape, in the registry's order.
SHAPES: tuple[type[RuleBase], ...] = tuple(
    import_module(kind.shape).SHAPE for kind in KINDS
)
# The `kind:` values the union accepts, in its order.
RULE_KINDS: tuple[str, ...] = tuple(kind.name for kind in KINDS)

if TYPE_CHECKING:
    # The checker sees a rule as the base shape; each kind narrows it in its hooks.
    Rule: TypeAlias = RuleBase
else:
    Rule = Annotated[Union[SHAPES], Field(discriminator="kind")]  # noqa: UP007
