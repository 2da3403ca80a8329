"""The rules behind an editor's documents: one lint session per configuration file,
found and linted exactly as ``cliniclint lint`` would for the document's path.

A session's packs load on first use and stay loaded until a configuration, pack or
baseline file changes (see :meth:`Sessions.watches`). The server lints from one
worker thread; only :meth:`Sessions.watches` is called from another.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from cliniclint.config.discovery import CONFIG_NAME, PYPROJECT, find_config
from cliniclint.errors import SourceError
from cliniclint.findings import Finding
from cliniclint.lsp.hover import RuleDoc, references
from cliniclint.run.flags import Flags
from cliniclint.run.pipeline import FilePipeline
from cliniclint.run.session import Session

# Files whose change may change the rules: configurations (by name), and the packs
# and baselines they name (by path).
WATCHED_SUFFIXES = (".yaml", ".yml", ".toml", ".json")


@dataclass(slots=True)
class _Loaded:
    session: Session
    pipeline: FilePipeline
    docs: dict[str, RuleDoc | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Linted:
    """A document's findings with their rules' docs, or why it has none (excluded,
    or a notice)."""

    findings: list[Finding]
    docs: dict[str, RuleDoc | None] = field(default_factory=dict)
    note: str | None = None


class Sessions:
    """Lint sessions by configuration file (None: no configuration)."""

    def __init__(self, flags: Flags | None = None) -> None:
        self.flags = flags or Flags()
        self._loaded: dict[Path | None, _Loaded | SourceError] = {}
        self._config_of: dict[Path, Path | None] = {}

    def clear(self) -> None:
        """Forget every session: the next lint finds and loads everything anew."""
        self._loaded.clear()
        self._config_of.clear()

    def _config(self, folder: Path) -> Path | None:
        if folder not in self._config_of:
            self._config_of[folder] = find_config(folder)
        return self._config_of[folder]

    def _load(self, path: str) -> _Loaded:
        """The session for a document; raises SourceError for a bad configuration,
        pack or baseline (and again on each call until something changes)."""
        key = None if self.flags.isolated else self._config(Path(path).parent)
        loaded = self._loaded.get(key)
        if isinstance(loaded, _Loaded) and loaded.session.today != dt.date.today():
            loaded = None  # waivers with `until=` lapse at midnight
        if loaded is None:
            try:
                session = Session.start([path], self.flags)
                session.packs  # noqa: B018  (loaded once, here, not mid-typing)
                pipeline = session.pipeline(session.baseline())
            except SourceError as exc:
                self._loaded[key] = exc
                raise
            loaded = _Loaded(session, pipeline)
            self._loaded[key] = loaded
        elif isinstance(loaded, SourceError):
            raise loaded
        return loaded

    def lint(self, path: str, text: str) -> Linted:
        """The findings ``cliniclint lint`` reports for ``path`` holding ``text``."""
        loaded = self._load(path)
        if loaded.session.settings.excluded(path):
            return Linted([], note="excluded by the configuration")
        setup = loaded.session.setup_for(path)
        outcome = loaded.pipeline.lint(path, text, setup)
        loaded.session.save()  # the next start finds the compiled rules cached
        findings = outcome.result.findings
        docs = {f.rule_id: self.rule_doc(path, f.rule_id) for f in findings}
        return Linted(findings, docs, outcome.result.notice)

    def rule_doc(self, path: str, rule_id: str) -> RuleDoc | None:
        """The rule's title, why and references, as the document's session has it."""
        try:
            loaded = self._load(path)
        except SourceError:
            return None
        if rule_id not in loaded.docs:
            meta = loaded.session.rule_meta().get(rule_id)
            found = loaded.session.packs.rule(rule_id)
            refs: list[object] = []
            if found is not None:
                pack, rule = found
                refs = list(rule.references or pack.pack.references)
            loaded.docs[rule_id] = (
                RuleDoc(meta.title, meta.why, references(refs))
                if meta is not None
                else None
            )
        return loaded.docs[rule_id]

    def watches(self, path: str) -> bool:
        """Whether a change to ``path`` can change the findings: a configuration
        file, a file a configuration extends or names (pack, pack folder,
        baseline), or any such-looking file while a configuration is in error."""
        name = os.path.basename(path)
        if name in (CONFIG_NAME, PYPROJECT):
            return True
        if not path.endswith(WATCHED_SUFFIXES):
            return False
        target = Path(os.path.abspath(path))
        # A copy: the worker thread may add a session meanwhile.
        for loaded in list(self._loaded.values()):
            if isinstance(loaded, SourceError):
                return True
            settings = loaded.session.settings
            deps = [*settings.chain, *settings.pack_files()]
            if settings.baseline.value is not None:
                deps.append(settings.baseline.value)
            for dep in deps:
                dep = Path(os.path.abspath(dep))
                if target == dep or target.is_relative_to(dep):
                    return True
        return False
