"""Renderers: one per output. Only modules here import openpyxl, python-docx or matplotlib.

A :class:`Renderer` writes a matched response into an output document: a copy of the
issuer's file (:mod:`rfp_assistant.render.xlsx`, :mod:`rfp_assistant.render.docx`) or a
response document built from a Word template (:mod:`rfp_assistant.render.response`: the
default for PDF input, and for any input when a template is named). ``fill`` picks one
with :func:`renderer_for` and knows nothing of formats; the review report
(:mod:`rfp_assistant.render.report`) is written for every renderer. Adding an output is
one module with a renderer object and one line in :data:`RENDERERS`. Renderers never
import from ``parse/`` or ``match/``: they speak the domain model, and the rules of what
to write where are shared (:mod:`rfp_assistant.render.answer_spots`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rfp_assistant.models import Format, Placement, Response
from rfp_assistant.render.docx import DOCX_RENDERER
from rfp_assistant.render.response import RESPONSE_RENDERER, ResponseRenderer, resolve_template
from rfp_assistant.render.xlsx import XLSX_RENDERER

if TYPE_CHECKING:
    from rfp_assistant.exhibits import Exhibit


class Renderer(Protocol):
    """Writes a response into an output document.

    ``formats`` are the input formats this renderer is the default output for (an xlsx
    copy for an xlsx questionnaire; a response document for a PDF one). Two optional
    boolean attributes say what else it can write (read them with
    :func:`takes_exhibit_sheets` and :func:`fills_rate_grids`; absent means no):
    ``exhibit_sheets``, the exhibits as sheets of the output (``fill --exhibits
    workbook``), ``rate_grids``, the issuer's rate-quote grids in its own file, and
    ``exhibits_inline``, the exhibits placed in its own document where answers ask for
    them (read with :func:`places_exhibits_inline`). ``output_kind``
    says what the output is, for the message that refuses an output of the wrong type.
    """

    formats: tuple[Format, ...]
    output_kind: str

    def suffixes(self, source: Path) -> tuple[str, ...]:
        """The output file suffixes allowed for ``source`` (lower case, the first preferred)."""
        ...

    def render(
        self,
        source: Path,
        output: Path,
        response: Response,
        exhibits: Mapping[str, Exhibit],
        context: Mapping[str, Any],
    ) -> list[Placement]:
        """Write every ``auto`` answer of ``response`` for ``source`` into ``output``, atomically.

        ``exhibits`` are the exhibits to place *in* the output, by name (an answer whose
        entry names one gets it placed with the answer and a sentence pointing to it);
        ``fill`` passes an :class:`~rfp_assistant.exhibits.delivery.ExhibitDelivery`,
        empty when the exhibits go beside the output (its answers then already point to
        the files), which also carries the letterhead and, for a renderer with
        ``rate_grids``, the values for the issuer's rate grids. ``context`` is the
        template context the answers were rendered with (``plan``, ``account``,
        ``projection``), for renderers that fill a template of their own. Returns one :class:`Placement` per
        ``auto`` answer: where it went, or why it could not be written (that question
        then goes to review). Never modifies ``source``.
        """
        ...

    def planned_spots(self, source: Path, response: Response) -> dict[str, tuple[str, ...]]:
        """Where each question's answer is or would be written, by question id, named as a reader finds them.

        The same rules as :meth:`render` (``render.answer_spots.plan_answer``) for every
        decision, so the review report's "Answer goes to" names the spots that accepting
        a suggestion writes (``render.answer_spots.as_if_answered`` gives a question with
        no suggestion the spot its kind takes). Optional: see :func:`planned_spots`.
        """
        ...


RENDERERS: dict[str, Renderer] = {
    "xlsx": XLSX_RENDERER,
    "docx": DOCX_RENDERER,
    "pdf": RESPONSE_RENDERER,
}
"""Every renderer by name (``pdf``: the response document, from the default template)."""


def planned_spots(renderer: Renderer, source: Path, response: Response) -> dict[str, tuple[str, ...]]:
    """The renderer's planned spots per question; a renderer without the method names none."""
    plan = getattr(renderer, "planned_spots", None)
    return dict(plan(source, response)) if plan is not None else {}


def takes_exhibit_sheets(renderer: Renderer) -> bool:
    """True when ``renderer`` can add the exhibits to its output as sheets (``--exhibits workbook``)."""
    return bool(getattr(renderer, "exhibit_sheets", False))


def places_exhibits_inline(renderer: Renderer) -> bool:
    """True when ``renderer`` places the exhibits in its own document (the templated response)."""
    return bool(getattr(renderer, "exhibits_inline", False))


def fills_rate_grids(renderer: Renderer) -> bool:
    """True when ``renderer`` writes the issuer's rate-quote grids (the exhibits' ``rate_quote``)."""
    return bool(getattr(renderer, "rate_grids", False))


def renderer_for(fmt: Format, template: str | Path | None = None) -> Renderer | None:
    """The renderer for questionnaires in ``fmt``, or None when none writes that format yet.

    With ``template`` (``"default"`` or a path to a Word template), the response-document
    renderer with that template, whatever ``fmt`` is; a template that does not exist
    raises :class:`~rfp_assistant.errors.TemplateError`.
    """
    if template is not None:
        return ResponseRenderer(template=resolve_template(template))
    return next((r for r in RENDERERS.values() if fmt in r.formats), None)
