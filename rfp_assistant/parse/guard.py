"""Checks every input file passes before a document library touches it.

Reading untrusted files: refuse what is not what its extension says, encrypted
Office files, legacy binary formats, oversized files and zip bombs, each with an
:class:`InputError` that names the file and the cause in one line.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from rfp_assistant.errors import InputError, UnsupportedFormatError
from rfp_assistant.models import Format
from rfp_assistant.ooxml.prolog import PROLOG_SCAN_BYTES, declares_dtd

MAX_FILE_BYTES = 100 * 1024 * 1024  # an RFP over 100 MB is not a questionnaire
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
# Below this many uncompressed bytes a high compression ratio is harmless (sparse sheets
# compress well); above it, it marks a possible zip bomb.
RATIO_CHECK_FROM_BYTES = 50 * 1024 * 1024
MAX_ZIP_MEMBERS = 20_000

XML_PART_SUFFIXES = (".xml", ".rels", ".vml")

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"

FORMAT_BY_SUFFIX: dict[str, Format] = {
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".docx": "docx",
    ".docm": "docx",
    ".pdf": "pdf",
}
LEGACY_ADVICE = {
    ".xls": "legacy Excel 97-2003 (.xls) files are not supported: open it in Excel and save it as .xlsx",
    ".doc": "legacy Word 97-2003 (.doc) files are not supported: open it in Word and save it as .docx",
    ".xlsb": "binary Excel (.xlsb) files are not supported: save it as .xlsx",
    ".ods": "OpenDocument spreadsheets are not supported: save it as .xlsx",
    ".odt": "OpenDocument text files are not supported: save it as .docx",
}


def format_of(path: Path) -> Format | None:
    """The format a file's extension names (``.xlsm`` -> ``xlsx``), or None for any other extension."""
    return FORMAT_BY_SUFFIX.get(path.suffix.lower())


def detect_format(path: Path) -> Format:
    """Check ``path`` is a readable questionnaire file and return its format.

    Returns ``"xlsx"``, ``"docx"`` or ``"pdf"``; raises :class:`InputError` otherwise.
    """
    suffix = path.suffix.lower()
    if suffix in LEGACY_ADVICE:
        raise UnsupportedFormatError(LEGACY_ADVICE[suffix], path=path)
    if suffix not in FORMAT_BY_SUFFIX:
        raise UnsupportedFormatError(
            f"unsupported file type {suffix or '(none)'!r}: expected .xlsx, .xlsm, .docx or .pdf", path=path
        )
    if not path.exists():
        raise InputError("file not found", path=path)
    if not path.is_file():
        raise InputError("not a file", path=path)
    size = path.stat().st_size
    if size == 0:
        raise InputError("file is empty", path=path)
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"file is too large ({size // (1024 * 1024)} MB; the limit is "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB)",
            path=path,
        )
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    fmt = FORMAT_BY_SUFFIX[suffix]
    if fmt == "pdf":
        if not head.startswith(PDF_MAGIC):
            raise InputError("not a PDF file (the extension says .pdf but the content is not PDF)", path=path)
        return fmt
    if head.startswith(OLE_MAGIC):
        # An OLE container with an OOXML extension is an encrypted (password-protected) file,
        # or a legacy binary file renamed.
        raise InputError(
            "file is password-protected (encrypted) or a legacy binary file renamed; "
            "remove the password or save it as " + suffix,
            path=path,
        )
    if not head.startswith(ZIP_MAGIC):
        raise InputError(f"not a valid {suffix} file (it is not an Office Open XML package)", path=path)
    check_zip(path)
    return fmt


def check_zip(path: Path) -> None:
    """Refuse a corrupt package or a zip bomb before any library inflates it."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"file is corrupt (not a readable zip package: {exc})", path=path) from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise InputError(f"package has too many parts ({len(infos)})", path=path)
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if total > MAX_UNCOMPRESSED_BYTES or (
        total > RATIO_CHECK_FROM_BYTES and total / packed > MAX_COMPRESSION_RATIO
    ):
        raise InputError(
            f"package expands to {total // (1024 * 1024)} MB from {packed // 1024} KB: refusing a possible zip bomb",
            path=path,
        )
    if "[Content_Types].xml" not in names:
        raise InputError("file is corrupt (no [Content_Types].xml in the package)", path=path)
    check_xml_prologs(path, sorted(names))


def check_xml_prologs(path: Path, names: list[str]) -> None:
    """Refuse a package one of whose XML parts declares a DOCTYPE or entities.

    Only the head of each part is inflated: a declaration can only sit in the prolog. A
    part that cannot be inflated is left for the format's reader to report as corrupt.
    """
    with zipfile.ZipFile(path) as archive:
        for name in names:
            if name.lower().endswith(XML_PART_SUFFIXES) and _head_declares_dtd(archive, name):
                raise InputError(
                    f"part {name} declares a DOCTYPE or entities: refusing a possibly hostile file", path=path
                )


def _head_declares_dtd(archive: zipfile.ZipFile, name: str) -> bool:
    try:
        with archive.open(name) as stream:
            return declares_dtd(stream.read(PROLOG_SCAN_BYTES))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        return False
