"""`python -m cliniclint`."""

from cliniclint.cli import run

run()
