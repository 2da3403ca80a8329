"""`cliniclint server`: a run handed to the server is the run the process would make."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cliniclint.server import daemon as server_module
from cliniclint.server.protocol import compatibility, frame, read_frame

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not hasattr(os, "fork") or not hasattr(socket, "SO_PEERCRED"),
        reason="the server needs fork and Unix sockets with peer credentials",
    ),
]

ROOT = Path(__file__).resolve().parents[1]
CLAIM_PAGE = "Our stem cell therapy cures arthritis.\n"
STDIN_PAGE = ("lint", "--stdin-filename", "a.md", "-")
CONCISE = ("lint", "--format", "concise", "--stdin-filename", "a.md", "-")


def cliniclint(
    env: dict[str, str],
    *args: str,
    cwd: Path | None = None,
    stdin: bytes = b"",
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "cliniclint", *args],
        input=stdin,
        capture_output=True,
        env=env,
        cwd=cwd,
        preexec_fn=preexec_fn,
        timeout=120,
    )


def runs_served(env: dict[str, str]) -> int:
    out = cliniclint(env, "server", "status").stdout.decode()
    found = re.search(r"(\d+) runs served", out)
    assert found, out
    return int(found.group(1))


def wait_until(done: Callable[[], object], seconds: float = 30) -> None:
    """Poll ``done`` until it holds or ``seconds`` pass (the caller asserts)."""
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        time.sleep(0.05)


@contextlib.contextmanager
def running_server(idle: str) -> Iterator[dict[str, str]]:
    """The environment of a user whose cache folder has a server started with
    ``--idle-timeout idle``; stopped and removed afterwards."""
    # A short folder: a socket address holds about 100 bytes.
    folder = tempfile.mkdtemp(prefix="cl-")
    env = {**os.environ, "CLINICLINT_CACHE_DIR": folder}
    env.pop("GITHUB_ACTIONS", None)
    started = cliniclint(env, "server", "start", "--idle-timeout", idle)
    assert started.returncode == 0, started.stderr
    try:
        yield env
    finally:
        cliniclint(env, "server", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def socket_gone(env: dict[str, str]) -> bool:
    return not (Path(env["CLINICLINT_CACHE_DIR"]) / "server.sock").exists()


@pytest.fixture
def served() -> Iterator[dict[str, str]]:
    """The environment of a user whose cache folder has a running server."""
    with running_server("300") as env:
        yield env


def waiting_run(env: dict[str, str], output: int) -> subprocess.Popen[bytes]:
    """A run of ``lint -`` that the server has taken and that waits for standard
    input, which stays open; its output goes to ``output``."""
    before = runs_served(env)
    process = subprocess.Popen(
        [sys.executable, "-m", "cliniclint", "lint", "--stdin-filename", "a.md", "-"],
        stdin=subprocess.PIPE,
        stdout=output,
        stderr=output,
        env=env,
    )
    wait_until(lambda: runs_served(env) != before)
    assert runs_served(env) == before + 1
    return process


@pytest.fixture
def direct(served: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """The same environment with no server (another, empty cache folder)."""
    return {**served, "CLINICLINT_CACHE_DIR": str(tmp_path / "no-server")}


def test_a_served_run_writes_what_a_direct_run_writes(
    served: dict[str, str], direct: dict[str, str], tmp_path: Path
) -> None:
    page = tmp_path / "site" / "page.md"
    page.parent.mkdir()
    page.write_text(CLAIM_PAGE, encoding="utf-8")
    before = runs_served(served)
    for args in (
        ("lint", "site/page.md"),
        ("lint", "site", "--format", "json"),
        ("lint", "--format", "sarif", "site/page.md"),
    ):
        a = cliniclint(served, *args, cwd=tmp_path)
        b = cliniclint(direct, *args, cwd=tmp_path)
        assert (a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr)
        assert a.returncode == 1
    # The relative path was resolved in the client's folder.
    assert b"site/page.md:1:" in cliniclint(served, "lint", "site", cwd=tmp_path).stdout
    assert runs_served(served) == before + 4


def test_standard_input_and_exit_codes_pass_through(
    served: dict[str, str], direct: dict[str, str], tmp_path: Path
) -> None:
    before = runs_served(served)
    lint_stdin = ("lint", "--stdin-filename", "page.md", "--format", "json", "-")
    a = cliniclint(served, *lint_stdin, stdin=CLAIM_PAGE.encode())
    b = cliniclint(direct, *lint_stdin, stdin=CLAIM_PAGE.encode())
    assert (a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr)
    assert b'"rule":"cure-claim"' in a.stdout
    clean = cliniclint(served, "lint", "--stdin-filename", "x.txt", "-", stdin=b"Hi.\n")
    assert clean.returncode == 0
    bad = cliniclint(served, "lint", "--fail-on", "sometimes", str(tmp_path))
    assert bad.returncode == 2
    assert bad.stderr.endswith(
        b"Error: Invalid value for '--fail-on': 'sometimes' is not one of "
        b"'error', 'warning', 'info', 'never'.\n"
    )
    missing = cliniclint(served, "lint", "--pack", "nope.yaml", str(tmp_path))
    assert missing.returncode == 2
    assert (
        missing.stderr == b"cliniclint: error: nope.yaml: no such pack file or folder\n"
    )
    assert runs_served(served) == before + 4


def test_runs_at_the_same_time_each_get_their_own_answer(
    served: dict[str, str], tmp_path: Path
) -> None:
    pages = []
    for n in range(6):
        page = tmp_path / f"page{n}.md"
        page.write_text(f"Page {n}. " + CLAIM_PAGE * (n + 1), encoding="utf-8")
        pages.append(page)
    before = runs_served(served)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "cliniclint", "lint", "--format", "concise", p.name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=served,
            cwd=tmp_path,
        )
        for p in pages
    ]
    for n, process in enumerate(processes):
        out, err = process.communicate(timeout=120)
        assert (process.returncode, err) == (1, b"")
        lines = out.decode().splitlines()
        assert all(line.startswith(f"page{n}.md:") for line in lines[:-1])
        cures = [line for line in lines if "[cure-claim]" in line]
        assert len(cures) == n + 1  # one per copy of the claim on that page
    assert runs_served(served) == before + 6


def test_fix_writes_the_clients_file(served: dict[str, str], tmp_path: Path) -> None:
    original = "A clinically proven therapy.\nIt is a miracle.\n"
    (tmp_path / "page.md").write_text(original, encoding="utf-8")
    (tmp_path / "copy.md").write_text(original, encoding="utf-8")
    fix = ("lint", "--fix", "--unsafe-fixes", "--fail-on", "never")
    fixed = cliniclint(served, *fix, "page.md", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    cliniclint({**served, "CLINICLINT_CACHE_DIR": ""}, *fix, "copy.md", cwd=tmp_path)
    result = (tmp_path / "page.md").read_text(encoding="utf-8")
    assert result != original
    assert result == (tmp_path / "copy.md").read_text(encoding="utf-8")


def test_ctrl_c_reaches_the_run(served: dict[str, str]) -> None:
    process = waiting_run(served, subprocess.PIPE)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err.endswith(b"cliniclint: interrupted\n")


def test_a_run_keeps_its_commands_resource_limits(
    served: dict[str, str], direct: dict[str, str], tmp_path: Path
) -> None:
    import resource

    def no_file_growth() -> None:  # as `ulimit -f 0` would
        hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, hard))

    original = "A clinically proven therapy.\nIt is a miracle.\n"
    page = tmp_path / "page.md"
    page.write_text(original, encoding="utf-8")
    fix = ("lint", "--fix", "--unsafe-fixes", "--fail-on", "never", "page.md")
    before = runs_served(served)
    results = [
        cliniclint(env, *fix, cwd=tmp_path, preexec_fn=no_file_growth)
        for env in (served, direct)
    ]
    assert runs_served(served) == before + 1  # the first was served
    for result in results:
        assert (result.returncode, result.stdout, result.stderr) == (
            2,
            b"",
            b"cliniclint: error: page.md: cannot write the fixes: File too large\n",
        )
    assert page.read_text(encoding="utf-8") == original
    left = sorted(p.name for p in tmp_path.iterdir() if p.name != "no-server")
    assert left == ["page.md"]


def server_children(env: dict[str, str]) -> list[int]:
    """The processes the server forked that are still running (its workers)."""
    status = cliniclint(env, "server", "status").stdout.decode()
    found = re.search(r"pid (\d+)", status)
    assert found, status
    server = found.group(1)
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == server and fields[0] != "Z":  # (state, ppid)
                children.append(int(entry.name))
    return children


def test_a_killed_client_takes_its_run_with_it(served: dict[str, str]) -> None:
    before = runs_served(served)
    process = waiting_run(served, subprocess.DEVNULL)
    try:
        assert len(server_children(served)) == 1
        process.kill()
        process.wait(timeout=30)
        wait_until(lambda: not server_children(served))
        assert server_children(served) == []
    finally:
        assert process.stdin is not None
        process.stdin.close()
    # The server goes on serving.
    run = cliniclint(served, *STDIN_PAGE, stdin=CLAIM_PAGE.encode())
    assert (run.returncode, runs_served(served)) == (1, before + 2)


def test_other_interpreter_settings_run_directly(served: dict[str, str]) -> None:
    before = runs_served(served)
    env = {**served, "PYTHONCLINICLINTTEST": "1"}
    run = cliniclint(
        env, "lint", "--stdin-filename", "a.md", "-", stdin=CLAIM_PAGE.encode()
    )
    assert run.returncode == 1
    assert b"[cure-claim]" in run.stdout
    assert runs_served(served) == before


def test_the_socket_is_private_and_stop_removes_it(served: dict[str, str]) -> None:
    path = Path(served["CLINICLINT_CACHE_DIR"]) / "server.sock"
    assert stat.S_ISSOCK(path.stat().st_mode)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert (
        cliniclint(served, "server", "stop").stdout == b"cliniclint server: stopped\n"
    )
    assert not path.exists()
    status = cliniclint(served, "server", "status")
    assert (status.returncode, status.stdout) == (
        1,
        b"cliniclint server: not running\n",
    )
    # With no server, runs are made directly.
    run = cliniclint(
        served, "lint", "--stdin-filename", "a.md", "-", stdin=CLAIM_PAGE.encode()
    )
    assert run.returncode == 1


def test_an_idle_server_stops() -> None:
    with running_server("1") as env:
        wait_until(lambda: socket_gone(env))
        assert cliniclint(env, "server", "status").returncode == 1


def test_a_server_stops_when_idle_after_a_run() -> None:
    with running_server("5") as env:
        run = cliniclint(env, *STDIN_PAGE, stdin=CLAIM_PAGE.encode())
        assert run.returncode == 1
        assert runs_served(env) == 1
        wait_until(lambda: socket_gone(env))
        assert cliniclint(env, "server", "status").returncode == 1


def test_no_server_without_a_cache_folder() -> None:
    env = {**os.environ, "CLINICLINT_CACHE_DIR": ""}
    result = cliniclint(env, "server", "start")
    assert result.returncode == 2
    assert result.stderr.startswith(b"cliniclint: error: cliniclint server keeps")


def _ask(
    state: server_module.ServerState, message: dict[str, object]
) -> tuple[bool, dict[str, object] | None]:
    """What the server's connection handler does with one message (no fork)."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with ours, theirs:
        theirs.sendall(frame(message))
        keep_going, worker = server_module._handle(
            ours, state, ours, server_module._Runs()
        )
        assert worker is None
        return keep_going, read_frame(theirs.recv)


