"""Parallel linting keeps the order of the paths; the result cache reuses results."""

from __future__ import annotations

from pathlib import Path

import pytest

from cliniclint.engine import CompiledRules
from cliniclint.engine import run as engine_run
from cliniclint.engine.parallel import lint_paths
from cliniclint.engine.resultcache import ResultCache


def make_pages(folder: Path, count: int) -> list[str]:
    paths = []
    for i in range(count):
        path = folder / f"page{i:02d}.txt"
        body = "A miracle cure.\n" if i % 3 else "Nothing to see.\n"
        path.write_text(f"Page {i}.\n" + body * (i % 4 + 1), encoding="utf-8")
        paths.append(str(path))
    return paths


def summary(results: list) -> list[tuple[str, list[tuple[str, int | None]]]]:  # type: ignore[type-arg]
    return [(r.path, [(f.rule_id, f.offset) for f in r.findings]) for r in results]


def test_two_jobs_give_the_same_results_in_order(
    tmp_path: Path, core_rules: CompiledRules
) -> None:
    paths = make_pages(tmp_path, 24)
    one = list(lint_paths(paths, core_rules, jobs=1))
    two = list(lint_paths(paths, core_rules, jobs=2))
    assert summary(two) == summary(one)
    assert [r.path for r in two] == paths
    # 16 pages with "A miracle cure." on 1-4 lines, two findings a line
    assert sum(len(r.findings) for r in one) == 80


def test_cached_results_are_reused_and_carry_the_new_path(
    tmp_path: Path, core_rules: CompiledRules, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = make_pages(tmp_path, 3)
    with ResultCache(tmp_path / "cache", "k1") as cache:
        first = list(lint_paths(paths, core_rules, cache=cache))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("linted again instead of using the cache")

    monkeypatch.setattr(engine_run, "lint_source", refuse)
    import cliniclint.engine.parallel as parallel

    monkeypatch.setattr(parallel, "lint_source", refuse)
    with ResultCache(tmp_path / "cache", "k1") as cache:
        second = list(lint_paths(paths, core_rules, cache=cache))
    assert summary(second) == summary(first)
    assert second[1].lines == first[1].lines

    copy = tmp_path / "copy.txt"
    copy.write_bytes(Path(paths[1]).read_bytes())
    with ResultCache(tmp_path / "cache", "k1") as cache:
        (moved,) = lint_paths([str(copy)], core_rules, cache=cache)
    assert {f.path for f in moved.findings} == {str(copy)}


def test_changed_content_or_rules_miss_the_cache(
    tmp_path: Path, core_rules: CompiledRules
) -> None:
    (path,) = make_pages(tmp_path, 1)
    with ResultCache(tmp_path / "cache", "k1") as cache:
        list(lint_paths([path], core_rules, cache=cache))
    Path(path).write_text("A breakthrough.\n", encoding="utf-8")
    with ResultCache(tmp_path / "cache", "k1") as cache:
        (result,) = lint_paths([path], core_rules, cache=cache)
    assert [f.match for f in result.findings] == ["breakthrough"]
    with ResultCache(tmp_path / "cache", "k2") as cache:
        assert cache.get("anything", path) is None


def test_two_runs_can_share_the_cache(
    tmp_path: Path, core_rules: CompiledRules
) -> None:
    paths = make_pages(tmp_path, 4)
    a = ResultCache(tmp_path / "cache", "k1")
    b = ResultCache(tmp_path / "cache", "k1")
    list(lint_paths(paths[:2], core_rules, cache=a))
    list(lint_paths(paths, core_rules, cache=b))
    a.close()
    b.close()
    with ResultCache(tmp_path / "cache", "k1") as cache:
        results = list(lint_paths(paths, core_rules, cache=cache))
    assert summary(results) == summary(list(lint_paths(paths, core_rules)))


def test_unwritable_cache_folder_is_ignored(
    tmp_path: Path, core_rules: CompiledRules
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    (path,) = make_pages(tmp_path, 1)
    with ResultCache(blocker / "cache", "k1") as cache:
        (result,) = lint_paths([path], core_rules, cache=cache)
    assert result.findings == []
