"""The error raised for a user's bad input, located at ``path:line:col``."""

from __future__ import annotations


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