def test_a_run_from_other_code_is_declined() -> None:
    state = server_module.ServerState("unused", 60.0)
    mine = compatibility()
    other_code = {**mine, "code": (*mine["code"][:-1], [("elsewhere.py", 1, 2)])}
    fds = [os.dup(0), os.dup(1), os.dup(2)]
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with ours, theirs:
        message = frame({"op": "run", "compatibility": other_code})
        socket.send_fds(theirs, [message], fds)
        for fd in fds:
            os.close(fd)
        # Another installation's client: declined, and this server goes on.
        runs = server_module._Runs()
        assert server_module._handle(ours, state, ours, runs) == (True, None)
        assert read_frame(theirs.recv) == {"declined": "the server runs other code"}
    assert state.runs == 0
    keep_going, reply = _ask(state, {"op": "status"})
    assert keep_going is True
    assert reply is not None
    assert (reply["runs"], reply["pid"]) == (0, os.getpid())
    keep_going, reply = _ask(state, {"op": "stop"})
    assert (keep_going, reply) == (False, {"stopping": True})


def test_a_run_above_the_servers_limits_is_declined() -> None:
    import resource

    from cliniclint.server.protocol import resource_limits

    state = server_module.ServerState("unused", 60.0)
    nofile = resource.RLIMIT_NOFILE
    hard = resource.getrlimit(nofile)[1]
    if hard == resource.RLIM_INFINITY:
        pytest.skip("no finite limit on open files to go above")
    limits = [
        (which, soft, hard + 1 if which == nofile else top)
        for which, soft, top in resource_limits()
    ]
    fds = [os.dup(0), os.dup(1), os.dup(2)]
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with ours, theirs:
        message = {"op": "run", "compatibility": compatibility(), "limits": limits}
        socket.send_fds(theirs, [frame(message)], fds)
        for fd in fds:
            os.close(fd)
        runs = server_module._Runs()
        assert server_module._handle(ours, state, ours, runs) == (True, None)
        assert read_frame(theirs.recv) == {
            "declined": "resource limits above the server's"
        }
    assert state.runs == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to listen as another user")
