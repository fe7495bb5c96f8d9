"""Where skillgap may write: never through a link planted to lead out of the project, never over a device.

A project folder can come from someone else (a shared or cloned folder). A link inside it named
`reports/history.jsonl` or `.skillgap-cache/README.txt` that points elsewhere would make skillgap
write, or create, a file the user never named. "The project" is the working folder. What skillgap
writes (the report and its twin, a trimmed history) it writes atomically: a temp file, then a replace.
"""
from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

# A temp file of ours older than this is left over from a killed run (a write takes seconds).
STALE_TEMP_SECONDS = 60
# mkstemp(prefix=".<name>.", suffix=".tmp") and add's staging files.
_OUR_TEMP = re.compile(r"^\.(?:.+\.(?:html|json|jsonl)\.[A-Za-z0-9_]{8}\.tmp|skillgap-add-[0-9a-f]{8}\.\w+)$")


def inside_project(path: Path) -> bool:
    """Tell whether `path`, every link followed, is inside the working folder."""
    return Path(os.path.realpath(path)).is_relative_to(Path.cwd().resolve())


def check_appendable(path: Path) -> None:
    """Raise OSError when `path` may not be appended to in place: what `check_writable` refuses, or a file
    with other hard links (appending would write into every name of it, wherever the others are)."""
    check_writable(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return
    if stat.S_ISREG(st.st_mode) and st.st_nlink > 1:
        raise OSError(errno.EMLINK, "it has other hard links, maybe outside this project, and skillgap does not "
                      "append to those — remove it, or copy it to a file of its own")


def check_writable(path: Path) -> None:
    """Raise OSError when `path` may not be written: a link leading outside the project, or a device, pipe or socket."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(st.st_mode):
        if not inside_project(path):
            raise OSError(errno.ELOOP, f"it is a link to {os.path.realpath(path)}, outside this project; skillgap "
                          "does not write through it — remove the link")
        st = os.stat(path) if os.path.exists(path) else st
    if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) or stat.S_ISFIFO(st.st_mode) or stat.S_ISSOCK(st.st_mode):
        raise OSError(errno.EINVAL, "it is a device, pipe or socket, not a file")


def remove_stale_temps(folder: Path) -> None:
    """Remove temp files a killed skillgap run left in `folder` (only ours, only old ones)."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if _OUR_TEMP.match(entry.name) and entry.is_file(follow_symlinks=False) \
                    and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
        except OSError:
            pass  # another run removed it, or the folder is read-only: harmless


def write_atomic(path: Path, text: str) -> Path:
    """Write one text file so that readers see either the old file or the whole new one."""
    write_files_atomic({Path(path): text})
    return Path(path)


def write_files_atomic(files: dict[Path, str | Iterable[bytes]]) -> None:
    """Write several files together, each a text or pieces of bytes: every temp file first, then replace them all.

    On any error the temp files are removed, and targets already replaced in this call are
    removed too, so files of one run never disagree.
    """
    temps: dict[Path, str] = {}
    replaced: list[Path] = []
    mode = _file_mode()
    try:
        for path, content in files.items():
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            temps[path] = temp
            with os.fdopen(fd, "wb") as f:
                if isinstance(content, str):
                    f.write(content.encode("utf-8"))
                else:
                    f.writelines(content)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(temp, mode)
        for path, temp in temps.items():
            os.replace(temp, path)
            replaced.append(path)
    except BaseException:
        for path, temp in temps.items():
            if path not in replaced and os.path.exists(temp):
                os.unlink(temp)
        if len(replaced) < len(files):
            for path in replaced:
                path.unlink(missing_ok=True)
        raise


def _file_mode() -> int:
    # mkstemp creates 0600 files; reports and the history should get the usual permissions.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
