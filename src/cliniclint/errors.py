"""The errors raised for a user's bad input, located at ``path:line:col``."""

from __future__ import annotations

from typing import Any


class SourceError(Exception):
    """A problem in a user-supplied file or option; the CLI prints it as one line."""

    def __init__(self, path: str, line: int | None, column: int | None, message: str):
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from its fields when it crosses a process boundary (a worker).
        return (type(self), (self.path, self.line, self.column, self.message))


class PatternTimeout(SourceError):
    """A rule pack's regular expression ran past its time limit on a document
    (catastrophic backtracking): the run stops rather than hang."""

    def __init__(
        self,
        pack_path: str,
        rule_id: str | None,
        key: str,
        document: str,
        seconds: float,
        pattern: str = "",
    ):
        self.rule_id = rule_id
        self.key = key
        self.document = document
        self.seconds = seconds
        self.pattern = pattern
        if rule_id is not None:
            what = f"rule {rule_id!r}: a pattern in `{key}`"
        else:
            shown = pattern if len(pattern) <= 60 else pattern[:57] + "..."
            what = f"a `{key}` pattern {shown!r}"
        super().__init__(
            pack_path,
            None,
            None,
            f"{what} ran longer than {seconds:.1f} s on {document} "
            "(catastrophic backtracking?)",
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            type(self),
            (
                self.path,
                self.rule_id,
                self.key,
                self.document,
                self.seconds,
                self.pattern,
            ),
        )
