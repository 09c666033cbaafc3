"""The scenario file's schema: what a TOML scenario may contain, checked key by key.

These pydantic models mirror the file one to one and only check shapes, types and ranges;
`sim.scenario` resolves them (profiles, membership, rule) into the frozen `Scenario`.
"""

import datetime
from typing import Annotated, Any, Literal

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
    """Base of every table: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


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


class Attributes(Strict):
    """Delegation attributes a profile may set; unset ones keep the earlier value."""

    position: Point | None = None
    salience: dict[str, Unit] | None = None
    capability: Annotated[float, Field(gt=0.0)] | None = None
    resolve: Unit | None = None
    flexibility: Unit | None = None
    band: Annotated[float, Field(ge=0.0, le=1.0)] | None = None


class Defaults(Attributes):
    """`[defaults]`: attributes for everyone; `calibrated = true` starts from the calibrated
    table (position, salience renormalised over the scenario's issues, band);
    `capability = "assessed"` takes the UN scale of assessments in force on the scenario's
    date (`sim.capability`)."""

    calibrated: bool = False
    capability: Annotated[float, Field(gt=0.0)] | Literal["assessed"] | None = None


class GroupProfile(Attributes):
    name: str


class BlocProfile(Attributes):
    name: str


class DelegationProfile(Attributes):
    iso3: str = Field(min_length=3, max_length=3)


class Members(Strict):
    include: Literal["all"] | list[str] = "all"
    absent: list[str] = []
    sponsors: list[str] = Field(default=[], description="who tabled the text (documented)")


class RuleSpec(BaseModel):
    """The decision rule: its registered name plus that rule's own parameters."""

    model_config = ConfigDict(extra="allow", frozen=True)
    name: str


class ChairSpec(Strict):
    strategy: str = "mediator"
    iso3: str | None = None
    mandate: Score = 25.0
    step: Unit = 0.5
    summary: bool = False


class InstitutionSpec(Strict):
    rule: RuleSpec
    sessions: Annotated[int, Field(ge=1, le=1000)] = 1
    agenda: Annotated[list[str], Field(min_length=1)] | None = None
    chair: ChairSpec = ChairSpec()
    objection_cost: Annotated[float, Field(ge=0.0, le=1.0)] = 0.15
    influence: Unit = 0.1


class NoiseSpec(Strict):
    position: Annotated[float, Field(ge=0.0, le=50.0)] = 0.0
    vote: Annotated[float, Field(ge=0.0, le=1.0)] | Literal["calibrated"] = 0.0


class CandidateSpec(Strict):
    name: str = Field(min_length=1)
    iso3: str = Field(min_length=3, max_length=3)
    position: Point | None = None


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


class ScenarioFile(Strict):
    """A whole scenario file, as written by hand."""

    scenario: Meta
    issue: list[IssueSpec] = Field(min_length=1)
    status_quo: Point
    zero_draft: Point | None = None
    members: Members = Members()
    defaults: Defaults = Defaults()
    group: list[GroupProfile] = []
    bloc: list[BlocProfile] = []
    delegation: list[DelegationProfile] = []
    institution: InstitutionSpec
    noise: NoiseSpec = NoiseSpec()
    candidate: list[CandidateSpec] = []
    expected: ExpectedSpec | None = None


def rule_params(spec: RuleSpec) -> dict[str, Any]:
    """The rule's own parameters (every key of `[institution.rule]` but `name`)."""
    return dict(spec.model_extra or {})
