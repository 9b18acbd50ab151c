"""How the exhibits reach the reader, and the sentence an answer gets pointing to them.

``fill`` sends the account's exhibits one of three ways (``--exhibits``): as files beside
the filled copy (the default: many forms say "do not alter the structure of this
workbook"), as sheets added to the copy itself, or not at all. An answer whose library
entry names an exhibit then ends with a sentence saying where the reader finds it:

- beside the copy, ``fill`` adds it before any renderer runs (:func:`point_answers` with
  :data:`FILE_POINTER`), so every output format gets it the same way;
- inside the copy, the renderer that adds the sheets adds it (:data:`SHEET_POINTER`),
  since only it knows each sheet's final name.

A renderer receives an :class:`ExhibitDelivery`: the exhibits to put in the output itself
(none unless the output takes them), the letterhead their pages carry, and the values for
the issuer's own rate-quote grids, which only a renderer of the issuer's workbook writes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from rfp_assistant.exhibits.model import Exhibit, Letterhead

if TYPE_CHECKING:
    from rfp_assistant.models import Response
    from rfp_assistant.rate_quote import RateQuoteWrites

SHEET_POINTER = "See the '{title}' sheet in this workbook."
FILE_POINTER = "See the exhibit '{title}', attached as {places}."
POINTER_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class ExhibitDelivery(Mapping[str, Exhibit]):
    """What a renderer places for the exhibits: a mapping of the exhibits to put in the output.

    As a mapping it holds only the exhibits that go *into* the output (``--exhibits
    workbook``), by name; empty when they go beside it or nowhere. ``letterhead`` is what
    their pages carry; ``rate_quote`` the values for the issuer's rate-quote grids
    (``None`` when there are none to fill), for a renderer that writes into the issuer's
    own workbook.
    """

    inside: Mapping[str, Exhibit] = field(default_factory=dict)
    letterhead: Letterhead | None = None
    rate_quote: RateQuoteWrites | None = None

    def __getitem__(self, name: str) -> Exhibit:
        return self.inside[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.inside)

    def __len__(self) -> int:
        return len(self.inside)


def as_delivery(exhibits: Mapping[str, Exhibit]) -> ExhibitDelivery:
    """``exhibits`` as a delivery: a plain mapping means "put these in the output", nothing else."""
    return exhibits if isinstance(exhibits, ExhibitDelivery) else ExhibitDelivery(dict(exhibits))


def point_answers(response: Response, sentences: Mapping[str, str]) -> Response:
    """``response`` with each automatic answer that names an exhibit in ``sentences`` ending with its sentence.

    A sentence that would take the answer over the question's length limit is left out:
    the approved text already says an exhibit accompanies it, and an answer never goes
    over the issuer's limit.
    """
    results = []
    for result in response.results:
        sentence = sentences.get(result.exhibit or "") if result.decision == "auto" else None
        if sentence and result.answer:
            pointed = f"{result.answer.rstrip()}{POINTER_SEPARATOR}{sentence}"
            limit = result.question.limit
            if limit is None or limit.allows(pointed):
                result = replace(result, answer=pointed)
        results.append(result)
    return replace(response, results=tuple(results))
