"""Files written as one unit: single files by rename (:func:`write_atomic`), output folders
by staging and swapping the whole folder (:func:`output_folder`).

Every command that writes an output folder (``run``, ``compare``, ``breakeven``,
``learning``, ``montecarlo``, ``what-it-takes``, ``reproduce``, ``claims``, ``constellation``,
``index``) writes it through :func:`output_folder`, so that a reader, or the next command,
sees the folder as it was before the command or as the command left it, never a mix: a run
killed part-way (even by SIGKILL) leaves the folder's old content and no temporary file in it.
Outputs that are one file (``sweep-report``'s page, often inside a store a sweep may be
writing; ``query --csv``) are one unit already and use :func:`write_atomic`.

How a folder ``PARENT/NAME`` is written
---------------------------------------
1. **Tidy** what killed runs left beside it (below), under a lock on ``PARENT``.
2. **Stage**: the command writes its files into a new folder
   ``PARENT/.NAME.stage-<pid>-<random>`` (same file system, so renames are atomic).
3. **Commit**, under the lock: the folder's other entries are carried into the stage: files
   as hard links (a copy where the file system has none; no data is read), folders moved
   whole (one rename each: a running sweep's store under ``out/`` keeps its inode and its
   open files). A command *owns* some names (``run`` owns ``result.json``, ``report.html``,
   ``dispatch.parquet``, ``network.nc``): an owned name it did not write this time is dropped
   rather than carried, so an orbit run over a ground run leaves no ``dispatch.parquet`` of
   the ground. Then the stage and the folder are exchanged in one step: Linux
   ``renameat2(…, RENAME_EXCHANGE)`` through libc; elsewhere (or on a file system without
   it) two renames, ``NAME`` → ``.NAME.old-<pid>-<random>`` then stage → ``NAME``, during
   which ``NAME`` is briefly absent. The old content, now beside, is removed. A folder that
   did not exist is simply the stage renamed.

While a stage is being committed it holds a marker file (:data:`MARKER`); it tells the tidy
step of a later run what a killed run left behind:

- ``.NAME.stage-*`` without the marker: a run killed while writing, or the old content after
  an exchange: removed.
- ``.NAME.stage-*`` with the marker: a run killed during its commit, before the exchange:
  the folders it had moved in go back into ``NAME``; the rest is removed, so ``NAME`` keeps
  its old result.
- ``.NAME.old-*``: the two-rename fallback killed between its renames: renamed back to
  ``NAME`` when ``NAME`` is missing, else removed.

Concurrency: only litter of a process that no longer exists is tidied (its pid is in the
name; :func:`_alive`), so a run never removes the stage of another run still writing. Commits
to folders of one parent are serialised by ``flock`` on the parent (POSIX; best effort on file
systems without locks). Litter of a dead run whose pid was taken by a new process stays until
that process ends (hidden, harmless). Not covered: two machines writing one network folder
(pids are per machine), and a process writing *inside* a folder at the instant that folder is
swapped: a sweep storing into ``out/sweep-orbit`` while ``wattflop run --out out`` commits
loses nothing (the store folder is moved, not copied) but a file it creates in that instant
can fail; ``make demo`` runs its commands one after the other.

Where the folder cannot be swapped (a mount point, or a parent the user cannot write, with
the folder itself writable) the stage is made inside the folder
(``NAME/.NAME.inplace-<pid>-<random>``) and committed by one rename per file: each file is
whole, the set is not (a kill in the microseconds between those renames can mix them).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import secrets
import shutil
import stat
import sys
from collections.abc import Callable, Collection, Iterator
from functools import cache
from pathlib import Path

from wattflop.errors import WattflopError

#: Present in a stage from the start of its commit until the exchange (see the module doc).
MARKER = ".wattflop-commit"

_STAGE, _OLD, _INPLACE = "stage", "old", "inplace"


class OutputFolderError(WattflopError):
    """An output folder that cannot be written: a file in its place, no permission, a
    read-only or full file system."""


# ---------------------------------------------------------------------------------------
# Single files
# ---------------------------------------------------------------------------------------


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a file so that readers see the old content or the new, never half of it.

    The data goes to ``.NAME.<pid>.<random>.tmp`` beside ``path`` and is renamed over it;
    temporaries of the same name left by a process that no longer exists (killed mid-write)
    are removed first.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    _drop_dead_temporaries(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    # 0o666 less the umask: the permissions of any new file
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _drop_dead_temporaries(path: Path) -> None:
    """Remove ``.NAME.<pid>.*.tmp`` beside ``path`` whose process no longer exists."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.(\d+)\.[0-9a-f]+\.tmp")
    prefix = f".{path.name}."
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
        for e in entries:
            m = pattern.fullmatch(e.name) if e.name.startswith(prefix) else None
            if m and not _alive(int(m.group(1))):
                with contextlib.suppress(OSError):
                    os.unlink(e.path)


