"""`python -m cliniclint`."""

from cliniclint.cli.launch import entry

entry()
