"""The scenario file's schema: what a TOML scenario may contain, checked key by key.

These pydantic models mirror the file one to one and only check shapes, types and ranges;
`sim.inputs.scenario_file` resolves them (profiles, membership, rule) into the frozen `Scenario`.
"""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sim.engine.specs import (
    ChairSpec,
    ExpectedSpec,
    IssueSpec,
    Meta,
    Point,
    Strict,
    Unit,
)

MAX_CAPABILITY = 1000.0
"""Capability is relative weight; the largest share of the UN scale of assessments is 22
(percent), so 1000 leaves room for any hand-set scale while keeping every sum finite."""
Capability = Annotated[float, Field(gt=0.0, le=MAX_CAPABILITY)]


class Attributes(Strict):
    """Delegation attributes a profile may set; unset ones keep the earlier value."""

    position: Point | None = None
    salience: dict[str, Unit] | None = None
    capability: Capability | None = None
    resolve: Unit | None = None
    flexibility: Unit | None = None
    band: Annotated[float, Field(ge=0.0, le=1.0)] | None = None


class Defaults(Attributes):
    """`[defaults]`: attributes for everyone; `calibrated = true` starts from the calibrated
    table (position, salience renormalised over the scenario's issues, band);
    `capability = "assessed"` takes the UN scale of assessments in force on the scenario's
    date (`sim.inputs.capability`)."""

    calibrated: bool = False
    capability: Capability | Literal["assessed"] | None = None


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
