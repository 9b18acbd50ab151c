"""Sentences several exhibits share: which census they rest on."""

from __future__ import annotations

from rfp_assistant.account import AccountProfile
from rfp_assistant.figures import DATE, format_value


def census_basis(profile: AccountProfile) -> str:
    """Where the census comes from and its date: "the 'Census Summary' sheet of x.xlsx, as of ..."."""
    if profile.census_source is not None:
        return profile.census_source.describe()
    if profile.census_date is not None:
        return f"the account profile's census, as of {format_value(profile.census_date, DATE)}"
    return "the account profile's census (undated)"


def illustrative_note(profile: AccountProfile) -> str:
    """The note every exhibit carries: illustrative, and on which census (and its date)."""
    source = profile.census_source
    where = source.where() if source is not None else "the account profile"
    day = source.as_of if source is not None else profile.census_date
    if day is None:
        return f"Illustrative, based on the census in {where} (undated)."
    return f"Illustrative, based on the census dated {format_value(day, DATE)} ({where})."
