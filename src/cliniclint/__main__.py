"""`python -m cliniclint`."""

from cliniclint.cli import main

main()
