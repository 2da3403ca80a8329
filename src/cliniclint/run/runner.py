"""A run over many files: each file's setup resolved first, each file read once, its
outcome taken from the result cache or linted (in worker processes), and yielded in
the order of the paths, with the baseline's books kept in this process.

Who reads a file: with the result cache on, this process, which keys the cache by
the bytes it read and, for a file the cache lacks, hands those same bytes to the
worker that lints them (a window of READ_AHEAD bytes at a time); with the cache
off, the worker (or this process, with one job) that lints it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Generator, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cliniclint.documents import UnreadableFile
from cliniclint.documents.filebytes import read_file
from cliniclint.report.stream import KEPT, render_ahead
from cliniclint.run.cache import cache_dir
from cliniclint.run.parallel import ordered_windows
from cliniclint.run.pipeline import FileSetup, LintedFile

if TYPE_CHECKING:
    from cliniclint.run.resultcache import ResultCache
    from cliniclint.run.session import Session

# A file for a worker: its index in the run's paths, and its bytes when this process
# has read them already (None: the worker reads the file).
Job = tuple[int, bytes | None]

# With the result cache on, this process reads and keys files ahead of the workers,
# holding at most about this many bytes of files still to lint: memory stays
# bounded however large the run.
READ_AHEAD = 4 * 1024 * 1024


class Runner:
    """Lint (or fix) a run's files and standard input with one session's settings."""

    def __init__(
        self,
        session: Session,
        *,
        fix: bool = False,
        diff: bool = False,
        unsafe: bool = False,
        write_roots: tuple[str, ...] | None = None,
        apply_baseline: bool = True,
        root: Path | None = None,
    ):
        """``root``: what findings' paths are relative to in fingerprints (by
        default the baseline's folder, else the current one)."""
        self.session = session
        self.settings = session.settings
        self.baseline = session.baseline() if apply_baseline else None
        self.pipeline = session.pipeline(self.baseline, root, write_roots)
        # --diff fixes as --fix does, and writes nothing.
        self.fixing, self.write, self.unsafe = fix or diff, fix and not diff, unsafe
        if self.fixing:
            # Now rather than inside the first file's fix: see FilePipeline.fix.
            import cliniclint.review.fixes
            import cliniclint.run.writes  # noqa: F401

    def _account(self, outcome: LintedFile) -> LintedFile:
        """Count a file's outcome towards the baseline's hidden and stale figures:
        here, in this process, so that files linted in workers are counted once."""
        if self.baseline is not None and outcome.rel_path is not None:
            self.baseline.record(outcome.rel_path, outcome.known)
        return outcome

    def _lint(
        self,
        path: str,
        data: bytes | str,
        setup: FileSetup,
        *,
        write: bool,
        fingerprints: bool = True,
    ) -> LintedFile:
        if self.fixing:
            return self.pipeline.fix(path, data, setup, unsafe=self.unsafe, write=write)
        return self.pipeline.lint(path, data, setup, fingerprints=fingerprints)

    @staticmethod
    def _read(path: str) -> bytes | LintedFile:
        """A file's bytes, or the notice of a file that cannot be read."""
        try:
            return read_file(path)
        except UnreadableFile as exc:
            return LintedFile.notice(path, str(exc))

    def lint_input(self, name: str, data: bytes) -> LintedFile:
        """Lint (or, without writing, fix) content given rather than read: standard
        input under ``name``."""
        setup = self.session.setup_for(name)
        return self._account(self._lint(name, data, setup, write=False))

    def keeps_results(self, use_cache: bool) -> bool:
        """Whether ``lint_files`` keeps outcomes in the result cache."""
        return use_cache and not self.fixing and cache_dir() is not None

    def lint_files(
        self,
        paths: Sequence[str],
        *,
        jobs: int,
        use_cache: bool,
        rendered: str | None = None,
    ) -> Generator[LintedFile]:
        """Each file's outcome, in the order of ``paths``: from the result cache
        where the file and the settings are unchanged, the rest spread over ``jobs``
        processes. An outcome is stored after it has been yielded, with what the
        caller rendered of it (``rendered``: the format whose output a cached
        outcome should bring back without its findings)."""
        if not paths:
            return  # (standard input alone: no result cache to open)
        if self.fixing:
            # Files are rewritten by this process only: a run that is killed stops
            # writing at once, with no worker finishing files behind its back.
            jobs = 1
        # Compiled in this process, so workers inherit the rules and the rules
        # cache keeps them.
        setups = [self.session.setup_for(path) for path in paths]
        folder = cache_dir() if use_cache and not self.fixing else None
        store = None
        if folder is not None:
            from cliniclint.run.resultcache import ResultCache

            store = ResultCache(folder, self._run_key())
        # Cached files are only noted here and read back one at a time as they are
        # reported, so that a repeat run holds one file's findings at a time.
        keys: dict[int, str] = {}
        cached: set[int] = set()
        unread: dict[int, LintedFile] = {}
        if store is not None:
            windows = self._read_ahead(paths, store, keys, cached, unread)
        else:
            windows = iter(
                [(len(paths), [(index, None) for index in range(len(paths))])]
            )

        # Without the result cache to keep findings for, the worker renders a file's
        # output itself and hands back only that and its counts; the formats it
        # renders show no fingerprints, so only a baseline needs them then.
        renders = store is None and not self.fixing and rendered in KEPT
        ahead = rendered if renders else None

        def lint_job(job: Job) -> LintedFile:
            index, given = job
            data = self._read(paths[index]) if given is None else given
            if isinstance(data, LintedFile):
                return data
            outcome = self._lint(
                paths[index],
                data,
                setups[index],
                write=self.write,
                fingerprints=ahead is None,
            )
            if ahead is not None:
                render_ahead(ahead, outcome.result)
            return outcome

        def prepared(
            windows: Iterator[tuple[int, list[Job]]],
        ) -> Iterator[tuple[int, list[Job]]]:
            ready = False
            for stop, todo in windows:
                if todo and not ready:
                    self.session.prepare()  # before any worker is forked
                    ready = True
                yield stop, todo

        start = 0
        try:
            for stop, fresh in ordered_windows(lint_job, prepared(windows), jobs):
                for index in range(start, stop):
                    key = keys.get(index)
                    if index in cached:
                        assert store is not None
                        assert key is not None
                        hit = store.get(key, rendered=rendered)
                        if hit is not None:
                            outcome = hit
                        else:  # gone from the cache since: read and lint it here
                            key, outcome = self._keyed(paths[index], setups[index])
                        shown = len(outcome.result.rendered)
                        yield self._account(outcome)
                        if key is not None and (
                            hit is None or len(outcome.result.rendered) > shown
                        ):
                            # Kept (with the output of this format too) for next time.
                            store.put(key, outcome)
                    elif index in unread:
                        yield self._account(unread.pop(index))
                    else:
                        outcome = next(fresh)
                        # Yielded first: the cache then keeps the rendered output too.
                        yield self._account(outcome)
                        if store is not None and key is not None:
                            store.put(key, outcome)
                start = stop
        finally:
            if store is not None:
                store.close()

    def _read_ahead(
        self,
        paths: Sequence[str],
        store: ResultCache,
        keys: dict[int, str],
        cached: set[int],
        unread: dict[int, LintedFile],
    ) -> Iterator[tuple[int, list[Job]]]:
        """Read the files in order and key each by its bytes: the cache holds its
        outcome (``cached``), or it cannot be read (``unread``), or it is a job to
        lint from the bytes read. A window of files at a time, up to READ_AHEAD
        bytes of jobs: ``(stop, jobs)`` for the files before index ``stop``."""
        from cliniclint.run.resultcache import content_key

        todo: list[Job] = []
        held = 0
        for index, path in enumerate(paths):
            data = self._read(path)
            if isinstance(data, LintedFile):
                unread[index] = data
                continue
            key = keys[index] = content_key(path, data)
            if store.contains(key):
                cached.add(index)
                continue
            todo.append((index, data))
            held += len(data)
            if held >= READ_AHEAD:
                yield index + 1, todo
                todo, held = [], 0
        yield len(paths), todo

    def _keyed(self, path: str, setup: FileSetup) -> tuple[str | None, LintedFile]:
        """Lint a file read now; also the cache key of the bytes linted."""
        data = self._read(path)
        if isinstance(data, LintedFile):
            return None, data
        from cliniclint.run.resultcache import content_key

        return content_key(path, data), self._lint(path, data, setup, write=self.write)

    def _run_key(self) -> str:
        base = self.settings.baseline.value
        baseline = base.read_bytes() if base is not None and base.is_file() else b""
        parts = (
            self.session.rules_key,
            repr(self.settings),  # suppression policy, root and more
            self.session.today.isoformat(),
            str(self.pipeline.root),
            hashlib.sha256(baseline).hexdigest(),
            *self.session.nested_keys(),
        )
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()
