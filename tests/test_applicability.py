"""Which entries may answer a question: the account's funding and products, or the question's words."""

from __future__ import annotations

from dataclasses import replace

from rfp_assistant.match.applicability import applicable, mentioned_funding
from rfp_assistant.models import GridColumn, GridData, GridRow, LibraryEntry


def _entry(entry_id: str, *, funding=(), products=()) -> LibraryEntry:
    return LibraryEntry(
        id=entry_id, question="q", answer="a", status="approved", funding=funding, products=products
    )


ENTRIES = [
    _entry("for-all"),
    _entry("self-funded-only", funding=("self-funded",)),
    _entry("fully-insured-only", funding=("fully-insured",)),
    _entry("ppo-only", products=("PPO",)),
]


def test_account_funding_and_products_limit_the_candidates():
    allowed = applicable(
        ENTRIES, ["Describe your claims banking."], products=("HMO",), funding="fully-insured"
    )
    assert allowed.tolist() == [[True, False, True, False]]


def test_a_question_naming_another_funding_type_or_product_admits_its_entries():
    texts = ["Describe the claims funding for the ASO option.", "Is the PPO network national?"]
    allowed = applicable(ENTRIES, texts, products=("HMO",), funding="fully-insured")
    assert allowed.tolist() == [[True, True, True, False], [True, False, True, True]]


def test_without_an_account_every_entry_applies():
    allowed = applicable(ENTRIES, ["Anything?"], products=None, funding=None)
    assert allowed.all()


def test_funding_words_are_recognised():
    assert mentioned_funding("Quote a self-insured (ASO) and a level funded option") == {
        "self-funded",
        "level-funded",
    }
    assert mentioned_funding("fully insured rates") == {"fully-insured"}
    assert mentioned_funding("Describe your network") == set()


def test_an_entry_that_answers_a_table_applies_only_to_a_question_with_a_grid():
    table = replace(
        ENTRIES[0],
        id="pg-table",
        grid=GridData((GridColumn("standard", ("Standard",)),), (GridRow(("ASA",), (("standard", "30s"),)),)),
    )
    allowed = applicable(
        [ENTRIES[0], table],
        ["Provide your guarantees.", "Complete the table below."],
        products=None,
        funding=None,
        grids=[False, True],
    )
    assert allowed.tolist() == [[True, False], [True, True]]
