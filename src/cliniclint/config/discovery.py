"""Configuration files: ``.cliniclint.yaml`` or ``[tool.cliniclint]`` in pyproject.toml.

Discovery starts in the common parent folder of the linted paths (for stdin: the folder
of ``--stdin-filename``, else the current folder) and goes up to the filesystem root; in
each folder ``.cliniclint.yaml`` is tried before ``pyproject.toml`` (which counts only
with a ``[tool.cliniclint]`` table). The first file found is the configuration: files
further up are not merged, except through an explicit ``extends: path``.

Every effective setting remembers where it came from (``file:line``, ``default`` or a
command-line flag) for ``cliniclint config show``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from cliniclint.config.globs import glob_matches
from cliniclint.config.values import FailOn, Level, Locator, display
from cliniclint.errors import SourceError

if TYPE_CHECKING:
    from cliniclint.config.schema import ConfigModel
    from cliniclint.packs.yamlsource import Located

CONFIG_NAME = ".cliniclint.yaml"
PYPROJECT = "pyproject.toml"
DEFAULT_PACKS = "default"
"""In ``packs:``, stands for every bundled pack that loads by default."""

T = TypeVar("T")


# --- where values came from ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class YamlLocator:
    located: Located

    def line_of(self, loc: Sequence[str | int]) -> int:
        return self.located.locate(loc)[0]

    def key_line(self, loc: Sequence[str | int]) -> int:
        return self.located.key_location(loc)[0]


# Sources, not compiled patterns: only a run that reads TOML compiles them (through
# re's own cache), and most runs read none.
_TOML_KEY = r'(?:"[^"]*"|\'[^\']*\'|[A-Za-z0-9_-]+)'
_TOML_HEADER = (
    r"^\s*(\[\[?)\s*("
    + _TOML_KEY
    + r"(?:\s*\.\s*"
    + _TOML_KEY
    + r")*)\s*\]\]?\s*(?:#.*)?$"
)
_TOML_ASSIGN = r"^\s*(" + _TOML_KEY + r"(?:\s*\.\s*" + _TOML_KEY + r")*)\s*="


def _toml_parts(dotted: str) -> tuple[str, ...]:
    return tuple(p.strip("\"'") for p in re.findall(_TOML_KEY, dotted))


class TomlLocator:
    """Lines of the keys under ``[tool.cliniclint]``: tomllib keeps no positions, so
    headers and ``key =`` lines are found by a line scan (good enough for errors)."""

    def __init__(self, text: str, table: tuple[str, ...] = ("tool", "cliniclint")):
        self.entries: list[tuple[tuple[str | int, ...], int]] = []
        current: tuple[str | int, ...] | None = None
        arrays: dict[tuple[str, ...], int] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            header = re.match(_TOML_HEADER, line)
            if header:
                parts = _toml_parts(header.group(2))
                if parts[: len(table)] != table:
                    current = None
                    continue
                rest: tuple[str | int, ...] = parts[len(table) :]
                if header.group(1) == "[[":
                    index = arrays.get(parts, -1) + 1
                    arrays[parts] = index
                    rest = (*rest, index)
                current = rest
                self.entries.append((current, number))
                continue
            if current is None:
                continue
            assign = re.match(_TOML_ASSIGN, line)
            if assign:
                self.entries.append((current + _toml_parts(assign.group(1)), number))

    def line_of(self, loc: Sequence[str | int]) -> int:
        wanted = tuple(loc)
        best, best_len = 1, -1
        for key, number in self.entries:
            if len(key) > best_len and wanted[: len(key)] == key:
                best, best_len = number, len(key)
        return best

    def key_line(self, loc: Sequence[str | int]) -> int:
        return self.line_of(loc)


# --- reading one file ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConfigFile:
    path: Path
    model: ConfigModel
    locator: Locator

    @property
    def folder(self) -> Path:
        return self.path.parent

    def where(self, *loc: str | int) -> str:
        return f"{display(self.path)}:{self.locator.line_of(loc)}"


_TOML_ERROR_AT = r"\s*\(at line (\d+), column (\d+)\)$"


def _read_toml(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise SourceError(
            display(path), None, None, f"cannot read: {exc.strerror}"
        ) from None
    except UnicodeDecodeError as exc:
        raise SourceError(
            display(path), None, None, f"not valid UTF-8: {exc.reason}"
        ) from None
    import tomllib  # only when there is a TOML file to read

    try:
        return tomllib.loads(text), text
    except RecursionError:
        raise SourceError(display(path), None, None, "TOML nested too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = re.search(_TOML_ERROR_AT, message)
        if at:
            raise SourceError(
                display(path),
                int(at.group(1)),
                int(at.group(2)),
                message[: at.start()].lower(),
            ) from None
        raise SourceError(display(path), None, None, message) from None


# Whether a pyproject.toml has a [tool.cliniclint] table, by its path and the stat
# that tells whether it changed: a run asks once for every folder below it, and a
# long-lived server asks again only once the file has changed.
_SECTION_KNOWN: dict[tuple[str, int, int], bool] = {}


def _has_section(path: Path) -> bool:
    """Whether the file has a ``[tool.cliniclint]`` table."""
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        known = _SECTION_KNOWN.get(key)
        if known is not None:
            return known
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return False
    found = False
    if "cliniclint" in text:  # cheap test before parsing someone else's file
        data, _ = _read_toml(path)
        tool = data.get("tool")
        found = isinstance(tool, dict) and isinstance(tool.get("cliniclint"), dict)
    _SECTION_KNOWN[key] = found
    return found


def read_config(path: Path) -> ConfigFile:
    """Read and validate one configuration file (YAML, or a pyproject.toml)."""
    from cliniclint.config.schema import validate as _validate
    from cliniclint.packs.yamlsource import load_yaml

    path = Path(os.path.abspath(path))
    if not path.is_file():
        raise SourceError(display(path), None, None, "no such configuration file")
    if path.name == PYPROJECT or path.suffix == ".toml":
        data, text = _read_toml(path)
        tool = data.get("tool")
        section = tool.get("cliniclint") if isinstance(tool, dict) else None
        if section is None:
            raise SourceError(display(path), None, None, "no [tool.cliniclint] table")
        toml_locator = TomlLocator(text)
        return ConfigFile(path, _validate(path, section, toml_locator), toml_locator)
    try:
        located = load_yaml(path)
    except SourceError as exc:  # name the file as the user sees it
        raise SourceError(display(path), exc.line, exc.column, exc.message) from None
    locator = YamlLocator(located)
    return ConfigFile(path, _validate(path, located.data, locator), locator)


def search_folders(folder: Path) -> Iterator[Path]:
    """``folder`` and its parents, up to the repository root (the folder holding
    ``.git``) or the user's home, whichever comes first: a configuration further up
    belongs to someone else's project, or to no project."""
    home = Path(os.path.abspath(os.path.expanduser("~")))
    for candidate in (folder, *folder.parents):
        yield candidate
        if candidate == home or os.path.lexists(candidate / ".git"):
            return


