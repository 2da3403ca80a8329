"""Speed-ups that use CPython's private modules (``re._parser``, ``_sre``):
kept here, apart from the rest of the matching."""
