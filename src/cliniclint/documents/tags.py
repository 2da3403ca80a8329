"""Inline HTML formatting tags, which read like emphasis markers."""

from __future__ import annotations

import re

__all__ = ["FORMATTING_TAG"]

# Dropped rather than masked, so that "<b>best</b> care" still reads
# "best care".
FORMATTING_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|data|del|dfn|em|font|i|ins|mark|q|s|small|span|"
    r"strong|sub|sup|time|u)(?:\s[^>]*)?/?>",
    re.IGNORECASE,
)
