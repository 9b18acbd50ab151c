"""Which entries may answer which question, given the account and the question's own words.

An entry limited to some products or funding types (``products: [PPO]``,
``funding: [self-funded]``) applies to an account with one of them. An RFP often asks
about more than the account has today ("Describe your claims funding for the ASO
option" from a fully insured employer), so a question that names a funding type or a
product also admits the entries written for it. An entry that answers a table (it has a
``grid:``) answers only a question with a grid below it: its narrative speaks of the table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from rfp_assistant.models import LibraryEntry

FUNDING_WORDS: dict[str, re.Pattern[str]] = {
    "self-funded": re.compile(
        r"\bself[- ]?(?:funded|insured)\b|\bASO\b|\badministrative services only\b", re.I
    ),
    "fully-insured": re.compile(r"\bfully[- ]?insured\b", re.I),
    "level-funded": re.compile(r"\blevel[- ]?funded\b", re.I),
}


def mentioned_funding(text: str) -> set[str]:
    """Funding types a question names ("self-funded", "ASO" -> self-funded, ...)."""
    return {kind for kind, pattern in FUNDING_WORDS.items() if pattern.search(text)}


def mentioned_products(text: str, products: set[str]) -> set[str]:
    """Which of ``products`` (HMO, PPO, ...) a question names, as whole words."""
    return {p for p in products if re.search(rf"\b{re.escape(p)}\b", text, re.I)}


def applicable(
    entries: Sequence[LibraryEntry],
    texts: Sequence[str],
    *,
    products: Sequence[str] | None,
    funding: str | None,
    grids: Sequence[bool] | None = None,
) -> np.ndarray:
    """A (questions x entries) boolean matrix: may entry e answer question q?

    ``grids`` says which questions have a grid (None: none has).
    """
    all_products = {p for e in entries for p in e.products}
    allowed = np.ones((len(texts), len(entries)), dtype=bool)
    tables = np.array([entry.grid is not None for entry in entries], dtype=bool)
    if tables.any():
        without_grid = np.array([not (grids and grids[row]) for row in range(len(texts))], dtype=bool)
        allowed[np.ix_(without_grid, tables)] = False
    # Entries share a handful of (funding, products) limits: decide per limit, not per entry.
    groups: dict[tuple[tuple[str, ...], tuple[str, ...]], list[int]] = {}
    for col, entry in enumerate(entries):
        if (entry.funding and funding) or (entry.products and products):
            groups.setdefault((entry.funding, entry.products), []).append(col)
    if not groups:
        return allowed
    for row, text in enumerate(texts):
        asked_funding = mentioned_funding(text)
        asked_products = mentioned_products(text, all_products)
        for (entry_funding, entry_products), cols in groups.items():
            funding_ok = not (entry_funding and funding) or bool({funding, *asked_funding} & set(entry_funding))
            products_ok = not (entry_products and products) or bool(
                {*products, *asked_products} & set(entry_products)  # type: ignore[misc]
            )
            if not (funding_ok and products_ok):
                allowed[row, cols] = False
    return allowed
