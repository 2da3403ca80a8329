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
import os
import sys

from cliniclint.server.protocol import (
    compatibility,
    frame,
    read_frame,
    resource_limits,
    same_user,
    socket_path,
)

# Not `typing`: importing it would cost this process a tenth of its start-up.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn

__all__ = ["entry", "serve"]

EXIT_INTERRUPTED = 130


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
    from cliniclint.cli.main import entry as run_here

    run_here()


def serve() -> None:
    """``python -m cliniclint.cli.launch SOCKET [IDLE_SECONDS]``: the server's process,
    as ``cliniclint server start`` and ``run`` start it; its runs run the command
    line as this package's ``cliniclint`` command does."""
    from cliniclint.cli.main import run
    from cliniclint.server.daemon import IDLE_SECONDS
    from cliniclint.server.daemon import serve as listen

    idle = float(sys.argv[2]) if len(sys.argv) > 2 else IDLE_SECONDS
    listen(sys.argv[1], idle, run)


if __name__ == "__main__":
    serve()
