"""Word questionnaires (.docx, .docm) -> :class:`Questionnaire`.

Finds the questions by itself, in one document that mixes layouts:

- numbered paragraphs, whether the number is typed ("2.3.1", "A-5", "Q12:") or drawn by
  Word's list numbering (computed from ``numbering.xml``: :mod:`.docx_numbering`);
- ``?`` sentences and imperatives ("Describe…", "The vendor shall provide…"), with their
  unnumbered sub-parts (a., b., bullets) kept in their text;
- question/response tables with or without a header row, and tables whose cells hold
  whole blocks of questions (:mod:`.docx_tables`);
- answer spots: empty cells, text boxes and paragraphs, "Response:" labels, placeholders,
  underscores, "Yes/No" to keep or delete, and check boxes of every kind (box characters,
  ``w14:checkbox`` content controls, legacy ``FORMCHECKBOX`` fields);
- sections from heading styles, text-box titles and numbered heading lines; the cover page,
  the table of contents, instructions, terms and contract clauses are not read, and
  declarations and signature blocks give contact and signature ``fields`` only
  (:mod:`.docx_sections`). Headers and footers are never read.

Where each answer goes is a :class:`~rfp_assistant.models.DocxLocation` path, whose
grammar is in :mod:`rfp_assistant.ooxml.docx`. The XML is read with the standard library
in one pass (:mod:`.docx_blocks`); python-docx is not needed to parse. A ``.docm`` is read
like a ``.docx``; its macros are never run.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rfp_assistant.errors import InputError
from rfp_assistant.models import Questionnaire
from rfp_assistant.ooxml.docx import PartError, read_package
from rfp_assistant.parse.docx_blocks import Item, Para, Table, read_blocks
from rfp_assistant.parse.docx_flow import FlowReader, Found
from rfp_assistant.parse.docx_lines import Spot
from rfp_assistant.parse.docx_sections import Sections, cover_length
from rfp_assistant.parse.docx_tables import TableReader


def parse_docx(path: Path) -> Questionnaire:
    """Parse a Word questionnaire into its questions and contact fields."""
    try:
        package = read_package(path)
    except PartError as exc:
        raise InputError(str(exc), path=path) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read document: {type(exc).__name__}: {exc}", path=path) from None
    items = read_blocks(package)
    found = read_items(items[cover_length(items) :])
    questions = tuple(replace(q, id=f"q{i:04d}") for i, q in enumerate(found.questions, start=1))
    return Questionnaire(source=str(path), format="docx", questions=questions, fields=tuple(found.fields))


def read_items(items: tuple[Item, ...]) -> Found:
    """The questions and fields of a document body, in reading order."""
    found = Found()
    sections = Sections()
    body = FlowReader(found, sections)
    for item in items:
        if isinstance(item, Para):
            body.feed(item)
            continue
        if _is_answer_box(item) and body.open is not None and body.open.spot is None:
            cell = item.rows[0].cells[0]
            body.open.spot, body.open.explicit = Spot(cell.path, "cell"), True
        body.finish()
        if sections.mode != "narrative":
            TableReader(found, sections).read(item)
    body.finish()
    return found


def _is_answer_box(table: Table) -> bool:
    """A one-cell empty table right after a question: the box its answer goes in."""
    return len(table.rows) == 1 and len(table.rows[0].cells) == 1 and table.rows[0].cells[0].blank
