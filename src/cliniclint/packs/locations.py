"""Where pack files are: the bundled folder and the files in a folder."""

from __future__ import annotations

from pathlib import Path

PACK_SUFFIXES = (".yaml", ".yml")
# The bundled catalogue of cited sources (see cliniclint.packs.citations): not a pack.
CATALOGUE_NAME = "references.yaml"


def bundled_dir() -> Path:
    """Bundled packs: inside the installed package, else the checkout's ``rules/``."""
    inside = Path(__file__).resolve().parents[1] / "rules"
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parents[3] / "rules"


def pack_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir() if p.suffix in PACK_SUFFIXES and p.is_file()
    )


def contained_pack_files(folder: Path) -> list[Path]:
    """The pack files in a folder that is not the bundled one: a link in it to a
    file outside it is an error (never read, so nothing of the file is shown)."""
    from cliniclint.errors import SourceError

    base = folder.resolve()
    files = pack_files(folder)
    for path in files:
        if path.is_symlink() and not path.resolve().is_relative_to(base):
            raise SourceError(
                str(path), None, None, "a link out of its pack folder, not followed"
            )
    return files


def bundled_pack_files() -> list[Path]:
    return [p for p in pack_files(bundled_dir()) if p.name != CATALOGUE_NAME]


def expand(paths: list[Path]) -> list[Path]:
    """Pack files named directly, and the pack files inside named folders."""
    out: list[Path] = []
    for path in paths:
        out.extend(pack_files(path) if path.is_dir() else [path])
    return out
