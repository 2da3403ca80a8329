"""Reporters: each turns a run's results into one output format."""

from cliniclint.report.base import FileResult, Report, fails
from cliniclint.report.formats import FORMATS, render

__all__ = ["FORMATS", "FileResult", "Report", "fails", "render"]
