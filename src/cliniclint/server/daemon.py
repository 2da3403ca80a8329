"""``cliniclint server``: a resident process that makes each run start warm.

A run of ``cliniclint`` spends most of its time importing Python modules and
loading the compiled rules, before it reads a page. The server does that once; each
run handed to it (see ``cliniclint.cli.launch``) is served by a worker forked from it,
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
import resource
import selectors
import signal
import socket
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any, NoReturn

from cliniclint.server.protocol import (
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
# The command line a run executes, handed to serve().
_command: Callable[[], NoReturn] | None = None
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


def serve(path: str, idle: float, command: Callable[[], NoReturn]) -> None:
    """Listen on ``path`` until stopped, or idle for ``idle`` seconds; each run
    calls ``command`` (the ``cliniclint`` command line, handed in by the process
    entry point) on the client's arguments."""
    global _command
    _command = command
    state = ServerState(path, idle)
    _warm_up()
    listener = _listen(path)
    # Workers are reaped by the kernel; each worker restores the default.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGHUP, _stop)
    own = os.stat(path)
    runs = _Runs()
    try:
        while _still_ours(path, own):  # a removed or replaced socket: leave
            if not runs.wait(listener, idle):
                break  # idle
            try:
                conn, _ = listener.accept()
            except BlockingIOError:
                continue
            if not same_user(conn):
                conn.close()
                continue
            go_on, worker = _handle(conn, state, listener, runs)
            if worker is None:
                conn.close()
            else:
                runs.watch(conn, worker)
            if not go_on:
                break
    except (KeyboardInterrupt, _Stopped):
        pass
    finally:
        listener.close()
        runs.close()
        if _still_ours(path, own):
            with contextlib.suppress(OSError):
                os.unlink(path)


class _Runs:
    """The runs in progress: each client's connection and its worker.

    A client sends nothing once its run started, so its end of the connection
    closing before the worker is done means the client is gone (killed outright:
    other ways out pass the signal on first). The worker is then killed too, as the
    process it stands for would have been; a ``--fix`` run writes each file
    atomically, so nothing is left half-written."""

    def __init__(self) -> None:
        self._selector = selectors.DefaultSelector()
        self._workers: dict[int, tuple[socket.socket, int]] = {}  # by conn fd

    def watch(self, conn: socket.socket, worker: int) -> None:
        try:
            pidfd = os.pidfd_open(worker)
        except (AttributeError, OSError):  # no pidfds: the worker is not watched
            conn.close()
            return
        self._workers[conn.fileno()] = (conn, pidfd)
        self._selector.register(conn, selectors.EVENT_READ, conn.fileno())
        self._selector.register(pidfd, selectors.EVENT_READ, conn.fileno())

    def wait(self, listener: socket.socket, idle: float) -> bool:
        """Attend to the runs until a client connects (True), or until ``idle``
        seconds pass with no run in progress and no client (False)."""
        with self._listening(listener):
            while True:
                events = self._selector.select(None if self._workers else idle)
                if not events:
                    return False
                for key, _mask in events:
                    if key.fileobj is listener:
                        return True
                    if key.data in self._workers:  # (both of a run's ends at once)
                        self._end(key.data, key.fileobj)

    @contextlib.contextmanager
    def _listening(self, listener: socket.socket) -> Iterator[None]:
        listener.setblocking(False)
        self._selector.register(listener, selectors.EVENT_READ)
        try:
            yield
        finally:
            self._selector.unregister(listener)

    def _end(self, key: int, source: Any) -> None:
        """A run's client hung up (its worker is killed, if still running) or its
        worker ended: stop watching it."""
        conn, pidfd = self._workers.pop(key)
        if source is conn:
            with contextlib.suppress(OSError):
                signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        self._selector.unregister(conn)
        self._selector.unregister(pidfd)
        conn.close()
        os.close(pidfd)

    def close(self) -> None:
        """Stop watching (the workers go on); in a worker, let go of the others'
        connections."""
        for conn, pidfd in self._workers.values():
            conn.close()
            os.close(pidfd)
        self._workers.clear()
        self._selector.close()


