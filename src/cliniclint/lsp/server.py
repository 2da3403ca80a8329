"""The language server: diagnostics while typing, quick fixes and hover.

Documents are linted in one worker thread (the packs load and compile there on
first use), so that requests keep being answered meanwhile; a change is linted once
typing pauses for :data:`DEBOUNCE` seconds, an open or a save at once.
"""

from __future__ import annotations

import asyncio
import os
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from cliniclint import __version__
from cliniclint.documents import format_for_path
from cliniclint.errors import SourceError
from cliniclint.findings import Finding, Severity
from cliniclint.lsp.edits import Action, rewrites, suppressions
from cliniclint.lsp.hover import RuleDoc, hover_markdown
from cliniclint.lsp.positions import UTF16, PositionMap
from cliniclint.lsp.sessions import WATCHED_SUFFIXES, Sessions

DEBOUNCE = 0.3
SOURCE = "cliniclint"

_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
# What `lint` walks folders for, and the editors' language ids for the same.
_EXTENSIONS = (".md", ".markdown", ".mdx", ".html", ".htm", ".txt")
_LANGUAGES = {"markdown": ".md", "mdx": ".mdx", "html": ".html", "plaintext": ".txt"}
_WATCHERS = (
    "**/.cliniclint.yaml",
    "**/pyproject.toml",
    *(f"**/*{suffix}" for suffix in WATCHED_SUFFIXES),
)


@dataclass(frozen=True, slots=True)
class Published:
    """One document's findings as last published (for hover) and their docs."""

    version: int | None
    findings: list[tuple[Finding, types.Range]]
    docs: dict[str, RuleDoc | None]


class ClinicLintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "cliniclint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
        )
        self.sessions = Sessions()
        # One thread: sessions are not thread-safe, and lints queue behind a load.
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lint")
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.published: dict[str, Published] = {}
        self.shown_errors: set[str] = set()

    # -- which documents -------------------------------------------------------------

    def lint_path(self, document: TextDocument) -> str | None:
        """The path a document is linted as, or None when it is not copy (a
        configuration or pack file open in the editor is not linted)."""
        path = document.path
        language = document.language_id or ""
        if urlparse(document.uri).scheme != "file":
            root = self.workspace.root_path or os.getcwd()
            path = os.path.join(root, os.path.basename(path) or "untitled")
            if format_for_path(path) == "text" and language in _LANGUAGES:
                path += _LANGUAGES[language]
        if path.lower().endswith(_EXTENSIONS) or language in _LANGUAGES:
            return path
        return None

    @property
    def encoding(self) -> str:
        encoding = self.workspace.position_encoding
        if isinstance(encoding, types.PositionEncodingKind):
            return encoding.value
        return encoding or UTF16

    # -- linting ---------------------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        """Lint the document after ``delay`` seconds, replacing a lint not yet run."""
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(
            self._lint_later(uri, delay)
        )

    async def _lint_later(self, uri: str, delay: float) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            await self.lint(uri)
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]

    async def lint(self, uri: str) -> None:
        if uri not in self.workspace.text_documents:
            return
        document = self.workspace.get_text_document(uri)
        path = self.lint_path(document)
        if path is None:
            return
        text, version = document.source, document.version
        loop = asyncio.get_running_loop()
        try:
            published, diagnostics = await loop.run_in_executor(
                self.worker, self._lint_job, path, text, version, self.encoding
            )
        except SourceError as exc:
            self.error(str(exc))
            published, diagnostics = Published(version, [], {}), []
        except Exception:  # a bug must not take the editor's linter down
            self.error(f"{path}: internal error (see the log)", traceback.format_exc())
            return
        if uri not in self.workspace.text_documents:
            return  # closed meanwhile
        if self.workspace.get_text_document(uri).version != version:
            return  # changed meanwhile: a newer lint is on its way
        self.published[uri] = published
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, version=version, diagnostics=diagnostics
            )
        )

    def _lint_job(
        self, path: str, text: str, version: int | None, encoding: str
    ) -> tuple[Published, list[types.Diagnostic]]:
        """Lint in the worker thread; build the diagnostics there too."""
        linted = self.sessions.lint(path, text)
        if linted.note:
            self.log(f"{path}: {linted.note}")
        positions = PositionMap(text, encoding)
        fmt = format_for_path(path)
        placed: list[tuple[Finding, types.Range]] = []
        diagnostics: list[types.Diagnostic] = []
        for finding in linted.findings:
            if finding.offset is None or finding.end_offset is None:
                where = positions.range(0, 0)
            else:
                where = positions.range(finding.offset, finding.end_offset)
            placed.append((finding, where))
            actions = [*rewrites(text, finding, fmt), *suppressions(text, finding, fmt)]
            doc = linted.docs.get(finding.rule_id)
            diagnostics.append(
                diagnostic(finding, where, doc, version, actions, positions)
            )
        return Published(version, placed, linted.docs), diagnostics

    def reload(self, why: str) -> None:
        """Drop every session (packs and configuration), then lint the open
        documents again."""
        self.log(f"reloading the rules: {why}")
        self.worker.submit(self.sessions.clear)
        self.shown_errors.clear()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)

    def forget(self, uri: str) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.published.pop(uri, None)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    # -- messages --------------------------------------------------------------------

    def log(
        self, message: str, kind: types.MessageType = types.MessageType.Info
    ) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def error(self, message: str, detail: str | None = None) -> None:
        """A one-line error, shown once until the rules reload; logged every time."""
        self.log(f"cliniclint: error: {message}", types.MessageType.Error)
        if detail:
            self.log(detail, types.MessageType.Error)
        if message not in self.shown_errors:
            self.shown_errors.add(message)
            self.window_show_message(
                types.ShowMessageParams(
                    type=types.MessageType.Error, message=f"cliniclint: {message}"
                )
            )