def test_a_socket_of_another_user_is_not_used() -> None:
    folder = Path(tempfile.mkdtemp(prefix="cl-"))
    path = folder / "server.sock"
    folder.chmod(0o777)
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # a listener of user "nobody" at the server's address
        try:
            os.close(reader)
            os.setgid(65534)
            os.setuid(65534)
            with socket.socket(socket.AF_UNIX) as sock:
                sock.bind(str(path))
                sock.listen(1)
                os.write(writer, b"r")
                conn, _ = sock.accept()
                conn.settimeout(10)
                # What a client sends it: nothing, if the client checks who it is.
                os.write(writer, b"[" + conn.recv(65536) + b"]")
        finally:
            os._exit(0)
    os.close(writer)
    try:
        assert os.read(reader, 1) == b"r"
        env = {**os.environ, "CLINICLINT_CACHE_DIR": str(folder)}
        run = cliniclint(env, *STDIN_PAGE, stdin=CLAIM_PAGE.encode())
        assert run.returncode == 1
        assert b"[cure-claim]" in run.stdout  # linted by the command itself
        sent = b""
        while chunk := os.read(reader, 65536):
            sent += chunk
        assert sent == b"[]"
    finally:
        os.close(reader)
        os.waitpid(pid, 0)
        shutil.rmtree(folder, ignore_errors=True)


