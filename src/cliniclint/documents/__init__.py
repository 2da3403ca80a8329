"""The documents layer: decode files, build the prose view, split sentences."""

from .document import Block, Directive, Document, OffsetMap
from .lines import LineIndex
from .reader import FORMATS, format_for_path, read_document
from .sentences import split_sentences
from .source import SourceText, UnreadableFile, decode

__all__ = [
    "FORMATS",
    "Block",
    "Directive",
    "Document",
    "LineIndex",
    "OffsetMap",
    "SourceText",
    "UnreadableFile",
    "decode",
    "format_for_path",
    "read_document",
    "split_sentences",
]
