"""The application service: a run's settings and rules (``session``), its files
(``files``), each file linted or fixed (``pipeline``) in order over worker processes
(``runner``, ``parallel``), the caches (``cache``, ``resultcache``) and safe writes
(``writes``). No command-line code: the commands, the language server and the
resident server call it."""
