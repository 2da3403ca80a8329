"""``cliniclint server``: the wire protocol and the resident daemon."""
