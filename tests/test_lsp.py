"""`cliniclint lsp` end to end: a pytest-lsp client drives the server process."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from cliniclint.lsp.positions import PositionMap

# Slow: a language server per test (the fast set is `pytest -m "not slow"`).
pytestmark = pytest.mark.slow

PACK = """\
pack: lsp-test
title: Language server test pack
version: "1.0"
references: [https://example.org/pack-guidance]
rules:
  - id: miracle-word
    category: hype-language
    severity: warning
    kind: phrase
    phrases: [miracle]
    message: "“{match}” is hype."
    why: A word like this promises results that no study has shown.
    references: [https://example.org/hype-guidance, https://example.org/hype-cases]
    suggestions: ["new"]
    examples: {bad: ["A [[miracle]] drip."], good: ["A new drip."]}
  - id: cure-word
    category: cure-claim
    severity: error
    kind: phrase
    phrases: [cures]
    message: "“{match}” promises a cure."
    why: A cure claim needs competent and reliable scientific evidence.
    suggestions: ["may ease", "is studied for"]
    examples: {bad: ["The drip [[cures]] fatigue."], good: ["The drip is hydrating."]}
  - id: status-missing
    category: fda-status-missing
    kind: required
    severity: info
    when: '\\bstem cells?\\b'
    any_of: ['not approved by the FDA']
    message: The page offers stem cells and never states their FDA status.
    why: The FDA has approved no such treatment.
    suggestions: ["Stem cell treatments are not approved by the FDA."]
    examples:
      bad: ["We offer stem cells."]
      good: ["We offer stem cells. They are not approved by the FDA."]
"""

CONFIG = "packs: [./pack.yaml]\n"

# An emoji is one code point but two UTF-16 units (four UTF-8 bytes); each CJK
# character is one code point and one UTF-16 unit (three UTF-8 bytes).
PAGE = "# Clinic news\n\nOur 😀 team in 東京 has a miracle drip. It cures jet lag.\n"
# "miracle" starts at code point 23 of line 2 (0-based), "cures" at 40: one more
# in UTF-16 (the emoji), seven more in UTF-8 (emoji 3, each CJK character 2).
MIRACLE_UTF16 = (24, 31)
CURES_UTF16 = (41, 46)
MIRACLE_UTF8 = (30, 37)

SERVER = [sys.executable, "-m", "cliniclint", "lsp"]
# Tests see the packs as they are: the compiled-rules cache is off.
ENV = {**os.environ, "CLINICLINT_CACHE_DIR": ""}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    (tmp_path / ".cliniclint.yaml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


async def start(
    client: LanguageClient, root: Path, editor: str = "visual-studio-code"
) -> None:
    registrations: list[types.Registration] = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        registrations.extend(params.registrations)

    client.registrations = registrations  # type: ignore[attr-defined]
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(editor),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="site")],
        )
    )


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, server_env=ENV))
async def client(lsp_client: LanguageClient, site: Path) -> AsyncIterator[None]:
    await start(lsp_client, site)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, server_env=ENV))
async def neovim(lsp_client: LanguageClient, site: Path) -> AsyncIterator[None]:
    await start(lsp_client, site, "neovim")
    yield
    await lsp_client.shutdown_session()


async def until(check: Callable[[], object], what: str, timeout: float = 30) -> None:
    """Wait for ``check()`` to be true (the server lints in the background)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def published(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    await until(lambda: uri in client.diagnostics, f"diagnostics for {uri}")
    return list(client.diagnostics[uri])


def open_document(
    client: LanguageClient, path: Path, text: str, language: str = "markdown"
) -> str:
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language, version=1, text=text
            )
        )
    )
    return uri


def change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(
                uri=uri, version=version
            ),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def spans(diagnostics: Sequence[types.Diagnostic]) -> list[tuple[object, ...]]:
    return [
        (
            d.code,
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
        )
        for d in diagnostics
    ]


def apply(text: str, edits: Sequence[types.TextEdit]) -> str:
    """Apply LSP edits (UTF-16 positions) as an editor would."""
    positions = PositionMap(text)
    placed = sorted(
        (
            (positions.offset(e.range.start), positions.offset(e.range.end), e.new_text)
            for e in edits
        ),
        reverse=True,
    )
    for start, end, new in placed:
        text = text[:start] + new + text[end:]
    return text


