"""`cliniclint lsp`: findings in the editor, over the Language Server Protocol."""
