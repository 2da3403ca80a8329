"""cliniclint: a compliance linter for the marketing copy of health clinics."""

__version__ = "0.1.0"
