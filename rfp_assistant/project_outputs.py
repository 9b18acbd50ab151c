"""Write the projection outputs of an account: workbook, chart and Word exhibits.

This is the library side of ``rfp-assistant project ACCOUNT.yaml -o DIR``.
"""

from __future__ import annotations

from pathlib import Path

from rfp_assistant.account import AccountProfile
from rfp_assistant.exhibits import MEMBERSHIP_PROJECTION, exhibits_for
from rfp_assistant.projection import require_census

WORKBOOK_NAME = "projection.xlsx"
CHART_NAME = "members.png"
DOCUMENT_NAME = "exhibits.docx"


def write_project_outputs(profile: AccountProfile, out_dir: str | Path) -> list[Path]:
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
    workbook = write_exhibit_workbook(exhibits, out / WORKBOOK_NAME)
    picture = draw_chart(chart, out / CHART_NAME)
    document = write_exhibits_docx(exhibits, picture, out / DOCUMENT_NAME)
    return [workbook, picture, document]
