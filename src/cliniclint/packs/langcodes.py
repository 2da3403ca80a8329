"""The languages cliniclint has word tables for (matching.languages holds them)."""

from __future__ import annotations

# Packs and the configuration may name only these.
KNOWN = ("en", "es", "pt")
DEFAULT = "en"
