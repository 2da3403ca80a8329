"""A run's setup: settings (config + flags), packs, and each file's rules and
suppression policy (its ``FileSetup``), resolved before the file is linted."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from cliniclint.config.discovery import (
    FileRules,
    Settings,
    apply_cli,
    common_parent,
    discover,
    find_config,
)
from cliniclint.engine import CompiledRules, Selection
from cliniclint.errors import SourceError
from cliniclint.findings import Severity
from cliniclint.names import did_you_mean
from cliniclint.packs.locations import bundled_dir, pack_files
from cliniclint.report.base import RuleMeta
from cliniclint.review.baseline import Baseline, read_baseline
from cliniclint.review.suppressions import CATEGORY, TOOL_RULES, Policy
from cliniclint.run import cache, stored
from cliniclint.run.flags import Flags
from cliniclint.run.paths import default_included, iter_files
from cliniclint.run.pipeline import FilePipeline, FileSetup

if TYPE_CHECKING:
    from cliniclint.engine.ruleset import PackSet


def located(source: str, message: str) -> SourceError:
    """An error at a setting's ``path:line`` source (or at a flag)."""
    path, _, line = source.rpartition(":")
    if path and line.isdigit():
        return SourceError(path, int(line), None, message)
    return SourceError(source, None, None, message)


def resolve_settings(
    paths: Sequence[str], flags: Flags, stdin_filename: str | None = None
) -> Settings:
    """Find the configuration for these paths and lay the flags over it."""
    if flags.isolated and flags.config_file:
        raise SourceError("--config", None, None, "cannot be combined with --isolated")
    files = [p for p in paths if p != "-"]
    if stdin_filename and (not files or "-" in paths):
        start = Path(os.path.abspath(stdin_filename)).parent
    else:
        start = common_parent(files)
    config = Path(flags.config_file) if flags.config_file else None
    settings = discover(
        start,
        config=config,
        isolated=flags.isolated,
        allow_outside=flags.allow_outside_paths,
    )
    return apply_cli(
        settings,
        packs=flags.packs,
        no_bundled=flags.no_bundled,
        profiles=flags.profiles,
        jurisdictions=flags.jurisdictions,
        select=flags.select,
        ignore=flags.ignore,
        fail_on=flags.fail_on,
        baseline=flags.baseline,
    )


def load_rule_packs(settings: Settings) -> PackSet:
    """Load the packs the settings ask for and check the rule ids they name."""
    from cliniclint.engine.ruleset import load_packs

    for ref in (*(settings.packs.value or ()), *settings.extra_packs):
        if ref.path is not None and not ref.path.exists():
            if ref.source == "--pack":
                raise SourceError(ref.name, None, None, "no such pack file or folder")
            raise located(ref.source, f"no such pack file or folder {ref.name!r}")
    # A config that lists only pack files needs no bundled pack read at all.
    bundled = settings.bundled.value and settings.bundled_only() != ()
    packs = load_packs(
        settings.pack_files(),
        settings.profiles.value,
        bundled=bundled,
        only=settings.bundled_only() if bundled else None,
        jurisdictions=settings.jurisdictions.value,
    )
    if bundled:
        settings.check_pack_ids(packs.bundled_ids)
    if settings.jurisdictions.value:
        from cliniclint.packs.citations import unknown_jurisdiction

        known = packs.known_jurisdictions()
        for name in settings.jurisdictions.value:
            if name not in known:
                message = unknown_jurisdiction(name, known)
                raise located(settings.jurisdictions.source, message)
    known = {rule.id for _, rule in packs.rules()} | set(TOOL_RULES)
    for rule_id, source in settings.rule_ids():
        if rule_id not in known:
            raise located(
                source,
                f"unknown rule {rule_id!r} in `rules`{did_you_mean(rule_id, known)}",
            )
    check_selectors(settings, packs, known)
    return packs


