"""The engine: compile packs once, lint documents and files."""

from cliniclint.engine.compile import compile_rules
from cliniclint.engine.compiled import CompiledRule, CompiledRules
from cliniclint.engine.files import DEFAULT_INCLUDE, iter_files
from cliniclint.engine.linter import lint_document, lint_text
from cliniclint.engine.run import lint_file, lint_files, lint_source
from cliniclint.engine.selection import Selection

__all__ = [
    "DEFAULT_INCLUDE",
    "CompiledRule",
    "CompiledRules",
    "Selection",
    "compile_rules",
    "iter_files",
    "lint_document",
    "lint_file",
    "lint_files",
    "lint_source",
    "lint_text",
]