def trusted_file(path: Path) -> bool:
    """Whether a configuration file is the user's own or root's: one another user
    wrote (in a shared folder such as /tmp) is not applied."""
    try:
        owner = path.stat().st_uid
    except OSError:
        return False
    return owner in (os.geteuid(), 0)


def find_config(start: Path) -> Path | None:
    """The configuration closest to ``start``, searching upward (see
    search_folders), from files of the user's or root's."""
    folder = Path(os.path.abspath(start))
    if not folder.is_dir():
        folder = folder.parent
    for candidate in search_folders(folder):
        yaml_file = candidate / CONFIG_NAME
        if yaml_file.is_file() and trusted_file(yaml_file):
            return yaml_file
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and trusted_file(pyproject) and _has_section(pyproject):
            return pyproject
    return None


def is_outside(path: Path, folder: Path) -> bool:
    """Whether ``path`` (symbolic links followed) lies outside ``folder``."""
    real = Path(os.path.realpath(path))
    return not real.is_relative_to(os.path.realpath(folder))


def _outside(config: ConfigFile, loc: tuple[str | int, ...], what: str) -> SourceError:
    return SourceError(
        display(config.path),
        config.locator.line_of(loc),
        None,
        f"{what} is outside this file's folder (allow it with "
        "`allow_outside_paths: true` in this file, or --allow-outside-paths)",
    )


