"""`python -m cliniclint`."""

from cliniclint.launch import entry

entry()
