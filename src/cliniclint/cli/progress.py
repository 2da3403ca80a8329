"""A progress line on stderr for long runs, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
import time

MIN_FILES = 50


class Progress:
    def __init__(self, total: int, shown: bool = True):
        self.total = total
        self.count = 0
        self.shown = shown and total >= MIN_FILES and sys.stderr.isatty()
        self.drawn = False
        self._last = 0.0

    def step(self) -> None:
        self.count += 1
        if not self.shown:
            return
        now = time.monotonic()
        if now - self._last >= 0.1 or self.count == self.total:
            self._last = now
            width = 30
            filled = width * self.count // max(self.total, 1)
            bar = "#" * filled + "-" * (width - filled)
            sys.stderr.write(f"\r[{bar}] {self.count}/{self.total} files")
            sys.stderr.flush()
            self.drawn = True

    def clear(self) -> None:
        """Erase the bar, so that what is printed next starts on a clean line (it is
        drawn again at the next step)."""
        if self.drawn:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()
            self.drawn = False
            self._last = 0.0

    def done(self) -> None:
        self.clear()
