"""`cliniclint server start|stop|status|run`."""

from __future__ import annotations

import contextlib
import os
import sys
import time

import click

from cliniclint.cli.common import EXIT_FINDINGS, die

_START_SECONDS = 30.0


def _path() -> str:
    import socket

    from cliniclint.server.protocol import socket_path

    if not hasattr(os, "fork") or not hasattr(socket, "SO_PEERCRED"):
        die(
            "cliniclint server needs fork and Unix sockets with peer credentials "
            "(Linux)"
        )
    path = socket_path()
    if path is None:
        die(
            "cliniclint server keeps its socket in the cache folder: caching is off "
            "(CLINICLINT_CACHE_DIR is empty) or the folder's path is too long"
        )
    return path


_idle = click.option(
    "--idle-timeout",
    type=click.FloatRange(min=1),
    default=None,
    metavar="SECONDS",
    help="Stop after this long without a run (default: 3 hours).",
)


@click.group()
def server() -> None:
    """A resident process that makes each run start warm.

    While it runs, every `cliniclint` command of this user (same cache folder,
    interpreter and code) is handed to it, and starts in milliseconds instead of
    importing and loading the rules anew. Output, exit codes and Ctrl-C are as
    without it.
    """


@server.command("start")
@_idle
def server_start(idle_timeout: float | None) -> None:
    """Start a server in the background (nothing happens if one is running)."""
    import subprocess

    from cliniclint.server.daemon import IDLE_SECONDS, ask

    path = _path()
    status = ask(path, "status")
    if status is not None:
        click.echo(f"cliniclint server: already running (pid {status['pid']})")
        return
    # -P: no folder goes first on the module path (`python -m` would put the working
    # folder there), so no file a project or the cache folder holds can shadow what
    # a run imports; started in "/" for the same reason.
    argv = [sys.executable, "-P", "-m", "cliniclint.cli.launch", path]
    argv.append(str(idle_timeout or IDLE_SECONDS))
    folder = os.path.dirname(path)
    from cliniclint.cachedir import usable_folder

    if not usable_folder(folder):
        die(f"{folder}: the cache folder is not this user's alone (mode 0700)")
    log = os.path.join(folder, "server.log")
    try:
        # A link (or anything) in the log's place is removed, not followed.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(log)
        out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        die(f"{log}: cannot write the server's log: {exc.strerror}")
    try:
        process = subprocess.Popen(
            argv,
            cwd="/",
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    finally:
        os.close(out)
    deadline = time.monotonic() + _START_SECONDS
    while time.monotonic() < deadline:
        status = ask(path, "status")
        if status is not None:
            click.echo(f"cliniclint server: running (pid {status['pid']}, {path})")
            return
        if process.poll() is not None:
            break
        time.sleep(0.02)
    try:
        fd = os.open(log, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with open(fd, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().strip().splitlines()
    except OSError:
        lines = []
    die("the server did not start" + (f": {lines[-1]}" if lines else ""))


@server.command("stop")
def server_stop() -> None:
    """Stop the running server."""
    from cliniclint.server.daemon import ask

    path = _path()
    if ask(path, "stop") is None:
        click.echo("cliniclint server: not running")
        return
    deadline = time.monotonic() + _START_SECONDS
    while os.path.exists(path) and time.monotonic() < deadline:
        time.sleep(0.02)
    click.echo("cliniclint server: stopped")


@server.command("status")
def server_status() -> None:
    """Say whether a server is running (exit code 1 when none is)."""
    from cliniclint.server.daemon import ask

    path = _path()
    status = ask(path, "status")
    if status is None:
        click.echo("cliniclint server: not running")
        sys.exit(EXIT_FINDINGS)
    up = time.time() - status["started"]
    click.echo(
        f"cliniclint server: running (pid {status['pid']}, {status['socket']}); "
        f"up {up:.0f} s, {status['runs']} runs served"
    )


@server.command("run")
@_idle
def server_run(idle_timeout: float | None) -> None:
    """Run a server in the foreground (for a service manager); Ctrl-C stops it."""
    from cliniclint.server.daemon import IDLE_SECONDS

    # The server's process is the one `server start` starts, in the foreground: this
    # process becomes it.
    argv = [sys.executable, "-P", "-m", "cliniclint.cli.launch", _path()]
    argv.append(str(idle_timeout or IDLE_SECONDS))
    os.chdir("/")
    os.execv(sys.executable, argv)
