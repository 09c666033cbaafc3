"""Capability from the public record: the UN scale of assessments.

By default every delegation has capability 1 (sovereign equality). `capability = "assessed"`
in a scenario's `[defaults]` (or the `capability` lever) weighs each delegation instead by its
share of the UN regular budget, in percent, under the scale in force in the year of the
scenario's `[scenario] date`. The scale is set by the General Assembly every three years from
national income (A/RES/70/245, 73/271, 76/238, 79/249); it is the one complete, official
193-state measure of economic weight, not a measure of cyber capability.
"""

import csv
import re
from functools import cache

import numpy as np

from sim.inputs.members import data_file

ASSESSED = "assessed"
EQUAL = "equal"


@cache
def scale_of_assessments() -> dict[str, dict[str, float]]:
    """The shipped scales: period ('2019-2021') -> ISO3 -> rate in percent (cached).

    >>> scale_of_assessments()["2019-2021"]["USA"]
    22.0
    """
    with data_file("un_scale_of_assessments.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    periods = [k for k in rows[0] if k != "iso3"]
    return {p: {r["iso3"]: float(r[p]) for r in rows} for p in periods}


def scale_period(date: str) -> str:
    """The scale period in force in the year of `date` ('YYYY', 'YYYY-MM' or 'YYYY-MM-DD').

    >>> scale_period("2021-03-12")
    '2019-2021'
    """
    match = re.match(r"^(\d{4})(-\d{2}){0,2}$", date or "")
    periods = list(scale_of_assessments())
    if not match:
        raise ValueError(
            f"'{ASSESSED}' needs [scenario] date (YYYY, YYYY-MM or YYYY-MM-DD); got {date!r}"
        )
    year = int(match.group(1))
    for period in periods:
        first, last = (int(y) for y in period.split("-"))
        if first <= year <= last:
            return period
    raise ValueError(
        f"no scale of assessments is shipped for {year} "
        f"(shipped: {periods[0].split('-')[0]}-{periods[-1].split('-')[1]})"
    )


def assessed_capability(delegations: tuple[str, ...], date: str) -> np.ndarray:
    """Each delegation's assessed rate (percent) under the scale in force on `date`.

    >>> assessed_capability(("CHN", "RUS", "USA"), "2022-09-29")
    array([15.254,  1.866, 22.   ])
    """
    rates = scale_of_assessments()[scale_period(date)]
    return np.array([rates[c] for c in delegations])
