"""What ``fill`` adds for an account: the RFP's census, the exhibits and the issuer's rate grids.

:func:`account_for_fill` gives the account profile the census that ``--census FILE``
names or, without one, the census the RFP itself carries (its census tab), with the
lines saying which counts differ. Picking up the RFP's census never makes a fill fail
that worked without it: when its counts do not fit the profile (other tiers or plans) or
the projection cannot use them, a warning says why and the profile's census stays.

:func:`plan_exhibits` decides where the account's exhibits go (``--exhibits``, one of
:data:`EXHIBIT_CHOICES`): ``beside`` the output as ``<OUT stem>.exhibits.xlsx`` and
``.docx`` (the default), ``workbook`` (sheets added to the filled copy, for a renderer
that takes them) or ``none``; and computes the values for the issuer's own rate-quote
grids. Like ``fill`` it leaves formats to the renderer, which says what it can take
(:func:`rfp_assistant.render.takes_exhibit_sheets`,
:func:`rfp_assistant.render.fills_rate_grids`,
:func:`rfp_assistant.render.places_exhibits_inline`). A renderer that builds its own
document (the templated response) places the exhibits in it, where the answers ask for
them, so for it ``beside`` means inline and no exhibit files are written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rfp_assistant.account import AccountProfile
from rfp_assistant.context import account_exhibits
from rfp_assistant.errors import AccountError, OutputError, RfpAssistantError
from rfp_assistant.exhibits import Exhibit, Letterhead, exhibits_for
from rfp_assistant.exhibits.delivery import ExhibitDelivery, point_answers
from rfp_assistant.library.load import AnswerLibrary
from rfp_assistant.models import Response

if TYPE_CHECKING:
    from rfp_assistant.rate_quote import RateQuoteWrites
    from rfp_assistant.render import Renderer

EXHIBITS_BESIDE = "beside"
EXHIBITS_WORKBOOK = "workbook"
EXHIBITS_NONE = "none"
EXHIBIT_CHOICES = (EXHIBITS_BESIDE, EXHIBITS_WORKBOOK, EXHIBITS_NONE)
"""Where ``fill --exhibits`` sends the exhibits: beside the output, inside it, or nowhere."""
EXHIBITS_INLINE = "inline"  # not a choice: what ``beside`` means for a renderer that places exhibits itself

NOT_SENT = "the answer refers to the {name} exhibit, which is not sent (--exhibits none)"


def account_for_fill(
    source: Path, account: AccountProfile | None, census: str | Path | None = None
) -> tuple[AccountProfile | None, tuple[str, ...]]:
    """The account with the census it is filled with, and the lines for stderr.

    With ``census`` (``--census FILE``), that file's counts replace the profile's; its
    problems raise (:class:`~rfp_assistant.errors.AccountError`,
    :class:`~rfp_assistant.errors.InputError`). Without it, the census ``source`` carries
    is used when it fits; when it does not, the profile is returned unchanged with a
    ``warning:`` line saying why. The other lines say which counts differ.
    """
    from rfp_assistant.census import apply_census, census_in_rfp, with_census

    if census is not None:
        if account is None:
            raise AccountError(
                "--census needs an account profile (--account): the census replaces its counts", path=census
            )
        profile, notes = with_census(account, census)
        return profile, tuple(notes)
    if account is None:
        return None, ()
    try:
        found = census_in_rfp(source, account.products or account.plans)
        if found is None:
            return account, ()
        profile, notes = apply_census(account, found)
        exhibits_for(profile)  # the projection must be able to use it, or the profile's stays
    except RfpAssistantError as exc:
        kept = "the account profile's census is used" if account.census else "no census is used"
        return account, (f"warning: the census in {source.name} is not used ({exc.message}); {kept}",)
    return profile, tuple(notes)


def check_exhibit_choice(choice: str, renderer: Renderer, output: Path) -> None:
    """Refuse an unknown ``--exhibits`` choice, or ``workbook`` for an output that cannot take sheets."""
    from rfp_assistant.render import takes_exhibit_sheets

    if choice not in EXHIBIT_CHOICES:
        raise OutputError(f"--exhibits must be one of {', '.join(EXHIBIT_CHOICES)} (got {choice!r})")
    if choice == EXHIBITS_WORKBOOK and not takes_exhibit_sheets(renderer):
        raise OutputError(
            f"--exhibits {EXHIBITS_WORKBOOK} adds the exhibits as sheets of the filled copy, which a "
            f"{output.suffix.lower()} output cannot hold; use --exhibits {EXHIBITS_BESIDE} (the default) to "
            "attach them as files beside it",
            path=output,
        )


@dataclass(frozen=True)
class ExhibitPlan:
    """Where ``fill`` sends the account's exhibits, and what goes with them.

    ``exhibits`` are all the account produces (empty without a census); ``files`` the
    two files written beside ``output`` (only for ``beside``, with exhibits);
    ``rate_quote`` the values for the issuer's rate-quote grids (``None`` when the
    renderer does not fill them or the account has no projection).
    """

    choice: str
    output: Path
    exhibits: Mapping[str, Exhibit]
    letterhead: Letterhead
    files: tuple[Path, ...] = ()
    rate_quote: RateQuoteWrites | None = None

    def prepare(self, response: Response) -> Response:
        """The response with its exhibit answers made true for this plan.

        With ``none``, an automatic answer that refers to an exhibit goes to review (it
        would point to something not sent); with files beside the output, it ends with
        the sentence naming the file and the exhibit's title.
        """
        if self.choice == EXHIBITS_NONE:
            return replace(
                response,
                results=tuple(
                    replace(r, decision="review", reason=NOT_SENT.format(name=r.exhibit))
                    if r.decision == "auto" and r.exhibit
                    else r
                    for r in response.results
                ),
            )
        if not self.files:
            return response
        from rfp_assistant.project_outputs import beside_pointer

        return point_answers(
            response, {name: beside_pointer(self.output, exhibit) for name, exhibit in self.exhibits.items()}
        )

    def delivery(self) -> ExhibitDelivery:
        """What the renderer gets: the exhibits to put inside the output (for ``workbook``), the
        letterhead and the rate-grid values."""
        inside = self.exhibits if self.choice in (EXHIBITS_WORKBOOK, EXHIBITS_INLINE) else {}
        return ExhibitDelivery(inside, self.letterhead, self.rate_quote)

    def write_files(self, *, force: bool) -> list[Path]:
        """Write the exhibit files beside the output (none unless ``beside`` with exhibits)."""
        if not self.files:
            return []
        from rfp_assistant.project_outputs import write_exhibits_beside

        return write_exhibits_beside(self.output, self.exhibits, force=force, letterhead=self.letterhead)


def plan_exhibits(
    source: Path,
    output: Path,
    renderer: Renderer,
    account: AccountProfile | None,
    library: AnswerLibrary,
    *,
    choice: str = EXHIBITS_BESIDE,
    as_of: date | None = None,
) -> ExhibitPlan:
    """The :class:`ExhibitPlan` for filling ``source`` into ``output`` for ``account``.

    Pages carry the plan's name (``plan.yaml``'s ``name``), ``as_of`` (default today) and
    the issuer's font. Raises :class:`~rfp_assistant.errors.OutputError` for a choice
    the renderer cannot honour (see :func:`check_exhibit_choice`).
    """
    from rfp_assistant.project_outputs import exhibit_paths
    from rfp_assistant.render import fills_rate_grids, places_exhibits_inline
    from rfp_assistant.render.issuer_font import issuer_font

    check_exhibit_choice(choice, renderer, output)
    if choice == EXHIBITS_BESIDE and places_exhibits_inline(renderer):
        choice = EXHIBITS_INLINE
    exhibits = account_exhibits(account)
    letterhead = Letterhead(
        plan=library.plan.get("name"), prepared=as_of or date.today(), font=issuer_font(source)
    )
    files = exhibit_paths(output) if choice == EXHIBITS_BESIDE and exhibits else ()
    quote = None
    if account is not None and account.has_projection and fills_rate_grids(renderer):
        from rfp_assistant.rate_quote import rate_exhibit_writes

        quote = rate_exhibit_writes(source, account)
    return ExhibitPlan(choice, output, exhibits, letterhead, tuple(files), quote)
