"""The ``project`` front door: an account profile's projection, its views and its output files.

``rfp-assistant project ACCOUNT.yaml [--census FILE] [-o DIR] [--json]`` is
:func:`project_account` plus printing: :meth:`ProjectResult.to_dict` is the ``--json``
document and :meth:`ProjectResult.table` the terminal table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rfp_assistant.account import AccountProfile, load_account
from rfp_assistant.exhibits import Letterhead, exhibits_for
from rfp_assistant.projection import projection_report, require_census


@dataclass(frozen=True)
class ProjectResult:
    """What :func:`project_account` computed and wrote.

    ``report`` is the projection as ``project --json`` prints it (years, months, rate
    development, census, rates); ``outputs`` the files written (none without an output
    folder); ``census_notes`` the lines saying which of the profile's counts the census
    file replaced (empty without ``census``).
    """

    account: AccountProfile
    report: dict[str, Any]
    outputs: tuple[Path, ...] = ()
    census_notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The ``project --json`` document: the report, plus ``outputs`` when files were written."""
        data = dict(self.report)
        if self.outputs:
            data["outputs"] = [str(p) for p in self.outputs]
        return data

    def table(self) -> str:
        """The projection's summary tables as plain text for a terminal."""
        from rfp_assistant.render.exhibit_text import exhibits_text

        return exhibits_text(exhibits_for(self.account).values())


def project_account(
    account: AccountProfile | str | Path,
    *,
    census: str | Path | None = None,
    output_dir: str | Path | None = None,
    plan_name: str | None = None,
    prepared: date | None = None,
) -> ProjectResult:
    """Project membership and premium for ``account`` (a profile or a path to one).

    ``census`` (a census workbook or .csv, or the RFP workbook itself) replaces the
    profile's census. With ``output_dir``, also writes ``projection.xlsx``, ``members.png``
    and ``exhibits.docx`` there, their pages naming ``plan_name`` and dated ``prepared``
    (default today). Raises :class:`~rfp_assistant.errors.AccountError` for an invalid
    profile or one without a census, :class:`~rfp_assistant.errors.InputError` for an
    unreadable census file.
    """
    profile = account if isinstance(account, AccountProfile) else load_account(account)
    notes: list[str] = []
    if census is not None:
        from rfp_assistant.census import with_census

        profile, notes = with_census(profile, census)
    require_census(profile)
    outputs: list[Path] = []
    if output_dir is not None:
        from rfp_assistant.project_outputs import write_project_outputs  # document libraries: only here

        letterhead = Letterhead(plan=plan_name, prepared=prepared or date.today())
        outputs = write_project_outputs(profile, output_dir, letterhead)
    return ProjectResult(
        account=profile, report=projection_report(profile), outputs=tuple(outputs), census_notes=tuple(notes)
    )
