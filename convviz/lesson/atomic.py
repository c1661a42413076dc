"""Write files and folders so that a crash, a full disk or an error never leaves half of one.

Everything is first written under a temporary name on the target's own file system, flushed
to the disk, and only then renamed onto the target with :func:`os.replace`, which is atomic
and never crosses file systems.  Until that moment an earlier file of the same name stays
as it was; on failure the temporary is removed.

Temporary names are short whatever the target's name (a 250-character name is valid, a
name 20 characters longer is not) and carry the writer's process id, so the leftovers of a
run that was killed (``kill -9``, a power cut) are recognised and removed by the next
write to the same target.
"""

from __future__ import annotations

import errno
import glob
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

TEMP_SUFFIX = ".part"
SHOWN_NAME = 24  # characters of the target's name kept in a temporary's name, for people


@contextmanager
def replacing_file(path: Path) -> Iterator[BinaryIO]:
    """Yield a binary file that becomes ``path`` only if the ``with`` block succeeds."""
    path = Path(path)
    prefix = _temp_prefix(path)
    _remove_stale(path.parent, prefix)
    fd, temp = tempfile.mkstemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=path.parent)
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
    the new ones are written in a temporary folder *inside* it (the same file system even
    when ``path`` is a mount point, a USB stick), moved over the old ones only after all
    of them were written, and only then are earlier files matching the glob ``stale``
    (say frames of a longer export) removed, so a failure never deletes what was there
    and the folder never mixes two exports.
    """
    path = Path(path)
    home = path if path.is_dir() else path.parent
    prefix = _temp_prefix(path)
    _remove_stale(home, prefix)
    temp = Path(tempfile.mkdtemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=home))
    try:
        yield temp
        for file in temp.iterdir():
            _sync_file(file)
        if home == path:
            written = sorted(file.name for file in temp.iterdir())
            for name in written:
                os.replace(temp / name, path / name)
            for old in path.glob(stale):
                if old.name not in written:
                    old.unlink()
            temp.rmdir()
        else:
            os.chmod(temp, _mode_of(path, default=0o777))
            os.replace(temp, path)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    _sync_folder(path)
    _sync_folder(path.parent)


def _temp_prefix(path: Path) -> str:
    """``.frames~1a2b3c.4242.``: the target's name, shortened, a digest of it, and this process.

    From these :func:`_remove_stale` knows whose temporary a file is.
    """
    digest = hashlib.sha1(path.name.encode("utf-8", "surrogateescape")).hexdigest()[:6]
    return f".{path.name[:SHOWN_NAME]}~{digest}.{os.getpid()}."


def _remove_stale(folder: Path, prefix: str) -> None:
    """Remove temporaries for the same target left by processes that no longer run.

    Best effort: a folder that cannot be listed, or a leftover that cannot be removed,
    is left for the write itself to report (or to succeed regardless).
    """
    target = prefix.rsplit(".", 2)[0]  # ".frames~1a2b3c", without this process's id
    with suppress(OSError):
        for leftover in folder.glob(f"{glob.escape(target)}.*{TEMP_SUFFIX}"):
            pid = leftover.name[len(target) + 1 :].split(".", 1)[0]
            if pid.isdigit() and not _running(int(pid)):
                if leftover.is_dir() and not leftover.is_symlink():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists (then its temporary may still be being written)."""
    if pid == os.getpid() or os.name != "posix":  # Windows' os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError as error:  # EPERM: it exists but belongs to someone else
        return error.errno == errno.EPERM
    return True


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