async def actions_for(
    client: LanguageClient, uri: str, diagnostic: types.Diagnostic
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    assert result is not None
    return [a for a in result if isinstance(a, types.CodeAction)]


def edits_of(action: types.CodeAction) -> list[types.TextEdit]:
    assert action.edit is not None
    assert action.edit.document_changes is not None
    (change,) = action.edit.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    return [e for e in change.edits if isinstance(e, types.TextEdit)]


@pytest.mark.asyncio
async def test_diagnostics_have_utf16_ranges_past_emoji_and_cjk(
    client: LanguageClient, site: Path
) -> None:
    uri = open_document(client, site / "page.md", PAGE)
    diagnostics = await published(client, uri)
    assert spans(diagnostics) == [
        ("miracle-word", 2, MIRACLE_UTF16[0], 2, MIRACLE_UTF16[1]),
        ("cure-word", 2, CURES_UTF16[0], 2, CURES_UTF16[1]),
    ]
    miracle, cures = diagnostics
    assert miracle.severity == types.DiagnosticSeverity.Warning
    assert cures.severity == types.DiagnosticSeverity.Error
    assert miracle.source == "cliniclint"
    assert miracle.message == "“miracle” is hype."
    assert miracle.code_description is not None
    assert miracle.code_description.href == "https://example.org/hype-guidance"
    # A rule without references of its own has its pack's.
    assert cures.code_description is not None
    assert cures.code_description.href == "https://example.org/pack-guidance"


@pytest.mark.asyncio
async def test_utf8_positions_when_the_editor_asks_for_them(
    neovim: LanguageClient, site: Path
) -> None:
    uri = open_document(neovim, site / "page.md", PAGE)
    diagnostics = await published(neovim, uri)
    assert spans(diagnostics)[0] == (
        "miracle-word",
        2,
        MIRACLE_UTF8[0],
        2,
        MIRACLE_UTF8[1],
    )


@pytest.mark.asyncio
async def test_page_level_finding_and_information_severity(
    client: LanguageClient, site: Path
) -> None:
    uri = open_document(client, site / "stem.md", "We offer stem cells.\n")
    (finding,) = await published(client, uri)
    assert (finding.code, finding.severity) == (
        "status-missing",
        types.DiagnosticSeverity.Information,
    )
    assert spans([finding]) == [("status-missing", 0, 0, 0, 0)]
    (add, *_) = await actions_for(client, uri, finding)
    assert add.title.startswith("Add the statement: Stem cell treatments")
    fixed = apply("We offer stem cells.\n", edits_of(add))
    assert fixed == (
        "We offer stem cells.\n\nStem cell treatments are not approved by the FDA.\n"
    )
    change(client, uri, 2, fixed)
    assert await published(client, uri) == []


@pytest.mark.asyncio
async def test_changes_are_linted_once_typing_pauses(
    client: LanguageClient, site: Path
) -> None:
    uri = open_document(client, site / "page.md", PAGE)
    await published(client, uri)
    change(client, uri, 2, "A miracle.\n")
    change(client, uri, 3, "A miracle cures.\n")
    change(client, uri, 4, "Plain words, then cures.\n")
    diagnostics = await published(client, uri)
    assert spans(diagnostics) == [("cure-word", 0, 18, 0, 23)]
    await asyncio.sleep(0.6)  # nothing older arrives late
    assert spans(client.diagnostics[uri]) == [("cure-word", 0, 18, 0, 23)]


@pytest.mark.asyncio
async def test_rewrite_action_clears_the_finding(
    client: LanguageClient, site: Path
) -> None:
    uri = open_document(client, site / "page.md", PAGE)
    miracle, cures = await published(client, uri)
    actions = await actions_for(client, uri, cures)
    assert [a.title for a in actions] == [
        "Replace “cures” with “may ease”",
        "Replace “cures” with “is studied for”",
        "Suppress cure-word on this line (with a reason)",
        "Suppress cure-word in this file (with a reason)",
    ]
    assert actions[0].is_preferred
    assert all(a.kind == types.CodeActionKind.QuickFix for a in actions)
    fixed = apply(PAGE, edits_of(actions[0]))
    assert fixed.splitlines()[2] == (
        "Our 😀 team in 東京 has a miracle drip. It may ease jet lag."
    )
    change(client, uri, 2, fixed)
    assert spans(await published(client, uri)) == [
        ("miracle-word", 2, MIRACLE_UTF16[0], 2, MIRACLE_UTF16[1])
    ]
    # The old diagnostic's actions are for version 1: none is offered any more.
    assert await actions_for(client, uri, miracle) == []


@pytest.mark.asyncio
async def test_suppression_action_silences_the_finding(
    client: LanguageClient, site: Path
) -> None:
    uri = open_document(client, site / "page.md", PAGE)
    _, cures = await published(client, uri)
    suppress = (await actions_for(client, uri, cures))[2]
    comment = (
        "<!-- cliniclint-disable-next-line cure-word -- "
        "TODO say why this copy is acceptable -->\n"
    )
    assert [
        (e.range.start.line, e.range.start.character, e.new_text)
        for e in edits_of(suppress)
    ] == [(2, 0, comment)]
    fixed = apply(PAGE, edits_of(suppress))
    change(client, uri, 2, fixed)
    assert spans(await published(client, uri)) == [
        ("miracle-word", 3, MIRACLE_UTF16[0], 3, MIRACLE_UTF16[1])
    ]


@pytest.mark.asyncio
async def test_file_suppression_in_mdx_after_front_matter(
    client: LanguageClient, site: Path
) -> None:
    text = "---\ntitle: Drips\n---\nThe drip cures jet lag.\n"
    uri = open_document(client, site / "page.mdx", text, "mdx")
    (cures,) = await published(client, uri)
    whole_file = (await actions_for(client, uri, cures))[3]
    fixed = apply(text, edits_of(whole_file))
    assert fixed == (
        "---\ntitle: Drips\n---\n"
        "{/* cliniclint-disable-file cure-word -- "
        "TODO say why this copy is acceptable */}\n"
        "The drip cures jet lag.\n"
    )
    change(client, uri, 2, fixed)
    assert await published(client, uri) == []


@pytest.mark.asyncio
async def test_plain_text_has_no_suppression_comments(
    client: LanguageClient, site: Path
) -> None:
    uri = open_document(client, site / "page.txt", "It cures.\n", "plaintext")
    (cures,) = await published(client, uri)
    titles = [a.title for a in await actions_for(client, uri, cures)]
    assert titles == [
        "Replace “cures” with “may ease”",
        "Replace “cures” with “is studied for”",
    ]


@pytest.mark.asyncio
async def test_hover_shows_why_rewrite_and_references(
    client: LanguageClient, site: Path
) -> None:
    uri = open_document(client, site / "page.md", PAGE)
    await published(client, uri)

    async def hover(line: int, character: int) -> str | None:
        result = await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=line, character=character),
            )
        )
        if result is None:
            return None
        assert isinstance(result.contents, types.MarkupContent)
        assert result.contents.kind == types.MarkupKind.Markdown
        return result.contents.value

    assert await hover(2, MIRACLE_UTF16[0] + 3) == (
        "**warning** `miracle-word`: “miracle” is hype.\n"
        "\n"
        "**Why:** A word like this promises results that no study has shown.\n"
        "\n"
        "**Rewrite:**\n"
        "- new\n"
        "\n"
        "**References:**\n"
        "- <https://example.org/hype-guidance>\n"
        "- <https://example.org/hype-cases>"
    )
    assert await hover(2, MIRACLE_UTF16[0] - 2) is None
    assert await hover(0, 3) is None


