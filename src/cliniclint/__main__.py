"""`python -m cliniclint`."""

from cliniclint.cli import entry

entry()
