"""``cliniclint server``: a resident process that makes each run start warm.

A run of ``cliniclint`` spends most of its time importing Python modules and
loading the compiled rules, before it reads a page. The server does that once; each
run handed to it (see ``cliniclint.launch``) is served by a worker forked from it,
which is a fresh process in every other respect: it takes the client's standard
streams, working directory, environment and arguments, runs the command line, and
reports its exit code. Nothing a run does reaches the server or the next run.

The server answers only its own user (checked on every connection), listens on a
socket only that user may open, in the cache folder, and exits after an idle time.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import socket
import sys
import time
from collections.abc import Iterator
from typing import Any, NoReturn

from cliniclint.launch import (
    code_stamp,
    compatibility,
    frame,
    read_frame,
    same_user,
)

__all__ = ["IDLE_SECONDS", "ServerState", "ask", "serve"]

IDLE_SECONDS = 3 * 3600
_FDS = 3
_REQUEST_SECONDS = 5.0
_WARM_PAGE = """---
title: Stem cell therapy
description: Our clinic offers regenerative care.
---

# Stem cell therapy

Our stem cell therapy cures arthritis with no risk of rejection.
"""


class ServerState:
    """What the server reports to ``cliniclint server status``, and the code and
    interpreter settings it runs with."""

    def __init__(self, path: str, idle: float):
        self.path = path
        self.idle = idle
        self.started = time.time()
        self.runs = 0
        self.compatibility = compatibility()


def ask(path: str, op: str, timeout: float = 5.0) -> dict[str, Any] | None:
    """Send ``op`` (status, stop) to the server at ``path``; its answer, or None when
    none is listening."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect(path)
            if not same_user(sock):
                return None
            sock.sendall(frame({"op": op}))
            return read_frame(sock.recv)
        except OSError:
            return None


def serve(path: str, idle: float = IDLE_SECONDS) -> None:
    """Listen on ``path`` until stopped, or idle for ``idle`` seconds."""
    state = ServerState(path, idle)
    _warm_up()
    listener = _listen(path)
    # Workers are reaped by the kernel; each worker restores the default.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGHUP, _stop)
    own = os.stat(path)
    try:
        listener.settimeout(idle)
        while _still_ours(path, own):  # a removed or replaced socket: leave
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                break
            with conn:
                if same_user(conn) and not _handle(conn, state, listener):
                    break
    except (KeyboardInterrupt, _Stopped):
        pass
    finally:
        listener.close()
        if _still_ours(path, own):
            with contextlib.suppress(OSError):
                os.unlink(path)


def _handle(conn: socket.socket, state: ServerState, listener: socket.socket) -> bool:
    """Answer one connection; False when the server should stop."""
    conn.settimeout(_REQUEST_SECONDS)
    try:
        data, fds, _flags, _addr = socket.recv_fds(conn, 65536, _FDS)
        request = read_frame(conn.recv, data)
    except (OSError, ValueError, EOFError):
        return True
    try:
        if request is None:
            return True
        op = request.get("op")
        if op == "status":
            conn.sendall(frame(_status(state)))
            return True
        if op == "stop":
            conn.sendall(frame({"stopping": True}))
            return False
        if op != "run" or len(fds) != _FDS:
            conn.sendall(frame({"declined": "not a run"}))
            return True
        theirs = request.get("compatibility") or {}
        if theirs.get("code") != state.compatibility["code"]:
            conn.sendall(frame({"declined": "the server runs other code"}))
            # Another installation may share the cache folder; but when this
            # server's own code changed on disk (an upgrade), it is stale.
            return bool(state.compatibility["code"][-1] == code_stamp())
        if theirs.get("settings") != state.compatibility["settings"]:
            conn.sendall(frame({"declined": "other interpreter settings"}))
            return True
        state.runs += 1
        if os.fork() == 0:
            listener.close()
            _work(conn, fds, request)
    except OSError:
        pass
    finally:
        _close(fds)
    return True


