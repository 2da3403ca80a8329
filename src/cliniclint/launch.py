"""The process entry point: hand the run to ``cliniclint server`` when one is
listening, else run it here.

A run handed over is the same run: the server forks a worker that takes this
process's standard streams (passed as file descriptors), working directory,
environment, resource limits and arguments, runs the command line as a new process
would, and sends back its exit code. This process forwards Ctrl-C and termination
signals to the worker and exits with its code.

Start-up is the point, so this module imports almost nothing: ``_socket`` and
``_signal`` are the C modules under ``socket`` and ``signal``, whose enum wrappers
take longer to import than a whole request takes to serve.
"""

from __future__ import annotations

import _signal
import _socket
import marshal
import os
import sys

from cliniclint import __version__
from cliniclint.cachedir import cache_folder

# Not `typing`: importing it would cost this process a tenth of its start-up.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn

__all__ = [
    "PROTOCOL",
    "code_stamp",
    "compatibility",
    "entry",
    "frame",
    "read_frame",
    "resource_limits",
    "same_user",
    "socket_path",
]

PROTOCOL = 1
SOCKET_NAME = "server.sock"
# AF_UNIX addresses hold at most 108 bytes on Linux (104 on macOS).
MAX_SOCKET_PATH = 100
_HEADER = 4
EXIT_INTERRUPTED = 130
# Environment variables that shape the interpreter as it starts (encodings, hash
# seed, flags): a server started under other values would not run as this process
# would, so it declines the run.
_STARTUP_VARIABLES = ("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE")


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
    root = os.path.dirname(os.path.abspath(__file__))
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
        if name.startswith("PYTHON") or name in _STARTUP_VARIABLES
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


def _stream_settings() -> list[tuple[str, str, bool, bool] | None]:
    """How this process's standard streams encode text, for the worker to match."""
    settings: list[tuple[str, str, bool, bool] | None] = []
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        try:
            settings.append(
                (
                    str(stream.encoding),
                    str(stream.errors or "strict"),
                    bool(stream.line_buffering),
                    bool(getattr(stream, "write_through", False)),
                )
            )
        except AttributeError:  # closed at start-up (None), or replaced
            settings.append(None)
    return settings


def frame(message: dict[str, Any]) -> bytes:
    body = marshal.dumps(message)
    return len(body).to_bytes(_HEADER, "big") + body


def read_frame(receive: Any, first: bytes = b"") -> dict[str, Any] | None:
    """One message from ``receive(n)`` (a socket's recv), after ``first``; None when
    the connection ends first.

    Reads exactly one frame's bytes, never into the next frame: the run's "pid" and
    "exit" messages can arrive in one segment, and a read past the first would lose
    the second."""
    data = first
    while len(data) < _HEADER:
        chunk = receive(_HEADER - len(data))
        if not chunk:
            return None
        data += chunk
    size = int.from_bytes(data[:_HEADER], "big")
    while len(data) < _HEADER + size:
        chunk = receive(_HEADER + size - len(data))
        if not chunk:
            return None
        data += chunk
    message = marshal.loads(data[_HEADER : _HEADER + size])
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


def _connect(path: str) -> Any | None:
    """A connection to the server at ``path``, if one of this user's listens there:
    the run's streams and environment go to no other user's process."""
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        return None
    if not same_user(sock):
        sock.close()
        return None
    return sock


def _request() -> dict[str, Any]:
    return {
        "op": "run",
        "compatibility": compatibility(),
        "argv": sys.argv[1:],
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "umask": _umask(),
        "streams": _stream_settings(),
        "limits": resource_limits(),
    }


def resource_limits() -> list[tuple[int, int, int]]:
    """This process's resource limits, as (resource, soft, hard): a run is made
    under its command's limits (``ulimit``), not the server's."""
    import resource  # here: only a run handed to a server needs it

    limits = {
        getattr(resource, name) for name in dir(resource) if name.startswith("RLIMIT_")
    }
    return [(which, *resource.getrlimit(which)) for which in sorted(limits)]


def _umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


def _handed_over(path: str) -> int | None:
    """The exit code of the run as the server made it; None when no server took it
    (nothing was run: the caller runs it itself)."""
    sock = _connect(path)
    if sock is None:
        return None
    pid = None
    try:
        try:
            rights = b"".join(
                fd.to_bytes(4, sys.byteorder, signed=True) for fd in (0, 1, 2)
            )
            data = frame(_request())
            sent = sock.sendmsg(
                [data], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, rights)]
            )
            sock.sendall(data[sent:])
            reply = read_frame(sock.recv)
        except Exception:
            return None  # a standard stream is closed, or the server went away
        if reply is None or "pid" not in reply:
            return None  # declined (stale code, other settings) or gone
        pid = reply["pid"]
        _forward_signals(pid)
        try:
            end = read_frame(sock.recv)
        except Exception:
            end = None
    except KeyboardInterrupt:
        # Before the run took over the signals: pass it on, or (the worker not
        # told yet) leave it to fail on the closed connection without running.
        if pid is None:
            os.write(2, b"cliniclint: interrupted\n")
        else:  # the run reports the interruption itself
            _forward(pid, _signal.SIGINT)
        return EXIT_INTERRUPTED
    finally:
        sock.close()
    if end is None or not isinstance(end.get("exit"), int):
        os.write(2, b"cliniclint: error: the server's run ended without an exit code\n")
        return 2
    code: int = end["exit"]
    return code


def _forward(pid: int, signum: int) -> None:
    try:  # noqa: SIM105 - contextlib is not imported here
        os.kill(pid, signum)
    except OSError:
        pass  # the run has ended


def _forward_signals(pid: int) -> None:
    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"):
        signum = getattr(_signal, name, None)
        if signum is not None:
            _signal.signal(signum, lambda signum, _frame: _forward(pid, signum))


def entry() -> NoReturn:
    """The ``cliniclint`` command."""
    path = socket_path()
    # The server's own commands always run here (a server must not serve them), and
    # so does the language server, which lives as long as its editor.
    served = sys.argv[1:2] not in (["server"], ["lsp"])
    if served and path is not None and os.path.exists(path):
        code = _handed_over(path)
        if code is not None:
            os._exit(code)
    from cliniclint.cli import entry as run_here

    run_here()
