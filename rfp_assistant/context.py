"""What answers are rendered with, built once per run: the template context and the exhibits.

Answer templates see three variables: ``plan`` (the library's ``plan.yaml``),
``account`` (:meth:`AccountProfile.template_vars`) and ``projection`` (the projection
and rate development, as ``project --json`` prints them). :func:`template_context`
builds that mapping and :func:`account_exhibits` the computed exhibits; ``fill`` calls
each once and hands the same objects to the matcher and to the renderer, so the text
and the exhibit tables cannot disagree.
"""

from __future__ import annotations

from typing import Any

from rfp_assistant.account import AccountProfile
from rfp_assistant.exhibits import Exhibit, exhibits_for
from rfp_assistant.library.load import AnswerLibrary
from rfp_assistant.projection import projection_report


def template_context(library: AnswerLibrary, account: AccountProfile | None = None) -> dict[str, Any]:
    """The variables answer templates are rendered with.

    Always ``plan``; with an account also ``account``; with an account that carries a
    census also ``projection``. A template that uses a variable missing here sends its
    question to review (see :mod:`rfp_assistant.library.templating`).
    """
    context: dict[str, Any] = {"plan": library.plan}
    if account is not None:
        context["account"] = account.template_vars()
        if account.has_projection:
            context["projection"] = projection_report(account)
    return context


def account_exhibits(account: AccountProfile | None) -> dict[str, Exhibit]:
    """The exhibits the account can produce, by exhibit name; empty without an account or census."""
    return dict(exhibits_for(account)) if account is not None else {}