def config_chain(path: Path, allow_outside: bool = False) -> list[ConfigFile]:
    """The file and every file it extends, the most basic first.

    An ``extends`` path that leads outside the extending file's folder is refused
    unless that file sets ``allow_outside_paths`` or ``allow_outside`` is set.
    """
    chain: list[ConfigFile] = []
    seen: set[Path] = set()
    current: Path | None = Path(os.path.abspath(path))
    child: ConfigFile | None = None
    while current is not None:
        resolved = current.resolve()
        if resolved in seen:
            assert child is not None
            raise SourceError(
                display(child.path),
                child.locator.line_of(["extends"]),
                None,
                f"`extends` makes a cycle through {display(current)}",
            )
        seen.add(resolved)
        if child is not None and not current.is_file():
            raise SourceError(
                display(child.path),
                child.locator.line_of(["extends"]),
                None,
                f"extends: no such file {child.model.extends!r}",
            )
        config = read_config(current)
        chain.append(config)
        child = config
        current = config.folder / config.model.extends if config.model.extends else None
        if (
            current is not None
            and not (allow_outside or config.model.allow_outside_paths)
            and is_outside(current, config.folder)
        ):
            raise _outside(config, ("extends",), f"extends: {config.model.extends!r}")
    chain.reverse()
    return chain


# --- effective settings -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Value(Generic[T]):
    """A setting's value and where it came from."""

    value: T
    source: str = "default"


@dataclass(frozen=True, slots=True)
class PackRef:
    """One entry of ``packs``: a bundled pack id, ``default``, or a pack file/folder."""

    name: str
    path: Path | None  # None for a bundled pack id or `default`
    source: str

    @property
    def is_bundled(self) -> bool:
        return self.path is None


def is_pack_path(entry: str) -> bool:
    """Pack ids are bare names; anything with a slash or a YAML suffix is a path."""
    return "/" in entry or "\\" in entry or entry.endswith((".yaml", ".yml"))


@dataclass(frozen=True, slots=True)
class Override:
    """Settings for the files matching ``files`` (globs relative to ``base``)."""

    files: tuple[str, ...]
    base: Path
    select: tuple[str, ...] | None
    ignore: tuple[str, ...]
    rules: dict[str, Level]
    source: str
    language: str | None = None

    def matches(self, path: str) -> bool:
        return any(
            glob_matches(path, pattern, self.base, prefixes=True)
            for pattern in self.files
        )


@dataclass(frozen=True, slots=True)
class FileRules:
    """The rule selection for one file: the base settings plus matching overrides."""

    select: tuple[str, ...]
    ignore: tuple[str, ...]
    levels: tuple[tuple[str, Level], ...]
    jurisdictions: tuple[str, ...] = ()
    # The files' language (matching.languages.KNOWN); None: declared or detected.
    language: str | None = None