def _handle(
    conn: socket.socket, state: ServerState, listener: socket.socket, runs: _Runs
) -> tuple[bool, int | None]:
    """Answer one connection: whether to go on serving, and the worker's pid when a
    run was handed to one."""
    conn.settimeout(_REQUEST_SECONDS)
    try:
        data, fds, _flags, _addr = socket.recv_fds(conn, 65536, _FDS)
        request = read_frame(conn.recv, data)
    except (OSError, ValueError, EOFError):
        return True, None
    try:
        if request is None:
            return True, None
        op = request.get("op")
        if op == "status":
            conn.sendall(frame(_status(state)))
            return True, None
        if op == "stop":
            conn.sendall(frame({"stopping": True}))
            return False, None
        if op != "run" or len(fds) != _FDS:
            conn.sendall(frame({"declined": "not a run"}))
            return True, None
        theirs = request.get("compatibility") or {}
        if theirs.get("code") != state.compatibility["code"]:
            conn.sendall(frame({"declined": "the server runs other code"}))
            # Another installation may share the cache folder; but when this
            # server's own code changed on disk (an upgrade), it is stale.
            return bool(state.compatibility["code"][-1] == code_stamp()), None
        if theirs.get("settings") != state.compatibility["settings"]:
            conn.sendall(frame({"declined": "other interpreter settings"}))
            return True, None
        if not same_context(conn):
            conn.sendall(frame({"declined": "the client runs with other rights"}))
            return True, None
        if not _limits_fit(request.get("limits") or ()):
            conn.sendall(frame({"declined": "resource limits above the server's"}))
            return True, None
        state.runs += 1
        worker = os.fork()
        if worker == 0:
            listener.close()
            runs.close()
            _work(conn, fds, request)
        return True, worker
    except OSError:
        return True, None
    finally:
        _close(fds)


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
    from cliniclint.run import cache

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
    run = _command
    if run is None:
        return 2  # not serving: nothing to run with
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


def _context(pid: int | str) -> tuple[list[str], str, str] | None:
    """A process's user and group ids (real, effective, saved, file system),
    supplementary groups, mount namespace and control groups; None when they cannot
    be read."""
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as handle:
            ids = [
                line for line in handle if line.startswith(("Uid:", "Gid:", "Groups:"))
            ]
        namespace = os.readlink(f"/proc/{pid}/ns/mnt")
        with open(f"/proc/{pid}/cgroup", encoding="utf-8") as handle:
            groups = handle.read()
    except OSError:
        return None
    return ids, namespace, groups


def same_context(conn: socket.socket) -> bool:
    """Whether the client at the other end of ``conn`` has this server's rights:
    its users, groups, supplementary groups, mount namespace and control groups. A
    forked worker keeps the server's: serving a client with fewer would read files
    it may not read, and write through a read-only mount it sits in."""
    try:
        creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
    except OSError:
        return False
    pid = int.from_bytes(creds[0:4], sys.byteorder)
    theirs = _context(pid)
    return theirs is not None and theirs == _context("self")


def _limits_fit(limits: Any) -> bool:
    """Whether a worker can take on the client's resource limits: a process may
    lower its hard limits, never raise them."""
    try:
        return all(
            _at_most(hard, resource.getrlimit(which)[1])
            for which, _soft, hard in limits
        )
    except (TypeError, ValueError, OSError):
        return False


def _at_most(limit: int, bound: int) -> bool:
    infinite = resource.RLIM_INFINITY
    return bound == infinite or (limit != infinite and limit <= bound)


def _adopt(request: dict[str, Any], fds: list[int]) -> None:
    """Become the client's process: its streams, folder, environment, umask and
    resource limits."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    for which, soft, hard in request.get("limits") or ():
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(which, (soft, hard))
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
