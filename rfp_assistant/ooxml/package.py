"""Copying an Office Open XML package (a zip) with some of its parts replaced.

Every writer that must keep the issuer's file as it is (the filled workbook, the
exhibit sheets grafted into it, a Word copy) and the parser's in-memory views copy the
package member by member and change only the parts they name: :func:`copy_package`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Mapping
from typing import IO

PartEdit = bytes | Callable[[bytes], bytes]
"""A part's new content, or a function from its old content to the new."""


def copy_package(
    source: zipfile.ZipFile,
    target: str | IO[bytes],
    edits: Mapping[str, PartEdit],
    *,
    compression: int | None = None,
) -> None:
    """Write a copy of ``source`` to ``target`` (a path or a binary stream) with ``edits`` applied.

    A part named in ``edits`` gets the given bytes, or what the given function returns
    for its current bytes; named parts the package lacks are added at the end (deflated;
    a function gets ``b""``). Members keep their order, metadata and compression unless
    ``compression`` sets one for all (``zipfile.ZIP_STORED`` for a fast in-memory view).
    """
    pending = dict(edits)
    with zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename in pending:
                data = _apply(pending.pop(info.filename), data)
            if compression is None:
                out.writestr(info, data, compress_type=info.compress_type)
            else:
                out.writestr(info.filename, data, compress_type=compression)
        for name, edit in pending.items():
            out.writestr(
                name,
                _apply(edit, b""),
                compress_type=zipfile.ZIP_DEFLATED if compression is None else compression,
            )


def _apply(edit: PartEdit, data: bytes) -> bytes:
    return edit(data) if callable(edit) else edit
