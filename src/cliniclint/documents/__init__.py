"""The documents layer: decode files, build the prose view, split sentences."""

from .document import Block, Directive, Document, OffsetMap
from .lines import LineIndex
from .sentences import split_sentences
from .source import SourceText, UnreadableFile, decode

__all__ = [
    "Block",
    "Directive",
    "Document",
    "LineIndex",
    "OffsetMap",
    "SourceText",
    "UnreadableFile",
    "decode",
    "split_sentences",
]
