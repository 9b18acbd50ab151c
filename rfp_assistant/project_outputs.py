"""Write the projection outputs of an account: workbook, chart and Word exhibits.

This is the library side of ``rfp-assistant project ACCOUNT.yaml -o DIR``.
"""

from __future__ import annotations

from pathlib import Path

from rfp_assistant.account import AccountProfile
from rfp_assistant.exhibits import (
    MEMBERSHIP_PROJECTION,
    RATE_DEVELOPMENT,
    Exhibit,
    membership_projection_exhibit,
    rate_development_exhibit,
)
from rfp_assistant.projection import develop_rates, project

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
    from rfp_assistant.render.chart import members_chart
    from rfp_assistant.render.exhibit_docx import write_exhibits_docx
    from rfp_assistant.render.exhibit_xlsx import write_exhibit_workbook

    out = Path(out_dir)
    projection = project(profile)
    exhibits: dict[str, Exhibit] = {MEMBERSHIP_PROJECTION: membership_projection_exhibit(profile, projection)}
    rate_dev = rate_development_exhibit(profile, develop_rates(profile))
    if rate_dev is not None:
        exhibits[RATE_DEVELOPMENT] = rate_dev
    workbook = write_exhibit_workbook(exhibits, out / WORKBOOK_NAME)
    chart = members_chart(projection, out / CHART_NAME)
    document = write_exhibits_docx(exhibits, chart, out / DOCUMENT_NAME)
    return [workbook, chart, document]
