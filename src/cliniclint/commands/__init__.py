"""Command-line commands that need more than a few lines: lint, baseline, config.

Like ``cli``, these modules may print and exit; nothing below them does.
"""
