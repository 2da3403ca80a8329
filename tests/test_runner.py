"""The run service reads each file once: the bytes that key the result cache are the
bytes linted, in this process or in a worker."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from cliniclint.documents.filebytes import read_file
from cliniclint.findings import Finding, Position
from cliniclint.run import runner as runner_module
from support import runner

PAGES = 20  # enough for a pool of workers (run.parallel.MIN_ITEMS_FOR_POOL)


def make_pages(folder: Path) -> list[str]:
    folder.mkdir()
    paths = []
    for i in range(PAGES):
        page = folder / f"page{i:02d}.txt"
        page.write_text(f"Page {i}.\n" + "A miracle cure.\n" * (i % 3), "utf-8")
        paths.append(str(page))
    return paths


def logged_reads(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Log every file the run reads, in whichever process reads it."""

    def read_and_log(path: str) -> bytes:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(path + "\n")
        return read_file(path)

    monkeypatch.setattr(runner_module, "read_file", read_and_log)


def reads(log: Path) -> Counter[str]:
    counts = Counter(log.read_text("utf-8").splitlines())
    log.unlink()
    return counts


@pytest.mark.parametrize(
    ("jobs", "read_ahead"),
    [
        (1, runner_module.READ_AHEAD),
        (2, runner_module.READ_AHEAD),  # one window of 20 files: a pool
        (2, 200),  # windows of 9, 9 and 2 files: a pool for the first two
        (2, 1),  # a window for each file: no pool
    ],
)
def test_each_file_is_read_once_with_or_without_the_result_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int, read_ahead: int
) -> None:
    paths = make_pages(tmp_path / "site")
    log = tmp_path / "reads.log"
    logged_reads(monkeypatch, log)
    monkeypatch.setattr(runner_module, "READ_AHEAD", read_ahead)
    monkeypatch.setenv("CLINICLINT_CACHE_DIR", str(tmp_path / "cache"))

    def lint(use_cache: bool) -> list[tuple[str, int]]:
        run = runner()
        outcomes = run.lint_files(paths, jobs=jobs, use_cache=use_cache)
        return [(o.result.path, len(o.result.findings)) for o in outcomes]

    # Pages 1, 4 and 7 hold the claim once, pages 2, 5 and 8 twice.
    expected = [(p, i % 3) for i, p in enumerate(paths)]
    assert lint(use_cache=True) == expected  # nothing cached yet: all linted
    assert reads(log) == Counter(paths)
    assert lint(use_cache=True) == expected  # all from the cache
    assert reads(log) == Counter(paths)
    for edited in (paths[3], paths[11]):  # 0 and 2 findings: now 1 each
        Path(edited).write_text("A miracle cure.\n", "utf-8")
    expected[3] = (paths[3], 1)
    expected[11] = (paths[11], 1)
    assert lint(use_cache=True) == expected  # two linted, the rest from the cache
    assert reads(log) == Counter(paths)
    assert lint(use_cache=False) == expected
    assert reads(log) == Counter(paths)


def test_a_file_edited_after_it_was_read_is_linted_as_read_and_keyed_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = make_pages(tmp_path / "site")
    edited = paths[0]
    monkeypatch.setenv("CLINICLINT_CACHE_DIR", str(tmp_path / "cache"))

    def read_then_edit(path: str) -> bytes:
        data = read_file(path)
        if path == edited:
            Path(path).write_text("A miracle cure.\n", "utf-8")
        return data

    with monkeypatch.context() as patch:
        patch.setattr(runner_module, "read_file", read_then_edit)
        first = list(runner().lint_files(paths, jobs=1, use_cache=True))
    assert first[0].result.findings == []  # "Page 0." as it was read
    # The outcome was kept under the bytes it came from, not under the edit's.
    second = list(runner().lint_files(paths, jobs=1, use_cache=True))
    found = [(f.rule_id, f.start) for f in second[0].result.findings]
    assert found == [("cure-promise", Position(1, 3))]


def test_windows_too_small_for_a_pool_never_ask_for_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cliniclint.run import parallel

    def refuse() -> bool:
        raise AssertionError("multiprocessing consulted for a run with no pool")

    monkeypatch.setattr(parallel, "_can_fork", refuse)
    windows = iter([("a", [1, 2]), ("b", []), ("c", [3])])
    got = [
        (label, list(results))
        for label, results in parallel.ordered_windows(
            lambda n: n * 10, windows, jobs=2
        )
    ]
    assert got == [("a", [10, 20]), ("b", []), ("c", [30])]


@pytest.mark.parametrize("fmt", ["json", "text", "github"])
def test_without_the_result_cache_workers_hand_back_rendered_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    from cliniclint.findings import Severity
    from cliniclint.report.stream import render_file

    paths = make_pages(tmp_path / "site")
    monkeypatch.setenv("CLINICLINT_CACHE_DIR", str(tmp_path / "cache"))
    full = list(runner().lint_files(paths, jobs=1, use_cache=False))
    for use_cache in (False, True):
        outcomes = list(
            runner().lint_files(paths, jobs=2, use_cache=use_cache, rendered=fmt)
        )
        assert [o.result.path for o in outcomes] == paths
        for whole, outcome in zip(full, outcomes, strict=True):
            result = outcome.result
            if use_cache or fmt == "github":  # findings kept (github: not KEPT)
                assert result.findings == whole.result.findings
                assert result.unloaded is None
                continue
            assert result.findings == []
            assert result.rendered == {fmt: render_file(fmt, whole.result)}
            errors = sum(f.severity is Severity.ERROR for f in whole.result.findings)
            assert result.unloaded is not None
            assert result.unloaded[Severity.ERROR] == errors
            assert sum(result.unloaded.values()) == len(whole.result.findings)
    assert sum(len(o.result.findings) for o in full) == 19  # i % 3 on page i


def test_output_rendered_in_the_worker_is_not_fingerprinted_unless_a_baseline_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cliniclint.run import pipeline as pipeline_module

    paths = make_pages(tmp_path / "site")
    calls: list[int] = []
    fingerprint = pipeline_module.with_fingerprints

    def counted(findings: list[Finding], rel: str, raw: str) -> list[Finding]:
        calls.append(len(findings))
        return fingerprint(findings, rel, raw)

    monkeypatch.setattr(pipeline_module, "with_fingerprints", counted)
    rendered = list(
        runner().lint_files(paths, jobs=1, use_cache=False, rendered="json")
    )
    assert calls == []
    assert rendered[1].result.rendered["json"].count('"rule":"cure-promise"') == 1
    whole = list(runner().lint_files(paths, jobs=1, use_cache=False))
    assert len(calls) == PAGES
    assert all(f.fingerprint for o in whole for f in o.result.findings)
