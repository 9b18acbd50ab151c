"""Writing the automatic answers into a copy of the issuer's Word document.

The copy is made at the package level (:func:`rfp_assistant.ooxml.package.copy_package`):
only the main document part changes, so styles, numbering, headers and footers, the
theme, images and a ``.docm``'s macros (never run) stay byte for byte as the issuer made
them. In the main document only the answer spots change; every other paragraph, table,
section break and field is as it was. What goes to which spot follows the shared rules
of :mod:`rfp_assistant.render.answer_spots`; where a spot is, and how to write there, is
:mod:`.docx_spots`; how the answer looks, :mod:`.docx_look`.

Exhibits are not put into the issuer's document: an answer that refers to one says so,
and the exhibits go with the copy (beside it, or in a response document).
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rfp_assistant.atomic import atomic_save
from rfp_assistant.errors import InputError
from rfp_assistant.models import (
    SHORT_ANSWER_KINDS,
    DocxLocation,
    Format,
    Placement,
    Question,
    QuestionResult,
    Response,
)
from rfp_assistant.ooxml.docx import REL_NUMBERING, REL_STYLES, PartError, main_parts
from rfp_assistant.ooxml.package import copy_package
from rfp_assistant.render.answer_spots import AnswerSpots, SpotWrite, plan_answer
from rfp_assistant.render.answer_text import explanation_applies
from rfp_assistant.render.docx_look import Writer
from rfp_assistant.render.docx_spots import SpotError, Spots, Target
from rfp_assistant.render.wordml import Element, StyleSheet, parse_part, to_bytes

if TYPE_CHECKING:
    from rfp_assistant.exhibits import Exhibit

NO_ANSWER_SPOT = "the document has no answer spot for this question (answer it where the issuer asks)"
STAND_IN = "Yes"  # what a question without a suggestion is planned with, to name the spot it takes


@dataclass
class WordDocument:
    """The parts of a Word package the renderer reads; only ``document`` is ever written back."""

    document: Element
    styles: StyleSheet
    part: str

    @classmethod
    def open(cls, path: Path) -> WordDocument:
        """Read the main document (found through the package relationships), its styles and numbering."""
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                part, related = main_parts(archive)

                def optional(rel_type: str) -> Element | None:
                    name = related.get(rel_type)
                    return parse_part(archive.read(name), name) if name in names else None

                document = parse_part(archive.read(part), part)
                styles = StyleSheet(optional(REL_STYLES), optional(REL_NUMBERING))
        except PartError as exc:
            raise InputError(str(exc), path=path) from None
        except (OSError, zipfile.BadZipFile) as exc:
            raise InputError(f"cannot read document: {exc}", path=path) from None
        return cls(document, styles, part)


@dataclass
class _Planned:
    result: QuestionResult
    targets: dict[str, Target]
    writes: list[SpotWrite]
    note: str | None


def _spots(targets: dict[str, Target], location: DocxLocation, *, as_found: bool = True) -> AnswerSpots:
    """The targets as :func:`plan_answer` sees them (``as_found=False``: as if they were empty)."""
    answer, explanation = targets.get("answer"), targets.get("explanation")
    return AnswerSpots(
        answer=answer.name if answer else None,
        explanation=explanation.name if explanation else None,
        answer_text=answer.current if answer and as_found else "",
        explanation_text=explanation.current if explanation and as_found else "",
        # A check box takes an option, never a narrative: that goes to the explanation spot.
        short_answer_spot=location.mode == "checkbox",
        nowhere=NO_ANSWER_SPOT,
    )


def _targets(spots: Spots, location: DocxLocation, question: Question) -> dict[str, Target]:
    """A question's answer and explanation targets (:class:`SpotError` when a path is not there)."""
    targets: dict[str, Target] = {}
    if location.path and location.mode:
        targets["answer"] = spots.target(
            question, location.path, location.mode, location.placeholder, location.checkboxes
        )
    if location.explanation_path and location.explanation_mode:
        targets["explanation"] = spots.target(question, location.explanation_path, location.explanation_mode)
    return targets


