"""Position fidelity: a finding's span, read from the original file, is its matched
text, and its line and column agree with the offset, in every reader and encoding."""

from __future__ import annotations

from pathlib import Path

import pytest

from cliniclint.documents import decode
from cliniclint.run.runner import Runner
from fuzz.checks import check_findings as check
from support import runner


@pytest.fixture(scope="module")
def core_run() -> Runner:
    return runner()


def found(run: Runner, name: str, data: bytes) -> list[tuple[str, int, int, str]]:
    result = run.lint_input(name, data).result
    assert result.notice is None
    check(decode(data).text, result.findings)
    return [
        (f.rule_id, f.start.line, f.start.column, f.match)
        for f in result.findings
        if f.start is not None
    ]


MARKDOWN = """---
title: A miracle clinic
tags: [miracle]
description: Plain words.
---

# Welcome

Our miracle therapy works. See [details](https://example.com/miracle) now.

```text
miracle in code
```

    indented miracle code

![A miracle photo](img/miracle.png)

Inline `miracle` code and <span title="miracle">html</span>.
<!-- a miracle in a comment -->
"""


def test_markdown_skips_code_urls_and_other_keys(core_run: Runner) -> None:
    got = found(core_run, "page.md", MARKDOWN.encode())
    assert [g for g in got if g[0] == "hype-word"] == [
        ("hype-word", 2, 10, "miracle"),
        ("hype-word", 9, 5, "miracle"),
        ("hype-word", 17, 5, "miracle"),
    ]


def test_markdown_crlf_bom_and_entities(core_run: Runner) -> None:
    text = "Intro &amp; more.\r\n\r\nCaf\u00e9 &mdash; a *miracle* cure.\r\n"
    data = b"\xef\xbb\xbf" + text.encode()
    assert found(core_run, "page.md", data) == [
        ("cure-promise", 3, 17, "miracle* cure"),
    ]


def test_html_entities_shift_nothing(core_run: Runner) -> None:
    html = (
        "<html><head><title>A miracle</title>"
        '<meta name="description" content="Caf&eacute; miracle">'
        "<script>var miracle = 1;</script></head>\n"
        "<body><p>It&rsquo;s a &ldquo;miracle&rdquo; cure.</p>\n"
        '<img src="miracle.png" alt="A miracle">\n'
        "<pre>miracle</pre><code>miracle</code><!-- miracle --></body></html>\n"
    )
    assert found(core_run, "page.html", html.encode()) == [
        ("hype-word", 1, 22, "miracle"),
        ("hype-word", 1, 83, "miracle"),
        ("cure-promise", 2, 30, "miracle&rdquo; cure"),
        ("hype-word", 3, 31, "miracle"),
    ]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(core_run: Runner, encoding: str) -> None:
    bom = b"\xff\xfe" if encoding == "utf-16-le" else b"\xfe\xff"
    data = bom + "中文 😀 a miracle.\n".encode(encoding)
    assert found(core_run, "page.txt", data) == [("hype-word", 1, 8, "miracle")]


def test_cjk_and_emoji_columns(core_run: Runner) -> None:
    text = "# 标题 😀😀\n\n干细胞 😀 a miracle 治疗 cure.\n"
    assert found(core_run, "page.md", text.encode()) == [
        ("cure-promise", 3, 9, "miracle 治疗 cure"),
    ]


def test_lone_cr_line_endings(core_run: Runner) -> None:
    text = "First line.\rA miracle here.\r"
    assert found(core_run, "page.txt", text.encode()) == [
        ("hype-word", 2, 3, "miracle")
    ]


def test_seed_pages_keep_positions(core_run: Runner) -> None:
    seeds = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
    paths = sorted(seeds.glob("*.txt"))
    outcomes = core_run.lint_files([str(p) for p in paths], jobs=1, use_cache=False)
    for path, outcome in zip(paths, outcomes, strict=True):
        check(path.read_text(encoding="utf-8"), outcome.result.findings)