def check_selectors(settings: Settings, packs: PackSet, rule_ids: set[str]) -> None:
    """Every name in ``select`` and ``ignore`` (flags, the file, its overrides) is a
    rule id, ``category:ID`` or ``pack:ID`` of the loaded packs: a misspelt one
    would select no rule, or ignore none, and the run would pass unchecked."""
    categories = {rule.category for _, rule in packs.rules()} | {CATEGORY}
    pack_ids = {loaded.pack.pack for loaded in packs.packs} | set(packs.bundled_ids)
    named: list[tuple[str, str, str]] = [
        (selector, settings.select.source, "select")
        for selector in settings.select.value
    ]
    named += [
        (selector, settings.ignore.source, "ignore")
        for selector in settings.ignore.value
    ]
    for override in settings.overrides:
        named += [(s, override.source, "select") for s in override.select or ()]
        named += [(s, override.source, "ignore") for s in override.ignore]
    for selector, source, key in named:
        kind, sep, value = selector.partition(":")
        if not sep:
            known, what, shown = rule_ids, "rule", selector
        elif kind == "category":
            known, what, shown = categories, "category", value
        elif kind == "pack":
            known, what, shown = pack_ids, "pack", value
        else:
            raise located(
                source,
                f"{selector!r} in `{key}` is not a rule id, category:ID or pack:ID",
            )
        if shown not in known:
            where = "" if source.startswith("--") else f" in `{key}`"
            hint = did_you_mean(shown, known)
            raise located(source, f"unknown {what} {shown!r}{where}{hint}")


def selection_for(rules: FileRules) -> Selection:
    severities: dict[str, Severity | None] = {
        rule_id: None if level == "off" else Severity.parse(level)
        for rule_id, level in rules.levels
    }
    return Selection(
        select=rules.select,
        ignore=rules.ignore,
        severities=severities,
        jurisdictions=rules.jurisdictions,
        language=rules.language,
    )


def tool_severity(rules: FileRules, rule_id: str) -> Severity | None:
    """Selectors and ``rules`` levels apply to the suppression rules too (by id or
    ``category:suppression``)."""

    def matches(selector: str) -> bool:
        return selector in (rule_id, f"category:{CATEGORY}")

    if rules.select and not any(matches(s) for s in rules.select):
        return None
    if any(matches(s) for s in rules.ignore):
        return None
    level = dict(rules.levels).get(rule_id)
    if level == "off":
        return None
    return Severity.parse(level) if level else TOOL_RULES[rule_id].severity


@dataclass(slots=True)
class RuleStore:
    """What a run needs from the packs, kept between runs under the packs' digest:
    the compiled rules per file selection, the rule metadata and the known rule ids."""

    compiled: dict[FileRules, CompiledRules] = field(default_factory=dict)
    meta: dict[str, RuleMeta] | None = None
    known_rules: frozenset[str] | None = None


stored.register(RuleStore)
stored.register(RuleMeta)


def rules_digest(settings: Settings) -> str:
    """The cache key of a rule store: tool version, every pack file, and the settings
    that choose and shape the rules (not which files are linted, nor from where, so
    that runs on different folders share the store)."""
    files = list(settings.pack_files())
    if settings.bundled.value:
        files.extend(pack_files(bundled_dir()))
    resolved = [p.resolve() for p in files if p.is_file()]
    for folder in (p for p in files if p.is_dir()):
        resolved.extend(p.resolve() for p in pack_files(folder))
    shaping = (
        settings.bundled,
        settings.packs,
        settings.extra_packs,
        settings.profiles,
        settings.jurisdictions,
        settings.select,
        settings.ignore,
        settings.rules,
        settings.overrides,
        settings.language,
        settings.cli_select,
    )
    return cache.content_digest(resolved, repr(shaping))