def diagnostic(
    finding: Finding,
    where: types.Range,
    doc: RuleDoc | None,
    version: int | None,
    actions: list[Action],
    positions: PositionMap,
) -> types.Diagnostic:
    """A finding as an LSP diagnostic; ``data`` holds its quick fixes as edits
    for the document version linted."""
    href = doc.href if doc is not None else None
    return types.Diagnostic(
        range=where,
        severity=_SEVERITIES[finding.severity],
        source=SOURCE,
        code=finding.rule_id,
        code_description=types.CodeDescription(href=href) if href else None,
        message=finding.message,
        data={
            "rule": finding.rule_id,
            "version": version,
            "actions": [_action_data(a, positions) for a in actions],
        },
    )


def _action_data(action: Action, positions: PositionMap) -> dict[str, Any]:
    edits = [
        {"range": _range_json(positions.range(e.start, e.end)), "newText": e.new}
        for e in action.edits
    ]
    return {"title": action.title, "preferred": action.preferred, "edits": edits}


def _range_json(where: types.Range) -> dict[str, Any]:
    return {
        "start": {"line": where.start.line, "character": where.start.character},
        "end": {"line": where.end.line, "character": where.end.character},
    }


def _range(data: Any) -> types.Range:
    return types.Range(
        start=types.Position(**data["start"]), end=types.Position(**data["end"])
    )


def _contains(where: types.Range, at: types.Position) -> bool:
    start = (where.start.line, where.start.character)
    end = (where.end.line, where.end.character)
    point = (at.line, at.character)
    if start == end:  # a page-level finding: its whole first line
        return at.line == where.start.line
    return start <= point <= end


def make_server() -> ClinicLintServer:
    """The server with its handlers."""
    server = ClinicLintServer()

    @server.feature(types.INITIALIZED)
    async def initialized(ls: ClinicLintServer, _: types.InitializedParams) -> None:
        capability = ls.client_capabilities.workspace
        watched = capability.did_change_watched_files if capability else None
        if watched is None or not watched.dynamic_registration:
            return
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=g) for g in _WATCHERS]
        )
        try:
            await ls.client_register_capability_async(
                types.RegistrationParams(
                    registrations=[
                        types.Registration(
                            id="cliniclint-rules",
                            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=options,
                        )
                    ]
                )
            )
        except Exception as exc:  # the editor said no: saves still reload
            warning = types.MessageType.Warning
            ls.log(f"cannot watch configuration files: {exc}", warning)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ClinicLintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(
        ls: ClinicLintServer, params: types.DidChangeTextDocumentParams
    ) -> None:
        ls.schedule(params.text_document.uri, DEBOUNCE)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ClinicLintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = to_fs_path(uri)
        if path is not None and ls.sessions.watches(path):
            ls.reload(f"{path} saved")
        else:
            ls.schedule(uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(
        ls: ClinicLintServer, params: types.DidCloseTextDocumentParams
    ) -> None:
        ls.forget(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(
        ls: ClinicLintServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        for change in params.changes:
            path = to_fs_path(change.uri)
            if path is not None and ls.sessions.watches(path):
                ls.reload(f"{path} changed")
                return

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(
        ls: ClinicLintServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        only = params.context.only
        if only and not any(
            types.CodeActionKind.QuickFix.value.startswith(kind) for kind in only
        ):
            return []
        uri = params.text_document.uri
        if uri not in ls.workspace.text_documents:
            return []
        version = ls.workspace.get_text_document(uri).version
        out: list[types.CodeAction] = []
        for diag in params.context.diagnostics:
            data = diag.data
            if diag.source != SOURCE or not isinstance(data, dict):
                continue
            if data.get("version") != version:
                continue  # linted on an older text: new diagnostics are coming
            for action in data.get("actions", ()):
                edits = [
                    types.TextEdit(range=_range(e["range"]), new_text=e["newText"])
                    for e in action["edits"]
                ]
                change = types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(
                        uri=uri, version=version
                    ),
                    edits=list(edits),
                )
                out.append(
                    types.CodeAction(
                        title=action["title"],
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diag],
                        is_preferred=action.get("preferred") or None,
                        edit=types.WorkspaceEdit(document_changes=[change]),
                    )
                )
        return out

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: ClinicLintServer, params: types.HoverParams) -> types.Hover | None:
        published = ls.published.get(params.text_document.uri)
        if published is None:
            return None
        parts = [
            hover_markdown(finding, published.docs.get(finding.rule_id))
            for finding, where in published.findings
            if _contains(where, params.position)
        ]
        if not parts:
            return None
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)
            )
        )

    return server


def serve() -> None:
    """Serve one client over standard input and output."""
    make_server().start_io()