# ---------------------------------------------------------------------------------------
# Folders
# ---------------------------------------------------------------------------------------


class Stage:
    """Where a command writes the files of an output folder before they are swapped in (see
    :func:`output_folder`). Names are plain file names (no folders)."""

    def __init__(self, target: Path, folder: Path, owns: frozenset[str]) -> None:
        self.target = target
        self.folder = folder
        self.owns = owns
        self.committed: list[str] | None = None  #: the files swapped in, once they are

    def path(self, name: str) -> Path:
        """The staged path of file ``name``, for writers that want a path."""
        if not name or name in (".", "..", MARKER) or "/" in name or os.sep in name:
            raise ValueError(f"not a plain file name: {name!r}")
        return self.folder / name

    def write(self, name: str, data: str | bytes) -> Path:
        """Write file ``name`` (text as UTF-8) into the stage; returns its staged path."""
        p = self.path(name)
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return p

    @property
    def names(self) -> list[str]:
        """The files staged so far (after the commit: the files it wrote), sorted."""
        if self.committed is not None:
            return self.committed
        return sorted(n for n in os.listdir(self.folder) if n != MARKER)


def check_folder(target: Path) -> None:
    """Refuse, before any work, an output folder that cannot be written: a file in its place
    or in place of a parent, or no permission to create or write it.

    Raises
    ------
    OutputFolderError
        With the path and what to do.
    """
    if target.exists() and not target.is_dir():
        raise OutputFolderError(
            f"{target} is a file, not a folder: give a folder for the outputs (it is created "
            "if missing) or move the file away"
        )
    probe = target
    while not probe.exists():
        if probe.is_symlink():
            raise OutputFolderError(f"{probe} is a broken link; give another output folder")
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe != target and not probe.is_dir():
        raise OutputFolderError(
            f"cannot create the folder {target}: {probe} is a file; give another output folder"
        )
    if not os.access(probe, os.W_OK | os.X_OK):
        what = "write to" if probe == target else f"create {target} in"
        raise OutputFolderError(
            f"cannot {what} {probe}: permission denied; give a folder you can write"
        )


@contextlib.contextmanager
def output_folder(target: Path, owns: Collection[str] = ()) -> Iterator[Stage]:
    """Write the folder ``target`` as one unit: yields a :class:`Stage` to write files into;
    on a normal exit the stage replaces the folder (entries the command did not write are
    kept, except the names in ``owns``); on an exception nothing changes.

    Parameters
    ----------
    target : Path
        The output folder; created with its parents if missing.
    owns : collection of str
        File names that belong to this command's output: one it does not write this time is
        removed from the folder rather than kept (no stale file beside the new ones).

    Raises
    ------
    OutputFolderError
        The folder cannot be written (see :func:`check_folder`), or writing it failed (a full
        disk: any ``OSError`` while staging or committing); the folder is then unchanged.
    """
    check_folder(target)
    real = Path(os.path.realpath(target))
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        with _locked(real.parent):
            tidy(real)
        inplace = _must_stay(real)
        folder = _make_stage(real, inplace)
    except OSError as exc:
        raise _error(target, exc) from None
    stage = Stage(target, folder, frozenset(owns))
    try:
        yield stage
    except OSError as exc:
        _discard(folder, real)
        raise _error(target, exc) from None
    except BaseException:
        _discard(folder, real)
        raise
    try:
        names = stage.names
        if inplace:
            _commit_in_place(folder, real, stage.owns)
        else:
            with _locked(real.parent):
                _commit(folder, real, stage.owns)
    except OSError as exc:
        _discard(folder, real)
        raise _error(target, exc) from None
    except BaseException:
        _discard(folder, real)
        raise
    stage.committed = names


