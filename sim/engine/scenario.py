"""The engine's scenario: frozen arrays, one row per taking-part delegation.

`sim.inputs.scenario_file` builds it from a TOML file; the model reads it and nothing else.
"""

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.engine.preferences import QUADRATIC
from sim.engine.rules import DecisionRule
from sim.engine.specs import ChairSpec, ExpectedSpec, IssueSpec, Meta


@dataclass(frozen=True)
class Institution:
    """The levers: decision rule, sessions (deadline), agenda, chair and procedure costs."""

    rule: DecisionRule
    sessions: int
    agenda: np.ndarray  # bool per issue: negotiable
    chair: ChairSpec
    objection_cost: float
    influence: float


@dataclass(frozen=True)
class Candidate:
    """A candidate in an election: who nominates it and where it stands."""

    name: str
    iso3: str
    position: np.ndarray


@dataclass(frozen=True, eq=False)
class Scenario:
    """A validated scenario: metadata plus one row per taking-part delegation in every array."""

    meta: Meta
    path: str
    issues: tuple[IssueSpec, ...]
    status_quo: np.ndarray
    zero_draft: np.ndarray | None
    delegations: tuple[str, ...]
    groups: tuple[str, ...]
    ideal: np.ndarray
    salience: np.ndarray
    capability: np.ndarray
    resolve: np.ndarray
    flexibility: np.ndarray
    band: np.ndarray
    yes_bias: np.ndarray  # added to the gain in the ballot of a recorded vote (calibrated; else 0)
    present: np.ndarray
    sponsors: np.ndarray  # bool per delegation: tabled the text, so supports and votes yes
    blocs: dict[str, np.ndarray]
    affinity: np.ndarray
    institution: Institution
    position_noise: float
    vote_noise: float
    candidates: tuple[Candidate, ...]
    expected: ExpectedSpec | None
    exponent: float = QUADRATIC  # of every delegation's utility: the calibrated table's, if used
    calibration: str | None = None  # the calibrated table it was resolved with (None: shipped)

    @property
    def name(self) -> str:
        return self.meta.name

    @property
    def issue_names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.issues)

    @property
    def proposal(self) -> np.ndarray | None:
        """The tabled text as it would change things: the zero draft on the agenda, the status
        quo off it (None without a zero draft)."""
        if self.zero_draft is None:
            return None
        return np.where(self.institution.agenda, self.zero_draft, self.status_quo)

    def with_institution(self, **changes: Any) -> "Scenario":
        """A copy with institution levers replaced (`rule=`, `sessions=`, ...)."""
        return dataclasses.replace(
            self, institution=dataclasses.replace(self.institution, **changes)
        )


def restrict(scenario: Scenario, iso3: set[str]) -> Scenario:
    """The scenario with only the delegations in `iso3` taking part (limited membership)."""
    keep = np.array([c in iso3 for c in scenario.delegations])
    rows = np.flatnonzero(keep)
    groups = tuple(scenario.groups[i] for i in rows)
    blocs = {k: frozen(v[rows].copy()) for k, v in scenario.blocs.items()}
    sliced = {
        f: frozen(getattr(scenario, f)[rows].copy())
        for f in (
            "ideal",
            "salience",
            "capability",
            "resolve",
            "flexibility",
            "band",
            "yes_bias",
            "present",
            "sponsors",
        )
    }
    return dataclasses.replace(
        scenario,
        delegations=tuple(scenario.delegations[i] for i in rows),
        groups=groups,
        blocs=blocs,
        affinity=frozen(affinity(groups, list(blocs.values()))),
        **sliced,
    )


def affinity(groups: tuple[str, ...], bloc_masks: list[np.ndarray]) -> np.ndarray:
    """Row-stochastic affinity: one for a shared regional group, one per shared bloc.

    >>> a = affinity(("A", "A", "B"), [np.array([True, False, True])])
    >>> a.round(2).tolist()
    [[0.0, 0.5, 0.5], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0]]
    """
    g = np.asarray(groups)
    weight = (g[:, None] == g[None, :]).astype(float)
    if bloc_masks:
        b = np.stack(bloc_masks, axis=1).astype(float)
        weight += b @ b.T
    np.fill_diagonal(weight, 0.0)
    totals = weight.sum(axis=1, keepdims=True)
    return np.divide(weight, totals, out=np.zeros_like(weight), where=totals > 0)


def frozen(arr: np.ndarray) -> np.ndarray:
    arr.flags.writeable = False
    return arr
