"""The documents layer: decode files, build the prose view, split sentences."""

from .lines import LineIndex
from .source import SourceText, UnreadableFile, decode

__all__ = ["LineIndex", "SourceText", "UnreadableFile", "decode"]