def _error(target: Path, exc: OSError) -> OutputFolderError:
    why = exc.strerror or str(exc)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = "give a folder you can write"
    elif exc.errno in (errno.ENOSPC, errno.EDQUOT):
        fix = "free some space or give a folder on another disk"
    else:
        fix = "give another output folder"
    where = f" ({exc.filename})" if exc.filename else ""
    return OutputFolderError(f"cannot write the folder {target}: {why}{where}; {fix}")


def _litter(name: str, kind: str) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(name)}\.{kind}-(\d+)-[0-9a-f]+")


def _new_name(name: str, kind: str) -> str:
    return f".{name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}"


def _alive(pid: int) -> bool:
    """Whether a process with this id exists (this machine)."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or no way to tell: keep its files
    return True


def _dead(folder: Path, name: str, kind: str) -> list[Path]:
    """Litter ``.NAME.KIND-<pid>-*`` in ``folder`` whose process is gone, oldest first."""
    pattern = _litter(name, kind)
    found = []
    with contextlib.suppress(FileNotFoundError), os.scandir(folder) as entries:
        for e in entries:
            m = pattern.fullmatch(e.name)
            if m and not _alive(int(m.group(1))):
                with contextlib.suppress(FileNotFoundError):
                    found.append((e.stat(follow_symlinks=False).st_mtime_ns, Path(e.path)))
    return [p for _, p in sorted(found)]


def tidy(real: Path) -> None:
    """Put right what runs killed while writing ``real`` left beside it (see the module
    doc); call with the parent locked."""
    parent, name = real.parent, real.name
    olds = _dead(parent, name, _OLD)
    if olds and not os.path.lexists(real):
        os.rename(olds.pop(), real)  # the two-rename fallback died between its renames
    for old in olds:
        _remove(old)
    for st in _dead(parent, name, _STAGE):
        if os.path.lexists(st / MARKER):  # killed in its commit, before the swap
            if not os.path.lexists(real):
                os.rename(st, real)  # complete; nothing else holds the folder
                continue
            with os.scandir(st) as entries:
                for e in entries:  # the folders it had moved in go back
                    if e.is_dir(follow_symlinks=False) and not os.path.lexists(real / e.name):
                        os.rename(e.path, real / e.name)
        _remove(st)
    if real.is_dir():
        for st in _dead(real, name, _INPLACE):
            _remove(st)
        with contextlib.suppress(FileNotFoundError):
            (real / MARKER).unlink()  # killed between the exchange and removing the marker


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _must_stay(real: Path) -> bool:
    """Whether ``real`` must be written in place (it cannot be renamed: a mount point, or a
    parent this user cannot write, or a sticky parent with the folder someone else's)."""
    if not real.is_dir():
        return False
    parent = real.parent
    if os.path.ismount(real) or not os.access(parent, os.W_OK | os.X_OK):
        return True
    st = parent.stat()
    uid = os.geteuid() if hasattr(os, "geteuid") else 0
    sticky = bool(st.st_mode & stat.S_ISVTX)
    return sticky and uid != 0 and uid not in (st.st_uid, real.stat().st_uid)


def _make_stage(real: Path, inplace: bool) -> Path:
    """Create the empty stage of ``real`` with the permissions the folder has (or would get)."""
    where = real if inplace else real.parent
    folder = where / _new_name(real.name, _INPLACE if inplace else _STAGE)
    os.mkdir(folder, 0o777)  # less the umask: a new folder's usual permissions
    if real.is_dir() and not inplace:
        os.chmod(folder, stat.S_IMODE(real.stat().st_mode))
    return folder


def _discard(folder: Path, real: Path) -> None:
    """Undo a stage that will not be committed (an error or Ctrl-C), whatever step it
    reached (with the marker, it may hold the folder's subfolders)."""
    with contextlib.suppress(OSError):
        if os.path.lexists(folder / MARKER) and real.is_dir():
            with os.scandir(folder) as entries:
                for e in entries:
                    if e.is_dir(follow_symlinks=False) and not os.path.lexists(real / e.name):
                        os.rename(e.path, real / e.name)
    _remove(folder)


def _is_own_temporary(name: str, written: Collection[str]) -> bool:
    """A temporary of a file this command writes (``.report.html.123.x1y2.tmp``,
    ``.network.nc.tmp``): a partial write that must not be carried over."""
    return name.endswith(".tmp") and any(name.startswith(f".{w}.") for w in written)


def _commit(folder: Path, real: Path, owns: frozenset[str]) -> None:
    """Swap the stage ``folder`` in as ``real`` (call with the parent locked)."""
    written = [n for n in os.listdir(folder) if n != MARKER]
    for n in written:
        _fsync(folder / n)
    _fsync(folder)
    if not os.path.lexists(real):
        os.rename(folder, real)
        _fsync(real.parent)
        return
    (folder / MARKER).touch()
    skip = set(written) | owns | {MARKER}
    dirs = []
    with os.scandir(real) as entries:
        for e in entries:
            if e.name in skip or _is_own_temporary(e.name, skip):
                continue
            if e.is_dir(follow_symlinks=False):
                dirs.append(e.name)
            else:
                _link_or_copy(Path(e.path), folder / e.name)
    for d in dirs:
        with contextlib.suppress(FileNotFoundError):  # removed meanwhile
            os.rename(real / d, folder / d)
    _fsync(folder)
    if _exchange(folder, real):
        (real / MARKER).unlink()
        _fsync(real.parent)
        _remove(folder)  # the old content
        return
    old = real.parent / _new_name(real.name, _OLD)
    os.rename(real, old)
    try:
        os.rename(folder, real)
    except BaseException:
        os.rename(old, real)
        raise
    (real / MARKER).unlink()
    _fsync(real.parent)
    _remove(old)


def _commit_in_place(folder: Path, real: Path, owns: frozenset[str]) -> None:
    """Move the staged files of a stage inside ``real`` into it, one rename each."""
    written = [n for n in os.listdir(folder) if n != MARKER]
    for n in written:
        _fsync(folder / n)
    with os.scandir(real) as entries:
        stale = [
            e.path
            for e in entries
            if (e.name in owns and e.name not in written)
            or _is_own_temporary(e.name, [*written, *owns])
        ]
    for n in written:
        os.replace(folder / n, real / n)
    for p in stale:
        _remove(Path(p))
    os.rmdir(folder)
    _fsync(real)


def _link_or_copy(src: Path, dst: Path) -> None:
    """``dst`` as a hard link to ``src``; a link as a link; a copy where links are refused."""
    if src.is_symlink():
        os.symlink(os.readlink(src), dst)
        return
    try:
        os.link(src, dst, follow_symlinks=False)
    except FileNotFoundError:
        return  # removed meanwhile
    except OSError:  # no hard links here (EXDEV, EPERM: protected_hardlinks, FAT, some FUSE)
        with contextlib.suppress(FileNotFoundError):
            shutil.copy2(src, dst, follow_symlinks=False)


def _fsync(path: Path) -> None:
    """Flush a file or a folder to disk (best effort: some systems cannot sync folders)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``folder`` (POSIX; without a lock where there is none)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


# ---------------------------------------------------------------------------------------
# The exchange
# ---------------------------------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@cache
def _renameat2() -> Callable[..., int] | None:
    """libc's ``renameat2`` (glibc ≥ 2.28), or None (other systems, older C libraries)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


def _exchange(a: Path, b: Path) -> bool:
    """Swap the paths ``a`` and ``b`` atomically; False where the system or the file system
    cannot (the caller then renames twice).

    Raises
    ------
    OSError
        Any other failure (permissions).
    """
    fn = _renameat2()
    if fn is None:
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # a file system without RENAME_EXCHANGE (some network/FUSE ones)
    raise OSError(code, os.strerror(code), str(b))


__all__ = [
    "MARKER",
    "OutputFolderError",
    "Stage",
    "check_folder",
    "output_folder",
    "tidy",
    "write_atomic",
]
