"""Uncertainty factors, declared once: name, the values it can take, what it does, how it moves
a scenario. Experiment files (`[uncertainties]`), `negsim validate --factor`, their error
messages and the docs' table all read `FACTORS`.

A factor is global (`resolve`), per issue (`salience_<issue>`: one per issue of the scenario)
or per bloc (`resolve_<BLOC>`: one per bloc of `sim/data/blocs.toml`). To add one, register a
`Factor` below.
"""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sim.engine.scenario import Scenario, frozen
from sim.inputs.members import member_states

INF = float("inf")


@dataclass(frozen=True)
class Factor:
    """One declared uncertainty factor. `apply(scenario, value, target)` returns the moved
    scenario; `target` is the issue or bloc of a per-issue or per-bloc factor (else None)."""

    name: str  # as written, e.g. "resolve", "salience_<issue>", "resolve_<BLOC>"
    low: float
    high: float
    help: str
    apply: Callable[[Scenario, float, str | None], Scenario]
    per: str = ""  # "", "issue" or "bloc"

    @property
    def prefix(self) -> str:
        return self.name.split("<")[0]


def _position_shift(s: Scenario, v: float, _=None) -> Scenario:
    shifted = np.where(s.institution.agenda, s.ideal + v, s.ideal)
    return dataclasses.replace(s, ideal=frozen(np.clip(shifted, 0, 100)))


def _scaled(field: str) -> Callable[[Scenario, float, str | None], Scenario]:
    def scale(s: Scenario, v: float, _=None) -> Scenario:
        return dataclasses.replace(s, **{field: frozen(np.clip(getattr(s, field) * v, 0, 1))})

    return scale


def _salience(s: Scenario, v: float, issue: str | None) -> Scenario:
    weights = s.salience.copy()
    weights[:, s.issue_names.index(issue)] *= max(v, 0.0)
    totals = np.maximum(weights.sum(axis=1, keepdims=True), 1e-12)
    return dataclasses.replace(s, salience=frozen(weights / totals))


def _move_status_quo(s: Scenario, points: float, issue: str | None) -> Scenario:
    """The status quo on `issue` moved by `points`; a zero draft that leaves the issue where
    it was (coded at the status quo) moves with it, as its coder would have put it."""
    j = s.issue_names.index(issue)
    status_quo = s.status_quo.copy()
    status_quo[j] = np.clip(status_quo[j] + points, 0.0, 100.0)
    zero_draft = s.zero_draft
    if zero_draft is not None and zero_draft[j] == s.status_quo[j]:
        zero_draft = zero_draft.copy()
        zero_draft[j] = status_quo[j]
        zero_draft = frozen(zero_draft)
    return dataclasses.replace(s, status_quo=frozen(status_quo), zero_draft=zero_draft)


def _scale_bloc(field: str) -> Callable[[Scenario, float, str | None], Scenario]:
    """The `field` (resolve or flexibility) of the bloc's members taking part times the value
    (kept within 0-1)."""

    def scale(s: Scenario, factor: float, bloc: str | None) -> Scenario:
        mask = np.isin(s.delegations, member_states().blocs[bloc].members)
        values = getattr(s, field)
        scaled = np.where(mask, np.clip(values * max(factor, 0.0), 0.0, 1.0), values)
        return dataclasses.replace(s, **{field: frozen(scaled)})

    return scale


def _institution(field: str) -> Callable[[Scenario, float, str | None], Scenario]:
    return lambda s, v, _=None: s.with_institution(**{field: float(np.clip(v, 0, 1))})


# The domain is where a factor means something: a range reaching outside would be clipped at
# the edge, silently piling samples there, so experiments are refused instead.
_DECLARED = (
    Factor("position_noise", 0.0, INF, "standard deviation of every ideal point's jitter "
           "(points)", lambda s, v, _=None: dataclasses.replace(s, position_noise=max(v, 0.0))),
    Factor("position_shift", -100.0, 100.0, "every ideal point moved by so many points on "
           "the agenda's issues", _position_shift),
    Factor("resolve", 0.0, INF, "every delegation's resolve times the value", _scaled("resolve")),
    Factor("flexibility", 0.0, INF, "every delegation's flexibility times the value",
           _scaled("flexibility")),
    Factor("objection_cost", 0.0, 1.0, "the cost of objecting alone", _institution(
        "objection_cost")),
    Factor("influence", 0.0, 1.0, "how far partners pull a position each session",
           _institution("influence")),
    Factor("salience_<issue>", 0.0, INF, "every delegation's weight on the issue times the "
           "value (weights renormalised)", _salience, per="issue"),
    Factor("status_quo_<issue>", -100.0, 100.0, "the hand-coded status quo on the issue moved "
           "by so many points", _move_status_quo, per="issue"),
    Factor("resolve_<BLOC>", 0.0, INF, "the resolve of the bloc's members times the value",
           _scale_bloc("resolve"), per="bloc"),
    Factor("flexibility_<BLOC>", 0.0, INF, "the flexibility of the bloc's members times the "
           "value", _scale_bloc("flexibility"), per="bloc"),
)  # fmt: skip
FACTORS: dict[str, Factor] = {f.name: f for f in _DECLARED}


def find_factor(name: str) -> tuple[Factor, str | None] | None:
    """The declared factor `name` stands for, with its issue or bloc; None if none.

    >>> [(f.name, t) for f, t in map(find_factor, ["resolve", "salience_forum", "resolve_P5"])]
    [('resolve', None), ('salience_<issue>', 'forum'), ('resolve_<BLOC>', 'P5')]
    """
    if name in FACTORS and not FACTORS[name].per:
        return FACTORS[name], None
    for factor in _DECLARED:
        target = name.removeprefix(factor.prefix)
        if not factor.per or target == name or not target:
            continue
        if factor.per == "issue" or target in member_states().blocs:
            return factor, target
    return None


def factor_names() -> str:
    """Every factor as error messages and help list them."""
    return ", ".join(f.name for f in _DECLARED)


def applies(name: str, scenario: Scenario) -> bool:
    """Whether factor `name` is declared and means something in `scenario`."""
    found = find_factor(name)
    return found is not None and (found[0].per != "issue" or found[1] in scenario.issue_names)


def factor_domain(name: str) -> tuple[float, float]:
    """The values factor `name` can take."""
    factor = find_factor(name)[0]
    return factor.low, factor.high


def issue_factor(name: str) -> tuple[str, str] | None:
    """(prefix, issue) of a per-issue factor name, else None.

    >>> issue_factor("status_quo_forum"), issue_factor("resolve")
    (('status_quo_', 'forum'), None)
    """
    found = find_factor(name)
    return (found[0].prefix, found[1]) if found and found[0].per == "issue" else None


def apply_factors(scenario: Scenario, sample: dict[str, float]) -> Scenario:
    """The scenario perturbed by one uncertainty sample."""
    s = scenario
    for name, value in sample.items():
        factor, target = find_factor(name)
        s = factor.apply(s, value, target)
    return s


def factor_table() -> str:
    """The factors as a Markdown table (docs)."""
    rows = ["| factor | values | what it moves |", "|---|---|---|"]
    for f in _DECLARED:
        high = "no upper limit" if f.high == INF else f"{f.high:g}"
        rows.append(f"| `{f.name}` | {f.low:g} to {high} | {f.help} |")
    return "\n".join(rows)
