"""Bad input files: each is refused with a one-line InputError naming the file, and left untouched."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from rfp_assistant import InputError, RfpAssistantError, UnsupportedFormatError, parse
from rfp_assistant.parse import guard

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_XLSX = ROOT / "samples" / "harbor_point_medical_rfp.xlsx"

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def refuse(path: Path, error: type[InputError] = InputError) -> str:
    """Parse ``path``, expect ``error``, check the file is unchanged and return the message."""
    before = path.read_bytes() if path.exists() else None
    with pytest.raises(error) as info:
        parse(path)
    after = path.read_bytes() if path.exists() else None
    assert after == before, "the input file was modified"
    exc = info.value
    assert isinstance(exc, RfpAssistantError)
    message = str(exc)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert exc.path == str(path)
    assert "Traceback" not in message
    return message


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.xlsx"
    assert "file not found" in refuse(path)
    assert not path.exists()


def test_missing_file_given_as_a_string(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="missing.xlsx: file not found"):
        parse(str(tmp_path / "missing.xlsx"))


def test_empty_file(tmp_path: Path) -> None:
    assert "file is empty" in refuse(write(tmp_path / "empty.xlsx", b""))


def test_folder_named_like_a_workbook(tmp_path: Path) -> None:
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    with pytest.raises(InputError, match="not a file"):
        parse(folder)


def test_legacy_xls_says_save_as_xlsx(tmp_path: Path) -> None:
    message = refuse(write(tmp_path / "old.xls", OLE_MAGIC + bytes(504)), UnsupportedFormatError)
    assert ".xls" in message
    assert "save it as .xlsx" in message


def test_legacy_doc_says_save_as_docx(tmp_path: Path) -> None:
    message = refuse(write(tmp_path / "old.doc", OLE_MAGIC + bytes(504)), UnsupportedFormatError)
    assert "save it as .docx" in message


def test_unknown_extension_lists_the_supported_ones(tmp_path: Path) -> None:
    message = refuse(write(tmp_path / "rfp.txt", b"1. Describe your network."), UnsupportedFormatError)
    assert ".xlsx" in message and ".docx" in message and ".pdf" in message


def test_text_file_renamed_xlsx(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.xlsx", b"Question,Answer\nDescribe your network.,\n")
    assert "not a valid .xlsx file" in refuse(path)


def test_truncated_workbook_is_reported_corrupt(tmp_path: Path) -> None:
    data = SAMPLE_XLSX.read_bytes()
    path = write(tmp_path / "truncated.xlsx", data[: len(data) // 2])
    assert "corrupt" in refuse(path)


def test_workbook_with_garbled_compressed_data_is_refused(tmp_path: Path) -> None:
    data = bytearray(SAMPLE_XLSX.read_bytes())
    with zipfile.ZipFile(SAMPLE_XLSX) as archive:
        sheet = max(archive.infolist(), key=lambda info: info.compress_size)
    start = sheet.header_offset + 30 + len(sheet.filename.encode()) + len(sheet.extra)
    for offset in range(start + 10, start + 60):
        data[offset] ^= 0xFF
    path = write(tmp_path / "garbled.xlsx", bytes(data))
    assert "cannot read workbook" in refuse(path)


def test_encrypted_workbook_is_reported_as_password_protected(tmp_path: Path) -> None:
    path = write(tmp_path / "x.xlsx", OLE_MAGIC + b"EncryptedPackage" + bytes(range(256)) * 8)
    assert "password-protected" in refuse(path)


def test_encrypted_word_file_is_reported_as_password_protected(tmp_path: Path) -> None:
    path = write(tmp_path / "x.docx", OLE_MAGIC + bytes(range(256)) * 8)
    assert "password-protected" in refuse(path)


def _zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    path = _zip(
        tmp_path / "bomb.xlsx",
        {"[Content_Types].xml": CONTENT_TYPES.encode(), "xl/worksheets/sheet1.xml": bytes(8 * 1024 * 1024)},
    )
    assert path.stat().st_size < 64 * 1024  # 8 MB of zeros packs small
    message = refuse(path)
    assert "zip bomb" in message
    assert "8 MB" in message


def _declare_size(path: Path, member: str, size: int) -> None:
    """Rewrite the central directory so ``member`` claims to inflate to ``size`` bytes."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    offset = data.find(b"PK\x01\x02")
    while offset != -1:
        name_length = struct.unpack_from("<H", data, offset + 28)[0]
        if data[offset + 46 : offset + 46 + name_length] == name:
            struct.pack_into("<I", data, offset + 24, size)
            path.write_bytes(bytes(data))
            return
        offset = data.find(b"PK\x01\x02", offset + 4)
    raise AssertionError(f"{member} not in {path}")


def test_package_declaring_parts_beyond_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = _zip(
        tmp_path / "declared.xlsx",
        {"[Content_Types].xml": CONTENT_TYPES.encode(), "xl/worksheets/sheet1.xml": b"<worksheet/>"},
    )
    _declare_size(path, "xl/worksheets/sheet1.xml", 0xF000_0000)  # 3.75 GB, far over MAX_UNCOMPRESSED_BYTES
    assert guard.MAX_UNCOMPRESSED_BYTES < 0xF000_0000
    assert "zip bomb" in refuse(path)


def test_package_with_too_many_parts_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "MAX_ZIP_MEMBERS", 10)
    members = {"[Content_Types].xml": CONTENT_TYPES.encode()}
    members.update({f"xl/media/part{i}.bin": b"x" for i in range(20)})
    assert "too many parts" in refuse(_zip(tmp_path / "parts.xlsx", members))


def test_oversized_file_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guard, "MAX_FILE_BYTES", 1024)
    path = write(tmp_path / "huge.xlsx", SAMPLE_XLSX.read_bytes())
    assert "too large" in refuse(path)


def test_zip_archive_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = _zip(tmp_path / "archive.xlsx", {"readme.txt": b"hello", "data/values.csv": b"a,b\n1,2\n"})
    message = refuse(path)
    assert "Content_Types" in message or "workbook" in message


def test_word_document_renamed_xlsx(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("1. Describe your provider network.")
    path = tmp_path / "renamed.xlsx"
    document.save(str(path))
    assert "cannot read workbook" in refuse(path)


def test_pdf_that_is_not_a_pdf(tmp_path: Path) -> None:
    path = write(tmp_path / "rfp.pdf", b"<html><body>Request for proposal</body></html>")
    assert "not a PDF file" in refuse(path)


def test_pdf_with_wrong_content_even_if_it_is_a_zip(tmp_path: Path) -> None:
    path = _zip(tmp_path / "rfp.pdf", {"[Content_Types].xml": CONTENT_TYPES.encode()})
    assert "not a PDF file" in refuse(path)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p: write(p / "a.xlsx", b""), id="empty"),
        pytest.param(lambda p: write(p / "a.xlsx", OLE_MAGIC + bytes(100)), id="encrypted"),
        pytest.param(lambda p: write(p / "a.pdf", b"nope"), id="fake-pdf"),
    ],
)
def test_every_input_error_is_caught_by_the_root_exception(
    tmp_path: Path, make: Callable[[Path], Path]
) -> None:
    with pytest.raises(RfpAssistantError):
        parse(make(tmp_path))


def test_valid_workbook_parses_and_is_left_unchanged() -> None:
    before = SAMPLE_XLSX.read_bytes()
    questionnaire = parse(SAMPLE_XLSX)
    assert questionnaire.format == "xlsx"
    assert len(questionnaire.questions) > 0
    assert SAMPLE_XLSX.read_bytes() == before
