"""Safe YAML loading that remembers where every value came from."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cliniclint.errors import SourceError

__all__ = ["Located", "SourceError", "load_yaml", "parse_yaml", "read_regular_file"]

MAX_YAML_BYTES = 8 * 1024 * 1024
MAX_NODES = 2_000_000
# Packs and configs nest a few levels; PyYAML's composer recurses once per level,
# so deeper text is refused before it is composed.
MAX_DEPTH = 100


@dataclass(frozen=True, slots=True)
class Located:
    """Parsed YAML data plus its node tree, for locating errors."""

    path: str
    data: Any
    root: yaml.Node | None

    def locate(self, loc: Sequence[str | int]) -> tuple[int, int]:
        """1-based line and column of the deepest node on ``loc``."""
        node = self.root
        best = node
        for key in loc:
            if isinstance(node, yaml.MappingNode):
                nxt = None
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == str(key):
                        nxt = v
                        break
                if nxt is None:
                    continue  # pydantic adds union tags that are not YAML keys
                node = nxt
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                if not 0 <= key < len(node.value):
                    break
                node = node.value[key]
            else:
                continue
            best = node
        if best is None:
            return (1, 1)
        return (best.start_mark.line + 1, best.start_mark.column + 1)

    def key_location(self, loc: Sequence[str | int]) -> tuple[int, int]:
        """Location of the *key* that ends ``loc`` (for unknown keys)."""
        parent_loc, last = loc[:-1], loc[-1] if loc else None
        node = self.root
        for key in parent_loc:
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == str(key):
                        node = v
                        break
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(key, int)
                and 0 <= key < len(node.value)
            ):
                node = node.value[key]
        if isinstance(node, yaml.MappingNode):
            for k, _ in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(last):
                    return (k.start_mark.line + 1, k.start_mark.column + 1)
        return self.locate(loc)


def _check_tree(path: str, root: yaml.Node) -> None:
    """Refuse aliases (alias bombs), duplicate keys and oversized documents."""
    seen: set[int] = set()
    stack: list[yaml.Node] = [root]
    count = 0
    while stack:
        node = stack.pop()
        if id(node) in seen:
            mark = node.start_mark
            raise SourceError(
                path,
                mark.line + 1,
                mark.column + 1,
                "YAML anchors and aliases are not allowed here",
            )
        seen.add(id(node))
        count += 1
        if count > MAX_NODES:
            raise SourceError(path, None, None, "YAML document is too large")
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    if k.value in keys:
                        raise SourceError(
                            path,
                            k.start_mark.line + 1,
                            k.start_mark.column + 1,
                            f"duplicate key {k.value!r}",
                        )
                    keys.add(k.value)
                stack.append(k)
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


class Yaml12Loader(yaml.SafeLoader):
    """Safe loader where only ``true``/``false`` are booleans (YAML 1.2), so that term
    lists can hold words like ``no`` and ``off`` without quoting."""


Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)

# The same loader on LibYAML's parser and composer, when PyYAML was built with it:
# several times faster, with the same marks. A document it does not load is loaded
# again by Yaml12Loader, so that errors read the same with and without LibYAML.
Yaml12CLoader: Any = None
if hasattr(yaml, "CSafeLoader"):

    class _Yaml12CLoader(yaml.CSafeLoader):
        yaml_implicit_resolvers = Yaml12Loader.yaml_implicit_resolvers

    Yaml12CLoader = _Yaml12CLoader


def _located(path: str, exc: yaml.MarkedYAMLError) -> SourceError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    if mark is None:
        return SourceError(path, None, None, problem)
    return SourceError(path, mark.line + 1, mark.column + 1, problem)


def _at(path: str, event: yaml.Event, message: str) -> SourceError:
    mark = event.start_mark
    return SourceError(
        path,
        mark.line + 1 if mark else None,
        mark.column + 1 if mark else None,
        message,
    )


def parse_yaml(path: str, text: str) -> Located:
    """Parse one YAML document safely; errors carry ``path:line:col``."""
    if len(text) > MAX_YAML_BYTES:
        raise SourceError(path, None, None, "YAML file is larger than 8 MiB")
    if Yaml12CLoader is not None:
        try:
            return _parse(path, text, Yaml12CLoader)
        except SourceError:
            pass  # the message, as PyYAML's own parser words and places it
    return _parse(path, text, Yaml12Loader)


def _parse(path: str, text: str, loader_class: Any) -> Located:
    try:
        # Aliases are refused on the event stream, before anything is composed,
        # so an alias bomb is never expanded; so is nesting deeper than MAX_DEPTH.
        depth = 0
        for event in yaml.parse(text, Loader=loader_class):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _at(path, event, "YAML anchors and aliases are not allowed here")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    message = f"YAML nested more than {MAX_DEPTH} levels deep"
                    raise _at(path, event, message)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        raise _located(path, exc) from None
    except yaml.YAMLError as exc:
        raise SourceError(path, None, None, f"invalid YAML: {exc}") from None
    loader = loader_class(text)
    try:
        # Duplicate keys and size are checked on the node tree, before any value
        # is constructed.
        root = loader.get_single_node()
        if root is None:
            return Located(path, None, None)
        _check_tree(path, root)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        raise _located(path, exc) from None
    except yaml.YAMLError as exc:
        raise SourceError(path, None, None, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    return Located(path, data, root)


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    A FIFO would block the run and a device such as /dev/zero never end, so
    anything but a regular file is refused before it is opened; a file that grows
    past the limit while it is read is refused too.
    """
    try:
        if not path.is_file():
            problem = "not a regular file" if path.exists() else "no such file"
            raise SourceError(str(path), None, None, problem)
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise SourceError(
            str(path), None, None, f"cannot read: {exc.strerror}"
        ) from None
    if len(data) > limit:
        megabytes = limit // (1024 * 1024)
        raise SourceError(str(path), None, None, f"larger than {megabytes} MiB")
    return data


def load_yaml(path: Path) -> Located:
    """Read and parse a YAML file; unreadable files raise :class:`SourceError`."""
    raw = read_regular_file(path, MAX_YAML_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            str(path), None, None, f"not valid UTF-8: {exc.reason}"
        ) from None
    return parse_yaml(str(path), text)
