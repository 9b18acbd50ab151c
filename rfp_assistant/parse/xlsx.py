"""Excel questionnaires (.xlsx, .xlsm) -> :class:`Questionnaire`.

Finds the layout by itself: every visible respondent sheet, header rows anywhere
(repeated per section or absent), the question / number / answer / explanation
columns, section rows, dropdowns (including x14 extension validations openpyxl drops),
placeholders in answer cells and echo rows whose answer is a formula. Portal exports, whose
header names each row's question type and lists options in "Answer n" columns, are read by
their type column (:mod:`rfp_assistant.parse.xlsx_typed`). Cells are read into plain grids by
:mod:`rfp_assistant.parse.xlsx_sheet`; each sheet is cut into regions by
:mod:`rfp_assistant.parse.xlsx_regions` and its rows read by :mod:`rfp_assistant.parse.xlsx_rows`.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

from rfp_assistant.errors import InputError
from rfp_assistant.models import Field, Question, Questionnaire
from rfp_assistant.ooxml.package import PartEdit, copy_package
from rfp_assistant.ooxml.xlsx import scan_sheet, sheet_parts
from rfp_assistant.parse.xlsx_rows import SheetView, read_sheet
from rfp_assistant.parse.xlsx_sheet import read_grid, read_validations

# Sheets for the issuer's analysts or for reading, not for the respondent to answer.
NON_RESPONDENT_SHEET = re.compile(
    r"analyst|evaluation|scor(?:e|ing)|summary report|crosswalk|change ?log|acknowledg|read ?me|"
    r"^instructions?$|introduction|^cover|glossary|definitions|version history|backend|^values$|lookup",
    re.IGNORECASE,
)

_EMPTY_SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
)


def _respondent_view(path: Path) -> Path | io.BytesIO:
    """The workbook as the parser needs it, for a faster load; the file itself is not touched.

    openpyxl reads every sheet (HECVAT's scoring sheets are 256 columns wide) and re-reads
    every pivot cache for every sheet that has relationships. In an in-memory copy, sheets
    whose name marks them as not for the respondent are emptied unless something that stays
    (a defined name, a dropdown source, a formula) refers to them, and pivot tables, which
    the parser never reads, are unhooked.
    """
    with zipfile.ZipFile(path) as archive:
        parts = sheet_parts(archive)
        members = set(archive.namelist())
        workbook_xml = archive.read("xl/workbook.xml").decode("utf-8", errors="replace")
        skipped = {name: part for name, part in parts.items() if NON_RESPONDENT_SHEET.search(name.strip())}
        kept = [
            archive.read(p).decode("utf-8", errors="replace")
            for n, p in parts.items()
            if n not in skipped and p in members
        ]
        names = re.search(r"<(?:\w+:)?definedNames>.*?</(?:\w+:)?definedNames>", workbook_xml, re.DOTALL)
        references = [names.group(0) if names else "", *kept]

        def referenced(name: str) -> bool:
            forms = {name, escape(name), name.replace("'", "''"), escape(name.replace("'", "''"))}
            return any(form in text for text in references for form in forms)

        empty = {part for name, part in skipped.items() if part in members and not referenced(name)}
        has_pivots = "pivotCaches" in workbook_xml
        if not empty and not has_pivots:
            return path
        edits: dict[str, PartEdit] = dict.fromkeys(empty, _EMPTY_SHEET)
        if has_pivots:
            edits["xl/workbook.xml"] = lambda data: _PIVOT_CACHES.sub(b"", data)
            for name in members:
                if name.startswith("xl/worksheets/_rels/") and name not in edits:
                    edits[name] = lambda data: _PIVOT_REL.sub(b"", data)
        buffer = io.BytesIO()
        copy_package(archive, buffer, edits, compression=zipfile.ZIP_STORED)
    buffer.seek(0)
    return buffer


_PIVOT_CACHES = re.compile(rb"<(\w+:)?pivotCaches>.*?</(\w+:)?pivotCaches>", re.DOTALL)
_PIVOT_REL = re.compile(rb"<Relationship\b[^>]*/pivotTable\"[^>]*/>")


def parse_xlsx(path: Path) -> Questionnaire:
    """Parse every respondent sheet of a workbook into one :class:`Questionnaire`.

    Question ids are left empty: :func:`rfp_assistant.parse.parse` numbers them.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(_respondent_view(path), data_only=True)
        archive = zipfile.ZipFile(path)
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises many types on malformed packages
        raise InputError(f"cannot read workbook: {type(exc).__name__}: {exc}", path=path) from None
    with archive:
        parts = sheet_parts(archive)
        questions: list[Question] = []
        fields: list[Field] = []
        for ws in workbook.worksheets:
            if ws.sheet_state != "visible" or NON_RESPONDENT_SHEET.search(ws.title.strip()):
                continue
            part = parts.get(ws.title)
            xml = scan_sheet(archive, part) if part else None
            grid = read_grid(ws, xml.formulas if xml else {})
            validations = read_validations(ws, workbook, xml.x14_validations if xml else [])
            sheet_questions, sheet_fields = read_sheet(SheetView(ws.title, grid, validations))
            questions.extend(sheet_questions)
            fields.extend(sheet_fields)
    return Questionnaire(source=str(path), format="xlsx", questions=tuple(questions), fields=tuple(fields))
