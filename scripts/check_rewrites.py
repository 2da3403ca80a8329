"""Apply every rewrite to a folder of pages and check what the rewrites leave.

usage: python scripts/check_rewrites.py PAGES_DIR [CLINICLINT]

The pages are copied to a temporary folder and fixed with
``cliniclint lint --fix --unsafe-fixes``. The script prints:

- the findings at warning or error that fall inside a rewritten sentence (should be 0);
- the pages a second ``--fix`` run changes (should be 0: fixing is idempotent);
- rewritten sentences that end or start inside a word (should be 0).
"""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

PAGE_SUFFIXES = {".md", ".mdx", ".markdown", ".html", ".htm", ".txt"}


def lint(exe: str, folder: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [exe, "lint", "--no-cache", "--fail-on", "never", *extra, str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )


def copy_pages(source: Path, target: Path) -> list[Path]:
    pages = []
    for page in sorted(source.iterdir()):
        if page.suffix in PAGE_SUFFIXES and page.is_file():
            copy = target / page.name
            shutil.copyfile(page, copy)
            copy.chmod(stat.S_IRUSR | stat.S_IWUSR)
            pages.append(copy)
    return pages


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    source = Path(sys.argv[1])
    exe = sys.argv[2] if len(sys.argv) > 2 else "cliniclint"
    with tempfile.TemporaryDirectory() as tmp:
        first, second = Path(tmp, "first"), Path(tmp, "second")
        first.mkdir()
        before = {p.name: p.read_text("utf-8") for p in copy_pages(source, first)}
        # The rewrites each finding offers, taken before they are applied.
        report = json.loads(lint(exe, first, "--format", "json").stdout)
        rewrites = {
            (Path(f["file"]).name, f["rewrite"]["text"])
            for f in report["findings"]
            if f.get("rewrite") and f["rewrite"].get("span")
        }
        lint(exe, first, "--fix", "--unsafe-fixes")
        shutil.copytree(first, second)
        lint(exe, second, "--fix", "--unsafe-fixes")
        changed_again = [
            p.name
            for p in sorted(first.iterdir())
            if p.read_text("utf-8") != (second / p.name).read_text("utf-8")
        ]
        after = json.loads(lint(exe, first, "--format", "json").stdout)
        texts = {p.name: p.read_text("utf-8") for p in first.iterdir()}
        regions: dict[str, list[tuple[int, int]]] = {}
        glued = []
        applied = 0
        for name, rewrite in sorted(rewrites):
            text = texts[name]
            at = text.find(rewrite)
            if at < 0 or rewrite in before[name]:
                continue
            applied += 1
            end = at + len(rewrite)
            regions.setdefault(name, []).append((at, end))
            if (at > 0 and text[at - 1].isalnum()) or (
                end < len(text) and text[end].isalnum()
            ):
                glued.append((name, rewrite))
        inside = [
            (Path(f["file"]).name, f["rule"], f["match"])
            for f in after["findings"]
            if f["span"]
            and f["severity"] in ("warning", "error")
            and any(
                s <= f["span"]["offset"] < e
                for s, e in regions.get(Path(f["file"]).name, ())
            )
        ]
    for item in inside:
        print("inside a rewrite:", *item)
    for name in changed_again:
        print("changed by a second --fix:", name)
    for item in glued:
        print("glued to a word:", *item)
    print(
        f"pages {len(before)}, rewrites applied {applied}, findings >= warning inside "
        f"them {len(inside)}, pages changed by a second fix {len(changed_again)}, "
        f"glued {len(glued)}"
    )
    return 1 if inside or changed_again or glued else 0


if __name__ == "__main__":
    sys.exit(main())
