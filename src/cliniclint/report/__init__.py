"""Reporters: each turns a run's results into one output format."""

from cliniclint.report.base import BaselineInfo, FileResult, Report, RuleMeta, fails
from cliniclint.report.formats import FORMATS, render

__all__ = [
    "FORMATS",
    "BaselineInfo",
    "FileResult",
    "Report",
    "RuleMeta",
    "fails",
    "render",
]
