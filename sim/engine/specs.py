"""The engine's declared vocabulary: the validated, frozen pieces a `Scenario` carries.

Pydantic models that check shapes, types and ranges: the scenario's metadata, its issues, the
chair's mandate and the documented outcome it is checked against. The file schema
(`sim.inputs.schema`) builds on them.
"""

import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

Score = Annotated[float, Field(ge=0.0, le=100.0)]
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
Point = dict[str, Score]
"""A position in the issue space: issue name -> 0..100."""


def _calendar_date(text: str) -> str:
    """'' (no date), or a real year, month or day: YYYY, YYYY-MM or YYYY-MM-DD."""
    if not text:
        return text
    padded = {4: "-01-01", 7: "-01", 10: ""}.get(len(text))
    try:
        datetime.date.fromisoformat(text + padded)  # TypeError when padded is None
    except (TypeError, ValueError):
        raise ValueError("expected a date: YYYY, YYYY-MM or YYYY-MM-DD") from None
    return text


CalendarDate = Annotated[str, AfterValidator(_calendar_date)]
"""'' (no date), YYYY, YYYY-MM or YYYY-MM-DD, checked to be a real date."""


class Strict(BaseModel):
    """Base of every table: unknown keys are errors, values are immutable, numbers finite
    (files are validated with `strict=True` besides: no "3" for 3, no true for 1)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Meta(Strict):
    name: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    date: CalendarDate = ""
    sources: list[str] = Field(min_length=1)
    notes: str = ""


class IssueSpec(Strict):
    name: str = Field(min_length=1, pattern=r"^[a-z][a-z0-9_]*$")
    low: str = Field(min_length=1, description="what 0 means")
    high: str = Field(min_length=1, description="what 100 means")


class ChairSpec(Strict):
    strategy: str = "mediator"
    iso3: str | None = None
    mandate: Score = 25.0
    step: Unit = 0.5
    summary: bool = False


class Tally(Strict):
    yes: Annotated[int, Field(ge=0)]
    no: Annotated[int, Field(ge=0)]
    abstain: Annotated[int, Field(ge=0)]


class ExpectedSpec(Strict):
    source: str = Field(min_length=1)
    adopted: bool | None = None
    mode: Literal["consensus", "vote", "none"] | None = None
    tally: Tally | None = None
    tally_tolerance: Annotated[int, Field(ge=0)] = 8
    text: Point | None = None
    text_tolerance: Score = 15.0
    chair_summary: list[str] | None = None
    elected: list[str] | None = None
    votes: dict[str, Annotated[int, Field(ge=0)]] | None = None
    blank: Annotated[int, Field(ge=0)] | None = None
    named_votes: dict[Literal["yes", "abstain", "no"], list[str]] | None = None
