"""What the ``cliniclint`` process and ``cliniclint server`` agree on: where the
server listens, how a message is framed, who may be served, and what must be equal
for the server's run to be the run the process would make.

Imported by the process entry point (``cliniclint.cli.launch``) before anything else,
so it imports almost nothing (see there).
"""

from __future__ import annotations

import _socket
import marshal
import os
import sys

from cliniclint import __version__
from cliniclint.cachedir import cache_folder

# Not `typing`: importing it would cost the process a tenth of its start-up.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

PROTOCOL = 1
SOCKET_NAME = "server.sock"
# AF_UNIX addresses hold at most 108 bytes on Linux (104 on macOS).
MAX_SOCKET_PATH = 100
HEADER = 4
# Environment variables that shape the interpreter as it starts (encodings, hash
# seed, flags): a server started under other values would not run as this process
# would, so it declines the run.
STARTUP_VARIABLES = ("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE")


def socket_path() -> str | None:
    """Where the server of this user and cache folder listens; None when caching is
    off or the path is too long for a socket address."""
    folder = cache_folder()
    if folder is None:
        return None
    path = os.path.join(os.path.abspath(folder), SOCKET_NAME)
    return path if len(os.fsencode(path)) <= MAX_SOCKET_PATH else None


def code_stamp() -> list[tuple[str, int, int]]:
    """Path, size and modification time of every module of this package: a server
    whose code differs from this process's declines the run."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    stamp: list[tuple[str, int, int]] = []
    folders = [root]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir() and entry.name != "__pycache__":
                    folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    info = entry.stat()
                    stamp.append((entry.path, info.st_size, info.st_mtime_ns))
    stamp.sort()
    return stamp


def compatibility() -> dict[str, Any]:
    """What must be equal between a client and the server for the server's run to
    be the run this process would make: the code (a server whose code differs is
    stale), and the settings the interpreter started with."""
    startup = sorted(
        (name, value)
        for name, value in os.environ.items()
        if name.startswith("PYTHON") or name in STARTUP_VARIABLES
    )
    # All but safe_path (-P), which the server starts with: it shapes only the
    # module path, which a run does not use once the server imported the package.
    flags = tuple(
        (name, getattr(sys.flags, name))
        for name in type(sys.flags).__match_args__
        if name != "safe_path"
    )
    return {
        "code": (PROTOCOL, __version__, sys.prefix, sys.version, code_stamp()),
        "settings": (flags, sys.getfilesystemencoding(), startup),
    }


def frame(message: dict[str, Any]) -> bytes:
    body = marshal.dumps(message)
    return len(body).to_bytes(HEADER, "big") + body


def read_frame(receive: Any, first: bytes = b"") -> dict[str, Any] | None:
    """One message from ``receive(n)`` (a socket's recv), after ``first``; None when
    the connection ends first.

    Reads exactly one frame's bytes, never into the next frame: the run's "pid" and
    "exit" messages can arrive in one segment, and a read past the first would lose
    the second."""
    data = first
    while len(data) < HEADER:
        chunk = receive(HEADER - len(data))
        if not chunk:
            return None
        data += chunk
    size = int.from_bytes(data[:HEADER], "big")
    while len(data) < HEADER + size:
        chunk = receive(HEADER + size - len(data))
        if not chunk:
            return None
        data += chunk
    message = marshal.loads(data[HEADER : HEADER + size])
    return message if isinstance(message, dict) else None


def same_user(sock: Any) -> bool:
    """Whether the process at the other end of a connected Unix socket runs as this
    process's user (False where the system cannot tell: no SO_PEERCRED)."""
    try:
        # struct ucred: pid, uid, gid (native ints).
        creds = sock.getsockopt(_socket.SOL_SOCKET, _socket.SO_PEERCRED, 12)
    except (OSError, AttributeError):
        return False
    return int.from_bytes(creds[4:8], sys.byteorder) == os.getuid()


def resource_limits() -> list[tuple[int, int, int]]:
    """This process's resource limits, as (resource, soft, hard): a run is made
    under its command's limits (``ulimit``), not the server's."""
    import resource  # here: only a run handed to a server needs it

    limits = {
        getattr(resource, name) for name in dir(resource) if name.startswith("RLIMIT_")
    }
    return [(which, *resource.getrlimit(which)) for which in sorted(limits)]