def _writes(result: QuestionResult, spots: AnswerSpots) -> tuple[list[SpotWrite], str | None]:
    """What :func:`plan_answer` writes, less what a Word document cannot take."""
    writes, note = plan_answer(result, spots)
    if not explanation_applies(result.question.text, result.short_answer):
        writes = [write for write in writes if write.spot != "explanation"]
    checkbox = (
        isinstance(result.question.location, DocxLocation) and result.question.location.mode == "checkbox"
    )
    if checkbox and any(w.spot == "answer" for w in writes) and not result.short_answer:
        return [], "the answer spot is a set of check boxes and the entry has no short answer"
    return writes, note


def plan_document(spots: Spots, response: Response) -> list[_Planned]:
    """Every automatic answer's targets and writes, resolved before anything is written."""
    planned = []
    for result in response.results:
        if result.decision != "auto":
            continue
        location = result.question.location
        if not isinstance(location, DocxLocation):
            planned.append(_Planned(result, {}, [], "not a Word location"))
            continue
        try:
            targets = _targets(spots, location, result.question)
        except SpotError as exc:
            planned.append(_Planned(result, {}, [], str(exc)))
            continue
        writes, note = _writes(result, _spots(targets, location))
        planned.append(_Planned(result, targets, writes, note))
    return planned


def planned_spots(source: Path, response: Response) -> dict[str, tuple[str, ...]]:
    """Where each question's answer is or would be written, whatever its decision, by question id.

    The same rules as :func:`fill_document`, ignoring what the spots hold now: a suggestion
    names the spots accepting it would write, a question without one the spot its kind of
    answer takes (its answer spot for a short value, else where a narrative goes).
    """
    word = WordDocument.open(source)
    spots = Spots(word.document, Writer(word.document, word.styles), response.questionnaire.questions)
    names: dict[str, tuple[str, ...]] = {}
    for result in response.results:
        location = result.question.location
        if not isinstance(location, DocxLocation):
            continue
        try:
            targets = _targets(spots, location, result.question)
        except SpotError:
            continue
        if not (result.answer or result.short_answer):
            short = result.question.kind in SHORT_ANSWER_KINDS
            result = replace(
                result, short_answer=STAND_IN if short else None, answer=None if short else STAND_IN
            )
        writes, _ = _writes(result, _spots(targets, location, as_found=False))
        names[result.question.id] = tuple(targets[w.spot].name for w in writes)
    return names


def fill_document(source: Path, output: Path, response: Response) -> list[Placement]:
    """Write every ``auto`` answer of ``response`` into a copy of ``source`` at ``output``.

    A spot that already holds something other than a placeholder is left as it is and
    the placement says so; so is a spot the document does not have, or a check box list
    without the answer's option.
    """
    word = WordDocument.open(source)
    spots = Spots(word.document, Writer(word.document, word.styles), response.questionnaire.questions)
    placements = []
    for item in plan_document(spots, response):
        qid = item.result.question.id
        if item.note or not item.writes:
            placements.append(Placement(qid, (), item.note or "nothing to write"))
            continue
        try:
            names = tuple(item.targets[write.spot].write(write.text) for write in item.writes)
        except SpotError as exc:
            placements.append(Placement(qid, (), str(exc)))
            continue
        placements.append(Placement(qid, names))
    data = to_bytes(word.document)

    def save(temp: str) -> None:
        with zipfile.ZipFile(source) as archive:
            copy_package(archive, temp, {word.part: data})

    atomic_save(output, save)
    return placements


@dataclass(frozen=True)
class DocxRenderer:
    """Fills a copy of a Word questionnaire (.docx, or .docm with its macros kept, never run)."""

    formats: tuple[Format, ...] = ("docx",)
    output_kind: str = "the filled copy keeps the questionnaire's own format"

    def suffixes(self, source: Path) -> tuple[str, ...]:
        """The copy keeps the input's own suffix: ``.docm`` stays ``.docm``."""
        return (source.suffix.lower(),)

    def render(
        self,
        source: Path,
        output: Path,
        response: Response,
        exhibits: Mapping[str, Exhibit],
        context: Mapping[str, Any],
    ) -> list[Placement]:
        """Write the ``auto`` answers into the copy (see :class:`~rfp_assistant.render.Renderer`)."""
        return fill_document(source, output, response)

    def planned_spots(self, source: Path, response: Response) -> dict[str, tuple[str, ...]]:
        """Where each question's answer is or would be written (see :func:`planned_spots`)."""
        return planned_spots(source, response)


DOCX_RENDERER = DocxRenderer()
