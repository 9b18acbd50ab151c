"""The ``project`` front door: an account profile's projection, its views and its output files.

``rfp-assistant project ACCOUNT.yaml [-o DIR] [--json]`` is :func:`project_account`
plus printing: :meth:`ProjectResult.to_dict` is the ``--json`` document and
:meth:`ProjectResult.table` the terminal table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rfp_assistant.account import AccountProfile, load_account
from rfp_assistant.projection import develop_rates, format_projection_table, project, projection_report


@dataclass(frozen=True)
class ProjectResult:
    """What :func:`project_account` computed and wrote.

    ``report`` is the projection as ``project --json`` prints it (years, months,
    rate development); ``outputs`` the files written (none without an output folder).
    """

    account: AccountProfile
    report: dict[str, Any]
    outputs: tuple[Path, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The ``project --json`` document: the report, plus ``outputs`` when files were written."""
        data = dict(self.report)
        if self.outputs:
            data["outputs"] = [str(p) for p in self.outputs]
        return data

    def table(self) -> str:
        """The projection (and rate development) as a plain-text table for a terminal."""
        return format_projection_table(project(self.account), develop_rates(self.account))


def project_account(
    account: AccountProfile | str | Path, *, output_dir: str | Path | None = None
) -> ProjectResult:
    """Project membership and premium for ``account`` (a profile or a path to one).

    With ``output_dir``, also writes ``projection.xlsx``, ``members.png`` and
    ``exhibits.docx`` there (see :func:`rfp_assistant.project_outputs.write_project_outputs`).
    Raises :class:`~rfp_assistant.errors.AccountError` for an invalid profile or one
    without a census.
    """
    profile = account if isinstance(account, AccountProfile) else load_account(account)
    outputs: list[Path] = []
    if output_dir is not None:
        from rfp_assistant.project_outputs import (
            write_project_outputs,
        )  # document libraries: only when writing

        outputs = write_project_outputs(profile, output_dir)
    return ProjectResult(account=profile, report=projection_report(profile), outputs=tuple(outputs))
