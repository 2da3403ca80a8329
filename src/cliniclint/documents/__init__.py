# TEMPORARY text-only reader; replaced by the documents package.
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass


class UnreadableFile(Exception): ...

@dataclass
class SourceText:
    text: str
    encoding: str = "utf-8"
    bom: bool = False

def format_for_path(path: str) -> str:
    return "text"

class Document:
    def __init__(self, path, text):
        self.path = path; self.raw = text; self.prose = text; self.format = "text"
        self.source = SourceText(text)
        self._starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", text)]
        self.directives = []
        self.lines = self
    def line_text(self, n):
        return self.raw.splitlines()[n - 1]
    def raw_span(self, s, e): return s, e
    def position(self, off):
        i = bisect.bisect_right(self._starts, off) - 1
        return i + 1, off - self._starts[i] + 1
    def sentence_at(self, off):
        s = off
        while s > 0 and self.prose[s-1] not in ".!?\n": s -= 1
        e = off
        while e < len(self.prose) and self.prose[e] not in ".!?\n": e += 1
        if e < len(self.prose) and self.prose[e] != "\n": e += 1
        while s < e and self.prose[s].isspace(): s += 1
        return s, e

def read_document(path, data, fmt=None):
    if isinstance(data, bytes): data = data.decode("utf-8-sig")
    return Document(path, data)