SCRIPT = Path(sys.executable).parent / "cliniclint"


@pytest.mark.skipif(not SCRIPT.exists(), reason="no cliniclint script beside python")
def test_a_server_started_in_a_project_imports_none_of_its_modules(
    tmp_path: Path,
) -> None:
    # `python -m` would import the project's modules itself: use the script, which
    # does not look in its working folder.
    project = tmp_path / "project"
    project.mkdir()
    marker = tmp_path / "imported"
    for name in ("click", "yaml", "html", "difflib", "sqlite3"):
        (project / f"{name}.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    (project / "page.html").write_text("<p>Our stem cell therapy cures it.</p>\n")
    folder = tempfile.mkdtemp(prefix="cl-")
    env = {**os.environ, "CLINICLINT_CACHE_DIR": folder}

    def script(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [str(SCRIPT), *args], capture_output=True, env=env, cwd=project, timeout=120
        )

    try:
        started = script("server", "start")
        assert started.returncode == 0, started.stderr
        run = script("lint", "--fix", "--unsafe-fixes", "page.html")
        # the claim's sentence is rewritten and the page's statements added: clean
        assert run.returncode == 0, run.stderr
        assert "not been shown to cure" in (project / "page.html").read_text()
        assert runs_served(env) == 1
        assert not marker.exists()
    finally:
        script("server", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to change a client's groups")
@pytest.mark.parametrize(
    "drop",
    [lambda: os.setgroups([4242]), lambda: os.setgid(4242)],
    ids=["supplementary-groups", "group"],
)
def test_a_client_with_other_groups_runs_directly(
    served: dict[str, str], drop: Callable[[], None]
) -> None:
    before = runs_served(served)
    run = cliniclint(served, *CONCISE, stdin=CLAIM_PAGE.encode(), preexec_fn=drop)
    assert run.returncode == 1, run.stderr
    assert b"a.md:1:23: error [cure-claim]" in run.stdout
    assert runs_served(served) == before


UNSHARE = shutil.which("unshare")


@pytest.mark.skipif(
    os.geteuid() != 0 or UNSHARE is None, reason="needs root and unshare(1)"
)
def test_a_client_in_another_mount_namespace_runs_directly(
    served: dict[str, str],
) -> None:
    assert UNSHARE is not None
    before = runs_served(served)
    command = [UNSHARE, "--mount", sys.executable, "-m", "cliniclint", *CONCISE]
    run = subprocess.run(
        command, input=CLAIM_PAGE.encode(), capture_output=True, env=served, timeout=120
    )
    if run.returncode not in (0, 1):
        pytest.skip(f"unshare could not run here: {run.stderr[-200:]!r}")
    assert b"a.md:1:23: error [cure-claim]" in run.stdout
    assert runs_served(served) == before


def test_a_module_in_the_cache_folder_is_not_imported(tmp_path: Path) -> None:
    folder = tempfile.mkdtemp(prefix="cl-")
    marker = tmp_path / "imported"
    for name in ("selectors", "resource", "sqlite3"):
        Path(folder, f"{name}.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    env = {**os.environ, "CLINICLINT_CACHE_DIR": folder}
    try:
        started = cliniclint(env, "server", "start")
        assert started.returncode == 0, started.stderr
        assert cliniclint(env, *STDIN_PAGE, stdin=CLAIM_PAGE.encode()).returncode == 1
        assert runs_served(env) == 1
        assert not marker.exists()
    finally:
        cliniclint(env, "server", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def test_the_log_is_not_written_through_a_link(tmp_path: Path) -> None:
    folder = tempfile.mkdtemp(prefix="cl-")
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n")
    Path(folder, "server.log").symlink_to(target)
    env = {**os.environ, "CLINICLINT_CACHE_DIR": folder}
    try:
        started = cliniclint(env, "server", "start")
        assert started.returncode == 0, started.stderr
        assert target.read_text() == "keep me\n"
        log = Path(folder, "server.log")
        assert stat.S_ISREG(log.lstat().st_mode)
        assert stat.S_IMODE(log.lstat().st_mode) == 0o600
    finally:
        cliniclint(env, "server", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def test_frames_arriving_together_are_read_one_by_one() -> None:
    """The run's "pid" and "exit" messages can come in one segment: reading the
    first must leave the second in the socket."""
    from cliniclint.server.protocol import frame, read_frame

    ours, theirs = socket.socketpair()
    with ours, theirs:
        theirs.sendall(frame({"pid": 41}) + frame({"exit": 3}))
        theirs.shutdown(socket.SHUT_WR)
        assert read_frame(ours.recv) == {"pid": 41}
        assert read_frame(ours.recv) == {"exit": 3}
        assert read_frame(ours.recv) is None
