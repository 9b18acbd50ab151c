"""Write an account's exhibits: the exhibits workbook, the chart and the Word exhibits.

:func:`write_project_outputs` is the library side of ``rfp-assistant project ACCOUNT.yaml
-o DIR``; :func:`write_exhibits_beside` writes ``<OUT stem>.exhibits.xlsx`` and
``<OUT stem>.exhibits.docx`` beside a filled copy, for ``fill``, and
:func:`beside_pointer` the sentence an answer gets that points to them.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path

from rfp_assistant.account import AccountProfile
from rfp_assistant.atomic import refuse_existing
from rfp_assistant.exhibits import MEMBERSHIP_PROJECTION, Exhibit, Letterhead, exhibits_for
from rfp_assistant.exhibits.delivery import FILE_POINTER
from rfp_assistant.projection import require_census

WORKBOOK_NAME = "projection.xlsx"
CHART_NAME = "members.png"
DOCUMENT_NAME = "exhibits.docx"
EXHIBITS_WORKBOOK_SUFFIX = ".exhibits.xlsx"
EXHIBITS_DOCUMENT_SUFFIX = ".exhibits.docx"


def write_project_outputs(
    profile: AccountProfile, out_dir: str | Path, letterhead: Letterhead | None = None
) -> list[Path]:
    """Write ``projection.xlsx``, ``members.png`` and ``exhibits.docx`` into ``out_dir``.

    Creates ``out_dir`` if needed and replaces earlier outputs there (each file is
    written atomically). Returns the paths written, in that order. Raises
    :class:`~rfp_assistant.errors.AccountError` when the profile has no census and
    :class:`~rfp_assistant.errors.OutputError` when a file cannot be written.
    """
    # Renderers pull in openpyxl, python-docx and matplotlib: import them only when needed.
    from rfp_assistant.render.chart import draw_chart
    from rfp_assistant.render.exhibit_docx import write_exhibits_docx
    from rfp_assistant.render.exhibit_sheet import write_exhibit_workbook

    require_census(profile)
    out = Path(out_dir)
    exhibits = exhibits_for(profile)
    chart = exhibits[MEMBERSHIP_PROJECTION].chart
    assert chart is not None  # the membership projection always draws its members
    workbook = write_exhibit_workbook(exhibits, out / WORKBOOK_NAME, letterhead)
    picture = draw_chart(chart, out / CHART_NAME)
    document = write_exhibits_docx(exhibits, picture, out / DOCUMENT_NAME, letterhead)
    return [workbook, picture, document]


def exhibit_paths(output: str | Path) -> tuple[Path, Path]:
    """``answers.xlsx`` -> (``answers.exhibits.xlsx``, ``answers.exhibits.docx``) beside it."""
    output = Path(output)
    return (
        output.with_name(output.stem + EXHIBITS_WORKBOOK_SUFFIX),
        output.with_name(output.stem + EXHIBITS_DOCUMENT_SUFFIX),
    )


def beside_pointer(output: str | Path, exhibit: Exhibit) -> str:
    """The sentence pointing to ``exhibit`` in the files beside ``output``, its title as printed.

    The file of the output's own kind comes first (the workbook for a workbook, the Word
    document for a Word output); the workbook is named with the exhibit's sheet.
    """
    output = Path(output)
    workbook, document = exhibit_paths(output)
    places = [f"{workbook.name} (sheet '{exhibit.sheet_title}')", document.name]
    if output.suffix.lower() == document.suffix.lower():
        places.reverse()
    return FILE_POINTER.format(title=exhibit.title, places=" and ".join(places))


def write_exhibits_beside(
    output: str | Path,
    exhibits: Mapping[str, Exhibit],
    *,
    force: bool = False,
    letterhead: Letterhead | None = None,
) -> list[Path]:
    """Write ``exhibits`` beside ``output`` as ``<stem>.exhibits.xlsx`` and ``<stem>.exhibits.docx``.

    The workbook holds one sheet per exhibit with live formulas; the Word document the
    same tables, with the members chart where the exhibit places it. Each file is written
    atomically. An existing file is replaced only with ``force`` (raises
    :class:`~rfp_assistant.errors.OutputError` otherwise, before writing anything); when
    the document cannot be written, the workbook written just before it is removed, so
    the two always come together. Returns the paths written; none when there are no
    exhibits.
    """
    if not exhibits:
        return []
    from rfp_assistant.render.chart import draw_chart
    from rfp_assistant.render.exhibit_docx import write_exhibits_docx
    from rfp_assistant.render.exhibit_sheet import write_exhibit_workbook

    workbook, document = exhibit_paths(output)
    refuse_existing((workbook, document), force=force)
    write_exhibit_workbook(exhibits, workbook, letterhead)
    chart = next((e.chart for e in exhibits.values() if e.chart is not None), None)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            picture = draw_chart(chart, Path(scratch) / CHART_NAME) if chart is not None else None
            write_exhibits_docx(exhibits, picture, document, letterhead)
    except BaseException:
        workbook.unlink(missing_ok=True)
        raise
    return [workbook, document]
