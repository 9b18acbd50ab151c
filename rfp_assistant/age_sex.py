"""The plan's age/sex factor table, which adjusts its manual rate to a group's demographics.

In an account profile (the plan supplies the factors; 1.000 is the standard population
the manual rate is quoted for)::

    age_sex_factors:            # by age at the effective date
      "<25":  {female: 0.62, male: 0.48}
      25-34:  {female: 0.92, male: 0.63}
      ...
      65+:    {female: 2.30, male: 2.45}

Bands must cover every age from 0 up without gaps or overlaps: the first starts at 0
(``<25`` or ``0-24``), the last is open (``65+``). An employee whose sex the census does
not give gets the average of the female and male factors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rfp_assistant.profile_fields import Field, Problems, read_mapping, read_number

SEXES = ("female", "male")
_BAND = re.compile(r"^\s*(?:(?P<lo>\d+)\s*(?:-\s*(?P<hi>\d+)|(?P<plus>\+))|<\s*(?P<below>\d+))\s*$")


@dataclass(frozen=True)
class AgeBand:
    """Ages ``low`` to ``high`` inclusive (``high`` is ``None`` for the open top band)."""

    label: str
    low: int
    high: int | None
    female: float
    male: float

    def holds(self, age: int) -> bool:
        """True when ``age`` falls in this band."""
        return age >= self.low and (self.high is None or age <= self.high)


@dataclass(frozen=True)
class AgeSexTable:
    """Manual-rate factors by age band and sex."""

    bands: tuple[AgeBand, ...]

    def factor(self, age: int, sex: str) -> float:
        """The factor for one person: ``sex`` is ``"F"``, ``"M"`` or ``"U"`` (unknown)."""
        band = next(b for b in self.bands if b.holds(max(age, 0)))
        if sex == "F":
            return band.female
        if sex == "M":
            return band.male
        return (band.female + band.male) / 2


def read_age_sex_factors(problems: Problems, f: Field) -> AgeSexTable | None:
    """``age_sex_factors:`` as a table, or ``None`` (with problems recorded) when invalid."""
    if read_mapping(problems, f) is None:
        return None
    found_before = len(problems.items)
    bands: list[AgeBand] = []
    for label in f.value:
        item = f.child(label)
        match = _BAND.match(str(label))
        if match is None:
            problems.add(item.line, f"'{item.name}' is not an age band like 25-34, <25 or 65+")
            continue
        if match["below"] is not None:
            low, high = 0, int(match["below"]) - 1
        else:
            low, high = int(match["lo"]), None if match["plus"] else int(match["hi"])
        if read_mapping(problems, item, SEXES) is None:
            continue
        factors = {}
        for sex in SEXES:
            if item.value.get(sex) is None:
                problems.add(item.line, f"'{item.name}' lacks {sex}")
            else:
                factors[sex] = read_number(problems, item.child(sex), positive=True)
        if None not in factors.values() and len(factors) == len(SEXES):
            bands.append(AgeBand(str(label), low, high, factors["female"], factors["male"]))  # type: ignore[arg-type]
    if not bands:
        problems.add(f.line, "'age_sex_factors' lists no age bands")
    if len(problems.items) > found_before:
        return None
    bands.sort(key=lambda b: b.low)
    expected = 0
    for band in bands:
        if band.low != expected or (band.high is not None and band.high < band.low):
            problems.add(
                f.line,
                f"'age_sex_factors' bands must run from age 0 without gaps or overlaps (at {band.label})",
            )
            return None
        expected = band.high + 1 if band.high is not None else -1
    if bands[-1].high is not None:
        problems.add(f.line, f"'age_sex_factors' needs an open top band such as {bands[-1].high + 1}+")
        return None
    return AgeSexTable(tuple(bands))