@dataclass(slots=True)
class Settings:
    """Everything that shapes a run, with provenance."""

    config: Path | None = None
    chain: list[Path] = field(default_factory=list)
    root: Path = field(default_factory=Path.cwd)
    bundled: Value[bool] = field(default_factory=lambda: Value(True))
    packs: Value[tuple[PackRef, ...] | None] = field(
        default_factory=lambda: Value(None)
    )
    extra_packs: tuple[PackRef, ...] = ()
    profiles: Value[tuple[str, ...]] = field(default_factory=lambda: Value(()))
    jurisdictions: Value[tuple[str, ...]] = field(default_factory=lambda: Value(()))
    select: Value[tuple[str, ...]] = field(default_factory=lambda: Value(()))
    ignore: Value[tuple[str, ...]] = field(default_factory=lambda: Value(()))
    rules: dict[str, Value[Level]] = field(default_factory=dict)
    overrides: list[Override] = field(default_factory=list)
    include: Value[tuple[str, ...] | None] = field(default_factory=lambda: Value(None))
    exclude: Value[tuple[str, ...]] = field(default_factory=lambda: Value(()))
    exclude_base: Path = field(default_factory=Path.cwd)
    include_base: Path = field(default_factory=Path.cwd)
    fail_on: Value[FailOn] = field(default_factory=lambda: Value("warning"))
    require_reason: Value[bool] = field(default_factory=lambda: Value(False))
    baseline: Value[Path | None] = field(default_factory=lambda: Value(None))
    # A codec's canonical name: the encoding of pages that are not UTF-8.
    encoding: Value[str | None] = field(default_factory=lambda: Value(None))
    # `auto`: each file's declared language, else the detected one.
    language: Value[str] = field(default_factory=lambda: Value("auto"))
    cli_select: bool = False

    # -- which packs -------------------------------------------------------------

    def pack_files(self) -> list[Path]:
        refs = [*(self.packs.value or ()), *self.extra_packs]
        return [r.path for r in refs if r.path is not None]

    def bundled_only(self) -> tuple[str, ...] | None:
        """Bundled pack ids to load, or None for every default bundled pack."""
        if self.packs.value is None:
            return None
        ids = [r.name for r in self.packs.value if r.is_bundled]
        if DEFAULT_PACKS in ids:
            return None
        return tuple(ids)

    def check_pack_ids(self, known: Sequence[str] | frozenset[str]) -> None:
        """Every bundled pack id asked for must exist."""
        for ref in self.packs.value or ():
            if ref.is_bundled and ref.name != DEFAULT_PACKS and ref.name not in known:
                path, _, line = ref.source.rpartition(":")
                raise SourceError(
                    path or ref.source,
                    int(line) if line.isdigit() else None,
                    None,
                    f"unknown bundled pack {ref.name!r} "
                    f"(known: {', '.join(sorted(known)) or 'none'}, {DEFAULT_PACKS})",
                )

    # -- which files -------------------------------------------------------------

    def included(self, path: str) -> bool:
        patterns = self.include.value
        if patterns is None:
            return True
        return any(glob_matches(path, p, self.include_base) for p in patterns)

    def excluded(self, path: str) -> bool:
        return any(
            glob_matches(path, p, self.exclude_base, prefixes=True)
            for p in self.exclude.value
        )

    # -- which rules, per file ---------------------------------------------------

    def file_rules(self, path: str | None) -> FileRules:
        select = self.select.value
        ignore = list(self.ignore.value)
        levels: dict[str, Level] = {k: v.value for k, v in self.rules.items()}
        language = self.language.value
        if path is not None:
            for override in self.overrides:
                if not override.matches(path):
                    continue
                if override.select is not None and not self.cli_select:
                    select = override.select
                ignore.extend(override.ignore)
                levels.update(override.rules)
                language = override.language or language
        return FileRules(
            select,
            tuple(ignore),
            tuple(sorted(levels.items())),
            self.jurisdictions.value,
            None if language == "auto" else language,
        )

    def rule_ids(self) -> Iterator[tuple[str, str]]:
        """Every rule id the settings name in ``rules``, with where it was named."""
        for rule_id, value in self.rules.items():
            yield rule_id, value.source
        for override in self.overrides:
            for rule_id in override.rules:
                yield rule_id, override.source


def _apply(settings: Settings, config: ConfigFile, allow_outside: bool = False) -> None:
    model, folder = config.model, config.folder
    fields = model.model_fields_set
    if "packs" in fields and model.packs is not None:
        refs = tuple(
            PackRef(
                entry,
                Path(os.path.normpath(folder / entry)) if is_pack_path(entry) else None,
                config.where("packs", i),
            )
            for i, entry in enumerate(model.packs)
        )
        if not (allow_outside or model.allow_outside_paths):
            for i, ref in enumerate(refs):
                if ref.path is not None and is_outside(ref.path, folder):
                    raise _outside(config, ("packs", i), f"pack {ref.name!r}")
        settings.packs = Value(refs, config.where("packs"))
    if "profiles" in fields and model.profiles is not None:
        settings.profiles = Value(tuple(model.profiles), config.where("profiles"))
    if "jurisdictions" in fields and model.jurisdictions is not None:
        settings.jurisdictions = Value(
            tuple(model.jurisdictions), config.where("jurisdictions")
        )
    if "select" in fields and model.select is not None:
        settings.select = Value(tuple(model.select), config.where("select"))
    if "ignore" in fields and model.ignore is not None:
        settings.ignore = Value(tuple(model.ignore), config.where("ignore"))
    for rule_id, level in model.rules.items():
        settings.rules[rule_id] = Value(level, config.where("rules", rule_id))
    for i, item in enumerate(model.overrides):
        settings.overrides.append(
            Override(
                files=tuple(item.files),
                base=folder,
                select=tuple(item.select) if item.select is not None else None,
                ignore=tuple(item.ignore),
                rules=dict(item.rules),
                source=config.where("overrides", i),
                language=item.language,
            )
        )
    if "include" in fields and model.include is not None:
        settings.include = Value(tuple(model.include), config.where("include"))
        settings.include_base = folder
    if "exclude" in fields and model.exclude is not None:
        settings.exclude = Value(tuple(model.exclude), config.where("exclude"))
        settings.exclude_base = folder
    if model.fail_on is not None:
        settings.fail_on = Value(model.fail_on, config.where("fail_on"))
    if model.language is not None:
        settings.language = Value(model.language, config.where("language"))
    if model.require_reason is not None:
        settings.require_reason = Value(
            model.require_reason, config.where("require_reason")
        )
    if model.encoding is not None:
        settings.encoding = Value(model.encoding, config.where("encoding"))
    if model.baseline is not None:
        baseline = Path(os.path.normpath(folder / model.baseline))
        if not (allow_outside or model.allow_outside_paths) and is_outside(
            baseline, folder
        ):
            raise _outside(config, ("baseline",), f"baseline {model.baseline!r}")
        settings.baseline = Value(baseline, config.where("baseline"))


