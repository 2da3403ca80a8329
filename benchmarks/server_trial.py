"""Runs through `cliniclint server` while another lint keeps every core busy: how many
runs lose their exit code?

    python benchmarks/server_trial.py            # 500 runs
    python benchmarks/server_trial.py --runs 50

Each run lints a page that has an error (exit 1) or a clean page (exit 0), taking
turns; a run whose exit code is not the expected one is counted as lost and its
stderr is printed. Prints the figures and exits 1 when a run was lost.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLAIM_PAGE = b"Our stem cell therapy cures arthritis.\n"
CLEAN_PAGE = b"We answer questions about our clinic's opening hours.\n"


def cliniclint(
    env: dict[str, str], *args: str, stdin: bytes = b""
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "cliniclint", *args],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


def load(corpus: Path, env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    """One lint per core, over and over, on a folder of pages."""
    corpus.mkdir()
    for n in range(300):
        (corpus / f"page{n}.md").write_bytes(CLAIM_PAGE * 40)
    busy_env = {**env, "CLINICLINT_CACHE_DIR": ""}  # no server, no cache: real work
    script = (
        "import subprocess, sys\n"
        "while True:\n"
        f"    subprocess.run([sys.executable, '-m', 'cliniclint', 'lint', '-j1', "
        f"'--format', 'concise', {str(corpus)!r}], stdout=subprocess.DEVNULL, "
        "stderr=subprocess.DEVNULL)\n"
    )
    cores = os.cpu_count() or 1
    return [
        subprocess.Popen(
            [sys.executable, "-c", script], env=busy_env, start_new_session=True
        )
        for _ in range(cores)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cl-"))  # short: a socket path is short
    env = {**os.environ, "CLINICLINT_CACHE_DIR": str(folder / "c")}
    env.pop("GITHUB_ACTIONS", None)
    busy: list[subprocess.Popen[bytes]] = []
    try:
        started = cliniclint(env, "server", "start", "--idle-timeout", "600")
        if started.returncode != 0:
            print(started.stderr.decode(), file=sys.stderr)
            return 2
        busy = load(folder / "corpus", env)
        time.sleep(1)
        lost = 0
        began = time.monotonic()
        for n in range(args.runs):
            page, expected = (CLAIM_PAGE, 1) if n % 2 == 0 else (CLEAN_PAGE, 0)
            done = cliniclint(env, "lint", "--stdin-filename", "a.md", "-", stdin=page)
            if done.returncode != expected:
                lost += 1
                print(
                    f"run {n}: exit {done.returncode}: {done.stderr.decode().strip()}"
                )
        took = time.monotonic() - began
        status = cliniclint(env, "server", "status").stdout.decode().strip()
        print(f"runs: {args.runs}, lost exit codes: {lost}, cores busy: {len(busy)}")
        print(f"time: {took:.1f} s ({took / args.runs * 1000:.0f} ms a run)")
        print(f"server: {status}")
        return 1 if lost else 0
    finally:
        for process in busy:
            os.killpg(process.pid, signal.SIGKILL)  # the loop and its lint
            process.wait()
        cliniclint(env, "server", "stop")
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