@pytest.mark.asyncio
async def test_config_change_is_picked_up(client: LanguageClient, site: Path) -> None:
    registered = client.registrations  # type: ignore[attr-defined]
    await until(lambda: registered, "client/registerCapability")
    (watch,) = registered
    assert watch.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    uri = open_document(client, site / "page.md", PAGE)
    assert [d.code for d in await published(client, uri)] == [
        "miracle-word",
        "cure-word",
    ]
    config = site / ".cliniclint.yaml"

    # A change the editor reports from the file system.
    config.write_text(CONFIG + "rules: {miracle-word: off}\n", encoding="utf-8")
    client.diagnostics.pop(uri)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)
            ]
        )
    )
    assert [d.code for d in await published(client, uri)] == ["cure-word"]

    # A pack edited and saved in the editor.
    pack = site / "pack.yaml"
    pack.write_text(PACK.replace("phrases: [cures]", "phrases: [jet lag]"), "utf-8")
    client.diagnostics.pop(uri)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=pack.as_uri())
        )
    )
    assert spans(await published(client, uri)) == [("cure-word", 2, 47, 2, 54)]


@pytest.mark.asyncio
async def test_bad_config_is_a_message_not_a_crash(
    client: LanguageClient, site: Path
) -> None:
    config = site / ".cliniclint.yaml"
    config.write_text(CONFIG + "fail-on: error\n", encoding="utf-8")
    uri = open_document(client, site / "page.md", PAGE)
    assert await published(client, uri) == []
    await until(lambda: client.messages, "window/showMessage")
    (message,) = client.messages
    assert message.type == types.MessageType.Error
    assert message.message.startswith("cliniclint: ")
    assert message.message.endswith(".cliniclint.yaml:2: unknown key 'fail-on'")
    error = message.message.removeprefix("cliniclint: ")
    assert f"cliniclint: error: {error}" in [m.message for m in client.log_messages]
    config.write_text(CONFIG, encoding="utf-8")
    client.diagnostics.pop(uri)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)
            ]
        )
    )
    assert [d.code for d in await published(client, uri)] == [
        "miracle-word",
        "cure-word",
    ]
