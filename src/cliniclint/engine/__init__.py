"""The engine: compile packs once, lint documents and files.

Names are imported on first use, so that linting with cached rules never loads the
pack validators.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cliniclint.engine.compile import compile_rules
    from cliniclint.engine.compiled import CompiledRule, CompiledRules
    from cliniclint.engine.files import DEFAULT_INCLUDE, iter_files
    from cliniclint.engine.linter import lint_document, lint_text
    from cliniclint.engine.run import lint_file, lint_source
    from cliniclint.engine.selection import Selection

_WHERE = {
    "compile_rules": "compile",
    "CompiledRule": "compiled",
    "CompiledRules": "compiled",
    "DEFAULT_INCLUDE": "files",
    "iter_files": "files",
    "lint_document": "linter",
    "lint_text": "linter",
    "lint_file": "run",
    "lint_source": "run",
    "Selection": "selection",
}

__all__ = [
    "DEFAULT_INCLUDE",
    "CompiledRule",
    "CompiledRules",
    "Selection",
    "compile_rules",
    "iter_files",
    "lint_document",
    "lint_file",
    "lint_source",
    "lint_text",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(name)
    return getattr(import_module(f"cliniclint.engine.{_WHERE[name]}"), name)
