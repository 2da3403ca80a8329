"""The engine: compile packs once, lint documents.

Names are imported on first use, so that linting with cached rules never loads the
pack validators.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cliniclint.engine.compile import compile_rules
    from cliniclint.engine.linter import lint_document, lint_text
    from cliniclint.engine.selection import Selection
    from cliniclint.matching.compiled import CompiledRule, CompiledRules

_WHERE = {
    "compile_rules": "cliniclint.engine.compile",
    "CompiledRule": "cliniclint.matching.compiled",
    "CompiledRules": "cliniclint.matching.compiled",
    "lint_document": "cliniclint.engine.linter",
    "lint_text": "cliniclint.engine.linter",
    "Selection": "cliniclint.engine.selection",
}

__all__ = [
    "CompiledRule",
    "CompiledRules",
    "Selection",
    "compile_rules",
    "lint_document",
    "lint_text",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(name)
    return getattr(import_module(_WHERE[name]), name)