@dataclass(slots=True)
class Session:
    settings: Settings
    stdin_filename: str | None = None
    today: dt.date = field(default_factory=dt.date.today)
    _packs: PackSet | None = None
    _store: RuleStore = field(default_factory=RuleStore)
    _key: str | None = None
    _dirty: bool = False
    _setups: dict[FileRules, FileSetup] = field(default_factory=dict)
    # Flags of the run, for the sessions of configurations nested below this one's.
    flags: Flags | None = None
    # Folder -> the configuration closest to it; configuration -> its session.
    _closest: dict[str, Path | None] = field(default_factory=dict)
    _nested: dict[Path, Session] = field(default_factory=dict)

    @classmethod
    def start(
        cls,
        paths: Sequence[str],
        flags: Flags,
        stdin_filename: str | None = None,
    ) -> Session:
        settings = resolve_settings(paths, flags, stdin_filename)
        session = cls(settings, stdin_filename, flags=flags)
        if cache.cache_dir() is not None:
            session._key = rules_digest(settings)
            stored = cache.load("rules", session._key)
            if isinstance(stored, RuleStore):
                session._store = stored
        if session._store.known_rules is None:
            # Nothing cached: load (and so validate) the packs now, so that a bad
            # pack or config fails before any file is read.
            session.packs  # noqa: B018
        return session

    @property
    def packs(self) -> PackSet:
        if self._packs is None:
            self._packs = load_rule_packs(self.settings)
            self._store.known_rules = frozenset(
                rule.id for _, rule in self._packs.rules()
            )
            self._dirty = True
        return self._packs

    @property
    def rules_key(self) -> str:
        """A digest naming the rules and settings of this run (for result caches)."""
        return self._key or rules_digest(self.settings)

    def rule_meta(self) -> dict[str, RuleMeta]:
        if self._store.meta is None:
            from cliniclint.report.rules import rule_meta

            self._store.meta = rule_meta(self.packs)
            self._dirty = True
        return self._store.meta

    def compiled_for(self, rules: FileRules) -> CompiledRules:
        compiled = self._store.compiled.get(rules)
        if compiled is None:
            from cliniclint.engine.compile import compile_rules

            compiled = compile_rules(self.packs, selection_for(rules))
            self._store.compiled[rules] = compiled
            self._dirty = True
        return compiled

    def prepare(self) -> None:
        """Compile every pattern now when this run will store the rules, as ``save``
        then does anyway: worker processes forked after this inherit the patterns
        instead of each compiling the ones its pages need."""
        for nested in self._nested.values():
            nested.prepare()
        if self._dirty and self._key is not None:
            for compiled in self._store.compiled.values():
                compiled.keep_codes()

    def session_for(self, path: str) -> Session:
        """The session of the configuration closest to ``path``: each file is linted
        with the settings of the nearest configuration above it (unless --config or
        --isolated chose one for all)."""
        flags = self.flags
        if path == "-" or flags is None or flags.isolated or flags.config_file:
            return self
        folder = os.path.dirname(os.path.abspath(path))
        if folder not in self._closest:
            self._closest[folder] = find_config(Path(folder))
        config = self._closest[folder]
        if config is None or config == self.settings.config:
            return self
        nested = self._nested.get(config)
        if nested is None:
            nested = Session.start([path], flags)
            nested.today = self.today
            nested.flags = None  # its own files are this session's to place
            self._nested[config] = nested
        return nested

    def nested_keys(self) -> list[str]:
        """What shapes the nested sessions' results: their settings and rules."""
        return [
            f"{config}\0{nested.rules_key}\0{nested.settings!r}"
            for config, nested in sorted(self._nested.items())
        ]

    def save(self) -> None:
        """Keep what this run compiled for the next one."""
        for nested in self._nested.values():
            nested.save()
        if self._dirty and self._key is not None:
            self.rule_meta()
            self.prepare()
            cache.store("rules", self._key, self._store)
            self._dirty = False

    def setup_for(self, path: str) -> FileSetup:
        session = self.session_for(path)
        if session is not self:
            return session.setup_for(path)
        rules = self.settings.file_rules(path if path != "-" else None)
        setup = self._setups.get(rules)
        if setup is None:
            compiled = self.compiled_for(rules)
            known = self._store.known_rules
            assert known is not None
            policy = Policy(
                require_reason=self.settings.require_reason.value,
                today=self.today,
                tool_severity=partial(tool_severity, rules),
                enabled_rules=frozenset(c.id for c in compiled.rules),
                enabled_categories=frozenset(c.category for c in compiled.rules),
                known_rules=known,
            )
            setup = FileSetup(compiled, policy)
            self._setups[rules] = setup
        return setup

    def baseline(self) -> Baseline | None:
        path = self.settings.baseline.value
        return read_baseline(path) if path is not None else None

    def pipeline(
        self,
        baseline: Baseline | None,
        root: Path | None = None,
        write_roots: tuple[str, ...] | None = None,
    ) -> FilePipeline:
        if root is None:
            root = baseline.root if baseline is not None else Path.cwd()
        return FilePipeline(
            root=root,
            baseline=baseline,
            legacy_encoding=self.settings.encoding.value,
            write_roots=write_roots,
        )

    def files(self, paths: Sequence[str], no_ignore: bool = False) -> list[str]:
        """The files to lint: folders walked, config ``include``/``exclude`` applied
        (``exclude`` also to files named directly, so that pre-commit respects it)."""
        for p in paths:
            if not Path(p).exists() and not Path(p).is_symlink():
                raise SourceError(p, None, None, "no such file or folder")

        def include(path: str) -> bool:
            settings = self.session_for(path).settings
            if settings.include.value is None:
                return default_included(path)
            return settings.included(path)

        def exclude(path: str) -> bool:
            return self.session_for(path).settings.excluded(path)

        return [
            f
            for f in iter_files(
                paths, include_path=include, exclude_path=exclude, no_ignore=no_ignore
            )
            if not exclude(f)
        ]
