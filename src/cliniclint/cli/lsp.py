"""`cliniclint lsp`."""

from __future__ import annotations

import click


@click.command()
@click.option(
    "--stdio", is_flag=True, help="Talk over standard input and output (the default)."
)
def lsp(stdio: bool) -> None:
    """Run the language server over stdio (findings as diagnostics, quick fixes,
    hover) for editors."""
    from cliniclint.lsp.server import serve

    serve()
