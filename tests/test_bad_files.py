"""Bad files: each gives a one-line notice or is linted, never a traceback or a hang,
and the run goes on with the other files.

Most cases run through click's CliRunner; the ones that could kill the process (deep
nesting overflowing a parser's stack) or hang it run in a subprocess with a timeout,
which is the only time limit asserted here.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from cliniclint.documents import UnreadableFile, filebytes, markdown, read_document
from cliniclint.documents.filebytes import read_file
from cliniclint.documents.markdown import MAX_BLOCK_NESTING, too_deep
from fuzz.checks import check_invariants
from support import CORE_PACK

# Slow: feeds each bad file through the CLI (the fast set is `pytest -m "not slow"`).
pytestmark = pytest.mark.slow

CLI = Callable[..., Result]
LINT = ("lint", "--isolated", "--no-bundled", "--pack", str(CORE_PACK))
# Generous: each case takes well under a second on the CI machine.
TIMEOUT = 120


def run_python(code: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


# --- deep nesting: the parsers recurse on the C stack ------------------------------

NESTED_MARKDOWN = {
    # Each of these killed the process (SIGSEGV) at this size before the reader
    # refused to hand such text to markdown-it.
    "lists on one line": "'- ' * 100_000 + 'a miracle'",
    "ordered lists": "'1. ' * 100_000 + 'a miracle'",
    "block quotes": "'> ' * 100_000 + 'a miracle'",
    "quotes and lists": "'> - ' * 50_000 + 'a miracle'",
    "emphasis": "'*a ' * 50_000 + 'a miracle' + ' a*' * 50_000",
    "strong": "'**a ' * 50_000 + 'a miracle' + ' a**' * 50_000",
    "strikethrough": "'~~a ' * 50_000 + 'a miracle' + ' a~~' * 50_000",
    "images": "'![' * 50_000 + 'a miracle' + '](u)' * 50_000",
    "front matter flow": "'---\\na: ' + '[' * 100_000 + ']' * 100_000 + '\\n---\\n'"
    " + 'a miracle'",
    "front matter maps": "'---\\na: ' + '{a: ' * 50_000 + 'x' + '}' * 50_000"
    " + '\\n---\\na miracle'",
}


def test_absurdly_nested_markdown_is_read_without_crashing() -> None:
    cases = "".join(
        f"    ({name!r}, {expr}),\n" for name, expr in NESTED_MARKDOWN.items()
    )
    proc = run_python(
        "from cliniclint.documents import read_document\n"
        f"CASES = [\n{cases}]\n"
        "for name, raw in CASES:\n"
        "    for path in ('page.md', 'page.mdx'):\n"
        "        document = read_document(path, raw)\n"
        "        assert 'a miracle' in document.prose, name\n"
        "    print('read', name, flush=True)\n"
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.count("read ") == len(NESTED_MARKDOWN)


def test_ten_thousand_levels_of_lists_and_quotes_through_the_cli(
    tmp_path: Path,
) -> None:
    lists = "".join("  " * i + "- item\n" for i in range(0, 2000)) + "A miracle.\n"
    (tmp_path / "lists.md").write_text(lists, encoding="utf-8")
    (tmp_path / "inline.md").write_text("- " * 10_000 + "A miracle.\n")
    (tmp_path / "quotes.md").write_text("> " * 10_000 + "A miracle.\n")
    (tmp_path / "quote-lines.md").write_text(
        "".join(">" * i + " a miracle\n" for i in range(1, 1500))
    )
    (tmp_path / "deep.html").write_text(
        "<div>" * 50_000 + "<p>A miracle.</p>" + "</div>" * 50_000
    )
    (tmp_path / "open.html").write_text("<b><i>" * 50_000 + "A miracle.")
    args = [*LINT, "--format", "concise", "--select", "hype-word", str(tmp_path)]
    proc = subprocess.run(
        [sys.executable, "-m", "cliniclint", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr  # hype-word is info
    assert proc.stderr == ""
    found = {line.split(":", 1)[0] for line in proc.stdout.splitlines()}
    names = ("lists", "inline", "quotes", "quote-lines")
    expected = {str(tmp_path / f"{n}.md") for n in names}
    expected |= {str(tmp_path / f"{n}.html") for n in ("deep", "open")}
    assert found == expected


def test_deep_nesting_check_is_conservative() -> None:
    assert not too_deep("- " * MAX_BLOCK_NESTING + "x")
    assert too_deep("- " * (MAX_BLOCK_NESTING + 1) + "x")
    assert too_deep(">" * (MAX_BLOCK_NESTING + 1))
    assert not too_deep(">" * MAX_BLOCK_NESTING)
    ordinary = "Some *emphasis*, a [link](u) and snake_case.\n\n" * 5000
    assert not too_deep(ordinary)
    assert too_deep("x\n\n" + "[" * 10_001 + "\n\nx")
    # Text refused by the parser is still linted, as plain text.
    document = read_document("page.md", "> " * 2000 + "Stem cells cure pain.")
    assert document.prose.endswith("Stem cells cure pain.")


def test_a_rust_panic_is_neither_raised_nor_printed(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # markdown_it_pyrs panics on "[" before a stray backtick; let the first attempt
    # see the text as it is, so that the parser really panics.
    monkeypatch.setattr(markdown, "defuse_backticks", lambda src: src)
    monkeypatch.setenv("RUST_BACKTRACE", "1")
    document = read_document("page.md", "A [`miracle cure.\n")
    assert document.prose == "A [`miracle cure."
    captured = capfd.readouterr()
    assert captured.err == ""
    assert captured.out == ""


# --- standard input and output closed early -----------------------------------------


def run_cli(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "cliniclint", *LINT, *args],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
        **kwargs,  # type: ignore[arg-type]
    )


def test_closed_stdin_reads_as_an_empty_page() -> None:
    proc = run_cli("--stdin-filename", "page.md", "-", preexec_fn=lambda: os.close(0))
    assert proc.returncode == 0
    assert proc.stderr == b""
    assert proc.stdout.endswith(b"(1 checked).\n")


def test_stdin_whose_writer_stops_early_is_linted_as_far_as_it_got() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "cliniclint", *LINT, "--format", "concise",
         "--stdin-filename", "page.md", "-"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdin is not None
    process.stdin.write(b"A miracle in the first half of a senten")
    process.stdin.close()  # the editor died mid-write
    assert process.stdout is not None
    assert process.stderr is not None
    out, err = process.stdout.read(), process.stderr.read()
    assert (process.wait(timeout=TIMEOUT), err) == (0, b"")
    assert out == "page.md:1:3: info [hype-word] “miracle” is hype.\n".encode()


def test_stdout_closed_early_ends_quietly_with_exit_2(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("A miracle cure.\n" * 20_000)
    process = subprocess.Popen(
        [sys.executable, "-m", "cliniclint", *LINT, "--fail-on", "never", str(page)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()  # like `| head` that has had enough before the report
    err = process.stderr.read()
    assert process.wait(timeout=TIMEOUT) == 2
    assert err == b""  # as the other tools of a pipeline: nothing on stderr


def test_after_a_panic_an_escaped_backtick_still_reads_as_a_backtick(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The retry parses the text with every backtick neutralised; an escape's
    # character must still come from the file (found by the fuzz campaign).
    monkeypatch.setattr(markdown, "defuse_backticks", lambda src: src)
    document = read_document("page.md", "A \\` and [` here.")
    assert document.prose == "A ` and [` here."
    check_invariants(document)


# --- files that cannot be linted: a notice each, and the run goes on ---------------


GOOD = "A miracle.\n"


def lint_folder(cli: CLI, *paths: Path) -> list[str]:
    result = cli(*LINT, "--select", "hype-word", "--fail-on", "never",
                 *map(str, paths))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.output.splitlines()


def notices(lines: list[str]) -> list[str]:
    return [line for line in lines if ": notice: " in line]


def linted_good_page(lines: list[str], good: Path) -> bool:
    return f"{good}:1:3: info [hype-word] “miracle” is hype." in lines


@pytest.mark.parametrize(
    ("data", "notice"),
    [
        (b"ok \xff\xfe bad", "not valid UTF-8 (byte 0xff at offset 3), skipped"),
        (b"A miracle \xe2\x80", "not valid UTF-8 (byte 0xe2 at offset 10), skipped"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, skipped"),
        (b"A miracle.\x00\n", "binary file, skipped"),
        (b"\xff\xfeA\x00\x00\xd8", "not valid UTF-16 (byte 0x00 at offset 4), skipped"),
    ],
)
def test_undecodable_files_are_a_notice(
    cli: CLI, tmp_path: Path, data: bytes, notice: str
) -> None:
    bad = tmp_path / "a-bad.md"
    bad.write_bytes(data)
    good = tmp_path / "b-good.md"
    good.write_text(GOOD)
    lines = lint_folder(cli, tmp_path)
    assert notices(lines) == [f"{bad}: notice: {notice}"]
    assert linted_good_page(lines, good)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_read(cli: CLI, tmp_path: Path, encoding: str) -> None:
    page = tmp_path / "page.md"
    page.write_bytes("\ufeffIntro.\r\n\r\nCaf\u00e9: a miracle.\r\n".encode(encoding))
    lines = lint_folder(cli, page)
    assert lines[0] == f"{page}:3:9: info [hype-word] “miracle” is hype."


def test_an_empty_file_is_checked_quietly(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "bom-only.html").write_bytes(b"\xef\xbb\xbf")
    lines = lint_folder(cli, tmp_path)
    assert lines == ["Found 0 errors, 0 warnings, 0 info in 0 files (2 checked)."]


def test_a_ten_megabyte_page_on_one_line(tmp_path: Path) -> None:
    sentence = "The clinic is open daily and the staff will help you. "
    line = (sentence * 100 + "A miracle. ") * 1900
    assert len(line) > 10_000_000
    page = tmp_path / "one-line.md"
    page.write_text(line + "\n")
    proc = subprocess.run(
        [sys.executable, "-m", "cliniclint", *LINT, "--format", "concise", str(page)],
        capture_output=True, text=True, timeout=TIMEOUT, check=False,
        preexec_fn=limit_memory,
    )  # fmt: skip
    assert (proc.returncode, proc.stderr) == (0, "")
    lines = proc.stdout.splitlines()
    assert len(lines) == 1900
    assert lines[-1] == (
        f"{page}:1:{len(line) - len('miracle. ') + 1}: info [hype-word] "
        "“miracle” is hype."
    )


def limit_memory() -> None:
    """At most 2 GiB of address space: a run that needed more would fail."""
    limit = 2 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_special_files_are_skipped(cli: CLI, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)  # reading it would block for ever
    folder_named_like_a_page = tmp_path / "folder.md"
    folder_named_like_a_page.mkdir()
    good = tmp_path / "good.md"
    good.write_text(GOOD)
    lines = lint_folder(cli, tmp_path, fifo, Path("/dev/null"))
    assert notices(lines) == [
        f"{fifo}: notice: not a regular file, skipped",
        "/dev/null: notice: not a regular file, skipped",
    ]
    assert linted_good_page(lines, good)


def test_unreadable_files_are_a_notice(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root in CI, where file permissions do not stop a read: refuse
    # the open itself.
    secret = tmp_path / "secret.md"
    secret.write_text(GOOD)
    good = tmp_path / "good.md"
    good.write_text(GOOD)
    real_open = open

    def guarded_open(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(secret):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", guarded_open)
    lines = lint_folder(cli, tmp_path)
    assert notices(lines) == [f"{secret}: notice: permission denied, skipped"]
    assert linted_good_page(lines, good)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission_is_a_notice(cli: CLI, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(GOOD)
    secret.chmod(0)
    lines = lint_folder(cli, tmp_path)
    assert notices(lines) == [f"{secret}: notice: permission denied, skipped"]


def test_broken_links_and_link_loops(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "broken.md").symlink_to("nowhere.md")
    (tmp_path / "loop-a.md").symlink_to("loop-b.md")
    (tmp_path / "loop-b.md").symlink_to("loop-a.md")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to("..")  # a folder loop: not followed
    good = tmp_path / "sub" / "good.md"
    good.write_text(GOOD)
    lines = lint_folder(cli, tmp_path)
    loop = "cannot read (Too many levels of symbolic links), skipped"
    assert notices(lines) == [
        f"{tmp_path / 'broken.md'}: notice: no such file (or a broken link), skipped",
        f"{tmp_path / 'loop-a.md'}: notice: {loop}",
        f"{tmp_path / 'loop-b.md'}: notice: {loop}",
    ]
    assert linted_good_page(lines, good)
    named = lint_folder(cli, tmp_path / "broken.md", good)
    assert notices(named) == [
        f"{tmp_path / 'broken.md'}: notice: no such file (or a broken link), skipped"
    ]


def test_a_file_deleted_during_the_run(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doomed = tmp_path / "a-doomed.md"
    doomed.write_text(GOOD)
    good = tmp_path / "b-good.md"
    good.write_text(GOOD)
    real = read_file

    def deleted_after_listing(path: str) -> bytes:
        if path == str(doomed):
            doomed.unlink(missing_ok=True)  # listed, then gone before it is read
        return real(path)

    # The run's one reader (the bytes it reads are the bytes linted).
    monkeypatch.setattr("cliniclint.run.runner.read_file", deleted_after_listing)
    lines = lint_folder(cli, tmp_path)
    assert notices(lines) == [
        f"{doomed}: notice: no such file (or a broken link), skipped"
    ]
    assert linted_good_page(lines, good)


def test_a_file_that_grows_past_the_limit_after_its_size_was_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "page.md"
    page.write_bytes(b"x" * 2000)
    monkeypatch.setattr(filebytes, "MAX_FILE_BYTES", 1024)  # "0 MiB"
    real_stat = os.stat

    def small_then(path: str) -> os.stat_result:
        fields = list(real_stat(path))
        fields[6] = 10  # st_size when it was checked
        return os.stat_result(fields)

    monkeypatch.setattr(filebytes.os, "stat", small_then)
    with pytest.raises(UnreadableFile, match="larger than 0 MiB, skipped"):
        filebytes.read_bytes(str(page))


def test_standard_input_too_large_is_a_notice(
    cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filebytes, "MAX_FILE_BYTES", 1024)  # "0 MiB"
    page = "It is a miracle. " * 100  # 1,700 bytes
    result = cli(*LINT, "--stdin-filename", "page.md", "-", input=page)
    # Skipped unread: the run fails (see --allow-skipped).
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "page.md: notice: larger than 0 MiB, skipped",
        "Found 0 errors, 0 warnings, 0 info in 0 files (0 checked, 1 skipped).",
    ]
    fits = cli(*LINT, "--stdin-filename", "page.md", "-", input=page[:1000])
    assert "page.md:1:9: info [hype-word]" in fits.output


def test_fixing_standard_input_too_large_gives_it_back_whole(
    cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filebytes, "MAX_FILE_BYTES", 1024)
    page = "It is a miracle. " * 1000  # 17,000 bytes, read in two parts
    result = cli(*LINT, "--fix", "--stdin-filename", "page.md", "-", input=page)
    assert result.exit_code == 0
    assert result.stdout == page
    assert result.stderr == "cliniclint: page.md: larger than 0 MiB, skipped\n"
