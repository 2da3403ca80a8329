"""YAML is read with LibYAML when PyYAML has it, with the same result as without."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cliniclint.packs import yamlsource
from cliniclint.packs.yamlsource import (
    SourceError,
    Yaml12CLoader,
    Yaml12Loader,
    parse_yaml,
)

ROOT = Path(__file__).resolve().parents[1]
YAML_FILES = sorted(
    [*(ROOT / "rules").glob("*.yaml"), *(ROOT / "fixtures").rglob("*.yaml")]
)

pytestmark = pytest.mark.skipif(Yaml12CLoader is None, reason="PyYAML without LibYAML")


def _shape(node: yaml.Node | None) -> object:
    """A node tree as plain data: tags, values, and where each node starts and ends."""
    if node is None:
        return None
    marks = tuple((m.index, m.line, m.column) for m in (node.start_mark, node.end_mark))
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.value, node.style or None, marks)  # plain: None or ""
    if isinstance(node, yaml.MappingNode):
        items = [(_shape(k), _shape(v)) for k, v in node.value]
        return (node.tag, items, marks)
    return (node.tag, [_shape(n) for n in node.value], marks)


def test_there_are_files_to_compare() -> None:
    assert len(YAML_FILES) > 15


@pytest.mark.parametrize("path", YAML_FILES, ids=[p.name for p in YAML_FILES])
def test_libyaml_reads_every_file_as_pyyaml_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    try:
        slow = yamlsource._parse(str(path), text, Yaml12Loader)
    except SourceError as exc:
        refused = str(exc)  # a fixture that is meant to be refused
    else:
        fast = yamlsource._parse(str(path), text, Yaml12CLoader)
        assert fast.data == slow.data
        assert _shape(fast.root) == _shape(slow.root)
        return
    with pytest.raises(SourceError) as caught:
        parse_yaml(str(path), text)
    assert str(caught.value) == refused


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\n\tb: 2\n",  # a tab where indentation is expected
        "a: 'unclosed\n",
        "a: &x [1]\nb: *x\n",
        "a: 1\na: 2\n",
        "[" * 150 + "]" * 150,
        "a: b: c\n",
        "- a\nb: c\n",
    ],
)
def test_errors_read_the_same_with_and_without_libyaml(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(SourceError) as fast:
        parse_yaml("p.yaml", text)
    monkeypatch.setattr(yamlsource, "Yaml12CLoader", None)
    with pytest.raises(SourceError) as slow:
        parse_yaml("p.yaml", text)
    assert str(fast.value) == str(slow.value)
    assert str(fast.value).startswith("p.yaml:")


def test_only_true_and_false_are_booleans_with_libyaml() -> None:
    located = parse_yaml("p.yaml", "a: [no, off, yes, true, False]\n")
    assert located.data == {"a": ["no", "off", "yes", True, False]}
