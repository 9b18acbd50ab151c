"""Writing an output atomically: to a temporary file beside it, then renamed into place.

A crash or an error part-way leaves the previous file (or nothing), never half a file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from rfp_assistant.errors import OutputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_save(path: str | Path, save: Callable[[str], object]) -> Path:
    """Call ``save(temp_path)``, then move the result to ``path``; return ``path``.

    The folder is created if needed; the file gets the usual permissions (not the 0600 of
    a temporary file). An OS error becomes :class:`OutputError` naming the file.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix + ".tmp", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=path) from None
    try:
        save(temp)
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, path)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=path) from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return path


def refuse_existing(paths: Iterable[Path], *, force: bool) -> None:
    """Raise :class:`OutputError` for the first of ``paths`` that exists, unless ``force``.

    Called before anything is written, so a refused run leaves every file as it was.
    """
    if force:
        return
    for path in paths:
        if path.exists():
            raise OutputError(f"{path} exists; use --force to replace it", path=path)
