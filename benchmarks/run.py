#!/usr/bin/env python3
"""Benchmark cliniclint against ripgrep, textlint + prh and proselint.

    python benchmarks/run.py [--sizes 1MB,10MB,100MB] [--skip-peers]
                             [--cliniclint CMD] [--timeout 600]

Everything is measured in one run on this machine: corpus throughput on each
size, the cache (first and second run on the 10 MB corpus), and the latency of
linting one ~10 KB page. The results table is printed and written into
benchmarks/README.md between the bench markers. See that README for what is
measured and how.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import generate_corpus  # noqa: E402
import phrases as phrases_mod  # noqa: E402

CORPUS_ROOT = HERE / "corpus"
PEERS = HERE / ".peers"
NODE_PREFIX = PEERS / "node"
VENV = PEERS / "venv"
README = HERE / "README.md"
START = "<!-- bench:start -->"
END = "<!-- bench:end -->"

MiB = 1024 * 1024
DASH = "\u2013"  # en dash
TIMES = "\u00d7"  # multiplication sign
LATENCY_RUNS = 10
CACHE_SIZE = "10MB"
# Extensions each tool reads from the corpus.
ALL_EXTS = (".md", ".mdx", ".html", ".txt")
TEXTLINT_EXTS = (".md", ".txt")
PROSELINT_EXTS = (".md", ".txt", ".html")  # proselint skips .mdx


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Running one command and measuring it
# --------------------------------------------------------------------------


@dataclass
class Sample:
    wall: float  # seconds
    rss_kb: int  # ru_maxrss of the child (KiB)
    rc: int  # exit code; negative: killed by that signal
    timed_out: bool


def _kill_group(pgid: int) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def find_gnu_time() -> str | None:
    """/usr/bin/time if it is GNU time (it must understand ``-f %M -o FILE``)."""
    exe = "/usr/bin/time"
    if not os.access(exe, os.X_OK):
        return None
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as f:
        try:
            cp = subprocess.run(
                [exe, "-f", "%M", "-o", f.name, "true"],
                capture_output=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        text = Path(f.name).read_text().strip()
    return exe if cp.returncode == 0 and text.isdigit() else None


GNU_TIME = find_gnu_time()


def run_once(
    cmd: Sequence[str],
    *,
    cwd: Path,
    env: dict[str, str],
    timeout: float,
    stdout: Path,
    stderr: Path,
    stdin: Path | None = None,
) -> Sample:
    """Run ``cmd`` once: wall time, peak RSS and exit code.

    Wall time is taken here with time.perf_counter() around the whole process.
    Peak RSS comes from GNU time's ``%M`` when /usr/bin/time is GNU time: it
    forks from a tiny process and reports the command's own ru_maxrss. Without
    it, the ru_maxrss that wait4() returns for the child is used, which can
    never be below the resident size of this harness at the moment of the fork
    (Linux carries the pre-exec high-water mark over exec), so small figures
    are floors. Either way the figure is the largest resident set of one
    process (the command, or a descendant it waited for), not a sum.

    The child gets its own process group, which is killed on timeout and after
    the child exits, so no stray helper outlives a measurement.
    """
    fired = threading.Event()
    rss_file = stdout.with_suffix(".rss")
    argv = list(cmd)
    if GNU_TIME:
        argv = [GNU_TIME, "-f", "%M", "-o", str(rss_file), *argv]

    with (
        stdout.open("wb") as out,
        stderr.open("wb") as err,
        stdin.open("rb") if stdin else open(os.devnull, "rb") as inp,
    ):
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            stdin=inp,
            stdout=out,
            stderr=err,
            cwd=cwd,
            env=env,
            start_new_session=True,
        )

        def on_timeout() -> None:
            fired.set()
            _kill_group(proc.pid)

        timer = threading.Timer(timeout, on_timeout)
        timer.daemon = True
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            _kill_group(proc.pid)
            proc.wait()
            raise
        finally:
            timer.cancel()
        t1 = time.perf_counter()
        proc.returncode = os.waitstatus_to_exitcode(status)
        _kill_group(proc.pid)
    rss = int(usage.ru_maxrss)
    if GNU_TIME:
        rss = 0
        try:
            # GNU time may write "Command exited with non-zero status N" first.
            last = rss_file.read_text().strip().splitlines()[-1]
            rss = int(last) if last.isdigit() else 0
        except (OSError, IndexError):
            pass
        rss_file.unlink(missing_ok=True)
    return Sample(t1 - t0, rss, proc.returncode, fired.is_set())


# --------------------------------------------------------------------------
# Tools
# --------------------------------------------------------------------------


@dataclass
class Tool:
    key: str
    label: str  # shown in tables
    available: bool
    why_missing: str
    # corpus/page path -> argv
    argv: Callable[[Path], list[str]]
    exts: tuple[str, ...]
    ok_codes: tuple[int, ...]
    counter: Callable[[Path], str]  # stdout file -> "N findings"
    env: dict[str, str] = field(default_factory=dict)
    is_peer: bool = True
    note: str = ""
    # Feed the target on standard input instead of naming it (as editors do).
    stdin: bool = False


def _count_lines(path: Path) -> str:
    n = 0
    with path.open("rb") as f:
        for _ in f:
            n += 1
    return f"{n:,} lines"


def _load_json(path: Path) -> Any:
    with path.open("rb") as f:
        return json.load(f)


def _count_textlint(path: Path) -> str:
    try:
        data = _load_json(path)
        n = sum(len(f.get("messages", [])) for f in data)
    except (ValueError, TypeError, AttributeError, OSError):
        return "?"
    return f"{n:,} findings"


def _count_proselint(path: Path) -> str:
    try:
        data = _load_json(path)["result"]
        n = sum(len(v.get("diagnostics", [])) for v in data.values())
    except (ValueError, TypeError, KeyError, AttributeError, OSError):
        return "?"
    return f"{n:,} findings"


def _count_json_findings(data: Any) -> int | None:
    """Best-effort count of findings in cliniclint's JSON report."""
    if isinstance(data, list):
        if all(isinstance(x, dict) for x in data):
            nested = [_count_json_findings(x) for x in data]
            if data and all(n is not None for n in nested):
                return sum(n for n in nested if n is not None)
        return len(data)
    if isinstance(data, dict):
        for key in ("findings", "diagnostics", "messages", "results", "problems"):
            val = data.get(key)
            if isinstance(val, list):
                nested = [
                    _count_json_findings(x) if isinstance(x, dict) else None
                    for x in val
                ]
                if val and all(n is not None for n in nested):
                    return sum(n for n in nested if n is not None)
                return len(val)
        for key in ("files", "documents", "runs"):
            val = data.get(key)
            if isinstance(val, list):
                return _count_json_findings(val)
            if isinstance(val, dict):
                return _count_json_findings(list(val.values()))
        summary = data.get("summary")
        if isinstance(summary, dict):
            for key in ("findings", "total", "count"):
                if isinstance(summary.get(key), int):
                    return int(summary[key])
    return None


