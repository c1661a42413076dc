"""Open only regular files, of a bounded size: lessons, sessions and photos come from disk.

A FIFO named ``lesson.json`` blocks an ordinary ``open()`` until some other program
writes to it (forever, usually), and ``/dev/zero`` is read until memory runs out.  Here a
file is opened without waiting (``O_NONBLOCK``), its kind and size are checked on the
open descriptor (so it cannot be swapped in between), and only then is it read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a pipe (FIFO)",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


class FileRefusedError(ValueError):
    """Not a regular file, or larger than the caller's limit; the message says which."""


def open_regular(path: str | os.PathLike[str], limit: int) -> BinaryIO:
    """``path`` opened for reading, if it is a regular file of at most ``limit`` bytes.

    Raises :class:`FileRefusedError` for anything else and ``OSError`` when it cannot be
    opened (missing, no permission).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(Path(path), flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
            raise FileRefusedError(f"{kind}, not a file")
        if info.st_size > limit:
            raise FileRefusedError(
                f"too large ({_megabytes(info.st_size)}; at most {_megabytes(limit)})"
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of ``path`` (see :func:`open_regular`).

    A file that grows past ``limit`` while it is read is refused too.
    """
    with open_regular(path, limit) as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise FileRefusedError(f"too large (more than {_megabytes(limit)})")
    return data


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.4g} MB"