def settings_from(
    config: Path | None, start: Path | None = None, allow_outside: bool = False
) -> Settings:
    """Settings from a configuration file and the files it extends (or defaults).

    Paths in a file (``extends``, pack files and folders) must stay inside its
    folder unless it sets ``allow_outside_paths: true`` or ``allow_outside`` is set
    (``--allow-outside-paths``)."""
    settings = Settings()
    if start is not None:
        base = Path(os.path.abspath(start))
        settings.root = base if base.is_dir() else base.parent
    settings.exclude_base = settings.include_base = settings.root
    if config is None:
        return settings
    chain = config_chain(config, allow_outside)
    settings.config = chain[-1].path
    settings.chain = [c.path for c in chain]
    settings.root = chain[-1].folder
    settings.exclude_base = settings.include_base = settings.root
    for item in chain:
        _apply(settings, item, allow_outside)
    return settings


def discover(
    start: Path,
    *,
    config: Path | None = None,
    isolated: bool = False,
    allow_outside: bool = False,
) -> Settings:
    """The settings for a run: ``--isolated`` uses none, ``--config`` that file, else
    the configuration found upward from ``start``."""
    if isolated:
        return settings_from(None, start)
    path = config if config is not None else find_config(start)
    return settings_from(path, start, allow_outside)


def common_parent(paths: Sequence[str]) -> Path:
    """The folder that holds every path (the current folder when there are none)."""
    if not paths:
        return Path.cwd()
    absolute = [os.path.abspath(p) for p in paths]
    common = Path(os.path.commonpath(absolute))
    return common if common.is_dir() or not common.exists() else common.parent


def apply_cli(
    settings: Settings,
    *,
    packs: Sequence[str] = (),
    no_bundled: bool = False,
    profiles: Sequence[str] = (),
    jurisdictions: Sequence[str] = (),
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    fail_on: str | None = None,
    baseline: str | None = None,
) -> Settings:
    """Command-line flags on top of the file: ``--select``, ``--jurisdiction``,
    ``--fail-on`` and ``--baseline`` replace; ``--pack``, ``--profile`` and
    ``--ignore`` add."""
    if packs:
        settings.extra_packs = tuple(PackRef(p, Path(p), "--pack") for p in packs)
    if no_bundled:
        settings.bundled = Value(False, "--no-bundled")
    if profiles:
        merged = tuple(dict.fromkeys([*settings.profiles.value, *profiles]))
        settings.profiles = Value(merged, _join(settings.profiles, "--profile"))
    if jurisdictions:
        settings.jurisdictions = Value(tuple(jurisdictions), "--jurisdiction")
    if select:
        settings.select = Value(tuple(select), "--select")
        settings.cli_select = True
    if ignore:
        merged = tuple(dict.fromkeys([*settings.ignore.value, *ignore]))
        settings.ignore = Value(merged, _join(settings.ignore, "--ignore"))
    if fail_on is not None:
        settings.fail_on = Value(fail_on, "--fail-on")  # type: ignore[arg-type]
    if baseline is not None:
        settings.baseline = Value(Path(baseline), "--baseline")
    return settings


def _join(value: Value[Any], flag: str) -> str:
    return (
        flag
        if value.source == "default" or not value.value
        else (f"{value.source}, {flag}")
    )