def _count_cliniclint(path: Path) -> str:
    try:
        n = _count_json_findings(_load_json(path))
    except (ValueError, OSError):
        return "?"
    return "?" if n is None else f"{n:,} findings"


def _version(argv: Sequence[str], env: dict[str, str] | None = None) -> str:
    try:
        cp = subprocess.run(
            list(argv),
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    if cp.returncode != 0:
        return f"? (`{shlex.join(argv)}` exited {cp.returncode})"
    text = (cp.stdout.strip() or cp.stderr.strip()).splitlines()
    return text[0].strip() if text else "?"


def compile_bytecode() -> None:
    """Write cliniclint's bytecode files, as pip does when it installs a wheel: an
    editable install (or PYTHONDONTWRITEBYTECODE) would otherwise leave every run
    compiling the sources again."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("cliniclint")
    if spec is None or not spec.submodule_search_locations:
        log("bytecode: cliniclint is not importable here; left as it is")
        return
    for folder in spec.submodule_search_locations:
        compileall.compile_dir(folder, quiet=1)
        log(f"bytecode: compiled {folder}")


def cliniclint_tool(cmd: list[str], jobs: int | None) -> Tool:
    exe = cmd[0]
    found = shutil.which(exe) is not None or Path(exe).is_file()
    extra = ["--jobs", str(jobs)] if jobs else []

    def argv(target: Path) -> list[str]:
        return [
            *cmd,
            "lint",
            str(target),
            "--format",
            "json",
            "--fail-on",
            "never",
            "--no-cache",
            # the corpus sits in a folder .gitignore names: lint it all the same
            "--no-ignore",
            *extra,
        ]

    return Tool(
        key="cliniclint",
        label="cliniclint",
        available=found,
        why_missing=f"not found: {shlex.join(cmd)}",
        argv=argv,
        exts=ALL_EXTS,
        ok_codes=(0,),
        counter=_count_cliniclint,
        is_peer=False,
        note="default packs, `--format json --fail-on never --no-cache`"
        + (f" `--jobs {jobs}`" if jobs else "")
        + ": every file is linted (no results cache); the packs come compiled "
        "from the rules cache, which one run on a small page filled before",
    )


def cold_tool(clin: Tool) -> Tool:
    """cliniclint with no cache folder: every process loads and compiles the packs."""
    return replace(
        clin,
        key="cliniclint-cold",
        label="cliniclint, no caches",
        env={"CLINICLINT_CACHE_DIR": ""},
        note="the same with `CLINICLINT_CACHE_DIR=` (empty): no cache at all, as on "
        "a fresh CI machine; each process (the main one and every worker) loads, "
        "validates and compiles the packs",
    )


def warm_rules_cache(bench: Bench, tool: Tool, page: Path) -> None:
    """Fill the compiled-packs cache the throughput runs use (one untimed run)."""
    if not tool.available:
        return
    subprocess.run(
        tool.argv(page),
        env=bench.env(tool),
        cwd=bench.cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )


def peer_tools(ph_dir: Path, ph_count: int, ph_ascii: int) -> list[Tool]:
    tools: list[Tool] = []
    rg = shutil.which("rg")
    patterns = ph_dir / "phrases.txt"

    def rg_tool(
        key: str, label: str, extra: list[str], note: str, pattern_file: Path
    ) -> Tool:
        def argv(target: Path) -> list[str]:
            return [
                rg or "rg",
                "-F",
                "-i",
                "-w",
                *extra,
                "--no-ignore",
                "-f",
                str(pattern_file),
                str(target),
            ]

        return Tool(
            key=key,
            label=label,
            available=rg is not None,
            why_missing="not installed",
            argv=argv,
            exts=ALL_EXTS,
            ok_codes=(0, 1),
            counter=_count_lines,
            note=note,
        )

    tools.append(
        rg_tool(
            "rg",
            "rg -F -i -w",
            [],
            f"the same {ph_count} phrases; Unicode word boundaries and case "
            "folding; searches folders recursively; all files",
            patterns,
        )
    )
    tools.append(
        rg_tool(
            "rg-ascii",
            "rg -F -i -w --no-unicode",
            ["--no-unicode"],
            f"ASCII word boundaries and case folding; the {ph_ascii} ASCII-only "
            "phrases (this mode rejects non-ASCII patterns)",
            ph_dir / "phrases_ascii.txt",
        )
    )
    tools.append(
        rg_tool(
            "rg-j1",
            "rg -F -i -w -j1",
            ["-j1"],
            "as the first, on one thread",
            patterns,
        )
    )

    textlint = NODE_PREFIX / "node_modules" / ".bin" / "textlint"
    prh = NODE_PREFIX / "node_modules" / "textlint-rule-prh"
    rc = ph_dir / "textlintrc.json"

    def tl_argv(target: Path) -> list[str]:
        base = [
            str(textlint),
            "--config",
            str(rc),
            "--rules-base-directory",
            str(NODE_PREFIX / "node_modules"),
            "--format",
            "json",
        ]
        if target.is_dir():
            return [*base, *(f"{target}/**/*{ext}" for ext in TEXTLINT_EXTS)]
        return [*base, str(target)]

    tools.append(
        Tool(
            key="textlint",
            label="textlint + prh",
            available=textlint.exists() and prh.is_dir(),
            why_missing="not installed",
            argv=tl_argv,
            exts=TEXTLINT_EXTS,
            ok_codes=(0, 1),
            counter=_count_textlint,
            note=f"textlint-rule-prh with the same {ph_count} phrases; "
            ".md and .txt files only",
        )
    )

    proselint = VENV / "bin" / "proselint"
    vpy = VENV / "bin" / "python"

    def pl_argv(target: Path) -> list[str]:
        return [str(proselint), "check", "-o", "json", str(target)]

    def plp_argv(target: Path) -> list[str]:
        return [
            str(vpy),
            str(HERE / "proselint_phrases.py"),
            "--phrases",
            str(ph_dir / "phrases.list"),
            str(target),
        ]

    tools.append(
        Tool(
            key="proselint",
            label="proselint (default checks)",
            available=proselint.exists(),
            why_missing="not installed",
            argv=pl_argv,
            exts=PROSELINT_EXTS,
            ok_codes=(0, 1),
            counter=_count_proselint,
            note="its own default checks (no phrase-list option); "
            ".md, .txt, .html (no .mdx)",
        )
    )
    tools.append(
        Tool(
            key="proselint-phrases",
            label="proselint (phrase list)",
            available=proselint.exists() and vpy.exists(),
            why_missing="not installed",
            argv=plp_argv,
            exts=PROSELINT_EXTS,
            ok_codes=(0, 1),
            counter=_count_proselint,
            note=f"only an existence check of the {ph_count} phrases, added "
            "through its Python API; .md, .txt, .html",
        )
    )
    return tools


# --------------------------------------------------------------------------
# Corpora
# --------------------------------------------------------------------------


@dataclass
class Corpus:
    name: str
    path: Path
    files: dict[str, int]  # ext -> count
    bytes: dict[str, int]  # ext -> bytes

    def covered(self, exts: Sequence[str]) -> tuple[int, int]:
        return (
            sum(self.files.get(e, 0) for e in exts),
            sum(self.bytes.get(e, 0) for e in exts),
        )


def _scan(path: Path) -> tuple[dict[str, int], dict[str, int]]:
    files: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for root, dirs, names in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for n in names:
            if n.startswith("."):
                continue
            ext = os.path.splitext(n)[1]
            files[ext] = files.get(ext, 0) + 1
            sizes[ext] = sizes.get(ext, 0) + os.path.getsize(os.path.join(root, n))
    return files, sizes


def ensure_corpus(name: str, seed: int) -> Corpus:
    """Generate benchmarks/corpus/<name>/ unless an identical one is cached."""
    size = generate_corpus.parse_size(name)
    path = CORPUS_ROOT / name
    stamp = CORPUS_ROOT / f"{name}.json"
    key = {
        "generator_version": generate_corpus.GENERATOR_VERSION,
        "seed": seed,
        "size": size,
    }
    if stamp.exists() and path.is_dir():
        try:
            saved = json.loads(stamp.read_text())
        except ValueError:
            saved = {}
        if saved.get("key") == key:
            files, sizes = _scan(path)
            if (
                sum(files.values()) == saved.get("files")
                and sum(sizes.values()) == saved.get("bytes")
                and set(files) <= set(ALL_EXTS)
            ):
                log(f"corpus {name}: cached ({path})")
                return Corpus(name, path, files, sizes)
            log(f"corpus {name}: cached copy was modified, regenerating")
    if path.exists():
        shutil.rmtree(path)
    log(f"corpus {name}: generating {size:,} bytes (seed {seed})")
    t0 = time.perf_counter()
    stats = generate_corpus.generate(path, size, seed)
    log(f"corpus {name}: {stats.files} files in {time.perf_counter() - t0:.1f} s")
    stamp.write_text(
        json.dumps({"key": key, "files": stats.files, "bytes": stats.bytes}) + "\n"
    )
    files, sizes = _scan(path)
    return Corpus(name, path, files, sizes)


def preread(path: Path) -> None:
    """Read every file once so that all tools start with a warm page cache."""
    for root, _, names in os.walk(path):
        for n in names:
            with open(os.path.join(root, n), "rb") as f:
                while f.read(1 << 20):
                    pass


def pick_page(corpus: Corpus, target: int = 10 * 1024) -> Path:
    """The Markdown page whose size is closest to ``target`` bytes."""
    best: tuple[int, str] | None = None
    for root, _, names in os.walk(corpus.path):
        for n in names:
            if n.endswith(".md"):
                p = os.path.join(root, n)
                cand = (abs(os.path.getsize(p) - target), p)
                if best is None or cand < best:
                    best = cand
    if best is None:
        raise SystemExit(f"no Markdown page in {corpus.path}")
    return Path(best[1])


# --------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------


@dataclass
class Result:
    tool: Tool
    status: str  # ok | skipped | timeout | error | notrun
    detail: str = ""
    samples: list[Sample] = field(default_factory=list)
    files: int = 0
    nbytes: int = 0
    output: str = ""

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def rss_kb(self) -> int:
        return max(s.rss_kb for s in self.samples)


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="cliniclint-bench-"))
        self.cwd = self.tmp / "cwd"
        self.cwd.mkdir()
        self.home = self.tmp / "home"
        self.home.mkdir()
        self.out = self.tmp / "out"
        self.out.mkdir()
        self.timed_out_at: dict[str, str] = {}
        self.n = 0

    def env(self, tool: Tool) -> dict[str, str]:
        env = dict(os.environ)
        # An empty home and config folder: no user configuration is picked up.
        env["HOME"] = str(self.home)
        env["XDG_CONFIG_HOME"] = str(self.home / ".config")
        env["XDG_CACHE_HOME"] = str(self.home / ".cache")
        env.update(tool.env)
        return env

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _paths(self) -> tuple[Path, Path]:
        self.n += 1
        return self.out / f"{self.n}.out", self.out / f"{self.n}.err"

    def measure(
        self,
        tool: Tool,
        target: Path,
        runs: int,
        *,
        files: int = 1,
        nbytes: int = 0,
        size_name: str = "",
        warmup: bool = False,
        argv: list[str] | None = None,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> Result:
        res = Result(tool, "ok", files=files, nbytes=nbytes)
        if not tool.available:
            res.status, res.detail = "skipped", tool.why_missing
            return res
        if tool.key in self.timed_out_at and size_name:
            res.status = "notrun"
            res.detail = f"> {self.args.timeout:g} s at {self.timed_out_at[tool.key]}"
            return res
        cmd = argv or tool.argv(target)
        run_env = env or self.env(tool)
        run_cwd = cwd or self.cwd
        log(f"  {tool.label}: {shlex.join(cmd)}")
        total = runs + (1 if warmup else 0)
        for i in range(total):
            out, err = self._paths()
            s = run_once(
                cmd,
                cwd=run_cwd,
                env=run_env,
                timeout=self.args.timeout,
                stdout=out,
                stderr=err,
                stdin=target if tool.stdin else None,
            )
            if s.timed_out:
                res.status = "timeout"
                res.detail = f"> {self.args.timeout:g} s"
                if size_name:
                    self.timed_out_at[tool.key] = size_name
                log(f"    timed out after {self.args.timeout:g} s")
                break
            if s.rc not in tool.ok_codes:
                tail = err.read_text(errors="replace").strip().splitlines()[-5:]
                res.status, res.detail = "error", f"exit {s.rc}"
                log(f"    failed with exit {s.rc}: " + " | ".join(tail))
                break
            if warmup and i == 0:
                continue
            if not res.samples:
                res.output = tool.counter(out)
            res.samples.append(s)
            log(f"    {s.wall:.3f} s, {s.rss_kb / 1024:.0f} MB")
            out.unlink(missing_ok=True)
            err.unlink(missing_ok=True)
        if res.status == "ok" and not res.samples:
            res.status, res.detail = "error", "no sample"
        return res


def _runs_for(size: int, args: argparse.Namespace) -> int:
    if args.runs:
        return int(args.runs)
    if size <= MiB:
        return 5
    if size <= 10 * MiB:
        return 3
    return 1


@dataclass
class CacheResult:
    corpus: str
    first: Result | None = None
    second: Result | None = None
    note: str = ""


def measure_cache(bench: Bench, tool: Tool, corpus: Corpus) -> CacheResult:
    """First and second run with the cache on, starting from an empty cache."""
    cr = CacheResult(corpus.name)
    if not tool.available:
        cr.note = f"skipped ({tool.why_missing})"
        return cr
    base = tool.argv(corpus.path)
    argv = [a for a in base if a != "--no-cache"]
    # An empty cache: a fresh working folder and XDG cache home, no cache folder
    # in the corpus.
    cwd = bench.tmp / "cache-cwd"
    shutil.rmtree(cwd, ignore_errors=True)
    cwd.mkdir()
    env = bench.env(tool)
    env["XDG_CACHE_HOME"] = str(bench.tmp / "cache-xdg")
    shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
    before = {p.name for p in corpus.path.iterdir()}
    for stale in (corpus.path / ".cliniclint_cache",):
        shutil.rmtree(stale, ignore_errors=True)
    files, nbytes = corpus.covered(tool.exts)
    try:
        log(f"cache: {corpus.name}")
        cr.first = bench.measure(
            tool,
            corpus.path,
            1,
            files=files,
            nbytes=nbytes,
            argv=argv,
            cwd=cwd,
            env=env,
        )
        if cr.first.status == "ok":
            cr.second = bench.measure(
                tool,
                corpus.path,
                1,
                files=files,
                nbytes=nbytes,
                argv=argv,
                cwd=cwd,
                env=env,
            )
    finally:
        # Leave the corpus as it was for the tools that run after this.
        for p in corpus.path.iterdir():
            if p.name not in before:
                log(f"cache: removing {p} (written into the corpus)")
                if p.is_dir():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)
    return cr


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def _fmt_s(x: float) -> str:
    if x < 1:
        return f"{x * 1000:.0f} ms"
    if x < 10:
        return f"{x:.2f} s"
    return f"{x:.1f} s"


def _fmt_ratio(clin: float, peer: float) -> str:
    """cliniclint vs peer on throughput (higher throughput is faster)."""
    if clin <= 0 or peer <= 0:
        return DASH
    r = clin / peer
    word = "faster" if r >= 1 else "slower"
    x = r if r >= 1 else 1 / r
    return f"{x:.2g}{TIMES} {word}" if x < 10 else f"{x:.0f}{TIMES} {word}"


def _status_text(r: Result) -> str:
    return {
        "skipped": f"skipped ({r.detail})",
        "timeout": f"{r.detail} (timeout)",
        "notrun": f"not run ({r.detail})",
        "error": f"error ({r.detail})",
    }.get(r.status, r.detail)


def throughput_table(rows: list[tuple[Corpus, list[Result]]]) -> list[str]:
    out = [
        f"| corpus | tool | files | MB read | runs | wall (median) | min{DASH}max "
        "| MB/s | files/s | peak RSS | reported | cliniclint vs tool |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for corpus, results in rows:
        clin = next((r for r in results if not r.tool.is_peer), None)
        clin_tp = clin.nbytes / MiB / clin.wall if clin and clin.status == "ok" else 0.0
        for r in results:
            mb = r.nbytes / MiB
            head = f"| {corpus.name} | {r.tool.label} | {r.files:,} | {mb:.2f} "
            if r.status != "ok":
                out.append(head + f"| {DASH} | {_status_text(r)} | | | | | | |")
                continue
            walls = [s.wall for s in r.samples]
            tp = mb / r.wall
            ratio = _fmt_ratio(clin_tp, tp) if r.tool.is_peer else ""
            if r.tool.is_peer and not clin_tp:
                ratio = DASH
            out.append(
                head + f"| {len(walls)} | {_fmt_s(r.wall)} "
                f"| {_fmt_s(min(walls))}{DASH}{_fmt_s(max(walls))} "
                f"| {tp:.2f} | {r.files / r.wall:,.0f} | {r.rss_kb / 1024:.0f} MB "
                f"| {r.output} | {ratio} |"
            )
    return out


def latency_table(results: list[Result], page: Path, page_bytes: int) -> list[str]:
    out = [
        f"One page of {page_bytes:,} bytes (`{page.name}`), "
        f"{LATENCY_RUNS} process runs each after one warm-up run:",
        "",
        f"| command | median | min{DASH}max | peak RSS | cliniclint vs command |",
        "|---|--:|--:|--:|---|",
    ]
    clin = next((r for r in results if r.tool.key == "cliniclint"), None)
    clin_wall = clin.wall if clin and clin.status == "ok" else 0.0
    for r in results:
        if r.status != "ok":
            out.append(f"| {r.tool.label} | {_status_text(r)} | | | |")
            continue
        walls = [s.wall for s in r.samples]
        vs = ""
        if r.tool.key != "cliniclint" and clin_wall:
            vs = _fmt_ratio(1 / clin_wall, 1 / r.wall)
        out.append(
            f"| {r.tool.label} | {_fmt_s(r.wall)} | {_fmt_s(min(walls))}{DASH}"
            f"{_fmt_s(max(walls))} | {r.rss_kb / 1024:.0f} MB | {vs} |"
        )
    return out


def cache_table(cr: CacheResult | None) -> list[str]:
    if cr is None:
        return [f"Not measured: the {CACHE_SIZE} corpus was not in --sizes."]
    if cr.first is None:
        return [f"{cr.corpus} corpus: {cr.note}"]
    out = [
        f"cliniclint with its cache on, on the unchanged {cr.corpus} corpus, "
        "starting from an empty cache:",
        "",
        "| run | wall | peak RSS |",
        "|---|--:|--:|",
    ]
    for name, r in (("first (empty cache)", cr.first), ("second (warm)", cr.second)):
        if r is None:
            continue
        if r.status != "ok":
            out.append(f"| {name} | {_status_text(r)} | |")
        else:
            out.append(f"| {name} | {_fmt_s(r.wall)} | {r.rss_kb / 1024:.0f} MB |")
    if (
        cr.second is not None
        and cr.first.status == "ok"
        and cr.second.status == "ok"
        and cr.second.wall > 0
    ):
        out += [
            "",
            f"First ÷ second run: **{cr.first.wall / cr.second.wall:.1f}{TIMES}**.",
        ]
    return out


def machine_facts(
    args: argparse.Namespace, versions: dict[str, str], ph_meta: dict[str, Any]
) -> list[str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    started = args.started.strftime("%Y-%m-%d %H:%M UTC")
    minutes = (dt.datetime.now(dt.UTC) - args.started).total_seconds() / 60
    lines = [
        f"- Date: {started} (the run took {minutes:.0f} min)",
        f"- CPUs: {os.cpu_count()} ({cpu}); memory: {mem}",
        f"- OS: {platform.system()} {platform.release()}",
        f"- Python: {platform.python_version()} ({sys.executable})",
    ]
    lines.extend(f"- {k}: {v}" for k, v in versions.items())
    lines.append(
        "- Peak RSS: GNU time `%M` (/usr/bin/time)"
        if GNU_TIME
        else "- Peak RSS: ru_maxrss from wait4(); GNU time was not found, so "
        "figures below the harness's own size are floors"
    )
    lines.append(
        f"- Corpus: generate_corpus.py version {generate_corpus.GENERATOR_VERSION}, "
        f"seed {args.seed}"
    )
    lines.append(
        f"- Phrase list: {ph_meta['phrases']} phrases from {ph_meta['rules']} "
        f"rules ({ph_meta['origin']}"
        + (
            ": " + ", ".join(ph_meta["sources"])
            if ph_meta["origin"] == "packs"
            else " fallback list; rules/ has no phrase rules"
        )
        + ")"
    )
    return lines


def write_readme(block: str) -> None:
    text = README.read_text(encoding="utf-8") if README.exists() else ""
    new = f"{START}\n{block.rstrip()}\n{END}"
    if START in text and END in text and text.index(START) < text.index(END):
        i, j = text.index(START), text.index(END) + len(END)
        text = text[:i] + new + text[j:]
    else:
        text = text.rstrip() + "\n\n## Results\n\n" + new + "\n"
    README.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


@contextmanager
def bench_session(args: argparse.Namespace) -> Iterator[Bench]:
    bench = Bench(args)
    try:
        yield bench
    finally:
        bench.close()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description="Benchmark cliniclint and its peers (see benchmarks/README.md)."
    )
    ap.add_argument(
        "--sizes",
        default="1MB,10MB,100MB",
        help="comma-separated corpus sizes (default: 1MB,10MB,100MB)",
    )
    ap.add_argument("--skip-peers", action="store_true", help="measure cliniclint only")
    ap.add_argument(
        "--cliniclint",
        default="cliniclint",
        help="command that runs cliniclint (default: cliniclint on PATH), "
        "e.g. 'python -m cliniclint'",
    )
    ap.add_argument(
        "--jobs", type=int, default=None, help="pass --jobs N to cliniclint"
    )
    ap.add_argument(
        "--timeout",
        type=float,
        default=600.0,
        help="seconds before a run is stopped and reported as '> timeout'",
    )
    ap.add_argument(
        "--runs",
        type=int,
        default=0,
        help="runs per tool and size (default: 5 up to 1 MB, 3 up to 10 MB, 1 above)",
    )
    ap.add_argument("--seed", type=int, default=generate_corpus.DEFAULT_SEED)
    ap.add_argument(
        "--no-readme",
        action="store_true",
        help="print the results but do not write benchmarks/README.md",
    )
    args = ap.parse_args(argv)
    try:
        args.size_list = [s.strip() for s in args.sizes.split(",") if s.strip()]
        for s in args.size_list:
            generate_corpus.parse_size(s)
    except ValueError as e:
        ap.error(str(e))
    if not args.size_list:
        ap.error("--sizes is empty")
    if args.timeout <= 0:
        ap.error("--timeout must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    args.started = dt.datetime.now(dt.UTC)
    clin_cmd = shlex.split(args.cliniclint)
    if not clin_cmd:
        raise SystemExit("--cliniclint is empty")

    # Phrase list for the peers.
    rules, origin, warns = phrases_mod.collect(REPO / "rules")
    for w in warns:
        log(f"phrases: {w}")
    ph_dir = CORPUS_ROOT / "phrases"
    ph_meta = phrases_mod.write_outputs(rules, origin, ph_dir)
    log(f"phrases: {ph_meta['phrases']} phrases ({origin})")

    clin = cliniclint_tool(clin_cmd, args.jobs)
    peers = (
        []
        if args.skip_peers
        else peer_tools(ph_dir, int(ph_meta["phrases"]), int(ph_meta["ascii_phrases"]))
    )
    if not clin.available:
        log(f"cliniclint: {clin.why_missing}; it is reported as skipped")
    for p in peers:
        if not p.available:
            log(f"{p.label}: skipped ({p.why_missing})")

    versions: dict[str, str] = {}
    if clin.available:
        versions["cliniclint"] = _version([*clin_cmd, "--version"])
    by_key = {p.key: p for p in peers}
    if peers:
        if by_key["rg"].available:
            versions["ripgrep"] = _version(["rg", "--version"])
        if by_key["textlint"].available:
            versions["textlint"] = (
                _version([str(NODE_PREFIX / "node_modules/.bin/textlint"), "--version"])
                + ", textlint-rule-prh "
                + _pkg_version(NODE_PREFIX / "node_modules/textlint-rule-prh")
            )
            versions["node"] = _version(["node", "--version"])
        if by_key["proselint"].available:
            versions["proselint"] = _version(
                [
                    str(VENV / "bin/python"),
                    "-c",
                    "import importlib.metadata as m; print(m.version('proselint'))",
                ]
            )

    compile_bytecode()
    corpora = [ensure_corpus(name, args.seed) for name in args.size_list]
    tools = [clin, cold_tool(clin), *peers]
    rows: list[tuple[Corpus, list[Result]]] = []
    cache: CacheResult | None = None
    with bench_session(args) as bench:
        smallest = min(corpora, key=lambda c: sum(c.bytes.values()))
        warm_rules_cache(bench, clin, pick_page(smallest))
        for corpus in corpora:
            size = generate_corpus.parse_size(corpus.name)
            runs = _runs_for(size, args)
            preread(corpus.path)
            log(f"corpus {corpus.name}: {runs} run(s) per tool")
            results: list[Result] = []
            for tool in tools:
                files, nbytes = corpus.covered(tool.exts)
                results.append(
                    bench.measure(
                        tool,
                        corpus.path,
                        runs,
                        files=files,
                        nbytes=nbytes,
                        size_name=corpus.name,
                    )
                )
                if tool is clin and corpus.name == CACHE_SIZE:
                    cache = measure_cache(bench, clin, corpus)
            rows.append((corpus, results))

        # Single-page latency.
        page = pick_page(smallest)
        page_bytes = page.stat().st_size
        log(f"latency: {page} ({page_bytes} bytes)")
        py = Tool(
            "python",
            f"`python -c pass` ({platform.python_version()})",
            True,
            "",
            lambda _p: [sys.executable, "-c", "pass"],
            (),
            (0,),
            _count_lines,
        )
        ver = Tool(
            "cliniclint-version",
            "`cliniclint --version`",
            clin.available,
            clin.why_missing,
            lambda _p: [*clin_cmd, "--version"],
            (),
            (0,),
            _count_lines,
        )
        node = Tool(
            "node",
            "`node -e 0`",
            shutil.which("node") is not None,
            "not installed",
            lambda _p: ["node", "-e", "0"],
            (),
            (0,),
            _count_lines,
        )
        editor_cache = bench.tmp / "editor-cache"
        editor = Tool(
            "cliniclint",
            "cliniclint, page on stdin, rules cache warm",
            clin.available,
            clin.why_missing,
            lambda p: [
                *clin_cmd,
                "lint",
                "--stdin-filename",
                p.name,
                "--format",
                "json",
                "--fail-on",
                "never",
                "-",
            ],
            (),
            (0,),
            _count_cliniclint,
            env={"CLINICLINT_CACHE_DIR": str(editor_cache)},
            is_peer=False,
            stdin=True,
        )
        cold = replace(
            cold_tool(clin),
            label="cliniclint, no caches (packs loaded and compiled every run)",
        )
        # A short folder: the server's socket address holds about 100 bytes.
        server_cache = Path(tempfile.mkdtemp(prefix="cl-bench-"))
        served = replace(
            editor,
            key="cliniclint-server",
            label="cliniclint, page on stdin, `cliniclint server` running "
            "(peak RSS: the client process)",
            env={"CLINICLINT_CACHE_DIR": str(server_cache)},
        )
        lat_tools = [py, ver, editor, served, cold]
        if peers:
            lat_tools += [node, *[p for p in peers if p.key != "rg-j1"]]
        server_env = {**os.environ, **served.env}
        lat = []
        for t in lat_tools:
            if t is served and clin.available:
                subprocess.run(
                    [*clin_cmd, "server", "start"], env=server_env, check=False
                )
            lat.append(
                bench.measure(t, page, LATENCY_RUNS, warmup=True, nbytes=page_bytes)
            )
            if t is served and clin.available:
                subprocess.run(
                    [*clin_cmd, "server", "stop"], env=server_env, check=False
                )
        shutil.rmtree(server_cache, ignore_errors=True)

    block = render(args, rows, cache, lat, page, page_bytes, versions, ph_meta, tools)
    print(block)
    if not args.no_readme:
        write_readme(block)
        log(f"results written to {README}")
    return 0


def _pkg_version(pkg_dir: Path) -> str:
    try:
        return str(json.loads((pkg_dir / "package.json").read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "?"


def render(
    args: argparse.Namespace,
    rows: list[tuple[Corpus, list[Result]]],
    cache: CacheResult | None,
    lat: list[Result],
    page: Path,
    page_bytes: int,
    versions: dict[str, str],
    ph_meta: dict[str, Any],
    tools: list[Tool],
) -> str:
    lines: list[str] = [
        "_Generated by `python benchmarks/run.py "
        + shlex.join(
            [
                "--sizes",
                ",".join(args.size_list),
                *(["--skip-peers"] if args.skip_peers else []),
                *(
                    ["--cliniclint", args.cliniclint]
                    if args.cliniclint != "cliniclint"
                    else []
                ),
                *(["--jobs", str(args.jobs)] if args.jobs else []),
                *(["--runs", str(args.runs)] if args.runs else []),
                *(["--timeout", f"{args.timeout:g}"] if args.timeout != 600 else []),
            ]
        )
        + "`; every figure below comes from this one run._",
        "",
        "### Corpus throughput",
        "",
        "Wall time is the median of the runs; MB = 2^20 bytes of the files the "
        "tool reads; peak RSS is the largest of the runs. *cliniclint vs tool* "
        "compares MB/s.",
        "",
        *throughput_table(rows),
        "",
        "### Cache",
        "",
        *cache_table(cache),
        "",
        "### Single-page latency",
        "",
        *latency_table(lat, page, page_bytes),
        "",
        "### Tools",
        "",
    ]
    lines.extend(f"- **{t.label}**: {t.note}" for t in tools)
    lines += ["", "### Machine", "", *machine_facts(args, versions, ph_meta)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
