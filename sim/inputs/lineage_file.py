"""A resolution scenario whose text repeats a recorded roll call: `like = "A/RES/75/240"` (or
`like = "rcid:9149"`) in `[zero_draft]`, in place of the issue points.

Such a file holds `[scenario]` (its `date` is the vote's as-of date), `[zero_draft] like`,
optionally `[members]` (absent states, sponsors) and `[expected]`; positions come from the UN
record (`sim.estimation.lineage`), so issues, status quo, profiles and institution do not apply.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from sim.engine.specs import ExpectedSpec, Meta, Strict
from sim.inputs.errors import InputError, first_repeat, from_validation, read_toml
from sim.inputs.expected import counts_fault, named_votes_fault
from sim.inputs.members import member_states
from sim.inputs.schema import Members

LIKE_KEY = "zero_draft.like"


class LikeDraft(Strict):
    like: str = Field(min_length=1, description='a roll call: "A/RES/75/240" or "rcid:9149"')


class LikeScenarioFile(Strict):
    """A scenario file for a text like a recorded roll call."""

    scenario: Meta
    zero_draft: LikeDraft
    members: Members = Members()
    expected: ExpectedSpec | None = None


@dataclass(frozen=True)
class LikeScenario:
    """A validated like-scenario: who takes part and the roll call its text repeats."""

    path: str
    meta: Meta
    like: str
    delegations: tuple[str, ...]
    present: tuple[bool, ...]
    sponsors: tuple[str, ...]
    expected: ExpectedSpec | None

    @property
    def name(self) -> str:
        """The scenario's name."""
        return self.meta.name


def names_like(raw: dict[str, Any]) -> bool:
    """True if a parsed scenario's `[zero_draft]` names a recorded roll call (`like`)."""
    draft = raw.get("zero_draft")
    return isinstance(draft, dict) and "like" in draft


def read_like_scenario(path: str | Path) -> LikeScenario | None:
    """The like-scenario in `path`, or None if its `[zero_draft]` has no `like`."""
    raw = read_toml(path, "scenario")
    return like_scenario(raw, str(path)) if names_like(raw) else None


def like_scenario(raw: dict[str, Any], source: str) -> LikeScenario:
    """Validate a parsed like-scenario (strict; one-line InputError naming the key)."""
    try:
        spec = LikeScenarioFile.model_validate(raw, strict=True)
    except ValidationError as exc:
        raise from_validation(exc, source) from None
    known = member_states().iso3
    members = known if spec.members.include == "all" else tuple(spec.members.include)
    for key, codes in (
        ("members.include", members),
        ("members.absent", spec.members.absent),
        ("members.sponsors", spec.members.sponsors),
    ):
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise InputError(source, key, f"unknown ISO3 code '{unknown[0]}'")
        twice = first_repeat(codes)
        if twice is not None:
            raise InputError(source, key, f"repeats '{codes[twice]}'")
    if not members:
        raise InputError(source, "members.include", "list at least one member state (or 'all')")
    delegations = tuple(sorted(members))
    absent = set(spec.members.absent)
    for key in ("elected", "votes", "blank"):
        if getattr(spec.expected, key, None) is not None:
            raise InputError(source, f"expected.{key}", "counted in elections only")
    fault = named_votes_fault(spec.expected, set(delegations) - absent) or counts_fault(
        spec.expected, len(delegations)
    )
    if fault is not None:
        raise InputError(source, *fault)
    return LikeScenario(
        source,
        spec.scenario,
        spec.zero_draft.like,
        delegations,
        tuple(c not in absent for c in delegations),
        tuple(spec.members.sponsors),
        spec.expected,
    )
