"""The font an issuer's document is set in, so exhibits sent with it match it.

Reads the package's own parts (no document library): a workbook's default cell font
(the first font of ``xl/styles.xml``), or a Word document's default body font (its
``docDefaults``, or the theme's minor font the defaults point to).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

_XLSX_FONT = re.compile(
    r"<(?:\w+:)?fonts\b[^>]*>\s*<(?:\w+:)?font\b.*?<(?:\w+:)?name\s+val=\"([^\"]+)\"", re.DOTALL
)
_DOCX_FONT = re.compile(r"<w:docDefaults>.*?<w:rFonts\b([^>]*)>", re.DOTALL)
_ASCII = re.compile(r'w:ascii="([^"]+)"')
_ASCII_THEME = re.compile(r'w:asciiTheme="minor')
_THEME_MINOR = re.compile(r"<a:minorFont>\s*<a:latin\s+typeface=\"([^\"]+)\"", re.DOTALL)
MAX_PART_BYTES = 5 * 1024 * 1024  # a styles part larger than this is not worth reading for a font name


def issuer_font(path: str | Path) -> str | None:
    """The default font of the .xlsx/.xlsm or .docx at ``path``; ``None`` when it cannot tell."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())

            def read(name: str) -> str:
                if name not in names or archive.getinfo(name).file_size > MAX_PART_BYTES:
                    return ""
                return archive.read(name).decode("utf-8", "replace")

            if "xl/styles.xml" in names:
                match = _XLSX_FONT.search(read("xl/styles.xml"))
                return match.group(1) if match else None
            defaults = _DOCX_FONT.search(read("word/styles.xml"))
            if defaults is None:
                return None
            direct = _ASCII.search(defaults.group(1))
            if direct:
                return direct.group(1)
            if _ASCII_THEME.search(defaults.group(1)):
                theme = _THEME_MINOR.search(read("word/theme/theme1.xml"))
                return theme.group(1) if theme else None
    except (OSError, zipfile.BadZipFile, KeyError):
        return None
    return None
