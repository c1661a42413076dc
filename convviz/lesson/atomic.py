"""Write files and folders so that a crash, a full disk or an error never leaves half of one.

Everything is first written under a temporary name in the target's own folder (so the
final rename never crosses file systems), flushed to the disk, and only then renamed
onto the target with :func:`os.replace`, which is atomic.  Until that moment an earlier
file of the same name stays as it was; on failure the temporary is removed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

TEMP_SUFFIX = ".part"


@contextmanager
def replacing_file(path: Path) -> Iterator[BinaryIO]:
    """Yield a binary file that becomes ``path`` only if the ``with`` block succeeds."""
    path = Path(path)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        os.chmod(temp, _mode_of(path, default=0o666))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


@contextmanager
def filling_folder(path: Path, stale: str) -> Iterator[Path]:
    """Yield an empty temporary folder whose files end up in the folder ``path``.

    A new ``path`` appears at once, complete.  An existing folder keeps its other files:
    the new ones are moved in only after all of them were written, and earlier files
    matching the glob ``stale`` (say frames of a longer export) are removed then, so the
    folder never mixes two exports.
    """
    path = Path(path)
    temp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent))
    try:
        yield temp
        for file in temp.iterdir():
            _sync_file(file)
        if path.is_dir():
            for old in path.glob(stale):
                old.unlink()
            for file in sorted(temp.iterdir()):
                os.replace(file, path / file.name)
            temp.rmdir()
        else:
            os.chmod(temp, _mode_of(path, default=0o777))
            os.replace(temp, path)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    _sync_folder(path)
    _sync_folder(path.parent)


def _mode_of(path: Path, default: int) -> int:
    """The permissions of the file being replaced, else ``default`` less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0o022)  # the only portable way to read the umask is to set it
        os.umask(umask)
        return default & ~umask


def _sync_file(path: Path) -> None:
    with path.open("rb") as file:
        os.fsync(file.fileno())


def _sync_folder(folder: Path) -> None:
    """Make a rename inside ``folder`` survive a power cut (POSIX; Windows cannot open folders)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