class _Stopped(Exception):
    pass


def _stop(_signum: int, _frame: Any) -> None:
    raise _Stopped


def _listen(path: str) -> socket.socket:
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)  # left by a server that did not stop cleanly
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    mask = os.umask(0o177)
    try:
        listener.bind(path)
    finally:
        os.umask(mask)
    listener.listen(64)
    return listener


def _still_ours(path: str, own: os.stat_result) -> bool:
    try:
        now = os.stat(path)
    except OSError:
        return False
    return (now.st_dev, now.st_ino) == (own.st_dev, own.st_ino)


def _warm_up() -> None:
    """Import what a run imports and load the rules it compiles, by linting a small
    page once; kept in memory, the rules need no loading in the workers."""
    from cliniclint.engine import cache

    cache.keep_in_memory()
    # Two runs: the second loads what the first compiled and stored; between them,
    # both readers and the two most used output formats.
    for name, output in (("warm-up.md", "json"), ("warm-up.html", "text")):
        with _swapped_streams(_WARM_PAGE):
            _run_command_line(
                ["lint", "--stdin-filename", name, "--format", output, "-"]
            )


@contextlib.contextmanager
def _swapped_streams(stdin_text: str) -> Iterator[None]:
    saved = sys.stdin, sys.stdout, sys.stderr, sys.argv
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin_text.encode()), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    sys.stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr, sys.argv = saved


def _run_command_line(argv: list[str]) -> int:
    """Run the command line on ``argv`` as the ``cliniclint`` process does: its exit
    code."""
    from cliniclint.cli import run

    sys.argv = ["cliniclint", *argv]
    try:
        run()
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except KeyboardInterrupt:
        return 130
    except BaseException:
        return 2


def _work(conn: socket.socket, fds: list[int], request: dict[str, Any]) -> NoReturn:
    """A forked worker: become the client's process, run its command line, send
    back the exit code, exit."""
    code = 2
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
        conn.settimeout(None)
        _adopt(request, fds)
        conn.sendall(frame({"pid": os.getpid()}))
        code = _run_command_line(list(request["argv"]))
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        with contextlib.suppress(OSError):
            conn.sendall(frame({"exit": code}))
        os._exit(code)


def _close(fds: list[int]) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)


def _status(state: ServerState) -> dict[str, Any]:
    return {
        "pid": os.getpid(),
        "socket": state.path,
        "started": state.started,
        "runs": state.runs,
        "idle": state.idle,
    }


def _adopt(request: dict[str, Any], fds: list[int]) -> None:
    """Become the client's process: its streams, folder, environment, umask."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()  # the client's TZ for today's date (suppression expiry)
    os.umask(request["umask"])
    signal.signal(signal.SIGINT, signal.default_int_handler)
    settings = request["streams"]
    sys.stdin = _stream(0, "r", settings[0])
    sys.stdout = _stream(1, "w", settings[1])
    sys.stderr = _stream(2, "w", settings[2])


def _stream(fd: int, mode: str, settings: Any) -> Any:
    encoding, errors, line_buffering, write_through = settings or (
        "utf-8",
        "strict",
        False,
        False,
    )
    # As the interpreter sets up its own: unbuffered writes when write-through.
    buffering = 0 if write_through and mode == "w" else -1
    raw = open(fd, mode + "b", buffering=buffering, closefd=False)  # noqa: SIM115
    return io.TextIOWrapper(
        raw,
        encoding=encoding,
        newline="\n",
        errors=errors,
        line_buffering=line_buffering,
        write_through=write_through,
    )


def main() -> None:
    """``python -m cliniclint.server SOCKET [IDLE_SECONDS]``, as ``cliniclint server
    start`` runs it."""
    idle = float(sys.argv[2]) if len(sys.argv) > 2 else IDLE_SECONDS
    serve(sys.argv[1], idle)


if __name__ == "__main__":
    main()
