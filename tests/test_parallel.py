"""Parallel runs keep the order of the paths; the caches reuse earlier work safely."""

from __future__ import annotations

import gc
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from cliniclint.findings import (
    FileResult,
    Finding,
    Position,
    Reference,
    Related,
    Severity,
)
from cliniclint.run import pipeline as pipeline_module
from cliniclint.run import session as session_module
from cliniclint.run.parallel import BATCH_GC_THRESHOLD, ordered_map
from cliniclint.run.resultcache import ResultCache

# Slow: the CLI in workers, twice a format (the fast set: `pytest -m "not slow"`).
pytestmark = pytest.mark.slow

CLI = Callable[..., Result]
PACK = str(Path(__file__).resolve().parents[1] / "fixtures" / "packs" / "core.yaml")


def make_pages(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"page{i:02d}.txt"
        body = "A miracle. A miracle cure.\n" if i % 3 else "Nothing to see.\n"
        path.write_text(f"Page {i}.\n" + body * (i % 4 + 1), encoding="utf-8")
        paths.append(path)
    return paths


def square(n: int) -> int:
    return n * n


def test_ordered_map_keeps_order_across_processes() -> None:
    items = list(range(40))
    assert list(ordered_map(square, items, jobs=2)) == [n * n for n in items]
    assert list(ordered_map(square, items[:3], jobs=2)) == [0, 1, 4]


def collection_threshold(_n: int) -> int:
    return gc.get_threshold()[0]


def test_a_batch_collects_young_objects_less_often_and_restores_the_setting() -> None:
    before = gc.get_threshold()
    # In this process (one job) and in forked workers alike.
    assert (
        list(ordered_map(collection_threshold, [1, 2], jobs=1))
        == [BATCH_GC_THRESHOLD] * 2
    )
    assert set(ordered_map(collection_threshold, list(range(10)), jobs=2)) == {
        BATCH_GC_THRESHOLD
    }
    assert gc.get_threshold() == before


def refusing(what: str) -> Callable[..., None]:
    """A stand-in that fails the test with ``what`` (work that should not happen)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(what)

    return refuse


def lint_args(*extra: str) -> tuple[str, ...]:
    return ("lint", "--no-bundled", "--pack", PACK, "--format", "concise", *extra)


def test_two_jobs_print_what_one_job_prints(cli: CLI, tmp_path: Path) -> None:
    make_pages(tmp_path / "site", 24)
    one = cli(*lint_args("--jobs", "1", str(tmp_path / "site")))
    two = cli(*lint_args("--jobs", "2", str(tmp_path / "site")))
    assert two.output == one.output
    # 16 pages with "A miracle. A miracle cure." on 1-4 lines: two findings a line
    assert len(one.output.splitlines()) == 80


def test_result_cache_is_reused_until_a_file_changes(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLINICLINT_CACHE_DIR", str(tmp_path / "cache"))
    pages = make_pages(tmp_path / "site", 3)
    first = cli(*lint_args("--jobs", "1", str(tmp_path / "site")))
    assert len(list((tmp_path / "cache").glob("results-*.sqlite3"))) == 1

    refuse = refusing("linted again instead of using the cache")

    with monkeypatch.context() as patch:
        patch.setattr(pipeline_module.FilePipeline, "lint", refuse)
        second = cli(*lint_args("--jobs", "1", str(tmp_path / "site")))
    assert second.output == first.output

    pages[1].write_text("A breakthrough.\n", encoding="utf-8")
    third = cli(*lint_args("--jobs", "1", str(tmp_path / "site")))
    assert f"{pages[1]}:1:3: info [hype-word]" in third.output
    changed = [line for line in third.output.splitlines() if str(pages[1]) in line]
    assert changed == [f"{pages[1]}:1:3: info [hype-word] “breakthrough” is hype."]


def test_cached_json_output_is_written_as_it_was_rendered(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cliniclint.report import jsonfmt

    monkeypatch.setenv("CLINICLINT_CACHE_DIR", str(tmp_path / "cache"))
    make_pages(tmp_path / "site", 6)
    args = ("lint", "--no-bundled", "--pack", PACK, "--format", "json", "--jobs", "1")
    first = cli(*args, str(tmp_path / "site"))
    assert (
        first.output.count('"rule":"cure-promise"') == 8
    )  # pages 1, 2, 4, 5: 2 + 3 + 1 + 2 lines

    refuse = refusing("a cached finding was encoded again")

    with monkeypatch.context() as patch:
        patch.setattr(jsonfmt, "finding_json", refuse)
        second = cli(*args, str(tmp_path / "site"))
    assert second.output == first.output


def test_rules_cache_skips_loading_the_packs(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLINICLINT_CACHE_DIR", str(tmp_path / "cache"))
    pack = tmp_path / "pack.yaml"
    pack.write_text(Path(PACK).read_text(encoding="utf-8"), encoding="utf-8")
    target = tmp_path / "p.txt"
    target.write_text("A miracle.\n", encoding="utf-8")
    args = (
        "lint",
        "--no-bundled",
        "--pack",
        str(pack),
        "--format",
        "concise",
        "--jobs",
        "1",
        str(target),
    )
    first = cli(*args)
    assert len(list((tmp_path / "cache").glob("rules-*.json"))) == 1

    refuse = refusing("packs loaded although the rules cache was fresh")

    with monkeypatch.context() as patch:
        patch.setattr(session_module, "load_rule_packs", refuse)
        assert cli(*args).output == first.output
    # A changed pack changes the key: the packs are loaded again.
    pack.write_text(
        pack.read_text(encoding="utf-8").replace(
            "phrases: [miracle, breakthrough]", "phrases: [wonder]"
        ),
        encoding="utf-8",
    )
    assert cli(*args).output == ""
    assert len(list((tmp_path / "cache").glob("rules-*.json"))) == 2


def test_damaged_caches_are_ignored(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLINICLINT_CACHE_DIR", str(tmp_path / "cache"))
    make_pages(tmp_path / "site", 2)
    first = cli(*lint_args("--jobs", "1", str(tmp_path / "site")))
    for entry in (tmp_path / "cache").iterdir():
        if entry.is_file():
            entry.write_bytes(b"garbage")
    assert cli(*lint_args("--jobs", "1", str(tmp_path / "site"))).output == first.output


def test_two_runs_can_share_a_result_cache(tmp_path: Path) -> None:
    one = pipeline_module.LintedFile(FileResult("one.md", notice="binary file"))
    two = pipeline_module.LintedFile(FileResult("two.md"), suppressed=2)
    a = ResultCache(tmp_path, "k")
    b = ResultCache(tmp_path, "k")
    a.put("one", one)
    b.put("two", two)
    a.close()
    b.close()
    with ResultCache(tmp_path, "k") as cache:
        assert cache.get("one") == one
        assert cache.get("two") == two
        assert cache.get("three") is None


def _finding(severity: Severity, line: int) -> Finding:
    return Finding(
        "a.md",
        "miracle",
        "cure",
        severity,
        "A miracle.",
        "core",
        "1",
        Position(line, 1),
        Position(line, 8),
        10 * line,
        10 * line + 7,
        "miracle",
        ("remarkable",),
        "Say less.",
        "safe",
        (Related("other", "hype", Severity.INFO, "Hype."),),
        "raised: the page sells",
        "A remarkable result.",
        0,
        20,
        (Reference("FTC health claims", "https://example.org/ftc"),),
        "us",
        fingerprint="abc",
        baseline_path="site/a.md",
        occurrence=line,
    )


def test_a_stored_outcome_comes_back_whole_or_as_its_rendered_output(
    tmp_path: Path,
) -> None:
    findings = [_finding(Severity.ERROR, 1), _finding(Severity.INFO, 2)]
    result = FileResult("a.md", findings, rendered={"json": "[...]"})
    outcome = pipeline_module.LintedFile(result, rel_path="a.md", known={"x"})
    with ResultCache(tmp_path, "k") as cache:
        cache.put("a", outcome)
    with ResultCache(tmp_path, "k") as cache:
        # Every field of every finding, the related rules and rewrite included.
        assert cache.get("a") == outcome
        back = cache.get("a")
        assert back is not None
        assert [
            (f.fingerprint, f.baseline_path, f.occurrence) for f in back.result.findings
        ] == [("abc", "site/a.md", 1), ("abc", "site/a.md", 2)]
        assert cache.get("a", rendered="text") == outcome
        head = cache.get("a", rendered="json")
    assert head is not None
    assert head.result.findings == []
    assert head.result.rendered == {"json": "[...]"}
    assert head.result.unloaded == {
        Severity.INFO: 1,
        Severity.WARNING: 0,
        Severity.ERROR: 1,
    }
    assert head.known == {"x"}


def test_unwritable_cache_folder_is_ignored(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CLINICLINT_CACHE_DIR", str(blocker / "cache"))
    make_pages(tmp_path / "site", 2)
    result = cli(*lint_args("--jobs", "1", str(tmp_path / "site")))
    assert result.exit_code == 1
    assert "[hype-word]" in result.output
    assert "[cure-promise]" in result.output


def test_stored_codes_rebuild_the_same_pattern() -> None:
    from cliniclint.matching.compiled import LazyPattern
    from cliniclint.matching.speed.recode import compile_parts, from_parts

    source = r"\b(?P<span>clinically\s+proven)\b"
    parts = compile_parts(source, re.IGNORECASE)
    assert parts is not None
    rebuilt = from_parts(source, parts)
    assert rebuilt is not None
    assert rebuilt.search("A Clinically  proven cure").span("span") == (2, 20)
    # A pattern keeps its codes through the cache's format, and uses them; a
    # case-insensitive
    # one keeps those of its lower-cased twin, which is what runs.
    from cliniclint.run import stored

    exact = LazyPattern(source, "re", 0)
    exact.keep_codes()
    copy = stored.loads(stored.dumps(exact))
    assert copy.parts is not None
    assert copy.search("clinically proven").group() == "clinically proven"
    lazy = LazyPattern(source, "re", re.IGNORECASE)
    lazy.keep_codes()
    copy = stored.loads(stored.dumps(lazy))
    assert copy.parts is None
    assert copy.lower is not None
    assert copy.lower.parts is not None
    assert copy.lower.search("clinically proven").group() == "clinically proven"
    # Codes from another engine version are refused, and the source compiles again.
    version, magic, *rest = parts
    stale = LazyPattern(source, "re", re.IGNORECASE)
    stale.parts = (version, magic + 1, *rest)  # type: ignore[assignment]
    assert from_parts(source, stale.parts) is None
    assert stale.search("clinically proven") is not None


def test_no_cache_lints_afresh_but_keeps_the_compiled_packs(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLINICLINT_CACHE_DIR", str(tmp_path / "cache"))
    make_pages(tmp_path / "site", 3)
    args = lint_args("--jobs", "1", "--no-cache", str(tmp_path / "site"))
    first = cli(*args)
    assert "[cure-promise]" in first.output
    assert list((tmp_path / "cache").glob("results-*.sqlite3")) == []
    assert len(list((tmp_path / "cache").glob("rules-*.json"))) == 1

    refuse = refusing("packs loaded although the rules cache was fresh")

    with monkeypatch.context() as patch:
        patch.setattr(session_module, "load_rule_packs", refuse)
        assert cli(*args).output == first.output
    assert list((tmp_path / "cache").glob("results-*.sqlite3")) == []


def test_runs_on_other_folders_share_the_compiled_packs(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLINICLINT_CACHE_DIR", str(tmp_path / "cache"))
    make_pages(tmp_path / "one", 2)
    make_pages(tmp_path / "two", 2)
    cli(*lint_args("--jobs", "1", str(tmp_path / "one")))

    refuse = refusing("packs loaded although another folder cached them")

    with monkeypatch.context() as patch:
        patch.setattr(session_module, "load_rule_packs", refuse)
        second = cli(*lint_args("--jobs", "1", str(tmp_path / "two" / "page01.txt")))
    assert len(list((tmp_path / "cache").glob("rules-*.json"))) == 1
    monkeypatch.setenv("CLINICLINT_CACHE_DIR", "")
    uncached = cli(*lint_args("--jobs", "1", str(tmp_path / "two" / "page01.txt")))
    assert second.output == uncached.output
    assert f"{tmp_path / 'two' / 'page01.txt'}:2:14: error [cure-promise]" in (
        second.output
    )


def test_a_run_that_stores_the_rules_compiles_them_before_linting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What workers would inherit: after ``prepare`` no page needs a pattern built."""
    from cliniclint.matching import compiled as compiled_module
    from cliniclint.run.flags import Flags

    monkeypatch.setenv("CLINICLINT_CACHE_DIR", str(tmp_path / "cache"))
    pages = make_pages(tmp_path / "site", 4)
    session = session_module.Session.start([str(tmp_path / "site")], Flags())
    session.setup_for(str(pages[0]))
    session.prepare()

    refuse = refusing("a pattern was analysed or compiled while linting")

    with monkeypatch.context() as patch:
        patch.setattr(compiled_module, "lowered_source", refuse)
        patch.setattr(compiled_module, "compile_parts", refuse)
        patch.setattr(compiled_module.re, "compile", refuse)
        pipeline = session.pipeline(None, tmp_path)
        outcomes = [
            pipeline.lint(str(p), p.read_bytes(), session.setup_for(str(p)))
            for p in pages
        ]
    found = [f.rule_id for o in outcomes for f in o.result.findings]
    assert found.count("cure-claim") == 5  # pages 1 and 2: two and three lines
    assert set(found) >= {"cure-claim", "hype-language"}


def test_default_jobs_is_one_worker_per_cpu(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cliniclint.run import parallel

    for cpus, jobs in ((1, 1), (2, 2), (8, 8)):
        cpu_set = set(range(cpus))
        monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _, c=cpu_set: c)
        assert parallel.default_jobs() == jobs


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_run_ended_by_a_signal_prints_no_worker_tracebacks(
    tmp_path: Path, signum: int
) -> None:
    make_pages(tmp_path / "pages", 400)
    command = [sys.executable, "-m", "cliniclint", "lint", "--isolated", "--no-bundled"]
    command += ["--pack", PACK, "-j", "2", "--no-cache", "--format", "concise"]
    process = subprocess.Popen(
        [*command, str(tmp_path / "pages")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    assert process.stdout is not None
    process.stdout.readline()  # the workers are running
    if signum == signal.SIGINT:
        os.killpg(process.pid, signum)  # as Ctrl-C: the whole process group
    else:
        process.send_signal(signum)  # as `kill PID`: the parent only
    _, stderr = process.communicate(timeout=60)
    assert "Traceback" not in stderr.decode()
    assert process.returncode == 128 + signum


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_a_repeat_run_prints_what_the_first_printed(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.setenv("CLINICLINT_CACHE_DIR", str(tmp_path / "cache"))
    page = tmp_path / "site" / "page.md"
    page.parent.mkdir()
    # A claim with a related rule and a sentence rewrite, and page-level findings.
    page.write_text("Our stem cell treatment cures autism.\n", encoding="utf-8")
    args = ("lint", "--format", fmt, "--fail-on", "never", str(page))
    first = cli(*args)
    assert "rewrite" in first.output
    # Another format in between: the stored outcome then holds both renderings.
    cli("lint", "--format", "concise", str(page))
    assert cli(*args).output == first.output
