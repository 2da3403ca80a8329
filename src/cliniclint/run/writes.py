"""Write files back safely: atomically, never over an edit made since the file was
read, never through a link out of the folders being linted."""

from __future__ import annotations

import errno
import os
import signal
import stat
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress

BOMS = {
    "utf-8": b"\xef\xbb\xbf",
    "utf-16-le": b"\xff\xfe",
    "utf-16-be": b"\xfe\xff",
    "utf-32-le": b"\xff\xfe\x00\x00",
    "utf-32-be": b"\x00\x00\xfe\xff",
}


def encode_source(text: str, encoding: str, bom: bool) -> bytes:
    """Encode as the file was: same encoding, BOM written back when it had one."""
    data = text.encode(encoding, errors="surrogatepass")
    return (BOMS.get(encoding, b"") if bom else b"") + data


class FileChanged(OSError):
    """The file on disk is no longer what was read: it is not overwritten."""


# Signals that end a run politely (Ctrl-C, kill, a closed terminal): held back while
# a file is replaced, so that they take effect after the rename, never during it.
_HELD = frozenset(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
    if hasattr(signal, name)
)  # fmt: skip


@contextmanager
def _signals_held() -> Iterator[None]:
    if not hasattr(signal, "pthread_sigmask") or (
        threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class WriteRefused(OSError):
    """A file that is not rewritten, whose ``strerror`` says why."""

    def __init__(self, why: str):
        super().__init__(errno.EPERM, why)


def within(path: str, roots: Sequence[str]) -> bool:
    """Whether the real path ``path`` is one of ``roots`` or inside one."""
    return any(
        path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots
    )


def write_roots(paths: Sequence[str]) -> tuple[str, ...]:
    """The real folders a run may write in: each folder named, and the folder of each
    file named."""
    roots = []
    for path in paths:
        real = os.path.realpath(path)
        roots.append(real if os.path.isdir(real) else os.path.dirname(real))
    return tuple(roots)


def write_atomic(
    path: str,
    data: bytes,
    expected: bytes | None = None,
    *,
    roots: Sequence[str] | None = None,
    follow: bool = True,
) -> None:
    """Replace a file's content atomically, keeping its permission bits and (when
    allowed) its owner; create it when there is none and nothing is ``expected``.

    The new content goes to a temporary file in the same folder (created with
    O_EXCL and O_NOFOLLOW), which is flushed, synced, given the file's owner and mode
    through its descriptor, and renamed over the original, and the folder is synced:
    a crash or a kill leaves the old or the new file, never half of one (at worst a
    stray ``.NAME.*.tmp`` file beside it), and no path is ever changed by name but
    the rename. Ctrl-C and SIGTERM wait until the rename is done. With ``expected``,
    the file must still hold exactly those bytes (what was read), else FileChanged
    is raised and nothing is written.

    A symbolic link is followed, so the link stays a link, unless ``follow`` is off
    or its target is outside ``roots`` (real folders): then WriteRefused. So is a
    file that is not writable (0444), not a regular file, or has other hard links
    (replacing it would split them from it).
    """
    if not follow and os.path.islink(path):
        raise WriteRefused("a symbolic link (not followed)")
    target = os.path.realpath(path)
    if roots is not None and not within(target, roots):
        raise WriteRefused("a link to a file outside the folders being linted")
    folder = os.path.dirname(target) or "."
    try:
        info: os.stat_result | None = os.lstat(target)
    except FileNotFoundError:
        if expected is not None:
            raise
        info = None
    if info is not None:
        if not stat.S_ISREG(info.st_mode):
            raise WriteRefused("not a regular file")
        if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
            raise WriteRefused("read-only file")
        if info.st_nlink > 1:
            raise WriteRefused(
                f"it has {info.st_nlink} hard links, which a rewrite would split"
            )
    with _signals_held():
        import tempfile  # only when writing

        # mkstemp opens with O_CREAT | O_EXCL | O_NOFOLLOW, mode 0600.
        fd, temp = tempfile.mkstemp(
            dir=folder, prefix="." + os.path.basename(target) + ".", suffix=".tmp"
        )
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                if info is not None:
                    if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
                        # Not root: the file becomes the user's, as editors make it.
                        with suppress(PermissionError):
                            os.fchown(handle.fileno(), info.st_uid, info.st_gid)
                    os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))
                else:
                    mask = os.umask(0)
                    os.umask(mask)
                    os.fchmod(handle.fileno(), 0o666 & ~mask)
                os.fsync(handle.fileno())
            if expected is not None and _current(target) != expected:
                raise FileChanged(f"{path} changed while it was being fixed")
            os.replace(temp, target)
        except BaseException:
            if os.path.lexists(temp):
                os.unlink(temp)
            raise
        _sync_folder(folder)


def _current(target: str) -> bytes | None:
    try:
        with open(target, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (where folders can be synced)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
